"""The tile map of the regions: the tile file, the region report's map, the SPT card's map."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

import pytest

from evaluation.errors import InputError
from evaluation.inputs.labour_market import DEFAULT_DATA, load_regions
from evaluation.inputs.region_tiles import DEFAULT_TILES, load_tiles
from evaluation.inputs.register import load_register
from evaluation.regions.benchmark import benchmark
from evaluation.regions.tiles import region_map
from evaluation.report.region_map import OWN, card_map

REGISTER = DEFAULT_TILES.parents[1] / "spt2015" / "service_points.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def data():
    return load_regions()


def _write(tmp_path, lines: list[str]):
    path = tmp_path / "tiles.yaml"
    path.write_text("tiles:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _default_lines() -> list[str]:
    return [ln for ln in DEFAULT_TILES.read_text(encoding="utf-8").splitlines() if "region:" in ln]


def test_every_region_has_one_tile_and_the_layout_follows_the_country(data):
    tiles = load_tiles(data.names)
    assert sorted(tiles) == sorted(data.names)
    assert len({(t.col, t.row) for t in tiles.values()}) == len(data.names) == 35
    at = {name: (t.col, t.row) for name, t in tiles.items()}
    north = {"Groningen", "Friesland", "Drenthe"}
    assert max(at[n][1] for n in north) < min(
        at[n][1]
        for n in at
        if n
        not in north
        | {"Noord-Holland Noord", "Zaanstreek / Waterland", "Flevoland", "IJsselvechtstreek"}
    )
    assert at["Zuid-Limburg"][1] == max(r for _, r in at.values())  # bottom ...
    assert at["Zuid-Limburg"][0] == max(c for c, _ in at.values())  # ... right
    assert at["Zeeland"][0] == 0 and at["Zeeland"][1] > at["Rijnmond"][1]  # bottom-left
    assert at["Twente"][0] > at["Groot Amsterdam"][0]


def test_a_missing_region_is_named(tmp_path, data):
    lines = [ln for ln in _default_lines() if "Twente" not in ln]
    with pytest.raises(InputError, match="regio 'Twente' ontbreekt"):
        load_tiles(data.names, _write(tmp_path, lines))


def test_a_doubled_region_is_named(tmp_path, data):
    lines = _default_lines() + ["  - {region: twente, col: 0, row: 9}"]
    with pytest.raises(InputError, match="regio 'Twente' staat er twee keer in"):
        load_tiles(data.names, _write(tmp_path, lines))


def test_an_unknown_region_and_a_shared_cell_are_named(tmp_path, data):
    lines = _default_lines() + ["  - {region: Atlantis, col: 0, row: 9}"]
    with pytest.raises(InputError, match="'Atlantis' staat niet in het regiobestand"):
        load_tiles(data.names, _write(tmp_path, lines))
    moved = [ln.replace("col: 5, row: 2", "col: 4, row: 2") for ln in _default_lines()]
    with pytest.raises(InputError, match="'Twente' en regio 'Stedendriehoek"):
        load_tiles(data.names, _write(tmp_path, moved))
    bad = [ln.replace("col: 5, row: 2", "col: -1, row: 2") for ln in _default_lines()]
    with pytest.raises(InputError, match=r"tiles nr\. \d+ \(Twente\), veld col"):
        load_tiles(data.names, _write(tmp_path, bad))


def test_region_map_shows_every_value_and_the_alt_lists_them(data):
    bench = benchmark(data, register=load_register(REGISTER))
    chart = region_map(bench)
    root = ET.fromstring(chart.svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for r in bench.regions:
        value = f"{r.omvang_techniek:,}".replace(",", ".")
        assert value in texts
        assert f"{r.regio} {value} (" in chart.alt
    assert "Rijnmond 45.397 (SPT Rijnmond; sterke daling" in chart.alt
    assert chart.alt.index("Groningen") < chart.alt.index("Zuid-Limburg")
    assert "G" in texts and "grote regio zonder SPT" in texts  # badge and its legend
    assert region_map(bench).svg == chart.svg


def test_a_region_file_without_a_map_region_draws_the_rest_and_names_it(tmp_path, data):
    """Issue 21: the map draws what it has and names what it lacks, instead of stopping the
    whole region report."""
    lines = DEFAULT_DATA.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "regions.csv"
    path.write_text("\n".join(ln for ln in lines if not ln.startswith("Drenthe,")) + "\n")
    bench = benchmark(load_regions(path), register=load_register(REGISTER))
    chart = region_map(bench)
    texts = [t.text for t in ET.fromstring(chart.svg).iter(f"{SVG}text")]
    assert "Drenthe" in texts and "geen gegevens" in texts  # its tile keeps the map's shape
    assert "Twente" in texts and "45.397" in texts  # the others as before
    assert (
        chart.lacks == "Niet op de kaart: niet in het regiobestand, dus zonder gegevens: Drenthe."
    )
    assert chart.alt.endswith(chart.lacks) and "Drenthe 14.802" not in chart.alt
    full = region_map(benchmark(data, register=load_register(REGISTER)))
    assert full.lacks == ""


def test_a_region_without_a_tile_is_named_not_drawn(tmp_path, data):
    lines = [ln for ln in _default_lines() if "Twente" not in ln]
    bench = benchmark(data, register=load_register(REGISTER))
    chart = region_map(bench, _write(tmp_path, lines))
    assert "zonder plaats in het tegelbestand, dus niet getekend: Twente" in chart.lacks
    assert "Twente" not in [t.text for t in ET.fromstring(chart.svg).iter(f"{SVG}text")]


def test_card_map_outlines_the_spts_own_regions():
    sha = hashlib.sha256(REGISTER.read_bytes()).hexdigest()
    chart = card_map("Noord-Holland", sha)
    root = ET.fromstring(chart.svg)
    own = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == OWN and r.get("width") == "44"]
    assert len(own) == 4 and all(r.get("stroke") == "#1a1a1a" for r in own)
    assert "Regio's van Noord-Holland (donkerblauw, omlijnd): Noord-Holland Noord 26.106" in (
        chart.alt
    )
    assert "4 regio's, met 81.978 technische banen in 2014" in chart.summary
    assert card_map("Noord-Holland", "0" * 64) is None  # another register: no map
    assert card_map("Geen SPT", sha) is None


def test_a_tile_file_with_two_errors_reports_both(tmp_path, data):
    lines = [
        ln.replace("col: 5, row: 2", "col: -1, row: 2").replace("row: 0", "row: 99")
        for ln in _default_lines()
    ]
    with pytest.raises(InputError) as caught:
        load_tiles(data.names, _write(tmp_path, lines))
    text = str(caught.value)
    assert "(Twente), veld col: moet minstens 0 zijn (nu: -1)" in text
    assert "veld row: moet hooguit 30 zijn (nu: 99)" in text
