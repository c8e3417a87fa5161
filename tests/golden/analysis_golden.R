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
  m <- svymean(~grade, grade_design)
  out$overall <- est(coef(m), SE(m), degf(grade_design))
  out$overall$n <- sum(!is.na(d$grade))

  # Per-SPT domain means.
  by_spt <- svyby(~grade, ~spt, grade_design, svymean)
  out$by_spt <- list()
  for (k in as.character(by_spt$spt)) {
    sub <- subset(grade_design, spt == k)
    r <- by_spt[by_spt$spt == k, ]
    out$by_spt[[k]] <- est(r$grade, r$se, degf(sub))
    out$by_spt[[k]]$n <- sum(d$spt == k & !is.na(d$grade))
  }

  # Share "(helemaal) eens" per statement: svyciprop logit on the grade design.
  out$agree <- list()
  for (a in agree) {
    f <- as.formula(paste0("~", a))
    p <- svyciprop(f, design_for(!is.na(d[[a]]), weighting, strat), method = "logit")
    out$agree[[sub("^agree_", "", a)]] <- list(
      estimate = unname(coef(p)), se = unname(SE(p)), ci = unname(as.numeric(confint(p)))
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
      groups[[key]] <- est(r$grade, r$se, degf(sub))
      groups[[key]]$n <- sum(!is.na(d$grade) & !is.na(d[[t]]) & d[[t]] == lev)
    }
    f_t <- as.formula(paste0("grade ~ ", t))
    tt <- svyttest(f_t, trait_design)
    se <- unname(tt$estimate / tt$statistic)
    tt_s <- svyttest(f_t, design_for(okt, weighting, strat))
    out$traits[[t]] <- list(
      ja = groups$ja, nee = groups$nee,
      test = list(
        difference = unname(tt$estimate), se = se, t = unname(tt$statistic),
        df = unname(tt$parameter), p_value = unname(tt$p.value),
        ci = c(unname(tt$estimate) - q(tt$parameter) * se,
               unname(tt$estimate) + q(tt$parameter) * se),
        mdd = (qt(0.975, tt$parameter) + qt(0.80, tt$parameter)) * se,
        se_stratum = unname(tt_s$estimate / tt_s$statistic),
        df_stratum = unname(tt_s$parameter)
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
