"""Every Dutch sentence that states a method rule: results.json's rules, the PDF's method page
and the docs read them from here, so the method is worded once."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from evaluation.disclosure.rules import rule_text
from evaluation.dutch import number
from evaluation.inputs.settings import Settings
from evaluation.results import Caveat

DIRECTION = "ja min nee"

SPT_TYPE_RULE = (
    "Type SPT (bijlage 2) uit het register: een eigen rechtsvorm -> 'SPT voert uit'; anders "
    "mate van activiteit 2 (uitvoerende werkzaamheden) of een arbeidsmarktcoach -> 'stuurgroep "
    "laat derden uitvoeren'; anders 'netwerkorganisatie'."
)

ORG_RULE = (
    "Een organisatie telt bij een SPT als actief betrokken wanneer minstens één respondent van "
    "dat SPT haar actief betrokken noemt; anders als op de achtergrond wanneer minstens één "
    "respondent haar op de achtergrond noemt. Respondenten kennen niet altijd alle partners, "
    "daarom telt één vermelding ('iemand noemt haar'), niet een meerderheid."
)

FPC_RULE = (
    "populatie per stratum = aantal uitgenodigden uit het register; onbekend, in het register "
    "als aanname gemarkeerd of kleiner dan het aantal respondenten: geen "
    "eindige-populatiecorrectie voor dat SPT"
)

DF_RULE = (
    "Vrijheidsgraden (hoe minder, hoe breder het interval), voor cijfers en aandelen dezelfde "
    "regel: de effectieve vrijheidsgraden (Satterthwaite) van het gemiddelde over de SPT's, "
    "(Σ v_h)² / Σ (v_h² / df_h), met v_h de bijdrage van SPT h aan de variantie en df_h zijn "
    "aantal eenheden min 1 (minstens 1). Met één SPT of met SPT's als cluster is dat het aantal "
    "eenheden met een geldige waarde min 1. Berust de spreiding op één eenheid of op minder "
    "dan één vrijheidsgraad, dan staat er: niet te schatten."
)

BOUNDARY_RULE = (
    "Is een aandeel precies 0% of 100%, dan het interval van Korn en Graubard (als svyciprop "
    "met method = 'beta' in R survey), met als effectieve n die van Kish: (Σw)²/Σw²."
)

REGRESSION_RULE = (
    "Lineaire regressie met ontwerpgebaseerde standaardfouten (SPT als cluster); alleen "
    "respondenten met een cijfer en een ja/nee-antwoord op elk kenmerk. Coëfficiënt = "
    "verschil ja min nee bij gelijke andere kenmerken."
)

LONELY_PSU = {
    "adjust": (
        "zo'n servicepunt draagt aan de onzekerheid bij met de afstand van zijn gemiddelde tot "
        "het landelijke gemiddelde (als survey.lonely.psu = 'adjust' in R survey). Zo valt het "
        "niet weg en wordt de onzekerheid niet onderschat."
    ),
    "average": (
        "zo'n servicepunt krijgt de gemiddelde variantiebijdrage van de andere servicepunten "
        "(als survey.lonely.psu = 'average' in R survey)."
    ),
    "remove": (
        "zo'n servicepunt draagt niets bij aan de onzekerheid (als survey.lonely.psu = 'remove' "
        "in R survey); de onzekerheid kan daardoor iets te klein uitvallen."
    ),
    "certainty": (
        "zo'n servicepunt geldt als volledig waargenomen en draagt niets bij aan de onzekerheid "
        "(als survey.lonely.psu = 'certainty' in R survey)."
    ),
    "fail": "de berekening stopt bij zo'n servicepunt (de standaard van R survey).",
}

HEADINGS = {
    "weging": "Weging per servicepunt",
    "ontwerp": "Steekproefontwerp: twee bewuste keuzes",
    "cijfer": "Tevredenheidsscore",
    "onzekerheid": "Onzekerheid",
    "stellingen": "Stellingen en tabellen",
    "afronding": "Afronding",
    "kleine_aantallen": "Kleine aantallen",
}

LABELS = {
    "grade": "Landelijk cijfer en cijfer per SPT",
    "traits": "Vergelijking naar inrichtingskenmerk (tabel 2.2)",
    "lonely": "Servicepunt met één respondent",
}

DESIGN_NAMES = {
    "grade": "het landelijke cijfer en het cijfer per SPT",
    "traits": "de vergelijking naar inrichtingskenmerk",
}


def consensus_rule_text(share: float) -> str:
    """The majority rule behind tables 1.4, 1.7 and 1.8."""
    pct = f"{share * 100:g}".replace(".", ",")
    return (
        f"Per SPT geldt een antwoord als het beeld van het SPT wanneer meer dan {pct}% van de "
        "respondenten van dat SPT het geeft; anders is er geen eenduidig beeld. Eén respondent "
        "is dus altijd eenduidig, twee respondenten die verschillen niet."
    )


def rule_texts(settings: Settings) -> dict[str, str]:
    """`Parameters.rules`: every derivation rule of a run, keyed by topic."""
    t = number(settings.band.threshold, 1)
    return {
        "gewichten": weighting_text(settings.weighting.per_figure),
        "cijfer": (
            "Cijfer per respondent: gemiddelde van de geldige stellingen van figuur 2.1 "
            "(1 = helemaal mee oneens ... 5 = helemaal mee eens; 'de werking moet beter' "
            "omgekeerd: 6 - x), met minstens het minimum aantal geldige stellingen uit het "
            "codeboek."
        ),
        "band": (
            f"Per SPT: 'beneden gemiddeld' bij minstens {t} onder het gewogen totaalcijfer, "
            f"'boven gemiddeld' bij minstens {t} erboven, anders 'gemiddeld' (onafgeronde "
            f"cijfers); geen indeling voor een SPT met minder dan {settings.min_n} respondenten "
            "met een cijfer."
        ),
        "betrouwbaarheidsinterval": (
            f"{number(settings.confidence * 100, 0)}%-interval op de "
            + (
                "t-verdeling met de effectieve vrijheidsgraden"
                if settings.ci_distribution == "t"
                else "normale verdeling"
            )
            + "; voor een tevredenheidsscore op de logit-schaal van (cijfer − 1)/4, zodat het "
            "interval binnen 1 tot 5 blijft; voor aandelen het logit-interval (als svyciprop in "
            "R survey), met het exacte gewogen aandeel als schatting. "
            + DF_RULE
            + " "
            + BOUNDARY_RULE
        ),
        "stellingen": (
            "Per stelling het gewogen percentage per antwoord van wie een geldig antwoord gaf, "
            "elk SPT even zwaar; 'weet niet' apart, als aandeel van iedereen die de stelling "
            "beantwoordde (ook elk SPT even zwaar), en niet in de noemer. '(Helemaal) eens' = "
            "de twee hoogste antwoorden; in de verdeling precies het aandeel eens. Effectieve "
            "n = (Σw)²/Σw² (Kish)."
        ),
        "kenmerken": (
            "Kenmerken (tabel 2.2) per respondent: ja of nee, 'weet niet' telt niet mee. Het "
            "kenmerk hoort bij het SPT, dus het SPT is een cluster: respondenten van één SPT "
            f"zijn niet onafhankelijk. Verschil = {DIRECTION}, toets als svyttest in R survey."
        ),
        "kleinste_aantoonbare_verschil": (
            "Kleinste aantoonbare verschil = (t(1 - α/2; df) + t(1 - β; df)) × standaardfout "
            f"van het verschil, met α = {number(settings.mdd.alpha, 2)} (tweezijdig) en een kans "
            f"van 1 - β = {number(settings.mdd.power, 2)} om een verschil van die grootte te "
            "vinden (onderscheidend vermogen); df = effectieve vrijheidsgraden. Kleinere "
            "verschillen kan deze enquête niet betrouwbaar aantonen."
        ),
        "consensus": consensus_rule_text(settings.consensus.share),
        "organisaties": ORG_RULE,
        "type_spt": SPT_TYPE_RULE,
        "verdeling": (
            "Tabellen 1.5 en 1.6: gemiddelde verdeling per SPT, daarna het gemiddelde over de "
            "SPT's met gegevens (elk SPT even zwaar)."
        ),
        "afronding": (
            f"Getoonde getallen worden half naar boven afgerond op {settings.rounding.decimals} "
            "decimaal (percentages op hele procenten); de resultaten zelf zijn onafgerond."
        ),
        "onderdrukking": (
            f"De resultaten zelf onderdrukken niets; bij publicatie wordt een cel met minder dan "
            f"{settings.min_n} respondenten niet getoond (x)."
        ),
    }


def weighting_text(per_figure: bool) -> str:
    """The weighting rule: per figure (the 2015 method) or once over every respondent."""
    if per_figure:
        return (
            "Gewogen naar SPT, per cijfer: w = 1/(K·n_k), met n_k de respondenten van SPT k met "
            "een geldige waarde voor dat cijfer en K het aantal SPT's met zo'n respondent. Zo "
            "telt elk SPT even zwaar, ook als een deel van zijn respondenten een vraag oversloeg "
            "(voetnoot 4 van het rapport van 2015): het landelijke cijfer is het gemiddelde van "
            "de SPT-gemiddelden. Geldig is voor 'weet niet' iedereen die de stelling "
            "beantwoordde, voor de verdeling van een stelling, het aandeel eens en het cijfer "
            "een geldige score, voor een kenmerk een cijfer en een antwoord ja of nee."
        )
    return (
        "Gewogen naar SPT: w = 1/(K·n_k), met n_k alle geldige respondenten van SPT k en K "
        "het aantal SPT's met respondenten, één keer berekend. Ontbreekt een antwoord, dan "
        "tellen de andere respondenten met hun gewicht (domeinschatting, als na.rm in R "
        "survey); elk SPT telt dan precies even zwaar zolang niemand in dat SPT ontbreekt."
    )


def untestable_reason(n_ja: int, n_nee: int, spt_ja: int, spt_nee: int, clusters: bool) -> str:
    """Why a trait comparison cannot be tested ('' when it can): an empty group, or with the
    SPT as cluster a group inside a single SPT."""
    if n_ja == 0 or n_nee == 0:
        given = "nee" if n_ja == 0 else "ja"
        return f"iedereen met een cijfer die de vraag beantwoordde, antwoordde '{given}'"
    if clusters:
        small = [g for g, k in (("ja", spt_ja), ("nee", spt_nee)) if k < 2]
        if small:
            # never which group, nor that it is one SPT: with the group's n that would point at
            # the SPT whose figures are withheld
            return "met het SPT als cluster zijn in beide groepen minstens twee SPT's nodig"
    return ""


def lonely_psu_text(rule: str) -> str:
    """What a lonely-PSU rule does to a service point with one respondent."""
    return LONELY_PSU.get(rule, rule)


def design_description(choice: Mapping[str, Any]) -> str:
    """A design choice in the settings' own names (results.json's `description`)."""
    parts = []
    if choice.get("strata"):
        parts.append(f"{choice['strata']} als stratum")
    if choice.get("psu"):
        parts.append(f"{choice['psu']} als cluster (PSU)")
    if not parts:
        parts.append("respondenten als onafhankelijke eenheden")
    if choice.get("fpc"):
        parts.append(f"eindige-populatiecorrectie uit {choice['fpc']}")
    parts.append(f"lonely PSU '{choice.get('lonely_psu')}'")
    return "; ".join(parts)


def design_text(choice: Mapping[str, Any]) -> str:
    """A design choice in plain Dutch, for the method page."""
    parts = []
    if choice.get("strata"):
        parts.append("het SPT is een stratum: elk SPT is apart waargenomen")
    if choice.get("psu"):
        parts.append(
            "het SPT is een cluster: respondenten van één SPT tellen samen als één eenheid"
        )
    if not parts:
        parts.append("respondenten tellen als onafhankelijke waarnemingen")
    if choice.get("fpc"):
        parts.append("met eindige-populatiecorrectie op het aantal uitgenodigden per SPT")
    return "; ".join(parts)


def rounding_text(decimals: int) -> str:
    """The one rounding rule of the report and workbook, with two worked examples."""
    step = Decimal(1).scaleb(-decimals)
    # a 5 after the last shown digit, inside the 1-5 scale: 3,45 and 2,25 (1 decimal), 3,045 (2)
    halves = [w + (last * step if decimals else 0) + step / 2 for w, last in ((3, 4), (2, 2))]
    (x, x_up), (y, y_up) = (
        (number(float(v), decimals + 1), number(float(v), decimals)) for v in halves
    )
    return (
        "Eén afrondingsregel voor dit rapport en de werkmap tables.xlsx: half naar boven (van "
        f"nul af), op {decimals} decimaal voor cijfers en op hele procenten voor percentages. "
        f"{x} wordt dus {x_up} en {y} wordt {y_up}. Er wordt alleen bij het tonen afgerond; "
        "berekeningen gebruiken de onafgeronde waarden. Een verdeling naast een totaal van 100% "
        "telt op tot 100 (methode van de grootste resten); een verandering is het verschil van "
        "de afgeronde cijfers zoals ze er staan, of staat met één decimaal meer."
    )


def _names(names: list[str]) -> str:
    return "".join(names) if len(names) < 2 else ", ".join(names[:-1]) + " en " + names[-1]


def lonely_grade_text(strata: list[str], single: list[str]) -> str:
    """Which SPTs the lonely rule concerned: those with one respondent (their own figures are
    not estimable) and those lonely only where one respondent answered a figure."""
    out, one = [], len(single) == 1
    if single:
        which = "heeft één servicepunt" if one else f"hebben {len(single)} servicepunten"
        own = f"{'zijn' if one else 'hun'} eigen cijfers zijn niet te schatten"
        out.append(f"Dit jaar {which} één respondent: {_names(single)}; {own}.")
    rest = [k for k in strata if k not in single]
    if rest:
        out.append(
            f"Bij enkele cijfers geldt de regel ook voor {_names(rest)}: daar gaf maar één "
            "respondent een geldig antwoord."
        )
    return " ".join(out)


def caveat_text(c: Caveat) -> str:
    """One caveat of a run as a Dutch sentence (the fact is data in `Results.caveats`)."""
    if c.code == "lonely_stratum":
        count = "één servicepunt" if len(c.strata) == 1 else f"{len(c.strata)} servicepunten"
        if c.design == "grade":  # printed in the bullet that states the grade design's rule
            return lonely_grade_text(c.strata, c.single_respondent)
        return (
            f"Bij {DESIGN_NAMES[c.design]} geldt de regel '{c.rule}' dit jaar voor {count}: "
            f"{_names(c.strata)}."
        )
    if c.code == "few_spts_carry_variance":  # no names (nor how many) if one is withheld
        one, names = len(c.spts) == 1, [f"{k} (n = {c.respondents[k]})" for k in c.spts]
        few = "één servicepunt" if one else "een handvol servicepunten"
        verb = "levert" if one else "leveren samen"
        who = f"{few}: {_names(names)} {verb} meer dan de helft van de onzekerheid,"
        return (
            f"Het landelijke interval rust vooral op {who if c.spts else 'een paar servicepunten,'}"
            " omdat elk servicepunt even zwaar telt. Daarom is het interval breder dan het aantal "
            "respondenten doet verwachten."
        )
    if c.code == "invited_assumed":
        return "Het aantal uitgenodigden per SPT is deels een aanname uit het register."
    if c.code == "response_rate_assumed":
        return (
            "Het aantal uitgenodigden per SPT is een aanname uit het register (alleen het totaal "
            "is bekend); de respons per SPT is daarom indicatief."
        )
    if c.code == "no_fpc":
        parts = []
        if c.unknown:
            parts.append(f"het aantal uitgenodigden is onbekend voor {_names(c.unknown)}")
        if c.assumed:
            parts.append(
                f"het aantal uitgenodigden is in het register een aanname voor {_names(c.assumed)}"
            )
        if c.below_respondents:
            told = [
                f"{k} ({c.counts[k]['respondents']} respondenten, {c.counts[k]['invited']} "
                "uitgenodigden)"
                if k in c.counts
                else k
                for k in c.below_respondents
            ]
            parts.append(
                "registerprobleem: meer respondenten dan uitgenodigden volgens het register "
                f"bij {_names(told)}"
            )
        joined = "; ".join(parts)
        return f"{joined[0].upper()}{joined[1:]}: daar geldt geen eindige-populatiecorrectie."
    if c.code == "design_choice_dropped":
        return (
            f"De gekozen eindige-populatiecorrectie voor {DESIGN_NAMES[c.design]} vervalt: "
            "van geen enkel SPT is een bruikbaar aantal uitgenodigden bekend (een aantal dat in "
            "het register een aanname is, telt niet als bekend)."
        )
    if c.code == "trait_not_testable":
        return f"Tabel 2.2, '{c.label}': {c.reason}."
    if c.code == "regression_caveat":
        if c.reason is not None:
            return f"niet te schatten: {c.reason}"
        if not c.aliased:
            return REGRESSION_RULE
        return (
            f"{REGRESSION_RULE} Niet geschat, want gelijk aan een combinatie van de andere "
            f"termen (als svyglm in R survey): {_names(c.aliased)}."
        )
    if c.code == "census_stratum":
        which = "dat SPT" if len(c.spts) == 1 else "die SPT's"
        return (
            f"In {_names(c.spts)} antwoordden alle uitgenodigden: het cijfer van {which} heeft "
            "geen steekproefonzekerheid (standaardfout 0), mits het aantal uitgenodigden klopt."
        )
    if c.code == "boundary_share":
        return (
            f"Aandelen eens van precies 0% of 100% (landelijk of per SPT, bij {_names(c.shares)}) "
            "krijgen het interval van Korn en Graubard."
        )
    raise ValueError(f"no text for caveat code {c.code!r}")


def method_page(p: Mapping[str, Any], min_n: int) -> dict[str, Any]:
    """The method page's rule texts from a run's parameters (as stored in results.json)."""
    return {
        "headings": HEADINGS,
        "labels": LABELS,
        "rules": p["rules"],
        "design_grade": design_text(p["design_grade"]),
        "design_traits": design_text(p["design_traits"]),
        "lonely": lonely_psu_text(p["lonely_psu"]),
        "type_spt": p["rules"]["type_spt"].replace(" -> ", " → "),
        "rounding": rounding_text(p["rounding"]["decimals"]),
        "disclosure": rule_text(min_n),
    }


def method_sections(settings: Settings) -> list[tuple[str, str]]:
    """The method as (heading, text) sections, paragraphs split by a blank line: the method
    page's rule sentences without a run's own figures and caveats."""
    grade, traits = settings.design.grade, settings.design.traits
    m = method_page(
        {
            "rules": rule_texts(settings),
            "design_grade": grade.model_dump(),
            "design_traits": traits.model_dump(),
            "lonely_psu": grade.lonely_psu,
            "rounding": settings.rounding.model_dump(),
        },
        settings.min_n,
    )
    r, h, lab = m["rules"], m["headings"], m["labels"]
    design = [
        f"{lab['grade']}: {m['design_grade']}.",
        f"{lab['traits']}: {m['design_traits']}. {r['kenmerken']}",
        f"{lab['lonely']} (regel '{grade.lonely_psu}'): {m['lonely']}",
    ]
    return [
        (h["weging"], r["gewichten"]),
        (h["ontwerp"], "\n\n".join(design)),
        (h["cijfer"], f"{r['cijfer']}\n\n{r['band']}"),
        (h["onzekerheid"], f"{r['betrouwbaarheidsinterval']} {r['kleinste_aantoonbare_verschil']}"),
        (
            h["stellingen"],
            "\n\n".join(
                [
                    r["stellingen"],
                    f"{r['consensus']} {r['verdeling']}",
                    r["organisaties"],
                    m["type_spt"],
                ]
            ),
        ),
        (h["afronding"], m["rounding"]),
        (h["kleine_aantallen"], m["disclosure"]),
    ]
