"""Stage 2, the estimation engine: weights and design-based estimates, as R `survey`.

Takes a DataFrame with weights, strata, PSUs and fpc; gives estimates with standard errors,
intervals, degrees of freedom and tests: `design.SurveyDesign` (mean, total, ttest),
`proportion.proportion` (svyciprop), `regression.regress` (svyglm gaussian), and the weights
themselves (`weighting`)."""
