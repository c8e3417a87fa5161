"""A new user's path through an export: `validate`, then what the product says (`map --accept`,
`--confirm-tests`), then `validate` again; and how the end compares with the demo.

`follow(path, survey)` runs the commands in-process on a copy of the survey folder and returns
an `Outcome`: 'exact' (47 valid, the demo's split per SPT, the demo's answers), 'stop' (exit 2
with one Dutch line saying what is needed), or 'wrong' (exit 0 or 1 with other figures, or a
stop that sends the user back to `map` after `map`).

User steps are counted as the issue counts them: accepting `map`'s proposal is one (it also
records rows with strong test evidence), giving the survey file is one (a `map` that only asked
for it changed nothing and is no step), every decision on listed rows (`--confirm-tests`) is one.
Run as a script it also runs `analyse` on every export read exactly (a stop there is no exact
read) and prints the table (exact / exact with at most one step / stop / wrong):

    .venv/bin/python tests/follow_advice.py
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
# this checkout's package, not the one the environment installed (a worktree sharing a venv)
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

from corpus_definitions import DEFINITION  # noqa: E402
from real_exports import DEMO, OUTCOME, SHAPES  # noqa: E402

from evaluation.cli import main  # noqa: E402
from evaluation.inputs.codebook import load_codebook  # noqa: E402
from evaluation.inputs.register import load_register, register_path  # noqa: E402
from evaluation.inputs.settings import load_settings_for  # noqa: E402
from evaluation.intake.result import ID, ROW  # noqa: E402
from evaluation.intake.validate import read_survey  # noqa: E402

SURVEY = Path(__file__).resolve().parents[1] / "surveys" / "spt2015"


@dataclass
class Outcome:
    kind: str  # exact, stop, wrong
    steps: list[str] = field(default_factory=list)
    message: str = ""
    counts: str = ""
    first_clean: bool = False  # the first validate reported no problem at all


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse refuses an option
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def canonical(responses: pd.DataFrame, missing: pd.DataFrame) -> list[tuple]:
    """The valid rows as sorted tuples (no row number, no id): equal tuples, equal figures."""
    frame = pd.concat([responses.drop(columns=[ROW, ID]), missing.add_suffix("#m")], axis=1)
    rows = [tuple("" if pd.isna(v) else v for v in r) for r in frame.itertuples(index=False)]
    return sorted(rows, key=repr)


def demo_canonical(codebook_path: Path) -> list[tuple]:
    cb = load_codebook(codebook_path)
    r = read_survey(DEMO, cb, load_register(register_path(cb)))
    return canonical(r.responses, r.missing)


def follow(
    path: Path,
    survey: Path,
    expected: list[tuple],
    definition: Path | None = None,
    analyse: bool = False,
) -> Outcome:
    """Follow the product's advice from a first `validate` to the end; with `definition`, a
    stop that asks for the survey file is followed by giving it (`map --survey-file`). With
    `analyse`, an export read exactly must also go through `analyse` (a stop there, after
    validate found nothing more to do, is no exact read)."""
    cb = survey / "codebook.yaml"
    steps: list[str] = []
    extra: list[str] = []
    first_clean = False
    for _ in range(3):
        code, out, err = run("validate", path, "--codebook", cb, "--json", *extra)
        if code == 2:
            if "map" in err and "map" not in steps and "survey-file" not in steps:
                code, mout, merr = run("map", path, "--codebook", cb, "--accept")
                if "onbekende argumenten" in merr:  # a version without --accept
                    code, mout, merr = run("map", path, "--codebook", cb)
                steps.append("map")
                if code == 2 and not (definition and "--survey-file" in merr):
                    return Outcome("stop", steps, merr.strip())
                err = merr if code == 2 else ""
                if code != 2:
                    continue
            if definition and "--survey-file" in err and "survey-file" not in steps:
                code, mout, merr = run("map", path, "--codebook", cb, "--survey-file", definition)
                steps.append("survey-file")
                if code == 2:
                    return Outcome("stop", steps, merr.strip())
                continue
            bad = "map" in steps and "spt-eval map" in err
            return Outcome("wrong" if bad else "stop", steps, err.strip())
        data = json.loads(out)
        clean = code == 0 and not data["problems"] and not data["unknown_columns"]
        clean = clean and not data.get("required_missing") and not data.get("suspects")
        if not steps and not extra and clean:
            first_clean = True
        # the columns first: accepting map's proposal also decides the rows with strong
        # evidence, as validate says; what is left is the user's word
        if data["unknown_columns"] and not {"map", "survey-file"} & set(steps):
            run("map", path, "--codebook", cb, "--accept")
            steps.append("map")
            continue
        if data.get("suspects") and "confirm" not in steps:
            steps.append("confirm")
            extra = ["--confirm-tests"]
            continue
        break
    codebook = load_codebook(cb)
    settings = load_settings_for(codebook.source_path)
    rules = settings.intake  # a confirmation is recorded beside the codebook
    r = read_survey(path, codebook, load_register(register_path(codebook)), rules)
    counts = f"{r.rows_read} = {r.valid} + {r.quarantined} + {r.excluded}"
    same = r.reconciled and canonical(r.responses, r.missing) == expected
    if first_clean and not same:
        return Outcome(
            "wrong", steps, "a first validate without problems, yet other figures", counts
        )
    if same and analyse:
        with tempfile.TemporaryDirectory() as out:
            code, _, err = run("analyse", path, "--codebook", cb, "--out", out)
        if code == 2:
            late = "wrong" if "spt-eval map" in err else "stop"
            return Outcome(late, [*steps, "analyse"], err.strip(), counts)
    return Outcome("exact" if same else "wrong", steps, "", counts, first_clean)


def measure(names=None, analyse: bool = True) -> dict[str, Outcome]:
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        expected = demo_canonical(SURVEY / "codebook.yaml")
        for name in names or SHAPES:
            survey = base / name / "survey"
            shutil.copytree(SURVEY, survey)
            folder = base / name / "export"
            folder.mkdir()
            cb = load_codebook(survey / "codebook.yaml")
            path = SHAPES[name](folder, cb)
            given = DEFINITION[name](folder, cb) if name in DEFINITION else None
            out[name] = follow(path, survey, expected, given, analyse)
    return out


def user_steps(outcome: Outcome) -> int:
    """The steps the user took: a `map` that only asked for the survey file is none."""
    return sum(1 for s in outcome.steps if s != "map" or "survey-file" not in outcome.steps)


def table(results: dict[str, Outcome]) -> dict[str, int]:
    exact = [o for o in results.values() if o.kind == "exact"]
    return {
        "exports": len(results),
        "exact": len(exact),
        "exact_one_step": sum(user_steps(o) <= 1 for o in exact),
        "stop": sum(o.kind == "stop" for o in results.values()),
        "wrong": sum(o.kind == "wrong" for o in results.values()),
    }


if __name__ == "__main__":
    results = measure(sys.argv[1:] or None)
    for name, o in results.items():
        want = OUTCOME[name]
        print(f"{name:30s} {o.kind:6s} want {want:11s} steps={','.join(o.steps) or '-':20s} "
              f"user steps {user_steps(o)}  {o.counts} {o.message[:150]}")  # fmt: skip
    t = table(results)
    print("| exports | exact | exact with <=1 user step | stops | wrong |")
    print("|---|---|---|---|---|")
    print(f"| {t['exports']} | {t['exact']} | {t['exact_one_step']} | {t['stop']} | {t['wrong']} |")
