# Golden values for evaluation/analysis.py on the demo data, computed with R `survey`.
#
# Run by hand (never at test time) on a machine with R, r-cran-survey and r-cran-jsonlite:
#     .venv/bin/python tests/test_analysis_golden.py      # exports analysis_demo_scored.csv
#     Rscript tests/golden/analysis_golden.R               # writes analysis_golden.json
# The CSV holds, per valid demo respondent: SPT, satisfaction grade, weight 1/(K n_k), invited
# count (fpc), the four trait answers (1 ja, 0 nee, NA weet niet/none) and the 0/1 flags
# "(helemaal) eens" per statement. Numbers are written with 17 significant digits.
#
# Designs, as settings.yaml chooses them:
#   grade : svydesign(ids=~1, strata=~spt, weights=~w, fpc=~invited), lonely PSU "adjust"
#           (every demo count is an assumption, so invited is Inf: no fpc)
#   traits: svydesign(ids=~spt, weights=~w)   (the SPT is the cluster)
# Both weightings (weighting.per_figure): "per_figure", a design of each figure's valid rows
# with w = 1 / (K_v n_kv) recomputed here; "fixed", the exported weight 1 / (K n_k) and each
# figure a domain (subset) of the design of every respondent.

suppressPackageStartupMessages(library(survey))
options(warn = -1)
options(survey.lonely.psu = "adjust")
file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg))) else "."

source(file.path(here, "json17.R"))  # to_json(): numbers with 17 digits

d <- read.csv(file.path(here, "analysis_demo_scored.csv"), stringsAsFactors = FALSE)
d$invited <- as.numeric(d$invited)
traits <- c("trekker", "manager", "stuurgroep", "uitvoeringscommissies")
agree <- grep("^agree_", names(d), value = TRUE)

strat <- function(data, w) svydesign(ids = ~1, strata = ~spt, weights = w, fpc = ~invited, data = data)
clus <- function(data, w) svydesign(ids = ~spt, weights = w, data = data)
equal_w <- function(ok) {
  k <- table(d$spt[ok])
  1 / (length(k) * as.numeric(k[d$spt[ok]]))
}
design_for <- function(ok, weighting, maker) {
  if (weighting == "fixed") return(subset(maker(d, ~weight), ok))
  dd <- d[ok, ]
  dd$w_fig <- equal_w(ok)
  maker(dd, ~w_fig)
}
level <- 0.95
q <- function(df) qt(1 - (1 - level) / 2, df)

source(file.path(here, "published.R"))  # parts(), satterthwaite(), grade_est()
est <- function(coef, se, df) {
  list(estimate = unname(coef), se = unname(se), df = df,
       ci = c(unname(coef) - q(df) * unname(se), unname(coef) + q(df) * unname(se)))
}

out <- list()

# Weights recomputed in R: 1 / (K n_k) over all valid respondents.
n_k <- table(d$spt)
out$weights_max_abs_diff <- max(abs(d$weight - 1 / (length(n_k) * as.numeric(n_k[d$spt]))))

figures <- function(weighting) {
  out <- list()
  # Overall grade (na.rm: a domain of the whole design; df of the rows with a grade).
  grade_design <- design_for(!is.na(d$grade), weighting, strat)
  mp <- mean_parts(~grade, grade_design)
  n_grade <- sum(!is.na(d$grade))
  out$overall <- grade_est(coef(mp$m), SE(mp$m), mp$df, degf(grade_design), n_grade,
                           n_grade)

  # Per-SPT domain means: one stratum, so the effective df is the domain's degf.
  by_spt <- svyby(~grade, ~spt, grade_design, svymean)
  out$by_spt <- list()
  for (k in as.character(by_spt$spt)) {
    sub <- subset(grade_design, spt == k)
    r <- by_spt[by_spt$spt == k, ]
    n <- sum(d$spt == k & !is.na(d$grade))
    out$by_spt[[k]] <- grade_est(r$grade, r$se, satterthwaite(parts(
      attr(svymean(~grade, sub, influence = TRUE), "influence"), sub)), degf(sub), n, n)
  }

  # Share "(helemaal) eens": the exact ratio (svymean); the interval svyciprop's logit interval
  # on the effective df (its df argument); at 0 or 1 Korn-Graubard on Kish's effective n.
  out$agree <- list()
  for (a in agree) {
    f <- as.formula(paste0("~", a))
    des <- design_for(!is.na(d[[a]]), weighting, strat)
    mp <- mean_parts(f, des)
    p <- svyciprop(f, des, method = "logit", df = mp$df)
    out$agree[[sub("^agree_", "", a)]] <- list(
      estimate = unname(coef(mp$m)), se = unname(SE(mp$m)), df = mp$df,
      ci = unname(as.numeric(confint(p)))
    )
  }

  # Traits: grade for 'nee' (0) and 'ja' (1) with the SPT as cluster; svyttest (ja minus nee);
  # the same difference with the SPT as stratum for the SE ratio.
  out$traits <- list()
  for (t in traits) {
    f_by <- as.formula(paste0("~", t))
    okt <- !is.na(d$grade) & !is.na(d[[t]])
    trait_design <- design_for(okt, weighting, clus)
    g <- svyby(~grade, f_by, trait_design, svymean)
    groups <- list()
    for (lev in c(0, 1)) {
      r <- g[g[[t]] == lev, ]
      sub <- subset(trait_design, trait_design$variables[[t]] == lev)
      key <- if (lev == 1) "ja" else "nee"
      n <- sum(!is.na(d$grade) & !is.na(d[[t]]) & d[[t]] == lev)
      units <- length(unique(d$spt[okt & d[[t]] == lev]))
      df <- satterthwaite(parts(attr(svymean(~grade, sub, influence = TRUE), "influence"), sub))
      groups[[key]] <- grade_est(r$grade, r$se, df, degf(sub), n, units)
    }
    f_t <- as.formula(paste0("grade ~ ", t))
    tt <- svyttest(f_t, trait_design)
    se <- unname(tt$estimate / tt$statistic)
    strat_design <- design_for(okt, weighting, strat)
    tt_s <- svyttest(f_t, strat_design)
    df_t <- diff_df(trait_design, f_by)
    tstat <- unname(tt$statistic)
    out$traits[[t]] <- list(
      ja = groups$ja, nee = groups$nee,
      test = list(
        difference = unname(tt$estimate), se = se, t = tstat,
        df = df_t, p_value = 2 * pt(-abs(tstat), df_t),
        ci = c(unname(tt$estimate) - q(df_t) * se,
               unname(tt$estimate) + q(df_t) * se),
        mdd = (qt(0.975, df_t) + qt(0.80, df_t)) * se,
        se_stratum = unname(tt_s$estimate / tt_s$statistic),
        df_stratum = diff_df(strat_design, f_by)
      )
    )
  }

  # One regression of the grade on all four traits together (SPT as cluster).
  okr <- !is.na(d$grade) & complete.cases(d[traits])
  fit <- svyglm(as.formula(paste("grade ~", paste(traits, collapse = " + "))),
                design_for(okr, weighting, clus))
  s <- summary(fit)$coefficients
  out$regression <- list(df = fit$df.residual, n = length(fit$residuals), coefficients = list())
  for (name in rownames(s)) {
    out$regression$coefficients[[name]] <- list(
      estimate = s[name, 1], se = s[name, 2], t = s[name, 3], p_value = s[name, 4],
      ci = c(s[name, 1] - q(fit$df.residual) * s[name, 2],
             s[name, 1] + q(fit$df.residual) * s[name, 2])
    )
  }

  out
}
out <- list(weights_max_abs_diff = out$weights_max_abs_diff,
            fixed = figures("fixed"), per_figure = figures("per_figure"))

writeLines(to_json(out), file.path(here, "analysis_golden.json"))
cat("written", file.path(here, "analysis_golden.json"), "\n")
