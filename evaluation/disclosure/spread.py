"""The variance attack's names: which fields a withheld spread loses, and the method sentence
that must not name a withheld SPT.

Spreads are not linear, but they can be differenced too: with the SPT a stratum, the national
variance is a sum of SPT parts, so the national SE minus the published SPT SEs gives the
withheld SPTs' parts together, and the df, the design effect, trait groups' SEs and the
regression's add equations about them. `spread_check` decides which spreads may stay."""

from __future__ import annotations

SPREAD = "spreiding"
SPREAD_FIELDS = ("se", "ci", "df", "deff", "se_nofpc", "df_nofpc")
ATTACK = "variantie-aanval: gepubliceerde spreidingen naast de gepubliceerde cijfers"


def anonymous_caveats(caveats: list[dict], withheld: set[str], spread_hidden: bool) -> list:
    """The caveat naming the SPTs that carry the national variance: without names (nor how
    many) when it would name a withheld SPT, and gone when the national spread is withheld."""
    out = []
    for c in caveats:
        if c.get("code") == "few_spts_carry_variance":
            if spread_hidden:
                continue
            if set(c.get("spts") or []) & withheld:
                c = {**c, "spts": [], "respondents": {}}
        out.append(c)
    return out
