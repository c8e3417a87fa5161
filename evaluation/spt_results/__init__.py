"""Results per SPT (the fixed reporting model): a CSV/XLSX of placements, people trained,
projects, coach FTE and budget per SPT per year in -> `SptResultsIntake` (valid `SptYear`
records, quarantined rows with Dutch reasons, rows read = valid + quarantined)."""
