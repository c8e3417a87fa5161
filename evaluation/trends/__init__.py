"""Trends over the waves: each year's `Results` (unsuppressed) and `Published`, the current
settings and the results per SPT in -> `Trends` (grade and share agreeing per year with CIs,
the change since the previous wave with its test and smallest detectable difference), with
every figure withheld that `disclosure.trends` says may not be published."""
