"""A user's table as read. Takes what a reader of a CSV, .xlsx or SPSS .sav file found; gives a
`RawTable`: per column the distinct raw texts and a per-row index, the row count and, per row, a
`RowFault` found while reading."""
