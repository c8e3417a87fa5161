"""The Dutch wording of the codes of files, design and intake (the lower packages), keyed by
code; `catalogue.MESSAGES` takes them in, so this is part of the one catalogue, kept apart only
to keep each module small."""

from __future__ import annotations

# `{name}` is filled from the error's parameters (`fields.message`).
FILES: dict[str, str] = {
    # limits
    "limit_setting_invalid": (
        "omgevingsvariabele {variables}: geen geldige grens (een positief geheel getal)"
    ),
    "file_unreadable": "{what} '{file}' kan niet worden gelezen: {reason}",
    "file_is_folder": "{what} '{file}' is een map, geen bestand",
    "file_not_regular": "{what} '{file}' is geen gewoon bestand (apparaat of pijp)",
    "file_over_limit": (
        "{what} '{file}' is te groot: {size}, de grens is {limit} (aan te passen met {variable})"
    ),
    "file_over_fixed_limit": "{what} '{file}' is te groot: {size}, de grens is {limit}",
    "file_grew": "{what} '{file}' is te groot (groeide tijdens het lezen)",
    "xlsx_part_too_big": (
        "{what}: onderdeel '{part}' pakt uit tot {size}, meer dan de grens van {limit} voor "
        "een onderdeel naast de bladen (mogelijk een opgeblazen bestand; aan te passen met "
        "{variable})"
    ),
    "xlsx_too_many_strings": (
        "{what} heeft meer dan {limit} gedeelde teksten; zo veel heeft een enquête-export niet "
        "(mogelijk een opgeblazen bestand; aan te passen met {variable})"
    ),
    "xlsx_broken_zip": "{what} is geen geldig Excel-bestand (beschadigd zip-archief)",
    "xlsx_expands": (
        "{what} pakt uit tot {size}, meer dan de grens van {limit} (aan te passen met {variable})"
    ),
    "xlsx_zip_bomb": (
        "{what}: onderdeel '{part}' pakt {ratio} keer uit (grens {limit}); mogelijk een zip-bom"
    ),
    "too_many_rows": "{what} heeft {rows} rijen; de grens is {limit}",
    "too_many_columns": "{what} heeft {columns} kolommen; de grens is {limit}",
    "json_over_limit": (
        "{what} is te groot: {size}, de grens is {limit} (aan te passen met {variable})"
    ),
    "json_not_utf8": "{what} is geen JSON: geen UTF-8-tekst (byte {byte})",
    "json_duplicate_key": (
        "{what} is aangetast: de sleutel '{key}' staat twee keer in hetzelfde object"
    ),
    "json_invalid": "{what} is geen JSON: fout op regel {line}, kolom {column}",
    "json_number_too_long": (
        "{what} is niet te lezen: het bevat een getal van meer dan {digits} cijfers"
    ),
    "json_not_finite": (
        "{what} is geen geldige JSON: het bevat de waarde '{value}' (NaN of Infinity), die "
        "de enquêtetool nooit schrijft"
    ),
    "too_deep": "{what} is te diep genest (grens {limit} niveaus)",
    # safe_files, privacy
    "write_to_failed": "kan niet schrijven naar '{file}': {reason}",
    "output_is_link": (
        "'{file}' is een symbolische koppeling; uitvoer wordt daar niet doorheen geschreven "
        "(verwijder de koppeling of kies een andere uitvoermap)"
    ),
    "output_is_folder": "kan niet schrijven naar '{file}': dit is een map, geen bestand",
    "output_not_regular": "kan niet schrijven naar '{file}': geen gewoon bestand",
    "no_temporary_name": "kan niet schrijven in '{folder}': geen vrije tijdelijke naam",
    "name_not_relative": (
        "{what} '{name}' moet een naam in de map '{folder}' zijn, geen volledig pad"
    ),
    "name_outside_folder": (
        "{what} '{name}' ligt buiten de map '{folder}'; dat is niet toegestaan"
    ),
    "name_has_nul": (
        "{what} noemt een bestand in de map '{folder}' met een nul-teken in de naam; "
        "zo'n naam bestaat niet"
    ),
    "key_file_missing": "sleutelbestand '{file}' bestaat niet",
    "key_file_not_made": "sleutelbestand '{file}' kan niet worden gemaakt: {reason}",
    "key_file_not_text": "sleutelbestand '{file}' kan niet worden gelezen: geen tekst",
    "key_too_short_in_file": (
        "de sleutel in sleutelbestand '{file}' is te kort (minstens {least} tekens)"
    ),
    "key_too_short_in_setting": (
        "de sleutel in omgevingsvariabele {variable} is te kort (minstens {least} tekens)"
    ),
    # tables
    "utf16_unreadable": "'{file}' is geen leesbaar UTF-16-tekstbestand",
    "not_a_table": (
        "'{file}' is geen tekstbestand (CSV) en ook geen Excel- of SPSS-bestand; "
        "sla het op als CSV, .xlsx of .sav"
    ),
    "mixed_encoding": (
        "'{file}' mengt twee tekencoderingen: er staan letters in UTF-8 in, maar regel {line} "
        "is geen UTF-8; sla het bestand in één keer op als CSV UTF-8"
    ),
    "mac_encoding": (
        "'{file}' lijkt bewaard als 'CSV (Macintosh)' (regel {line}): letters met accenten zijn "
        "dan niet zeker te lezen; sla het bestand op als CSV UTF-8"
    ),
    "unknown_encoding": (
        "'{file}' heeft een onbekende tekencodering: byte {byte} is geen UTF-8 en "
        "geen Windows-1252; sla het bestand op als CSV UTF-8"
    ),
    "file_empty": "{what} '{file}' is leeg",
    "no_header_row": "'{file}' heeft geen kopregel met kolomnamen",
    "header_stray_quote": (
        "de kopregel van '{file}' is niet te lezen: een aanhalingsteken (\") staat los of "
        "wordt niet gesloten"
    ),
    "csv_no_rows": (
        "'{file}' kan niet als CSV worden gelezen: er staan geen rijen met kolommen in die te "
        "lezen zijn"
    ),
    "csv_shape": (
        "'{file}' kan niet als CSV worden gelezen: de opbouw van het bestand past niet bij een "
        "CSV-tabel"
    ),
    "csv_shape_at": (
        "'{file}' kan niet als CSV worden gelezen: de opbouw van het bestand past niet bij een "
        "CSV-tabel (bij regel {line})"
    ),
    "old_excel": "'{file}' is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV",
    "xlsx_unreadable": (
        "Excel-bestand '{file}' kan niet worden gelezen: het is beschadigd of geen "
        ".xlsx-werkmap; sla het opnieuw op als .xlsx of als CSV"
    ),
    "title_above_header": (
        "Excel-bestand '{file}', blad '{sheet}': boven de kopregel staat een titel "
        "('{title}'); verwijder de titelregels, zodat de kopregel de eerste regel is"
    ),
    "csv_title_above_header": (
        "'{file}': boven de kopregel staat een titel ('{title}'); verwijder de titelregels, "
        "zodat de kopregel de eerste regel is"
    ),
    "sav_unreadable": (
        "SPSS-bestand '{file}' kan niet worden gelezen: het is beschadigd of geen "
        "SPSS-bestand (.sav); exporteer de enquête opnieuw, of als CSV of .xlsx"
    ),
    "results_no_sheet": (
        "'{file}' heeft geen blad met de kolommen {columns} (bladen: {sheets}); zie "
        "docs/store.md voor het schema"
    ),
    "regions_no_sheet": (
        "regiobestand '{file}' heeft geen blad met een kolom 'regio' (bladen: {sheets})"
    ),
    "survey_no_sheet": (
        "Excel-bestand '{file}' heeft geen blad met een kolom respondentnummer (bladen: "
        "{sheets}; het eerste begint met {first}); draai 'spt-eval map {path}' om de kolommen "
        "aan het codeboek te koppelen"
    ),
    # estimation
    "choice_unknown": "{setting} moet een van {choices} zijn; gevonden '{value}'",
    "design_no_rows": "het ontwerp heeft geen rijen",
    "psu_missing": "kolom '{column}' (PSU) heeft ontbrekende waarden",
    "domain_no_level": "kolom '{column}' (domein): verwacht minstens één niveau; gevonden geen",
    "lonely_psu": (
        "stratum {strata} heeft maar één PSU; kies een regel voor lonely_psu "
        "(adjust, average, remove of certainty) of voeg strata samen"
    ),
    "lonely_average_none": (
        "lonely_psu='average': geen enkel stratum heeft meer dan één PSU, "
        "dus er is geen gemiddelde variantie"
    ),
    "group_not_two": "kolom '{column}' (groep): verwacht precies twee niveaus; gevonden {found}",
    "calibration_gaps": "kalibratie op '{terms}': verwacht een waarde in elke rij",
    "calibration_no_total": "kalibratie: geen populatietotaal voor {names}",
    "calibration_dependent": "kalibratie op '{terms}': de kolommen zijn lineair afhankelijk",
    "calibration_not_positive": (
        "kalibratie op '{terms}': {count} gewicht(en) worden <= 0; verwacht haalbare totalen"
    ),
    "regression_no_rows": "regressie '{formula}': geen rijen zonder ontbrekende waarden",
    "regression_all_aliased": "regressie: geen enkele verklarende kolom is te schatten",
    "formula_shape": "formule '{formula}': verwacht 'y ~ a + b'",
    "formula_no_outcome": "formule '{formula}': geen uitkomstvariabele links van '~'",
    "formula_term_twice": "formule '{formula}': term {terms} staat er twee keer in",
    "formula_no_terms": "formule '{formula}': geen verklarende termen",
    "column_not_found": "kolom '{column}' niet gevonden; beschikbare kolommen: {available}",
    "role_column_not_found": (
        "kolom '{column}' ({role}) niet gevonden; beschikbare kolommen: {available}"
    ),
    "role_column_gaps": (
        "kolom '{column}' ({role}): verwacht een waarde in elke rij; {count} rij(en) zonder waarde"
    ),
    "column_not_numeric": "kolom '{column}': verwacht getallen; gevonden '{value}' ({dtype})",
    "strata_missing": (
        "kolom '{column}' (strata) heeft {count} ontbrekende waarden; verwacht een stratum voor "
        "elke rij"
    ),
    "weights_not_positive": (
        "kolom '{column}' (gewichten): verwacht een positief getal in elke rij; {count} rij(en) "
        "ontbreken of zijn <= 0, de eerste is rij {row} met waarde '{value}'"
    ),
    "weights_count": "gewichten: verwacht {expected} waarden (één per rij); gevonden {found}",
    "fpc_missing": "kolom '{column}' (fpc) heeft ontbrekende of niet-numerieke waarden",
    "fpc_not_positive": "kolom '{column}' (fpc): verwacht waarden > 0; gevonden {value:g}",
    "fpc_differs": (
        "kolom '{column}' (fpc): verwacht één waarde per stratum; stratum '{stratum}' heeft "
        "waarden {first:g} en {second:g}"
    ),
    "fpc_below_sample": (
        "kolom '{column}' (fpc): de populatie per stratum moet minstens het aantal getrokken "
        "eenheden zijn; gevonden '{stratum}': populatie {population:g}, steekproef {sample}"
    ),
    "not_zero_one": "kolom '{column}': verwacht 0/1 of ja/nee als getal; gevonden {value:g}",
    "level_outside": "betrouwbaarheidsniveau moet tussen 0 en 1 liggen; gevonden {value}",
    "population_levels_missing": (
        "populatie per '{by}': verwacht een aantal voor elk niveau in de data; ontbreekt voor "
        "{levels}"
    ),
    "nothing_to_weight": "geen respondenten om te wegen",
    "population_needed": "scale='population' vraagt een populatie (aantal uitgenodigden)",
    "population_below_sample": (
        "populatie {population:g} is kleiner dan het aantal respondenten {n}; verwacht een "
        "populatie van minstens de steekproef"
    ),
    "level_population_below_sample": (
        "populatie per '{by}': verwacht minstens het aantal respondenten; gevonden '{level}': "
        "populatie {population:g}, respondenten {n}"
    ),
    "raking_no_margin": "raking: verwacht minstens één marge; gevonden geen",
    "margin_empty": "marge '{variable}': verwacht populatietotalen per niveau; gevonden geen",
    "margin_level_absent": (
        "marge '{variable}': niveau {levels} komt niet voor in de data; gevonden niveaus {present}"
    ),
    "margin_no_total": (
        "marge '{variable}': geen populatietotaal voor niveau(s) {levels} die in de data voorkomen"
    ),
    "margin_not_positive": (
        "marge '{variable}': verwacht een positief totaal voor niveau {level} dat in de data "
        "voorkomt; gevonden {value}"
    ),
    "margins_unequal": (
        "raking: de marges tellen niet op tot hetzelfde totaal ({totals}); verwacht gelijke totalen"
    ),
    "raking_no_convergence": (
        "raking convergeert niet na {iterations} iteraties (grootste verschil {delta:g}, "
        "verwacht < {epsilon:g}); controleer of de marges samen mogelijk zijn"
    ),
    "raking_infeasible": (
        "raking: de marges zijn samen niet haalbaar met deze data (een marge wijkt {miss:g} af "
        "na convergentie); controleer lege combinaties van niveaus"
    ),
    "trim_bounds": "trimmen: ondergrens {lower:g} is groter dan bovengrens {upper:g}",
    "trim_all_outside": (
        "trimmen: alle gewichten liggen buiten [{lower:g}, {upper:g}]; er is niets om het "
        "afgeknipte over te verdelen"
    ),
    # analysis, planning
    "regression_no_df": (
        "{coefficients} coëfficiënten op {n} respondenten laten {df} vrijheidsgraden over; "
        "een schatting zonder vrijheidsgraden toont niets"
    ),
    "no_valid_rows": "geen geldige rijen om te analyseren",
    "no_published_spread": (
        "geen enkel SPT heeft een gepubliceerde spreiding van de tevredenheidsscore"
    ),
    # inputs
    "national_row": (
        "regiobestand '{file}': verwacht precies één landelijke rij '{national}', gevonden {found}"
    ),
    "no_regions": "regiobestand '{file}' bevat geen regio's",
    # intake
    "confirmed_unreadable": "'{file}' is niet leesbaar: verwijder het en bevestig opnieuw",
    "confirmed_row_not_number": "'{file}' bevat een rijnummer dat geen getal is",
    "confirmed_row_outside": (
        "'{file}' noemt rij {row} van '{export}', maar die export heeft rij 1 tot en met "
        "{rows}; verbeter of verwijder die regel"
    ),
    "confirmed_row_twice": (
        "'{file}' noemt rij {row} van '{export}' zowel onder 'exclude' als onder 'keep'; "
        "kies één van beide"
    ),
    "file_not_written": "{what} '{file}' kan niet worden geschreven: {reason}",
    "suspects_undecided": (
        "'{file}' heeft rijen die op een test lijken of mogelijk niet zijn afgemaakt "
        "({count}: rij {rows}); beslis met 'spt-eval validate BESTAND --confirm-tests' of "
        "'--not-tests'"
    ),
    "may_be_missing_unknown": (
        "settings.yaml noemt onder intake.may_be_missing de onbekende vraag '{question}'; "
        "gebruik een 'id' uit het codeboek of haal de regel weg"
    ),
    "question_absent": (
        "'{file}' mist de vraag {questions}. Voeg de kolom toe aan de export, koppel haar met "
        "'spt-eval map {path}', of zet het id onder intake.may_be_missing in settings.yaml "
        "(de werkwijze vermeldt dan dat de vraag ontbreekt)"
    ),
    "questions_absent": (
        "'{file}' mist de vragen {questions}. Voeg de kolommen toe aan de export, koppel ze met "
        "'spt-eval map {path}', of zet de ids onder intake.may_be_missing in settings.yaml "
        "(de werkwijze vermeldt dan dat de vragen ontbreken)"
    ),
    "statement_reworded": (
        "'{file}' heeft stelling '{question}' met een andere tekst: '{heading}' (codeboek: "
        "'{label}'); leg vast of het dezelfde stelling is: spt-eval map {file} --zelfde "
        "{question} (de trend loopt door) of --nieuw {question} (de trend begint opnieuw)"
    ),
    "statements_reworded": (
        "'{file}' heeft stelling '{question}' met een andere tekst: '{heading}' (codeboek: "
        "'{label}') (en {others} andere); leg vast of het dezelfde stelling is: spt-eval map "
        "{file} --zelfde {question} (de trend loopt door) of --nieuw {question} (de trend "
        "begint opnieuw)"
    ),
    "codes_without_text": (
        "{count} kolommen ({columns}) bevatten antwoordcodes van {tool} zonder hun tekst; "
        "exporteer de antwoorden als tekst, of leg in mapping.yaml onder 'answers' vast welke "
        "code welk antwoord is"
    ),
    "unknown_completion": "kolom '{column}' zegt per rij of het antwoord af is, maar '{value}' "
    "schrijft de enquêtetool daar niet (wel: {known}); tellen of weglaten zou gokken zijn: "
    "exporteer opnieuw zonder die kolom te bewerken of te vertalen",
    "answer_not_in_codebook": (
        "het antwoord '{value}' staat {count} keer in {columns} kolom(men) (zoals '{first}'), "
        "maar het codeboek kent het niet (vraag '{question}': {labels}); zet het als alias bij "
        "het antwoord dat het is (label_aliases in het codeboek), of exporteer met de "
        "antwoordteksten van de vragenlijst"
    ),
    "headings_cut": (
        "{count} kolommen ({columns}) hebben een kop die {tool} heeft afgekort en die bij meer "
        "dan één vraag past; exporteer opnieuw met de volledige vraagtekst (of de vraagcode) "
        "als kop"
    ),
    "headings_are_codes": (
        "{count} kolommen ({columns}) hebben als kop een vraagcode van {tool}; welke vraag dat "
        "is, staat alleen in de vragenlijst: geef de vragenlijst ({extension}) met '{command}', "
        "of exporteer met de vraagteksten als kop"
    ),
    "heading_row_deleted": (
        "{count} kolommen ({columns}) hebben geen kop: de tweede kopregel van de export van "
        "{tool} (met de rijen en antwoordopties van elke vraag) ontbreekt; zet die regel terug, "
        "of exporteer opnieuw"
    ),
    "codes_need_definition": (
        "{count} kolommen ({columns}) bevatten antwoordcodes van {tool} zonder hun tekst; "
        "geef de vragenlijst ({extension}) met '{command}', of exporteer de antwoorden als tekst"
    ),
    "codes_need_any_definition": (
        "{count} kolommen ({columns}) bevatten antwoordcodes van de enquêtetool zonder hun "
        "tekst; geef de vragenlijst (.lss, .qsf of het .sav-bestand) met '{command}', of "
        "exporteer de antwoorden als tekst"
    ),
    "role_column_absent": (
        "geen kolom met het {role} ('{label}') gevonden in '{file}' (het bestand begint met de "
        "kolommen {first}); draai 'spt-eval map {path}' om de kolommen aan het codeboek te "
        "koppelen, of voeg de kolomnaam toe aan 'aliases' in het codeboek"
    ),
    "role_column_unmapped": (
        "geen kolom met het {role} ('{label}') gevonden in '{file}' (het bestand begint met de "
        "kolommen {first}), ook niet met mapping.yaml: er is geen bewijs welke kolom het is; "
        'zet die kolom zelf in mapping.yaml naast het codeboek ("KOLOM": DOEL) of voeg de kop '
        "toe aan 'aliases' in het codeboek"
    ),
    "definition_replaced": (
        "de opgeslagen koppeling van de enquêtemap is intussen gemaakt met vragenlijst "
        "'{other}', niet met '{file}' van deze export: laad '{file}' opnieuw bij deze export "
        "voordat u het rapport maakt"
    ),
    "definition_changed": (
        "de vragenlijst '{file}' is veranderd sinds mapping.yaml ermee is gemaakt (SHA-256 "
        "{recorded}… toen, {now}… nu): een antwoordcode kan nu iets anders betekenen; koppel "
        "opnieuw met 'spt-eval map EXPORT --survey-file {file}'"
    ),
    "spt_columns_differ": (
        "in '{file}' noemen de kolommen '{spt}' en '{other}' allebei een servicepunt, maar in "
        "{count} rijen een ander (rij {rows}); welke het servicepunt is, is niet te zien: "
        "koppel de juiste met 'spt-eval map {path} --set \"KOLOM=spt\"', of haal de andere "
        "kolom uit het bestand"
    ),
    # definitions, spt_results
    "lss_not_a_survey": (
        "{what} is geen structuur van een hele enquête (LimeSurveyDocType '{kind}'); "
        "exporteer in LimeSurvey 'Enquêtestructuur (.lss)'"
    ),
    "qsf_no_elements": (
        "{what} heeft geen 'SurveyElements'; exporteer in Qualtrics via "
        "'Tools > Import/Export > Export Survey' (.qsf)"
    ),
    "sav_definition_unreadable": (
        "SPSS-bestand '{file}' kan niet worden gelezen: het is beschadigd of geen .sav"
    ),
    "xml_declaration": (
        "{what} bevat een DOCTYPE- of ENTITY-declaratie; een vragenlijstbestand heeft die "
        "nooit, dus het wordt niet gelezen"
    ),
    "xml_invalid": "{what} is geen geldige XML: fout op regel {line}, kolom {column}",
    "xml_empty": "{what} is leeg",
    "xml_too_many_elements": (
        "{what} heeft meer dan {limit} elementen, meer dan een vragenlijst heeft; de grens "
        "verandert met SPT_EVAL_LIMIT_DEFINITION_ELEMENTS"
    ),
    "xml_encoding": (
        "{what} is in een tekenset die niet te lezen is ('{encoding}'); LimeSurvey schrijft "
        "UTF-8: exporteer de vragenlijst opnieuw"
    ),
    "not_a_definition": (
        "'{file}' is geen vragenlijstbestand van een enquêtetool: verwacht een "
        "LimeSurvey-structuur (.lss), een Qualtrics-vragenlijst (.qsf) of een SPSS-bestand (.sav)"
    ),
    "results_columns_missing": (
        "'{file}' mist de kolom(men) {columns}; zie docs/store.md voor het schema"
    ),
}

# The wording of the rules a field or row of these files can break (`catalogue.RULES`).
FILE_RULES: dict[str, str] = {
    "row_unreadable": "{reason}",
    "column_missing": "kolom ontbreekt (verwacht: {expected})",
    "not_a_number": "'{text}' is geen getal",
    "not_yes_no": "'{text}' is geen ja of nee",
    "yes_no_needed": "vul 'ja' of 'nee' in",
    "unknown_class": "onbekende klasse '{text}' (bekend: {known})",
    "shares_sum": (
        "sectoraandelen tellen op tot {total}% in plaats van 100% (marge {margin} procentpunt)"
    ),
    "region_twice": "regio komt dubbel voor (ook in rij {earlier})",
    "tile_twice": "regio '{region}' staat er twee keer in",
    "tiles_one_place": (
        "regio '{region}' en regio '{other}' staan op dezelfde plaats (kolom {col}, rij {row})"
    ),
    "tile_not_in_regions": "regio '{region}' staat niet in het regiobestand",
    "region_without_tile": "regio '{region}' ontbreekt",
}
