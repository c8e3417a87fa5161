# Golden values for evaluation/design.py and evaluation/weighting.py, computed with R `survey`.
#
# Run by hand (never at test time) on a machine with R and r-cran-survey, r-cran-jsonlite:
#     Rscript tests/golden/design_golden.R
# It writes the data it uses (design_*.csv) and the values R computes on that same data
# (design_golden.json, weighting_golden.json), numbers with 17 significant digits. R reads every CSV back
# before computing, so Python and R start from identical numbers.

suppressPackageStartupMessages(library(survey))
options(warn = -1)
file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg))) else "."

source(file.path(here, "json17.R"))  # to_json(): numbers with 17 digits

write_data <- function(df, file) {
  write.csv(df, file.path(here, file), row.names = FALSE)
  read.csv(file.path(here, file), stringsAsFactors = FALSE)
}

# ---- data -------------------------------------------------------------------------------
data(api)
cols <- c("stype", "pw", "fpc", "api00", "api99", "enroll", "awards", "acs.k3", "ell",
          "meals", "sch.wide", "comp.imp", "mobility")
strat <- apistrat[, cols]
names(strat) <- sub(".", "_", names(strat), fixed = TRUE)
strat$high <- as.integer(strat$api00 > 875)
strat <- write_data(strat, "design_apistrat.csv")

clus <- apiclus1[, c("dnum", cols)]
names(clus) <- sub(".", "_", names(clus), fixed = TRUE)
clus$top <- as.integer(clus$api00 > 900)
clus <- write_data(clus, "design_apiclus1.csv")

srs <- apisrs[, c("pw", "fpc", "api00", "enroll", "awards", "meals")]
srs <- write_data(srs, "design_apisrs.csv")

# Singleton strata: S2 and S6 have one PSU; S4 has one PSU sampled with certainty (fraction 1).
set.seed(4)
single_psu <- data.frame(
  stratum = c(rep("S1", 7), rep("S2", 3), rep("S3", 4), rep("S4", 2), rep("S5", 8), "S6"),
  psu = c(1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12),
  frac = c(rep(0.3, 7), rep(0.5, 3), rep(0.1, 4), rep(1, 2), rep(0.25, 8), 0.2)
)
n1 <- nrow(single_psu)
single_psu$w <- round(runif(n1, 1, 6), 2)
single_psu$y <- round(rnorm(n1, 10, 3), 2)
single_psu$x <- round(rnorm(n1, 0, 1), 2)
single_psu$g <- c("a", "b")[1 + (seq_len(n1) %% 3 == 0)]
single_psu$y_na <- single_psu$y
single_psu$y_na[c(2, 9, 17, 20)] <- NA
single_psu <- write_data(single_psu, "design_singleton.csv")

# SPT-shaped: the 2015 appendix-1 response per SPT, invited counts as fpc, w = 1/(K n_k).
sizes <- c(4, 8, 1, 2, 7, 5, 10, 6, 3, 1)
invited <- c(6, 11, 4, 4, 10, 8, 15, 8, 5, 4)
trait <- c("ja", "nee", "ja", "nee", "ja", "ja", "nee", "nee", "ja", "nee")
K <- length(sizes)
set.seed(2015)
spt <- data.frame(spt = rep(sprintf("SPT%02d", 1:K), sizes))
k <- rep(1:K, sizes)
spt$invited <- invited[k]
spt$trait <- trait[k]
spt$w <- 1 / (K * sizes[k])
spt$w_sample <- sum(sizes) / (K * sizes[k])
effect <- rnorm(K, 0, 0.35)
spt$y <- round(pmin(5, pmax(1, 2.9 + effect[k] + rnorm(nrow(spt), 0, 0.6))), 2)
spt$x <- round(rnorm(nrow(spt), 40, 10))
spt$y_na <- spt$y
spt$y_na[c(3, 10, 11, 30, 41)] <- NA
spt$rare <- as.integer(seq_len(nrow(spt)) == 22)
spt <- write_data(spt, "design_spt.csv")

# ---- designs and statistics -------------------------------------------------------------
datasets <- list(
  design_apistrat.csv = strat, design_apiclus1.csv = clus, design_apisrs.csv = srs,
  design_singleton.csv = single_psu, design_spt.csv = spt
)

make_design <- function(spec) {
  data <- datasets[[spec$data]]
  f <- function(v) as.formula(paste0("~", v))
  args <- list(ids = if (is.null(spec$psu)) ~1 else f(spec$psu), data = data,
               weights = f(spec$weights), nest = TRUE)
  if (!is.null(spec$strata)) args$strata <- f(spec$strata)
  if (!is.null(spec$fpc)) args$fpc <- f(spec$fpc)
  do.call(svydesign, args)
}

ci_pair <- function(est, se, df) {
  list(ci_normal = est + qnorm(c(0.025, 0.975)) * se, ci_t = est + qt(c(0.025, 0.975), df) * se)
}

one_stat <- function(m, d, rows) {
  est <- coef(m)[[1]]
  se <- SE(m)[[1]]
  df <- degf(d[rows, ])
  c(list(estimate = est, se = se, deff = as.numeric(deff(m))[1], df = df, n = sum(rows)),
    ci_pair(est, se, df))
}

stat_level <- function(fun, d, data, y, by) {
  f <- as.formula(paste0("~", y))
  ok <- !is.na(data[[y]])
  if (is.null(by)) return(one_stat(fun(f, d, na.rm = TRUE, deff = "replace"), d, ok))
  m <- svyby(f, as.formula(paste0("~", by)), d, fun, na.rm = TRUE, deff = "replace")
  levels <- as.character(m[[by]])
  out <- list()
  for (i in seq_along(levels)) {
    rows <- ok & data[[by]] == levels[i]
    est <- coef(m)[[i]]
    se <- SE(m)[[i]]
    df <- degf(d[rows, ])
    out[[levels[i]]] <- c(list(estimate = est, se = se, deff = m[[ncol(m)]][i], df = df,
                               n = sum(rows)), ci_pair(est, se, df))
  }
  out
}

run_case <- function(case) {
  d <- make_design(case$design)
  data <- datasets[[case$design$data]]
  options(survey.lonely.psu = if (is.null(case$design$lonely_psu)) "fail" else case$design$lonely_psu)
  result <- tryCatch({
    switch(case$stat,
      mean = stat_level(svymean, d, data, case$y, case$by),
      total = stat_level(svytotal, d, data, case$y, case$by),
      ttest = {
        tt <- svyttest(as.formula(paste(case$y, "~", case$by)), d)
        list(difference = unname(tt$estimate), se = unname(tt$estimate / tt$statistic),
             t = unname(tt$statistic), df = unname(tt$parameter), p_value = unname(tt$p.value),
             ci = as.numeric(tt$conf.int))
      },
      regress = {
        m <- svyglm(as.formula(case$formula), d)
        s <- summary(m)$coefficients
        ci <- confint(m)
        list(names = rownames(s), estimate = unname(s[, 1]), se = unname(s[, 2]),
             t = unname(s[, 3]), p_value = unname(s[, 4]), df = m$df.residual,
             vcov = unname(vcov(m)), ci_low = unname(ci[, 1]), ci_high = unname(ci[, 2]))
      },
      proportion = {
        one_prop <- function(dd) {
          p <- svyciprop(as.formula(paste0("~", case$y)), dd, method = case$method)
          list(estimate = as.numeric(p), se = sqrt(as.numeric(vcov(p))),
               ci = as.numeric(attr(p, "ci")), df = degf(dd))
        }
        if (is.null(case$by)) one_prop(d) else {
          levels <- sort(unique(data[[case$by]]))
          out <- list()
          for (lev in levels) out[[lev]] <- one_prop(d[data[[case$by]] == lev, ])
          out
        }
      }
    )
  }, error = function(e) list(error = conditionMessage(e)))
  case$expected <- result
  case
}

spec <- function(data, weights, strata = NULL, psu = NULL, fpc = NULL, lonely_psu = "fail") {
  s <- list(data = data, weights = weights, lonely_psu = lonely_psu)
  if (!is.null(strata)) s$strata <- strata
  if (!is.null(psu)) s$psu <- psu
  if (!is.null(fpc)) s$fpc <- fpc
  s
}
case <- function(name, design, stat, y = NULL, by = NULL, formula = NULL, method = NULL) {
  Filter(Negate(is.null), list(name = name, design = design, stat = stat, y = y, by = by,
                               formula = formula, method = method))
}

cases <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x

st <- spec("design_apistrat.csv", "pw", strata = "stype", fpc = "fpc")
add(case("apistrat mean", st, "mean", y = "api00"))
add(case("apistrat total", st, "total", y = "enroll"))
add(case("apistrat mean by awards", st, "mean", y = "api00", by = "awards"))
add(case("apistrat total by awards", st, "total", y = "enroll", by = "awards"))
add(case("apistrat mean missing", st, "mean", y = "acs_k3"))
add(case("apistrat mean missing by awards", st, "mean", y = "acs_k3", by = "awards"))
add(case("apistrat ttest", st, "ttest", y = "api00", by = "awards"))
add(case("apistrat ttest missing", st, "ttest", y = "acs_k3", by = "comp_imp"))
add(case("apistrat regress", st, "regress", formula = "api00 ~ ell + meals + stype"))
add(case("apistrat regress no intercept", st, "regress", formula = "api00 ~ ell + stype - 1"))
add(case("apistrat proportion logit", st, "proportion", y = "high", method = "logit"))
add(case("apistrat proportion beta", st, "proportion", y = "high", method = "beta"))
add(case("apistrat proportion logit by", st, "proportion", y = "high", by = "awards",
         method = "logit"))

cl <- spec("design_apiclus1.csv", "pw", psu = "dnum", fpc = "fpc")
add(case("apiclus1 mean", cl, "mean", y = "api00"))
add(case("apiclus1 total", cl, "total", y = "enroll"))
add(case("apiclus1 mean by stype", cl, "mean", y = "api00", by = "stype"))
add(case("apiclus1 mean missing by awards", cl, "mean", y = "acs_k3", by = "awards"))
add(case("apiclus1 ttest", cl, "ttest", y = "api00", by = "awards"))
add(case("apiclus1 regress", cl, "regress", formula = "api00 ~ ell + mobility + awards"))
add(case("apiclus1 proportion logit", cl, "proportion", y = "top", method = "logit"))
add(case("apiclus1 proportion beta", cl, "proportion", y = "top", method = "beta"))

sr <- spec("design_apisrs.csv", "pw", fpc = "fpc")
add(case("apisrs mean", sr, "mean", y = "api00"))
add(case("apisrs ttest", sr, "ttest", y = "api00", by = "awards"))

for (rule in c("fail", "adjust", "average", "remove", "certainty")) {
  sg <- spec("design_singleton.csv", "w", strata = "stratum", psu = "psu", fpc = "frac",
             lonely_psu = rule)
  add(case(paste("singleton mean", rule), sg, "mean", y = "y"))
  add(case(paste("singleton total", rule), sg, "total", y = "y"))
  add(case(paste("singleton mean by", rule), sg, "mean", y = "y", by = "g"))
  add(case(paste("singleton mean missing by", rule), sg, "mean", y = "y_na", by = "g"))
  add(case(paste("singleton ttest", rule), sg, "ttest", y = "y_na", by = "g"))
  add(case(paste("singleton regress", rule), sg, "regress", formula = "y ~ x + g"))
  sp <- spec("design_spt.csv", "w", strata = "spt", fpc = "invited", lonely_psu = rule)
  add(case(paste("spt stratum mean", rule), sp, "mean", y = "y"))
  add(case(paste("spt stratum ttest", rule), sp, "ttest", y = "y", by = "trait"))
}
sp <- spec("design_spt.csv", "w", strata = "spt", fpc = "invited", lonely_psu = "adjust")
add(case("spt stratum mean by spt", sp, "mean", y = "y", by = "spt"))
add(case("spt stratum mean by trait", sp, "mean", y = "y", by = "trait"))
add(case("spt stratum mean missing by trait", sp, "mean", y = "y_na", by = "trait"))
add(case("spt stratum total", sp, "total", y = "y"))
add(case("spt stratum regress", sp, "regress", formula = "y ~ trait + x"))
add(case("spt stratum proportion logit", sp, "proportion", y = "rare", method = "logit"))
add(case("spt stratum proportion beta", sp, "proportion", y = "rare", method = "beta"))
sc <- spec("design_spt.csv", "w", psu = "spt", lonely_psu = "adjust")
add(case("spt cluster mean", sc, "mean", y = "y"))
add(case("spt cluster mean by trait", sc, "mean", y = "y", by = "trait"))
add(case("spt cluster mean missing by trait", sc, "mean", y = "y_na", by = "trait"))
add(case("spt cluster ttest", sc, "ttest", y = "y", by = "trait"))
add(case("spt cluster regress", sc, "regress", formula = "y ~ trait + x"))
add(case("spt cluster proportion beta", sc, "proportion", y = "rare", method = "beta"))

cases <- lapply(cases, run_case)
writeLines(to_json(cases), file.path(here, "design_golden.json"))

# ---- weighting --------------------------------------------------------------------------
options(survey.lonely.psu = "fail")
dstrat <- make_design(st)
pop_stype <- as.data.frame(table(stype = apipop$stype))
pop_awards <- as.data.frame(table(awards = apipop$awards))
control <- list(maxit = 50, epsilon = 1e-7)
raked <- rake(dstrat, list(~stype, ~awards), list(pop_stype, pop_awards), control = control)
# a start far from the margins: equal weights 1 (SRS of the 200 schools)
d1 <- svydesign(ids = ~1, weights = ~I(rep(1, nrow(strat))), data = strat)
raked_equal <- rake(d1, list(~stype, ~awards), list(pop_stype, pop_awards), control = control)
dspt <- svydesign(ids = ~1, weights = ~w_sample, data = spt)
weighting <- list(
  rake = list(
    data = "design_apistrat.csv", weights = "pw",
    margins = list(stype = setNames(as.list(pop_stype$Freq), as.character(pop_stype$stype)),
                   awards = setNames(as.list(pop_awards$Freq), as.character(pop_awards$awards))),
    tol = control$epsilon, max_iter = control$maxit,
    expected = unname(weights(raked)),
    expected_from_equal = unname(weights(raked_equal))
  ),
  trim = list(
    data = "design_spt.csv", weights = "w_sample", lower = 0.6, upper = 3,
    expected = unname(weights(trimWeights(dspt, lower = 0.6, upper = 3))),
    expected_strict = unname(weights(trimWeights(dspt, lower = 0.6, upper = 3, strict = TRUE)))
  )
)
writeLines(to_json(weighting), file.path(here, "weighting_golden.json"))
cat("wrote", length(cases), "design cases\n")
