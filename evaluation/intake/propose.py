"""Propose a codebook column for every column of an export the codebook does not match yet,
on evidence a person would accept, and say which evidence.

- the SPT column: at least 90% of its filled rows are names or aliases in the register;
- the respondent number: a value in every row, each once, and not the tool's dates or e-mail;
- a question: its heading is like the question's text (similarity >= TEXT_SCORE, clearly more
  than the next) and its answers are that question's labels; or, without a heading that says
  so, its answers are the labels of exactly one question still free;
- tool metadata (dates, pages, durations, IP, e-mail, progress) is never proposed;
- answer codes without their labels (A1, AO01, 1..n) are never placed: the survey file or a
  full-text export is needed. Column order is never evidence.

A proposal is strong (text and answers agree, or a unique register / label match) or weak
(one of the two); `map --accept` writes only strong ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluation.dutch import number
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.intake.abbreviated import abbreviated_target
from evaluation.intake.cells import parse_number
from evaluation.intake.columns import SPLITS, match_columns, match_key
from evaluation.intake.evidence import (
    Labels,
    are_codes,
    code_examples,
    code_heading,
    coded_columns,
    free_text,
    metadata_kind,
    present,
    respondent_rows,
    tick_texts,
)
from evaluation.intake.likeness import codebook_texts, contained_text, most_like
from evaluation.intake.multiselect import expand_joined
from evaluation.intake.needs import beyond_codebook, needs_survey_file
from evaluation.intake.profiles import prepare
from evaluation.intake.result import ID, SPT
from evaluation.intake.rivals import canonical, rival
from evaluation.tables.raw import RawTable

TEXT_SCORE = 0.8  # a heading this similar to one text (and clearly more than to the next)
SPT_SHARE = 0.9  # share of filled rows that must be the register's names
STRONG, WEAK = "sterk", "zwak"
SAMPLES = 3
SCALED = ("single", "multi")
ID_WORDS = {"id", "nr", "nummer", "respondent", "respondentnummer", "response", "respnr"}


@dataclass(frozen=True)
class Proposal:
    """One unmatched file column: the proposed codebook column (None: cannot place) and why."""

    column: str
    target: str | None
    score: float
    runner_up: str | None
    runner_up_score: float
    basis: str  # the evidence, in Dutch; the reason when target is None
    strength: str = ""  # STRONG, WEAK, or '' when not placed
    samples: tuple[str, ...] = ()  # three answers of the column
    expected: tuple[str, ...] = ()  # what the codebook expects there
    needs: str = ""  # 'survey-file' when answer codes need the tool's questionnaire file
    tool: str = ""  # the survey tool recognised (for the message asking for its file)


def _siblings(raw: RawTable, codebook: Codebook, column_map: dict[str, str]) -> dict[str, str]:
    """Heading key of 'Vraag [rij]' -> the question its other rows were matched to."""
    questions = codebook.column_question()
    out: dict[str, str] = {}
    for rawname, target in column_map.items():
        q = questions.get(target)
        for name in (rawname, *raw.alt_names.get(rawname, [])):
            for pattern in SPLITS:
                m = pattern.match(name.strip())
                if m and q is not None:
                    out.setdefault(match_key(m["head"]), q.id)
                    break
    return out


def _by_row(codebook: Codebook, names: list[str], heads: dict[str, str], free: set[str]):
    """'Vraag [rij]' whose rows of the same heading were matched to one question: the row of
    that question named so (evidence: the heading and the row text, never the position)."""
    questions = codebook.column_question()
    for name in names:
        for pattern in SPLITS:
            m = pattern.match(name.strip())
            if not m or match_key(m["head"]) not in heads:
                continue
            qid = heads[match_key(m["head"])]
            item = match_key(m["item"])
            for col in free:
                q = questions.get(col)
                if q is None or q.id != qid or not q.items:
                    continue
                if item in {match_key(t) for t in (q.items[col], *q.item_aliases.get(col, []))}:
                    return col, m["head"], m["item"]
    return None


def _shown(values: list[str]) -> tuple[str, ...]:
    return tuple(v if len(v) <= 40 else v[:39] + "…" for v in values[:SAMPLES])


class _Context:
    def __init__(self, raw: RawTable, codebook: Codebook, register: Register, tool: str) -> None:
        self.raw, self.codebook, self.tool = raw, codebook, tool
        self.labels = Labels(codebook)
        self.canon = canonical(register)
        self.spts = set(self.canon)
        self.texts = codebook_texts(codebook)
        self.rows = respondent_rows(raw, self.spts)  # a totals row is no evidence

    def values(self, column: str) -> list[str]:
        return present(self.raw, column, self.rows)

    def filled(self, column: str) -> int:
        """Filled rows among the respondents' rows."""
        codes = self.raw.codes[column] if self.rows is None else self.raw.codes[column][self.rows]
        return int((codes >= 0).sum())

    @property
    def counted(self) -> int:
        """The respondents' rows (every row when no column names the register's SPTs)."""
        return self.raw.rows if self.rows is None else int(self.rows.sum())

    def spt_share(self, column: str) -> tuple[int, int]:
        """(filled rows that are register names, filled rows)."""
        raw = self.raw
        hits = {i for i, u in enumerate(raw.uniques[column]) if match_key(u) in self.spts}
        codes = raw.codes[column]
        filled = int((codes >= 0).sum())
        return sum(int((codes == i).sum()) for i in hits), filled

    def fits(self, target: str, values: list[str], column: str) -> bool:
        if target == SPT:
            return all(match_key(v) in self.spts for v in values)
        if target == ID:
            return False
        q = self.labels.questions[target]
        if q.type == "allocation":
            numbers = [parse_number(v.rstrip("%")) for v in values]
            return all(n is not None and 0 <= n <= float(q.total) for n in numbers)
        if q.type == "text":
            return True
        return self.labels.fit(target, values, self.raw.value_codes.get(column, {}))

    def answered_as(self, target: str, values: list[str]) -> bool:
        """The answers themselves show the question's kind: a scale's labels (checked by
        `fits`), or free text for a text question (sentences, not numbers, dates or labels).
        Numbers are no evidence which split of percentages a column is."""
        q = self.labels.questions.get(target)
        if q is None or q.type == "allocation":
            return False
        if q.type != "text":
            return True
        return free_text(values)

    def expected(self, target: str) -> tuple[str, ...]:
        if target == SPT:
            return ("een naam uit het register",)
        if target == ID:
            return ("een waarde per rij, elke waarde één keer",)
        return tuple(self.labels.expected(target))


def _needs_file(ctx: _Context, column: str, values: list[str]) -> Proposal:
    bare = code_heading(column, ctx.tool) and not ctx.raw.alt_names.get(column)
    if bare and all(v.lstrip("-").isdigit() for v in values):
        return _code_heading(ctx, column, values)  # numbers under a question code
    tool = ctx.tool or "de enquêtetool"
    why = (
        f"antwoordcodes zonder tekst ({code_examples(values)}): welke code welk antwoord is, "
        f"staat alleen in de vragenlijst van {tool}"
    )
    shown = _shown(values)
    return Proposal(column, None, 0.0, None, 0.0, why, "", shown, (), "survey-file", ctx.tool)


def _code_heading(ctx: _Context, column: str, values: list[str], seen: str = "") -> Proposal:
    why = f"de kop is een vraagcode van {ctx.tool}: welke vraag dat is, staat in de vragenlijst"
    why = f"{seen}; {why}" if seen else why
    shown = _shown(values)
    return Proposal(column, None, 0.0, None, 0.0, why, "", shown, (), "heading-code", ctx.tool)


def _cut(ctx: _Context, column: str, values: list[str], target: str | None, many: int):
    shown = _shown(values)
    if target is None:
        why = f"de kop is door {ctx.tool or 'de enquêtetool'} afgekort en past bij {many} vragen"
        return Proposal(column, None, 0.0, None, 0.0, why, "", shown, (), "full-text", ctx.tool)
    fits = ctx.fits(target, values, column) and ctx.answered_as(target, values)
    why = "de kop is afgekort ('..') en alleen de tekst van deze vraag begint zo; " + (
        "alle antwoorden passen bij de vraag" if fits else "maar niet alle antwoorden passen"
    )
    strength, expected = STRONG if fits else WEAK, ctx.expected(target)
    return Proposal(column, target, 0.9, None, 0.0, why, strength, shown, expected)


def _special(
    ctx: _Context, unknown: list[str], taken: set[str], named: str | None = None
) -> dict[str, Proposal]:
    """The SPT column by the register, the respondent number by uniqueness; `named`: the
    column whose name alone made it the SPT column, though its rows are not SPTs."""
    out: dict[str, Proposal] = {}
    if SPT not in taken or named is not None:
        best = None
        for c in unknown:
            hits, filled = ctx.spt_share(c)
            if filled and hits >= SPT_SHARE * filled and (best is None or hits > best[1]):
                best = (c, hits, filled)
        other = best and rival(ctx.raw, best[0], unknown, ctx.canon)
        if other:  # two columns of SPTs that disagree: neither is evidence
            out[best[0]] = _rival(ctx, best[0], *other)
        elif best:
            c, hits, filled = best
            why = f"{hits} van {filled} ingevulde rijen zijn servicepunten uit het register"
            if named is not None:
                h, f = ctx.spt_share(named)
                why += f"; in '{named}', die zo heet, zijn dat er {h} van {f}"
            out[c] = Proposal(c, SPT, hits / filled, None, 0.0, why, STRONG, _shown(ctx.values(c)))
            taken.add(SPT)
    if ID not in taken:
        for c in unknown:
            values = ctx.values(c)
            if c in out or not (ctx.filled(c) == ctx.counted == len(values) > 1):
                continue
            if metadata_kind(c, values):
                continue
            named = bool(set(match_key(c).split()) & ID_WORDS)
            why = "elke rij heeft een waarde en elke waarde komt één keer voor"
            why += (
                "; de kop noemt een nummer" if named else "; de kop zegt niet dat het een nummer is"
            )
            strength = STRONG if named else WEAK
            out[c] = Proposal(c, ID, 1.0, None, 0.0, why, strength, _shown(values))
            taken.add(ID)
            break
    return out


def _rival(ctx: _Context, column: str, other: str, rows: list[int], needs: str = "") -> Proposal:
    why = f"ook '{other}' noemt servicepunten, in {len(rows)} rijen een ander: welke is het?"
    return Proposal(column, None, 0.0, None, 0.0, why, "", _shown(ctx.values(column)), (), needs)


def _by_answers(ctx: _Context, column: str, values: list[str], free: set[str]) -> Proposal:
    """A column without a heading that says which question: its labels must name one."""
    scaled = [c for c in sorted(free - {ID, SPT}) if ctx.labels.questions[c].type in SCALED]
    fitting = [c for c in scaled if ctx.fits(c, values, column)]
    questions = {ctx.labels.questions[c].id for c in fitting}
    samples = _shown(values)
    if len(fitting) == 1 and len(values) >= 2:
        c = fitting[0]
        shared = [
            o
            for o, q in ctx.labels.questions.items()
            if o != c and q.type in SCALED and ctx.fits(o, values, column)
        ]
        if shared:  # the labels of several questions: that this one is free is no evidence
            why = (
                f"de antwoorden passen bij {c}, de enige vrije vraag met deze antwoorden, maar "
                f"ook bij {len(shared)} geplaatste; de kop zegt niet welke"
            )
            return Proposal(column, c, 0.5, None, 0.0, why, WEAK, samples, ctx.expected(c))
        why = "de antwoorden zijn antwoordteksten van deze vraag, en van geen andere vraag"
        return Proposal(column, c, 1.0, None, 0.0, why, STRONG, samples, ctx.expected(c))
    if fitting:
        names = ", ".join(fitting[:4]) + (", ..." if len(fitting) > 4 else "")
        why = (
            f"de antwoorden passen bij {len(fitting)} kolommen ({names}) van "
            f"{len(questions)} vraag/vragen; de kop zegt niet welke"
        )
        return Proposal(column, None, 0.0, None, 0.0, why, "", samples)
    why = "de kop lijkt op geen vraag en de antwoorden passen bij geen vrije vraag"
    return Proposal(column, None, 0.0, None, 0.0, why, "", samples)


def propose(raw: RawTable, codebook: Codebook, register: Register) -> list[Proposal]:
    """A proposal for every column neither the codebook nor mapping.yaml matches yet."""
    prepared = prepare(raw)
    column_map, unknown = match_columns(raw.columns, codebook, raw.alt_names, prepared.metadata)
    unknown = expand_joined(raw, codebook, column_map, unknown)
    ctx = _Context(raw, codebook, register, prepared.profile.name)
    taken = set(column_map.values()) | ({ID} if "id" in prepared.roles else set())
    order = [ID, SPT, *codebook.column_question()]
    out: dict[str, Proposal] = {}
    tick_texts(raw, codebook, column_map)
    for column in coded_columns(
        raw, codebook, column_map, ctx.tool, ctx.rows
    ):  # as validate refuses
        out[column] = _needs_file(ctx, column, ctx.values(column))
    rest = []
    for column in unknown:
        values = ctx.values(column)
        if not values:
            out[column] = Proposal(column, None, 0.0, None, 0.0, "de kolom is leeg")
            continue
        kind = metadata_kind(column, values)
        if kind:
            why = f"{kind}: geen vraag van de vragenlijst"
            meta = Proposal(column, None, 0.0, None, 0.0, why, "", _shown(values), (), "metadata")
            out[column] = meta
            continue
        rest.append(column)
    # a column named as the SPT ('Regio', an alias) whose rows are no SPTs is no evidence
    named = next((c for c, t in column_map.items() if t == SPT), None)
    hits, filled = ctx.spt_share(named) if named else (0, 0)
    out.update(_special(ctx, rest, taken, named if hits < SPT_SHARE * max(filled, 1) else None))
    other = named and hits >= SPT_SHARE * filled and rival(raw, named, rest, ctx.canon)
    if other:  # the column named as the SPT and another column of SPTs disagree
        out[other[0]] = _rival(ctx, other[0], named, other[1], SPT)
    heads, unlike = _siblings(raw, codebook, column_map), {}
    for column in [c for c in rest if c not in out]:
        values = ctx.values(column)
        names = [column, *raw.alt_names.get(column, [])]
        row = _by_row(codebook, names, heads, set(order) - taken)
        if row is not None and ctx.fits(row[0], values, column):
            why = (
                f"de kop is '{row[1]} [{row[2]}]': de andere rijen met deze kop horen bij "
                "dezelfde vraag, en alle antwoorden passen"
            )
            p = Proposal(
                column, row[0], 1.0, None, 0.0, why, STRONG, _shown(values), ctx.expected(row[0])
            )
            out[column] = p
            taken.add(row[0])
            continue
        cut, many = abbreviated_target(names, codebook, set(order) - taken)
        if many:  # a heading the tool cut short: the one column whose texts begin so, or none
            out[column] = _cut(ctx, column, values, cut, many)
            taken |= {cut} if cut else set()
            continue
        (s1, c1), (s2, c2) = most_like(names, ctx.texts, set(order) - taken)
        whole = contained_text(names, ctx.texts, set(order) - taken)
        contained = whole is not None and (c1 != whole or s1 < TEXT_SCORE)
        if contained:
            (s1, c1), (s2, c2) = (
                (0.9, whole),
                (s1 if c1 != whole else s2, c1 if c1 != whole else c2),
            )
        q = ctx.labels.questions.get(c1) if c1 else None
        coded = c1 == SPT or (q is not None and q.type in ("single", "multi"))  # SPT: a list
        weak_text = c1 is None or s1 < TEXT_SCORE
        codes = are_codes(values) and not raw.value_codes.get(column)
        tool_codes = codes and (bool(ctx.tool) or not all(v.lstrip("-").isdigit() for v in values))
        if tool_codes and (coded or weak_text):
            out[column] = _needs_file(ctx, column, values)
            if weak_text:  # a heading like no question: maybe a question beyond the codebook
                unlike[column] = values
            continue
        if codes and weak_text:  # the codebook's own format: numbers without a heading to go by
            why = "alleen cijfers, en de kop lijkt op geen vraag: niet te zien welke vraag het is"
            out[column] = Proposal(column, None, 0.0, None, 0.0, why, "", _shown(values))
            continue
        if codes and coded:  # the codebook's own codes under a heading like the question's
            why = (
                f"kop lijkt voor {number(s1 * 100, 0)}% op de tekst in het codeboek; de "
                "antwoorden zijn cijfers, als codes van het codeboek gelezen: controleer ze"
            )
            samples, expected = _shown(values), ctx.expected(c1)
            out[column] = Proposal(column, c1, s1, c2, s2, why, WEAK, samples, expected)
            taken.add(c1)
            continue
        if c1 is not None and s1 >= TEXT_SCORE and s1 - s2 >= 0.05:
            fits = ctx.fits(c1, values, column)
            why = f"kop lijkt voor {number(s1 * 100, 0)}% op de tekst in het codeboek"
            if contained:  # a text inside the heading is no evidence by itself: the answers must be
                fits = fits and ctx.answered_as(c1, values)
                why = "de kop bevat de tekst van deze vraag in het codeboek"
                no = "de antwoorden zeggen niet dat het deze vraag is"
            else:
                no = "maar niet alle antwoorden passen bij de vraag"
            why += "; alle antwoorden passen bij de vraag" if fits else f"; {no}"
            strength = STRONG if fits else WEAK
            samples, expected = _shown(values), ctx.expected(c1)
            out[column] = Proposal(column, c1, s1, c2, s2, why, strength, samples, expected)
            taken.add(c1)
            continue
        p = _by_answers(ctx, column, values, set(order) - taken)
        if p.target:
            taken.add(p.target)
        elif code_heading(column, ctx.tool) and not raw.alt_names.get(column):
            p = _code_heading(ctx, column, values, p.basis)
        out[column] = p
    placed = column_map | {p.column: p.target for p in out.values() if p.strength == STRONG}
    texts = [c for c in placed if not are_codes(ctx.values(c))]
    out.update(beyond_codebook(out, unlike, codebook, placed, texts))
    position = {c: i for i, c in enumerate(raw.columns)}
    found = sorted(out.values(), key=lambda p: position.get(p.column, len(position)))
    for special in (ID, SPT):  # needed, and no column has the evidence
        if special not in taken:
            why = f"geen kolom met bewijs voor {label_of(codebook, special)}"
            found.append(Proposal("", None, 0.0, None, 0.0, why, "", (), (), special))
    return found


def label_of(codebook: Codebook, column: str) -> str:
    """A codebook column's text for the user."""
    if column == ID:
        return codebook.respondent_id.label
    if column == SPT:
        return codebook.service_point.label
    q = codebook.column_question()[column]
    return f"{q.title}: {q.items[column]}" if q.items else q.title


__all__ = ["Proposal", "propose", "label_of", "needs_survey_file", "tick_texts"]
