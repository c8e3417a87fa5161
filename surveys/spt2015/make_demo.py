"""Write demo_responses.csv: 47 SYNTHETIC respondents shaped like the 2015 SPT survey.

Nothing here is real survey data. The counts per service point and per background are exactly
those of appendix 1 of the 2015 report; the answers are drawn from a seeded random generator so
that they loosely reproduce the report (grade about 2,9 with SPT means from about 2,0 to 3,7,
about 86% agreeing with the statement of figure 1.2, structure traits mostly shared within an
SPT as in table 1.7, allocations that sum to 100). Respondent ids start with DEMO- to make the
synthetic origin visible in every row.

Run: python surveys/spt2015/make_demo.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20151122
OUT = Path(__file__).resolve().parent / "demo_responses.csv"

# Appendix 1: response per SPT, with the name as the file writes it (aliases of appendix 1).
SPT_COUNTS = {
    "Achterhoek": 4,
    "Noord-Holland": 8,
    "Rijk van Nijmegen": 1,
    "Rijnmond": 2,
    "Stedendriehoek": 7,
    "Twente": 5,
    "West-Brabant": 10,
    "IJsselvechtstreek": 6,
    "Zuid-Limburg": 3,
    "Zuidoost-Brabant": 1,
}
SPT_ALIASES = {
    "Rijnmond": "Rijnmond / Drechtsteden",
    "IJsselvechtstreek": "IJsselvechtstreek / Zwolle",
    "Stedendriehoek": "Stedendriehoek / Apeldoorn",
    "Rijk van Nijmegen": "Rijk van Nijmegen / Nijmegen",
    "Zuidoost-Brabant": "Zuidoost Brabant",
}
BACKGROUND_COUNTS = {
    "UWV": 10,
    "O&O fonds": 6,
    "Werkgeversvereniging": 11,
    "Overheid (vnl. gemeenten)": 7,
    "Overig (o.a. vakbonden, zelfstandigen)": 13,
}
# Target satisfaction grade per SPT: three low (2,0-2,3), two high (3,5-3,7), five in between;
# the mean of the ten is 2,87, which the report rounds to 2,9.
GRADE = {
    "Zuidoost-Brabant": 2.0,
    "Rijk van Nijmegen": 2.2,
    "Zuid-Limburg": 2.3,
    "Achterhoek": 2.8,
    "West-Brabant": 2.9,
    "Stedendriehoek": 3.0,
    "Rijnmond": 3.1,
    "Twente": 3.2,
    "Noord-Holland": 3.5,
    "IJsselvechtstreek": 3.7,
}
SATISFACTION = [
    "werking_goed",
    "werking_beter",
    "meerwaarde_werkgevers",
    "meerwaarde_werkzoekenden",
    "ambities",
    "bekendheid",
]
# Offsets of each statement from a respondent's grade (figure 2.1: added value high, known low).
OFFSET = {
    "werking_goed": 0.2,
    "werking_beter": -0.6,  # in scored (reversed) terms: most agree that it must improve
    "meerwaarde_werkgevers": 0.7,
    "meerwaarde_werkzoekenden": 0.6,
    "ambities": -0.1,
    "bekendheid": -0.8,
}
LIKERT = {
    1: "helemaal mee oneens",
    2: "mee oneens",
    3: "neutraal",
    4: "mee eens",
    5: "helemaal mee eens",
}
# Which Likert columns the file writes as labels (the others as codes), to exercise matching.
LIKERT_AS_LABEL = {"nut_techniek", "werking_goed", "meerwaarde_werkzoekenden", "bekendheid"}
# Header names: most are codebook ids, some the question's label, to exercise column matching.
HEADER = {
    "respondent_id": "Respondentnummer",
    "spt": "Servicepunt Techniek",
    "achtergrond": "Achtergrond van de betrokkene",
    "werking_goed": "De werking van het SPT is goed",
    "opmerking": "Opmerking of toelichting",
}

# Tables 1.7 and 1.8: the "true" answer per SPT (ja / nee / ? = unclear), matching the counts.
SPTS = list(SPT_COUNTS)
TRAITS = {
    "trekker": "JJJNJNNJN?",  # 5 ja / 4 nee / 1 unclear
    "manager": "JJNJNNJJ??",  # 5 / 3 / 2
    "stuurgroep": "JJNJJJNJ??",  # 6 / 2 / 2
    "uitvoeringscommissies": "NJNJNJNN??",  # 3 / 5 / 2
    "doelen_vastgelegd": "?JNJ?J?J??",  # 4 / 1 / 5
    "visiedocument": "NJ?N?NN?N?",  # 1 / 5 / 4
    "afspraken_vastgelegd": "NJN?NJNN??",  # 2 / 5 / 3
    "targets": "NJNJNJNN??",  # 3 / 5 / 2
}
ACTIVITY_SHARE = {
    "act_bemiddelen": 0.83,
    "act_leerwerkplekken": 0.64,
    "act_begeleiding_werkzoekenden": 0.62,
    "act_stages": 0.57,
    "act_werk_naar_werk": 0.55,
    "act_scholing": 0.38,
}
USERS = {  # table 1.5, percent
    "gebr_middelgroot": 20,
    "gebr_uwv": 16,
    "gebr_onderwijs": 13,
    "gebr_klein": 11,
    "gebr_branche": 8,
    "gebr_werkzoekenden": 7,
    "gebr_groot": 6,
    "gebr_werkenden": 3,
    "gebr_weet_niet": 7,
    "gebr_overig": 10,
}
SECTORS = {  # table 1.6, percent
    "sect_kleinmetaal": 29,
    "sect_metalektro": 24,
    "sect_installatie": 21,
    "sect_chemie": 7,
    "sect_bouw": 4,
    "sect_mvt": 3,
    "sect_groothandel": 2,
    "sect_ict": 1,
    "sect_weet_niet": 1,
    "sect_overig": 9,
}
ORGS = {  # table 1.9: number of SPTs with active / background involvement
    "org_uwv": (10, 0),
    "org_metaalunie": (9, 1),
    "org_otib": (8, 2),
    "org_kenteq": (8, 1),
    "org_fnv": (7, 2),
    "org_gemeenten": (7, 2),
    "org_opleidingsbedrijven": (7, 0),
    "org_ao": (5, 3),
    "org_mbo": (5, 3),
    "org_bedrijven": (4, 0),
    "org_bouwend_nl": (3, 2),
    "org_innovam": (3, 3),
    "org_oom": (3, 4),
    "org_pmlf": (3, 3),
    "org_uneto_vni": (3, 4),
    "org_cnv": (2, 3),
    "org_fme": (2, 3),
    "org_oomt": (2, 3),
    "org_hbo": (1, 0),
}
REMARKS = [
    "Goede samenwerking in de regio, maar te weinig budget voor scholing.",
    "Het SPT is bij werkgevers nog te weinig bekend.",
    "Meer inzet van een arbeidsmarktcoach zou helpen.",
    "Vragen over de enquête? mail j.jansen@example.nl",
    "Korte lijnen tussen UWV en de branche werken goed.",
]


def _scored_to_answer(item: str, scored: int) -> int:
    """Satisfaction items are generated as scores; 'werking moet beter' is written reversed."""
    return 6 - scored if item == "werking_beter" else scored


def _allocation(rng: np.random.Generator, means: dict[str, int]) -> dict[str, int]:
    """Whole percentages around the table's means that sum to exactly 100."""
    alpha = np.array([max(v, 0.5) for v in means.values()], dtype=float) / 100 * 12
    share = rng.dirichlet(alpha) * 100
    whole = np.floor(share).astype(int)
    whole[np.argsort(share - whole)[::-1][: 100 - whole.sum()]] += 1
    return dict(zip(means, whole.tolist(), strict=True))


def make_demo(seed: int = SEED) -> pd.DataFrame:
    """The 47 synthetic rows as a DataFrame of text cells, in the file's column order."""
    rng = np.random.default_rng(seed)
    spt = [name for name, k in SPT_COUNTS.items() for _ in range(k)]
    background = [b for b, k in BACKGROUND_COUNTS.items() for _ in range(k)]
    background = list(rng.permutation(background))
    n = len(spt)
    rows: list[dict[str, object]] = [{} for _ in range(n)]
    # Four respondents (of larger SPTs) skipped the statements (the figures have n=43).
    larger = [i for i, s in enumerate(spt) if SPT_COUNTS[s] >= 4]
    skipped = set(rng.choice(larger, size=4, replace=False).tolist())
    scores = np.zeros((n, len(SATISFACTION)))
    for i, name in enumerate(spt):
        person = GRADE[name] + rng.normal(0, 0.3)
        for j, item in enumerate(SATISFACTION):
            scores[i, j] = np.clip(np.rint(person + OFFSET[item] + rng.normal(0, 0.6)), 1, 5)
    # Nudge scores so every SPT's mean grade lands on its target (within 0,05).
    for name in SPTS:
        members = [i for i, s in enumerate(spt) if s == name and i not in skipped]
        for _ in range(200):
            diff = GRADE[name] - scores[members].mean()
            if abs(diff) < 0.05 or not members:
                break
            step = 1 if diff > 0 else -1
            i = members[rng.integers(len(members))]
            j = rng.integers(len(SATISFACTION))
            if 1 <= scores[i, j] + step <= 5:
                scores[i, j] += step
    nut = ["mee eens"] * 22 + ["helemaal mee eens"] * 15 + ["mee oneens"] * 2
    nut += ["neutraal"] * 3 + ["weet niet"]
    nut = list(rng.permutation(nut))
    trait_truth = {t: dict(zip(SPTS, v, strict=True)) for t, v in TRAITS.items()}
    org_truth = {}
    for org, (active, back) in ORGS.items():
        levels = ["actief"] * active + ["achtergrond"] * back + ["niet"] * (10 - active - back)
        org_truth[org] = dict(zip(SPTS, rng.permutation(levels).tolist(), strict=True))
    main_activity = {s: (1 if k < 5 else 2 if k < 7 else 7) for k, s in enumerate(SPTS)}
    remark_rows = set(rng.choice(n, size=len(REMARKS), replace=False).tolist())
    remarks = iter(REMARKS)
    numbered_sp = {s: 0 for s in SPTS}
    for i, name in enumerate(spt):
        r = rows[i]
        r["respondent_id"] = f"DEMO-{i + 1:03d}"
        numbered_sp[name] += 1
        alias = SPT_ALIASES.get(name)
        r["spt"] = alias if alias and numbered_sp[name] % 2 == 1 else name
        r["achtergrond"] = background[i]
        if i in skipped:
            r["nut_techniek"] = ""
            for item in SATISFACTION:
                r[item] = ""
        else:
            r["nut_techniek"] = nut.pop()
            for j, item in enumerate(SATISFACTION):
                answer = _scored_to_answer(item, int(scores[i, j]))
                # Now and then 'weet niet' instead of an answer (at most one per respondent).
                if j == 4 and rng.random() < 0.12:
                    r[item] = "weet niet" if item in LIKERT_AS_LABEL else "9"
                elif item in LIKERT_AS_LABEL:
                    r[item] = LIKERT[answer]
                else:
                    r[item] = str(answer)
        for trait, truth in trait_truth.items():
            t = truth[name]
            u = rng.random()
            if t == "?":
                r[trait] = "weet niet" if u < 0.5 else ("ja" if u < 0.75 else "nee")
            elif u < 0.85:
                r[trait] = "ja" if t == "J" else "nee"
            else:
                r[trait] = "weet niet"
        u = rng.random()
        r["doelen_bekend"] = "ja" if u < 0.69 else ("nee" if u < 0.9 else "weet niet")
        for act, share in ACTIVITY_SHARE.items():
            r[act] = "x" if rng.random() < share else ""
        r["hoofdactiviteit"] = str(main_activity[name] if rng.random() < 0.8 else 7)
        users = _allocation(rng, USERS)
        sectors = _allocation(rng, SECTORS)
        for k, v in {**users, **sectors}.items():
            r[k] = str(v) if v else ""
        for org, truth in org_truth.items():
            level = truth[name]
            if rng.random() < 0.15:
                level = "achtergrond" if level == "actief" else "niet"
            r[org] = "" if level == "niet" else level
        r["opmerking"] = next(remarks) if i in remark_rows else ""
    # One respondent writes decimal commas in the user allocation (e.g. 12,5 + 10,5 = 23).
    r = rows[n - 1]
    pair = int(r["gebr_middelgroot"] or 0) + int(r["gebr_uwv"] or 0)
    if pair >= 2:
        first = pair // 2 + 0.5
        r["gebr_middelgroot"] = f"{first:.1f}".replace(".", ",")
        r["gebr_uwv"] = f"{pair - first:.1f}".replace(".", ",")
    frame = pd.DataFrame(rows)
    return frame.rename(columns=HEADER)


def main() -> None:
    frame = make_demo()
    frame.to_csv(OUT, sep=";", index=False, encoding="utf-8", lineterminator="\n")
    print(f"{len(frame)} synthetische respondenten geschreven naar {OUT}")


if __name__ == "__main__":
    main()
