"""The annual routine as the steps a person takes: check an export, accept a column mapping,
produce the report, keep the year in the store, verify a report.

Takes the pipeline, the report package, the store and the audit; gives typed outcomes. The CLI
commands print them and the local web page shows them: neither holds any logic of its own.
"""
