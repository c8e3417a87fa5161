"""The scored frame: grades, weights, fpc, flags and the two designs of a run."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from evaluation.analysis.scales import satisfaction_grade
from evaluation.analysis.wording import FPC_RULE
from evaluation.errors import ErrorCode, InputError
from evaluation.estimation.design import SurveyDesign
from evaluation.estimation.types import Estimate as DesignEstimate
from evaluation.estimation.weighting import equal_per_service_point
from evaluation.inputs.codebook import Codebook, Question
from evaluation.inputs.register import Register
from evaluation.inputs.settings import DesignChoice, Settings
from evaluation.intake.result import IntakeResult
from evaluation.privacy import pseudonym

WEIGHT, GRADE, INVITED = "_weight", "_grade", "_invited"

# prefixes of the 0/1 flag columns estimated as proportions
AGREE, YES, CHOSEN = "_agree_", "_ja_", "_chosen_"


def scored_frame(
    intake: IntakeResult, codebook: Codebook, register: Register, settings: Settings
) -> tuple[pd.DataFrame, dict[str, Any], dict[str, Any]]:
    """Responses plus grade, weight and invited (fpc) columns; the weighting and fpc records.

    Weights are computed once over every valid respondent (K = SPTs with respondents).
    """
    df = intake.responses.copy(deep=False)  # copy-on-write: the answers are not copied
    if df.empty:
        raise InputError(ErrorCode.NO_VALID_ROWS)
    df[GRADE] = satisfaction_grade(df, codebook)
    population = None
    if settings.weighting.scale == "population":
        population = {k: v for k, v in register.invited().items() if v}
    wr = equal_per_service_point(
        df, by="spt", scale=settings.weighting.scale, population=population
    )
    df[WEIGHT] = wr.weights.astype("float64")
    df[INVITED], fpc = _fpc_column(df, register)
    return df, dict(wr.record), fpc


def _fpc_column(df: pd.DataFrame, register: Register) -> tuple[pd.Series, dict[str, Any]]:
    """Invited count per respondent's SPT; infinite (no fpc) where unknown, assumed (an
    assumption is no known population) or below n_k."""
    n_k = df["spt"].value_counts()
    invited = register.invited()
    used, unknown, inconsistent, assumed = {}, [], [], []
    for name in n_k.index:
        inv = invited.get(name)
        if inv is None:
            unknown.append(name)
        elif name in register.names and register.get(name).invited_assumed:
            assumed.append(name)
        elif inv < n_k[name]:
            inconsistent.append(name)
        else:
            used[name] = int(inv)
    col = df["spt"].map(lambda s: float(used.get(s, math.inf)))
    record = {
        "column": "invited",
        "by_spt": {k: used[k] for k in sorted(used)},
        "unknown": sorted(unknown),
        "below_respondents": sorted(inconsistent),
        "counts": {
            k: {"respondents": int(n_k[k]), "invited": int(invited[k])} for k in inconsistent
        },
        "assumed": bool(assumed),
        "assumed_spts": sorted(assumed),
        "rule": FPC_RULE,
    }
    return col, record


def _design(df: pd.DataFrame, choice: DesignChoice) -> SurveyDesign:
    return SurveyDesign(
        df,
        weights=WEIGHT,
        strata=choice.strata,
        psu=choice.psu,
        fpc=INVITED if choice.fpc else None,
        lonely_psu=choice.lonely_psu,
    )


def figure_columns(df: pd.DataFrame, traits: Sequence[str]) -> list[str]:
    """The columns the analysis estimates on a figure design: the grade, the 0/1 flags and
    the traits (not the raw answers)."""
    flags = (AGREE, YES, CHOSEN)
    return [c for c in df.columns if c == GRADE or c in traits or str(c).startswith(flags)]


def _narrowed(df: pd.DataFrame, choice: DesignChoice, estimated: Sequence[str]) -> pd.DataFrame:
    """`df` with the SPT, weight, invited, the design's strata and PSU and `estimated` only."""
    keep = {"spt", WEIGHT, INVITED, choice.strata, choice.psu, *estimated}
    return df[[c for c in df.columns if c in keep]]


def figure_weights(rows: pd.DataFrame) -> pd.Series:
    """1/(K_v n_kv) on the rows with a valid value: K_v SPTs with such a row, n_kv of them in
    SPT k (the weights of one figure when weighting per figure)."""
    return equal_per_service_point(rows, by="spt").weights


class FigureDesigns:
    """One design per figure. Per figure (the default): a design of the rows with a valid value,
    weighted 1/(K_v n_kv), so the figure is the mean of SPT means with its stratified SE. Else
    the fixed weights, the figure a domain of the design of every respondent (R's na.rm)."""

    def __init__(
        self,
        df: pd.DataFrame,
        choice: DesignChoice,
        per_figure: bool,
        estimated: Sequence[str] | None = None,
    ) -> None:
        # only the columns figures estimate (and the design's own): each figure design
        # copies its rows, so fewer columns take less memory; None keeps every column
        self.df = df if estimated is None else _narrowed(df, choice, estimated)
        self.choice, self.per_figure = choice, per_figure
        self.fixed = _design(df, choice)
        # Only the latest figure design is kept: each holds a copy of its rows (65 MB for
        # 100,000 respondents), and few figures share one. What outlives it: its lonely strata.
        self._last: tuple[bytes, SurveyDesign] | None = None
        self._lonely: set[str] | None = None

    def on(self, valid: pd.Series, *estimated: str) -> SurveyDesign:
        """The design of the figure whose valid rows are `valid`; with `estimated`, the design
        holds only those columns (and its own): its copy of the rows is smaller."""
        valid = valid.fillna(False).astype(bool)
        if not self.per_figure or bool(valid.all()) or not valid.any():
            return self._used(self.fixed)
        key = valid.to_numpy().tobytes() + "\0".join(estimated).encode()
        if self._last is None or self._last[0] != key:
            self._last = None  # let the previous copy go before making the next
            df = _narrowed(self.df, self.choice, estimated) if estimated else self.df
            rows = df[valid]  # a new frame: its weight column is set without a second copy
            rows[WEIGHT] = figure_weights(rows)
            self._last = (key, _design(rows, self.choice))
        return self._used(self._last[1])

    def _used(self, design: SurveyDesign) -> SurveyDesign:
        self._lonely = (self._lonely or set()) | {str(s) for s in design.lonely_strata}
        return design

    def lonely_strata(self) -> list[str]:
        """Strata with a single PSU in any design used so far (all of them if none was)."""
        if self._lonely is None:
            return sorted({str(s) for s in self.fixed.lonely_strata})
        return sorted(self._lonely)


def finite_or_none(v: Any) -> float | None:
    """A number for results.json: NaN and infinity become None (JSON null), never 0."""
    v = float(v)
    return v if math.isfinite(v) else None


EMPTY: dict[str, Any] = {"estimate": None, "se": None, "ci": (None, None), "n": 0}  # no rows


def estimate_fields(e: DesignEstimate) -> dict[str, Any]:
    """The results.json fields every estimate has: estimate, SE, interval, n, df, deff."""
    return {
        "estimate": finite_or_none(e.estimate),
        "se": finite_or_none(e.se),
        "ci": (finite_or_none(e.ci[0]), finite_or_none(e.ci[1])),
        "n": int(e.n),
        "df": finite_or_none(e.df),
        "deff": finite_or_none(e.deff),
    }


def add_flags(df: pd.DataFrame, missing: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """0/1 columns for the proportions: '(helemaal) eens' per statement (valid answers only)
    and 'ja' per respondent-level question (denominator incl. 'weet niet'); per option of a
    choose-at-most-N question 'chosen' (denominator: who chose at least one option)."""
    flags = {}
    for q in codebook.choice_questions:
        answered = (df[list(q.items or {})] == 1).any(axis=1)
        for column in q.items or {}:
            flags[CHOSEN + column] = (df[column] == 1).astype(float).where(answered)
    for q in codebook.questions:
        if q.figure and q.type == "single":
            valid = df[q.id].isin(list(codebook.scale_of(q).codes))
            flags[AGREE + q.id] = df[q.id].isin(agree_codes(codebook, q)).astype(float)
            flags[AGREE + q.id] = flags[AGREE + q.id].where(valid)
        if q.respondent_level and q.type == "single":
            answered = df[q.id].notna()
            if q.id in missing:
                answered |= missing[q.id].notna()
            flags[YES + q.id] = (df[q.id] == 1).astype(float).where(answered)
    if not flags:
        return df
    return pd.concat([df, pd.DataFrame(flags, index=df.index)], axis=1)  # one block, not many


WEIGHTS_HEADER = ["respondent", "spt", "weight"]


def weight_rows(frame: pd.DataFrame, key: bytes) -> list[list[object]]:
    """weights.csv rows: pseudonymous respondent id, SPT, weight at full precision."""
    return [
        [pseudonym(rid, key), spt, repr(float(w))]
        for rid, spt, w in zip(frame["respondent_id"], frame["spt"], frame[WEIGHT], strict=True)
    ]


def agree_codes(codebook: Codebook, q: Question) -> list[int]:
    """'(helemaal) eens': the two highest codes of the statement's scale (4 and 5)."""
    return sorted(codebook.scale_of(q).codes)[-2:]
