# Golden values for the change test of evaluation/trends/change.py, computed with R `survey`.
#
# Run by hand (never at test time) on a machine with R, r-cran-survey and r-cran-jsonlite:
#     .venv/bin/python tests/test_trends_golden.py     # exports trends_scored.csv
#     Rscript tests/golden/trends_golden.R              # writes trends_golden.json
# The CSV holds, per valid respondent of the synthetic demo waves 2016 and 2017: year, SPT,
# satisfaction grade, weight 1/(K n_k) within the year, invited count (fpc). As the analysis
# weights per figure (settings weighting.per_figure), the weights are made again here over the
# rows with a grade: K SPTs with a grade, n_k respondents with a grade in SPT k.
#
# Two designs for the grade, each wave its own design (independent samples):
#   stratum_fpc: svydesign(ids=~1, strata=~spt, weights=~weight, fpc=~invited), lonely "adjust"
#   cluster    : svydesign(ids=~spt, weights=~weight)
# The change 2016 -> 2017 is tested without fpc (the SPT's working, not these respondents):
# each year's SE from the design without fpc and its Satterthwaite effective df (published.R);
# difference of the two svymeans, SE = sqrt(SE1^2 + SE2^2), t on the Welch-Satterthwaite df
# (v1 + v2)^2 / (v1^2 / df1 + v2^2 / df2), two-sided p, 95% CI, and the smallest detectable
# difference (qt(0.975) + qt(0.80)) * SE. As a check, stacked_se is R's own svycontrast on
# both waves as one design with strata per year.

suppressPackageStartupMessages(library(survey))
options(warn = -1)
options(survey.lonely.psu = "adjust")
file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg))) else "."
source(file.path(here, "json17.R"))
source(file.path(here, "published.R"))  # parts(), satterthwaite()

d <- read.csv(file.path(here, "trends_scored.csv"), stringsAsFactors = FALSE)
d$invited <- Inf  # a change is tested without fpc
years <- c(2016, 2017)
make <- list(
  stratum_fpc = function(x) svydesign(ids = ~1, strata = ~spt, weights = ~weight, fpc = ~invited, data = x),
  cluster = function(x) svydesign(ids = ~spt, weights = ~weight, data = x)
)
stacked <- list(
  stratum_fpc = function(x) svydesign(ids = ~1, strata = ~interaction(year, spt), weights = ~weight,
                                      fpc = ~invited, data = x),
  cluster = function(x) svydesign(ids = ~interaction(year, spt), strata = ~year, weights = ~weight,
                                  data = x)
)

change <- function(m, s, df) {
  diff <- m[2] - m[1]
  se <- sqrt(s[1]^2 + s[2]^2)
  v <- s^2
  tdf <- if (all(!is.na(df) & df > 0)) sum(v)^2 / sum(v^2 / df) else NA
  stat <- diff / se
  ok <- !is.na(tdf) && tdf >= 1
  list(difference = diff, se = se, df = tdf,
       statistic = stat,
       p_value = if (ok) 2 * pt(-abs(stat), tdf) else NA,
       ci = if (ok) c(diff - qt(0.975, tdf) * se, diff + qt(0.975, tdf) * se) else c(NA, NA),
       mdd = if (ok) (qt(0.975, tdf) + qt(0.80, tdf)) * se else NA)
}

out <- list()
for (name in names(make)) {
  m <- s <- df <- c()
  by <- list()
  for (y in years) {
    x <- d[d$year == y & !is.na(d$grade), ]
    n_k <- table(x$spt)
    x$weight <- 1 / (length(n_k) * as.numeric(n_k[x$spt]))  # per figure: rows with a grade
    des <- make[[name]](x)
    e <- svymean(~grade, des, influence = TRUE)
    m <- c(m, coef(e)); s <- c(s, SE(e))
    df <- c(df, satterthwaite(parts(attr(e, "influence"), des)))
    b <- svyby(~grade, ~spt, des, svymean)
    for (k in c("Noord-Holland", "West-Brabant")) {
      sub <- subset(des, spt == k)
      ek <- svymean(~grade, sub, influence = TRUE)
      units <- length(unique(sub$cluster[is.finite(sub$prob), 1]))
      # one unit (an SPT as its own cluster) gives no SE: not estimable, no df
      dfk <- if (units < 2) NA else satterthwaite(parts(attr(ek, "influence"), sub))
      by[[k]] <- rbind(by[[k]], c(b[b$spt == k, "grade"], b[b$spt == k, "se"], dfk))
    }
  }
  res <- list(overall = change(unname(m), unname(s), df))
  res$by_spt <- lapply(by, function(r) change(r[, 1], r[, 2], r[, 3]))
  g <- d[!is.na(d$grade), ]
  for (y in years) {
    n_k <- table(g$spt[g$year == y])
    g$weight[g$year == y] <- 1 / (length(n_k) * as.numeric(n_k[g$spt[g$year == y]]))
  }
  both <- stacked[[name]](g)
  yb <- svyby(~grade, ~year, both, svymean, covmat = TRUE)
  res$stacked_se <- unname(SE(svycontrast(yb, c(-1, 1))))
  out[[name]] <- res
}
writeLines(to_json(out), file.path(here, "trends_golden.json"))
