"""Stage 5, reports: the published result in, PDFs and workbooks out.

Takes a `Published` result (and the run record); gives the annual report, the SPT cards and
tables.xlsx. Views here decide only how a figure looks, never whether it may be shown."""
