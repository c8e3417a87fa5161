"""The tile map of the labour-market regions as SVG, and the small map on an SPT card.

The SVG is written directly (rectangles and one `<text>` per line), not through matplotlib: it is
a grid of tiles, the same bytes for the same data, and it keeps the text short because WeasyPrint
lays out SVG text one letter at a time.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from evaluation.dutch import number
from evaluation.inputs.labour_market import load_regions
from evaluation.inputs.region_tiles import DEFAULT_TILES, load_tiles
from evaluation.inputs.register import load_register
from evaluation.report.charts import Chart, text_width

FONT = "DejaVu Sans"
OWN, OTHER_SPT, NO_SPT = "#003b5c", "#a9c4d9", "#f6c99a"
INK_LIGHT, INK_DARK = "#ffffff", "#1a1a1a"


@dataclass(frozen=True)
class MapTile:
    """One tile as drawn: grid cell, text lines, the value line, colours and signal badges."""

    col: int
    row: int
    lines: tuple[str, ...]
    value: str
    fill: str
    ink: str = INK_DARK
    badges: tuple[tuple[str, str], ...] = ()  # (letter, colour)
    outline: bool = False


@dataclass(frozen=True)
class Layout:
    """Sizes in pt: tile width and height, gap, font size of the name and of the value."""

    tile_w: float
    tile_h: float
    gap: float
    name_pt: float
    value_pt: float


BIG = Layout(tile_w=74, tile_h=48, gap=4, name_pt=6.8, value_pt=7.6)
SMALL = Layout(tile_w=44, tile_h=21.5, gap=2.5, name_pt=5.3, value_pt=5.8)


def _text(x: float, y: float, text: str, size: float, ink: str, bold: bool = False) -> str:
    """Text centred on x, placed by its measured width (no text-anchor: see charts.text_width)."""
    weight = ' font-weight="bold"' if bold else ""
    left = x - text_width(text, size, bold) / 2
    return (
        f'<text x="{left:.1f}" y="{y:.1f}" font-size="{size}" fill="{ink}"{weight}>'
        f"{escape(text)}</text>"
    )


def _tile(t: MapTile, lay: Layout, top: float) -> list[str]:
    x = t.col * (lay.tile_w + lay.gap)
    y = top + t.row * (lay.tile_h + lay.gap)
    stroke = (
        f'stroke="{INK_DARK}" stroke-width="{lay.gap * 0.6:.1f}"'
        if t.outline
        else 'stroke="#ffffff" stroke-width="0.5"'
    )
    out = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{lay.tile_w}" height="{lay.tile_h}" rx="2" '
        f'fill="{t.fill}" {stroke}/>'
    ]
    step = lay.name_pt * 1.12
    badge = lay.value_pt * 1.25 if t.badges else 0.0
    block = len(t.lines) * step + lay.value_pt * 1.2 + badge
    line_y = y + (lay.tile_h - block) / 2 + lay.name_pt
    cx = x + lay.tile_w / 2
    for line in t.lines:
        out.append(_text(cx, line_y, line, lay.name_pt, t.ink))
        line_y += step
    out.append(_text(cx, line_y + lay.value_pt * 0.15, t.value, lay.value_pt, t.ink, bold=True))
    if t.badges:
        size = lay.value_pt * 1.15
        bx = cx - (len(t.badges) * (size + 1) - 1) / 2
        by = line_y + lay.value_pt * 0.45
        for letter, colour in t.badges:
            out.append(
                f'<rect x="{bx:.1f}" y="{by:.1f}" width="{size:.1f}" height="{size:.1f}" '
                f'rx="0.8" fill="{colour}" stroke="#ffffff" stroke-width="0.4"/>'
            )
            out.append(_text(bx + size / 2, by + size * 0.8, letter, size * 0.78, INK_LIGHT, True))
            bx += size + 1
    return out


@dataclass(frozen=True)
class Legend:
    """Entries (colour, badge letter or '', label) placed from a grid cell, `per_row` wide."""

    entries: tuple[tuple[str, str, str], ...]
    col: int = 0
    row: int | None = None  # None: under the map
    per_row: int = 1
    width_cols: int = 2


def _legend(leg: Legend, lay: Layout, map_rows: int, width: float) -> tuple[list[str], float]:
    """SVG elements of one legend block and its lowest y."""
    swatch = lay.value_pt * 1.3
    x0 = leg.col * (lay.tile_w + lay.gap)
    y0 = (
        map_rows * (lay.tile_h + lay.gap) + lay.value_pt * 0.5
        if leg.row is None
        else leg.row * (lay.tile_h + lay.gap) + lay.gap
    )
    col_w = (width if leg.row is None else leg.width_cols * (lay.tile_w + lay.gap)) / leg.per_row
    out, bottom = [], y0
    for i, (fill, letter, label) in enumerate(leg.entries):
        ex = x0 + (i % leg.per_row) * col_w
        ey = y0 + (i // leg.per_row) * swatch * 1.4
        stroke = ' stroke="#888888" stroke-width="0.4"' if not letter else ""
        out.append(
            f'<rect x="{ex:.1f}" y="{ey:.1f}" width="{swatch:.1f}" height="{swatch:.1f}" '
            f'rx="0.8" fill="{fill}"{stroke}/>'
        )
        if letter:
            out.append(
                _text(ex + swatch / 2, ey + swatch * 0.8, letter, swatch * 0.75, INK_LIGHT, True)
            )
        out.append(
            f'<text x="{ex + swatch + 3:.1f}" y="{ey + swatch * 0.82:.1f}" '
            f'font-size="{lay.name_pt}" fill="{INK_DARK}">{escape(label)}</text>'
        )
        bottom = ey + swatch * 1.4
    return out, bottom


def tile_map_svg(tiles: list[MapTile], legends: list[Legend], title: str, lay: Layout = BIG) -> str:
    """The whole map: tiles on their grid cells, then each legend block where it is placed."""
    cols = max(t.col for t in tiles) + 1
    rows = max(t.row for t in tiles) + 1
    width = cols * lay.tile_w + (cols - 1) * lay.gap
    body = [e for t in tiles for e in _tile(t, lay, 0.0)]
    height = rows * (lay.tile_h + lay.gap) - lay.gap
    for leg in legends:
        parts, bottom = _legend(leg, lay, rows, width)
        body += parts
        height = max(height, bottom)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.1f}pt" height="{height:.1f}pt" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{FONT}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


@dataclass(frozen=True)
class CardMap(Chart):
    """The card's map with a sentence on the SPT's own regions, printed beside it."""

    summary: str = ""


@functools.cache
def _card_data(register_sha256: str) -> tuple[dict, dict, dict, str] | None:
    """Tiles, jobs and SPT per region from the default files, when the run used that register."""
    register_file = DEFAULT_TILES.parents[1] / "spt2015" / "service_points.yaml"
    if hashlib.sha256(register_file.read_bytes()).hexdigest() != register_sha256:
        return None
    data = load_regions()
    register = load_register(register_file)
    spt_of = {r: sp.name for sp in register.service_points for r in sp.regions}
    jobs = {r.regio: r.omvang_techniek for r in data.regions}
    year = "".join(re.findall(r"20\d\d", Path(data.source_path).name)[-1:]) or "peiljaar"
    return load_tiles(data.names), jobs, spt_of, year


def card_map(spt: str, register_sha256: str) -> CardMap | None:
    """The small map on an SPT card: its own regions dark and outlined, other SPTs light blue.

    Drawn only when the run's register is the project's register, whose `regions:` lists say which
    regions an SPT covers, and when that SPT covers at least one region.
    """
    found = _card_data(register_sha256)
    if found is None:
        return None
    tiles, jobs, spt_of, year = found
    ordered = sorted(tiles, key=lambda n: (tiles[n].row, tiles[n].col))  # north to south
    own = [n for n in ordered if spt_of.get(n) == spt]
    if not own:
        return None
    drawn = []
    for name, tile in tiles.items():
        mine = spt_of.get(name) == spt
        fill = OWN if mine else OTHER_SPT if name in spt_of else NO_SPT
        drawn.append(
            MapTile(
                tile.col,
                tile.row,
                tile.short_lines,
                number(jobs[name], 0),
                fill,
                INK_LIGHT if mine else INK_DARK,
                outline=mine,
            )
        )
    title = f"Technische banen {year} per arbeidsmarktregio"
    legend = (
        (OWN, "", f"regio van {spt}"),
        (OTHER_SPT, "", "ander SPT"),
        (NO_SPT, "", "nog geen SPT"),
    )
    svg = tile_map_svg(drawn, [Legend(legend, col=0, row=0)], title, SMALL)  # in the sea

    def listed(names: list[str]) -> str:
        return ", ".join(f"{n} {number(jobs[n], 0)}" for n in names) or "geen"

    others = [n for n in ordered if n in spt_of and spt_of[n] != spt]
    alt = (
        f"Kaart van de {len(tiles)} arbeidsmarktregio's, technische werkgelegenheid {year} in "
        f"banen. Regio's van {spt} (donkerblauw, omlijnd): {listed(own)}. Bij een ander SPT "
        f"(lichtblauw): {listed(others)}. Nog geen SPT (oranje): "
        f"{listed([n for n in ordered if n not in spt_of])}."
    )
    total = sum(jobs[n] for n in own)
    share = number(100 * total / sum(jobs.values()), 0)
    where = f"de regio {own[0]}" if len(own) == 1 else f"{len(own)} regio's"
    summary = (
        f"{spt} omvat {where}, met {number(total, 0)} technische banen in {year}: {share}% van "
        f"alle technische banen in de {len(tiles)} regio's. De kaart toont de technische banen "
        f"per arbeidsmarktregio; donkerblauw en omlijnd: {spt}."
    )
    return CardMap(title=title, alt=alt, svg=svg, summary=summary)
