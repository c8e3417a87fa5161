"""Diverging bar charts of answer distributions (figures 1.2 and 2.1; the card's: card_charts)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

from evaluation.dutch import percent  # noqa: E402
from evaluation.report.charts import (
    CATEGORY_COLOURS,
    STYLE,
    Chart,
    LikertRow,
    axis_label,
    bar_note,
    gid,
    legend_above,
    n_label,
    page_figure,
    right_labels,
    suppressed_label,
    to_svg,
)


def likert_chart(
    rows: Sequence[LikertRow],
    title: str,
    labels: dict[int, str],
    sort: bool = True,
) -> Chart:
    """Diverging stacked bars: neutral split around zero, 'weet niet' and n right of the bar.

    Statements are sorted by share of favourable answers (highest on top) unless sort=False.
    """
    ordered = list(rows)
    if sort:
        ordered.sort(key=lambda r: (r.suppressed, -r.favourable, r.label))
    with plt.rc_context(STYLE):
        fig, ax = page_figure(1.15 + 0.34 * len(ordered))
        _likert_bars(ax, [(y, row, row.label) for y, row in enumerate(ordered)])
        _likert_axes(ax, fig, labels, any(r.critical for r in ordered))
        ax.set_ylim(len(ordered) - 0.5, -0.5)
        ax.set_yticks(range(len(ordered)), [r.label for r in ordered])
        right_labels(ax, [bar_note(r) for r in ordered])
        svg = to_svg(fig)
    alt = likert_alt(title, ordered)
    return Chart(title=title, alt=alt, svg=svg)


def _likert_bars(ax, placed: Sequence[tuple[float, LikertRow, str]]) -> None:
    """Diverging bars as plain rectangles (cheaper than `barh` per segment): 'neutraal' split around
    zero, shares of 7% or more written inside; a suppressed row gets no mark, only
    "x (n = ...)". `placed`: (y, row, mark id) per row."""
    segments: dict[int, list[tuple[float, float, float, str]]] = {c: [] for c in CATEGORY_COLOURS}
    for y, row, mark_id in placed:
        if row.suppressed:
            ax.text(
                0,
                y,
                suppressed_label(row.n),
                ha="center",
                va="center",
                color="#444",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
                zorder=3,
            )
            continue
        for code, left, width, colour in row.segments():
            segments[colour].append((y, width, left, gid(f"bar{code}", mark_id)))
            if width >= 0.07:
                ax.text(
                    left + width / 2,
                    y,
                    row.segment_label(code),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if colour in (1, 5) else "#1d1d1b",
                )
    for code, segs in segments.items():  # the callers fix both axis limits: no autoscaling
        for y, width, left, mark in segs:
            bar = Rectangle((left, y - 0.31), width, 0.62, color=CATEGORY_COLOURS[code], lw=0)
            bar.set_gid(mark)
            ax.add_artist(bar)


def _likert_axes(ax, fig, labels: dict[int, str], critical: bool = False) -> None:
    """Shared furniture of the diverging bar charts: zero line, percent axis, legend."""
    ax.axvline(0, color="#1d1d1b", lw=0.6, zorder=0.5)  # behind the bars: no line through a label
    ax.set_xlim(-1, 1)
    ax.tick_params(axis="y", length=0)
    ticks = [-1, -0.5, 0, 0.5, 1]
    ax.set_xticks(ticks, [percent(abs(t)) for t in ticks])
    ax.spines["left"].set_visible(False)
    handles = [Patch(color=CATEGORY_COLOURS[c], label=labels[c]) for c in (1, 2, 3, 4, 5)]
    legend_above(fig, handles, ncol=5)
    ax.set_xlabel(axis_label(critical))


def likert_alt(title: str, rows: Sequence[LikertRow]) -> str:
    """Text alternative: per statement the share agreeing and disagreeing with its n."""
    parts = []
    for r in rows:
        if r.suppressed:
            parts.append(f"{r.label}: {suppressed_label(r.n)}")
        else:
            parts.append(
                f"{r.label}: {percent(r.agree)} (helemaal) eens, "
                f"{percent(r.disagree)} (helemaal) oneens ({n_label(r.n)})"
            )
    return f"{title}. " + "; ".join(parts) + "."
