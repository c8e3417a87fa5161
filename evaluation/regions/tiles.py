"""The tile map of the region report: technical employment, SPT coverage and signals per region.

Colour: blue for a region already in an SPT, orange for one without; darker for more technical
jobs (below the 'te klein' limit, up to twice that limit, above it). The jobs are printed on the
tile and each signal is a lettered badge, so nothing depends on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evaluation.dutch import number
from evaluation.inputs.region_tiles import Placed, place_tiles
from evaluation.regions.benchmark import Benchmark, RegionResult
from evaluation.regions.outputs import data_year
from evaluation.regions.rules import rule_texts
from evaluation.report.charts import Chart
from evaluation.report.region_map import INK_DARK, INK_LIGHT, Legend, MapTile, tile_map_svg

# (fill, ink) by coverage and size class: small, middle, large
NO_DATA = "#ffffff"
SHADES = {
    True: (("#c6d9e8", INK_DARK), ("#6f9cc0", INK_DARK), ("#003b5c", INK_LIGHT)),
    False: (("#f9d9b8", INK_DARK), ("#eb9a4a", INK_DARK), ("#9c4a00", INK_LIGHT)),
}
# signal -> (letter on the badge, badge colour)
BADGES = {
    "groot_zonder_spt": ("G", "#7a0019"),
    "groot_spt_inactief": ("I", "#b35900"),
    "te_klein": ("K", "#5c5c5c"),
    "sterke_daling": ("D", "#8e2c6e"),
    "techniek_relatief_groot": ("T", "#1f6b2a"),
    "sectorprofiel": ("P", "#3f3a8c"),
}


def _size_class(r: RegionResult, limit: int) -> int:
    return 0 if r.omvang_techniek < limit else 1 if r.omvang_techniek < 2 * limit else 2


@dataclass(frozen=True)
class RegionMap(Chart):
    """The region map, with a sentence naming the regions it could not draw ('' if none)."""

    lacks: str = ""


def _lacks(placed: Placed) -> str:
    """Which regions are not on the map, and why (Dutch)."""
    parts = []
    if placed.absent:
        names = ", ".join(t.region for t in placed.absent)
        parts.append(f"niet in het regiobestand, dus zonder gegevens: {names}")
    if placed.unplaced:
        names = ", ".join(placed.unplaced)
        parts.append(f"zonder plaats in het tegelbestand, dus niet getekend: {names}")
    return ("Niet op de kaart: " + "; ".join(parts) + ".") if parts else ""


def region_map(bench: Benchmark, tiles_path: str | Path | None = None) -> RegionMap:
    """The regions as tiles: jobs on each tile, coverage and size as colour, signal badges. A
    region of the map that the data lacks (or the reverse) is named, not drawn."""
    placed = place_tiles([r.regio for r in bench.regions], tiles_path)
    tiles = placed.tiles
    limit = bench.rules.small_size
    year = data_year(bench.source_path)
    drawn = []
    for r in bench.regions:
        if r.regio not in tiles:
            continue
        fill, ink = SHADES[r.spt][_size_class(r, limit)]
        t = tiles[r.regio]
        badges = tuple(BADGES[f] for f in r.vlaggen if f in BADGES)
        drawn.append(
            MapTile(t.col, t.row, t.lines, number(r.omvang_techniek, 0), fill, ink, badges)
        )
    for t in placed.absent:  # the map keeps its shape; the tile says it has no data
        drawn.append(MapTile(t.col, t.row, t.lines, "geen gegevens", NO_DATA, INK_DARK))
    low, high = number(limit, 0), number(2 * limit, 0)
    sizes = (f"minder dan {low}", f"{low} tot {high}", f"{high} of meer")
    colours = [(SHADES[True][i][0], "", f"met SPT, {sizes[i]}") for i in range(3)]
    colours += [(SHADES[False][i][0], "", f"geen SPT, {sizes[i]}") for i in range(3)]
    labels = rule_texts(bench.rules)
    badges = [(colour, letter, labels[code][0]) for code, (letter, colour) in BADGES.items()]
    legends = [  # in the sea: the north-west corner, and the row beside Zuid-Limburg
        Legend(tuple(colours), col=0, row=0),
        Legend(
            tuple(badges), col=0, row=max(t.row for t in tiles.values()), per_row=2, width_cols=5
        ),
    ]
    title = f"Kaart: technische werkgelegenheid {year} (banen), SPT-dekking en signalen per regio"
    svg = tile_map_svg(drawn, legends, title)
    lacks = _lacks(placed)
    alt = _alt(bench, tiles, year) + (f" {lacks}" if lacks else "")
    return RegionMap(title=title, alt=alt, svg=svg, lacks=lacks)


def _alt(bench: Benchmark, tiles: dict, year: str) -> str:
    """Every region from north to south with its jobs, its SPT and its signals (Dutch)."""
    labels = rule_texts(bench.rules)
    parts = []
    placed = [r for r in bench.regions if r.regio in tiles]
    for r in sorted(placed, key=lambda r: (tiles[r.regio].row, tiles[r.regio].col)):
        notes = [f"SPT {r.spt_naam}" if r.spt_naam else "SPT" if r.spt else "geen SPT"]
        notes += [labels[f][0] for f in r.vlaggen if f in labels]
        parts.append(f"{r.regio} {number(r.omvang_techniek, 0)} ({'; '.join(notes)})")
    return (
        f"Kaart van de {len(parts)} arbeidsmarktregio's, van noord naar zuid, technische "
        f"werkgelegenheid {year} in banen: " + ", ".join(parts) + "."
    )
