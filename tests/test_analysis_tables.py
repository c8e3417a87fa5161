"""Descriptive tables (appendix 1, tables 1.1, 1.3-1.9, appendix 2) on a fixture computed by hand.

Fixture: register SPTs A, B, C, D; respondents A: 3, B: 2, C: 1, D: none. K = 3 SPTs with
respondents, so weights are w_A = 1/9, w_B = 1/6, w_C = 1/3 (each SPT sums to 1/3).
"""

import math

import numpy as np
import pandas as pd
import pytest

from evaluation.analysis.caveats import rate_caveats
from evaluation.analysis.tables import descriptive_tables
from evaluation.analysis.tables_consensus import NO_CONSENSUS, NO_DATA, UNCLEAR, consensus
from evaluation.analysis.tables_register import spt_type
from evaluation.analysis.wording import caveat_text
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import Register, ServicePoint

NA = np.nan
WN = "weet niet"  # a declared missing answer: NaN in responses, its label in `missing`


def make_frames(records: list[dict], codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(responses, missing) shaped exactly as IntakeResult: row, respondent_id, spt, then every
    codebook data column (float codes, NaN when missing; text as str/None); `missing` has the
    coded columns only, with the declared missing label or None. WN marks 'weet niet'."""
    cols = codebook.column_question()
    coded = [c for c, q in cols.items() if q.type != "text"]
    resp, miss = [], []
    for i, rec in enumerate(records, start=1):
        r = {"row": i, "respondent_id": str(rec.get("respondent_id", f"r{i}")), "spt": rec["spt"]}
        m = {}
        for c, q in cols.items():
            v = rec.get(c, NA)
            if q.type == "text":
                r[c] = v if isinstance(v, str) else None
                continue
            if v == WN:
                r[c], m[c] = NA, "weet niet"
            else:
                r[c], m[c] = float(v), None
        resp.append(r)
        miss.append(m)
    responses = pd.DataFrame(resp)
    for c in coded:
        responses[c] = responses[c].astype("float64")
    missing = pd.DataFrame(miss, columns=coded).astype(object)
    missing = missing.where(missing.notna(), None)
    return responses, missing


def fixture_register() -> Register:
    return Register(
        survey="test",
        service_points=[
            ServicePoint(name="A", activity_level=1, legal_entity=True, invited=6),
            ServicePoint(name="B", activity_level=2, invited=4, invited_assumed=True),
            ServicePoint(name="C", activity_level=1, arbeidsmarktcoach=True),
            ServicePoint(name="D", activity_level=0, invited=3),
        ],
    )


RECORDS = [
    # SPT A (3 respondents)
    dict(spt="A", achtergrond=1, act_bemiddelen=1, act_scholing=1, hoofdactiviteit=1,
         gebr_middelgroot=50, gebr_uwv=50, trekker=1, manager=WN, doelen_bekend=1,
         org_uwv=2),
    dict(spt="A", achtergrond=1, act_bemiddelen=1, hoofdactiviteit=1, gebr_middelgroot=100,
         trekker=1, manager=WN, doelen_bekend=1, org_uwv=1),
    dict(spt="A", achtergrond=2, act_bemiddelen=0, hoofdactiviteit=2, trekker=0, manager=1,
         doelen_bekend=0, org_uwv=0),
    # SPT B (2 respondents)
    dict(spt="B", achtergrond=3, act_bemiddelen=0, act_scholing=0, hoofdactiviteit=1,
         gebr_uwv=100, trekker=1, manager=0, doelen_bekend=1, org_uwv=1),
    dict(spt="B", act_bemiddelen=0, act_scholing=0, hoofdactiviteit=2, gebr_middelgroot=20,
         gebr_uwv=80, trekker=WN, manager=0, doelen_bekend=WN),
    # SPT C (1 respondent)
    dict(spt="C", achtergrond=5, act_bemiddelen=1, hoofdactiviteit=WN, trekker=0,
         doelen_bekend=0, org_uwv=0, org_fnv=2),
]  # fmt: skip


@pytest.fixture(scope="module")
def tables():
    cb = load_codebook()
    responses, missing = make_frames(RECORDS, cb)
    n_k = responses.groupby("spt")["spt"].transform("size")
    w = 1.0 / (3 * n_k)
    return descriptive_tables(responses, missing, cb, fixture_register(), w, share=0.5)


def rows_by(table, key):
    return {r[key]: r for r in table.rows}


def test_consensus_rule():
    """More than half: 2 of 3 yes; 1 of 2 no; a single answer always; nothing -> None."""
    assert consensus(["ja", "ja", "nee"], 0.5) == "ja"
    assert consensus(["ja", "nee"], 0.5) is None
    assert consensus(["nee"], 0.5) == "nee"
    assert consensus([], 0.5) is None
    assert consensus([None, NA, 2.0], 0.5) == 2.0
    assert consensus(["a", "a", "b"], 0.7) is None  # 2/3 is not more than 70%


def test_response_by_spt(tables):
    """A 3/6 = 50%, B 2/4 = 50% (assumed), C invited unknown, D 0 of 3; no total invited known
    (C unknown), so the total has no rate."""
    t = rows_by(tables["respons_spt"], "spt")
    assert [r["spt"] for r in tables["respons_spt"].rows] == ["A", "B", "C", "D", "Totaal"]
    assert t["A"]["n"] == 3 and t["A"]["rate"] == pytest.approx(0.5)
    assert t["B"]["invited_assumed"] is True and t["B"]["rate"] == pytest.approx(0.5)
    assert t["C"]["invited"] is None and t["C"]["rate"] is None
    assert t["D"]["n"] == 0 and t["D"]["rate"] == 0
    assert t["Totaal"]["n"] == 6 and t["Totaal"]["invited"] is None
    assert tables["respons_spt"].notes  # B's invited count is an assumption


def test_assumed_invited_count_is_a_caveat_worded_as_the_note(tables):
    """B's invited count is an assumption: the caveat names B and its row; the note is its text."""
    rows = tables["respons_spt"].rows
    (c,) = rate_caveats(rows)
    assert c.spts == ["B"] and c.applies_to == ["/tables/respons_spt/rows/1"] + [
        f"/tables/respons_spt/rows/{len(rows) - 1}"
    ]
    assert tables["respons_spt"].notes == [caveat_text(c)]
    assert rate_caveats([{**r, "invited_assumed": False} for r in rows]) == []


def test_response_by_background(tables):
    """UWV 2, O&O-fonds 1, werkgeversvereniging 1, overheid 0, overig 1, onbekend 1 of 6."""
    t = rows_by(tables["respons_achtergrond"], "background")
    assert t["UWV"]["n"] == 2 and t["UWV"]["share"] == pytest.approx(2 / 6)
    assert t["Overheid (vnl. gemeenten)"]["n"] == 0
    assert t["onbekend"]["n"] == 1
    assert t["Totaal"]["n"] == 6


def test_spt_type_rule():
    """legal entity -> SPT voert uit (A); activity 2 (B) or a coach (C) -> stuurgroep laat
    derden uitvoeren; otherwise netwerkorganisatie (D)."""
    reg = fixture_register()
    kinds = [spt_type(sp)[0] for sp in reg.service_points]
    assert kinds == [
        "SPT voert uit",
        "stuurgroep laat derden uitvoeren",
        "stuurgroep laat derden uitvoeren",
        "netwerkorganisatie",
    ]


def test_table_1_1_and_appendix_2(tables):
    t11 = rows_by(tables["1.1"], "spt")
    assert t11["A"]["legal_entity"] is True and t11["A"]["type"] == "SPT voert uit"
    assert t11["D"]["activity_level"] == 0 and t11["D"]["type"] == "netwerkorganisatie"
    types = rows_by(tables["bijlage2"], "spt")
    assert types["C"]["reason"] == "arbeidsmarktcoach"
    assert "netwerkorganisatie: 1 SPT's" in tables["bijlage2"].notes


def test_table_1_3_activities(tables):
    """Bemiddelen: yes by A, A, C; valid 6; weighted (2/9 + 1/3) / 1 = 5/9; SPTs A and C.
    Scholing: valid A1 (yes, 1/9), B1, B2 (no, 1/6 each): (1/9) / (4/9) = 1/4; 1 SPT of 2."""
    t = rows_by(tables["1.3"], "item")
    assert t["act_bemiddelen"]["share"] == pytest.approx(5 / 9)
    assert (t["act_bemiddelen"]["n"], t["act_bemiddelen"]["n_spt"]) == (6, 2)
    assert t["act_scholing"]["share"] == pytest.approx(1 / 4)
    assert t["act_scholing"]["n"] == 3
    assert (t["act_scholing"]["n_spt"], t["act_scholing"]["n_spt_data"]) == (1, 2)
    assert t["act_stages"]["share"] is None and t["act_stages"]["n"] == 0


def test_table_1_4_main_activity(tables):
    """A: 1, 1, 2 -> option 1 (2/3); B: 1, 2 -> no consensus; C: weet niet only -> no data.
    D has no respondents and is not in the table."""
    per = rows_by(tables["1.4_per_spt"], "spt")
    assert set(per) == {"A", "B", "C"}
    assert per["A"]["answer"] == "Bemiddelen tussen werkzoekenden en werkgevers"
    assert per["A"]["n_agree"] == 2
    assert per["B"]["answer"] == NO_CONSENSUS
    assert per["C"]["answer"] == NO_DATA and per["C"]["n"] == 0
    counts = rows_by(tables["1.4"], "answer")
    assert counts["Bemiddelen tussen werkzoekenden en werkgevers"]["n_spt"] == 1
    assert counts[NO_CONSENSUS]["n_spt"] == 1 and counts[NO_DATA]["n_spt"] == 1
    assert sum(r["n_spt"] for r in tables["1.4"].rows) == 3


def test_tables_1_5_allocation(tables):
    """A: (50, 50) and (100, 0) -> 75 / 25 (third respondent left it blank); B: (0, 100) and
    (20, 80) -> 10 / 90; C no data. Over 2 SPTs: middelgroot (75 + 10) / 2 = 42.5,
    UWV (25 + 90) / 2 = 57.5; other items 0; total 100."""
    t = rows_by(tables["1.5"], "item")
    assert t["gebr_middelgroot"]["mean"] == pytest.approx(42.5)
    assert t["gebr_uwv"]["mean"] == pytest.approx(57.5)
    assert t["gebr_klein"]["mean"] == 0
    assert t["gebr_uwv"]["n_spt"] == 2 and t["gebr_uwv"]["n"] == 4
    assert t[""]["label"] == "Totaal" and t[""]["mean"] == pytest.approx(100)
    per = rows_by(tables["1.5_per_spt"], "spt")
    assert per["A"]["gebr_middelgroot"] == pytest.approx(75) and per["A"]["n"] == 2
    assert per["C"]["gebr_uwv"] is None and per["C"]["n"] == 0
    assert rows_by(tables["1.6"], "item")["sect_bouw"]["n_spt"] == 0


def test_table_1_7_structure(tables):
    """Trekker: A ja, ja, nee -> ja; B ja, weet niet -> unclear; C nee -> nee.
    Manager: A weet niet x2 + ja -> unclear (majority weet niet); B nee, nee -> nee; C none."""
    t = rows_by(tables["1.7"], "question")
    assert (t["trekker"]["ja"], t["trekker"]["nee"], t["trekker"]["unclear"]) == (1, 1, 1)
    assert (t["manager"]["ja"], t["manager"]["nee"], t["manager"]["unclear"]) == (0, 1, 2)
    assert t["trekker"]["n"] == 6 and t["manager"]["n"] == 5
    per = rows_by(tables["1.7_per_spt"], "spt")
    assert per["B"]["trekker"] == UNCLEAR and per["B"]["trekker_n"] == 2
    assert per["C"]["manager"] == UNCLEAR and per["C"]["manager_n"] == 0


def test_table_1_8_respondent_share(tables):
    """Doelen bekend, all six answered (Σw = 1): ja A,A,B = 2/9 + 1/6 = 7/18;
    nee A,C = 1/9 + 1/3 = 8/18; weet niet B = 3/18."""
    (row,) = tables["1.8_respondenten"].rows
    assert row["question"] == "doelen_bekend" and row["n"] == 6
    assert row["ja"] == pytest.approx(7 / 18)
    assert row["nee"] == pytest.approx(8 / 18)
    assert row["unclear"] == pytest.approx(3 / 18)
    assert (row["n_ja"], row["n_nee"], row["n_unclear"]) == (3, 2, 1)
    counts = rows_by(tables["1.8"], "question")
    assert "doelen_bekend" not in counts  # respondent level: shares, not SPT counts
    assert counts["visiedocument"]["unclear"] == 3  # nobody answered
    assert rows_by(tables["1.8_per_spt"], "spt")["A"]["doelen_bekend"] == "ja"


def test_table_1_9_organisations(tables):
    """UWV: A has actief (2) from one respondent -> active; B only achtergrond -> background;
    C niet. FNV: only C, actief."""
    t = rows_by(tables["1.9"], "item")
    assert (t["org_uwv"]["active"], t["org_uwv"]["background"]) == (1, 1)
    assert t["org_uwv"]["n_spt_data"] == 3 and t["org_uwv"]["n"] == 5
    assert (t["org_fnv"]["active"], t["org_fnv"]["background"]) == (1, 0)
    assert t["org_cnv"]["n_spt_data"] == 0


def test_every_row_has_an_n(tables):
    for key, table in tables.items():
        if key in ("1.1", "bijlage2", "1.4"):
            continue  # register and SPT-count tables: the unit is the SPT
        for row in table.rows:
            assert any(k == "n" or k.startswith("n_") for k in row), (key, row)
            assert all(not (isinstance(v, float) and math.isnan(v)) for v in row.values()), key
