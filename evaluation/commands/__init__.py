"""One module per `spt-eval` subcommand: argument parsing and wiring of pipeline steps only."""
