"""One module per `spt-eval` subcommand: parse arguments, call the pipeline, print.

Commands hold no logic of their own: what a run computes and publishes lives in `pipeline`."""
