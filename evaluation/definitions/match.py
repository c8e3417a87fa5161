"""Match a survey definition to the codebook by the texts it holds, and its answer codes to the
codebook's codes by their labels. Only exact equality after folding counts (case, accents,
spaces, HTML): a question text, statement or answer label that equals no codebook text is a
reason to stop, never a guess; column order plays no part. A question whose own text is not
the codebook's is placed only when exactly one codebook question fits all its statements, all
its own answers, or a codebook text of three words or more inside it; the evidence is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evaluation.definitions.model import DefColumn, SurveyDefinition, plain_text
from evaluation.inputs.codebook import Codebook, Scale, normalise
from evaluation.inputs.register import Register

ID, SPT = "respondent_id", "spt"
EXACT = "tekst gelijk aan het codeboek"  # the evidence of a column placed by its texts
UNANSWERED = "-99"  # Qualtrics: 'seen but unanswered' in numeric exports (not an answer)
_WORDS = re.compile(r"\w+")
CONTAINED_WORDS = 3  # a codebook text found inside a question text must be this long to count
_SPLITS = (
    re.compile(r"^(?P<head>.*\S)\s+-\s+(?P<item>.+)$"),  # 'Vraag - rij' (Qualtrics, SPSS)
    re.compile(r"^(?P<head>.*\S)\s*\[(?P<item>[^\[\]]+)\]$"),  # 'Vraag [rij]' (LimeSurvey)
    re.compile(r"^(?P<head>.*\S)\s*:\s+(?P<item>.+)$"),  # 'Vraag: rij'
)


def key(text: object) -> str:
    """A text folded for comparison: plain text, lower case, no accents, single spaces."""
    return normalise(plain_text(text))


@dataclass(frozen=True)
class Placed:
    """One export column placed by the definition: its codebook column and answer codes."""

    column: str
    target: str
    source: DefColumn
    codes: dict[str, int | str | None]  # value in the file -> codebook code, SPT name, None
    evidence: str


@dataclass
class DefinitionMapping:
    """The outcome of matching: placed columns, what matched nothing, and reasons to stop."""

    definition: SurveyDefinition
    placed: list[Placed] = field(default_factory=list)
    not_in_codebook: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unplaced: list[tuple[str, DefColumn]] = field(default_factory=list)  # (column, as described)


class _Index:
    """The codebook's texts: one-column questions by text, item columns by (question, item)."""

    def __init__(self, codebook: Codebook) -> None:
        singles: dict[str, set[str]] = {}
        items: dict[tuple[str, str], set[str]] = {}
        for special in (codebook.respondent_id, codebook.service_point):
            for t in (special.label, *special.aliases):
                singles.setdefault(key(t), set()).add(special.id)
        for q in codebook.questions:
            heads = {key(t) for t in (q.label, q.short, *q.aliases) if t}
            if not q.items:
                for h in heads:
                    singles.setdefault(h, set()).add(q.id)
                continue
            for col, label in q.items.items():
                for it in {key(t) for t in (label, *q.item_aliases.get(col, []))}:
                    for h in heads:
                        items.setdefault((h, it), set()).add(col)
        self.singles = {k: next(iter(v)) for k, v in singles.items() if len(v) == 1}
        self.items = {k: next(iter(v)) for k, v in items.items() if len(v) == 1}

    def target(self, c: DefColumn) -> str | None:
        q, it = key(c.question), key(c.item)
        if it:  # a statement of an array can be a one-column question of the codebook
            return self.items.get((q, it)) or self.singles.get(it)
        found = self.singles.get(q)
        for pattern in _SPLITS if found is None else ():
            m = pattern.match(plain_text(c.question))
            if m:
                found = self.items.get((key(m["head"]), key(m["item"])))
                found = found or self.singles.get(key(m["item"]))
                if found:
                    break
        return found


def _labels(scale: Scale) -> dict[str, int]:
    """Every label and alias of a scale (valid and missing answers) -> its code. Code texts
    ('1') are left out: an answer is matched by what it says, never by its number."""
    out: dict[str, int] = {}
    for table in (scale.codes, scale.missing):
        for code, label in table.items():
            for t in (label, *scale.label_aliases.get(label, [])):
                out[key(t)] = code
    return out


def labels_fit(c: DefColumn, scale: Scale) -> bool:
    """Every answer the file lists for the column (but those declared missing) is the scale's."""
    told = {key(lab) for code, lab in c.answers.items() if code not in c.not_answers and lab}
    return c.kind == "choice" and bool(told) and told <= set(_labels(scale))


def _expected(scale: Scale) -> str:
    return ", ".join(f"'{lab}'" for lab in (*scale.codes.values(), *scale.missing.values()))


def _shown(c: DefColumn) -> str:
    text = f"{c.question} - {c.item}" if c.item else c.question
    return f"vraag {c.code} '{text[:90]}'"


_COMPATIBLE = {
    "single": {"choice", "checkbox"},
    "multi": {"choice", "checkbox"},
    "allocation": {"number", "text", "unknown"},
    "text": {"text", "unknown"},
}


def _answer_codes(
    c: DefColumn, target: str, codebook: Codebook, register: Register, problems: list[str]
) -> dict[str, int | str | None]:
    """Answer code -> codebook code (or SPT name) for every answer the definition lists."""
    if target == ID or (target == SPT and c.kind != "choice"):
        return {}
    for code, (first, second) in list(c.twice.items())[:1]:
        problems.append(
            f"antwoordcode '{code}' van {_shown(c)} staat twee keer in de vragenlijst, met de "
            f"tekst '{first[:40]}' en '{second[:40]}': welke de export bedoelt is niet te weten"
        )
        return {}
    if target == SPT:
        names = register.lookup()
        lookup: dict[str, int | str] = {key(k): v for k, v in names.items()}
        expected = "de namen in het register"
    else:
        q = codebook.column_question()[target]
        if c.kind not in _COMPATIBLE[q.type]:
            problems.append(
                f"{_shown(c)} is in de vragenlijst een {_KIND_NL[c.kind]}, in het codeboek "
                f"('{target}') een {_TYPE_NL[q.type]}"
            )
            return {}
        if q.type not in ("single", "multi"):
            return {}
        scale = codebook.scale_of(q)
        lookup, expected = dict(_labels(scale)), _expected(scale)
    out: dict[str, int | str | None] = {}
    for code, label in c.answers.items():
        if not label:
            problems.append(f"antwoordcode '{code}' van {_shown(c)} heeft geen tekst")
            continue
        hit = lookup.get(key(label))
        if hit is None and code in c.not_answers:
            out[code] = None  # declared missing by the file itself, and not a codebook answer
            continue
        if hit is None:
            problems.append(
                f"antwoord '{label}' (code {code}) van {_shown(c)} is geen antwoord van "
                f"'{target}' in het codeboek (verwacht: {expected}); voeg het toe aan "
                "'label_aliases' in het codeboek als het hetzelfde betekent"
            )
            continue
        out[code] = hit
    return out


_KIND_NL = {
    "choice": "keuzevraag",
    "checkbox": "aankruisvraag",
    "number": "getalvraag",
    "text": "open vraag",
    "unknown": "variabele zonder waardelabels",
}
_TYPE_NL = {
    "single": "keuzevraag",
    "multi": "vraag met antwoorden per onderdeel",
    "allocation": "verdeling in procenten",
    "text": "open vraag",
}


def export_columns(definition: SurveyDefinition, columns: list[str]) -> dict[int, str]:
    """Definition column (by position) -> the export column it is, by the tool's headings.

    A heading is the tool's name for the column, or that name followed by '. ' and the
    question text (LimeSurvey's 'question code & question text' headings). A heading that two
    definition columns could write (a legacy Qualtrics export tag shared by two matrices)
    proves nothing and is not used; case is ignored only when that is unique.
    """
    claims: dict[str, int] = {}
    for c in definition.columns:
        for n in {*c.names, *_full_headings(c)}:
            claims[n] = claims.get(n, 0) + 1
    exact = set(columns)
    folded: dict[str, list[str]] = {}
    for col in columns:
        folded.setdefault(col.casefold(), []).append(col)
        folded.setdefault(_heading_key(col), []).append(col)
        code, dot, _ = col.partition(". ")
        if dot and code and " " not in code:
            folded.setdefault(code.casefold(), []).append(col)
    out: dict[int, str] = {}
    for i, c in enumerate(definition.columns):
        for n in (*c.names, *_full_headings(c)):
            if claims[n] > 1:
                continue
            if n in exact:
                out[i] = n
                break
            same = folded.get(n.casefold(), []) or folded.get(n, [])
            if len(same) == 1:
                out[i] = same[0]
                break
    return out


def _heading_key(text: object) -> str:
    """A heading folded as `key`, with punctuation and '_' as spaces (LimeSurvey's option to
    write spaces in headings as underscores)."""
    return " ".join(re.sub(r"[\W_]+", " ", key(text)).split())


def _full_headings(c: DefColumn) -> tuple[str, ...]:
    """The full-text headings a tool writes for a column, folded: 'Vraag [rij]' (LimeSurvey's
    'Full question text' headings), 'Vraag - rij' (Qualtrics, SurveyMonkey), or the question
    text alone for a one-column question. A full-text export is placed by these texts."""
    if not c.question:
        return ()
    if not c.item:
        return (_heading_key(c.question),)
    return tuple(
        _heading_key(f"{c.question}{sep}{c.item}{end}") for sep, end in ((" [", "]"), (" - ", ""))
    )


def _keyed_by_values(
    p: Placed,
    values: set[str],
    label_codes: dict[str, str],
    tool: str,
    problems: list[str],
    ticks: dict[str, int] | None = None,
) -> Placed:
    """The answer map keyed the way the export writes answers: by code (a code export, or an
    SPSS file whose labels the reader shows) or by the answer's text (a text export)."""
    codes = dict(p.codes)
    ticks = ticks or {}
    if tool == "Qualtrics" and UNANSWERED not in codes:
        codes[UNANSWERED] = None
    by_code = all(v in codes or label_codes.get(v) in codes for v in values)
    labels = {p.source.answers[k]: v for k, v in codes.items() if k in p.source.answers}
    clash = [v for v in values if v in codes and v in labels and labels[v] != codes[v]]
    if clash:
        problems.append(
            f"kolom '{p.column}': '{clash[0]}' is zowel een antwoordcode als de tekst van een "
            "ander antwoord; exporteer met antwoordteksten of met codes, niet gemengd"
        )
        return p
    if by_code:
        return Placed(p.column, p.target, p.source, codes, p.evidence)
    if values and all(v in labels for v in values):
        return Placed(p.column, p.target, p.source, labels, p.evidence + "; antwoorden als tekst")
    if p.source.kind == "checkbox" and values and all(key(v) in ticks for v in values):
        # a full-text export writes a box as the tool's 'Yes' / 'No' in the survey's language
        # (LimeSurvey: 'Ja' / 'Nee'); they are the codebook's own texts for ticked or not
        texts = {v: ticks[key(v)] for v in values}
        return Placed(p.column, p.target, p.source, texts, p.evidence + "; vinkjes als tekst")
    ticked = {v for k, v in codes.items() if v is not None and k != UNANSWERED}
    other = set(ticks.values()) - ticked
    if p.source.kind == "checkbox" and "1" in values and values <= {"1", "0"} and len(ticked) == 1:
        # the export's option to write a box as 1 (ticked) and 0 (shown, not ticked)
        texts = {"1": next(iter(ticked))} | ({"0": other.pop()} if len(other) == 1 else {})
        if values <= set(texts):
            return Placed(p.column, p.target, p.source, texts, p.evidence + "; vinkjes als 1/0")
    own = key(p.source.item)
    if p.source.kind == "checkbox" and own and len(ticked) == 1 and values:
        if all(key(v) == own for v in values):  # a ticked box as its choice's own text
            texts = {v: next(iter(ticked)) for v in values}
            return Placed(
                p.column, p.target, p.source, texts, p.evidence + "; vinkje als keuzetekst"
            )
    unknown = sorted(v for v in values if v not in codes and label_codes.get(v) not in codes)
    problems.append(
        f"kolom '{p.column}' ({_shown(p.source)}) bevat "
        + ", ".join(f"'{v[:40]}'" for v in unknown[:3])
        + (f" en {len(unknown) - 3} andere" if len(unknown) > 3 else "")
        + ": geen antwoordcode van deze vraag in de vragenlijst; hoort de vragenlijst bij "
        "deze export?"
    )
    return p


def _by_answers(
    c: DefColumn, definition: SurveyDefinition, codebook: Codebook, index: _Index
) -> tuple[str | None, str]:
    """A column whose question text is not the codebook's, placed by what else the file says,
    when exactly one codebook question fits: all statements of its question are that question's
    items, its answer labels are exactly that question's own answers, or its question text
    holds that question's text (of at least three words) as a phrase."""
    fits = []
    if c.item:
        mine = {key(d.item) for d in definition.columns if d.code == c.code and d.item}
        for q in (q for q in codebook.questions if q.items):
            items = {key(t): col for col, lab in q.items.items()
                     for t in (lab, *q.item_aliases.get(col, []))}  # fmt: skip
            if mine <= set(items) and c.kind in _COMPATIBLE[q.type]:
                fits.append(items[key(c.item)])
        evidence = "alle onderdelen van de vraag zijn onderdelen van deze vraag in het codeboek"
    elif c.kind == "choice" and c.answers:
        mine = {key(label) for label in c.answers.values()}
        for q in codebook.questions:
            if q.items or q.type != "single" or not q.options:
                continue
            labels = _labels(codebook.scale_of(q))
            valid = {labels.get(key(lab)) for lab in q.options.values()}
            if mine <= set(labels) and valid <= {labels[m] for m in mine}:
                fits.append(q.id)
        evidence = "de antwoorden zijn precies de antwoorden van deze vraag in het codeboek"
    if not fits and not c.item:  # 'Heeft u nog een opmerking of toelichting?'
        asked = " ".join(_WORDS.findall(key(c.question)))
        for text, target in index.singles.items():
            words = _WORDS.findall(text)
            if len(words) >= CONTAINED_WORDS and f" {' '.join(words)} " in f" {asked} ":
                fits.append(target)
        fits = sorted(set(fits))
        evidence = "de vraagtekst bevat de tekst van deze vraag in het codeboek"
    return (fits[0], evidence) if len(fits) == 1 else (None, "")


def _contradiction(
    column: str, i: int, target: str, texts: list[str], heads: dict[str, set[int]], index: _Index
) -> str | None:
    """The export's own text for a column (a Qualtrics second heading row, a LimeSurvey
    'code. text' heading) that names another question of the survey file, or another codebook
    column, than the survey file places there: the file is of another questionnaire or another
    version of it. A text that names nothing (cut short, reworded) proves nothing."""
    for text in texts:
        owners = heads.get(_heading_key(text), set())
        named = index.target(DefColumn("", (), plain_text(text)))
        if (owners and i not in owners) or (not owners and named and named != target):
            shown = plain_text(text)
            shown = shown if len(shown) <= 70 else "…" + shown[-69:]  # the statement is at the end
            return (
                f"kolom '{column}' heet in de export zelf '{shown}', maar de "
                f"vragenlijst koppelt hem aan '{target}': de vragenlijst hoort bij een andere "
                "(versie van de) enquête dan deze export"
            )
    return None


def match_definition(
    definition: SurveyDefinition,
    codebook: Codebook,
    register: Register,
    columns: list[str],
    values: dict[str, set[str]],
    label_codes: dict[str, dict[str, str]] | None = None,
    texts: dict[str, list[str]] | None = None,
) -> DefinitionMapping:
    """Place every export column the definition describes; `values` are each column's
    distinct non-empty cells, `label_codes` an SPSS column's label -> code, `texts` the
    texts the export itself writes for a column (they must not contradict the definition)."""
    label_codes = label_codes or {}
    texts = texts or {}
    out = DefinitionMapping(definition)
    index = _Index(codebook)
    names = export_columns(definition, columns)
    heads: dict[str, set[int]] = {}
    for j, d in enumerate(definition.columns):
        for h in _full_headings(d):
            heads.setdefault(h, set()).add(j)
    taken: dict[str, str] = {}
    for i, c in enumerate(definition.columns):
        column = names.get(i)
        if column is None:
            continue
        target = index.target(c)
        evidence = EXACT
        if target is None and c.kind == "choice" and len(c.answers) > 1:
            spts = {key(k) for k in register.lookup()}
            if all(key(lab) in spts for lab in c.answers.values()):
                target, evidence = SPT, "elk antwoord is een servicepunt uit het register"
        if target is None:
            target, evidence = _by_answers(c, definition, codebook, index)
        if target is None:
            out.not_in_codebook.append(f"{column}: {_shown(c)}")
            out.unplaced.append((column, c))
            continue
        if target in taken:
            out.problems.append(
                f"kolommen '{taken[target]}' en '{column}' hebben allebei de tekst van "
                f"'{target}' in het codeboek"
            )
            continue
        contradiction = _contradiction(column, i, target, texts.get(column, []), heads, index)
        if contradiction:
            out.problems.append(contradiction)
            continue
        taken[target] = column
        before = len(out.problems)
        codes = _answer_codes(c, target, codebook, register, out.problems)
        placed = Placed(column, target, c, codes, evidence)
        if codes and len(out.problems) == before:
            seen = values.get(column, set())
            q = codebook.column_question().get(target)
            ticks = _labels(codebook.scale_of(q)) if q is not None and q.type == "multi" else {}
            placed = _keyed_by_values(
                placed, seen, label_codes.get(column, {}), definition.tool, out.problems, ticks
            )
        out.placed.append(placed)
    return out
