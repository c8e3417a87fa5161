"""The trend line chart (SVG, as charts.py): grades over the years, national and one SPT."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt

from evaluation.dutch import number
from evaluation.report.charts import STYLE, WIDTH_IN, Chart, gid, n_label, suppressed_label, to_svg


@dataclass(frozen=True)
class YearMark:
    """One year's published grade; `suppressed` points get no mark, only 'x (n = ...)'."""

    year: int
    estimate: float | None
    ci: tuple[float, float] | None
    n: int
    suppressed: bool = False


@dataclass(frozen=True)
class Line:
    label: str
    marks: Sequence[YearMark]
    colour: str
    band: bool = False  # draw the interval as a band (national) instead of whiskers


def _values(marks: Sequence[YearMark]) -> list[float]:
    return [m.estimate if m.estimate is not None else math.nan for m in marks]


def trend_chart(lines: Sequence[Line], title: str, ylim: tuple[float, float] = (1, 5)) -> Chart:
    """Grades per year as lines with their 95% intervals; a withheld year breaks the line."""
    years = sorted({m.year for line in lines for m in line.marks})
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=(WIDTH_IN, 2.4))
        fig.subplots_adjust(left=0.08, right=0.98, top=0.84, bottom=0.2)
        ax = fig.add_subplot()
        for k, line in enumerate(lines):
            xs = [m.year + (k - (len(lines) - 1) / 2) * 0.06 for m in line.marks]
            if line.band:
                lo = [m.ci[0] if m.ci and not m.suppressed else math.nan for m in line.marks]
                hi = [m.ci[1] if m.ci and not m.suppressed else math.nan for m in line.marks]
                ax.fill_between(xs, lo, hi, color=line.colour, alpha=0.12, lw=0)
            ax.plot(
                xs,
                _values(line.marks),
                "-o",
                color=line.colour,
                lw=1.2,
                ms=4,
                label=line.label,
                gid=gid("line", line.label),
            )
            for x, m in zip(xs, line.marks, strict=True):
                if m.suppressed or m.estimate is None:
                    ax.text(
                        x,
                        ylim[0] + 0.15 + 0.3 * k,
                        suppressed_label(m.n),
                        ha="center",
                        fontsize=7,
                        color=line.colour,
                    )
                    continue
                if m.ci and not line.band:
                    ax.plot([x, x], m.ci, color=line.colour, lw=1)
                ax.annotate(
                    number(m.estimate),
                    xy=(x, m.estimate),
                    xytext=(5, 3 if k == 0 else -10),
                    textcoords="offset points",
                    fontsize=7,
                    color=line.colour,
                )
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlim(years[0] - 0.4, years[-1] + 0.4)
        ax.set_ylim(*ylim)
        ax.set_yticks(range(int(ylim[0]), int(ylim[1]) + 1))
        ax.grid(axis="y", color="#e5e5e5", lw=0.5)
        ax.set_axisbelow(True)
        ax.set_ylabel("tevredenheidsscore (1-5)")
        fig.legend(loc="upper center", ncol=len(lines), frameon=False, fontsize=7.5)
        svg = to_svg(fig)
    return Chart(title=title, alt=trend_alt(title, lines), svg=svg)


def trend_alt(title: str, lines: Sequence[Line]) -> str:
    """Text alternative: per line, each year's grade with its interval, or 'x'."""

    def one(m: YearMark) -> str:
        if m.suppressed or m.estimate is None:
            return f"{m.year}: {suppressed_label(m.n)}"
        ci = f", 95%-interval {number(m.ci[0])} tot {number(m.ci[1])}" if m.ci else ""
        return f"{m.year}: {number(m.estimate)}{ci} ({n_label(m.n)})"

    parts = [f"{line.label}: " + "; ".join(one(m) for m in line.marks) for line in lines]
    return f"{title}. " + ". ".join(parts) + "."
