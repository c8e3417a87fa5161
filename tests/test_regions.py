"""Region benchmark: table 5.5 as loaded, chapter-4.3 findings from the rules, clusters, errors."""

from pathlib import Path

import pytest

from evaluation.errors import InputError
from evaluation.inputs.labour_market import COLUMNS, DEFAULT_DATA, load_regions
from evaluation.inputs.register import load_register
from evaluation.regions.benchmark import benchmark
from evaluation.regions.clusters import load_clusters, summarise_clusters, unclustered
from evaluation.regions.rules import load_rules
from evaluation.regions.survey_join import join_survey, spt_results_from

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "surveys" / "spt2015" / "service_points.yaml"


@pytest.fixture(scope="module")
def data():
    return load_regions()


@pytest.fixture(scope="module")
def register():
    return load_register(REGISTER)


@pytest.fixture(scope="module")
def bench(data, register):
    return benchmark(data, register=register)


@pytest.fixture(scope="module")
def clusters(data):
    return load_clusters(None, data)


# ------------------------------------------------------------------ table 5.5 as loaded


def test_all_rows_of_table_5_5(data):
    assert len(data.regions) == 35
    assert data.national.regio == "NEDERLAND"


@pytest.mark.parametrize(
    "name, shares, klass, share, size, spt",
    [
        ("Achterhoek", (53, 14, 8, 23, 2), "--", 15, 19078, True),
        ("Amersfoort", (35, 51, 9, 0, 5), "--", 7, 10554, False),
        ("Gooi en Vechtstreek", (21, 8, 24, 44, 3), "-", 9, 9004, False),
        ("Gorinchem", (38, 10, 11, 39, 2), "--", 21, 11506, False),
        ("Midden-Holland", (33, 22, 10, 32, 3), "---", 11, 8739, False),
        ("Rijnmond", (35, 22, 22, 18, 3), "---", 9, 45397, True),
        ("Stedendriehoek en Noordwest Veluwe", (38, 20, 14, 24, 4), "--", 9, 26821, True),
        ("Zaanstreek / Waterland", (25, 18, 12, 42, 2), "--", 12, 14265, True),
        ("Zuid-Limburg", (30, 14, 34, 19, 3), "--", 10, 26193, True),
        ("Zuidoost-Brabant", (70, 10, 5, 12, 3), "-", 15, 42438, True),
        ("Noordoost-Brabant", (35, 14, 16, 32, 2), "--", 13, 36802, False),
        ("Zuid-Holland Centraal", (29, 21, 11, 35, 4), "--", 7, 7589, False),
    ],
)
def test_rows_match_table_5_5(data, name, shares, klass, share, size, spt):
    r = data.get(name)
    assert (r.me, r.i, r.pt, r.b, r.mvt) == shares
    assert (r.ontwikkeling, r.aandeel_techniek, r.omvang_techniek, r.spt) == (
        klass,
        share,
        size,
        spt,
    )


def test_national_row(data):
    n = data.national
    assert (n.me, n.i, n.pt, n.b, n.mvt) == (39, 16, 14, 28, 3)
    assert (n.ontwikkeling, n.aandeel_techniek, n.omvang_techniek) == ("--", 10, 740931)
    assert n.spt is None


def test_regions_add_up_to_the_national_total(data, bench):
    assert sum(r.omvang_techniek for r in data.regions) == 740931
    assert bench.notes == []  # register and '*' marks agree, totals agree


def test_amersfoort_footnote_is_kept(data):
    assert "bouwinstallatie" in data.get("Amersfoort").opmerking


def test_fourteen_regions_marked_with_an_spt(data):
    assert sum(bool(r.spt) for r in data.regions) == 14


# ------------------------------------------------------------------ SPT coverage


def test_noord_holland_spans_four_regions_ruim_80000(bench):
    nh = next(s for s in bench.spts if s.spt == "Noord-Holland")
    assert len(nh.regios) == 4
    assert nh.omvang_techniek == 29356 + 26106 + 14265 + 12251 == 81978


def test_every_spt_has_regions_and_ijsselvechtstreek_ruim_28000(bench):
    assert all(s.regios for s in bench.spts)
    ijv = next(s for s in bench.spts if s.spt == "IJsselvechtstreek")
    assert ijv.omvang_techniek == 28182


def test_register_region_missing_from_data_is_an_error(data, register):
    sp = register.service_points[0].model_copy(update={"regions": ["Atlantis"]})
    broken = register.model_copy(update={"service_points": [sp]})
    with pytest.raises(InputError, match="Atlantis"):
        benchmark(data, register=broken)


# ------------------------------------------------------------------ findings of chapter 4.3


def test_largest_regions_all_have_an_spt(bench):
    top = [r for r in bench.regions if r.rang_omvang <= 3]
    assert [r.regio for r in top] == ["Rijnmond", "Zuidoost-Brabant", "Twente"]
    assert all(r.spt for r in top)


def test_largest_regions_without_spt(bench):
    assert bench.flagged("groot_zonder_spt") == ["Noordoost-Brabant", "Friesland", "Midden-Utrecht"]


def test_large_region_rule_with_a_size_threshold(data, register):
    b = benchmark(data, load_rules(large_top_n=0, large_min_size=25000), register)
    assert b.flagged("groot_zonder_spt") == [
        "Noordoost-Brabant",
        "Friesland",
        "Midden-Utrecht",
        "Groningen",
    ]


def test_gorinchem_has_the_top_relative_share(bench):
    g = bench.get("Gorinchem")
    assert g.rang_aandeel == 1 and g.aandeel_techniek == 21
    assert "techniek_relatief_groot" in g.vlaggen
    assert set(bench.flagged("techniek_relatief_groot")) == {
        "Gorinchem",
        "Drechtsteden",
        "Achterhoek",
        "Twente",
        "Zuidoost-Brabant",
    }


def test_sector_profiles_named_in_the_report(bench):
    zl = bench.get("Zuid-Limburg")
    assert "pt" in zl.profielsectoren and zl.sectoren["pt"] == 34
    assert zl.dominante_sector == "pt"
    for name, share in (("Zuidoost-Brabant", 70), ("Noord-Limburg", 68)):
        r = bench.get(name)
        assert r.profielsectoren == ["me"] and r.sectoren["me"] == share
    assert [r.regio for r in bench.regions if "me" in r.profielsectoren] == [
        "Zuidoost-Brabant",
        "Noord-Limburg",
    ]
    hg = bench.get("Haaglanden")
    assert hg.profielsectoren == ["b"] and hg.sectoren["b"] == 48


def test_motor_vehicle_technology_spread_evenly(bench):
    # "tamelijk gelijkmatig over het land verspreid": no region stands out
    assert not [r.regio for r in bench.regions if "mvt" in r.profielsectoren]


def test_profile_rule_without_minimum_points_flags_small_sectors(data):
    b = benchmark(data, load_rules(profile_min_points=0))
    assert "mvt" in b.get("Amersfoort").profielsectoren  # 5% against 3% nationally


def test_strongest_decline(bench):
    assert set(bench.flagged("sterke_daling")) == {
        "Rijk van Nijmegen",
        "Midden-Gelderland",
        "Midden-Holland",
        "Rijnmond",
    }


def test_rijk_van_nijmegen_possibly_too_small(bench):
    r = bench.get("Rijk van Nijmegen")
    assert r.omvang_techniek == 12416 and "te_klein" in r.vlaggen
    assert [s.spt for s in bench.spts if s.te_klein] == ["Rijk van Nijmegen"]
    assert "te_klein" not in bench.get("IJsselvechtstreek").vlaggen
    assert len(bench.flagged("te_klein")) == 14


def test_size_threshold_is_a_setting(data):
    b = benchmark(data, load_rules(small_size=12000))
    assert set(b.flagged("te_klein")) == {
        "Gooi en Vechtstreek",
        "Midden-Holland",
        "Amersfoort",
        "Gorinchem",
        "Midden-Limburg",
        "Zuid-Holland Centraal",
    }
    assert "Rijk van Nijmegen" not in b.flagged("te_klein")


def test_least_decline_regions(bench):
    assert {r.regio for r in bench.regions if r.ontwikkeling == "-"} == {
        "Zuidoost-Brabant",
        "Gooi en Vechtstreek",
        "Holland Rijnland",
        "Helmond-De Peel",
    }


def test_rules_from_yaml_and_bad_rules(tmp_path):
    f = tmp_path / "rules.yaml"
    f.write_text("small_size: 20000\nhigh_share: 12\n")
    rules = load_rules(f)
    assert (rules.small_size, rules.high_share, rules.large_top_n) == (20000, 12, 3)
    f.write_text("decline_classes: ['----']\n")
    with pytest.raises(InputError, match="----"):
        load_rules(f)
    with pytest.raises(InputError, match="small_size"):
        load_rules(small_size=-5)


def test_a_rules_file_with_two_errors_names_both(tmp_path):
    f = tmp_path / "rules.yaml"
    f.write_text("small_size: veel\ndecline_classes: ['----']\n")
    with pytest.raises(InputError) as caught:
        load_rules(f)
    assert str(caught.value) == (
        f"regelbestand '{f}' is ongeldig bij small_size: hier hoort een geheel getal "
        "(nu: 'veel'); bij decline_classes: onbekende klasse '----' (kies uit -, --, ---)"
    )


def test_a_cluster_file_with_two_errors_names_both(tmp_path, data):
    f = tmp_path / "c.yaml"
    f.write_text(
        "clusters:\n  - name: A\n    regions: [Friesland, Atlantis]\n"
        "  - name: B\n    regions: [friesland]\n"
    )
    with pytest.raises(InputError) as caught:
        load_clusters(f, data)
    assert str(caught.value) == (
        f"clusterbestand '{f}' is ongeldig bij clusters nr. 1 (A): regio 'Atlantis' staat niet "
        "in het regiobestand; bij clusters nr. 2 (B): regio 'Friesland' staat in twee clusters "
        "('A' en 'B')"
    )


# ------------------------------------------------------------------ clusters


def test_cluster_sums(bench, clusters):
    res = {c.naam: c for c in summarise_clusters(bench, clusters)}
    assert len(res) == 7
    assert res["Noord-Nederland"].omvang_techniek == 30336 + 26530
    assert res["Oost-Nederland"].omvang_techniek == 28182 + 40029 + 26821 + 19078 + 14802
    assert res["Zuidoost-Nederland"].omvang_techniek == 42438 + 14048 + 17698 + 11635
    assert res["West-Brabant en Zeeland"].omvang_techniek == 36357 + 20706
    assert res["Noordoost-Brabant en buren"].omvang_techniek == 36802 + 12416 + 12304 + 21652
    zo = res["Zuidoost-Nederland"]
    expected_me = (70 * 42438 + 45 * 14048 + 68 * 17698 + 47 * 11635) / 85819
    assert zo.sectoren["me"] == pytest.approx(expected_me)
    assert sum(zo.sectoren.values()) == pytest.approx(100, abs=1)
    assert zo.met_spt == ["Zuidoost-Brabant", "Helmond-De Peel"]
    assert zo.zonder_spt == ["Noord-Limburg", "Midden-Limburg"]
    assert res["Utrecht-centraal"].met_spt == []
    assert res["Noord-Nederland"].aandeel_techniek == pytest.approx(
        100 * 56866 / (30336 / 0.11 + 26530 / 0.08)
    )


def test_zuid_limburg_and_noord_holland_stay_outside_clusters(bench, clusters):
    outside = unclustered(bench, clusters)
    assert "Zuid-Limburg" in outside and "Groot Amsterdam" in outside
    assert len(outside) + sum(len(c.regions) for c in clusters.clusters) == 35


def test_cluster_with_unknown_region(tmp_path, data):
    f = tmp_path / "c.yaml"
    f.write_text("clusters:\n  - name: Noord\n    regions: [Friesland, Groninge]\n")
    with pytest.raises(InputError, match=r"clusters nr\. 1 \(Noord\): regio 'Groninge'.*Groningen"):
        load_clusters(f, data)


def test_region_in_two_clusters(tmp_path, data):
    f = tmp_path / "c.yaml"
    f.write_text(
        "clusters:\n  - name: A\n    regions: [Friesland]\n  - name: B\n    regions: [friesland]\n"
    )
    with pytest.raises(InputError, match="twee clusters"):
        load_clusters(f, data)


# ------------------------------------------------------------------ bad files


def _write(tmp_path, edit) -> Path:
    lines = DEFAULT_DATA.read_text(encoding="utf-8").splitlines()
    lines = edit(lines)
    f = tmp_path / "regions.csv"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f


def _replace(row: int, old: str, new: str):
    def edit(lines):
        lines[row] = lines[row].replace(old, new, 1)
        return lines

    return edit


@pytest.mark.parametrize(
    "edit, pattern",
    [
        (
            _replace(1, "53,14,8,23,2", "53,14,8,23,12"),
            r"rij 1 \(Achterhoek\), kolom 'me, i, pt, b, mvt': sectoraandelen tellen op tot 110",
        ),  # noqa: E501
        (
            _replace(3, ",--,", ",-?-,"),
            r"rij 3 \(Drechtsteden\), kolom 'ontwikkeling': onbekende klasse '-\?-'",
        ),  # noqa: E501
        (
            _replace(4, "14802", "-14802"),
            r"rij 4 \(Drenthe\), kolom 'omvang_techniek': moet groter zijn dan 0",
        ),  # noqa: E501
        (
            _replace(5, "Flevoland", "Drenthe"),
            r"rij 5 \(Drenthe\), kolom 'regio': regio komt dubbel voor \(ook in rij 4\)",
        ),  # noqa: E501
        (
            _replace(6, "16194", "veel"),
            r"rij 6 \(Food Valley\), kolom 'omvang_techniek': 'veel' is geen getal",
        ),  # noqa: E501
        (
            _replace(7, ",nee,", ",misschien,"),
            r"rij 7 \(Friesland\), kolom 'spt': 'misschien' is geen ja of nee",
        ),  # noqa: E501
        (_replace(0, ",b,", ",bouw,"), r"kopregel, kolom 'b': kolom ontbreekt"),
        (lambda lines: lines[:-1], r"precies één landelijke rij 'NEDERLAND', gevonden 0"),
        (
            lambda lines: lines + [lines[-1].replace("NEDERLAND", "Nederland")],
            r"rij 37 \(Nederland\), kolom 'regio': regio komt dubbel voor",
        ),  # noqa: E501
    ],
)
def test_broken_file_names_row_column_and_reason(tmp_path, edit, pattern):
    with pytest.raises(InputError, match=pattern):
        load_regions(_write(tmp_path, edit))


def test_unreadable_file(tmp_path):
    with pytest.raises(InputError, match="kan niet worden gelezen"):
        load_regions(tmp_path / "nope.csv")


def test_newer_file_in_dutch_excel_format(tmp_path):
    """Semicolons, percent signs and Dutch thousands separators are accepted."""
    lines = DEFAULT_DATA.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        cells = line.split(",")
        if cells[0] == "Amersfoort":
            cells = [*cells[:10], "voetnoot"]
        if cells[0] == "Rijnmond":
            cells[1:6] = [c + "%" for c in cells[1:6]]
            cells[8] = "46.001"
        out.append(";".join(cells))
    f = tmp_path / "regions_2015.csv"
    f.write_text("\n".join(out), encoding="utf-8")
    d = load_regions(f)
    assert d.get("Rijnmond").omvang_techniek == 46001 and d.get("Rijnmond").me == 35
    b = benchmark(d)
    assert any("tellen op tot" in n for n in b.notes)  # regions no longer add up to the total


def test_columns_documented():
    readme = (ROOT / "surveys" / "labour_market" / "README.md").read_text(encoding="utf-8")
    for col in COLUMNS:
        assert f"`{col}`" in readme


# ------------------------------------------------------------------ survey join


def test_join_survey_shows_only_what_disclosure_published(bench, clusters, register):
    cr = summarise_clusters(bench, clusters)
    mapping = {
        "West-Brabant": {"grade": 3.04, "n": 10, "band": "gemiddeld", "withheld": False},
        "Zuidoost-Brabant": {"grade": None, "n": 1, "band": None, "withheld": True},
        "Twente": {"grade": 2.45, "n": 5, "band": "gemiddeld", "withheld": False},
        "Stedendriehoek": {"grade": None, "n": 7, "band": None, "withheld": True},
        "Achterhoek": {"grade": None, "n": 0, "band": None, "withheld": False},
    }
    joined = join_survey(bench, cr, mapping, min_n=5)
    wb, zob, tw = (joined.spts[k] for k in ("West-Brabant", "Zuidoost-Brabant", "Twente"))
    assert (wb.grade_text, wb.band, wb.withheld) == ("3,0", "gemiddeld", False)
    assert (zob.grade, zob.grade_text, zob.band, zob.withheld) == (None, "x", None, True)
    assert tw.grade_text == "2,5"  # half up
    # withheld by the secondary rule although n >= min_n: the join does not decide again
    assert joined.spts["Stedendriehoek"].grade_text == "x"
    assert joined.spts["Achterhoek"].grade_text == "–"  # no respondents, nothing to withhold
    assert joined.regions["Helmond-De Peel"] == "Zuidoost-Brabant"
    assert joined.regions["Friesland"] is None
    assert joined.clusters["Zuidoost-Nederland"] == ["Zuidoost-Brabant"]
    assert joined.clusters["Noord-Nederland"] == []


def test_join_input_reads_the_published_result(register):
    from evaluation.pipeline import load_inputs, run_survey

    published = run_survey(DEFAULT_DATA.parent.parent / "spt2015" / "demo_responses.csv",
                           load_inputs()).published  # fmt: skip
    mapping = spt_results_from(published, register, {"West-Brabant": "netwerkorganisatie"})
    assert mapping["Zuidoost-Brabant"]["activity_level"] == 0
    assert mapping["West-Brabant"]["type"] == "netwerkorganisatie"
    assert mapping["Twente"]["type"] is None
    for name, cell in mapping.items():
        withheld = published.is_withheld("satisfaction", "by_spt", name, "estimate")
        assert cell["withheld"] == withheld
        assert (cell["grade"] is None) or not withheld


# ------------------------------------------------------------------ reproducible output


def test_workbook_and_charts_are_reproducible(tmp_path, bench, clusters, monkeypatch):
    import time

    from evaluation.regions.charts import size_chart
    from evaluation.regions.outputs import write_xlsx

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1448150400")
    cr = summarise_clusters(bench, clusters)
    write_xlsx(bench, cr, tmp_path / "a.xlsx")
    time.sleep(1.1)  # a clock-dependent timestamp would now differ
    write_xlsx(bench, cr, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    one, two = size_chart(bench), size_chart(bench)
    assert one.svg == two.svg
    assert "<dc:date>" not in one.svg and "DejaVu Sans" in one.svg
    assert "Rijnmond (45.397)" in one.alt


def test_workbook_neutralises_formulas_from_user_files(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from evaluation.regions.outputs import write_xlsx

    text = DEFAULT_DATA.read_text(encoding="utf-8").replace("Achterhoek,", "=HYPERLINK(1),", 1)
    f = tmp_path / "r.csv"
    f.write_text(text, encoding="utf-8")
    d = load_regions(f)
    b = benchmark(d)
    write_xlsx(b, [], tmp_path / "x.xlsx")
    ws = load_workbook(tmp_path / "x.xlsx")["Regio's"]
    names = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert "'=HYPERLINK(1)" in names
    assert "--" in [ws.cell(r, 11).value for r in range(2, ws.max_row + 1)]


def test_region_file_through_the_one_table_reader(tmp_path):
    """A stray quote names its row (not a whole-file line); an .xlsx with a title row reads."""
    lines = DEFAULT_DATA.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "regions.csv"
    broken.write_text(
        "\n".join([*lines[:3], lines[3].replace("Drechtsteden", 'Drecht"steden'), *lines[4:]])
    )
    with pytest.raises(
        InputError, match=r"rij 3 \(Drecht\"steden\): regel 4 .* los aanhalingsteken"
    ):
        load_regions(broken)
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Tabel 5.5 arbeidsmarktregio's 2014"])
    for line in lines:
        wb.active.append(line.split(","))
    book = tmp_path / "regions.xlsx"
    wb.save(book)
    assert load_regions(book).names == load_regions().names


# ------------------------------------------------------------------ a line per region, inactive SPT


def test_large_area_of_an_inactive_spt_is_flagged(bench):
    """Zuidoost-Brabant's SPT (activity 0) covers 42.438 + 14.048 = 56.486 jobs: flagged;
    Rijk van Nijmegen is also at activity 0 but has 12.416 jobs: below the threshold."""
    zob = next(s for s in bench.spts if s.spt == "Zuidoost-Brabant")
    assert (zob.omvang_techniek, zob.mate_activiteit) == (56486, 0)
    assert bench.flagged("groot_spt_inactief") == ["Zuidoost-Brabant", "Helmond-De Peel"]


def test_inactive_threshold_is_a_setting(data, register):
    b = benchmark(data, load_rules(inactive_min_size=10_000), register)
    assert set(b.flagged("groot_spt_inactief")) == {
        "Zuidoost-Brabant",
        "Helmond-De Peel",
        "Rijk van Nijmegen",
    }
    assert (
        benchmark(data, load_rules(inactive_min_size=60_000), register).flagged(
            "groot_spt_inactief"
        )
        == []
    )


def test_every_region_gets_a_line_also_outside_the_clusters(bench, clusters):
    from evaluation.regions.lines import region_lines

    lines = dict(region_lines(bench, clusters))
    assert len(lines) == 35 == len(bench.regions)
    outside = unclustered(bench, clusters)
    assert len(outside) == 7
    for name in outside:
        assert "Valt buiten de clusters." in lines[name]
    assert lines["Zuid-Limburg"].startswith("26.193 technische banen (rang 12 van 35)")
    assert "Hoort bij SPT Zuid-Limburg, mate van activiteit 1" in lines["Zuid-Limburg"]
    zob = lines["Zuidoost-Brabant"]
    assert "mate van activiteit 0: overleg, momenteel geen activiteiten" in zob
    assert "Cluster Zuidoost-Nederland." in zob
    assert "groot SPT-gebied, SPT niet actief" in zob
    assert "Nog niet bij een SPT betrokken." in lines["Friesland"]
    assert "grote regio zonder SPT" in lines["Friesland"]


def test_highlights_name_the_inactive_spt_with_its_jobs(bench):
    from evaluation.regions.context import highlights

    text = " ".join(highlights(bench))
    assert (
        "Groot SPT-gebied waar het SPT niet actief is: Zuidoost-Brabant (Zuidoost-Brabant, "
        "Helmond-De Peel; samen 56.486 technische banen; mate van activiteit 0" in text
    )


def test_a_file_with_two_errors_reports_both(tmp_path):
    """Every problem of the region file is named on its one line, not only the first."""
    edit = _replace(6, "16194", "veel")
    f = _write(tmp_path, lambda lines: _replace(7, ",nee,", ",misschien,")(edit(lines)))
    with pytest.raises(InputError) as caught:
        load_regions(f)
    text = str(caught.value)
    assert text.startswith(f"regiobestand '{f}' is ongeldig bij rij 6 (Food Valley)")
    assert "kolom 'omvang_techniek': 'veel' is geen getal" in text
    assert "; bij rij 7 (Friesland), kolom 'spt': 'misschien' is geen ja of nee" in text
