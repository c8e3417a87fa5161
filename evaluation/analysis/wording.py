"""Every Dutch sentence that states a method rule, used by the PDF, the README and the docs."""

from __future__ import annotations

from evaluation.analysis.tables_consensus import consensus_rule_text
from evaluation.analysis.tables_register import SPT_TYPE_RULE
from evaluation.analysis.tables_shares import ORG_RULE
from evaluation.analysis.traits import DIRECTION
from evaluation.dutch import number
from evaluation.inputs.settings import Settings


def _rules(settings: Settings) -> dict[str, str]:
    t = number(settings.band.threshold, 1)
    return {
        "gewichten": (
            "Gewogen naar SPT: w = 1/(K·n_k), met n_k alle geldige respondenten van SPT k en K "
            "het aantal SPT's met respondenten, één keer berekend. Ontbreekt een antwoord, dan "
            "tellen de andere respondenten met hun gewicht (domeinschatting, als na.rm in R "
            "survey); elk SPT telt dan precies even zwaar zolang niemand in dat SPT ontbreekt."
        ),
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
                "t-verdeling met de vrijheidsgraden van het ontwerp"
                if settings.ci_distribution == "t"
                else "normale verdeling"
            )
            + "; voor aandelen het logit-interval (als svyciprop in R survey)."
        ),
        "stellingen": (
            "Per stelling het gewogen percentage per antwoord van wie een geldig antwoord gaf; "
            "'weet niet' apart, als aandeel van iedereen die de stelling beantwoordde, en niet "
            "in de noemer. '(Helemaal) eens' = de twee hoogste antwoorden. Effectieve n = "
            "(Σw)²/Σw² (Kish)."
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
            "vinden (onderscheidend vermogen); df = vrijheidsgraden. Kleinere verschillen kan "
            "deze enquête niet betrouwbaar aantonen."
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
