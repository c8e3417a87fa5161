"""A handful of the realistic mutations of tests/mutate_exports.py, each on one real-shaped
export, followed as a new user would (issue 26): the outcome is the truth ('exact': the demo's
figures, or the demo with what the file itself changes), rows set aside with a reason the user
reads ('flag'), or a stop with one Dutch line saying what is needed; never other figures with
exit 0 or 1. The full table (every export x every mutation) is the script's, not CI's."""

from __future__ import annotations

import pytest
from mutate_exports import measure

PAIRS = {
    # headings are the evidence, never the position: swapped headings swap the answers read
    ("headings_swapped", "limesurvey_full_csv"): "exact",
    ("columns_reordered", "surveymonkey_expanded_csv"): "exact",
    ("labels_numbered", "qualtrics_text_csv"): "exact",  # '1 = Helemaal mee oneens'
    ("label_reworded", "google_nl_csv"): "stop",  # 'Zeer eens' is named, not made missing
    ("labels_numbered_reversed_gap", "limesurvey_full_csv"): "stop",  # a bare '2' among labels
    ("codes_reversed", "typeform_csv"): "stop",  # asks for the file once, not map again
    ("totals_row", "dutch_excel_csv"): "exact",
    ("spt_misspelt", "qualtrics_text_csv"): "flag",  # the three rows quarantined, named
    ("markers_dutch", "typeform_csv"): "stop",  # 'voltooid' is no Response Type of Typeform
}


@pytest.mark.parametrize(("mutation", "export"), list(PAIRS))
def test_a_mutated_export_reads_right_or_stops_saying_what_is_needed(mutation, export):
    (result,) = measure([mutation], [export]).values()
    o = result.outcome
    assert result.kind == PAIRS[mutation, export], (result.kind, o)
    if result.kind == "stop":
        assert o.message.startswith("fout: ") and "spt-eval map" not in o.message, o
