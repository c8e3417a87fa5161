"""Audit: recompute and compare a report, and the confidential audit workbook.

Takes a report (PDF or folder) and its data; gives a check per input and per figure
(`verify`). The workbook gives every weighted figure as a live Excel formula."""
