"""The web page words every error for someone in a browser (issue 24): no message names a
command, an option, a settings key or an environment variable; a code whose command-line wording
does has a page wording, or is one the page cannot raise (each with its reason)."""

from __future__ import annotations

import re
import string

from test_web_runs import message, site  # noqa: F401 - `site` is the fixture used below

from evaluation.errors import MESSAGES, RULES, ErrorCode, FieldProblem, InputError, SptEvalError
from evaluation.web.wording import COMMAND_LINE_ONLY, PAGE, PAGE_RULES, page_text

# What only a terminal or a settings file understands: the program's commands and options,
# settings files and their keys, environment variables (the `{variable}` of a survey's margin
# is a survey variable, not one of the environment).
TERMINAL_WORDS = re.compile(
    r"spt-eval|(?<![\w-])--\w|\w+\.yaml|SPT_EVAL_|omgevingsvariabele|aan te passen met"
    r"|\{command\}|may_be_missing|lonely_psu|earlier_wordings"
    r"|'(?:answers|columns|aliases|label|scale|options|items|total|invited)'|year: JAAR|- id:"
    r"|fact: true|max_choices|item_aliases|total_invited"
)


def _names(wording: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(wording) if field}


def test_every_code_worded_for_a_terminal_has_a_page_wording_or_cannot_reach_the_page():
    for code, wording in MESSAGES.items():
        if TERMINAL_WORDS.search(wording):
            assert (code in PAGE) != (code in COMMAND_LINE_ONLY), code
    for code, wording in PAGE.items():
        assert not TERMINAL_WORDS.search(wording), (code, wording)
        assert TERMINAL_WORDS.search(MESSAGES[code]), f"{code}: its own wording serves the page"
        assert _names(wording) <= _names(MESSAGES[code]), code  # filled from the same params
    for code, reason in COMMAND_LINE_ONLY.items():
        assert TERMINAL_WORDS.search(MESSAGES[code]), f"{code}: its wording serves the page"
        assert reason.strip() and "\n" not in reason, code


def test_every_rule_worded_with_a_files_key_has_a_page_wording():
    for rule, wording in RULES.items():
        if TERMINAL_WORDS.search(wording):
            assert rule in PAGE_RULES, rule
    for rule, wording in PAGE_RULES.items():
        assert not TERMINAL_WORDS.search(wording), (rule, wording)
        assert _names(wording) <= _names(RULES[rule]), rule
    broken = InputError(
        ErrorCode.INVALID_FILE,
        what="codeboek",
        file="/srv/enquetes/spt2015/codebook.yaml",
        problems=(FieldProblem("", "mapped_to_unknown_column", {"heading": "V3", "target": "x"}),),
    )
    assert "mapping.yaml" in str(broken)
    assert page_text(broken) == (
        "codeboek 'codebook.yaml' is ongeldig: de opgeslagen koppeling van kolom 'V3' wijst naar "
        "'x', die niet in het codeboek staat"
    )


def test_the_page_words_a_limit_as_the_administrators_and_keeps_the_rest():
    over = InputError(
        ErrorCode.FILE_OVER_LIMIT,
        what="enquêtebestand",
        file="antwoorden 2016.csv",
        size="2.0 MB",
        limit="1 MB",
        variable="SPT_EVAL_LIMIT_INPUT_MB",
    )
    assert "SPT_EVAL" in str(over)  # the command line says which variable to set
    assert page_text(over) == (
        "enquêtebestand 'antwoorden 2016.csv' is te groot: 2.0 MB, de grens is 1 MB; vraag de "
        "beheerder van deze computer de grens te verhogen"
    )
    plain = InputError(ErrorCode.FILE_EMPTY, what="enquêtebestand", file="leeg.csv")
    assert page_text(plain) == str(plain) == "enquêtebestand 'leeg.csv' is leeg"
    nested = InputError(
        ErrorCode.DESIGN_IMPOSSIBLE,
        what="analyse",
        reason=SptEvalError(ErrorCode.LONELY_PSU, strata="'Oost'"),
    )
    assert "lonely_psu" in str(nested) and "lonely_psu" not in page_text(nested)
    assert page_text(ValueError("\x1b[31m")) == "\\x1b[31m"


def test_an_upload_over_the_input_limit_names_no_environment_variable(site, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SPT_EVAL_LIMIT_INPUT_MB", "1")
    big = b"respondent_id;spt\n" + b"1;Twente\n" * 150_000  # 1.35 MB: under the upload limit
    files = {"bestand": ("antwoorden 2016.csv", big, "text/csv")}
    r = site.post("/nieuw", files=files, data={"survey": "spt2015"})
    assert r.status_code == 422
    said = message(r)
    assert "antwoorden 2016.csv" in said and "is te groot" in said, said
    assert "vraag de beheerder van deze computer de grens te verhogen" in said
    assert "SPT_EVAL" not in r.text and "aan te passen" not in r.text


def test_a_report_to_verify_is_named_by_the_users_file(site):  # noqa: F811
    files = {"rapport": ("jaarverslag 2016.pdf", b"%PDF-1.7 kapot", "application/pdf")}
    r = site.post("/controleren", files=files)
    assert r.status_code == 422
    said = message(r)
    assert "'jaarverslag 2016.pdf'" in said, said  # not the server's own name for the upload
    assert not any((site.work / "uploads").iterdir())  # nothing of the upload is kept
