"""'Choose at most N' questions (success factors, bottlenecks): each option's share.

The denominator is the respondents who chose at least one option; every SPT counts equally, as
for every other share (the figure's own weights 1/(K n_k) over those respondents), with the
same interval (logit on the effective df, Korn-Graubard with Kish's n at 0 or 1)."""

from __future__ import annotations

import pandas as pd

from evaluation.analysis.frame import CHOSEN, EMPTY, FigureDesigns
from evaluation.analysis.statements import shares
from evaluation.inputs.codebook import Codebook, Question
from evaluation.inputs.settings import Settings
from evaluation.results import ChoiceOption, ChoiceQuestion, Estimate


def choice_questions(
    df: pd.DataFrame, codebook: Codebook, designs: FigureDesigns, settings: Settings
) -> dict[str, ChoiceQuestion]:
    """Every choose-at-most-N question the run's codebook asks (none for a year without them)."""
    return {q.id: choice_question(df, q, designs, settings) for q in codebook.choice_questions}


def choice_question(
    df: pd.DataFrame, q: Question, designs: FigureDesigns, settings: Settings
) -> ChoiceQuestion:
    """The share choosing each option, nationally and per SPT (the SPTs where someone
    answered the question)."""
    items = q.items or {}
    answered = df[CHOSEN + next(iter(items))].notna()
    design = designs.on(answered, *(CHOSEN + column for column in items))
    spts = sorted(df.loc[answered, "spt"].unique())
    options = {}
    for column, label in items.items():
        national = shares(design, CHOSEN + column, settings).get(None, EMPTY)
        by = shares(design, CHOSEN + column, settings, by="spt")
        options[column] = ChoiceOption(
            label=label,
            share=Estimate(**national),
            by_spt={k: Estimate(**by[k]) if k in by else Estimate(**EMPTY) for k in spts},
        )
    return ChoiceQuestion(
        label=q.label,
        short=q.title,
        table=q.table or "",
        max_choices=int(q.max_choices or 0),
        n=int(answered.sum()),
        options=options,
    )
