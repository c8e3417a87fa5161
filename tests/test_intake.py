"""Survey intake: readers and dialects, column matching, item and row faults, reconciliation."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.intake.cells import parse_number
from evaluation.intake.quarantine import write_quarantine
from evaluation.intake.reasons import Code, reason_label, reason_text
from evaluation.intake.result import Problem
from evaluation.intake.validate import read_survey

DEMO = Path(__file__).resolve().parent.parent / "surveys" / "spt2015" / "demo_responses.csv"


@pytest.fixture(scope="module")
def cb():
    return load_codebook()


@pytest.fixture(scope="module")
def reg(cb):
    return load_register(register_path(cb))


def write(tmp_path: Path, text: str, name: str = "export.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def read(tmp_path, cb, reg, text, **kw):
    return read_survey(write(tmp_path, text, **kw), cb, reg)


ADD_SPT = "; voeg het toe aan service_points.yaml (onder service_points of als aliases)"


def reconciles(result) -> bool:
    return result.rows_read == result.valid + result.quarantined + result.excluded


# ---------------------------------------------------------------------------------------------
# The demo file


def test_demo_file_gives_47_valid_rows_with_appendix_1_counts(cb, reg):
    r = read_survey(DEMO, cb, reg)
    assert (r.rows_read, r.valid, r.quarantined, r.item_errors) == (47, 47, 0, 0)
    assert r.unknown_columns == []
    per_spt = r.responses["spt"].value_counts().to_dict()
    assert per_spt == {
        "Achterhoek": 4,
        "Noord-Holland": 8,
        "Rijk van Nijmegen": 1,
        "Rijnmond": 2,
        "Stedendriehoek": 7,
        "Twente": 5,
        "West-Brabant": 10,
        "IJsselvechtstreek": 6,
        "Zuid-Limburg": 3,
        "Zuidoost-Brabant": 1,
    }
    assert r.responses["achtergrond"].value_counts().to_dict() == {
        5.0: 13,
        3.0: 11,
        1.0: 10,
        4.0: 7,
        2.0: 6,
    }
    assert r.responses["respondent_id"].str.startswith("DEMO-").all()
    assert r.source_sha256 == hashlib.sha256(DEMO.read_bytes()).hexdigest()


def test_demo_answers_are_plausible(cb, reg):
    r = read_survey(DEMO, cb, reg)
    df = r.responses
    sat = df[cb.satisfaction.items].copy()
    sat["werking_beter"] = 6 - sat["werking_beter"]
    grade = sat.mean(axis=1).where(sat.notna().sum(axis=1) >= cb.satisfaction.min_valid)
    by_spt = grade.groupby(df["spt"]).mean()
    assert round(by_spt.mean(), 1) == 2.9
    assert 1.9 <= by_spt.min() <= 2.4 and 3.4 <= by_spt.max() <= 3.8
    agree = (df["nut_techniek"] >= 4).sum() / 43
    assert 0.8 <= agree <= 0.9
    assert (r.missing["nut_techniek"] == "weet niet").sum() >= 1
    for q in ("gebruikers", "sectoren"):
        totals = df[list(cb.question(q).columns())].sum(axis=1)
        assert np.allclose(totals, 100)
    assert df["opmerking"].dropna().str.contains("@example.nl").any()


def test_demo_generator_is_seeded(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_demo", DEMO.parent / "make_demo.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    frame = mod.make_demo()
    out = tmp_path / "demo.csv"
    frame.to_csv(out, sep=";", index=False, encoding="utf-8", lineterminator="\n")
    assert out.read_bytes() == DEMO.read_bytes()


# ---------------------------------------------------------------------------------------------
# Readers and dialects

BASIC = [
    ["respondent_id", "spt", "werking_goed", "trekker", "gebr_uwv", "gebr_klein", "opmerking"],
    ["r1", "Twente", "4", "ja", "60", "40", "Prima"],
    ["r2", "Noord-Holland", "helemaal mee eens", "weet niet", "12,5", "87,5", ""],
]


def as_csv(rows, sep=",", quote_all=False):
    def cell(c):
        if quote_all or sep in c or '"' in c:
            return '"' + c.replace('"', '""') + '"'
        return c

    return "\n".join(sep.join(cell(c) for c in r) for r in rows) + "\n"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_dialects(tmp_path, cb, reg, sep, encoding):
    rows = [list(r) for r in BASIC]
    rows[2][-1] = "Één opmerking met café"
    r = read(tmp_path, cb, reg, as_csv(rows, sep), encoding=encoding)
    assert (r.rows_read, r.valid, r.quarantined, r.item_errors) == (2, 2, 0, 0)
    df = r.responses
    assert df["werking_goed"].tolist() == [4.0, 5.0]
    assert df["trekker"].iloc[0] == 1.0 and math.isnan(df["trekker"].iloc[1])
    assert r.missing["trekker"].tolist() == [None, "weet niet"]
    assert df["gebr_uwv"].tolist() == [60.0, 12.5]
    assert df["gebr_onderwijs"].tolist() == [0.0, 0.0]  # answered allocation: blank = 0
    assert df["opmerking"].tolist() == ["Prima", "Één opmerking met café"]
    assert r.encoding == {"cp1252": "windows-1252"}.get(encoding, "utf-8")  # validate says it


@pytest.mark.parametrize(
    ("ends", "remark"),
    [("\r", "Prima"), ("\r\n", "Coördinator en café"), ("\n", "België")],
    ids=["bare CR", "é and ö", "ë"],
)
def test_excel_for_macs_csv_is_refused_not_read_as_other_letters(tmp_path, cb, reg, ends, remark):
    """'CSV (Macintosh)' is Mac Roman: its é, ë, ö are bytes Windows-1252 reads as Ž, ‘, š
    without an error. Bare CR line ends, or such a sign after a lower-case letter, stop the
    read with one line asking for CSV UTF-8 (before, "Co\u0161rdinator" was read silently)."""
    rows = [list(r) for r in BASIC]
    rows[2][-1] = remark
    path = tmp_path / "mac.csv"
    text = as_csv(rows, ";").replace("\n", ends) + "é"  # one non-ASCII byte at least
    path.write_bytes(text.encode("mac_roman"))
    with pytest.raises(InputError) as e:
        read_survey(path, cb, reg)
    assert e.value.code == "mac_encoding" and "lijkt bewaard als 'CSV (Macintosh)'" in str(e.value)
    assert "sla het bestand op als CSV UTF-8" in str(e.value)


def test_windows_1252_quotes_and_dashes_are_no_sign_of_a_mac_file(tmp_path, cb, reg):
    """Dutch Excel's own Windows-1252: curly quotes ('‘zo’n’'), a dash and the euro read as
    they are."""
    rows = [list(r) for r in BASIC]
    rows[2][-1] = "‘Zo’n’ project – € 5 – Ödön"
    r = read(tmp_path, cb, reg, as_csv(rows, ";"), encoding="cp1252")
    assert r.responses["opmerking"].iloc[1] == "‘Zo’n’ project – € 5 – Ödön"
    assert r.encoding == "windows-1252"


def test_csv_with_quoted_newlines_and_blank_lines(tmp_path, cb, reg):
    text = 'respondent_id;spt;opmerking\n1;Twente;"twee\nregels"\n\n2;Twente;"zeg ""hoi"""\n'
    r = read(tmp_path, cb, reg, text)
    assert r.valid == 2
    assert r.responses["opmerking"].tolist() == ["twee\nregels", 'zeg "hoi"']


def test_rows_with_another_cell_count_than_the_header_are_handled_in_place(tmp_path, cb, reg):
    text = (
        "respondent_id,spt,werking_goed,ambities\n"
        "1,Twente,4,4\n"
        '2,Twente,4,4,extra,"x\ny"\n'  # data beyond the header: quarantined
        "3,Twente,5\n"  # a trailing cell left out: taken as empty, as before
        "4,Twente,4,4,,\n"  # empty extra cells: nothing lost, nothing shifted
        "   \n"  # a line of spaces is a blank line
        "5,Twente,3,3\n"
    )
    r = read(tmp_path, cb, reg, text)
    assert (r.rows_read, r.valid, r.quarantined) == (5, 4, 1)
    assert r.responses["row"].tolist() == [1, 3, 4, 5]
    assert r.responses["respondent_id"].tolist() == ["1", "3", "4", "5"]
    assert r.responses.set_index("row").loc[3, "werking_goed"] == 5
    q = r.quarantine.set_index("row")
    assert q["reasons"].to_dict() == {
        2: "rij heeft 6 cellen, de kopregel 4; extra cellen: extra, x y"
    }
    faults = [(p.row, p.code, p.params) for p in r.problems if p.level == "row"]
    assert faults == [
        (2, Code.ROW_FAULT, {"cells": 6, "expected": 4, "extra": ["extra", "x\ny"]}),
    ]


def test_a_line_opening_a_quote_never_closed_is_one_row_fault(tmp_path, cb, reg):
    text = (
        "respondent_id;spt;werking_goed;opmerking\n"
        '1;Twente;4;"een regel\nover twee"\n'  # a closed quote spanning two lines: one row
        '2;Twente;"4;open\n'  # opens a quote that is never closed
        "3;Twente;5;\n"
        "4;Twente;3;\n"
    )
    r = read(tmp_path, cb, reg, text)
    assert (r.rows_read, r.valid, r.quarantined) == (4, 3, 1)
    assert r.responses["respondent_id"].tolist() == ["1", "3", "4"]
    (fault,) = [p for p in r.problems if p.code == Code.OPEN_QUOTE]
    assert (fault.row, fault.params) == (2, {"line": 4})


def test_utf16_export_is_read(tmp_path, cb, reg):
    r = read(tmp_path, cb, reg, as_csv(BASIC, "\t"), encoding="utf-16")
    assert r.valid == 2


def test_xlsx_reads_the_sheet_with_an_id_column(tmp_path, cb, reg):
    path = tmp_path / "export.xlsx"
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"toelichting": ["dit blad is uitleg"]}).to_excel(
            xw, sheet_name="Uitleg", index=False
        )
        pd.DataFrame(
            {
                "Respondentnummer": [1, 2, 3],
                "Servicepunt": ["Twente", "Zwolle", "Limburg"],
                "werking_goed": [4, 4.0, "weet niet"],
                "gebr_uwv": [50, 50.5, None],
                "gebr_klein": [50, 49.5, None],
            }
        ).to_excel(xw, sheet_name="Antwoorden", index=False)
    r = read_survey(path, cb, reg)
    assert (r.valid, r.quarantined, r.item_errors) == (3, 0, 0)
    assert r.responses["respondent_id"].tolist() == ["1", "2", "3"]
    assert r.responses["spt"].tolist() == ["Twente", "IJsselvechtstreek", "Zuid-Limburg"]
    assert r.missing["werking_goed"].tolist() == [None, None, "weet niet"]
    assert r.responses["gebr_uwv"].tolist()[:2] == [50.0, 50.5]


def test_xlsx_without_id_column_is_an_input_error(tmp_path, cb, reg):
    path = tmp_path / "export.xlsx"
    pd.DataFrame({"a": [1], "b": [2]}).to_excel(path, index=False)
    with pytest.raises(InputError, match="geen blad met een kolom respondentnummer"):
        read_survey(path, cb, reg)


def test_sav_applies_value_labels_and_user_missing(tmp_path, cb, reg):
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = pd.DataFrame(
        {
            "respnr": [1.0, 2.0, 3.0],
            "spt": [1.0, 2.0, 1.0],
            "V1": [5.0, 9.0, 99.0],  # 9 labelled 'weet niet'; 99 user-missing without label
            "V2": [1.0, 2.0, 8.0],  # SPSS codes ja = 1, nee = 2, weet niet = 8
            "ambities": [4.0, 4.0, 4.0],
        }
    )
    path = tmp_path / "export.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=["Respondentnummer", "Servicepunt", "De werking van het SPT is goed", "", ""],
        variable_value_labels={
            "spt": {1.0: "Twente", 2.0: "Rijnmond / Drechtsteden"},
            "V1": {1.0: "Helemaal mee oneens", 5.0: "Helemaal mee eens", 9.0: "Weet niet"},
            "V2": {1.0: "Ja", 2.0: "Nee", 8.0: "Weet niet"},
        },
        missing_ranges={"V1": [9.0, 99.0], "V2": [8.0]},
    )
    # V2 has no name or label in the codebook: rename through its variable label only
    r = read_survey(path, cb, reg)
    assert r.column_map["V1"] == "werking_goed"
    assert r.column_map["respnr"] == "respondent_id"
    assert "V2" in r.unknown_columns
    assert r.responses["respondent_id"].tolist() == ["1", "2", "3"]
    assert r.responses["spt"].tolist() == ["Twente", "Rijnmond", "Twente"]
    assert r.responses["werking_goed"].iloc[0] == 5.0
    assert r.missing["werking_goed"].tolist() == [None, "weet niet", None]
    assert math.isnan(r.responses["werking_goed"].iloc[2])  # unlabelled user-missing: empty
    assert r.item_errors == 0


def test_sav_labels_take_precedence_over_codes(tmp_path, cb, reg):
    pyreadstat = pytest.importorskip("pyreadstat")
    frame = pd.DataFrame({"respondent_id": ["a", "b"], "spt": ["Twente", "Twente"]})
    frame["trekker"] = [1.0, 2.0]  # SPSS: 1 = ja, 2 = nee; codebook: ja = 1, nee = 0
    path = tmp_path / "export.sav"
    pyreadstat.write_sav(
        frame, str(path), variable_value_labels={"trekker": {1.0: "ja", 2.0: "nee"}}
    )
    r = read_survey(path, cb, reg)
    assert r.responses["trekker"].tolist() == [1.0, 0.0]


# ---------------------------------------------------------------------------------------------
# Column matching and answers


def test_columns_match_by_label_and_alias_ignoring_case_accents_spaces(tmp_path, cb, reg):
    text = (
        "  RESPONDENTNUMMER ;Servicepunt Techniek;De wérking van het SPT is goed ;"
        "Gebruikers: UWV;gebruikers - Kleine bedrijven (1-19 werknemers);TOELICHTING;bron\n"
        "1;Twente;4;50;50;hallo;synthetisch\n"
    )
    r = read(tmp_path, cb, reg, text)
    assert r.column_map == {
        "  RESPONDENTNUMMER ": "respondent_id",
        "Servicepunt Techniek": "spt",
        "De wérking van het SPT is goed ": "werking_goed",
        "Gebruikers: UWV": "gebr_uwv",
        "gebruikers - Kleine bedrijven (1-19 werknemers)": "gebr_klein",
        "TOELICHTING": "opmerking",
    }
    assert r.unknown_columns == ["bron"]
    assert r.valid == 1 and r.responses["gebr_uwv"].iloc[0] == 50.0


def test_shared_item_labels_are_not_guessed(tmp_path, cb, reg):
    r = read(tmp_path, cb, reg, "respondent_id;spt;UWV;werking_goed\n1;Twente;actief;4\n")
    assert r.unknown_columns == ["UWV"]  # UWV is both a user type and an organisation


def test_every_codebook_column_is_present_in_order(tmp_path, cb, reg):
    r = read(tmp_path, cb, reg, "respondent_id;spt;werking_goed\n1;Twente;4\n")
    expected = ["row", "respondent_id", "spt", *cb.column_question()]
    assert list(r.responses.columns) == expected
    coded = [c for c, q in cb.column_question().items() if q.type in ("single", "multi")]
    assert list(r.missing.columns) == coded
    assert r.responses["row"].dtype == np.int64
    floats = [c for c, q in cb.column_question().items() if q.type != "text"]
    assert all(r.responses[c].dtype == np.float64 for c in floats)
    assert r.responses["opmerking"].tolist() == [None]


@pytest.mark.parametrize(
    "raw, code, missing",
    [
        ("4", 4.0, None),
        ("4.0", 4.0, None),
        ("4,0", 4.0, None),
        (" 4 ", 4.0, None),
        ("Helemaal mee eens", 5.0, None),
        ("HELEMAAL  MEE  EENS", 5.0, None),
        ("helemaal eens", 5.0, None),
        ("mee eens.", 4.0, None),
        ("weet niet", math.nan, "weet niet"),
        ("Weet ik niet", math.nan, "weet niet"),
        ("9", math.nan, "weet niet"),
        ("", math.nan, None),
    ],
)
def test_answers_as_codes_or_labels(tmp_path, cb, reg, raw, code, missing):
    r = read(tmp_path, cb, reg, f'respondent_id;spt;werking_goed;trekker\n1;Twente;"{raw}";ja\n')
    value = r.responses["werking_goed"].iloc[0]
    assert (math.isnan(value) and math.isnan(code)) or value == code
    assert r.missing["werking_goed"].iloc[0] == missing
    assert r.item_errors == 0


def test_multi_question_blank_means_not_ticked_once_answered(tmp_path, cb, reg):
    text = (
        "respondent_id;spt;act_bemiddelen;act_scholing;werking_goed\n1;Twente;x;;4\n2;Twente;;;4\n"
    )
    df = read(tmp_path, cb, reg, text).responses
    assert df["act_bemiddelen"].tolist() == [1.0, 0.0] or df["act_bemiddelen"].iloc[0] == 1.0
    assert df["act_scholing"].iloc[0] == 0.0
    assert math.isnan(df["act_scholing"].iloc[1])  # question not answered at all


def test_parse_number():
    assert parse_number("12,5") == 12.5
    assert parse_number(" 7 ") == 7.0
    assert parse_number("1e1") == 10.0
    for bad in ("", "abc", "nan", "inf", "1.000,5", "1_0"):
        assert parse_number(bad) is None


# ---------------------------------------------------------------------------------------------
# Item faults: the item becomes missing, the row stays


def test_value_outside_the_scale_is_an_item_error(tmp_path, cb, reg):
    r = read(tmp_path, cb, reg, "respondent_id;spt;werking_goed;ambities\n1;Twente;7;4\n")
    assert (r.valid, r.quarantined, r.item_errors) == (1, 0, 1)
    assert math.isnan(r.responses["werking_goed"].iloc[0])
    assert r.responses["ambities"].iloc[0] == 4.0
    (p,) = r.problems
    assert p == Problem(1, "werking_goed", "7", Code.NOT_ON_SCALE, p.params, "item")
    assert p.params == {"value": "7", "valid": [1, 2, 3, 4, 5], "missing": {"9": "weet niet"}}
    assert reason_text(p) == (
        "waarde '7' ligt buiten de schaal (geldig: 1-5 of de antwoordtekst; 9 = weet niet)"
    )


def test_non_integer_code_and_unknown_label_are_item_errors(tmp_path, cb, reg):
    text = "respondent_id;spt;werking_goed;trekker;ambities\n1;Twente;4,5;misschien;4\n"
    r = read(tmp_path, cb, reg, text)
    assert r.item_errors == 2
    assert {p.column: p.code for p in r.problems} == {
        "werking_goed": Code.NOT_ON_SCALE,
        "trekker": Code.UNKNOWN_ANSWER,
    }
    reasons = {p.column: reason_text(p) for p in r.problems}
    assert "buiten de schaal" in reasons["werking_goed"]
    assert "onbekend antwoord 'misschien'" in reasons["trekker"]


def test_allocation_not_summing_to_total_empties_all_its_items(tmp_path, cb, reg):
    text = (
        "respondent_id;spt;gebr_uwv;gebr_klein;sect_bouw;sect_ict\n"
        "1;Twente;50;40;100;\n"
        "2;Twente;50;50,5;99;\n"
        "3;Twente;50;veel;100;\n"
    )
    r = read(tmp_path, cb, reg, text)
    df = r.responses
    users = list(cb.question("gebruikers").columns())
    assert df.loc[0, users].isna().all()  # 90: wrong
    assert df.loc[1, "gebr_klein"] == 50.5  # 100.5 is within the tolerance of 1
    assert df.loc[1, "sect_bouw"] == 99.0
    assert df.loc[2, users].isna().all()  # a non-number empties the question
    assert df.loc[0, "sect_bouw"] == 100.0 and df.loc[0, "sect_ict"] == 0.0
    item = [(p.row, p.column) for p in r.problems]
    assert item == [(1, "gebruikers"), (3, "gebruikers")]  # one error per question
    assert [p.code for p in r.problems] == [Code.ALLOCATION_SUM, Code.NOT_A_NUMBER]
    title = cb.question("gebruikers").title
    assert reason_text(r.problems[0]) == (
        f"verdeling '{title}' telt op tot 90 in plaats van 100 (±1); "
        "de 10 onderdelen tellen niet mee"
    )
    assert reason_text(r.problems[1]) == (
        f"gebr_klein: 'veel' is geen getal (percentage verwacht); "
        f"daarom telt de hele verdeling '{title}' niet mee"
    )
    assert r.problems[1].value == "veel"


def test_negative_percentage_is_an_item_error(tmp_path, cb, reg):
    text = "respondent_id;spt;gebr_uwv;gebr_klein;ambities\n1;Twente;-10;110;4\n"
    r = read(tmp_path, cb, reg, text)
    assert r.item_errors == 1 and r.valid == 1


def test_too_long_remark_is_an_item_error(tmp_path, cb, reg):
    r = read(
        tmp_path, cb, reg, f"respondent_id;spt;werking_goed;opmerking\n1;Twente;4;{'x' * 2001}\n"
    )
    assert r.item_errors == 1 and r.responses["opmerking"].iloc[0] is None


# ---------------------------------------------------------------------------------------------
# Row faults: the row goes to the quarantine with all its reasons


def test_a_row_with_only_invalid_answers_is_quarantined_with_every_reason(tmp_path, cb, reg):
    r = read(tmp_path, cb, reg, "respondent_id;spt;werking_goed;trekker\n1;Twente;7;misschien\n")
    assert (r.valid, r.quarantined, r.item_errors) == (0, 1, 0)
    scale = "1-5 of de antwoordtekst; 9 = weet niet"  # a reason may hold '; ' itself
    assert r.quarantine["reasons"].iloc[0].split("\n") == [
        "geen enkele vraag (geldig) beantwoord",
        f"werking_goed: waarde '7' ligt buiten de schaal (geldig: {scale})",
        "trekker: onbekend antwoord 'misschien' (geldig: 0, 1 of de antwoordtekst; 9 = weet niet)",
    ]
    assert [p.code for p in r.problems] == [Code.NO_ANSWER]


def test_a_reason_is_one_line_even_when_the_value_has_a_newline(tmp_path, cb, reg):
    r = read(tmp_path, cb, reg, 'respondent_id;spt;werking_goed\n1;"Atlan\ntis";4\n')
    reason = r.quarantine["reasons"].iloc[0]
    assert reason.startswith(
        "onbekend servicepunt 'Atlan tis'; voeg het toe aan service_points.yaml"
    )
    assert "\n" not in reason
    assert r.quarantine["spt"].iloc[0] == "Atlan\ntis"  # the raw value stays as written
    assert r.problems[0].params == {"value": "Atlan\ntis", "register": "service_points.yaml"}


def test_row_faults_go_to_the_quarantine_with_reasons(tmp_path, cb, reg):
    text = (
        "respondent_id;spt;werking_goed;ambities\n"
        "1;Twente;4;4\n"  # row 1: fine
        ";Twente;4;4\n"  # row 2: no id
        "1;Twente;3;3\n"  # row 3: duplicate of row 1
        "2;Atlantis;4;4\n"  # row 4: unknown service point
        "3;;4;4\n"  # row 5: no service point
        "4;Twente;;\n"  # row 6: no answers at all
        "  ;Atlantis;12;\n"  # row 7: several faults at once
        "1;Twente;4;4\n"  # row 8: duplicate again
    )
    r = read(tmp_path, cb, reg, text)
    assert (r.rows_read, r.valid, r.quarantined) == (8, 1, 7)
    assert reconciles(r)
    q = r.quarantine.set_index("row")["reasons"].to_dict()
    assert q[2] == "respondentnummer ontbreekt"
    assert q[3] == "respondentnummer '1' komt al voor in rij 1"
    assert q[4] == "onbekend servicepunt 'Atlantis'" + ADD_SPT
    assert q[5] == "servicepunt ontbreekt"
    assert q[6] == "geen enkele vraag (geldig) beantwoord"
    assert q[7].split("\n")[:3] == [
        "respondentnummer ontbreekt",
        "onbekend servicepunt 'Atlantis'" + ADD_SPT,
        "geen enkele vraag (geldig) beantwoord",
    ]
    assert "werking_goed: waarde '12'" in q[7]
    assert q[8] == "respondentnummer '1' komt al voor in rij 1"
    assert all(p.level == "row" for p in r.problems)
    assert [(p.row, p.code) for p in r.problems if p.row != 7] == [
        (2, Code.MISSING_ID),
        (3, Code.DUPLICATE_ID),
        (4, Code.UNKNOWN_SPT),
        (5, Code.MISSING_SPT),
        (6, Code.NO_ANSWER),
        (8, Code.DUPLICATE_ID),
    ]
    assert r.problems[1].params == {"id": "1", "first_row": 1}
    # raw values survive exactly as read
    row7 = r.quarantine.set_index("row").loc[7]
    assert (row7["respondent_id"], row7["spt"], row7["werking_goed"]) == ("  ", "Atlantis", "12")


def test_duplicate_ids_compare_after_trimming_spaces(tmp_path, cb, reg):
    r = read(tmp_path, cb, reg, "respondent_id;spt;werking_goed\nA1;Twente;4\n A1 ;Twente;4\n")
    assert r.quarantined == 1 and "rij 1" in r.quarantine["reasons"].iloc[0]


def test_write_quarantine_neutralises_formulas(tmp_path, cb, reg):
    text = "respondent_id;spt;werking_goed;opmerking\n=1+1;Atlantis;4;@SUM(A1)\n"
    r = read(tmp_path, cb, reg, text)
    out = tmp_path / "q.csv"
    write_quarantine(r, out)
    content = out.read_text(encoding="utf-8-sig")
    assert content.splitlines()[0] == "rij;redenen;respondent_id;spt;werking_goed;opmerking"
    assert "'=1+1" in content and "'@SUM(A1)" in content
    back = pd.read_csv(out, sep=";", dtype=str, encoding="utf-8-sig")
    assert back["rij"].tolist() == ["1"]


# ---------------------------------------------------------------------------------------------
# Not a survey export at all


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "leeg"),
        (b"   \n\n", "leeg"),
        (b"\x00\x01\x02binary\x00", "geen tekstbestand"),
        (b"naam;leeftijd\njan;4\n", "respondentnummer"),
        (b"respondent_id;werking_goed\n1;4\n", "servicepunt"),
        (b"PK\x03\x04broken zip", "Excel-bestand"),
        (b"$FL2 broken", "SPSS-bestand"),
        (b"\xd0\xcf\x11\xe0old excel", ".xls"),
    ],
)
def test_not_a_survey_export_is_an_input_error(tmp_path, cb, reg, content, message):
    p = tmp_path / "export.csv"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_survey(p, cb, reg)


def test_missing_file_and_directory_are_input_errors(tmp_path, cb, reg):
    with pytest.raises(InputError, match="kan niet worden gelezen"):
        read_survey(tmp_path / "nope.csv", cb, reg)
    with pytest.raises(InputError, match="map"):
        read_survey(tmp_path, cb, reg)


def test_header_only_file_reads_zero_rows(tmp_path, cb, reg):
    r = read(tmp_path, cb, reg, "respondent_id;spt;werking_goed\n")
    assert (r.rows_read, r.valid, r.quarantined) == (0, 0, 0)


# ---------------------------------------------------------------------------------------------
# A large file is read in many blocks at once: the same result as in one block


def test_a_file_read_in_many_blocks_gives_the_same_result_as_in_one(tmp_path, cb, reg, monkeypatch):
    import evaluation.tables.csvfile as csvfile

    rng = np.random.default_rng(7)
    lines = ["respondent_id;spt;werking_goed;trekker;gebr_uwv;gebr_klein;opmerking"]
    for i in range(3000):
        remark = '"regel een\nregel ""twee"""' if i % 7 == 0 else ("x" if i % 3 else "")
        spt = ["Twente", "Zwolle", "Atlantis", ""][i % 4 if i % 11 == 0 else i % 2]
        rid = str(i % 2900)  # some duplicates, far apart
        row = f"{rid};{spt};{rng.integers(1, 8)};ja;{50 + i % 3};50;{remark}"
        if i % 997 == 5:
            row += ";extra"  # a ragged row somewhere in a later block
        lines.append(row)
    path = write(tmp_path, "\n".join(lines) + "\n")
    monkeypatch.setattr(csvfile, "BLOCK", 1 << 30)
    one = read_survey(path, cb, reg)
    monkeypatch.setattr(csvfile, "BLOCK", 4096)  # about 30 blocks, parsed by several threads
    many = read_survey(path, cb, reg)
    pd.testing.assert_frame_equal(one.responses, many.responses)
    pd.testing.assert_frame_equal(one.missing, many.missing)
    pd.testing.assert_frame_equal(one.quarantine, many.quarantine)
    assert one.problems == many.problems and one.rows_read == many.rows_read == 3000
    assert one.source_sha256 == many.source_sha256
    ragged = [p.row for p in many.problems if p.code is Code.ROW_FAULT]
    assert ragged == [6, 1003, 2000, 2997]
    assert many.quarantine.set_index("row").loc[1003, "respondent_id"] == "1002"
    assert many.responses["opmerking"].dropna().str.contains("\n").any()


def test_a_fixed_quarantine_file_can_be_validated_again(tmp_path, cb, reg):
    text = "respondent_id;spt;werking_goed\n1;Atlantis;4\n2;Twente;4\n"
    first = read(tmp_path, cb, reg, text)
    q1 = tmp_path / "q1.csv"
    write_quarantine(first, q1)
    again = read_survey(q1, cb, reg)  # not fixed yet: same fault, old columns ignored
    assert again.unknown_columns == ["rij", "redenen"] and again.quarantined == 1
    q2 = tmp_path / "q2.csv"
    write_quarantine(again, q2)
    header = q2.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "rij;redenen;respondent_id;spt;werking_goed"
    q1.write_text(q1.read_text(encoding="utf-8-sig").replace("Atlantis", "Twente"), "utf-8")
    fixed = read_survey(q1, cb, reg)
    assert (fixed.valid, fixed.quarantined) == (1, 0)


def test_response_schema_documents_the_export_format(cb, reg):
    from evaluation.intake.reference import response_json_schema

    schema = response_json_schema(cb, reg)
    props = schema["properties"]
    assert set(props) == {"respondent_id", "spt", *cb.column_question()}
    assert schema["required"] == ["respondent_id", "spt"]
    likert = props["werking_goed"]["anyOf"][0]
    assert likert["enum"] == [1, 2, 3, 4, 5, 9]
    assert props["spt"]["enum"] == reg.names
    share = props["gebr_uwv"]["anyOf"][0]
    assert (share["minimum"], share["maximum"]) == (0, 100)


# ---------------------------------------------------------------------------------------------
# The public appendix counts reasons by code and shows no raw value


def test_public_appendix_counts_reasons_once_per_row_without_raw_values(tmp_path, cb, reg):
    import json

    from evaluation.report.appendix import quarantine_summary
    from evaluation.report.render import make_environment

    text = (
        "respondent_id;spt;werking_goed;ambities\n"
        "R-1001;Twente;4;4\n"
        "R-1001;Twente;4;4\n"  # duplicate respondent number
        "R-1002;Twente;7;4\n"  # off the scale '1-5 of de antwoordtekst; 9 = weet niet'
        "R-1003;Atlantis;4;4\n"  # unknown SPT
        "R-1004;Atlantis;7;\n"  # unknown SPT, and no valid answer (its '7' among the reasons)
        "R-1005;Twente;7;4\n"
    )
    r = read(tmp_path, cb, reg, text)
    assert "; 9 = weet niet" in r.quarantine.set_index("row").loc[5, "reasons"]
    summary = quarantine_summary(r.problems)
    assert summary == {
        "rows": [
            {"code": "duplicate_id", "reason": reason_label(Code.DUPLICATE_ID), "n": 1},
            {"code": "unknown_spt", "reason": "onbekend servicepunt", "n": 2},
            {"code": "no_answer", "reason": "geen enkele vraag (geldig) beantwoord", "n": 1},
        ],
        "items": [
            {
                "column": "werking_goed",
                "code": "not_on_scale",
                "reason": "waarde ligt buiten de schaal",
                "n": 2,
            }
        ],
    }
    template = (Path(__file__).resolve().parent.parent / "templates" / "annual.html").read_text()
    appendix = template[template.index('<h1 id="quarantaine"') : template.index('<h1 id="verant')]
    counts = {"rows_read": r.rows_read, "valid": r.valid, "quarantined": r.quarantined}
    counts |= {"item_errors": r.item_errors, "excluded": r.excluded}
    html = make_environment().from_string(appendix).render(quarantine=summary, p={"counts": counts})
    assert "onbekend servicepunt</td>" in html and "waarde ligt buiten de schaal" in html
    public = json.dumps(summary, ensure_ascii=False) + html
    for raw in ("R-100", "Atlantis", "'7'", "weet niet)", "9 = weet niet", "rij 1"):
        assert raw not in public
