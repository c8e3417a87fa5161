"""The multi-year store: one SQLite file of waves (validated responses with pseudonymised ids,
weights, problem counts, the wave's Results), results per SPT and the report runs. Paths and
survey runs in -> stored waves; out -> the run of a stored year, its trend waves, an export."""
