"""mapping.yaml beside the codebook: `map`'s proposals, or the user's choices, written so that
a person can read and correct it, and checked by reading the codebook again."""

from __future__ import annotations

import json
import re
from pathlib import Path

from evaluation.definitions.match import DefinitionMapping
from evaluation.dutch import number
from evaluation.errors import ErrorCode, InputError, os_reason
from evaluation.inputs.codebook import MAPPING_NAME, Codebook, load_codebook
from evaluation.intake.propose import WEAK, Proposal, label_of
from evaluation.intake.result import ID, SPT
from evaluation.limits import limits, read_file
from evaluation.safe_files import write_bytes

CHOSEN = "gekozen"  # the basis of a column the user placed by hand
# Characters PyYAML reads as line breaks (\x85, \u2028, \u2029) or refuses (other C1 controls,
# DEL, the non-characters): written as \uXXXX escapes, which a double-quoted key reads back.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _key(text: str) -> str:
    """A file column as a double-quoted YAML key that reads back as exactly that text."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _comment(text: str) -> str:
    """Text inside a YAML comment: on one line, without characters YAML refuses."""
    return _UNSAFE.sub("?", " ".join(str(text).splitlines()))


def _entry(codebook: Codebook, p: Proposal) -> str:
    """One line of mapping.yaml: the column, its proposal and, as a comment, why."""
    key = _key(p.column)
    if p.target is None:
        return f"  # {key}: ?  # niet te plaatsen: {p.basis}"
    if p.strength == WEAK:  # shown, not used until the user accepts it
        return f"  # {key}: {p.target}  # zwak voorstel, niet gebruikt: {_comment(p.basis)}"
    if p.basis == CHOSEN:
        return f"  {key}: {p.target}  # gekozen door de gebruiker; {label_of(codebook, p.target)}"
    why = f"{_comment(p.basis)}; {label_of(codebook, p.target)}"
    if p.runner_up:
        why += f"; tweede keus {p.runner_up} ({number(p.runner_up_score, 2)})"
    return f"  {key}: {p.target}  # {why}"


def mapping_path(codebook: Codebook) -> Path:
    return Path(codebook.source_path).parent / MAPPING_NAME


def write_mapping(codebook: Codebook, proposals: list[Proposal], source_name: str) -> Path:
    """mapping.yaml: the accepted lines kept, the new proposals added below them."""
    lines = [
        "# Koppeling van kolommen in een export aan het codeboek, voorgesteld door",
        f"# 'spt-eval map {_comment(source_name)}'. Controleer elke regel: verbeter of",
        "# verwijder wat niet klopt. Links de kolom zoals in het bestand, rechts de kolom (id)",
        "# in het codeboek.",
        "columns:",
    ]
    lines += [f"  {_key(k)}: {v}" for k, v in codebook.mapping.items()]
    lines += [_entry(codebook, p) for p in proposals if p.column not in codebook.mapping]
    path = mapping_path(codebook)
    try:
        write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    except OSError as exc:
        raise InputError(ErrorCode.NOT_WRITTEN, file=str(path), reason=os_reason(exc)) from None
    return path


def accept_choices(
    codebook: Codebook, proposals: list[Proposal], chosen: dict[str, str], source_name: str
) -> Codebook:
    """Save the user's choice for each proposed column ('' = leave unplaced) and reload.

    A choice must be a codebook column, and no two file columns may take the same one; when
    the codebook no longer reads with the new mapping, the old file is put back."""
    valid = {ID, SPT, *codebook.column_question()}  # what a proposal can name too
    taken = set(codebook.mapping.values())
    entries = []
    for p in proposals:
        target = chosen.get(p.column, p.target or "") or None
        if target is not None and target not in valid:
            raise InputError(ErrorCode.NOT_A_CODEBOOK_COLUMN, target=target)
        if target is not None and target in taken:
            raise InputError(ErrorCode.COLUMN_TAKEN, target=target)
        if target is not None:
            taken.add(target)
        basis = CHOSEN if target is not None and target != p.target else p.basis
        if target is None and p.target is not None:
            basis = "door de gebruiker niet gekoppeld"
        entries.append(Proposal(p.column, target, p.score, p.runner_up, p.runner_up_score, basis))
    path = mapping_path(codebook)
    before = _kept(path)
    write_mapping(codebook, entries, source_name)
    return _reload_or_restore(codebook, path, before)


def _kept(path: Path) -> bytes | None:
    """mapping.yaml as it is now (within the YAML limit), to put back if the new one fails."""
    return (
        read_file(path, "koppelbestand", limits().yaml_kb * 1024, "yaml_kb")
        if path.is_file()
        else None
    )


def _reload_or_restore(codebook: Codebook, path: Path, before: bytes | None) -> Codebook:
    """The codebook read again with the new mapping.yaml; if it does not read, mapping.yaml is
    put back as it was (or removed) and the Dutch error goes on."""
    try:
        return load_codebook(codebook.source_path)
    except InputError:
        if before is None:
            path.unlink()
        else:
            write_bytes(path, before)
        raise


def _value(value: int | str | None) -> str:
    return "null" if value is None else str(value) if isinstance(value, int) else _key(value)


def write_definition_mapping(
    codebook: Codebook, found: DefinitionMapping, source_name: str, source_sha256: str
) -> tuple[Path, Codebook]:
    """mapping.yaml from a survey definition: the definition file's name and SHA-256, every
    placed column and every answer code with its codebook code; earlier lines for other
    columns are kept (except those that had answer codes of an earlier definition). The
    codebook is read again with it; when it does not read, the old file is put back."""
    d = found.definition
    placed = {p.column for p in found.placed}
    kept = {
        k: v
        for k, v in codebook.mapping.items()
        if k not in placed and k not in codebook.answer_codes
    }
    lines = [
        "# Koppeling van een export aan het codeboek, afgeleid uit de vragenlijst van de",
        f"# enquêtetool met 'spt-eval map {_comment(source_name)} --survey-file "
        f"{_comment(d.file_name)}'.",
        "# Elke kolom en elke antwoordcode is gekoppeld doordat de tekst in de vragenlijst",
        "# gelijk is aan die in het codeboek; de vragenlijst zelf is met zijn SHA-256 vastgelegd.",
        "definition:",
        f"  file: {_key(d.file_name)}",
        f"  sha256: {_key(d.sha256)}",
        f"  tool: {_key(d.tool)}",
        f"  version: {_key(d.version)}",
        f"  language: {_key(d.language)}",
        f"  path: {_key(d.path)}",
        f"  export: {_key(source_name)}",
        f"  export_sha256: {_key(source_sha256)}",
        "columns:",
    ]
    lines += [f"  {_key(k)}: {v}" for k, v in kept.items()]
    for p in found.placed:
        text = p.source.item or p.source.question
        lines.append(f"  {_key(p.column)}: {p.target}  # {_comment(text[:80])}")
    coded = [p for p in found.placed if p.codes]
    lines.append("answers:" if coded else "answers: {}")
    for p in coded:
        lines.append(f"  {_key(p.column)}:")
        for code, value in p.codes.items():
            label = p.source.answers.get(code, "niet beantwoord" if value is None else code)
            lines.append(f"    {_key(code)}: {_value(value)}  # {_comment(label[:60])}")
    path = mapping_path(codebook)
    before = _kept(path)
    try:
        write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    except OSError as exc:
        raise InputError(ErrorCode.NOT_WRITTEN, file=str(path), reason=os_reason(exc)) from None
    return path, _reload_or_restore(codebook, path, before)
