# The project's published rules (docs/method.md) in R, sourced by analysis_golden.R and
# edge_golden.R. `q(df)` (the two-sided t quantile) comes from the sourcing script.
# From survey's own variance pieces:
# parts(): each stratum's part of the variance, svyrecvar on the influence values of that
# stratum alone (R 4.1's onestrat centres a lonely PSU at zero under "adjust", so the parts sum
# to the variance), and its df = PSUs with a row in the estimate - 1 (at least 1).
# satterthwaite(): (sum v)^2 / sum(v^2 / df) over the strata with a part.
parts <- function(infl, design) {
  infl <- as.numeric(infl)
  strata <- design$strata[, 1]
  used <- is.finite(design$prob)  # the rows of the estimate (a subset leaves the others at Inf)
  sapply(unique(strata), function(h) {
    x <- matrix(infl * (strata == h), ncol = 1)
    v <- as.numeric(svyrecvar(x, design$cluster, design$strata, design$fpc,
                              postStrata = design$postStrata))
    psus <- length(unique(design$cluster[used & strata == h, 1]))
    c(v = v, df = max(psus - 1, 1))
  })
}
satterthwaite <- function(p) {
  v <- p["v", ]; keep <- v > 1e-20 * sum(v)
  if (!any(keep)) return(NA)
  sum(v)^2 / sum(v[keep]^2 / p["df", keep])
}
mean_parts <- function(f, design) {
  m <- svymean(f, design, influence = TRUE, na.rm = TRUE)
  list(m = m, df = satterthwaite(parts(attr(m, "influence"), design)))
}
# A grade's interval: Wald on the logit of (g - 1) / 4 with the delta-method SE, mapped back.
grade_est <- function(coef, se, df, df_design, n, units) {
  coef <- unname(coef); se <- unname(se)
  if (units < 2 || (!is.na(df) && df < 1))
    return(list(estimate = coef, se = NA, df = NA, df_design = df_design, n = n,
                ci = list(NA, NA)))
  p <- (coef - 1) / 4
  sl <- se / (4 * p * (1 - p))
  list(estimate = coef, se = se, df = df, df_design = df_design, n = n,
       ci = 1 + 4 * plogis(qlogis(p) + c(-1, 1) * q(df) * sl))
}
# A difference of two group means (svyttest's): the parts of svyby's influence values of the
# two means, second minus first; df one less, as svyttest's degf - 1.
diff_df <- function(design, f_by) {
  b <- svyby(~grade, f_by, design, svymean, influence = TRUE)
  infl <- attr(b, "influence")
  satterthwaite(parts(infl[, 2] - infl[, 1], design)) - 1
}
