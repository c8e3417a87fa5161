"""Attacks on the surfaces issue 26 added: survey definition files (.lss, .qsf), mapping.yaml as
map writes it and validate reads it, bevestigd.yaml (the user's test-row decisions) and the web
page's survey-file step. Each stops with one Dutch line, or places nothing silently wrong."""

from __future__ import annotations

import csv
import json
import re
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from definition_demo import DEMO
from definition_lime import write_export as lime_export
from definition_lime import write_lss
from definition_qualtrics import write_export as qualtrics_export
from definition_qualtrics import write_qsf

from evaluation.cli import main
from evaluation.definitions.read import read_definition
from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.routine.definition import place_by_definition
from evaluation.tables.html_text import MAX_TEXT, plain_text

REAL = Path(__file__).resolve().parent / "fixtures" / "definitions"


@pytest.fixture
def survey(tmp_path) -> Path:
    folder = tmp_path / "survey"
    folder.mkdir()
    for name in ("codebook.yaml", "service_points.yaml", "settings.yaml"):
        shutil.copy(DEMO.parent / name, folder / name)
    return folder / "codebook.yaml"


def stops(capsys, args: list[str], *says: str) -> str:
    """The command exits 2 with one Dutch 'fout:' line holding `says`, and no traceback."""
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("fout: ") and "\n" not in err and "Traceback" not in err, err
    for part in says:
        assert part in err, err
    return err


# --- the definition files -------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["shift_jis", "x-nonsense", "EUC-JP"])
def test_an_lss_declaring_an_encoding_expat_cannot_read_is_one_dutch_line(tmp_path, encoding):
    text = (REAL / "limesurvey6_blank_survey.lss").read_text(encoding="utf-8")
    text = re.sub(r'encoding="[^"]+"', f'encoding="{encoding}"', text, count=1)
    path = tmp_path / "vragenlijst.lss"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_definition(path)
    assert f"tekenset die niet te lezen is ('{encoding}')" in str(exc.value)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("NaN", "de waarde 'NaN'"),
        ("-Infinity", "de waarde '-Infinity'"),
        ("1e999", "de waarde '1e999'"),  # too large for a float: read as Infinity
        ("9" * 5000, "meer dan 4300 cijfers"),  # beyond Python's int conversion
    ],
)
def test_a_qsf_with_a_number_json_has_not_is_refused(tmp_path, value, says):
    text = (REAL / "qualtrics_single_answer_matrix.qsf").read_text(encoding="utf-8")
    doc = json.loads(text)
    doc["SurveyEntry"]["SurveyID"] = "@@"
    path = tmp_path / "vragenlijst.qsf"
    path.write_text(json.dumps(doc).replace('"@@"', value), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_definition(path)
    assert says in str(exc.value)


def test_a_definition_file_beyond_its_size_or_element_limit_is_refused(tmp_path, monkeypatch):
    """A million-question .lss (170 MB) took 95 s and 2.3 GB before it said no question
    matched; the file's size and its XML elements are limits (each a setting)."""
    monkeypatch.setenv("SPT_EVAL_LIMIT_DEFINITION_MB", "1")
    row = "<row><qid>{0}</qid><type>T</type><title>Q{0}</title></row>"
    body = "".join(row.format(i) for i in range(30_000))
    path = tmp_path / "groot.lss"
    path.write_text(
        "<document><LimeSurveyDocType>Survey</LimeSurveyDocType><questions><rows>"
        f"{body}</rows></questions></document>",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as exc:
        read_definition(path)
    assert "de grens is 1 MB" in str(exc.value) and "SPT_EVAL_LIMIT_DEFINITION_MB" in str(exc.value)
    qsf = tmp_path / "groot.qsf"
    qsf.write_text('{"SurveyElements": [' + ", ".join(["{}"] * 400_000) + "]}", encoding="utf-8")
    with pytest.raises(InputError, match="de grens is 1 MB"):
        read_definition(qsf)
    monkeypatch.setenv("SPT_EVAL_LIMIT_DEFINITION_MB", "30")
    monkeypatch.setenv("SPT_EVAL_LIMIT_DEFINITION_ELEMENTS", "50000")
    with pytest.raises(InputError) as exc:
        read_definition(path)
    assert "meer dan 50000 elementen" in str(exc.value)
    flat = tmp_path / "vlak.qsf"  # 27 MB of empty lists took 40 s and 1.4 GB
    flat.write_text('{"SurveyElements": [' + ",".join(["[]"] * 60_000) + "]}", encoding="utf-8")
    with pytest.raises(InputError, match="meer dan 50000 elementen"):
        read_definition(flat)
    monkeypatch.setenv("SPT_EVAL_LIMIT_DEFINITION_ELEMENTS", "200000")
    assert read_definition(path).columns[0].code == "Q0"  # within both: read


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<p class='a>b'>Vraag</p>", "Vraag"),  # a '>' inside a quoted attribute
        ('<img src="x" onerror="alert(1)">Vraag<!-- <b>opmerking</b> -->', "Vraag"),
        ("Vraag<script>document.write('<p>x</p>')", "Vraag"),  # a script never closed
        ("a < b en c > d", "a < b en c > d"),  # no tag: text
        ("&amp;lt;b&amp;gt;", "<b>"),  # double-escaped, shown once
    ],
)
def test_questionnaire_html_becomes_its_text(html, shown):
    assert plain_text(html) == shown


@pytest.mark.parametrize("text", ["<a" * 200_000, '<a "x' * 150_000, "<!" * 200_000,
                                  "<b>x</b>&amp;" * 100_000])  # fmt: skip
def test_questionnaire_html_is_read_in_linear_time(text):
    """A questionnaire text of 1.5 million tags took an HTML parser 51 s; unclosed tags and
    quotes must not make the reading quadratic either."""
    started = time.perf_counter()
    shown = plain_text(text)
    assert time.perf_counter() - started < 3 and len(shown) <= MAX_TEXT


def test_an_lss_answer_code_listed_twice_with_two_texts_is_known_as_such(tmp_path):
    """A real LimeSurvey 5 file whose list gets a second answer '2' (another aid, another
    text): the reader keeps the first text and records the second, never the last silently."""
    text = (REAL / "limesurvey5_answer_sets.lss").read_text(encoding="utf-8")
    text = text.replace("<code><![CDATA[3]]></code>", "<code><![CDATA[2]]></code>", 1)
    path = tmp_path / "dubbel.lss"
    path.write_text(text, encoding="utf-8")
    (col,) = read_definition(path).columns
    assert col.answers["2"] == "Zweiter Eintrag" and "3" not in col.answers
    assert col.twice == {"2": ("Zweiter Eintrag", "Dritter Eintrag")}
    (same,) = read_definition(REAL / "limesurvey5_answer_sets.lss").columns
    assert same.twice == {}


def test_a_qsf_matrix_recoding_two_scale_points_to_one_value_stops_map(tmp_path, survey, capsys):
    """Two scale points of a matrix recoded to one value: an export's '2' could be either, so
    map stops and writes nothing (the export holds only codes that exist, as the tool wrote)."""
    cb = load_codebook()
    export = qualtrics_export(tmp_path / "q.csv", cb)
    qsf = write_qsf(tmp_path / "q.qsf", cb)
    doc = json.loads(qsf.read_text(encoding="utf-8"))
    payloads = [e["Payload"] for e in doc["SurveyElements"] if e["Element"] == "SQ"]
    matrix = next(p for p in payloads if p.get("QuestionType") == "Matrix")
    matrix["RecodeValues"]["1"] = matrix["RecodeValues"]["2"]
    qsf.write_text(json.dumps(doc), encoding="utf-8")
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(qsf)]
    stops(capsys, args, "staat twee keer in de vragenlijst", "mapping.yaml is niet geschreven")
    assert not (survey.parent / "mapping.yaml").exists()


def _code_text_export(tmp_path: Path, version: str) -> tuple[Path, Path]:
    """A LimeSurvey export of the demo with 'code. text' headings, and its .lss."""
    cb = load_codebook()
    export = lime_export(tmp_path / "lime.csv", cb, version)
    lss = write_lss(tmp_path / "lime.lss", cb, version)
    texts = {n: c.item or c.question for c in read_definition(lss).columns for n in c.names}
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    frame.columns = [f"{h}. {texts[h]}" if h in texts else h for h in frame.columns]
    frame.to_csv(export, index=False)
    return export, lss


def _swap_statements_lss(tmp_path: Path) -> tuple[Path, Path]:
    """A LimeSurvey 'code. text' export of the demo, and an .lss of another version of the
    questionnaire: the first two statements of the first array change places (same scale)."""
    export, lss = _code_text_export(tmp_path, "6")
    first = next(c for c in read_definition(lss).columns if c.item)
    second = next(c for c in read_definition(lss).columns if c.item and c.item != first.item)
    text = lss.read_text(encoding="utf-8")
    assert text.count(first.item) == text.count(second.item) == 1
    text = text.replace(first.item, "@@").replace(second.item, first.item)
    lss.write_text(text.replace("@@", second.item), encoding="utf-8")
    return export, lss


def test_a_definition_whose_statement_texts_the_export_contradicts_stops(tmp_path, survey, capsys):
    """The export names its own columns ('Q03[SQ001]. De werking van het SPT is goed'); a
    survey file of another version, whose Q03[SQ001] is another statement on the same scale,
    would place every answer under the wrong statement: map says so and writes nothing."""
    export, lss = _swap_statements_lss(tmp_path)
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(lss)]
    stops(capsys, args, "heet in de export zelf", "andere (versie van de) enquête")
    assert not (survey.parent / "mapping.yaml").exists()


def test_map_does_not_end_well_while_columns_keep_codes_its_survey_file_cannot_explain(
    tmp_path, survey, capsys
):
    """Two statements of one array under one subquestion code (SQ002 twice): their headings
    name two questions of the .lss, so neither is placed; found by their heading texts they
    still hold A1.. codes. map stopped with 0 and validate asked for the survey file again;
    map now says what helps (the rule came from a .qsf whose export tags collide)."""
    export, lss = _code_text_export(tmp_path, "3")
    text = lss.read_text(encoding="utf-8")
    twice = text.replace("<title><![CDATA[SQ001]]></title>", "<title><![CDATA[SQ002]]></title>", 1)
    lss.write_text(twice, encoding="utf-8")
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(lss)]
    stops(capsys, args, "houden antwoordcodes die 'lime.lss' niet uitlegt", "als tekst")


def test_the_web_step_places_a_qualtrics_export_as_map_does(tmp_path, survey):
    """The page's survey-file step takes Qualtrics' heading rows off before it reads answer
    codes (they are the question texts and ImportIds, not answers), as map does."""
    cb = load_codebook()
    export = qualtrics_export(tmp_path / "q.csv", cb)
    qsf = write_qsf(tmp_path / "q.qsf", cb)
    codebook = load_codebook(survey)
    found = place_by_definition(export, qsf, codebook, load_register(register_path(codebook)))
    assert len(found.placed) == 65 and not found.problems
    assert load_codebook(survey).answer_codes["Q1"]["4"] == "Rijnmond"


# --- mapping.yaml ---------------------------------------------------------------------------


def test_two_columns_of_one_export_mapped_to_one_target_stop_validate(tmp_path, survey, capsys):
    """A hand edit gives two columns of the export the same codebook column: validate does not
    pick one and call the other unknown; a line for a heading of another export is fine."""
    (survey.parent / "mapping.yaml").write_text(
        'columns:\n  "De werking van het SPT is goed": werking_beter\n'
        '  "werking_beter": werking_beter\n', encoding="utf-8",
    )  # fmt: skip
    args = ["validate", str(DEMO), "--codebook", str(survey)]
    stops(capsys, args, "'De werking van het SPT is goed' en 'werking_beter'", "werking_beter")
    (survey.parent / "mapping.yaml").write_text(
        'columns:\n  "Q03[SQ002]": werking_beter\n  "werking_beter": werking_beter\n',
        encoding="utf-8",
    )
    assert main(args) == 0


def test_a_survey_file_changed_since_map_stops_every_run_until_mapped_again(
    tmp_path, survey, capsys
):
    """mapping.yaml records the survey file's path and SHA-256: when the file is edited after
    map (two answers of a list change places), the recorded codes would read a later export
    with the old meanings, so every run of another export stops until map is run with it
    again; the export it was mapped beside still reads (its codes are the recorded ones)."""
    cb = load_codebook()
    export = lime_export(tmp_path / "lime.csv", cb, "3")
    lss = write_lss(tmp_path / "lime.lss", cb, "3")
    args = ["map", str(export), "--codebook", str(survey), "--survey-file", str(lss)]
    assert main(args) == 0
    check = ["validate", str(export), "--codebook", str(survey)]
    assert main(check) == 0 and "Let op: de antwoordcodes" not in capsys.readouterr().out
    text = lss.read_text(encoding="utf-8")
    text = text.replace("Actief betrokken", "@@").replace("Op de achtergrond", "Actief betrokken")
    lss.write_text(text.replace("@@", "Op de achtergrond"), encoding="utf-8")
    assert main(check) == 0  # the export it was mapped beside: mapping.yaml holds its codes
    later = tmp_path / "later.csv"  # a later export of the edited questionnaire
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    later.write_text("".join(lines[:-3]), encoding="utf-8")
    check = ["validate", str(later), "--codebook", str(survey)]
    stops(capsys, check, "de vragenlijst 'lime.lss' is veranderd sinds mapping.yaml", "map")
    args = ["map", str(later), "--codebook", str(survey), "--survey-file", str(lss)]
    assert main(args) == 0 and main(check) == 0


def test_codes_mapped_beside_another_export_are_said_to_hold_only_for_the_same_survey(
    tmp_path, survey, capsys
):
    cb = load_codebook()
    export = qualtrics_export(tmp_path / "q.csv", cb)
    qsf = write_qsf(tmp_path / "q.qsf", cb)
    assert main(["map", str(export), "--codebook", str(survey), "--survey-file", str(qsf)]) == 0
    later = tmp_path / "q_later.csv"
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    later.write_text("".join(lines[:-5]), encoding="utf-8")  # the same survey, fewer rows
    capsys.readouterr()
    assert main(["validate", str(later), "--codebook", str(survey)]) == 0
    out = capsys.readouterr().out
    assert "komen uit vragenlijst 'q.qsf', gekoppeld bij export 'q.csv'" in out
    assert "map q_later.csv --survey-file VRAGENLIJST" in out


@pytest.mark.parametrize("key", ["yes", "1.5", "null", "true"])
def test_an_answer_code_yaml_reads_as_another_kind_is_refused_not_read_as_its_text(survey, key):
    """map writes every answer code quoted; a hand-edited `yes:` or `1.5:` would be read as
    'True' or '1.5' and never equal the export's code: refused, naming the 'answers' key."""
    (survey.parent / "mapping.yaml").write_text(
        f'columns:\n  "Q1": achtergrond\nanswers:\n  "Q1":\n    {key}: 1\n', encoding="utf-8"
    )
    with pytest.raises(InputError, match="onder 'answers' hoort per kolom"):
        load_codebook(survey)
    (survey.parent / "mapping.yaml").write_text(
        'columns:\n  "Q1": achtergrond\nanswers:\n  "Q1":\n    7: 1\n    "A2": 2\n',
        encoding="utf-8",
    )
    assert load_codebook(survey).answer_codes["Q1"] == {"7": 1, "A2": 2}


# --- bevestigd.yaml -------------------------------------------------------------------------


@pytest.fixture
def suspect_export(tmp_path) -> Path:
    """The demo with 'test' in two respondents' remarks: rows 3 and 9 are asked about."""
    with DEMO.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    remark = rows[0].index("Opmerking of toelichting")
    rows[3][remark], rows[9][remark] = "test door beheerder", "dit is een test"
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)
    return path


@pytest.mark.parametrize(
    ("exclude", "keep", "says"),
    [
        ("[3, 48]", "[]", "rij 48 van 'export.csv', maar die export heeft rij 1 tot en met 47"),
        ("[-1]", "[]", "noemt rij -1"),
        ("[0]", "[]", "noemt rij 0"),
        ("[3.7]", "[]", "geen getal"),
        ("[true]", "[]", "geen getal"),
        ('"39"', "[]", "geen getal"),  # was read as the rows 3 and 9
        ("{3: 1}", "[]", "geen getal"),
        ("[3]", "[3]", "zowel onder 'exclude' als onder 'keep'"),
    ],
)  # fmt: skip
def test_a_hand_edited_decision_the_export_cannot_hold_stops(
    survey, suspect_export, capsys, exclude, keep, says
):
    sha = __import__("hashlib").sha256(suspect_export.read_bytes()).hexdigest()
    (survey.parent / "bevestigd.yaml").write_text(
        f'"{sha}":\n  file: export.csv\n  exclude: {exclude}\n  keep: {keep}\n', encoding="utf-8"
    )
    stops(capsys, ["validate", str(suspect_export), "--codebook", str(survey)], says)
    # --confirm-tests reads the file before it writes it: the same line, nothing written
    before = (survey.parent / "bevestigd.yaml").read_bytes()
    args = ["validate", str(suspect_export), "--codebook", str(survey), "--confirm-tests", "9"]
    stops(capsys, args, says)
    assert (survey.parent / "bevestigd.yaml").read_bytes() == before


def test_decisions_within_the_export_are_followed(survey, suspect_export, capsys):
    args = ["validate", str(suspect_export), "--codebook", str(survey)]
    assert main([*args, "--confirm-tests", "3", "--not-tests", "9"]) == 0
    capsys.readouterr()
    assert main(args) == 0
    assert "47 = 46 + 0 + 1 (klopt)" in capsys.readouterr().out


@pytest.mark.parametrize("rows", ["3_9", "+3", "\u0663", "3;9"])
def test_row_numbers_on_the_command_line_are_plain_digits(survey, suspect_export, capsys, rows):
    """int() reads '3_9' as 39 and an Arabic-Indic digit as 3: a typo would decide another
    listed row. Only digits 0-9 separated by commas are row numbers."""
    args = ["validate", str(suspect_export), "--codebook", str(survey), f"--confirm-tests={rows}"]
    stops(capsys, args, "zijn geen rijnummers")
    assert not (survey.parent / "bevestigd.yaml").exists()


def test_a_row_both_confirmed_and_kept_in_one_command_is_refused(survey, suspect_export, capsys):
    args = ["validate", str(suspect_export), "--codebook", str(survey)]
    stops(capsys, [*args, "--confirm-tests", "alle", "--not-tests", "9"], "rij 9 is zowel als test")
    assert not (survey.parent / "bevestigd.yaml").exists()
