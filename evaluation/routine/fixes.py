"""Fixes a user makes without a text editor: an unknown SPT name saved as an alias of a register
SPT, a missing question allowed for this year, a saved column mapping undone. Each edits one line
of the survey folder's YAML, reads the file again, and puts the old text back when it does not."""

from __future__ import annotations

import json
import re
from pathlib import Path

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook, load_codebook
from evaluation.inputs.register import load_register, register_path
from evaluation.inputs.settings import load_settings
from evaluation.intake.reasons import Code
from evaluation.intake.result import IntakeResult
from evaluation.limits import read_yaml_text
from evaluation.routine.mapping import mapping_path
from evaluation.safe_files import write_text


def unknown_spts(intake: IntakeResult | None) -> list[str]:
    """The SPT names in the export that the register does not know, in order of first row."""
    if intake is None:
        return []
    seen: dict[str, None] = {}
    for p in intake.problems:
        if p.code == Code.UNKNOWN_SPT:
            seen.setdefault(str(p.params.get("value", p.value)).strip(), None)
    return [name for name in seen if name]


def _rewrite(path: Path, new: str, check, what: str) -> None:
    """Write `new`, read it with `check`; on a refusal put the old text back and re-raise."""
    old = read_yaml_text(path, what)
    write_text(path, new)
    try:
        check(path)
    except InputError:
        write_text(path, old)
        raise


def _inline(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a double-quoted YAML scalar, read back exactly


def add_alias(codebook: Codebook, name: str, spt: str) -> Path:
    """Save `name` as an alias of the register's SPT `spt` (service_points.yaml)."""
    path = register_path(codebook)
    register = load_register(path)
    if spt not in register.names:
        raise InputError(ErrorCode.SPT_NOT_IN_REGISTER, spt=spt)
    if not name.strip() or len(name) > 200 or any(c in name for c in "\r\n"):
        raise InputError(ErrorCode.ALIAS_UNUSABLE)
    lines = read_yaml_text(path, "register").splitlines()
    heading = re.compile(r"^(\s*)- name:\s*(.+?)\s*$")
    for i, line in enumerate(lines):
        m = heading.match(line)
        if not m or _plain(m.group(2)) != spt:
            continue
        indent = m.group(1) + "  "
        end = i + 1
        while end < len(lines) and not heading.match(lines[end]):
            if lines[end].strip() and not lines[end].startswith(indent):
                break
            end += 1
        at = next((j for j in range(i + 1, end) if lines[j].strip().startswith("aliases:")), None)
        if at is None:
            lines.insert(i + 1, f"{indent}aliases: [{_inline(name)}]")
        else:
            inner = lines[at].split("aliases:", 1)[1].split(" #", 1)[0].strip()
            if not (inner.startswith("[") and inner.endswith("]")):
                raise InputError(ErrorCode.ALIASES_FORM)
            items = inner[1:-1].strip()
            joined = f"{items}, {_inline(name)}" if items else _inline(name)
            lines[at] = f"{indent}aliases: [{joined}]"
        _rewrite(path, "\n".join(lines) + "\n", load_register, "register")
        return path
    raise InputError(ErrorCode.SPT_NOT_A_NAME, spt=spt)


def _plain(text: str) -> str:
    text = text.split(" #", 1)[0].strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def allow_missing(codebook: Codebook, qid: str) -> Path:
    """Allow the question `qid` to be missing this year (settings.yaml beside the codebook:
    intake.may_be_missing); the method page then says it is missing."""
    if qid not in {q.id for q in codebook.questions}:
        raise InputError(ErrorCode.QUESTION_UNKNOWN)
    path = Path(codebook.source_path).parent / "settings.yaml"
    if not path.is_file():
        raise InputError(ErrorCode.NO_SETTINGS_FILE)
    lines = read_yaml_text(path, "instellingen").splitlines()
    key = re.compile(r"^(\s+)may_be_missing:\s*\[(.*?)\]\s*(#.*)?$")
    for i, line in enumerate(lines):
        m = key.match(line)
        if m:
            items = [s.strip() for s in m.group(2).split(",") if s.strip()]
            if qid not in [_plain(s) for s in items]:
                items.append(qid)
            comment = f"  {m.group(3)}" if m.group(3) else ""
            lines[i] = f"{m.group(1)}may_be_missing: [{', '.join(items)}]{comment}"
            _rewrite(path, "\n".join(lines) + "\n", load_settings, "instellingen")
            return path
    raise InputError(ErrorCode.NO_MAY_BE_MISSING)


SHOWN_CODES = 6  # answer codes shown per saved column (mapping.yaml holds them all)


def saved_mappings(codebook: Codebook) -> list[tuple[str, str, str]]:
    """The column mappings saved beside the codebook: (column in the export, codebook id, its
    answer codes read from the survey file as 'code = codebook label', or '')."""
    return [
        (column, target, _codes_text(codebook, target, codebook.answer_codes.get(column, {})))
        for column, target in sorted(codebook.mapping.items())
    ]


def _codes_text(codebook: Codebook, target: str, codes: dict) -> str:
    """'1 = helemaal mee oneens, 2 = mee oneens, …': what each of the export's codes is read as."""
    q = codebook.column_question().get(target)
    if q is None or q.type not in ("single", "multi"):
        return ""  # the SPT's names, a number, a text: read as they stand
    scale = codebook.scale_of(q)
    labels = {**scale.codes, **scale.missing}
    shown = [
        f"{code} = {'niet beantwoord' if value is None else labels.get(value, value)}"
        for code, value in list(codes.items())[:SHOWN_CODES]
    ]
    more = f", … ({len(codes)} codes)" if len(codes) > SHOWN_CODES else ""
    return ", ".join(shown) + more


def undo_mapping(codebook: Codebook, column: str) -> Path:
    """Remove one saved column mapping (its line in mapping.yaml)."""
    path = mapping_path(codebook)
    if column not in codebook.mapping or not path.is_file():
        raise InputError(ErrorCode.MAPPING_NOT_SAVED)
    keys = {_inline(column), column}
    lines = read_yaml_text(path, "koppelbestand").splitlines()
    kept = [
        line
        for line in lines
        if not (line.startswith("  ") and line.strip().split(":", 1)[0].strip() in keys)
        or line.lstrip().startswith("#")
    ]
    if len(kept) == len(lines):
        raise InputError(ErrorCode.MAPPING_FORM)
    _rewrite(
        path, "\n".join(kept) + "\n", lambda p: load_codebook(codebook.source_path), "koppelbestand"
    )
    return path
