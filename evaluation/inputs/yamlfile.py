"""Reading the YAML files users edit (codebook, register, settings, clusters, rules): one place
that turns an unreadable, malformed or wrongly shaped file into one clear Dutch line."""

from __future__ import annotations

from pathlib import Path

import yaml

from evaluation.errors import InputError


def os_reason(exc: OSError) -> str:
    """A file-system error in plain Dutch."""
    if isinstance(exc, FileNotFoundError):
        return "bestand bestaat niet"
    if isinstance(exc, IsADirectoryError):
        return "dit is een map, geen bestand"
    if isinstance(exc, PermissionError):
        return "geen leesrechten"
    return exc.strerror or str(exc)


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
        data = p.read_bytes()
    except OSError as exc:
        raise error(f"{what} '{p}' kan niet worden gelezen: {os_reason(exc)}") from None
    try:
        raw = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())  # YAML errors span lines; users get one
        raise error(f"{what} '{p}' is geen geldige YAML: {reason}") from None
    if raw is None and empty_ok:
        raw = {}
    if not isinstance(raw, dict):
        raise error(f"{what} '{p}' bevat geen {expected}")
    return raw, data
