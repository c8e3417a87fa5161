"""Stage 1, intake: a survey export in, validated responses out.

Takes an export (CSV, XLSX, SAV; as the codebook names its columns, or as LimeSurvey,
Qualtrics, SurveyMonkey, Microsoft Forms, Google Forms or a survey tool's SPSS file writes it),
the codebook (with mapping.yaml), the register and the intake rules of the settings; gives an
`IntakeResult`: valid responses, item missings, the quarantine with a reason per row, the
excluded test and unfinished responses with theirs, and the counts that reconcile (rows read =
valid + quarantined + excluded)."""
