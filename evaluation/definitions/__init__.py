"""Survey definitions: the survey tool's own questionnaire file (LimeSurvey .lss, Qualtrics .qsf,
the labels inside an SPSS .sav) -> `SurveyDefinition` (the export columns it makes, their
question texts and answer codes with labels); matched to the codebook by those texts ->
`DefinitionMapping` (each column's codebook target and each answer code's codebook code)."""
