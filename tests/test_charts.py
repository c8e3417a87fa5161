"""Charts: deterministic SVG, a title and text alternative, no mark for suppressed rows."""

from __future__ import annotations

import base64

from evaluation.report.charts import GradeRow, LikertRow, gid, grade_chart
from evaluation.report.likert_charts import likert_chart

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
