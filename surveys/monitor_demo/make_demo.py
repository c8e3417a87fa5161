"""Write the SYNTHETIC three-year demo monitor: survey exports for 2016 and 2017, and results
per SPT for 2015-2017. Nothing here is real data.

The 2016 and 2017 exports use the 2015 generator (surveys/spt2015/make_demo.py) and the 2015
codebook, with other respondents per SPT (so that different SPTs are too small in different
years) and grades that rise a little; respondent ids start with DEMO2016- / DEMO2017-. The
2015 survey is surveys/spt2015/demo_responses.csv. The results per SPT (placements, people
trained, projects, coach FTE, budget by source) are drawn from a seeded generator and say
'synthetisch' in every project name.

Run: python surveys/monitor_demo/make_demo.py
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
GENERATOR = HERE.parent / "spt2015" / "make_demo.py"

# Respondents per SPT: 47 each year (the generator's background counts need it), none above
# the register's invited count.
COUNTS = {
    2016: [6, 8, 3, 4, 7, 2, 9, 4, 2, 2],
    2017: [5, 9, 4, 4, 5, 3, 8, 6, 2, 1],
}
# Change of each SPT's target grade since 2015 (the generator's order of SPTs).
SHIFT = {
    2016: [0.2, 0.1, 0.4, 0.0, 0.2, -0.2, 0.1, 0.0, 0.3, 0.2],
    2017: [0.5, 0.2, 0.8, 0.1, 0.3, -0.3, 0.3, -0.1, 0.5, 0.4],
}
SEEDS = {2015: 20151201, 2016: 20161122, 2017: 20171121}

# Success factors and bottlenecks (asked from 2016, "choose at most three"): how likely each
# option is chosen, per year. The order follows the 2015 group session's ranking; in 2017 the
# coach and the employers' demand gain, the budget shortage weighs less and missing partners
# more (a synthetic shift, not a finding).
FACTORS = {
    "sf_samenwerking": (0.60, 0.55),
    "sf_informatie": (0.45, 0.40),
    "sf_actie": (0.38, 0.35),
    "sf_coach": (0.22, 0.45),
    "sf_werkgeversvraag": (0.25, 0.38),
    "sf_trekker": (0.22, 0.18),
    "sf_netwerk": (0.15, 0.12),
    "sf_branchekennis": (0.12, 0.10),
    "sf_scholing": (0.08, 0.08),
    "sf_anders": (0.05, 0.04),
}
BOTTLENECKS = {
    "kp_budget": (0.65, 0.40),
    "kp_rugdekking": (0.40, 0.38),
    "kp_actie": (0.35, 0.30),
    "kp_partijen": (0.20, 0.42),
    "kp_belangen": (0.22, 0.20),
    "kp_focus": (0.15, 0.15),
    "kp_garanties": (0.12, 0.14),
    "kp_visie": (0.10, 0.10),
    "kp_rechtsvorm": (0.08, 0.06),
    "kp_anders": (0.05, 0.05),
}
OTHER_TEXT = {
    "sf_anders": "sf_anders_tekst",
    "kp_anders": "kp_anders_tekst",
}
OTHER_ANSWERS = {
    "sf_anders": ["Goede band met het onderwijs (synthetisch)", "Vaste vergaderdag (synthetisch)"],
    "kp_anders": ["Wisselende vertegenwoordigers (synthetisch)", "Te veel overleg (synthetisch)"],
}
PROJECTS = ["lasklas", "omscholing installatietechniek", "leerwerkplekken metaal", "e-learning"]


def _generator():
    spec = importlib.util.spec_from_file_location("spt2015_make_demo", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def survey(year: int) -> pd.DataFrame:
    """The synthetic export of one year, as the 2015 generator writes it."""
    gen = _generator()
    names = list(gen.SPT_COUNTS)
    gen.SPT_COUNTS = dict(zip(names, COUNTS[year], strict=True))
    gen.GRADE = {k: min(4.6, gen.GRADE[k] + s) for k, s in zip(names, SHIFT[year], strict=True)}
    frame = gen.make_demo(SEEDS[year])
    ids = frame["Respondentnummer"].str.replace("DEMO-", f"DEMO{year}-", regex=False)
    frame = frame.assign(Respondentnummer=ids)
    rng = np.random.default_rng(SEEDS[year] + 24)  # its own stream: the 2015 columns stay put
    n = len(frame)
    chosen = {**choices(rng, FACTORS, year, n), **choices(rng, BOTTLENECKS, year, n)}
    at = frame.columns.get_loc("Opmerking of toelichting")
    for offset, (name, cells) in enumerate(chosen.items()):
        frame.insert(at + offset, name, cells)
    return frame


def choices(rng: np.random.Generator, options: dict, year: int, n: int) -> dict[str, list[str]]:
    """Each respondent's ticks ('x') on one choose-at-most-three question: three options mostly,
    two or one now and then, the question skipped by a few; 'anders' with its text."""
    names = list(options)
    p = np.array([options[k][year - 2016] for k in names])
    cells = {k: [""] * n for k in names}
    texts = {OTHER_TEXT[k]: [""] * n for k in names if k in OTHER_TEXT}
    for i in range(n):
        if rng.random() < 0.06:  # skipped the question
            continue
        k = int(rng.choice([1, 2, 3], p=[0.1, 0.2, 0.7]))
        for j in rng.choice(len(names), size=k, replace=False, p=p / p.sum()).tolist():
            cells[names[j]][i] = "x"
            if names[j] in OTHER_TEXT:
                texts[OTHER_TEXT[names[j]]][i] = str(rng.choice(OTHER_ANSWERS[names[j]]))
    return {**cells, **texts}


def spt_results(year: int, names: list[str]) -> pd.DataFrame:
    """Synthetic results per SPT for one year: totals rows and project rows."""
    rng = np.random.default_rng(SEEDS[year])
    growth = 1 + 0.15 * (year - 2015)
    rows = []
    for name in names:
        size = rng.uniform(0.5, 1.5)
        rows.append(
            {
                "jaar": year,
                "spt": name,
                "plaatsingen_werk_naar_werk": int(rng.poisson(25 * size * growth)),
                "plaatsingen_ww_naar_werk": int(rng.poisson(40 * size * growth)),
                "opgeleid": int(rng.poisson(60 * size * growth)),
                "arbeidsmarktcoach_fte": f"{rng.uniform(0.4, 2.5):.1f}".replace(".", ","),
                "budget_fonds": int(round(rng.uniform(40, 120) * size, 0)) * 1000,
                "budget_gemeenten": int(round(rng.uniform(10, 60) * size, 0)) * 1000,
                "budget_uwv": int(round(rng.uniform(0, 40) * size, 0)) * 1000,
                "budget_provincie": "",
                "budget_werkgevers": int(round(rng.uniform(0, 20), 0)) * 1000,
                "budget_overig": "",
            }
        )
        for project in rng.choice(PROJECTS, size=int(rng.integers(0, 3)), replace=False):
            participants = int(rng.integers(8, 30))
            rows.append(
                {
                    "jaar": year,
                    "spt": name,
                    "project": f"{project} (synthetisch)",
                    "project_deelnemers": participants,
                    "project_plaatsingen": int(rng.integers(0, participants + 1)),
                }
            )
    frame = pd.DataFrame(rows)
    whole = [c for c in frame.columns if c not in ("spt", "project", "arbeidsmarktcoach_fte")]
    return frame.astype({c: "Int64" for c in whole if pd.api.types.is_numeric_dtype(frame[c])})


def main() -> None:
    names = list(_generator().SPT_COUNTS)
    for year in (2016, 2017):
        out = HERE / f"responses_{year}.csv"
        survey(year).to_csv(out, sep=";", index=False, encoding="utf-8", lineterminator="\n")
        print(f"synthetische enquête {year} geschreven naar {out}")
    for year in (2015, 2016, 2017):
        out = HERE / f"spt_results_{year}.csv"
        spt_results(year, names).to_csv(
            out, sep=";", index=False, encoding="utf-8", lineterminator="\n"
        )
        print(f"synthetische resultaten per SPT {year} geschreven naar {out}")


if __name__ == "__main__":
    main()
