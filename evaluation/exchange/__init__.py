"""Data exchange: a year's published results (a `Published` results tree, the register and the
results per SPT) in -> a Frictionless Data Package (datapackage.json, CSV per resource, SDMX
status codes for withheld figures) out; and a received package in -> the path of its results
per SPT, for the existing results-per-SPT intake."""
