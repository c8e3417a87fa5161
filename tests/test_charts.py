"""Charts: deterministic SVG, a title and text alternative, no mark for suppressed rows; the
card's charts drawn directly, their text drawn per run (svg_text) and still text in the PDF."""

from __future__ import annotations

import base64
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
import weasyprint
import weasyprint.svg

from evaluation.report import render, svg_text  # noqa: F401  (render installs svg_text)
from evaluation.report.card_charts import card_grade_chart, paired_likert_chart
from evaluation.report.charts import GradeRow, LikertRow, gid, grade_chart, text_width
from evaluation.report.likert_charts import likert_chart

SVG = "{http://www.w3.org/2000/svg}"

LABELS = {1: "helemaal mee oneens", 2: "mee oneens", 3: "neutraal", 4: "mee eens", 5: "eens!"}
LIKERT = [
    LikertRow("Werking is goed", {1: 0.05, 2: 0.15, 3: 0.33, 4: 0.37, 5: 0.10}, 40, 0.07),
    LikertRow("Bekend bij werkgevers", {1: 0.24, 2: 0.40, 3: 0.22, 4: 0.12, 5: 0.02}, 42),
    LikertRow("Meerwaarde", {1: 0.02, 2: 0.08, 3: 0.15, 4: 0.50, 5: 0.25}, 43, 0.0),
    LikertRow("Klein", {}, 2, suppressed=True),
]
GRADES = [
    GradeRow("Twente", 3.25, (2.8, 3.6), 6, "gemiddeld"),
    GradeRow("Rijk van Nijmegen", None, None, 1, suppressed=True),
    GradeRow("Noord-Holland", 3.6, (3.3, 3.9), 9, "boven gemiddeld"),
]
OVERALL = GradeRow("landelijk", 2.95, (2.7, 3.1), 43)


def test_likert_chart_is_deterministic_and_sorted_by_agreement():
    a = likert_chart(LIKERT, "Figuur 2.1 Tevredenheid", LABELS)
    b = likert_chart(LIKERT, "Figuur 2.1 Tevredenheid", LABELS)
    assert a.svg == b.svg
    assert "<dc:date>" not in a.svg
    assert a.alt.startswith("Figuur 2.1 Tevredenheid. Meerwaarde: 75% (helemaal) eens")
    order = [a.alt.index(s) for s in ("Meerwaarde", "Werking is goed", "Bekend", "Klein")]
    assert order == sorted(order)
    assert "Klein: x (n = 2)" in a.alt
    assert a.data_url.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(a.data_url.split(",", 1)[1]).decode() == a.svg


def test_likert_chart_draws_no_bar_for_a_suppressed_row():
    svg = likert_chart(LIKERT, "t", LABELS).svg
    assert f'id="{gid("bar4", "Werking is goed")}"' in svg
    assert gid("bar4", "Klein") not in svg and gid("bar1", "Klein") not in svg


def test_a_critical_statement_is_drawn_mirrored_in_the_colours_of_its_meaning():
    """'Werking moet beter': agreeing is unfavourable, so 'eens' lies left of zero in the warm
    colours, and the statement ranks by its share disagreeing; the text still says 'eens'."""
    shares = {1: 0.02, 2: 0.03, 3: 0.31, 4: 0.51, 5: 0.13}
    row = LikertRow("Werking moet beter (kritisch)", shares, 43, 0.0, critical=True)
    segments = {code: (round(left, 3), colour) for code, left, _, colour in row.segments()}
    assert segments[5] == (-0.795, 1) and segments[4] == (-0.665, 2)
    assert segments[1][0] > 0 and segments[1][1] == 5
    assert row.favourable == 0.05
    chart = likert_chart([row, *LIKERT], "t", LABELS)
    assert chart.alt.index("Werking moet beter") > chart.alt.index("Bekend")  # 5% favourable
    assert "Werking moet beter (kritisch): 64% (helemaal) eens" in chart.alt
    assert "bij een kritische stelling staat 'eens' links" in chart.svg


def test_grade_chart_leaves_suppressed_spt_without_mark():
    chart = grade_chart(GRADES, OVERALL, "Rapportcijfer per SPT")
    assert f'id="{gid("mark", "Twente")}"' in chart.svg
    assert f'id="{gid("mark", "Noord-Holland")}"' in chart.svg
    assert gid("mark", "Rijk van Nijmegen") not in chart.svg
    assert "landelijk: 3,0, 95%-interval 2,7 tot 3,1 (n = 43)" in chart.alt  # half up: 2,95 -> 3,0
    assert "Twente: 3,3" in chart.alt  # 3,25 -> 3,3
    assert "Rijk van Nijmegen: x (n = 1)" in chart.alt
    assert chart.alt.index("Noord-Holland") < chart.alt.index("Twente")
    assert chart.svg == grade_chart(GRADES, OVERALL, "Rapportcijfer per SPT").svg


PAIRS = [
    (
        "Werking is goed",
        LikertRow("landelijk", {1: 0.05, 2: 0.15, 3: 0.33, 4: 0.37, 5: 0.10}, 40, 0.07),
        LikertRow("Twente", {3: 0.2, 4: 0.6, 5: 0.2}, 5, 0.0),
    ),
    (
        "Meerwaarde",
        replace(LIKERT[2], label="landelijk"),
        LikertRow("Twente", {}, 1, suppressed=True),
    ),
]


def test_card_statements_chart_pairs_bars_and_writes_its_text_as_svg_text():
    chart = paired_likert_chart(PAIRS, "Figuren 1.2 en 2.1: Twente en landelijk", LABELS)
    root = ET.fromstring(chart.svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Werking is goed", "Meerwaarde", "landelijk", "Twente", "60%", "x (n = 1)"} <= set(
        texts
    )
    assert "n = 40, weet niet 7%" in texts and "eens!" in texts  # right of the bar; legend
    assert f'id="{gid("bar4", "Werking is goed-Twente")}"' in chart.svg
    assert not any(gid(f"bar{c}", "Meerwaarde-Twente") in chart.svg for c in range(1, 6))
    assert "Meerwaarde: landelijk 75% (helemaal) eens" in chart.alt
    assert "Twente x (n = 1)" in chart.alt
    assert (
        chart.svg
        == paired_likert_chart(PAIRS, "Figuren 1.2 en 2.1: Twente en landelijk", LABELS).svg
    )
    assert "<g" not in chart.svg and "style=" not in chart.svg  # one element per mark


def test_card_grade_chart_marks_the_spt_beside_the_national_line():
    chart = card_grade_chart([GRADES[0]], OVERALL, "Rapportcijfer Twente en landelijk (1-5)")
    assert f'id="{gid("mark", "Twente")}"' in chart.svg
    texts = [t.text for t in ET.fromstring(chart.svg).iter(f"{SVG}text")]
    assert {"Twente (n = 6)", "landelijk 3,0", "3,3", "gemiddeld"} <= set(texts)
    assert "Twente: 3,3, 95%-interval 2,8 tot 3,6 (n = 6)" in chart.alt
    none = card_grade_chart([GRADES[1]], OVERALL, "t")
    assert gid("mark", "Rijk van Nijmegen") not in none.svg and "x (n = 1)" in none.svg


def _pdf_words(chart, path) -> str:
    html = f'<html lang="nl"><body><img src="{chart.data_url}" alt="{chart.alt}"></body></html>'
    weasyprint.HTML(string=html).write_pdf(path)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(
    weasyprint.__version__ != svg_text.CHECKED_VERSION,
    reason=f"svg_text is checked against WeasyPrint {svg_text.CHECKED_VERSION} only; "
    f"{weasyprint.__version__} draws its stock per-letter text (see bench/report.py)",
)
def test_svg_text_is_drawn_per_run_and_stays_text(tmp_path):
    """The checked WeasyPrint release gets the per-run text function; the PDF still holds the
    chart's words."""
    assert svg_text.install() is True  # installed once already by render (idempotent)
    assert weasyprint.svg.TAGS["text"] is svg_text.run_text is weasyprint.svg.text
    words = _pdf_words(card_grade_chart([GRADES[0]], OVERALL, "t"), tmp_path / "chart.pdf")
    assert (
        "Twente (n = 6)" in words
        and "landelijk 3,0" in words
        and "tevredenheidsscore (1 =" in words
    )


def test_another_weasyprint_release_keeps_its_stock_text_and_the_same_words(tmp_path, monkeypatch):
    """On any release but the checked one the patch is not installed: WeasyPrint draws its own
    text, and the PDF holds the same words."""
    was = svg_text.installed()
    svg_text.uninstall()
    try:
        monkeypatch.setattr(weasyprint, "__version__", "71.0")
        assert svg_text.install() is False and not svg_text.installed()
        words = _pdf_words(card_grade_chart([GRADES[0]], OVERALL, "t"), tmp_path / "stock.pdf")
        assert "Twente (n = 6)" in words and "landelijk 3,0" in words
    finally:
        monkeypatch.undo()
        if was:
            assert svg_text.install() is True


def test_text_width_is_the_kerned_width_pango_sets():
    """Widths as WeasyPrint (Pango) measured them: 'Tw' and 'AV' are kerned."""
    assert abs(text_width("Twente (n = 5)", 8) - 58.891) < 0.05
    assert abs(text_width("Werking is goed AVWaT", 8) - 94.270) < 0.05
    assert abs(text_width("40.029", 5.8, bold=True) - 22.379) < 0.05
