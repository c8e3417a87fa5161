"""Report charts as deterministic SVG (matplotlib, Agg, DejaVu Sans), each with a title and alt.

Charts take plain, already disclosure-checked rows: a row marked `suppressed` gets no mark, only
its label "x (n = 1)". The SVG is returned as a `data:` URL so the HTML never contains chart
markup and the safe fetcher serves it like any other resource.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import matplotlib
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager, ft2font  # noqa: E402

from evaluation.dutch import largest_remainder, number, percent  # noqa: E402
from evaluation.report.withheld import text  # noqa: E402
from evaluation.results import BANDS  # noqa: E402

matplotlib.use("Agg")

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "svg.hashsalt": "spt-eval",
    "svg.fonttype": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
}

WIDTH_IN = 6.7  # 170 mm: the text width of an A4 page with 20 mm margins

CATEGORY_COLOURS = {
    1: "#b2440e",  # helemaal mee oneens
    2: "#f0a16b",  # mee oneens
    3: "#c8c8c8",  # neutraal
    4: "#7fb2d6",  # mee eens
    5: "#0b5a8c",  # helemaal mee eens
}

BAND_COLOURS = {
    "beneden gemiddeld": "#b2440e",
    "gemiddeld": "#6b6b6b",
    "boven gemiddeld": "#0b5a8c",
    None: "#003b5c",
}


@dataclass(frozen=True)
class Chart:
    """One rendered chart: its title, a text alternative and the SVG as a data: URL."""

    title: str
    alt: str
    svg: str = field(repr=False)

    @property
    def data_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True)
class LikertRow:
    """One statement: shares of the valid answers per code 1..5 (sum 1), 'weet niet' share apart.

    `dont_know` is the share of all answers that was 'weet niet' (outside the bar); `n` the
    unweighted number of valid answers (None where withheld: "n = x"); `suppressed` rows
    show only "x (n = ...)".
    """

    label: str
    shares: dict[int, float]
    n: int | None
    dont_know: float | None = None
    suppressed: bool = False
    critical: bool = False  # agreeing is unfavourable ('werking moet beter')

    @property
    def favourable(self) -> float:
        """The share of favourable answers: disagreeing for a critical statement."""
        return self.disagree if self.critical else self.agree

    def segments(self) -> list[tuple[int, float, float, int]]:
        """(code, left, width, colour code) of the bar from left to right, 'neutraal' split
        around zero: unfavourable answers left, in warm colours. A critical statement is drawn
        mirrored: 'eens' on the left, in the colours of an unfavourable answer."""
        order = (5, 4, 3, 2, 1) if self.critical else (1, 2, 3, 4, 5)
        left = -(self.shares.get(order[0], 0) + self.shares.get(order[1], 0))
        left -= self.shares.get(3, 0) / 2
        out = []
        for code in order:
            width = self.shares.get(code, 0.0)
            if width > 0:
                out.append((code, left, width, 6 - code if self.critical else code))
                left += width
        return out

    @property
    def agree(self) -> float:
        return self.shares.get(4, 0.0) + self.shares.get(5, 0.0)

    @property
    def disagree(self) -> float:
        return self.shares.get(1, 0.0) + self.shares.get(2, 0.0)

    def segment_label(self, code: int) -> str:
        """A bar segment's percentage, rounded with the others of the bar to add up to 100
        (largest remainder), so a bar never reads 101."""
        codes = sorted(self.shares)
        shown = largest_remainder([100 * self.shares[c] for c in codes])
        return number(dict(zip(codes, shown, strict=True))[code], 0) + "%"


def axis_label(critical: bool) -> str:
    """The percent axis's label; with a critical statement, how its bar is drawn."""
    label = "aandeel van de geldige antwoorden ('weet niet' niet meegeteld)"
    return label + ("\nbij een kritische stelling staat 'eens' links" if critical else "")


@dataclass(frozen=True)
class GradeRow:
    """One grade with its confidence interval; `suppressed` rows get no mark."""

    label: str
    estimate: float | None
    ci: tuple[float, float] | None
    n: int | None  # None where withheld: "n = x"
    band: str | None = None
    suppressed: bool = False


def gid(kind: str, label: str) -> str:
    """SVG id of a chart mark, so tests (and readers of the SVG) can see what was drawn."""
    return f"{kind}-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def page_figure(height: float):
    """A figure exactly as wide as the page's text (170 mm), so the PDF shows the fonts at their
    set size instead of scaling the chart down; constrained layout fits every label (the cards'
    charts, rendered by the hundred, have fixed margins instead: card_charts)."""
    fig = plt.figure(figsize=(WIDTH_IN, height), layout="constrained")
    fig.get_layout_engine().set(w_pad=0.02, h_pad=0.02)
    return fig, fig.add_subplot()


def legend_above(fig, handles: list, ncol: int) -> None:
    """Legend centred above the plot, outside the axes."""
    fig.legend(
        handles=handles,
        loc="outside upper center",
        ncol=ncol,
        frameon=False,
        fontsize=7.5,
        handlelength=1.2,
        columnspacing=1.2,
    )


def right_labels(ax, labels: list[str]):
    """Text per row on the right edge (n, 'weet niet') as tick labels of a twin axis."""
    ax2 = ax.twinx()
    ax2.set_ylim(ax.get_ylim())
    ax2.set_yticks(range(len(labels)), labels, fontsize=7, color="#444")
    ax2.tick_params(axis="y", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax2.spines[side].set_visible(False)
    return ax2


def to_svg(fig) -> str:
    """The figure as SVG text without a date (the same chart gives the same bytes); closes it."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()


@functools.cache
def _font(bold: bool) -> ft2font.FT2Font:
    weight = "bold" if bold else "normal"
    props = font_manager.FontProperties(family="DejaVu Sans", weight=weight)
    return ft2font.FT2Font(font_manager.findfont(props, fallback_to_default=False))


@functools.cache
def _advance(char: str, bold: bool) -> float:
    font = _font(bold)
    glyph = font.load_char(ord(char), flags=ft2font.LoadFlags.NO_SCALE)
    return glyph.horiAdvance / font.units_per_EM


@functools.cache
def _kerning(pair: str, bold: bool) -> float:
    font = _font(bold)
    left, right = (font.get_char_index(ord(c)) for c in pair)
    return font.get_kerning(left, right, ft2font.Kerning.UNSCALED) / font.units_per_EM


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in pt of one line of DejaVu Sans at `size` pt, kerned as Pango sets it: SVG text
    is then placed by its start (text-anchor made WeasyPrint draw each text as its own XObject)."""
    em = sum(_advance(c, bold) for c in text)
    em += sum(_kerning(text[i : i + 2], bold) for i in range(len(text) - 1))
    return em * size


def n_label(n: int | None) -> str:
    """'n = 12'; 'n = x' where the count is withheld (a republished year's valid answers)."""
    return f"n = {text(None, withheld=True) if n is None else number(n, 0)}"


def suppressed_label(n: int | None) -> str:
    """The label of a bar the chart leaves out: 'x' (from the one printing helper) and n."""
    return f"{text(None, withheld=True)} ({n_label(n)})"


def grade_chart(
    rows: Sequence[GradeRow],
    overall: GradeRow,
    title: str,
    sort: bool = True,
    xlim: tuple[float, float] = (1, 5),
) -> Chart:
    """Dot plot of grades with CI whiskers and the overall grade as a line with its CI band.

    Suppressed rows stay in the chart as a label "x (n = 1)" without a mark and are placed last,
    outside the ranking.
    """
    ordered = list(rows)
    if sort:
        ordered.sort(key=lambda r: (r.suppressed, -(r.estimate or 0), r.label))
    with plt.rc_context(STYLE):
        ticks = [r.label if r.suppressed else f"{r.label} ({n_label(r.n)})" for r in ordered]
        fig, ax = page_figure(1.1 + 0.27 * len(ordered))
        if overall.ci and overall.ci[0] is not None:
            ax.axvspan(*overall.ci, color="#003b5c", alpha=0.08, lw=0)
        if overall.estimate is not None:
            ax.axvline(overall.estimate, color="#003b5c", lw=1, ls="--")
            ax.annotate(
                f"{overall.label} {number(overall.estimate)}",
                xy=(overall.estimate, 1),
                xycoords=("data", "axes fraction"),
                xytext=(3, -8),
                textcoords="offset points",
                fontsize=7,
                color="#003b5c",
            )
        seen_bands: dict[str, str] = {}
        for y, row in enumerate(ordered):
            if row.suppressed or row.estimate is None:
                ax.text(
                    xlim[0] + 0.05,
                    y,
                    suppressed_label(row.n),
                    va="center",
                    fontsize=7.5,
                    color="#444",
                )
                continue
            colour = BAND_COLOURS.get(row.band, BAND_COLOURS[None])
            if row.ci:
                ax.plot(row.ci, [y, y], color=colour, lw=1.2, solid_capstyle="butt")
            ax.plot([row.estimate], [y], "o", color=colour, ms=5, gid=gid("mark", row.label))
            ax.annotate(
                number(row.estimate),
                xy=(row.ci[1] if row.ci else row.estimate, y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
            if row.band:
                seen_bands[row.band] = colour
        ax.set_xlim(*xlim)
        ax.set_ylim(len(ordered) - 0.5, -1.1)
        ax.set_yticks(range(len(ordered)), ticks)
        ax.tick_params(axis="y", length=0)
        ax.set_xticks(
            [x for x in range(int(xlim[0]), int(xlim[1]) + 1)],
            [number(x, 0) for x in range(int(xlim[0]), int(xlim[1]) + 1)],
        )
        ax.grid(axis="x", color="#e5e5e5", lw=0.5)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(
            "tevredenheidsscore (1 = zeer ontevreden, 5 = zeer tevreden); lijn = 95%-interval"
        )
        if seen_bands:
            order = [b for b in BANDS if b in seen_bands]
            legend_above(
                fig,
                [
                    plt.Line2D([], [], marker="o", ls="", color=seen_bands[b], label=b)
                    for b in order
                ],
                ncol=3,
            )
        svg = to_svg(fig)
    return Chart(title=title, alt=grade_alt(title, ordered, overall), svg=svg)


def grade_alt(title: str, rows: Sequence[GradeRow], overall: GradeRow) -> str:
    """Text alternative: overall grade with CI, then each row's grade and CI or 'x'."""

    def one(r: GradeRow) -> str:
        if r.suppressed or r.estimate is None:
            return f"{r.label}: {suppressed_label(r.n)}"
        ci = f", 95%-interval {number(r.ci[0])} tot {number(r.ci[1])}" if r.ci else ""
        return f"{r.label}: {number(r.estimate)}{ci} ({n_label(r.n)})"

    return f"{title}. {one(overall)}. " + "; ".join(one(r) for r in rows) + "."


def bar_note(row: LikertRow) -> str:
    """Right-hand text of a bar: n and the 'weet niet' share (nothing beside a suppressed row,
    whose n is already in the bar's place)."""
    if row.suppressed:
        return ""
    extra = n_label(row.n)
    if row.dont_know is not None:
        extra += f", weet niet {percent(row.dont_know)}"
    return extra
