"""SVG charts for the region benchmark: technical employment per region and sector profiles.

Matplotlib with the Agg backend, DejaVu Sans, text kept as text, and a fixed hash salt and no date
in the metadata, so the same data gives the same SVG bytes. Each chart comes with a title and a
Dutch text alternative for readers who cannot see it.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from evaluation.dutch import number  # noqa: E402
from evaluation.inputs.labour_market import SECTOR_LABELS, SECTORS
from evaluation.regions.benchmark import Benchmark
from evaluation.regions.clusters import ClusterResult
from evaluation.report.charts import Chart  # noqa: E402 - the one chart type of every report

COVERED = "#003b5c"
UNCOVERED = "#e07b00"
SECTOR_COLOURS = {
    "me": "#003b5c",
    "i": "#4f8fbf",
    "pt": "#e07b00",
    "b": "#9aa5ad",
    "mvt": "#6a9c3a",
}
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "svg.fonttype": "none",
    "svg.hashsalt": "spt-eval-regions",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(fig, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Title": title}, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _thousands(value, _pos=None) -> str:
    return number(value, 0)


def size_chart(bench: Benchmark) -> Chart:
    """Horizontal bars of technical employment per region, coloured by SPT coverage."""
    rows = sorted(bench.regions, key=lambda r: r.omvang_techniek)
    title = "Technische werkgelegenheid 2014 per arbeidsmarktregio"
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.7, 6.3))
        colours = [COVERED if r.spt else UNCOVERED for r in rows]
        bars = ax.barh([r.regio for r in rows], [r.omvang_techniek for r in rows], color=colours)
        for bar, r in zip(bars, rows, strict=True):
            ax.text(
                bar.get_width() + 400,
                bar.get_y() + bar.get_height() / 2,
                number(r.omvang_techniek, 0),
                va="center",
                fontsize=6.3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.2},
                zorder=3,
            )
        limit = bench.rules.small_size
        ax.axvline(limit, color="#7a0019", linestyle="--", linewidth=0.8, zorder=2)
        ax.text(limit + 400, -1.2, f"grens {number(limit, 0)}", color="#7a0019", fontsize=6.5)
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.set_xlabel("banen in de geselecteerde technische sectoren")
        ax.set_xlim(0, max(r.omvang_techniek for r in rows) * 1.12)
        ax.set_ylim(-1.8, len(rows) - 0.4)
        ax.tick_params(axis="y", length=0, labelsize=6.6)
        ax.legend(
            handles=[
                Patch(color=COVERED, label="al bij een SPT betrokken"),
                Patch(color=UNCOVERED, label="nog geen SPT"),
            ],
            loc="lower right",
            frameon=False,
        )
        svg = _svg(fig, title)
    top = sorted(bench.regions, key=lambda r: -r.omvang_techniek)
    covered = sum(r.spt for r in bench.regions)
    alt = (
        f"Staafdiagram van {len(rows)} regio's, gesorteerd op technische werkgelegenheid. "
        f"Grootste: {', '.join(f'{r.regio} ({number(r.omvang_techniek, 0)})' for r in top[:3])}; "
        f"kleinste: {top[-1].regio} ({number(top[-1].omvang_techniek, 0)}). {covered} regio's "
        f"zijn al bij een SPT betrokken (donkerblauw), {len(rows) - covered} nog niet (oranje). "
        f"De stippellijn markeert de grens van {number(limit, 0)} banen."
    )
    return Chart(title=title, alt=alt, svg=svg)


def profile_chart(bench: Benchmark) -> Chart:
    """Stacked bars: the sector mix of technical employment per region, Nederland on top."""
    rows = sorted(bench.regions, key=lambda r: (-r.sectoren["me"], r.regio), reverse=True)
    labels = [r.regio for r in rows] + ["NEDERLAND"]
    mixes = [r.sectoren for r in rows] + [bench.national.shares()]
    title = "Verdeling van de technische werkgelegenheid over de sectoren"
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.7, 7.8))
        left = [0.0] * len(labels)
        for s in SECTORS:
            widths = [m[s] for m in mixes]
            ax.barh(labels, widths, left=left, color=SECTOR_COLOURS[s], label=SECTOR_LABELS[s])
            for y, (x0, w) in enumerate(zip(left, widths, strict=True)):
                if w >= 9:
                    ax.text(
                        x0 + w / 2,
                        y,
                        f"{number(w, 0)}",
                        ha="center",
                        va="center",
                        fontsize=5.8,
                        color="white" if s == "me" else "black",  # black reads better on orange
                    )
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_xlim(0, 101)
        ax.set_xlabel("aandeel in de technische werkgelegenheid (%)")
        ax.tick_params(axis="y", length=0, labelsize=7)
        ax.get_yticklabels()[-1].set_fontweight("bold")
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.4, -0.06),
            ncol=5,
            frameon=False,
            fontsize=6.8,
            handlelength=1.2,
            columnspacing=1.0,
        )
        svg = _svg(fig, title)
    me = sorted(bench.regions, key=lambda r: -r.sectoren["me"])
    nat = bench.national.shares()
    alt = (
        "Gestapelde staven met per regio het aandeel van metalektro, installatietechniek, "
        "procestechniek, bouw en motorvoertuigentechniek; regio's gesorteerd op het aandeel "
        f"metalektro, landelijk bovenaan ({', '.join(f'{SECTOR_LABELS[s]} {number(nat[s], 0)}%' for s in SECTORS)}). "  # noqa: E501
        f"Hoogste aandeel metalektro: {me[0].regio} ({number(me[0].sectoren['me'], 0)}%), "
        f"{me[1].regio} ({number(me[1].sectoren['me'], 0)}%)."
    )
    return Chart(title=title, alt=alt, svg=svg)


def cluster_chart(clusters: list[ClusterResult], bench: Benchmark) -> Chart:
    """Bars of combined technical employment per cluster, split into regions with/without SPT."""
    rows = sorted(clusters, key=lambda c: c.omvang_techniek)
    title = "Technische werkgelegenheid per cluster van regio's"
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(6.7, 0.35 * len(rows) + 1.2))
        with_spt = [sum(bench.get(n).omvang_techniek for n in c.met_spt) for c in rows]
        without = [sum(bench.get(n).omvang_techniek for n in c.zonder_spt) for c in rows]
        names = [c.naam for c in rows]
        ax.barh(names, with_spt, color=COVERED, label="regio's met SPT")
        ax.barh(names, without, left=with_spt, color=UNCOVERED, label="regio's zonder SPT")
        for y, c in enumerate(rows):
            ax.text(
                c.omvang_techniek + 1000, y, number(c.omvang_techniek, 0), va="center", fontsize=6.5
            )
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.set_xlim(0, max(c.omvang_techniek for c in rows) * 1.15)
        ax.set_xlabel("banen in de geselecteerde technische sectoren")
        ax.tick_params(axis="y", length=0, labelsize=7)
        ax.legend(loc="lower right", frameon=False)
        svg = _svg(fig, title)
    big = rows[-1]
    alt = (
        f"Staafdiagram van {len(rows)} clusters. Grootste: {big.naam} "
        f"({number(big.omvang_techniek, 0)} banen); kleinste: {rows[0].naam} "
        f"({number(rows[0].omvang_techniek, 0)}). Donkerblauw: banen in regio's met een SPT, "
        "oranje: in regio's zonder SPT."
    )
    return Chart(title=title, alt=alt, svg=svg)
