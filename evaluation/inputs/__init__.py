"""Stage 0, the inputs a user edits: codebook, service-point register and settings (YAML).

Takes file paths; gives validated Pydantic models (`Codebook`, `Register`, `Settings`). Every
problem in a file is one Dutch line naming the file and the field."""
