"""Next year's sample plan as the annual report shows it (appendix B) and `spt-eval plan` prints:
one table and one set of notes, computed by planning.sample from the published result only."""

from __future__ import annotations

from typing import Any

from evaluation.disclosure.publish import Published
from evaluation.dutch import number
from evaluation.planning.sample import SamplePlan, sample_plan


def published_plan(published: Published) -> SamplePlan | None:
    """The plan from the published figures; None when no SPT has a published spread."""
    try:
        return sample_plan(published.tree())
    except ValueError:
        return None


def plan_notes(plan: SamplePlan) -> list[str]:
    """The national need, the assumed spreads and the assumptions, in Dutch."""
    d = number(plan.delta, 1)
    notes = [
        f"In totaal zijn {plan.total} respondenten nodig. "
        f"Landelijk: voor een verandering van {d} in de landelijke tevredenheidsscore zijn "
        f"{plan.n_change_national} respondenten per SPT nodig (in elk SPT evenveel)."
    ]
    if any(s.sd_assumed for s in plan.spts):
        notes.append(
            "* spreiding niet gepubliceerd of niet te schatten: de gepoolde spreiding van de "
            f"andere SPT's ({number(plan.pooled_sd, 2)}) is aangenomen."
        )
    notes += [
        f"Aannames: tweezijdige toets met alfa {number(plan.alpha, 2)} en onderscheidend "
        f"vermogen {number(plan.power, 2)} (normale benadering, z = {number(plan.z, 3)}); "
        "de spreiding binnen een SPT blijft als dit jaar; twee onafhankelijke metingen van "
        "gelijke omvang; elk SPT telt even zwaar; geen eindige-populatiecorrectie. "
        "'Tonen' is de minimale n; een SPT kan daarboven nog worden weggelaten als het anders "
        "een weggelaten cijfer verraadt.",
        f"Per SPT: n = 2 (z_(1-alfa/2) + z_macht)^2 sd^2 / {d}^2; landelijk: "
        f"n = 2 (z_(1-alfa/2) + z_macht)^2 som(sd^2) / (K^2 {d}^2).",
    ]
    return notes


def plan_table(plan: SamplePlan | None) -> dict[str, Any] | None:
    """The plan as a report table (title, columns, rows, notes), or None without a plan."""
    if plan is None:
        return None
    d = number(plan.delta, 1)
    columns = [
        {"key": "spt", "label": "SPT", "kind": "text"},
        {"key": "n", "label": f"n {plan.year - 1}", "kind": "count"},
        {"key": "sd", "label": "Spreiding (sd)", "kind": "text"},
        {"key": "shown", "label": "Tonen", "kind": "count"},
        {"key": "change", "label": f"Verschil {d} aantonen", "kind": "count"},
        {"key": "needed", "label": f"Nodig in {plan.year}", "kind": "count"},
    ]
    rows = [
        {
            "spt": s.spt,
            "n": s.n,
            "sd": number(s.sd, 2) + ("*" if s.sd_assumed else ""),
            "shown": s.n_shown,
            "change": s.n_change_spt,
            "needed": s.n_needed,
        }
        for s in plan.spts
    ]
    return {
        "title": f"Steekproefplan {plan.year}: respondenten nodig per SPT",
        "columns": columns,
        "rows": rows,
        "notes": plan_notes(plan),
    }
