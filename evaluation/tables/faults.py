"""The Dutch sentence for a fault found while reading a row (the one place that words them)."""

from __future__ import annotations

from evaluation.tables.raw import (
    CELL_TOO_LONG,
    FORMULA_WITHOUT_VALUE,
    OPEN_QUOTE,
    ROW_FAULT,
    STRAY_QUOTE,
    RowFault,
)

LABELS = {
    ROW_FAULT: "rij heeft een ander aantal cellen dan de kopregel",
    OPEN_QUOTE: "aanhalingsteken wordt niet gesloten",
    STRAY_QUOTE: "los aanhalingsteken in een cel zonder aanhalingstekens",
    CELL_TOO_LONG: "cel is langer dan de grens",
    FORMULA_WITHOUT_VALUE: "formule zonder opgeslagen uitkomst",
}


def _shown(value: object) -> str:
    """A raw value inside a sentence: on one line, so one reason is always one line."""
    return " ".join(str(value).splitlines())


def fault_text(fault: RowFault) -> str:
    """What is wrong with the row, with the line, cells or column the fault names."""
    p, code = fault.params, fault.code
    if code == OPEN_QUOTE:
        return (
            f'regel {p["line"]} van het bestand opent een aanhalingsteken (") dat nergens wordt '
            "gesloten; deze regel is apart gehouden, de regels erna zijn gewoon gelezen"
        )
    if code == STRAY_QUOTE:
        return (
            f'regel {p["line"]} van het bestand heeft een los aanhalingsteken (") in een cel '
            "zonder aanhalingstekens; niet te zien waar de cel eindigt, de rij is apart gehouden"
        )
    if code == CELL_TOO_LONG:
        return (
            f"cel in kolom '{_shown(p['column'])}' heeft {p['length']} tekens, de grens is "
            f"{p['max']} (SPT_EVAL_LIMIT_CELL_CHARS)"
        )
    if code == FORMULA_WITHOUT_VALUE:
        return (
            f"kolom '{_shown(p['column'])}' bevat een formule zonder opgeslagen uitkomst; open het "
            "bestand in Excel en sla het opnieuw op, dan staat de uitkomst erin"
        )
    text = f"rij heeft {p['cells']} cellen, de kopregel {p['expected']}"
    if p.get("extra"):
        return text + "; extra cellen: " + ", ".join(_shown(c) for c in p["extra"])
    return text + "; niet te zien welke kolommen ontbreken"
