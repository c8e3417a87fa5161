"""Stage 1, intake: a survey export in, validated responses out.

Takes an export (CSV, XLSX, SAV) and the codebook and register; gives an `IntakeResult`: valid
responses, item missings, the quarantine with a reason per row, and the counts that reconcile
(rows read = valid + quarantined)."""
