# Golden values for evaluation/disclosure/parts.py (every published spread as a function of the
# cells' means and sums of squares), computed with R `survey` on the demo's scored respondents.
#
# Run by hand (never at test time) on a machine with R, r-cran-survey and r-cran-jsonlite:
#     Rscript tests/golden/parts_golden.R      # reads analysis_demo_scored.csv, writes parts_golden.json
# Beside analysis_golden.json (SEs and df under both weightings, without fpc), this adds what
# that file lacks: design effects (deff = "replace", as the product's V / V_srs) and, with a
# finite population (invited = 2 n_k, so f = 1/2 in every SPT), the SE, the SE without fpc
# and the df of the national grade and share agreeing and of the trait test with the SPT as
# stratum. Weights per figure: 1 / (K n_k) over the figure's valid rows.

suppressPackageStartupMessages(library(survey))
options(warn = -1)
options(survey.lonely.psu = "adjust")
file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
here <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg))) else "."
source(file.path(here, "json17.R"))  # to_json(): numbers with 17 digits
source(file.path(here, "published.R"))  # parts(), satterthwaite()

d <- read.csv(file.path(here, "analysis_demo_scored.csv"), stringsAsFactors = FALSE)
traits <- c("trekker", "manager", "stuurgroep", "uitvoeringscommissies")
n_all <- table(d$spt)
d$half <- 2 * as.numeric(n_all[d$spt])  # invited: twice the SPT's respondents

per_figure <- function(ok, maker) {
  dd <- d[ok, ]
  k <- table(dd$spt)
  dd$w_fig <- 1 / (length(k) * as.numeric(k[dd$spt]))
  maker(dd)
}
strat <- function(fpc) function(dd) {
  if (fpc) svydesign(ids = ~1, strata = ~spt, weights = ~w_fig, fpc = ~half, data = dd)
  else svydesign(ids = ~1, strata = ~spt, weights = ~w_fig, data = dd)
}
clus <- function(dd) svydesign(ids = ~spt, weights = ~w_fig, data = dd)
spread <- function(f, design) {
  m <- svymean(f, design, influence = TRUE, deff = "replace", na.rm = TRUE)
  list(se = unname(SE(m)), deff = unname(deff(m)),
       df = satterthwaite(parts(attr(m, "influence"), design)))
}

out <- list()
for (fpc in c(FALSE, TRUE)) {
  key <- if (fpc) "fpc" else "none"
  o <- list()
  o$overall <- spread(~grade, per_figure(!is.na(d$grade), strat(fpc)))
  o$agree <- list()
  for (a in grep("^agree_", names(d), value = TRUE)) {
    o$agree[[sub("^agree_", "", a)]] <- spread(as.formula(paste0("~", a)),
                                               per_figure(!is.na(d[[a]]), strat(fpc)))
  }
  o$traits <- list()
  for (t in traits) {
    ok <- !is.na(d$grade) & !is.na(d[[t]])
    groups <- list()
    for (lev in c(1, 0)) {
      g <- subset(per_figure(ok, clus), get(t) == lev)
      groups[[if (lev == 1) "ja" else "nee"]] <- spread(~grade, g)
    }
    f_by <- as.formula(paste0("~", t))
    s <- per_figure(ok, strat(fpc))
    tt <- svyttest(as.formula(paste0("grade ~ ", t)), s)
    groups$test <- list(se_stratum = unname(tt$estimate / tt$statistic),
                        df_stratum = diff_df(s, f_by))
    o$traits[[t]] <- groups
  }
  out[[key]] <- o
}
writeLines(to_json(out), file.path(here, "parts_golden.json"))
