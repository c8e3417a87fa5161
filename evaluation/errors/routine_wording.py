"""The Dutch wording of the codes of the routine and its outputs (the upper packages: store,
routine, audit, regions, report, exchange, web, commands), keyed by code; `catalogue.MESSAGES`
takes them in, so this is part of the one catalogue, kept apart only to keep each module small."""

from __future__ import annotations

# `{name}` is filled from the error's parameters (`fields.message`).
ROUTINE: dict[str, str] = {
    "store_unusable": "de opslag '{store}' {reason}",
    "store_damaged": (
        "de opslag '{store}' is beschadigd: de opgeslagen gegevens kloppen niet (met de hand "
        "gewijzigd?); zet een reservekopie terug"
    ),
    "store_inputs_damaged": (
        "de opslag '{store}' is beschadigd: het codeboek of register van {year} is niet te "
        "lezen ({reason})"
    ),
    "store_path": "de opslag '{store}': {reason}",
    "store_link": (
        "'{store}' is een symbolische koppeling; de opslag wordt daar niet doorheen gelezen of "
        "geschreven (geef het bestand zelf)"
    ),
    "store_folder": "'{store}' is een map, geen opslagbestand",
    "store_not_file": "'{store}' is geen gewoon bestand, geen opslag",
    "store_missing": "de opslag '{store}' bestaat niet; maak hem met 'spt-eval store add'",
    "store_folder_failed": ("de map van de opslag '{store}' kan niet worden gemaakt: {reason}"),
    "store_too_new": (
        "de opslag '{store}' heeft schemaversie {version}; deze versie van spt-eval kent versie "
        "{known} en ouder. Werk spt-eval bij"
    ),
    "store_not_a_store": "'{store}' is geen SPT-opslag",
    "store_empty": "de opslag '{store}' bevat nog geen metingen",
    "year_not_stored": "jaar {year} staat niet in de opslag (wel: {stored})",
    "results_stored": (
        "voor {year} staan al resultaten per SPT in de opslag ({name}); gebruik --replace om ze "
        "te vervangen (de oude blijven bewaard als vervangen)"
    ),
    "year_taken": (
        "voor {year} staat al een ander bestand in de opslag ({name}); gebruik --replace om het "
        "te vervangen (het oude blijft bewaard als vervangen)"
    ),
    "year_inputs_changed": (
        "voor {year} staat {name} al in de opslag, maar met een ander codeboek, register of "
        "andere instellingen; gebruik --replace om het opnieuw op te slaan met de huidige (het "
        "oude blijft bewaard als vervangen)"
    ),
    "year_published": (
        "{year} is al gepubliceerd met een ander bestand (rapport van {day}); vervangen kan "
        "alleen met --replace --republish, en dan laat het volgende rapport elke wijziging weg "
        "die minder dan de minimale n respondenten zou onderscheiden"
    ),
    "definition_unfit": (
        "de vragenlijst past niet bij het codeboek: {problem}; mapping.yaml is niet geschreven"
    ),
    "definition_unfit_more": (
        "de vragenlijst past niet bij het codeboek: {problem} (en {more} andere); mapping.yaml "
        "is niet geschreven"
    ),
    "definition_no_question": (
        "geen enkele vraag van '{file}' heeft de tekst van een vraag in het codeboek; staat de "
        "enquête in de taal van het codeboek, of hoort er een andere enquêtemap bij?"
    ),
    "definition_no_question_in": (
        "geen enkele vraag van '{file}' heeft de tekst van een vraag in het codeboek (gelezen in "
        "taal '{language}'); staat de enquête in de taal van het codeboek, of hoort er een "
        "andere enquêtemap bij?"
    ),
    "definition_no_column": (
        "geen enkele kolom van '{export}' komt in de vragenlijst '{file}' voor; hoort de "
        "vragenlijst bij deze export?"
    ),
    "spt_not_in_register": "'{spt}' staat niet in het register van servicepunten",
    "alias_unusable": "deze naam kan geen andere naam van een servicepunt zijn",
    "aliases_form": (
        "de andere namen van dit servicepunt staan in een vorm die de pagina niet kan aanvullen"
    ),
    "spt_not_a_name": "'{spt}' staat niet als naam in het register van servicepunten",
    "question_unknown": "deze vraag staat niet in het codeboek",
    "no_settings_file": "de enquêtemap heeft geen instellingen om dit in te bewaren",
    "no_may_be_missing": "de instellingen hebben geen lijst van vragen die mogen ontbreken",
    "mapping_not_saved": "deze koppeling is niet (meer) opgeslagen",
    "mapping_form": "deze koppeling staat in een vorm die de pagina niet kan weghalen",
    "definition_leaves_codes": (
        "{count} kolommen ({columns}) houden antwoordcodes die '{file}' niet uitlegt (hun naam "
        "past bij meer dan één vraag of staat er niet in); exporteer de antwoorden als tekst"
    ),
    "rows_chosen_both": (
        "rij {rows} is zowel als test (telt niet mee) als als echte respondent gekozen; kies "
        "per rij één van beide"
    ),
    "not_row_numbers": "'{text}' zijn geen rijnummers (bijv. 3,17)",
    "rows_not_listed": "rij {rows} staat niet bij de gemelde rijen",
    "no_settings_year": (
        "naast het codeboek '{codebook}' staat geen settings.yaml met het jaar van de "
        "enquête; zet daar 'year: JAAR' (spt-eval init maakt hem)"
    ),
    "question_not_on_own_line": (
        "vraag '{question}' staat in het codeboek niet als '- id: {question}' op een eigen "
        "regel; zet de nieuwe tekst met de hand onder 'label' en de oude onder "
        "'earlier_wordings'"
    ),
    "not_reworded": (
        "stelling '{question}' staat niet met een andere tekst in de export; --zelfde en "
        "--nieuw gelden alleen voor een stelling waar map naar vraagt"
    ),
    "already_decided": (
        "stelling '{question}' is al vastgelegd: de tekst van {year} is {decision} "
        "(earlier_wordings in het codeboek), dus map vraagt er niet opnieuw naar; is dat niet "
        "juist, pas dan die regel in het codeboek aan"
    ),
    "same_and_new": "een stelling is --zelfde of --nieuw, niet allebei",
    "not_written": "'{file}' kan niet worden geschreven: {reason}",
    "not_a_codebook_column": "'{target}' is geen kolom van het codeboek",
    "column_taken": "kolom '{target}' is al aan een andere kolom van de export gekoppeld",
    "no_plan": (
        "geen steekproefplan voor {year}: geen enkel SPT heeft een gepubliceerde spreiding "
        "van de tevredenheidsscore"
    ),
    "wrong_year": (
        "de antwoorden in {file} zijn gegeven in {dated}, niet in {year}; geef het jaar van "
        "de meting ({dated}?)"
    ),
    "same_file_other_year": (
        "{file} is hetzelfde bestand als de meting van {stored} in de opslag ({name}); het "
        "wordt niet nog eens als {year} opgeslagen"
    ),
    "invalid_choice": "ongeldige keuze{problems}",
    "survey_folder_unknown": "de enquêtemap '{survey}' staat niet onder surveys/",
    "not_utf8": "{what} '{file}' is geen UTF-8-tekst (byte {byte})",
    "manifest_settings_invalid": "manifest bevat geen bruikbare instellingen{problems}",
    "manifest_settings_missing": (
        "manifest bevat geen bruikbare instellingen (parameters.settings of inputs.settings "
        "ontbreekt of is geen object)"
    ),
    "pdf_unreadable": "PDF '{file}' kan niet worden gelezen: {reason}",
    "pdf_two_attachments": "PDF '{file}' is aangetast: twee bijlagen heten '{name}'",
    "attachment_too_big": (
        "PDF '{file}': bijlage '{name}' maakt de bijlagen groter dan de grens van {mb} MB"
    ),
    "pdf_no_attachments": ("PDF '{file}' bevat geen bijlagen (geen manifest.json of results.json)"),
    "pdf_missing_attachments": "PDF '{file}' mist de bijlage(n) {names}",
    "not_a_json_object": "{what} is geen JSON-object",
    "report_missing": "rapport '{file}' bestaat niet",
    "record_invalid": "{what} is ongeldig{problems}",
    "record_disclosure": "{what}: veld 'disclosure' moet een object zijn ('naam: waarde')",
    "printed_unreadable": "de tekst van het rapport is niet te lezen: beschadigd PDF",
    "trends_invalid": "trends.json in het rapport is geen geldige trendbijlage{problems}",
    "survey_not_beside": (
        "het enquêtebestand '{name}' is niet gevonden naast het rapport; geef het met --data"
    ),
    "audit_population": (
        "de auditwerkmap ondersteunt weging met schaal 'population' niet; gebruik 'none' of "
        "'sample' (de gewogen cijfers zijn daarvoor gelijk)"
    ),
    "region_rules_invalid": "de regels voor de regio's zijn ongeldig{problems}",
    "spt_region_unknown": "SPT '{spt}' noemt regio '{region}', die niet in het regiobestand staat",
    "spt_region_unknown_near": (
        "SPT '{spt}' noemt regio '{region}', die niet in het regiobestand staat (bedoelt u "
        "'{near}'?)"
    ),
    "region_of_two_spts": "regio '{region}' hoort bij twee SPT's: {first} en {second}",
    "package_no_resources": "'{file}' is geen datapakket: 'resources' ontbreekt",
    "package_no_results": (
        "het datapakket '{folder}' heeft geen (of meer dan één) tabel '{name}' of "
        "'{year_name}' met resultaten per SPT; zie docs/exchange.md"
    ),
    "package_table_not_csv": (
        "de tabel '{name}' van het datapakket moet een CSV-bestand in de map van het pakket "
        "zijn (geen lijst, geen webadres)"
    ),
    "package_file_missing": "het datapakket noemt '{file}', maar dat bestand ontbreekt",
    "folder_is_link": "de map '{folder}' is een snelkoppeling; kies een gewone map",
    "folder_confidential": (
        "de map '{folder}' bevat een vertrouwelijke export ({names}); schrijf het openbare "
        "datapakket in een eigen map"
    ),
    "set_option_form": "--set '{value}': gebruik KOLOM=DOEL met een kolom (id) uit het codeboek",
    "no_evidence_for": (
        "geen kolom met bewijs voor {what} in '{file}'; koppel die kolom zelf met --set "
        "'KOLOM=DOEL' of voeg de kop toe aan 'aliases' in het codeboek"
    ),
    "report_needs_input": "geef een enquête-export, of --store met --year",
    "store_needs_year": "met --store hoort --year JAAR en geen enquête-export",
    "folder_exists": "de map '{folder}' bestaat al; kies een andere met --to of ruim hem op",
    "folder_not_made": "'{folder}' kan niet worden aangemaakt: {reason}",
    "keep_days_range": "bewaar uploads en runs 1 tot en met 3650 dagen (--bewaar-dagen)",
    "upload_limit_too_small": "de grootste upload (--max-upload-mb) moet minstens 1 MB zijn",
    "pdf_not_written": "kan een PDF niet schrijven: {reason}",
    "form_unreadable": "het formulier is niet te lezen (onvolledig of beschadigd)",
    "number_range": "ongeldig {what}: geef een geheel getal van {low} tot en met {high}",
    "run_busy": "wacht tot het rapport klaar is, of stop het eerst",
    "no_definition_here": "hier kan nu geen vragenlijst bij",
    "no_rows_to_decide": "in {file} staan geen rijen meer om over te beslissen",
    "choose_test_or_counts": "kies per rij: telt niet mee (test) of telt mee",
    "choose_same_or_new": "kies: dezelfde stelling of een nieuwe stelling",
    "not_reworded_in": "deze stelling staat niet met een andere tekst in {file}",
    "choose_survey_folder": "kies een enquêtemap uit de lijst",
    "same_name_as_export": "de vragenlijst en de export hebben dezelfde naam; hernoem er een",
    "monitor_empty": "er staan nog geen jaren in de monitor",
    "run_unknown": "deze run bestaat niet",
    "run_gone": "deze run bestaat niet (meer)",
    "choose_a_file": "kies eerst een bestand",
    "file_name_with_folder": "ongeldige bestandsnaam: een naam met een map of '..' wordt geweigerd",
    "file_name_characters": "ongeldige bestandsnaam: tekens die in een bestandsnaam niet horen",
    "file_kind_refused": "dit soort bestand wordt hier niet gelezen; kies een bestand met {kinds}",
    "no_survey_folders": "geen enquêtemap met codebook.yaml in '{folder}'",
    "not_checked_yet": "{file} is nog niet gecontroleerd",
    "columns_changed": "de kolommen van de export zijn veranderd; laad de pagina opnieuw",
    "map_columns_first": "koppel eerst de kolommen van {file}",
    "decide_rows_first": (
        "beslis eerst over de rijen van {file} die op een test lijken of niet zijn "
        "afgemaakt ({count}, bij de controle)"
    ),
    "report_busy": "dit rapport wordt al gemaakt; wacht tot het klaar is",
    "confirm_year_first": "bevestig eerst het jaar van deze meting",
    "report_first": "maak eerst het rapport; daarna kan het jaar in de monitor",
    "year_in_monitor": "{year} staat al in de monitor",
    "nothing_to_verify": "er is nog geen klaar rapport in deze run om te controleren",
    "year_not_in_monitor": "{year} staat niet in de monitor",
    "unsafe_resource": "bron buiten de sjablonenmap geweigerd: {url}",
    "resource_unreadable": (
        "een bron van het sjabloon (een afbeelding of opmaak) kan niet worden geladen"
    ),
    "rewording_year": "vul bij de stelling het jaar van {file} in",
    "report_year_not_stored": (
        "het rapport is van {year} en dat jaar staat niet in de monitor; kies ook de export "
        "waaruit het is gemaakt"
    ),
    "report_other_year": "dit rapport is van {made_for}, niet van {year}",
    "store_verify_alone": (
        "--store controleert tegen de opgeslagen meting; geef dan geen --data, --codebook of "
        "--settings"
    ),
    "reworded_one": (
        "{file} heeft een stelling met een andere tekst dan het codeboek; kies hieronder of het "
        "dezelfde stelling is"
    ),
    "reworded_many": (
        "{file} heeft stellingen met een andere tekst dan het codeboek; kies hieronder of het "
        "dezelfde stelling is"
    ),
    "missing_question": (
        "{file} mist de vraag {names}; koppel de kolom hierboven, of sta hieronder toe dat ze dit"
        " jaar ontbreekt (het rapport vermeldt dat dan)"
    ),
    "missing_questions": (
        "{file} mist de vragen {names}; koppel de kolom hierboven, of sta hieronder toe dat ze "
        "dit jaar ontbreekt (het rapport vermeldt dat dan)"
    ),
    "no_id_or_spt_column": (
        "in {file} is geen kolom met het respondentnummer of het servicepunt gevonden; koppel de "
        "kolommen hieronder"
    ),
}

# The wording of the rules of the upper packages' files (`RULES` takes them in).
ROUTINE_RULES: dict[str, str] = {
    # a report's own records (verify)
    "not_a_file_name": "moet een bestandsnaam zijn, zonder map of '..'",
    # the region rules and the cluster file
    "unknown_development_class": "onbekende klasse '{name}' (kies uit {known})",
    "region_not_in_data": "regio '{region}' staat niet in het regiobestand",
    "region_not_in_data_near": (
        "regio '{region}' staat niet in het regiobestand (bedoelt u '{near}'?)"
    ),
    "region_in_two_clusters": "regio '{region}' staat in twee clusters ('{first}' en '{second}')",
}
