# A small JSON writer for the golden scripts: jsonlite stops at 15 significant digits, the
# golden values need all 17. Sourced by design_golden.R and analysis_golden.R.

to_json <- function(x, indent = "") {
  inner <- paste0(indent, "  ")
  scalar <- function(v) {
    if (is.null(v) || (length(v) == 1 && is.na(v))) return("null")
    if (is.character(v) || is.factor(v)) return(paste0("\"", gsub("\"", "\\\"", as.character(v)), "\""))
    if (is.logical(v)) return(if (v) "true" else "false")
    if (!is.finite(v)) stop("non-finite number in golden output")
    if (v == round(v) && abs(v) < 1e15) return(sprintf("%.0f", v))
    sprintf("%.17g", v)
  }
  if (is.matrix(x) && length(x) > 1) x <- lapply(seq_len(nrow(x)), function(i) unname(x[i, ]))
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    parts <- vapply(x, to_json, "", indent = inner)
    if (!is.null(names(x))) parts <- paste0(vapply(names(x), scalar, ""), ": ", parts)
    brackets <- if (is.null(names(x))) c("[", "]") else c("{", "}")
    return(paste0(brackets[1], "\n", inner, paste(parts, collapse = paste0(",\n", inner)),
                  "\n", indent, brackets[2]))
  }
  if (length(x) == 1 && is.null(names(x))) return(scalar(x))
  if (!is.null(names(x))) return(to_json(as.list(x), indent))
  paste0("[", paste(vapply(as.list(x), scalar, ""), collapse = ", "), "]")
}
