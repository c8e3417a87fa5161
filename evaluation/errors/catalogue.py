"""The Dutch wording of every error code and of every validation rule: the one catalogue the
sentences are made from, at the edge (as intake's reasons are)."""

from __future__ import annotations

from enum import StrEnum

from evaluation.errors.files_wording import FILE_RULES, FILES
from evaluation.errors.routine_wording import ROUTINE, ROUTINE_RULES


class ErrorCode(StrEnum):
    """What went wrong, independent of its wording; `MESSAGES` words each code in Dutch."""

    # files, design and intake: limits, safe_files, tables, inputs, estimation, privacy, intake,
    # definitions, spt_results, analysis, planning, manifest
    INVALID_FILE = "invalid_file"
    YAML_UNUSABLE = "yaml_unusable"
    YAML_INVALID = "yaml_invalid"
    YAML_NOT_MAPPING = "yaml_not_mapping"
    MAPPING_COLUMNS = "mapping_columns"
    MAPPING_ANSWERS = "mapping_answers"
    MAPPING_TWO_COLUMNS = "mapping_two_columns"
    DEFINITION_CHANGED = "definition_changed"
    DEFINITION_REPLACED = "definition_replaced"
    NO_GRADE_ITEM = "no_grade_item"
    MIN_N_OPTION = "min_n_option"
    YEAR_INVALID = "year_invalid"
    DESIGN_IMPOSSIBLE = "design_impossible"
    WRITE_FAILED = "write_failed"
    PORT_RANGE = "port_range"
    PORT_TAKEN = "port_taken"
    PORT_UNUSABLE = "port_unusable"
    LIMIT_SETTING_INVALID = "limit_setting_invalid"
    FILE_UNREADABLE = "file_unreadable"
    FILE_IS_FOLDER = "file_is_folder"
    FILE_NOT_REGULAR = "file_not_regular"
    FILE_OVER_LIMIT = "file_over_limit"
    FILE_GREW = "file_grew"
    XLSX_BROKEN_ZIP = "xlsx_broken_zip"
    XLSX_EXPANDS = "xlsx_expands"
    XLSX_ZIP_BOMB = "xlsx_zip_bomb"
    XLSX_TOO_MANY_STRINGS = "xlsx_too_many_strings"
    XLSX_PART_TOO_BIG = "xlsx_part_too_big"
    TOO_MANY_ROWS = "too_many_rows"
    TOO_MANY_COLUMNS = "too_many_columns"
    JSON_OVER_LIMIT = "json_over_limit"
    JSON_NOT_UTF8 = "json_not_utf8"
    JSON_DUPLICATE_KEY = "json_duplicate_key"
    JSON_INVALID = "json_invalid"
    JSON_NUMBER_TOO_LONG = "json_number_too_long"
    JSON_NOT_FINITE = "json_not_finite"
    TOO_DEEP = "too_deep"
    WRITE_TO_FAILED = "write_to_failed"
    OUTPUT_IS_LINK = "output_is_link"
    OUTPUT_IS_FOLDER = "output_is_folder"
    OUTPUT_NOT_REGULAR = "output_not_regular"
    NO_TEMPORARY_NAME = "no_temporary_name"
    NAME_NOT_RELATIVE = "name_not_relative"
    NAME_OUTSIDE_FOLDER = "name_outside_folder"
    NAME_HAS_NUL = "name_has_nul"
    KEY_FILE_MISSING = "key_file_missing"
    KEY_FILE_NOT_MADE = "key_file_not_made"
    KEY_FILE_NOT_TEXT = "key_file_not_text"
    KEY_TOO_SHORT_IN_FILE = "key_too_short_in_file"
    KEY_TOO_SHORT_IN_SETTING = "key_too_short_in_setting"
    UTF16_UNREADABLE = "utf16_unreadable"
    NOT_A_TABLE = "not_a_table"
    UNKNOWN_ENCODING = "unknown_encoding"
    MIXED_ENCODING = "mixed_encoding"
    MAC_ENCODING = "mac_encoding"
    FILE_EMPTY = "file_empty"
    NO_HEADER_ROW = "no_header_row"
    HEADER_STRAY_QUOTE = "header_stray_quote"
    CSV_NO_ROWS = "csv_no_rows"
    CSV_SHAPE = "csv_shape"
    CSV_SHAPE_AT = "csv_shape_at"
    OLD_EXCEL = "old_excel"
    XLSX_UNREADABLE = "xlsx_unreadable"
    TITLE_ABOVE_HEADER = "title_above_header"
    CSV_TITLE_ABOVE_HEADER = "csv_title_above_header"
    SAV_UNREADABLE = "sav_unreadable"
    RESULTS_NO_SHEET = "results_no_sheet"
    REGIONS_NO_SHEET = "regions_no_sheet"
    SURVEY_NO_SHEET = "survey_no_sheet"
    CHOICE_UNKNOWN = "choice_unknown"
    DESIGN_NO_ROWS = "design_no_rows"
    PSU_MISSING = "psu_missing"
    DOMAIN_NO_LEVEL = "domain_no_level"
    LONELY_PSU = "lonely_psu"
    LONELY_AVERAGE_NONE = "lonely_average_none"
    GROUP_NOT_TWO = "group_not_two"
    CALIBRATION_GAPS = "calibration_gaps"
    CALIBRATION_NO_TOTAL = "calibration_no_total"
    CALIBRATION_DEPENDENT = "calibration_dependent"
    CALIBRATION_NOT_POSITIVE = "calibration_not_positive"
    REGRESSION_NO_ROWS = "regression_no_rows"
    REGRESSION_ALL_ALIASED = "regression_all_aliased"
    FORMULA_SHAPE = "formula_shape"
    FORMULA_NO_OUTCOME = "formula_no_outcome"
    FORMULA_TERM_TWICE = "formula_term_twice"
    FORMULA_NO_TERMS = "formula_no_terms"
    COLUMN_NOT_FOUND = "column_not_found"
    ROLE_COLUMN_NOT_FOUND = "role_column_not_found"
    ROLE_COLUMN_GAPS = "role_column_gaps"
    COLUMN_NOT_NUMERIC = "column_not_numeric"
    STRATA_MISSING = "strata_missing"
    WEIGHTS_NOT_POSITIVE = "weights_not_positive"
    WEIGHTS_COUNT = "weights_count"
    FPC_MISSING = "fpc_missing"
    FPC_NOT_POSITIVE = "fpc_not_positive"
    FPC_DIFFERS = "fpc_differs"
    FPC_BELOW_SAMPLE = "fpc_below_sample"
    NOT_ZERO_ONE = "not_zero_one"
    LEVEL_OUTSIDE = "level_outside"
    POPULATION_LEVELS_MISSING = "population_levels_missing"
    NOTHING_TO_WEIGHT = "nothing_to_weight"
    POPULATION_NEEDED = "population_needed"
    POPULATION_BELOW_SAMPLE = "population_below_sample"
    LEVEL_POPULATION_BELOW_SAMPLE = "level_population_below_sample"
    RAKING_NO_MARGIN = "raking_no_margin"
    MARGIN_EMPTY = "margin_empty"
    MARGIN_LEVEL_ABSENT = "margin_level_absent"
    MARGIN_NO_TOTAL = "margin_no_total"
    MARGIN_NOT_POSITIVE = "margin_not_positive"
    MARGINS_UNEQUAL = "margins_unequal"
    RAKING_NO_CONVERGENCE = "raking_no_convergence"
    RAKING_INFEASIBLE = "raking_infeasible"
    TRIM_BOUNDS = "trim_bounds"
    TRIM_ALL_OUTSIDE = "trim_all_outside"
    REGRESSION_NO_DF = "regression_no_df"
    NO_VALID_ROWS = "no_valid_rows"
    NO_PUBLISHED_SPREAD = "no_published_spread"
    NATIONAL_ROW = "national_row"
    NO_REGIONS = "no_regions"
    CONFIRMED_UNREADABLE = "confirmed_unreadable"
    CONFIRMED_ROW_NOT_NUMBER = "confirmed_row_not_number"
    CONFIRMED_ROW_OUTSIDE = "confirmed_row_outside"
    CONFIRMED_ROW_TWICE = "confirmed_row_twice"
    ROWS_CHOSEN_BOTH = "rows_chosen_both"
    DEFINITION_LEAVES_CODES = "definition_leaves_codes"
    FILE_NOT_WRITTEN = "file_not_written"
    SUSPECTS_UNDECIDED = "suspects_undecided"
    MAY_BE_MISSING_UNKNOWN = "may_be_missing_unknown"
    QUESTION_ABSENT = "question_absent"
    QUESTIONS_ABSENT = "questions_absent"
    STATEMENT_REWORDED = "statement_reworded"
    STATEMENTS_REWORDED = "statements_reworded"
    CODES_WITHOUT_TEXT = "codes_without_text"
    ANSWER_NOT_IN_CODEBOOK = "answer_not_in_codebook"
    UNKNOWN_COMPLETION = "unknown_completion"
    HEADINGS_CUT = "headings_cut"
    HEADINGS_ARE_CODES = "headings_are_codes"
    HEADING_ROW_DELETED = "heading_row_deleted"
    CODES_NEED_DEFINITION = "codes_need_definition"
    CODES_NEED_ANY_DEFINITION = "codes_need_any_definition"
    LSS_NOT_A_SURVEY = "lss_not_a_survey"
    QSF_NO_ELEMENTS = "qsf_no_elements"
    SAV_DEFINITION_UNREADABLE = "sav_definition_unreadable"
    XML_DECLARATION = "xml_declaration"
    XML_INVALID = "xml_invalid"
    XML_EMPTY = "xml_empty"
    XML_ENCODING = "xml_encoding"
    XML_TOO_MANY_ELEMENTS = "xml_too_many_elements"
    NOT_A_DEFINITION = "not_a_definition"
    RESULTS_COLUMNS_MISSING = "results_columns_missing"
    FILE_OVER_FIXED_LIMIT = "file_over_fixed_limit"
    ROLE_COLUMN_ABSENT = "role_column_absent"
    ROLE_COLUMN_UNMAPPED = "role_column_unmapped"
    SPT_COLUMNS_DIFFER = "spt_columns_differ"
    # the routine and its outputs: store, routine, audit, regions, report, exchange, web, commands
    STORE_UNUSABLE = "store_unusable"
    STORE_DAMAGED = "store_damaged"
    STORE_INPUTS_DAMAGED = "store_inputs_damaged"
    STORE_PATH = "store_path"
    STORE_LINK = "store_link"
    STORE_FOLDER = "store_folder"
    STORE_NOT_FILE = "store_not_file"
    STORE_MISSING = "store_missing"
    STORE_FOLDER_FAILED = "store_folder_failed"
    STORE_TOO_NEW = "store_too_new"
    STORE_NOT_A_STORE = "store_not_a_store"
    STORE_EMPTY = "store_empty"
    YEAR_NOT_STORED = "year_not_stored"
    RESULTS_STORED = "results_stored"
    YEAR_TAKEN = "year_taken"
    YEAR_INPUTS_CHANGED = "year_inputs_changed"
    YEAR_PUBLISHED = "year_published"
    DEFINITION_UNFIT = "definition_unfit"
    DEFINITION_UNFIT_MORE = "definition_unfit_more"
    DEFINITION_NO_QUESTION = "definition_no_question"
    DEFINITION_NO_QUESTION_IN = "definition_no_question_in"
    DEFINITION_NO_COLUMN = "definition_no_column"
    SPT_NOT_IN_REGISTER = "spt_not_in_register"
    ALIAS_UNUSABLE = "alias_unusable"
    ALIASES_FORM = "aliases_form"
    SPT_NOT_A_NAME = "spt_not_a_name"
    QUESTION_UNKNOWN = "question_unknown"
    NO_SETTINGS_FILE = "no_settings_file"
    NO_MAY_BE_MISSING = "no_may_be_missing"
    MAPPING_NOT_SAVED = "mapping_not_saved"
    MAPPING_FORM = "mapping_form"
    NOT_ROW_NUMBERS = "not_row_numbers"
    ROWS_NOT_LISTED = "rows_not_listed"
    NO_SETTINGS_YEAR = "no_settings_year"
    QUESTION_NOT_ON_OWN_LINE = "question_not_on_own_line"
    NOT_REWORDED = "not_reworded"
    ALREADY_DECIDED = "already_decided"
    SAME_AND_NEW = "same_and_new"
    NOT_WRITTEN = "not_written"
    NOT_A_CODEBOOK_COLUMN = "not_a_codebook_column"
    COLUMN_TAKEN = "column_taken"
    NO_PLAN = "no_plan"
    WRONG_YEAR = "wrong_year"
    SAME_FILE_OTHER_YEAR = "same_file_other_year"
    INVALID_CHOICE = "invalid_choice"
    SURVEY_FOLDER_UNKNOWN = "survey_folder_unknown"
    NOT_UTF8 = "not_utf8"
    MANIFEST_SETTINGS_INVALID = "manifest_settings_invalid"
    MANIFEST_SETTINGS_MISSING = "manifest_settings_missing"
    PDF_UNREADABLE = "pdf_unreadable"
    PDF_TWO_ATTACHMENTS = "pdf_two_attachments"
    ATTACHMENT_TOO_BIG = "attachment_too_big"
    PDF_NO_ATTACHMENTS = "pdf_no_attachments"
    PDF_MISSING_ATTACHMENTS = "pdf_missing_attachments"
    NOT_A_JSON_OBJECT = "not_a_json_object"
    REPORT_MISSING = "report_missing"
    RECORD_INVALID = "record_invalid"
    RECORD_DISCLOSURE = "record_disclosure"
    PRINTED_UNREADABLE = "printed_unreadable"
    TRENDS_INVALID = "trends_invalid"
    SURVEY_NOT_BESIDE = "survey_not_beside"
    AUDIT_POPULATION = "audit_population"
    REGION_RULES_INVALID = "region_rules_invalid"
    SPT_REGION_UNKNOWN = "spt_region_unknown"
    SPT_REGION_UNKNOWN_NEAR = "spt_region_unknown_near"
    REGION_OF_TWO_SPTS = "region_of_two_spts"
    PACKAGE_NO_RESOURCES = "package_no_resources"
    PACKAGE_NO_RESULTS = "package_no_results"
    PACKAGE_TABLE_NOT_CSV = "package_table_not_csv"
    PACKAGE_FILE_MISSING = "package_file_missing"
    FOLDER_IS_LINK = "folder_is_link"
    FOLDER_CONFIDENTIAL = "folder_confidential"
    SET_OPTION_FORM = "set_option_form"
    NO_EVIDENCE_FOR = "no_evidence_for"
    REPORT_NEEDS_INPUT = "report_needs_input"
    STORE_NEEDS_YEAR = "store_needs_year"
    FOLDER_EXISTS = "folder_exists"
    FOLDER_NOT_MADE = "folder_not_made"
    KEEP_DAYS_RANGE = "keep_days_range"
    UPLOAD_LIMIT_TOO_SMALL = "upload_limit_too_small"
    PDF_NOT_WRITTEN = "pdf_not_written"
    FORM_UNREADABLE = "form_unreadable"
    NUMBER_RANGE = "number_range"
    RUN_BUSY = "run_busy"
    NO_DEFINITION_HERE = "no_definition_here"
    NO_ROWS_TO_DECIDE = "no_rows_to_decide"
    CHOOSE_TEST_OR_COUNTS = "choose_test_or_counts"
    CHOOSE_SAME_OR_NEW = "choose_same_or_new"
    NOT_REWORDED_IN = "not_reworded_in"
    CHOOSE_SURVEY_FOLDER = "choose_survey_folder"
    SAME_NAME_AS_EXPORT = "same_name_as_export"
    MONITOR_EMPTY = "monitor_empty"
    RUN_UNKNOWN = "run_unknown"
    RUN_GONE = "run_gone"
    CHOOSE_A_FILE = "choose_a_file"
    FILE_NAME_WITH_FOLDER = "file_name_with_folder"
    FILE_NAME_CHARACTERS = "file_name_characters"
    FILE_KIND_REFUSED = "file_kind_refused"
    NO_SURVEY_FOLDERS = "no_survey_folders"
    NOT_CHECKED_YET = "not_checked_yet"
    COLUMNS_CHANGED = "columns_changed"
    MAP_COLUMNS_FIRST = "map_columns_first"
    DECIDE_ROWS_FIRST = "decide_rows_first"
    REPORT_BUSY = "report_busy"
    CONFIRM_YEAR_FIRST = "confirm_year_first"
    REPORT_FIRST = "report_first"
    YEAR_IN_MONITOR = "year_in_monitor"
    NOTHING_TO_VERIFY = "nothing_to_verify"
    YEAR_NOT_IN_MONITOR = "year_not_in_monitor"
    UNSAFE_RESOURCE = "unsafe_resource"
    RESOURCE_UNREADABLE = "resource_unreadable"
    REWORDING_YEAR = "rewording_year"
    REPORT_YEAR_NOT_STORED = "report_year_not_stored"
    REPORT_OTHER_YEAR = "report_other_year"
    STORE_VERIFY_ALONE = "store_verify_alone"
    REWORDED_ONE = "reworded_one"
    REWORDED_MANY = "reworded_many"
    MISSING_QUESTION = "missing_question"
    MISSING_QUESTIONS = "missing_questions"
    NO_ID_OR_SPT_COLUMN = "no_id_or_spt_column"


MAX_PROBLEMS = 10  # problems of one file named on its one line; the rest are counted

# The one wording of each code; `{name}` is filled from the error's parameters.
MESSAGES: dict[ErrorCode, str] = {
    # files, design and intake
    ErrorCode.INVALID_FILE: "{what} '{file}' is ongeldig{problems}",
    ErrorCode.YAML_UNUSABLE: "{what} '{file}' is geen bruikbare YAML: {reason}",
    ErrorCode.YAML_INVALID: "{what} '{file}' is geen geldige YAML: {reason}",
    ErrorCode.YAML_NOT_MAPPING: "{what} '{file}' bevat geen {expected}",
    ErrorCode.MAPPING_COLUMNS: (
        "koppelbestand '{file}' is ongeldig: onder 'columns' hoort per regel "
        "'kolom in het bestand: kolom in het codeboek'"
    ),
    ErrorCode.MAPPING_TWO_COLUMNS: (
        "mapping.yaml koppelt de kolommen '{first}' en '{second}' van dit bestand allebei aan "
        "'{target}'; verwijder of verbeter één van beide regels"
    ),
    ErrorCode.MAPPING_ANSWERS: (
        "koppelbestand '{file}' is ongeldig: onder 'answers' hoort per kolom "
        "'antwoordcode: code in het codeboek'"
    ),
    ErrorCode.NO_GRADE_ITEM: "geen enkele stelling van de tevredenheidsscore staat in het bestand",
    ErrorCode.MIN_N_OPTION: (
        "ongeldige instellingen: de minimale n (--min-n) moet minstens 1 zijn (nu: {value})"
    ),
    ErrorCode.YEAR_INVALID: "{what} {year} is geen geldig jaartal (tussen {low} en {high})",
    ErrorCode.DESIGN_IMPOSSIBLE: "{what} niet mogelijk: {reason}",
    ErrorCode.WRITE_FAILED: "kan niet schrijven in '{folder}': {reason}",
    ErrorCode.PORT_RANGE: "poort {port} bestaat niet (kies 1-65535)",
    ErrorCode.PORT_TAKEN: (
        "poort {port} is al in gebruik, door een ander programma of een monitor die al draait; "
        "kies een andere poort met --port (bijvoorbeeld --port {other})"
    ),
    ErrorCode.PORT_UNUSABLE: "poort {port} is niet te gebruiken: {reason}",
    **{ErrorCode(code): text for code, text in FILES.items()},
    # the routine and its outputs
    **{ErrorCode(code): text for code, text in ROUTINE.items()},
}

# The one wording of each Pydantic rule (its error type); `{name}` from the error's context.
RULES: dict[str, str] = {
    "missing": "dit veld ontbreekt",
    "extra_forbidden": "onbekend veld (tikfout? controleer de naam)",
    "int_parsing": "hier hoort een geheel getal",
    "int_type": "hier hoort een geheel getal",
    "int_from_float": "hier hoort een geheel getal",
    "float_parsing": "hier hoort een getal",
    "float_type": "hier hoort een getal",
    "finite_number": "hier hoort een eindig getal",
    "bool_parsing": "hier hoort true of false",
    "bool_type": "hier hoort true of false",
    "string_type": "hier hoort een tekst",
    "string_too_short": "mag niet leeg zijn",
    "too_short": "de lijst is leeg",
    "list_type": "hier hoort een lijst",
    "dict_type": "hier hoort een lijst met namen en waarden ('naam: waarde')",
    "model_type": "hier hoort een lijst met namen en waarden ('naam: waarde')",
    "model_attributes_type": "hier hoort een lijst met namen en waarden ('naam: waarde')",
    "greater_than_equal": "moet minstens {ge} zijn",
    "greater_than": "moet groter zijn dan {gt}",
    "less_than_equal": "moet hooguit {le} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "literal_error": "kies uit {expected}",
    "enum": "kies uit {expected}",
    "value_error": "{error}",
    "wrong_kind": "verkeerd soort waarde",
    "invalid": "ongeldige waarde",
    **FILE_RULES,  # the rules of the files of the lower packages
    # the codebook's own rules
    "scale_without_codes": "een antwoordschaal heeft minstens één geldige code nodig",
    "code_valid_and_missing": "code(s) {codes} zijn zowel geldig als ontbrekend",
    "alias_of_unknown_answer": "alias voor onbekend antwoord '{label}'",
    "scale_or_options": "vraag '{question}': geef precies één van 'scale' of 'options'",
    "items_needed": "vraag '{question}' ({kind}) heeft 'items' nodig",
    "total_needed": "vraag '{question}': een verdeling heeft 'total' nodig (bijv. 100)",
    "single_with_items": "vraag '{question}': een enkele vraag heeft geen 'items'",
    "earlier_wording_is_current": (
        "vraag '{question}': earlier_wordings noemt de huidige tekst; daar horen alleen "
        "eerdere teksten"
    ),
    "not_a_fact": (
        "vraag '{question}': een stelling, een eigen oordeel of vrije tekst is geen feit over "
        "het SPT; haal 'fact: true' weg"
    ),
    "max_choices_outside": (
        "vraag '{question}': max_choices hoort bij een aanvinkvraag (type multi, aangevinkt "
        "of niet) en ligt tussen 1 en het aantal items ({items})"
    ),
    "unknown_item_aliases": (
        "vraag '{question}': item_aliases noemt onbekende items {items}; gebruik de namen "
        "onder 'items'"
    ),
    "unknown_scale": "vraag '{question}' verwijst naar onbekende schaal '{scale}'",
    "column_twice": "kolom '{column}' komt twee keer voor in het codeboek",
    "grade_item_without_scale": (
        "tevredenheidsschaal: '{item}' is geen vraag met een antwoordschaal"
    ),
    "min_valid_outside": "tevredenheidsschaal: min_valid ligt buiten 1..aantal items",
    "mapped_to_unknown_column": (
        "mapping.yaml koppelt kolom '{heading}' aan '{target}', maar die kolom staat niet in "
        "het codeboek; verbeter of verwijder die regel"
    ),
    "codes_for_unmapped_column": (
        "mapping.yaml geeft antwoordcodes voor kolom '{heading}', maar koppelt die kolom niet "
        "onder 'columns'"
    ),
    "code_not_in_scale": (
        "mapping.yaml: antwoordcode '{code}' van kolom '{heading}' wijst naar '{target_code}', "
        "geen code van '{target}' in het codeboek"
    ),
    # the register's own rules
    "name_of_two_points": "naam of alias '{name}' hoort bij twee servicepunten",
    "previous_name_of_two_points": (
        "vroegere naam '{name}' hoort bij twee servicepunten of is de naam van een ander "
        "servicepunt"
    ),
    "invited_total_differs": (
        "total_invited is {total}, maar de aantallen 'invited' van de servicepunten tellen op "
        "tot {sum}; maak ze gelijk of laat total_invited weg (dan wordt het de som)"
    ),
    # the settings' own rules
    "bad_pattern": "geen geldig zoekpatroon (reguliere expressie){where}",
    **ROUTINE_RULES,  # the rules of the files of the upper packages
}
NO_VALUE_SHOWN = ("missing", "extra_forbidden")  # rules whose input is not worth repeating
