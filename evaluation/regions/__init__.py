"""Region benchmark for kwartiermakers: labour-market data in, regions.pdf/xlsx/json out.

Takes the labour-market region table, cluster and rule files, the register and optionally a
published survey result; gives a `Benchmark` with signals, cluster summaries and its outputs."""
