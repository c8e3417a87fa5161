"""The discussion guide on every card: the core questions of appendix 2 of the 2015 report
('Sterk punt', CINOP/ecbo), in our own words. The product cites them; it invents no advice."""

from __future__ import annotations

SOURCE = "naar de kernvragen in bijlage 2 van 'Sterk punt' (CINOP/ecbo, 2015)"

CORE_QUESTIONS = (
    "Wie in de regio heeft iets aan het servicepunt, en waarvoor, gezien hoe de technische "
    "arbeidsmarkt in de regio verandert?",
    "Wat willen we zelf bereiken: alleen het kerndoel (vakmanschap vasthouden, van werk naar "
    "werk, de vraag van werkgevers voorop) of ook verwante thema's als doelgroepen en onderwijs?",
    "Welke organisaties in de regio werken al aan die doelen en kunnen meedoen?",
    "Wat ontbreekt er in de regio (bemiddeling, scholing, loopbaanbegeleiding) en moeten we dus "
    "zelf organiseren?",
    "Welke partners horen erbij en wat doet ieder van hen?",
    "Is overstappen naar een andere sector een thema, en met welke sectoren werken we dan samen?",
    "Zijn er genoeg mensen en middelen voor wat we van plan zijn, en moeten we die samen met "
    "andere sectoren vinden?",
    "Hoe leggen we verantwoording af over de inzet van mensen en geld: welke planning en "
    "rapportage, en volstaat het om de gezamenlijke opbrengst te volgen?",
)
