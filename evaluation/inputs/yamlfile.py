"""Reading the YAML files users edit (codebook, register, settings, clusters, rules): one place
that turns an unreadable, malformed or wrongly shaped file into one clear Dutch line."""

from __future__ import annotations

from pathlib import Path

import yaml

from evaluation.errors import ErrorCode, InputError
from evaluation.limits import ENV_PREFIX, limits, read_file, too_big

__all__ = ["parse_yaml", "read_yaml", "yaml_problem"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# How PyYAML's problem texts begin -> Dutch; anything else is named by its kind, never echoed.
PROBLEMS = {
    "mapping values are not allowed": "een ':' staat hier niet op zijn plaats",
    "found character": "een teken dat hier niet kan (een tab? spring in met spaties)",
    "found unexpected end of stream": "het bestand houdt midden in een waarde op",
    "found undefined alias": "een verwijzing (*naam) naar een onbekend anker",
    "found duplicate anchor": "een anker (&naam) komt twee keer voor",
    "exceeded maximum nesting depth": "te diep genest",
}
KINDS = {
    "ScannerError": "onverwacht teken",
    "ParserError": "de opbouw klopt niet (inspringing, haakjes of streepjes)",
    "ComposerError": "een verwijzing (*naam) naar een onbekend anker",
    "ConstructorError": "een waarde van een soort die niet is toegestaan (bijv. een !!-tag)",
    "ReaderError": "een teken dat niet in een tekstbestand hoort",
}
IMPOSSIBLE_VALUE = "een datum of getal dat niet kan bestaan (zoals maand 13 of duizenden cijfers)"


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error as Dutch text with line and column, without quoting the file."""
    problem = str(getattr(exc, "problem", "") or "")
    reason = next((d for k, d in PROBLEMS.items() if problem.startswith(k)), None)
    reason = reason or KINDS.get(type(exc).__name__, "geen geldige YAML")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return f"regel {mark.line + 1}, kolom {mark.column + 1}: {reason}"
    return reason


def _check_structure(data: bytes) -> str | None:
    """Why the YAML is too deep or holds too many aliases (None if fine), from its event stream:
    the parser is iterative, so this runs before the recursive composer."""
    lim = limits()
    depth = aliases = 0
    for event in yaml.parse(data, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > lim.yaml_depth:
                return (
                    f"te diep genest: meer dan {lim.yaml_depth} niveaus "
                    f"(aan te passen met {ENV_PREFIX}YAML_DEPTH)"
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > lim.yaml_aliases:
                return f"meer dan {lim.yaml_aliases} verwijzingen (*naam); mogelijk een alias-bom"
    return None


def read_yaml(
    path: str | Path,
    what: str,
    expected: str,
    error: type[InputError] = InputError,
    empty_ok: bool = False,
) -> tuple[dict, bytes]:
    """The mapping in a YAML file and the file's bytes (for its checksum).

    `what` names the file for the user ("codeboek"), `expected` what it should hold
    ("een vragenlijstdefinitie"); failures raise `error` with both in the message.
    """
    p = Path(path)
    try:
        data = read_file(p, what, limits().yaml_kb * 1024, "yaml_kb")
    except InputError as exc:
        raise error(exc.code, **exc.params) from None
    return parse_yaml(data, p, what, expected, error, empty_ok), data


def parse_yaml(
    data: bytes | str,
    name: str | Path,
    what: str,
    expected: str,
    error: type[InputError] = InputError,
    empty_ok: bool = False,
) -> dict:
    """The mapping in YAML text (a file's bytes, or text kept in the store); `name` is what the
    messages call it. The same limits and Dutch messages as a file."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limits().yaml_kb * 1024:
        big = too_big(what, name, len(data), limits().yaml_kb * 1024, "yaml_kb")
        raise error(big.code, **big.params)
    try:
        too_much = _check_structure(data)
        if too_much:
            raise error(ErrorCode.YAML_UNUSABLE, what=what, file=str(name), reason=too_much)
        raw = yaml.load(data, Loader=_Loader)  # the safe loader: no Python objects
    except yaml.YAMLError as exc:
        reason = yaml_problem(exc)
        raise error(ErrorCode.YAML_INVALID, what=what, file=str(name), reason=reason) from None
    except ValueError:  # the constructor's own: a date like 2015-13-45, an int of 5000 digits
        raise error(
            ErrorCode.YAML_INVALID, what=what, file=str(name), reason=IMPOSSIBLE_VALUE
        ) from None
    if raw is None and empty_ok:
        raw = {}
    if not isinstance(raw, dict):
        raise error(ErrorCode.YAML_NOT_MAPPING, what=what, file=str(name), expected=expected)
    return raw
