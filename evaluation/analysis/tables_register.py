"""Tables from the register: table 1.1 and the SPT type of appendix 2."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.wording import SPT_TYPE_RULE
from evaluation.inputs.register import Register, ServicePoint
from evaluation.results import Column, Table

FLAGS = [
    ("bemiddeling", "Bemiddeling"),
    ("scholing", "Scholing"),
    ("arbeidsmarktcoach", "Arbeidsmarktcoach"),
    ("uitzendsector_partner", "Uitzendsector is partner"),
    ("financiering_spt", "Financiering SPT"),
    ("financiering_projecten", "Financiering projecten"),
    ("plan_rapportage", "Plan, rapportage"),
    ("legal_entity", "Eigen rechtsvorm"),
]

SPT_TYPES = ("netwerkorganisatie", "stuurgroep laat derden uitvoeren", "SPT voert uit")


def spt_type(sp: ServicePoint) -> tuple[str, str]:
    """Appendix-2 type of an SPT by the rule in SPT_TYPE_RULE, with the reason in Dutch."""
    if sp.legal_entity:
        return SPT_TYPES[2], "eigen rechtsvorm"
    if sp.activity_level == 2 or sp.arbeidsmarktcoach:
        why = [
            r
            for r, ok in (
                ("mate van activiteit 2", sp.activity_level == 2),
                ("arbeidsmarktcoach", sp.arbeidsmarktcoach),
            )
            if ok
        ]
        return SPT_TYPES[1], " en ".join(why)
    return SPT_TYPES[0], f"mate van activiteit {sp.activity_level}, geen arbeidsmarktcoach"


def table_1_1(register: Register) -> Table:
    rows = []
    for sp in register.service_points:
        row: dict = {"spt": sp.name, "activity_level": sp.activity_level}
        row.update({k: getattr(sp, k) for k, _ in FLAGS})
        row.update({"invited": sp.invited, "invited_assumed": sp.invited_assumed})
        row["type"] = spt_type(sp)[0]
        rows.append(row)
    columns = [
        Column(key="spt", label="SPT"),
        Column(key="activity_level", label="Mate activiteit", kind="count"),
        *[Column(key=k, label=lab, kind="flag") for k, lab in FLAGS],
        Column(key="invited", label="Uitgenodigd", kind="count"),
        Column(key="invited_assumed", label="Uitgenodigd is aanname", kind="flag"),
        Column(key="type", label="Type SPT"),
    ]
    return Table(
        title="Tabel 1.1 Kenmerken SPT's",
        columns=columns,
        rows=rows,
        notes=[
            "Mate van activiteit: 0 = overleg, momenteel geen activiteiten; 1 = frequent overleg "
            "en ad-hocactie; 2 = frequent overleg en uitvoerende werkzaamheden.",
            SPT_TYPE_RULE,
        ],
    )


def table_spt_types(register: Register) -> Table:
    rows = []
    for sp in register.service_points:
        kind, why = spt_type(sp)
        rows.append({"spt": sp.name, "type": kind, "reason": why})
    counts = pd.Series([r["type"] for r in rows]).value_counts()
    notes = [SPT_TYPE_RULE] + [f"{t}: {int(counts.get(t, 0))} SPT's" for t in SPT_TYPES]
    return Table(
        title="Bijlage 2 Type SPT naar mate van uitvoering",
        columns=[
            Column(key="spt", label="SPT"),
            Column(key="type", label="Type"),
            Column(key="reason", label="Grond"),
        ],
        rows=rows,
        notes=notes,
    )
