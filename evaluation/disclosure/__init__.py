"""Stage 4, disclosure: the one place that decides what may be published.

Takes `Results`; gives a `Published` result: the same model with every withheld figure removed,
the set of withheld figures and the log of why. Every public output reads it."""
