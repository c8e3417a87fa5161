"""Stage 0, the inputs a user edits: codebook, service-point register, settings, labour-market data.

Takes file paths; gives validated Pydantic models (`Codebook`, `Register`, `Settings`, the
labour-market table `RegionData` and the region tile map). Every problem in a file is one Dutch
line naming the file and the field."""
