"""Two columns that both name the SPT (a participant attribute or embedded field from the
invitation beside the question the respondent answered) and name another SPT in some rows:
neither is evidence of which the SPT is, so the user decides; where they agree, either is."""

from __future__ import annotations

from evaluation.inputs.register import Register
from evaluation.intake.columns import match_key
from evaluation.tables.raw import RawTable

SHARE = 0.9  # of a column's filled rows that are register names, to be a column of SPTs


def canonical(register: Register) -> dict[str, str]:
    """A name or alias as the columns are matched -> the register's name."""
    return {match_key(k): name for k, name in register.lookup().items()}


def spt_names(raw: RawTable, column: str, canon: dict[str, str]) -> list[str] | None:
    """Per row the SPT the column names ('' where none); None unless most rows name one."""
    known = [canon.get(match_key(str(u)), "") for u in raw.uniques[column]]
    per_row = [known[i] if i >= 0 else "" for i in raw.codes[column]]
    filled = int((raw.codes[column] >= 0).sum())
    hits = sum(1 for n in per_row if n)
    return per_row if filled and hits >= SHARE * filled else None


def rival(
    raw: RawTable, column: str, others: list[str], canon: dict[str, str]
) -> tuple[str, list[int]] | None:
    """The first other column of SPTs naming another SPT than `column` in some rows, and
    those rows (0-based)."""
    base = spt_names(raw, column, canon)
    for other in others if base is not None else []:  # SPTs as codes: nothing to compare
        names = spt_names(raw, other, canon) if other != column and other in raw.codes else None
        pairs = zip(base, names or base, strict=True)
        rows = [i for i, (a, b) in enumerate(pairs) if a and b and a != b]
        if rows:
            return other, rows
    return None


def spt_conflict(
    raw: RawTable, spt: str, others: list[str], register: Register, chosen: bool, path: str
) -> dict[str, object] | None:
    """The parameters of the stop when another column of SPTs names another SPT than the SPT
    column in some rows, unless the user chose the SPT column (mapping.yaml): the split per
    SPT would be a guess."""
    found = None if chosen else rival(raw, spt, others, canonical(register))
    if not found:
        return None
    rows = ", ".join(str(i + 1) for i in found[1][:5]) + (", ..." if len(found[1]) > 5 else "")
    name = path.rsplit("/", 1)[-1] or "het bestand"
    return {"file": name, "path": path or "BESTAND", "spt": spt, "other": found[0],
            "count": len(found[1]), "rows": rows}  # fmt: skip
