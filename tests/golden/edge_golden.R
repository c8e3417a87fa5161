# Golden values for the edge cases of issue 11, computed with R `survey` (4.1).
#
# Run by hand (never at test time) on a machine with R, r-cran-survey and r-cran-jsonlite:
#     Rscript tests/golden/edge_golden.R        # reads edge_spt.csv, writes edge_golden.json
# edge_spt.csv (46 synthetic respondents, 8 SPTs) holds: SPT-A where every invitee answered,
# SPT-B with more respondents (7) than invited (5), SPT-C without any grade, SPT-E with one
# respondent, a statement nobody agreed with (agree_none), a trait answered only 'ja'
# (trait_ja), a trait whose 'ja' group lies inside one SPT (trait_one), a term aliased with it
# (trait_dup = 1 - trait_one) and two background margins for raking (bg, sz).
#
# Weights per figure ("fixed": 1 / (K n_k) over every respondent, once; "per_figure":
# 1 / (K_v n_kv) over the respondents with a valid value for that figure). The project's fpc
# rule: an SPT with more respondents than invited gets no fpc (Inf).

suppressPackageStartupMessages(library(survey))
options(warn = -1)
options(survey.lonely.psu = "adjust")
file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg))) else "."
source(file.path(here, "json17.R"))
source(file.path(here, "published.R"))  # parts(), satterthwaite(), grade_est(), diff_df()

d <- read.csv(file.path(here, "edge_spt.csv"), stringsAsFactors = FALSE)
n_k <- table(d$spt)
d$fpc <- ifelse(as.numeric(n_k[d$spt]) > d$invited, Inf, d$invited)
level <- 0.95
alpha <- 1 - level
q <- function(df) qt(1 - alpha / 2, df)

equal_w <- function(ok) {  # 1 / (K_v n_kv) on the rows in ok
  k <- table(d$spt[ok])
  w <- rep(NA_real_, nrow(d))
  w[ok] <- 1 / (length(k) * as.numeric(k[d$spt[ok]]))
  w
}
d$w_fixed <- equal_w(rep(TRUE, nrow(d)))

strat <- function(data, w) svydesign(ids = ~1, strata = ~spt, weights = w, fpc = ~fpc, data = data)
clus <- function(data, w) svydesign(ids = ~spt, weights = w, data = data)

# The design of a figure whose valid rows are `ok`. per_figure: a design of those rows with
# weights 1 / (K_v n_kv) (the mean of SPT means with its stratified SE); fixed: the domain `ok`
# of the design of every respondent (R's na.rm; the strata keep their full number of PSUs).
design_for <- function(ok, weighting, maker) {
  if (weighting == "fixed") return(subset(maker(d, ~w_fixed), ok))
  dd <- d[ok, ]
  dd$w_fig <- equal_w(ok)[ok]
  maker(dd, ~w_fig)
}
est <- function(m, design) {
  e <- unname(coef(m))[1]; se <- unname(SE(m))[1]; df <- degf(design)
  list(estimate = e, se = se, df = df, n = nrow(design), ci = c(e - q(df) * se, e + q(df) * se))
}
kg_boundary <- function(p, n, df) {  # svyciprop(method = "beta")'s formula with n.eff = n
  n_eff <- n * (qt(alpha / 2, n - 1) / qt(alpha / 2, df))^2
  c(qbeta(alpha / 2, n_eff * p, n_eff * (1 - p) + 1), qbeta(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)))
}
prop <- function(var, weighting, method = "logit") {
  ok <- !is.na(d[[var]])
  des <- design_for(ok, weighting, strat)
  p <- svyciprop(as.formula(paste0("~", var)), des, method = method)
  m <- svymean(as.formula(paste0("~", var)), des)
  out <- list(estimate = unname(coef(p)), se = unname(SE(p)), df = degf(des), n = sum(ok),
              ci = unname(as.numeric(confint(p))))
  if (coef(m) %in% c(0, 1)) {
    # At 0 or 1 R gives NaN (beta) or a glm that stops near 0 with a zero-width interval
    # (logit); the project gives the share itself and R's beta formula with n.eff = n.
    out$r_estimate <- out$estimate
    out$r_ci <- if (any(is.na(out$ci))) NULL else out$ci
    out$estimate <- unname(coef(m))
    out$ci <- kg_boundary(out$estimate, sum(ok), degf(des))
    # as published: Kish's effective n of the figure's weights (no parts to weigh: design df)
    w <- weights(des)[is.finite(des$prob)]
    out$published_ci <- kg_boundary(out$estimate, sum(w)^2 / sum(w^2), degf(des))
  } else {
    mp <- mean_parts(as.formula(paste0("~", var)), des)
    pe <- svyciprop(as.formula(paste0("~", var)), des, method = method, df = mp$df)
    ci <- unname(as.numeric(confint(pe)))
    if (method == "beta") {  # svyciprop's beta formula; its df ratio on the effective df too
      pp <- unname(coef(mp$m)); n_eff <- pp * (1 - pp) / unname(SE(mp$m))^2 *
        (qt(alpha / 2, sum(ok) - 1) / qt(alpha / 2, mp$df))^2
      ci <- c(qbeta(alpha / 2, n_eff * pp, n_eff * (1 - pp) + 1),
              qbeta(1 - alpha / 2, n_eff * pp + 1, n_eff * (1 - pp)))
    }
    out$published <- list(estimate = unname(coef(mp$m)), df = mp$df, ci = ci)
  }
  out
}

out <- list()
for (weighting in c("fixed", "per_figure")) {
  g <- list()
  ok <- !is.na(d$grade)
  des <- design_for(ok, weighting, strat)
  g$overall <- est(svymean(~grade, des), des)
  g$mean_of_spt_means <- mean(tapply(d$grade[ok], d$spt[ok], mean))
  g$by_spt <- list()
  for (k in sort(unique(d$spt[ok]))) {
    sub <- subset(des, spt == k)
    g$by_spt[[k]] <- est(svymean(~grade, sub), sub)
  }
  g$agree_some <- prop("agree_some", weighting)
  g$agree_some_beta <- prop("agree_some", weighting, "beta")
  g$agree_none <- prop("agree_none", weighting)
  g$agree_none_beta <- prop("agree_none", weighting, "beta")
  ok_dk <- !is.na(d$dk_some)
  des_dk <- design_for(ok_dk, weighting, strat)
  g$dk_share <- est(svymean(~dk_some, des_dk), des_dk)

  # Traits: one weight set over the rows with a grade and a ja/nee answer; SPT as cluster.
  g$traits <- list()
  for (t in c("trait_ja", "trait_one", "trait_ok")) {
    okt <- !is.na(d$grade) & !is.na(d[[t]])
    dc <- design_for(okt, weighting, clus)
    ds <- design_for(okt, weighting, strat)
    r <- list(n_spt = list())
    for (lev in sort(unique(d[[t]][okt]))) {
      key <- if (lev == 1) "ja" else "nee"
      sub <- subset(dc, dc$variables[[t]] == lev)
      m <- svymean(~grade, sub, influence = TRUE)
      r[[key]] <- est(m, sub)
      r$n_spt[[key]] <- length(unique(d$spt[okt & d[[t]] == lev]))
      # as published: effective df, interval inside 1-5, nothing from a group inside one SPT
      r$published[[key]] <- grade_est(coef(m), SE(m), satterthwaite(parts(attr(m, "influence"),
        sub)), degf(sub), sum(okt & d[[t]] == lev), r$n_spt[[key]])
    }
    if (length(unique(d[[t]][okt])) == 2) {
      f <- as.formula(paste0("grade ~ ", t))
      tt <- svyttest(f, dc); se <- unname(tt$estimate / tt$statistic)
      tt_s <- svyttest(f, ds)
      r$test <- list(difference = unname(tt$estimate), se = se, t = unname(tt$statistic),
                     df = unname(tt$parameter), p_value = unname(tt$p.value),
                     se_stratum = unname(tt_s$estimate / tt_s$statistic),
                     df_stratum = unname(tt_s$parameter),
                     df_effective = diff_df(dc, as.formula(paste0("~", t))),
                     df_stratum_effective = diff_df(ds, as.formula(paste0("~", t))))
    }
    g$traits[[t]] <- r
  }

  # Regression with an aliased term: svyglm drops trait_dup (NA) and fits the rest.
  okr <- !is.na(d$grade) & !is.na(d$trait_ok)
  dr <- design_for(okr, weighting, clus)
  fit <- svyglm(grade ~ trait_ok + trait_one + trait_dup, dr)
  s <- summary(fit)$coefficients
  g$regression <- list(df = fit$df.residual, n = length(fit$residuals),
                       aliased = as.list(names(fit$coefficients)[is.na(fit$coefficients)]), coefficients = list())
  for (name in rownames(s)) {
    g$regression$coefficients[[name]] <- list(estimate = s[name, 1], se = s[name, 2],
                                             t = s[name, 3], p_value = s[name, 4])
  }
  out[[weighting]] <- g
}

# Raking, calibration and trimming on the fixed weights, SPT as stratum and as cluster.
pop_bg <- data.frame(bg = c("a", "b"), Freq = c(40, 33))
pop_sz <- data.frame(sz = c("groot", "klein"), Freq = c(37, 36))
cal_pop <- c(`(Intercept)` = 73, bgb = 33, szklein = 36)
out$calibration <- list()
for (shape in c("stratum", "cluster")) {
  base <- if (shape == "stratum") strat(d, ~w_fixed) else clus(d, ~w_fixed)
  raked <- rake(base, list(~bg, ~sz), list(pop_bg, pop_sz),
                control = list(maxit = 50, epsilon = 1e-7))
  cal <- calibrate(base, ~bg + sz, cal_pop)
  trimmed <- trimWeights(raked, upper = quantile(weights(raked), 0.9))
  r <- list()
  for (name in c("base", "raked", "cal", "trimmed")) {
    des <- list(base = base, raked = raked, cal = cal, trimmed = trimmed)[[name]]
    m <- svymean(~grade, des, na.rm = TRUE)
    tot <- svytotal(~grade, des, na.rm = TRUE)
    a <- svymean(~I(bg == "a"), des)
    tt <- svyttest(grade ~ trait_ok, subset(des, !is.na(trait_ok) & !is.na(grade)))
    by <- svyby(~grade, ~sz, des, svymean, na.rm = TRUE)
    r[[name]] <- list(
      weights = unname(weights(des)),
      mean = list(estimate = unname(coef(m)), se = unname(SE(m)),
                  df = degf(subset(des, !is.na(grade)))),
      total = list(estimate = unname(coef(tot)), se = unname(SE(tot))),
      margin_share_se = unname(SE(a))[2],
      ttest = list(difference = unname(tt$estimate), se = unname(tt$estimate / tt$statistic),
                   df = unname(tt$parameter)),
      by_sz = list(groot = unname(by$se[by$sz == "groot"]), klein = unname(by$se[by$sz == "klein"]))
    )
    if (name != "base") {
      fit <- svyglm(grade ~ trait_ok + bg, subset(des, !is.na(trait_ok) & !is.na(grade)))
      r[[name]]$regression_se <- unname(SE(fit))
      # R's glm stops on NA in the zero-weight rows of a calibrated subset: fill them with 0
      des$variables$agree0 <- ifelse(is.na(d$agree_some), 0, d$agree_some)
      r[[name]]$agree_logit_ci <- unname(as.numeric(confint(
        svyciprop(~agree0, subset(des, !is.na(d$agree_some)), method = "logit"))))
    }
  }
  out$calibration[[shape]] <- r
}

writeLines(to_json(out), file.path(here, "edge_golden.json"))
cat("written", file.path(here, "edge_golden.json"), "\n")
