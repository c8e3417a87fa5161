"""The SPT card's two charts drawn directly as SVG in pt (no matplotlib): cards come by the hundred.

Matplotlib took a fifth of a card's render for these two charts, and its SVG (a group, style and
clip path per mark) took WeasyPrint as long again to draw. Here every mark is one element with
fixed margins estimated from the label lengths; text stays SVG text (selectable, see svg_text).
The look follows the matplotlib charts of the annual report (charts.py, likert_charts.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from evaluation.dutch import number, percent
from evaluation.report.charts import (
    BAND_COLOURS,
    CATEGORY_COLOURS,
    Chart,
    GradeRow,
    LikertRow,
    axis_label,
    bar_note,
    gid,
    grade_alt,
    n_label,
    suppressed_label,
    text_width,
)
from evaluation.results import BANDS

WIDTH = 481.9  # pt: 170 mm, the text width of the page, so fonts show at their set size
INK, MUTED, NAVY = "#1d1d1b", "#444444", "#003b5c"


class Svg:
    """An SVG document in pt, built element by element (rectangles, lines, circles, text)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.parts: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float, fill: str, mark: str = "") -> None:
        ident = f' id="{mark}"' if mark else ""
        self.parts.append(
            f'<rect{ident} x="{x:.2f}" y="{y:.2f}" width="{w:.2f}" height="{h:.2f}" fill="{fill}"/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float,
             dash: str = "") -> None:  # fmt: skip
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" stroke="{stroke}" '
            f'stroke-width="{width}"{dashes}/>'
        )

    def circle(self, x: float, y: float, r: float, fill: str, mark: str = "") -> None:
        ident = f' id="{mark}"' if mark else ""
        self.parts.append(f'<circle{ident} cx="{x:.2f}" cy="{y:.2f}" r="{r}" fill="{fill}"/>')

    def text(self, x: float, y: float, text: str, size: float, fill: str = INK,
             anchor: str = "start", bold: bool = False) -> None:  # fmt: skip
        """Text with its baseline at y; anchor start, middle or end (placed by measured width)."""
        if anchor != "start":
            x -= text_width(text, size, bold) / (2 if anchor == "middle" else 1)
        extra = ' font-weight="bold"' if bold else ""
        self.parts.append(
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="{size}" fill="{fill}"{extra}>'
            f"{escape(text)}</text>"
        )

    def centred(self, x: float, cy: float, text: str, size: float, **kw) -> None:
        """Text vertically centred on cy (baseline a third of an em below)."""
        self.text(x, cy + 0.35 * size, text, size, **kw)

    def legend(self, y: float, entries: Sequence[tuple[str, str, str]], size: float) -> None:
        """One centred row of (colour, shape 'square' | 'dot', label) entries, top at y."""
        swatch, gap = size * 0.95, size * 1.6
        widths = [swatch + 4 + text_width(label, size) for _, _, label in entries]
        x = (self.width - sum(widths) - gap * (len(entries) - 1)) / 2
        for (colour, shape, label), w in zip(entries, widths, strict=True):
            if shape == "dot":
                self.circle(x + swatch / 2, y + swatch / 2, swatch / 2.4, colour)
            else:
                self.rect(x, y, swatch, swatch, colour)
            self.centred(x + swatch + 4, y + swatch / 2, label, size)
            x += w + gap

    def axis(self, x0: float, x1: float, y: float, ticks: Sequence[tuple[float, str]],
             label: str) -> None:  # fmt: skip
        """The x axis at y: a line, ticks with their labels under it and the axis label."""
        self.line(x0, y, x1, y, INK, 0.8)
        for x, text in ticks:
            self.line(x, y, x, y + 3.5, INK, 0.8)
            self.text(x, y + 13, text, 8, anchor="middle")
        for i, line in enumerate(label.split("\n")):
            self.text((x0 + x1) / 2, y + 25 + 10 * i, line, 8, anchor="middle")

    def done(self, title: str) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width:.1f}pt" '
            f'height="{self.height:.1f}pt" viewBox="0 0 {self.width:.1f} {self.height:.1f}" '
            f'font-family="DejaVu Sans"><title>{escape(title)}</title>'
            + "".join(self.parts)
            + "</svg>"
        )


def _margins(left: Sequence[str], right: Sequence[str]) -> tuple[float, float]:
    """Plot edges in pt: room for 8 pt labels on the left and 7 pt texts on the right."""
    lft = 11 + max((text_width(t, 8) for t in left), default=0)
    rgt = 22 + max((text_width(t, 7) for t in right), default=0)
    return min(lft, WIDTH / 2), WIDTH - min(rgt, 0.3 * WIDTH)


def card_grade_chart(rows: Sequence[GradeRow], overall: GradeRow, title: str) -> Chart:
    """Dot plot of the card's grade with its interval whisker, beside the national grade as a
    dashed line in its interval band; a suppressed row is 'x (n = ...)' without a mark."""
    ticks = [r.label if r.suppressed else f"{r.label} ({n_label(r.n)})" for r in rows]
    step, top = 19.4, 23.0
    height = top + step * (len(rows) + 0.6) + 36
    svg = Svg(WIDTH, height)
    x0, x1 = _margins(ticks, [])
    bottom = height - 36

    def at(v: float) -> float:
        return x0 + (v - 1) / 4 * (x1 - x0)

    def row_y(i: int) -> float:
        return top + step * (i + 1.1)

    if overall.ci and overall.ci[0] is not None:
        svg.rect(at(overall.ci[0]), top, at(overall.ci[1]) - at(overall.ci[0]), bottom - top,
                 "#ebeff2")  # fmt: skip  # 8% of the navy over white
    for v in range(1, 6):
        svg.line(at(v), top, at(v), bottom, "#e5e5e5", 0.5)
    if overall.estimate is not None:
        x = at(overall.estimate)
        svg.line(x, top, x, bottom, NAVY, 1, dash="3.7 1.6")
        svg.text(x + 3, top + 8, f"{overall.label} {number(overall.estimate)}", 7, fill=NAVY)
    bands: dict[str, str] = {}
    for i, (row, tick) in enumerate(zip(rows, ticks, strict=True)):
        y = row_y(i)
        svg.centred(x0 - 3.5, y, tick, 8, anchor="end")
        if row.suppressed or row.estimate is None:
            svg.centred(at(1.05), y, suppressed_label(row.n), 7.5, fill=MUTED)
            continue
        colour = BAND_COLOURS.get(row.band, BAND_COLOURS[None])
        if row.ci:
            svg.line(at(row.ci[0]), y, at(row.ci[1]), y, colour, 1.2)
        svg.circle(at(row.estimate), y, 2.5, colour, mark=gid("mark", row.label))
        svg.centred(at(row.ci[1] if row.ci else row.estimate) + 4, y, number(row.estimate), 7)
        if row.band:
            bands[row.band] = colour
    svg.axis(
        x0,
        x1,
        bottom,
        [(at(v), number(v, 0)) for v in range(1, 6)],
        "tevredenheidsscore (1 = zeer ontevreden, 5 = zeer tevreden); lijn = 95%-interval",
    )
    order = [b for b in BANDS if b in bands]
    if order:
        svg.legend(3, [(bands[b], "dot", b) for b in order], 7.5)
    return Chart(title=title, alt=grade_alt(title, rows, overall), svg=svg.done(title))


def _bar(svg: Svg, at, y: float, row: LikertRow, mark_id: str) -> None:
    """One diverging bar centred on y: 'neutraal' split around zero, shares of 7% or more written
    inside; a suppressed row only 'x (n = ...)' on a white ground over the zero line."""
    if row.suppressed:
        text = suppressed_label(row.n)
        w = text_width(text, 8) + 4
        svg.rect(at(0) - w / 2, y - 6, w, 12, "#ffffff")
        svg.centred(at(0), y, text, 8, fill=MUTED, anchor="middle")
        return
    for code, left, width, colour in row.segments():
        x = at(left)
        svg.rect(x, y - 4.9, at(left + width) - x, 9.8, CATEGORY_COLOURS[colour],
                 mark=gid(f"bar{code}", mark_id))  # fmt: skip
        if width >= 0.07:
            ink = "#ffffff" if colour in (1, 5) else INK
            label = row.segment_label(code)
            svg.centred(at(left + width / 2), y, label, 6.5, fill=ink, anchor="middle")


def paired_likert_chart(
    pairs: Sequence[tuple[str, LikertRow, LikertRow]],
    title: str,
    labels: dict[int, str],
) -> Chart:
    """Per statement two diverging bars, the national row directly above the SPT's row, under
    the statement as a heading. `pairs`: (statement, national row, SPT row); the rows' labels
    ('landelijk', the SPT's name) label the bars."""
    rows = [r for _, nat, own in pairs for r in (nat, own)]
    x0, x1 = _margins([r.label for r in rows], [bar_note(r) for r in rows])
    unit, top = 15.84, 28.0  # pt per row unit, as the matplotlib version drew it
    label = axis_label(any(r.critical for r in rows))
    below = 36 + 10 * label.count("\n")  # the axis and its label
    height = top + unit * 2.67 * len(pairs) + below
    svg = Svg(WIDTH, height)
    bottom = height - below

    def at(v: float) -> float:
        return x0 + (v + 1) / 2 * (x1 - x0)

    svg.line(at(0), top, at(0), bottom, INK, 0.6)  # first: behind the bars
    y = top + 0.4 * unit
    for statement, nat, own in pairs:
        svg.centred(0.01 * WIDTH, y, statement, 8, fill=NAVY, bold=True)
        for k, row in enumerate((nat, own)):
            ry = y + (0.72 + 0.85 * k) * unit
            svg.centred(x0 - 3.5, ry, row.label, 8, anchor="end")
            _bar(svg, at, ry, row, f"{statement}-{row.label}")
            if extra := bar_note(row):
                svg.centred(x1 + 3.5, ry, extra, 7, fill=MUTED)
        y += 2.67 * unit
    ticks = [-1, -0.5, 0, 0.5, 1]
    svg.axis(
        x0,
        x1,
        bottom,
        [(at(t), percent(abs(t))) for t in ticks],
        label,
    )
    svg.legend(4, [(CATEGORY_COLOURS[c], "square", labels[c]) for c in (1, 2, 3, 4, 5)], 7.5)
    parts = [f"{s}: " + "; ".join(_alt_row(r) for r in (nat, own)) for s, nat, own in pairs]
    return Chart(title=title, alt=f"{title}. " + ". ".join(parts) + ".", svg=svg.done(title))


def _alt_row(r: LikertRow) -> str:
    if r.suppressed:
        return f"{r.label} {suppressed_label(r.n)}"
    return (
        f"{r.label} {percent(r.agree)} (helemaal) eens, "
        f"{percent(r.disagree)} (helemaal) oneens ({n_label(r.n)})"
    )
