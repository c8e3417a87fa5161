"""The long table of figures (SDMX style) drawn from a published results tree.

One row per published figure: which indicator, for which area (an SPT or "landelijk"), which
breakdown, its value with n and interval, and two SDMX status codes. A figure the disclosure
withheld keeps its row with an empty value and CONF_STATUS A/D/C (never the value); a figure
that could not be computed has OBS_STATUS "M" and CONF_STATUS "F". Each row carries the JSON
pointer of its value in results.json, so anyone can trace it back.
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL = "landelijk"
GRADE_UNIT = "cijfer 1-5"
SHARE_UNIT = "aandeel 0-1"
COUNT_UNIT = "aantal"

# SDMX code lists (CL_OBS_STATUS, CL_CONF_STATUS) with the Dutch labels the schema carries.
OBS_STATUS = {
    "A": "normale waarde",
    "M": "ontbrekend: niet te schatten",
    "O": "ontbrekend: weggelaten (zie conf_status)",
}
CONF_STATUS = {
    "F": "vrij te publiceren",
    "A": "vertrouwelijk: te weinig respondenten (primaire geheimhouding)",
    "D": "vertrouwelijk: secundaire geheimhouding (anders terug te rekenen)",
    "C": "vertrouwelijk",
}
RULE_CODE = {"primair": "A", "secundair": "D"}

INDICATORS = {
    "rapportcijfer": "tevredenheidsscore (1-5; gemiddelde van de stellingen van figuur 2.1)",
    "aandeel_eens": "aandeel (helemaal) eens met de stelling",
    "aandeel_antwoord": "aandeel van de geldige antwoorden met dit antwoord",
    "aandeel_weet_niet": "aandeel 'weet niet' van wie de stelling beantwoordde",
    "aandeel_gekozen": "aandeel dat deze succesfactor of dit knelpunt koos (hoogstens drie), "
    "van wie minstens één keuze maakte",
    "verschil_rapportcijfer_kenmerk": "tevredenheidsscore 'ja' min 'nee' van een kenmerk",
    "respondenten": "geldige respondenten",
    "respons": "respons (respondenten gedeeld door uitgenodigden)",
}


@dataclass(frozen=True)
class Figure:
    """One row of figures.csv; `value` None when withheld or not estimable."""

    indicator: str
    ref_area: str
    time_period: int
    breakdown: str
    value: float | int | None
    n: int | None
    lower: float | None
    upper: float | None
    unit: str
    obs_status: str
    conf_status: str
    pointer: str


def pointer(*parts: object) -> str:
    """JSON pointer (RFC 6901), as results.json's disclosure log writes it."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def withheld_codes(tree: dict) -> dict[str, str]:
    """Pointer prefix of every withheld value -> its CONF_STATUS code (from the log)."""
    codes: dict[str, str] = {}
    for s in (tree.get("disclosure") or {}).get("suppressed") or []:
        code = RULE_CODE.get(str(s.get("rule")), "C")
        fields = s.get("fields") or []
        for f in fields or [""]:
            head = str(f).split(".")[0]
            codes[str(s["path"]) + (pointer(head) if head else "")] = code
    return codes


def conf_code(codes: dict[str, str], at: str) -> str | None:
    """The CONF_STATUS of the value at `at` when the log withholds it, else None."""
    for prefix, code in codes.items():
        if at == prefix or at.startswith(prefix + "/"):
            return code
    return None


class _Rows:
    def __init__(self, tree: dict) -> None:
        self.year = int(tree["parameters"]["year"])
        self.codes = withheld_codes(tree)
        self.rows: list[Figure] = []

    def add(self, indicator, area, breakdown, node, key, unit, n_key="n", ci=None, base=()):
        at = pointer(*base, key)
        value = node.get(key)
        conf = conf_code(self.codes, at) if value is None else None
        n = node.get(n_key) if n_key else None
        lower, upper = (ci or [None, None]) if conf is None else (None, None)
        self.rows.append(
            Figure(
                indicator=indicator,
                ref_area=area,
                time_period=self.year,
                breakdown=breakdown,
                value=value,
                n=None if conf is not None else n,
                lower=lower,
                upper=upper,
                unit=unit,
                obs_status="A" if value is not None else ("O" if conf else "M"),
                conf_status=conf or "F",
                pointer=at,
            )
        )

    def estimate(self, indicator, area, breakdown, node, base, unit):
        self.add(indicator, area, breakdown, node, "estimate", unit, ci=node.get("ci"), base=base)


def figures(tree: dict) -> list[Figure]:
    """Every figure of the published tree the package carries, in a fixed order."""
    r = _Rows(tree)
    resp = tree.get("response") or {}
    r.add("respondenten", NATIONAL, "", resp, "n", COUNT_UNIT, n_key=None, base=("response",))
    r.add("respons", NATIONAL, "", resp, "rate", SHARE_UNIT, base=("response",))
    sat = tree.get("satisfaction") or {}
    base = ("satisfaction", "overall")
    r.estimate("rapportcijfer", NATIONAL, "", sat.get("overall") or {}, base, GRADE_UNIT)
    for spt, node in sorted((sat.get("by_spt") or {}).items()):
        r.estimate("rapportcijfer", spt, "", node, ("satisfaction", "by_spt", spt), GRADE_UNIT)
    for q, item in (tree.get("items") or {}).items():
        _item(r, q, item)
    for q, trait in (tree.get("traits") or {}).items():
        for group in ("ja", "nee"):
            node = trait.get(group) or {}
            r.estimate(
                "rapportcijfer", NATIONAL, f"{q}={group}", node, ("traits", q, group), GRADE_UNIT
            )
        test = trait.get("test") or {}
        r.add(
            "verschil_rapportcijfer_kenmerk",
            NATIONAL,
            q,
            test,
            "difference",
            GRADE_UNIT,
            n_key=None,
            ci=test.get("ci"),
            base=("traits", q, "test"),
        )
    for q, question in (tree.get("choices") or {}).items():
        for column, option in (question.get("options") or {}).items():
            base = ("choices", q, "options", column)
            share = option.get("share") or {}
            r.estimate(
                "aandeel_gekozen", NATIONAL, f"{q}={column}", share, (*base, "share"), SHARE_UNIT
            )
            for spt, node in sorted((option.get("by_spt") or {}).items()):
                path = (*base, "by_spt", spt)
                r.estimate("aandeel_gekozen", spt, f"{q}={column}", node, path, SHARE_UNIT)
    return r.rows


def _item(r: _Rows, q: str, item: dict) -> None:
    """Share agreeing (national, per SPT), the answer distribution and 'weet niet'."""
    r.estimate(
        "aandeel_eens", NATIONAL, q, item.get("agree") or {}, ("items", q, "agree"), SHARE_UNIT
    )
    for spt, node in sorted((item.get("agree_by_spt") or {}).items()):
        r.estimate("aandeel_eens", spt, q, node, ("items", q, "agree_by_spt", spt), SHARE_UNIT)
    _distribution(r, q, NATIONAL, item, ("items", q))
    for spt, node in sorted((item.get("distribution_by_spt") or {}).items()):
        _distribution(r, q, spt, node, ("items", q, "distribution_by_spt", spt))


def _distribution(r: _Rows, q: str, area: str, node: dict, base: tuple) -> None:
    for i, cat in enumerate(node.get("categories") or []):
        r.add(
            "aandeel_antwoord",
            area,
            f"{q}={cat.get('code')}",
            cat,
            "share",
            SHARE_UNIT,
            base=(*base, "categories", i),
        )
    wn = node.get("weet_niet") or {}
    if wn:
        r.add("aandeel_weet_niet", area, q, wn, "share", SHARE_UNIT, base=(*base, "weet_niet"))
