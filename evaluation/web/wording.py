"""An error worded for the web page: where the command line's wording names a command, an
option, a settings key or an environment variable, the page says what to do on the page (or
whom to ask) instead; every other code keeps its one wording from the catalogue."""

from __future__ import annotations

from pathlib import Path, PurePath

from evaluation.errors import MESSAGES, ErrorCode, SptEvalError, visible, worded

ASK = "vraag de beheerder van deze computer"  # who can change the server's limits and files
ADD_DEFINITION = (
    "laad de vragenlijst uit het enquêteprogramma (.lss, .qsf of .sav) bij de export, of "
    "exporteer de antwoorden als tekst"
)

# The page's wording of each code whose command-line wording the page cannot follow; `{name}`
# is filled from the error's parameters as in the catalogue.
PAGE: dict[ErrorCode, str] = {
    # limits and keys: set by whoever runs the server, not on the page
    ErrorCode.LIMIT_SETTING_INVALID: (
        f"een grens van de server is verkeerd ingesteld (geen positief geheel getal); {ASK} "
        "die te verbeteren en de server opnieuw te starten"
    ),
    ErrorCode.FILE_OVER_LIMIT: (
        f"{{what}} '{{file}}' is te groot: {{size}}, de grens is {{limit}}; {ASK} de grens te "
        "verhogen"
    ),
    ErrorCode.XLSX_EXPANDS: (
        f"{{what}} pakt uit tot {{size}}, meer dan de grens van {{limit}}; sla het op als CSV, "
        f"of {ASK} de grens te verhogen"
    ),
    ErrorCode.XLSX_PART_TOO_BIG: (
        f"{{what}}: onderdeel '{{part}}' pakt uit tot {{size}}, meer dan de grens van "
        f"{{limit}}; sla het op als CSV, of {ASK} de grens te verhogen"
    ),
    ErrorCode.XLSX_TOO_MANY_STRINGS: (
        f"{{what}} heeft meer dan {{limit}} gedeelde teksten; sla het op als CSV, of {ASK} "
        "de grens te verhogen"
    ),
    ErrorCode.XML_TOO_MANY_ELEMENTS: (
        f"{{what}} heeft meer dan {{limit}} elementen, meer dan een vragenlijst heeft; "
        f"{ASK} de grens te verhogen als het bestand klopt"
    ),
    ErrorCode.JSON_OVER_LIMIT: (
        f"{{what}} is te groot: {{size}}, de grens is {{limit}}; {ASK} de grens te verhogen"
    ),
    ErrorCode.KEY_TOO_SHORT_IN_SETTING: (
        f"de geheime sleutel van de server is te kort (minstens {{least}} tekens); {ASK} een "
        "langere in te stellen"
    ),
    ErrorCode.MIN_N_OPTION: (
        "de minimale n moet minstens 1 zijn (nu: {value}); kies bij de keuzes een minimale n "
        "van 1 of meer"
    ),
    ErrorCode.LONELY_PSU: (
        "stratum {strata} heeft maar één PSU; de instellingen van de enquêtemap kiezen geen "
        f"regel voor een stratum met één PSU; {ASK} die regel te kiezen"
    ),
    ErrorCode.LONELY_AVERAGE_NONE: (
        "geen enkel stratum heeft meer dan één PSU, dus er is geen gemiddelde variantie; "
        f"{ASK} in de instellingen een andere regel voor een stratum met één PSU te kiezen"
    ),
    # intake: each fix is on the run's page
    ErrorCode.SURVEY_NO_SHEET: (
        "Excel-bestand '{file}' heeft geen blad met een kolom respondentnummer (bladen: "
        "{sheets}; het eerste begint met {first}); koppel de kolommen hieronder aan het "
        "codeboek, of laad de vragenlijst uit het enquêteprogramma erbij"
    ),
    ErrorCode.SUSPECTS_UNDECIDED: (
        "'{file}' heeft rijen die op een test lijken of mogelijk niet zijn afgemaakt "
        "({count}: rij {rows}); beslis hieronder per rij of ze meetellen"
    ),
    ErrorCode.MAY_BE_MISSING_UNKNOWN: (
        "de instellingen van de enquêtemap noemen bij de vragen die mogen ontbreken de "
        f"onbekende vraag '{{question}}'; {ASK} die regel te verbeteren"
    ),
    ErrorCode.QUESTION_ABSENT: (
        "'{file}' mist de vraag {questions}; koppel de kolom hieronder, of sta hieronder toe dat "
        "ze dit jaar ontbreekt (het rapport vermeldt dat dan)"
    ),
    ErrorCode.QUESTIONS_ABSENT: (
        "'{file}' mist de vragen {questions}; koppel de kolommen hieronder, of sta hieronder toe "
        "dat ze dit jaar ontbreken (het rapport vermeldt dat dan)"
    ),
    ErrorCode.STATEMENT_REWORDED: (
        "'{file}' heeft stelling '{question}' met een andere tekst: '{heading}' (codeboek: "
        "'{label}'); kies hieronder of het dezelfde stelling is"
    ),
    ErrorCode.STATEMENTS_REWORDED: (
        "'{file}' heeft stelling '{question}' met een andere tekst: '{heading}' (codeboek: "
        "'{label}') (en {others} andere); kies hieronder per stelling of het dezelfde is"
    ),
    ErrorCode.CODES_WITHOUT_TEXT: (
        "{count} kolommen ({columns}) bevatten antwoordcodes van {tool} zonder hun tekst; "
        + ADD_DEFINITION
    ),
    ErrorCode.CODES_NEED_DEFINITION: (
        "{count} kolommen ({columns}) bevatten antwoordcodes van {tool} zonder hun tekst; "
        + ADD_DEFINITION
    ),
    ErrorCode.HEADINGS_ARE_CODES: (
        "{count} kolommen ({columns}) hebben als kop een vraagcode van {tool}; welke vraag dat "
        "is, staat alleen in de vragenlijst: laad de vragenlijst ({extension}) bij de export, of "
        "exporteer met de vraagteksten als kop"
    ),
    ErrorCode.CODES_NEED_ANY_DEFINITION: (
        "{count} kolommen ({columns}) bevatten antwoordcodes van de enquêtetool zonder hun "
        "tekst; " + ADD_DEFINITION
    ),
    ErrorCode.ROLE_COLUMN_ABSENT: (
        "geen kolom met het {role} ('{label}') gevonden in '{file}' (het bestand begint met de "
        "kolommen {first}); koppel de kolommen hieronder aan het codeboek"
    ),
    ErrorCode.ROLE_COLUMN_UNMAPPED: (
        "geen kolom met het {role} ('{label}') gevonden in '{file}' (het bestand begint met de "
        "kolommen {first}), ook niet met de opgeslagen koppeling; koppel die kolom hieronder "
        "zelf"
    ),
    ErrorCode.SPT_COLUMNS_DIFFER: (
        "in '{file}' noemen de kolommen '{spt}' en '{other}' allebei een servicepunt, maar in "
        "{count} rijen een ander (rij {rows}); welke het servicepunt is, is niet te zien: "
        "koppel de juiste hieronder zelf, of haal de andere kolom uit het bestand"
    ),
    # the survey folder's files, written by the page's fixes
    ErrorCode.MAPPING_COLUMNS: (
        f"de opgeslagen koppeling van deze enquêtemap is niet te lezen ('{{file}}'); {ASK} "
        "het koppelbestand te herstellen"
    ),
    ErrorCode.MAPPING_TWO_COLUMNS: (
        "de opgeslagen koppeling van deze enquêtemap koppelt de kolommen '{first}' en "
        "'{second}' van dit bestand allebei aan '{target}'; koppel de kolommen hieronder "
        f"opnieuw, of {ASK} het koppelbestand te herstellen"
    ),
    ErrorCode.DEFINITION_CHANGED: (
        "de vragenlijst '{file}' is veranderd sinds de opgeslagen koppeling ermee is gemaakt "
        "(SHA-256 {recorded}… toen, {now}… nu): een antwoordcode kan nu iets anders "
        "betekenen; laad de vragenlijst opnieuw bij de export"
    ),
    ErrorCode.MAPPING_ANSWERS: (
        "de opgeslagen antwoordcodes van deze enquêtemap zijn niet te lezen ('{file}'); "
        f"{ASK} het koppelbestand te herstellen"
    ),
    ErrorCode.DEFINITION_UNFIT: (
        "de vragenlijst past niet bij het codeboek: {problem}; er is niets gekoppeld"
    ),
    ErrorCode.DEFINITION_UNFIT_MORE: (
        "de vragenlijst past niet bij het codeboek: {problem} (en {more} andere); er is niets "
        "gekoppeld"
    ),
    ErrorCode.NO_SETTINGS_YEAR: (
        "de enquêtemap zegt niet van welk jaar de enquête is; vul bij de stelling het jaar van "
        "deze meting in"
    ),
    ErrorCode.QUESTION_NOT_ON_OWN_LINE: (
        "vraag '{question}' kan in het codeboek niet vanaf deze pagina worden bijgewerkt; "
        f"{ASK} de nieuwe tekst met de hand in het codeboek te zetten"
    ),
    # the monitor (the store) and verifying
    ErrorCode.STORE_MISSING: (
        "de monitor '{store}' bestaat nog niet; maak eerst een rapport en kies 'Opslaan in de "
        "monitor'"
    ),
    ErrorCode.STORE_TOO_NEW: (
        "de monitor '{store}' is gemaakt met een nieuwere versie van dit programma "
        f"(schemaversie {{version}}; deze versie kent {{known}} en ouder); {ASK} het bij te "
        "werken"
    ),
    ErrorCode.YEAR_TAKEN: (
        "voor {year} staat al een ander bestand in de monitor ({name}); vink 'Vervang het "
        "bestand van {year}' aan om het te vervangen (het oude blijft bewaard als vervangen)"
    ),
    ErrorCode.YEAR_INPUTS_CHANGED: (
        "voor {year} staat {name} al in de monitor, maar met een ander codeboek, register of "
        "andere instellingen; vink 'Vervang het bestand van {year}' aan om het opnieuw op te "
        "slaan (het oude blijft bewaard als vervangen)"
    ),
    ErrorCode.YEAR_PUBLISHED: (
        "{year} is al gepubliceerd met een ander bestand (rapport van {day}); een gepubliceerd "
        "jaar wordt vanaf deze pagina niet vervangen"
    ),
    ErrorCode.SURVEY_NOT_BESIDE: (
        "het enquêtebestand '{name}' is niet gevonden naast het rapport; kies op de pagina "
        "'Controleren' het rapport samen met de export waaruit het is gemaakt"
    ),
}

# The page's wording of each rule (a problem of a file's field) whose catalogue wording names a
# key of the survey folder's files (the codebook, the register, the saved mapping).
PAGE_RULES: dict[str, str] = {
    "scale_or_options": "vraag '{question}': geef precies één antwoordschaal of één lijst opties",
    "items_needed": "vraag '{question}' ({kind}) noemt geen onderdelen",
    "total_needed": "vraag '{question}': een verdeling noemt geen totaal (bijv. 100)",
    "single_with_items": "vraag '{question}': een enkele vraag heeft geen onderdelen",
    "earlier_wording_is_current": (
        "vraag '{question}': de huidige tekst staat ook bij de eerdere teksten"
    ),
    "not_a_fact": (
        "vraag '{question}': een stelling, een eigen oordeel of vrije tekst is geen feit over "
        "het SPT"
    ),
    "max_choices_outside": (
        "vraag '{question}': een grootste aantal keuzes hoort bij een aanvinkvraag en ligt "
        "tussen 1 en het aantal onderdelen ({items})"
    ),
    "unknown_item_aliases": "vraag '{question}': andere namen voor onbekende onderdelen {items}",
    "mapped_to_unknown_column": (
        "de opgeslagen koppeling van kolom '{heading}' wijst naar '{target}', die niet in het "
        "codeboek staat"
    ),
    "codes_for_unmapped_column": (
        "de opgeslagen antwoordcodes van kolom '{heading}' horen bij een kolom die niet "
        "gekoppeld is"
    ),
    "code_not_in_scale": (
        "de opgeslagen antwoordcode '{code}' van kolom '{heading}' wijst naar '{target_code}', "
        "geen code van '{target}' in het codeboek"
    ),
    "invited_total_differs": (
        "het totaal aantal uitgenodigden is {total}, maar de aantallen per servicepunt tellen "
        "op tot {sum}"
    ),
}

# Codes the page cannot raise: their wording is for the command line only (tested, each with
# its reason, so that a new code the page can meet gets a page wording instead).
COMMAND_LINE_ONLY: dict[ErrorCode, str] = {
    ErrorCode.PORT_TAKEN: "the port is chosen before the server (and its page) exists",
    ErrorCode.KEEP_DAYS_RANGE: "an option of `serve`, checked before the server starts",
    ErrorCode.UPLOAD_LIMIT_TOO_SMALL: "an option of `serve`, checked before the server starts",
    ErrorCode.REPORT_NEEDS_INPUT: "`report` arguments; the page always names its export or year",
    ErrorCode.STORE_NEEDS_YEAR: "`report --store` arguments; the page passes a stored year",
    ErrorCode.STORE_VERIFY_ALONE: "`verify --store` arguments; the page builds its own call",
    ErrorCode.SET_OPTION_FORM: "the `map --set` option; the page maps by its own form",
    ErrorCode.NO_EVIDENCE_FOR: "raised by the `map` command only; the page maps by its form",
    ErrorCode.NOT_REWORDED: "`map --zelfde/--nieuw`; the page raises NOT_REWORDED_IN instead",
    ErrorCode.ALREADY_DECIDED: "`map --zelfde/--nieuw` again; the page asks only what is open",
    ErrorCode.SAME_AND_NEW: "`map --zelfde/--nieuw`; the page's form has one choice per click",
    ErrorCode.FOLDER_EXISTS: "raised by `init --to` only",
    ErrorCode.NO_SURVEY_FOLDERS: "checked when `serve` starts, before there is a page",
    ErrorCode.RESULTS_STORED: "results per SPT enter the store by `store` commands only",
}


# Parameters that name a file the user gave: the page shows its name, never the server's folder
# it was kept in (the run's or the upload's).
FILE_PARAMS = ("file", "export")


def page_text(exc: BaseException) -> str:
    """The Dutch line the page shows for `exc`: the page's wording of its code when the
    command line's would send the user to a terminal or a file, else the catalogue's; a
    parameter that is itself an error is worded for the page too, a file by its name."""
    if not isinstance(exc, SptEvalError):
        return visible(exc)
    params = {k: _shown(k, v) for k, v in exc.params.items()}
    return visible(worded(PAGE.get(exc.code, MESSAGES[exc.code]), params, PAGE_RULES))


def _shown(key: str, value: object) -> object:
    if isinstance(value, SptEvalError):
        return page_text(value)
    if key in FILE_PARAMS and isinstance(value, str | PurePath) and Path(value).is_absolute():
        return Path(value).name
    return value
