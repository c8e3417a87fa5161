"""The questionnaire behind the corpus's code exports (tests/real_exports.py) as the tools'
own definition files: a LimeSurvey .lss (3.x codes Q1, Q2[SQ001], answers A1..; 5/6 codes
G01Q01, answers AO01..) and a Qualtrics .qsf (tags Q1, Q2_1, recodes 1.. in display order).

The question codes, answer order and texts are the corpus's own: the texts the respondents saw
(`ASKED`, `GROUPS`, `SHOWN`), not the codebook's labels. The files are written in the shapes of
tests/definition_lime.py and tests/definition_qualtrics.py (which follow real files).
"""

from __future__ import annotations

from pathlib import Path

from definition_demo import Question
from definition_lime import write_lss
from definition_qualtrics import write_qsf
from real_exports import ORDER, SHOWN, columns

from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import load_register, register_path


def corpus_questions(codebook: Codebook, prefix: str) -> list[Question]:
    """The corpus's questions in display order, coded `{prefix}{n}` as its exports head them."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for col, text, row in columns(codebook):
        groups.setdefault(text, []).append((col, row))
    names = [sp.name for sp in load_register(register_path(codebook)).service_points]
    out = []
    for n, (text, cols) in enumerate(groups.items(), 1):
        code = f"{prefix}{n:02d}" if prefix.startswith("G") else f"{prefix}{n}"
        rows = {col: row for col, row in cols if row}
        first = cols[0][0]
        if first == "spt":
            out.append(Question(code, "list", text, {}, {name: name for name in names}))
            continue
        q = codebook.column_question()[first]
        if q.type == "allocation":
            out.append(Question(code, "numbers", text, rows, {}))
        elif q.type == "text":
            out.append(Question(code, "text", text, {}, {}))
        elif q.scale == "aangevinkt":
            out.append(Question(code, "check", text, rows, {}))
        else:
            if q.scale in ORDER:
                labels = [SHOWN[lab] for lab in ORDER[q.scale]]
            else:
                scale = codebook.scale_of(q)
                labels = [*scale.codes.values(), *scale.missing.values()]
            kind = "array" if rows else "list"
            out.append(Question(code, kind, text, rows, {lab: lab for lab in labels}))
    return out


def corpus_lss(folder: Path, codebook: Codebook, layout: str) -> Path:
    """The .lss behind limesurvey_codes_csv ('3') or limesurvey6_codes_csv ('6')."""
    prefix = "Q" if layout == "3" else "G01Q"
    return write_lss(folder / f"vragenlijst_{layout}.lss", codebook, layout,
                     corpus_questions(codebook, prefix))  # fmt: skip


def corpus_qsf(folder: Path, codebook: Codebook) -> Path:
    """The .qsf behind qualtrics_numeric_csv."""
    return write_qsf(folder / "vragenlijst.qsf", codebook, corpus_questions(codebook, "Q"))


DEFINITION = {
    "limesurvey_codes_csv": lambda f, cb: corpus_lss(f, cb, "3"),
    "limesurvey6_codes_csv": lambda f, cb: corpus_lss(f, cb, "6"),
    "limesurvey6_chosen_codes_csv": lambda f, cb: corpus_lss(f, cb, "6"),
    "qualtrics_numeric_csv": corpus_qsf,
    "limesurvey_codeheads_full_csv": lambda f, cb: corpus_lss(f, cb, "3"),
    "limesurvey_fullheads_codes_csv": lambda f, cb: corpus_lss(f, cb, "3"),
    "limesurvey6_codes_converted_csv": lambda f, cb: corpus_lss(f, cb, "6"),
    "qualtrics_tags_only_csv": corpus_qsf,
    "limesurvey_emcodes_csv": lambda f, cb: corpus_lss(f, cb, "3"),
}
