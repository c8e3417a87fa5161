"""Stage 3, analysis: validated responses in, every figure of the report out.

Takes an `IntakeResult` with the codebook, register and settings; gives `Results` (the grade
overall and per SPT, statement distributions, table 2.2 traits, the descriptive tables and the
parameters behind them). Nothing is rounded or withheld here."""
