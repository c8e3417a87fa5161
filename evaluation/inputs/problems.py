"""A validation error of a YAML file the user edits, as a Dutch place and reason.

Entries of a list count from 1 and name the entry ('service_points nr. 3 (Twente), veld
invited'), and Pydantic's English messages become Dutch.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

MESSAGES = {
    "missing": "dit veld ontbreekt",
    "extra_forbidden": "onbekend veld (tikfout? controleer de naam)",
    "int_parsing": "hier hoort een geheel getal",
    "int_type": "hier hoort een geheel getal",
    "int_from_float": "hier hoort een geheel getal",
    "float_parsing": "hier hoort een getal",
    "float_type": "hier hoort een getal",
    "bool_parsing": "hier hoort true of false",
    "bool_type": "hier hoort true of false",
    "string_type": "hier hoort een tekst",
    "list_type": "hier hoort een lijst",
    "dict_type": "hier hoort een lijst met namen en waarden",
    "model_type": "hier hoort een lijst met namen en waarden",
    "model_attributes_type": "hier hoort een lijst met namen en waarden",
}


def _bound(err: dict[str, Any]) -> str | None:
    ctx = err.get("ctx") or {}
    words = {
        "greater_than_equal": ("ge", "minstens"),
        "greater_than": ("gt", "groter dan"),
        "less_than_equal": ("le", "hooguit"),
        "less_than": ("lt", "kleiner dan"),
    }
    if err["type"] in words:
        key, word = words[err["type"]]
        return f"moet {word} {ctx.get(key)} zijn"
    if err["type"] == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", " of ")
        return f"kies uit {expected}"
    return None


def _place(loc: tuple, raw: Any) -> str:
    parts, node = [], raw
    for key in loc:
        if isinstance(key, int):
            entry = node[key] if isinstance(node, list) and key < len(node) else None
            name = entry.get("name") or entry.get("id") if isinstance(entry, dict) else None
            parts.append(f"nr. {key + 1}" + (f" ({name})" if name else ""))
            node = entry
        else:
            parts.append(str(key) if not parts else f"veld {key}")
            node = node.get(key) if isinstance(node, dict) else None
    return " ".join(parts).replace(" veld", ", veld")


def dutch_problem(exc: ValidationError, raw: Any = None) -> tuple[str, str]:
    """(' bij <where>' or '', what) of the first error: a Dutch place and reason."""
    err = exc.errors()[0]
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    msg = MESSAGES.get(err["type"]) or _bound(err) or err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    if err["type"] not in ("missing", "extra_forbidden") and isinstance(value, str | int | float):
        msg += f" (nu: {value!r})"
    where = _place(loc, raw)
    return (f" bij {where}" if where else ""), msg
