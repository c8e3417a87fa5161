"""Grade, bands, statements, traits and Results on hand-computed fixtures and on the demo data."""

import argparse
import csv
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from test_analysis_tables import WN, make_frames

from evaluation.analysis.analyse import analyse
from evaluation.analysis.frame import GRADE, WEIGHT, FigureDesigns
from evaluation.analysis.satisfaction import band
from evaluation.analysis.traits import mdd, traits_regression, verdict
from evaluation.analysis.wording import caveat_text
from evaluation.commands import analyse as analyse_cmd
from evaluation.errors import InputError
from evaluation.inputs.codebook import load_codebook
from evaluation.inputs.register import Register, ServicePoint, load_register, register_path
from evaluation.inputs.settings import DesignChoice, load_settings
from evaluation.intake.result import IntakeResult
from evaluation.intake.validate import read_survey
from evaluation.report.sheets import sheets
from evaluation.results import Results

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "surveys" / "spt2015" / "demo_responses.csv"


def graded(spt: str, grade: int, **extra) -> dict:
    """A respondent whose six statements give exactly `grade` ('moet beter' reversed)."""
    items = dict(
        werking_goed=grade, werking_beter=6 - grade, meerwaarde_werkgevers=grade,
        meerwaarde_werkzoekenden=grade, ambities=grade, bekendheid=grade,
    )  # fmt: skip
    return {"spt": spt, **items, **extra}


# A: grades 3, 4; B: 2; C: 4, 5, 3. Weights 1/6, 1/3, 1/9. No invited counts (no fpc).
FIXTURE = [
    graded("A", 3, trekker=1, nut_techniek=5, manager=1),
    graded("A", 4, trekker=1, nut_techniek=WN),
    graded("B", 2, trekker=0, nut_techniek=4),
    graded("C", 4, trekker=1, nut_techniek=1, manager=1),
    graded("C", 5, trekker=0, nut_techniek=2),
    graded("C", 3, trekker=WN, nut_techniek=5),
]


def fixture_intake(records, codebook) -> IntakeResult:
    responses, missing = make_frames(records, codebook)
    return IntakeResult(
        responses=responses,
        missing=missing,
        quarantine=responses.iloc[0:0][["row"]].assign(reasons=[]),
        problems=[],
        rows_read=len(responses),
        unknown_columns=[],
        column_map={},
        source_path="fixture",
        source_sha256="0" * 64,
    )


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


@pytest.fixture(scope="module")
def fixture_results(codebook):
    register = Register(
        survey="t",
        service_points=[ServicePoint(name=n, activity_level=1) for n in "ABC"],
    )
    settings = load_settings(min_n=1)
    return analyse(fixture_intake(FIXTURE, codebook), codebook, register, settings)


# ---- rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("estimate", "expected"),
    [
        (2.5, "beneden gemiddeld"),  # exactly 0,5 below counts
        (2.51, "gemiddeld"),
        (3.49, "gemiddeld"),
        (3.5, "boven gemiddeld"),
        (None, None),
    ],
)
def test_band_rule(estimate, expected):
    settings = load_settings()  # threshold 0,5
    assert band(estimate, 3.0, settings) == expected


def test_a_small_spts_band_is_withheld_by_disclosure_not_by_analysis():
    from evaluation.disclosure.publish import disclose_tree

    tree = {"satisfaction": {"overall": {"estimate": 3.0, "n": 20}, "by_spt": {
        "A": {"estimate": 1.0, "n": 4, "band": "beneden gemiddeld"},
        "B": {"estimate": 3.0, "n": 16, "band": "gemiddeld"}}}}  # fmt: skip
    d = disclose_tree(tree, min_n=5)
    assert d.tree["satisfaction"]["by_spt"]["A"]["band"] is None
    assert "/satisfaction/by_spt/A/band" in d.fields


def test_band_threshold_is_a_setting():
    settings = load_settings(band={"threshold": 0.25})
    assert band(3.3, 3.0, settings) == "boven gemiddeld"


def test_mdd_formula():
    """df 8: t(0,975) = 2.306004, t(0,80) = 0.888890 -> MDD = 3.194894 * SE."""
    assert mdd(0.1, 8, 0.05, 0.80) == pytest.approx(0.3194894, abs=1e-6)
    assert mdd(1.0, 1e9, 0.05, 0.80) == pytest.approx(1.959964 + 0.841621, abs=1e-5)
    assert mdd(0.1, 0, 0.05, 0.80) is None
    assert mdd(None, 8, 0.05, 0.80) is None


def test_verdict_says_no_more_than_the_data_carry():
    assert verdict(0.41, 8, 0.8, 0.05) == (
        "verschil niet aantoonbaar; kleinste aantoonbare verschil 0,8"
    )
    assert verdict(0.012, 8, 0.8, 0.05) == (
        "verschil aantoonbaar; kleinste aantoonbare verschil 0,8"
    )
    assert verdict(None, 0, None, 0.05).startswith("niet te toetsen")


# ---- hand-computed fixture -----------------------------------------------------------------


def test_overall_grade_by_hand(fixture_results):
    """Mean of SPT means (3.5 + 2 + 4) / 3 = 19/6. Influence values z = w (y - 19/6):
    A: -3/36, +3/36 around their mean, scale 2 -> 36/1296; B is a lonely stratum, 'adjust'
    keeps z = -14/36 uncentred -> 196/1296; C: 0, +-6/54, scale 3/2 -> 48/1296.
    V = 280/1296, SE = sqrt(280)/36; design df = 6 respondents - 3 strata = 3. Satterthwaite
    effective df over the parts 36, 196, 48 (/1296) with df 1, 1 (lonely), 2:
    280^2 / (36^2 + 196^2 + 48^2 / 2) = 1.92: the lonely SPT B carries most of the variance."""
    o = fixture_results.satisfaction.overall
    assert o.estimate == pytest.approx(19 / 6, rel=1e-12)
    assert o.se == pytest.approx(math.sqrt(280) / 36, rel=1e-12)
    assert o.df == pytest.approx(280**2 / (36**2 + 196**2 + 48**2 / 2), rel=1e-12)
    assert o.df_design == 3 and o.n == 6
    assert 1 < o.ci[0] < o.estimate < o.ci[1] < 5
    assert fixture_results.parameters.weighting["K"] == 3


def test_grade_per_spt_and_bands_by_hand(fixture_results):
    """C: domain mean 4, z = (0, 1/3, -1/3), scale 3/2 -> V = 1/3, SE = 1/sqrt(3), df 2.
    Bands around 19/6 = 3.17 (min_n 1 here): A 3.5 gemiddeld, B 2 beneden, C 4 boven."""
    by = fixture_results.satisfaction.by_spt
    assert by["C"].estimate == pytest.approx(4.0)
    assert by["C"].se == pytest.approx(1 / math.sqrt(3), rel=1e-12)
    assert by["C"].df == 2
    assert [by[k].band for k in "ABC"] == ["gemiddeld", "beneden gemiddeld", "boven gemiddeld"]
    assert by["B"].n == 1


def test_statement_distribution_by_hand(fixture_results):
    """nut_techniek valid: A 5, B 4, C 1, 2, 5; each SPT counts 1/3 over its valid answers
    (w: A 1/3, B 1/3, C 1/9 each; Σw = 1). Code 5: 1/3 + 1/9 = 4/9; code 4: 1/3; codes 1 and 2:
    1/9 each; so '(helemaal) eens' in the distribution is the agree share, 7/9, exactly.
    Weet niet, each SPT counting 1/3 over everyone who answered (A: 5 and weet niet, 1/6 each):
    1/6. Kish n: 1 / (2/9 + 3/81) = 27/7. With fixed weights the agree share is 11/15 (see
    test_fixed_weights_setting)."""
    it = fixture_results.items["nut_techniek"]
    shares = {c.code: c.share for c in it.categories}
    assert shares[5] == pytest.approx(4 / 9)
    assert shares[4] == pytest.approx(1 / 3)
    assert shares[1] == pytest.approx(1 / 9) and shares[3] == 0
    assert shares[4] + shares[5] == pytest.approx(it.agree.estimate, rel=1e-12)
    assert it.weet_niet == {"share": pytest.approx(1 / 6), "n": 1}
    assert it.agree.estimate == pytest.approx(7 / 9, rel=1e-9)
    assert it.n == 5 and it.n_effective == pytest.approx(27 / 7)
    assert it.agree.ci[0] < it.agree.estimate < it.agree.ci[1]
    assert it.agree_by_spt["B"].estimate == 1.0


def test_statement_distribution_per_spt_by_hand(fixture_results):
    """nut_techniek per SPT (weights equal within an SPT, so plain shares):
    A: 5 and 'weet niet' -> n 1, code 5 = 1, weet niet 1 of 2 answered = 1/2;
    B: 4 -> n 1, code 4 = 1; C: 1, 2, 5 -> n 3, a third each, no weet niet.
    The national share is the mean of these, each SPT counting equally:
    code 5 = (1 + 0 + 1/3) / 3 = 4/9, as above."""
    by = fixture_results.items["nut_techniek"].distribution_by_spt
    share = {k: {c.code: c.share for c in d.categories} for k, d in by.items()}
    count = {k: {c.code: c.n for c in d.categories} for k, d in by.items()}
    assert sorted(by) == ["A", "B", "C"]
    assert (by["A"].n, by["B"].n, by["C"].n) == (1, 1, 3)
    assert share["A"] == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}
    assert by["A"].weet_niet == {"share": pytest.approx(1 / 2), "n": 1}
    assert share["B"][4] == 1 and by["B"].weet_niet == {"share": 0, "n": 0}
    assert share["C"] == pytest.approx({1: 1 / 3, 2: 1 / 3, 3: 0, 4: 0, 5: 1 / 3})
    assert count["C"] == {1: 1, 2: 1, 3: 0, 4: 0, 5: 1}
    national = (share["A"][5] + share["B"][5] + share["C"][5]) / 3
    assert national == pytest.approx(4 / 9)


@pytest.fixture(scope="module")
def fixed_results(codebook):
    """The fixture with `weighting.per_figure: false`: weights once over every respondent."""
    register = Register(
        survey="t",
        service_points=[ServicePoint(name=n, activity_level=1) for n in "ABC"],
    )
    settings = load_settings(min_n=1, weighting={"per_figure": False})
    return analyse(fixture_intake(FIXTURE, codebook), codebook, register, settings)


def test_fixed_weights_setting(fixed_results):
    """Weights 1/(K n_k) once (A 1/6, B 1/3, C 1/9): agree on nut_techniek 1/3 + 2/5 = 11/15;
    trekker ja: A 3, 4 and C 4: (7/6 + 4/9) / (4/9 + 1/9 ... ) = 29/8; nee: B 2 and C 5:
    (2/3 + 5/9) / (4/9) = 11/4; difference 7/8. The setting is recorded."""
    assert fixed_results.items["nut_techniek"].agree.estimate == pytest.approx(11 / 15)
    tr = fixed_results.traits["trekker"]
    assert tr.ja.estimate == pytest.approx(29 / 8) and tr.nee.estimate == pytest.approx(11 / 4)
    assert tr.test.difference == pytest.approx(7 / 8)
    assert fixed_results.parameters.weighting["per_figure"] is False
    assert "één keer berekend" in fixed_results.parameters.rules["gewichten"]


def test_trait_groups_by_hand(fixture_results):
    """Per figure: one weight set over the rows with a grade and a ja/nee answer, C's 'weet
    niet' left out: A 2 rows (w 1/6), B 1 (1/3), C 2 (1/6). Ja: A 3, 4 and C 4: (7/6 + 4/6) /
    (1/2) = 11/3. Nee: B 2 and C 5: (2/3 + 5/6) / (1/2) = 3. Difference ja - nee = 2/3.
    Three clusters, one stratum: test df = 3 - 1 - 1 = 1."""
    tr = fixture_results.traits["trekker"]
    assert tr.ja.estimate == pytest.approx(11 / 3) and tr.ja.n == 3
    assert tr.nee.estimate == pytest.approx(3) and tr.nee.n == 2
    assert tr.test.direction == "ja min nee"
    assert tr.test.difference == pytest.approx(2 / 3)
    assert tr.test.df == 1
    assert (tr.n_spt_ja, tr.n_spt_nee) == (2, 2)
    assert tr.test.mdd == pytest.approx(
        mdd(tr.test.se, 1, 0.05, 0.80), rel=1e-12
    ) and tr.test.mdd > abs(tr.test.difference)
    assert "niet aantoonbaar" in tr.test.verdict
    # a trait nobody answered, or everyone answered 'ja', cannot be tested, and says so
    assert fixture_results.traits["stuurgroep"].test.verdict.startswith("niet te toetsen")
    only_ja = fixture_results.traits["manager"]
    assert only_ja.test.verdict.startswith("niet te toetsen") and only_ja.test.mdd is None
    assert (only_ja.ja.n, only_ja.nee.n) == (2, 0)
    assert only_ja.ja.estimate is not None and only_ja.nee.estimate is None  # the group exists
    assert "antwoordde 'ja'" in only_ja.test.verdict


def test_fpc_only_where_the_invited_count_is_usable(codebook):
    """A: invited 10 -> fpc 10; B: unknown -> none; C: 2 invited but 3 respondents -> none."""
    from evaluation.analysis.frame import INVITED, scored_frame

    register = Register(
        survey="t",
        service_points=[
            ServicePoint(name="A", activity_level=1, invited=10),
            ServicePoint(name="B", activity_level=1),
            ServicePoint(name="C", activity_level=1, invited=2),
        ],
    )
    intake = fixture_intake(FIXTURE, codebook)
    df, weighting, fpc = scored_frame(intake, codebook, register, load_settings())
    assert fpc["by_spt"] == {"A": 10}
    assert fpc["unknown"] == ["B"] and fpc["below_respondents"] == ["C"]
    assert df.loc[df["spt"] == "A", INVITED].eq(10).all()
    assert math.isinf(df.loc[df["spt"] == "C", INVITED].iloc[0])
    assert weighting["n_k"] == {"A": 2, "B": 1, "C": 3}


# ---- caveats ------------------------------------------------------------------------------


def _caveats(results, code):
    return [c for c in results.caveats if c.code == code]


def _resolve(tree, ptr):
    node = tree
    for part in ptr.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def test_caveats_of_the_fixture(fixture_results):
    """B has one respondent (a lonely stratum under 'adjust'); no SPT has an invited count, so
    the chosen fpc applies to none; three traits have a single level; the regression has no
    complete rows."""
    (lonely,) = _caveats(fixture_results, "lonely_stratum")
    # per figure, a figure with one valid answer in an SPT makes it lonely there (A, C)
    assert (lonely.design, lonely.strata, lonely.rule) == ("grade", ["A", "B", "C"], "adjust")
    assert "/satisfaction/overall" in lonely.applies_to
    (dropped,) = _caveats(fixture_results, "design_choice_dropped")
    assert (dropped.design, dropped.setting, dropped.value) == ("grade", "fpc", "invited")
    assert not _caveats(fixture_results, "no_fpc") + _caveats(fixture_results, "invited_assumed")
    untestable = {c.trait for c in _caveats(fixture_results, "trait_not_testable")}
    assert untestable == {k for k, t in fixture_results.traits.items() if t.test.p_value is None}
    assert "trekker" not in untestable
    (reg,) = _caveats(fixture_results, "regression_caveat")
    assert reg.n == 0 and reg.reason and fixture_results.traits_regression.n == 0


def test_a_census_spt_says_so_next_to_its_grade(codebook):
    """A: 2 respondents with a grade, 2 invited: every invitee answered, SE 0, and a caveat
    pointing at A's grade says why."""
    register = Register(
        survey="t",
        service_points=[
            ServicePoint(name="A", activity_level=1, invited=2),
            ServicePoint(name="B", activity_level=1, invited=4),
            ServicePoint(name="C", activity_level=1, invited=9),
        ],
    )
    results = analyse(fixture_intake(FIXTURE, codebook), codebook, register, load_settings())
    assert results.satisfaction.by_spt["A"].se == 0
    (census,) = _caveats(results, "census_stratum")
    assert census.spts == ["A"] and census.applies_to == ["/satisfaction/by_spt/A"]
    assert "In A antwoordden alle uitgenodigden" in caveat_text(census)


def test_caveat_lists_spts_without_usable_invited_count(codebook):
    """A: invited 10 (fpc); B: unknown; C: 2 invited but 3 respondents: no fpc for B and C.
    With A's count marked as an assumption, no SPT has a known count: no fpc at all."""
    register = Register(
        survey="t",
        service_points=[
            ServicePoint(name="A", activity_level=1, invited=10),
            ServicePoint(name="B", activity_level=1),
            ServicePoint(name="C", activity_level=1, invited=2),
        ],
    )
    results = analyse(fixture_intake(FIXTURE, codebook), codebook, register, load_settings())
    (no_fpc,) = _caveats(results, "no_fpc")
    assert (no_fpc.unknown, no_fpc.below_respondents, no_fpc.assumed) == (["B"], ["C"], [])
    assert results.parameters.fpc["by_spt"] == {"A": 10}
    assert not _caveats(results, "design_choice_dropped")
    assert no_fpc.counts == {"C": {"respondents": 3, "invited": 2}}
    assert "bij C (3 respondenten, 2 uitgenodigden)" in caveat_text(no_fpc)
    base = load_settings()
    grade = base.design.grade.model_copy(update={"fpc": None})
    off = load_settings(design=base.design.model_copy(update={"grade": grade}).model_dump())
    results = analyse(fixture_intake(FIXTURE, codebook), codebook, register, off)
    assumed = register.model_copy(
        update={
            "service_points": [
                ServicePoint(name="A", activity_level=1, invited=10, invited_assumed=True),
                *register.service_points[1:],
            ]
        }
    )
    results = analyse(fixture_intake(FIXTURE, codebook), codebook, assumed, load_settings())
    assert results.parameters.fpc["assumed_spts"] == ["A"]
    assert results.parameters.fpc["by_spt"] == {} and not _caveats(results, "no_fpc")
    (dropped,) = _caveats(results, "design_choice_dropped")
    assert "een aanname is, telt niet als bekend" in caveat_text(dropped)
    results = analyse(fixture_intake(FIXTURE, codebook), codebook, register, off)
    # the same run with no fpc chosen: nothing to say about invited counts
    assert not [c for c in results.caveats if c.code in {"no_fpc", "invited_assumed"}]


# ---- demo data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    cb = load_codebook()
    reg = load_register(register_path(cb))
    settings = load_settings()
    return analyse(read_survey(DEMO, cb, reg), cb, reg, settings), settings


def test_demo_has_the_published_structure(demo):
    results, settings = demo
    assert results.response.n == 47 and results.response.n_spt == 10
    by = results.satisfaction.by_spt
    assert len(by) == 10
    assert 1 <= results.satisfaction.overall.estimate <= 5
    for name, g in by.items():
        assert 1 <= g.estimate <= 5, name
        assert g.band is not None, name  # disclosure, not analysis, withholds small SPTs' bands
    assert set(results.traits) == {"trekker", "manager", "stuurgroep", "uitvoeringscommissies"}
    for tr in results.traits.values():
        assert tr.test.df is not None and tr.test.df <= 9  # SPT as cluster: few df
        assert tr.test.df_stratum is not None  # the effective df of SPTs as strata
        assert tr.test.mdd > 0 and tr.test.verdict
    assert set(results.items) == {
        "nut_techniek", "werking_goed", "werking_beter", "meerwaarde_werkgevers",
        "meerwaarde_werkzoekenden", "ambities", "bekendheid",
    }  # fmt: skip
    assert sum(r["n"] for r in results.tables["respons_spt"].rows[:-1]) == 47
    rel = results.satisfaction.reliability
    assert 0 < rel.alpha < 1 and rel.k == 6


def test_demo_parameters_record_every_choice(demo):
    results, _ = demo
    p = results.parameters
    assert p.lonely_psu == "adjust" and p.min_n == 5 and p.ci_distribution == "t"
    assert p.design_grade["strata"] == "spt" and p.design_traits["psu"] == "spt"
    assert p.weighting["formula"].startswith("w = 1 / (K * n_k)")
    assert len(p.input_sha256) == 64 and len(p.codebook_sha256) == 64
    assert p.counts.valid == 47 and p.counts.rows_read == 47
    # every invited count of the demo is an assumption: no fpc (only known counts give one)
    assert p.fpc["assumed"] is True and p.fpc["by_spt"] == {}
    assert len(p.fpc["assumed_spts"]) == 10
    for key in ("gewichten", "band", "consensus", "kenmerken", "kleinste_aantoonbare_verschil"):
        assert p.rules[key]


def test_results_json_is_deterministic_and_round_trips(demo):
    results, _ = demo
    text = results.to_json()
    assert text == results.to_json()
    assert "NaN" not in text and "Infinity" not in text
    tree = json.loads(text)
    assert list(tree) == sorted(tree)
    for key in ("parameters", "response", "satisfaction", "items", "traits", "tables"):
        assert key in tree
    assert set(tree["satisfaction"]["overall"]) >= {"estimate", "se", "ci", "n", "df"}
    assert set(tree["traits"]["trekker"]["test"]) >= {"difference", "p_value", "mdd", "verdict"}
    assert Results.from_json(text).to_json() == text


def test_demo_caveats_name_the_lonely_spts_and_point_at_real_figures(demo):
    results, _ = demo
    one = sorted(k for k, n in results.parameters.weighting["n_k"].items() if n == 1)
    (lonely,) = _caveats(results, "lonely_stratum")
    assert one == ["Rijk van Nijmegen", "Zuidoost-Brabant"]
    # per figure also the SPTs where a figure has a single valid answer (2 and 3 respondents)
    assert lonely.strata == ["Rijk van Nijmegen", "Rijnmond", "Zuid-Limburg", "Zuidoost-Brabant"]
    assert lonely.single_respondent == one  # the method page names only these as one-person SPTs
    text = caveat_text(lonely)
    assert "hebben 2 servicepunten één respondent: Rijk van Nijmegen en Zuidoost-Brabant" in text
    (heavy,) = _caveats(results, "few_spts_carry_variance")
    overall = results.satisfaction.overall
    assert heavy.spts == ["Zuidoost-Brabant"] and heavy.respondents == {"Zuidoost-Brabant": 1}
    assert (heavy.df, heavy.df_design) == (overall.df, 33)
    assert "meer dan de helft van de onzekerheid" in caveat_text(heavy)
    assert overall.df < 3  # Satterthwaite: the national interval rests on a handful of SPTs
    (dropped,) = _caveats(results, "design_choice_dropped")
    assert dropped.design == "grade" and not _caveats(results, "no_fpc")
    (reg,) = _caveats(results, "regression_caveat")
    assert (reg.n, reg.df) == (results.traits_regression.n, results.traits_regression.df)
    tree = json.loads(results.to_json())
    for c in results.caveats:
        for ptr in c.applies_to:
            _resolve(tree, ptr)  # KeyError if a pointer names no figure
    assert Results.from_json(results.to_json()).caveats == results.caveats


def test_results_without_caveats_still_validate(demo):
    """results.json written before caveats existed reads back with an empty list."""
    results, _ = demo
    tree = json.loads(results.to_json())
    del tree["caveats"]
    assert Results.model_validate(tree).caveats == []


def test_every_sheet_has_unique_short_name(demo):
    results, _ = demo
    names = [name for name, _ in sheets(results)]
    assert len(names) == len(set(names)) and all(len(n) <= 31 for n in names)


# ---- command ------------------------------------------------------------------------------


def _args(out: Path, file: Path = DEMO, **kw) -> argparse.Namespace:
    base = dict(file=file, out=out, codebook=None, settings=None, min_n=None, key=None)
    return argparse.Namespace(**{**base, **kw})


def test_command_writes_everything(tmp_path, monkeypatch, capsys):
    from openpyxl import load_workbook

    monkeypatch.setenv("SPT_EVAL_KEY", "test-key-for-the-analysis-tests")
    assert analyse_cmd.run(_args(tmp_path)) == 0
    shown = capsys.readouterr().out
    assert "Tevredenheid over de werking" in shown and "Rijk van Nijmegen" in shown
    assert "  x  (n = 1)" in shown  # below the minimum n
    tree = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert tree["response"]["n"] == 47
    with open(tmp_path / "weights.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 47 and all(r["respondent"].startswith("R-") for r in rows)
    assert sum(float(r["weight"]) for r in rows) == pytest.approx(1.0)
    assert not any("DEMO" in r["respondent"] for r in rows)
    wb = load_workbook(tmp_path / "tables.xlsx")
    ws = wb["Tevredenheid"]
    assert ws["B2"].value == "Cijfer"
    overall = ws["B3"].value
    assert isinstance(overall, float) and overall == round(overall, 1)
    assert not (tmp_path / "quarantine.csv").exists()


def test_command_min_n_and_quarantine(tmp_path, monkeypatch, capsys):
    """A row with an unknown SPT is quarantined: exit 1 and quarantine.csv; --min-n 1 bands all."""
    monkeypatch.setenv("SPT_EVAL_KEY", "test-key-for-the-analysis-tests")
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(";")
    cells[1] = "Atlantis"  # not in the register
    lines[1] = ";".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert analyse_cmd.run(_args(tmp_path / "out", file=bad, min_n=1)) == 1
    assert (tmp_path / "out" / "quarantine.csv").exists()
    tree = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert tree["parameters"]["counts"]["quarantined"] == 1
    assert tree["parameters"]["min_n"] == 1
    assert all(g["band"] for g in tree["satisfaction"]["by_spt"].values())
    assert "x  (n" not in capsys.readouterr().out


def test_unreadable_file_is_an_input_error(tmp_path):
    """InputError is what the CLI turns into one 'fout: ...' line and exit code 2."""
    with pytest.raises(InputError):
        analyse_cmd.run(_args(tmp_path, file=tmp_path / "nope.csv"))
    with pytest.raises(InputError, match="instellingen"):
        analyse_cmd.run(_args(tmp_path, min_n=0))


def test_helper_columns_do_not_clash_with_codebook(codebook):
    from evaluation.analysis.frame import AGREE, GRADE, INVITED, WEIGHT, YES

    for col in codebook.column_question():
        assert col not in {GRADE, INVITED, WEIGHT}
        assert not col.startswith((AGREE, YES))


def test_a_regression_without_residual_df_prints_no_coefficients():
    """Three SPTs as clusters and four traits plus a constant: degf 2 + 1 - 5 = -2 residual df.
    No coefficient is published (R's svyglm would print some, t = 1e15); the note says why."""
    traits = ["t1", "t2", "t3", "t4"]
    rows = [
        {"spt": s, GRADE: g, WEIGHT: 1.0, **dict(zip(traits, bits, strict=True))}
        for s, g, bits in [
            ("A", 2.0, (0, 1, 0, 1)),
            ("A", 2.5, (1, 0, 0, 1)),
            ("B", 3.0, (1, 1, 0, 0)),
            ("B", 3.5, (0, 0, 1, 1)),
            ("C", 4.0, (1, 0, 1, 0)),
            ("C", 4.5, (0, 1, 1, 1)),
        ]
    ]
    designs = FigureDesigns(pd.DataFrame(rows), DesignChoice(psu="spt"), per_figure=True)
    reg, caveat = traits_regression(pd.DataFrame(rows), traits, designs, load_settings())
    assert reg.coefficients == {} and reg.df is None
    assert "vrijheidsgraden over" in caveat.reason and caveat.reason in reg.note
