# Golden values for evaluation/analysis/choices.py (success factors and bottlenecks, "choose at
# most three") on the synthetic monitor waves 2016 and 2017, computed with R `survey`.
#
# Run by hand (never at test time) on a machine with R and r-cran-survey:
#     .venv/bin/python tests/test_choices_golden.py     # exports choices_scored.csv
#     Rscript tests/golden/choices_golden.R              # writes choices_golden.json
# The CSV holds, per valid respondent: year, SPT, invited count (Inf: the demo's counts are
# assumptions, so no fpc) and per option 1 (chosen), 0 (not chosen) or NA (the respondent chose
# nothing: not in the denominator).
#
# As for every share (settings.yaml): a design of the figure's rows (those who answered the
# question) with weights 1 / (K_v n_kv), svydesign(ids=~1, strata=~spt, fpc=~invited), lonely
# PSU "adjust". The share is svymean; its interval svyciprop's logit interval on the
# Satterthwaite effective df (published.R); at 0 or 1 svyciprop's beta (Korn-Graubard) formula
# on Kish's effective n of the figure's weights and the design df. Per SPT: the domain of the
# SPT in that design (one stratum: its df is the domain's degf). The change 2016 -> 2017 as
# trends_golden.R: SE = sqrt(SE1^2 + SE2^2), t on the Welch-Satterthwaite df, two-sided p.

suppressPackageStartupMessages(library(survey))
options(warn = -1)
options(survey.lonely.psu = "adjust")
file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg))) else "."
source(file.path(here, "json17.R"))
source(file.path(here, "published.R"))  # parts(), satterthwaite(), mean_parts()

d <- read.csv(file.path(here, "choices_scored.csv"), stringsAsFactors = FALSE)
d$invited <- as.numeric(d$invited)
options_ <- setdiff(names(d), c("year", "spt", "invited"))
level <- 0.95
alpha <- 1 - level
q <- function(df) qt(1 - alpha / 2, df)

kg_boundary <- function(p, n, df) {  # svyciprop(method = "beta")'s formula with n.eff = n
  n_eff <- n * (qt(alpha / 2, n - 1) / qt(alpha / 2, df))^2
  c(qbeta(alpha / 2, n_eff * p, n_eff * (1 - p) + 1), qbeta(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)))
}
share <- function(f, des) {
  m <- svymean(f, des, influence = TRUE)
  p <- unname(coef(m))
  if (p %in% c(0, 1)) {
    w <- weights(des)[is.finite(des$prob)]
    return(list(estimate = p, se = unname(SE(m)), df = NA, ci = kg_boundary(p, sum(w)^2 / sum(w^2), degf(des))))
  }
  df <- satterthwaite(parts(attr(m, "influence"), des))
  list(estimate = p, se = unname(SE(m)), df = df, ci = logit_ci(p, unname(SE(m)), df),
       r_ci = unname(as.numeric(confint(svyciprop(f, des, method = "logit", df = df)))))
}
# svyciprop's logit interval written out: Wald on qlogis(p) with SE se / (p (1 - p)). svyciprop
# itself fits a glm that stops at a deviance tolerance of 1e-8, which at an effective df near 1
# moves its bounds by up to 1e-5 relative; its own bounds are kept as r_ci (the test holds them
# to 1e-4).
logit_ci <- function(p, se, df) plogis(qlogis(p) + c(-1, 1) * q(df) * se / (p * (1 - p)))
change <- function(a, b) {
  diff <- b$estimate - a$estimate
  se <- sqrt(a$se^2 + b$se^2)
  tdf <- (a$se^2 + b$se^2)^2 / (a$se^4 / a$df + b$se^4 / b$df)
  stat <- diff / se
  list(difference = diff, se = se, df = tdf, statistic = stat, p_value = 2 * pt(-abs(stat), tdf),
       ci = c(diff - qt(0.975, tdf) * se, diff + qt(0.975, tdf) * se),
       mdd = (qt(0.975, tdf) + qt(0.80, tdf)) * se)
}

out <- list()
for (y in c(2016, 2017)) {
  res <- list()
  for (o in options_) {
    x <- d[d$year == y & !is.na(d[[o]]), ]
    n_k <- table(x$spt)
    x$w <- 1 / (length(n_k) * as.numeric(n_k[x$spt]))
    des <- svydesign(ids = ~1, strata = ~spt, weights = ~w, fpc = ~invited, data = x)
    f <- as.formula(paste0("~", o))
    r <- share(f, des)
    r$n <- nrow(x)
    r$by_spt <- list()
    for (k in sort(unique(x$spt))) {
      if (sum(x$spt == k) < 2) next  # one respondent: not estimable, nothing to compare
      sub <- subset(des, spt == k)
      m <- svymean(f, sub)
      p <- unname(coef(m))
      ci <- if (p %in% c(0, 1)) kg_boundary(p, sum(x$spt == k), degf(sub)) else
        logit_ci(p, unname(SE(m)), degf(sub))
      r$by_spt[[k]] <- list(estimate = p, se = unname(SE(m)), ci = ci)
    }
    res[[o]] <- r
  }
  out[[as.character(y)]] <- res
}
out$change <- list()
for (o in options_) out$change[[o]] <- change(out[["2016"]][[o]], out[["2017"]][[o]])
writeLines(to_json(out), file.path(here, "choices_golden.json"))
