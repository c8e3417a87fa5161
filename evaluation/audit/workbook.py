"""The confidential audit workbook: every weighted figure as a live Excel formula."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import Codebook
from evaluation.inputs.register import Register
from evaluation.inputs.settings import Settings
from evaluation.writers import save_reproducibly

RESP = "Respondenten"

FIG = "Cijfers"

SE_SHEET = "Standaardfout"

NOTE = "Toelichting"


@dataclass(frozen=True)
class WorkbookLayout:
    """Where the formulas of an audit workbook live (for tests and for the README)."""

    first_row: int
    last_row: int
    spt_col: str
    grade_col: str
    weight_col: str
    overall_cell: str  # on FIG
    spt_rows: dict[str, int]  # SPT -> row on FIG and on SE_SHEET
    grade_col_fig: str
    se_overall_cell: str  # on SE_SHEET
    se_col: str  # per-SPT SE column on SE_SHEET


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _answer(value: Any) -> Any:
    """A coded answer as a number for Excel (4 rather than 4.0); missing becomes an empty cell."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(f):
        return None
    return int(f) if f.is_integer() else f


def _scale_formula(rule: str, n: str, f: str) -> str:
    """Excel formula for R's stratum scale (1 - f) n / (n - 1) under a lonely-PSU rule."""
    if rule == "adjust":
        return f"=IF({n}>1,(1-{f})*{n}/({n}-1),1-{f})"
    if rule in ("remove", "certainty", "average"):
        return f"=IF({n}>1,(1-{f})*{n}/({n}-1),0)"
    return f"=(1-{f})*{n}/({n}-1)"  # fail: a lonely stratum shows #DEEL/0!, as the engine fails


def write_audit_workbook(
    intake: Any,
    codebook: Codebook,
    register: Register,
    settings: Settings,
    results: Any,
    out_path: str | Path,
    key: bytes,
) -> WorkbookLayout:
    """Write the confidential, unsuppressed audit workbook (audit-<year>.xlsx).

    Every respondent with a pseudonymous id, SPT and item answers; reverse scores, grades and
    weights are live formulas, the overall and per-SPT grades SUMPRODUCT formulas and the
    design-based standard errors formulas over the same cells, so an auditor sees the
    figures of results.json appear from the raw answers. Respondent-sourced text is masked
    and neutralised against formula injection. The figures of `results` (if given) are put
    beside the formulas as plain numbers with their difference, for the auditor's eye.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from evaluation.privacy import mask_text, pseudonym, sheet_cell

    if settings.weighting.scale == "population":
        raise InputError(ErrorCode.AUDIT_POPULATION)
    df = intake.responses
    items = list(codebook.satisfaction.items)
    text_cols = [q.id for q in codebook.questions if q.type == "text" and q.id in df.columns]
    design = settings.design.grade
    rule = design.lonely_psu
    bold = Font(bold=True)
    per_figure = settings.weighting.per_figure  # the grade's weights over those with a grade

    wb = Workbook()
    note = wb.active
    note.title = NOTE
    ws = wb.create_sheet(RESP)
    fig = wb.create_sheet(FIG)
    se = wb.create_sheet(SE_SHEET)

    # ---- Respondenten -------------------------------------------------------------------
    n_rows = len(df)
    first, last = 2, len(df) + 1
    headers = ["respondent (pseudoniem)", "SPT"]
    headers += [f"{i} (antwoord)" for i in items]
    # Only reverse items need a score column; the others are their own score. Fewer formulas
    # keep the workbook quick to recalculate (and to evaluate in tests).
    reverse = [i for i in items if codebook.question(i).reverse]
    score_start = len(headers) + 1
    headers += [f"{i} (score, omgekeerd)" for i in reverse]
    grade_idx = len(headers) + 1
    headers += ["cijfer", "gewicht", "invloed totaal", "invloed eigen SPT"]
    headers += [f"{c} (gemaskeerd)" for c in text_cols]
    ws.append([sheet_cell(h) for h in headers])
    for c in ws[1]:
        c.font = bold

    spt_c = "B"
    raw_c = [_letter(3 + j) for j in range(len(items))]
    rev_c = {item: _letter(score_start + j) for j, item in enumerate(reverse)}
    score_c = [rev_c.get(item, raw_c[j]) for j, item in enumerate(items)]
    grade_c, w_c, z_c, zk_c = (_letter(grade_idx + j) for j in range(4))
    rng = {
        k: f"{RESP}!${c}${first}:${c}${max(last, first)}"
        for k, c in (("spt", spt_c), ("grade", grade_c), ("w", w_c), ("z", z_c), ("zk", zk_c))
    }
    local = {k: v.split("!", 1)[1] for k, v in rng.items()}
    spt_names = sorted({str(s) for s in df["spt"]}) if n_rows else []
    fig_first = 7
    spt_rows = {name: fig_first + i for i, name in enumerate(spt_names)}
    fig_last = fig_first + max(len(spt_names), 1) - 1
    k_cell = f"{FIG}!$B$1"
    overall_cell = f"{FIG}!$B$2"
    wsum_cell = f"{FIG}!$B$3"

    for r, (_, row) in enumerate(df.iterrows(), start=first):
        values: list[Any] = [
            sheet_cell(pseudonym(row["respondent_id"], key)),
            sheet_cell(str(row["spt"])),
        ]
        values += [_answer(row[i]) for i in items]
        for item in reverse:
            scale = codebook.scale_of(codebook.question(item))
            raw = f"{raw_c[items.index(item)]}{r}"
            values.append(f'=IF({raw}="","",{scale.minimum + scale.maximum}-{raw})')
        scores = ",".join(f"{c}{r}" for c in score_c)  # item order, as the analysis sums
        g = f"{grade_c}{r}"
        values.append(
            f'=IF(COUNT({scores})>={codebook.satisfaction.min_valid},AVERAGE({scores}),"")'
        )
        if per_figure:  # 1/(K_v n_kv) over the respondents with a grade; 0 for the others
            n_kv = f'COUNTIFS({local["spt"]},{spt_c}{r},{local["grade"]},">=0")'
            values.append(f'=IF({g}="",0,1/({k_cell}*{n_kv}))')
        else:
            values.append(f"=1/({k_cell}*COUNTIF({local['spt']},{spt_c}{r}))")
        values.append(f'=IF({g}="",0,{w_c}{r}*({g}-{overall_cell})/{wsum_cell})')
        own = f"MATCH({spt_c}{r},{FIG}!$A${fig_first}:$A${fig_last},0)"
        own_grade = f"INDEX({FIG}!$E${fig_first}:$E${fig_last},{own})"
        own_wsum = f"INDEX({FIG}!$D${fig_first}:$D${fig_last},{own})"
        values.append(f'=IF({g}="",0,{w_c}{r}*({g}-{own_grade})/{own_wsum})')
        for c in text_cols:
            text = row[c]
            values.append(
                sheet_cell(mask_text(str(text))) if isinstance(text, str) and text.strip() else None
            )
        ws.append(values)

    # ---- Cijfers ---------------------------------------------------------------------------
    fig["A1"] = "Aantal SPT's met respondenten (K)"
    k_col = "C" if per_figure else "B"  # per figure: SPTs with a grade
    fig["B1"] = f'=COUNTIF(${k_col}${fig_first}:${k_col}${fig_last},">0")'
    fig["A2"] = "Gewogen tevredenheidsscore (1-5), alle SPT's"
    fig["B2"] = f'=SUMPRODUCT({rng["w"]},{rng["grade"]})/SUMIFS({rng["w"]},{rng["grade"]},">=0")'
    fig["A3"] = "Som van de gewichten (respondenten met een cijfer)"
    fig["B3"] = f'=SUMIFS({rng["w"]},{rng["grade"]},">=0")'
    fig["A4"] = "Ongewogen aantal respondenten met een cijfer"
    fig["B4"] = f'=COUNTIF({rng["grade"]},">=0")'
    fig_headers = [
        "SPT",
        "n respondenten (n_k)",
        "n met cijfer",
        "som gewichten met cijfer",
        "gewogen cijfer",
    ]
    for j, text in enumerate(fig_headers, start=1):
        fig.cell(row=6, column=j, value=text).font = bold
    for name, r in spt_rows.items():
        fig[f"A{r}"] = sheet_cell(name)
        fig[f"B{r}"] = f"=COUNTIF({rng['spt']},$A{r})"
        fig[f"C{r}"] = f'=COUNTIFS({rng["spt"]},$A{r},{rng["grade"]},">=0")'
        fig[f"D{r}"] = f'=SUMIFS({rng["w"]},{rng["spt"]},$A{r},{rng["grade"]},">=0")'
        fig[f"E{r}"] = (
            f'=IF(C{r}=0,"",SUMPRODUCT(1*({rng["spt"]}=$A{r}),{rng["w"]},{rng["grade"]})/D{r})'
        )
    for cell in ("A1", "A2"):
        fig[cell].font = bold
    if results is not None:  # the Python figures beside the formulas, for the auditor's eye
        sat = results.satisfaction
        fig["C1"] = "results.json"
        fig["C2"] = sat.overall.estimate
        fig["D1"] = "verschil"
        fig["D2"] = '=IF(C2="","",B2-C2)'
        fig.cell(row=6, column=6, value="results.json").font = bold
        fig.cell(row=6, column=7, value="verschil").font = bold
        for name, r in spt_rows.items():
            spt = sat.by_spt.get(name)
            fig[f"F{r}"] = spt.estimate if spt is not None else None
            fig[f"G{r}"] = f'=IF(OR(E{r}="",F{r}=""),"",E{r}-F{r})'

    # ---- Standaardfout ---------------------------------------------------------------------
    # the fpc the analysis used: known invited counts only (results.json's parameters.fpc)
    invited = register.invited() if design.fpc == "invited" else {}
    if results is not None:
        invited = dict(results.parameters.fpc.get("by_spt") or {}) if design.fpc else {}
    se_headers = [
        "SPT (stratum)",
        "n_h respondenten",
        "N_h uitgenodigd",
        "f_h = n_h / N_h",
        "schaal",
        "aanwezig",
        "centrum totaal",
        "kwadratensom totaal",
        "bijdrage totaal",
        "centrum eigen SPT",
        "kwadratensom eigen SPT",
        "variantie eigen SPT",
        "standaardfout eigen SPT",
        "df stratum",
        "bijdrage^2 / df",
    ]
    for j, text in enumerate(se_headers, start=1):
        se.cell(row=6, column=j, value=text).font = bold

    for name, r in spt_rows.items():
        se[f"A{r}"] = sheet_cell(name)
        se[f"B{r}"] = f"=COUNTIF({rng['spt']},$A{r})"
        if per_figure:  # the grade's design: the respondents with a grade
            se[f"B{r}"] = f'=COUNTIFS({rng["spt"]},$A{r},{rng["grade"]},">=0")'
        se[f"C{r}"] = invited.get(name)
        # no fpc where the invited count is unknown or below the respondents (as the analysis)
        se[f"D{r}"] = f'=IF(C{r}="",0,IF(C{r}>=B{r},B{r}/C{r},0))'
        se[f"E{r}"] = _scale_formula(rule, f"B{r}", f"D{r}")
        se[f"F{r}"] = f'=IF(COUNTIFS({rng["spt"]},$A{r},{rng["grade"]},">=0")>0,1,0)'
        centre = "0" if rule == "adjust" else f"SUMIF({rng['spt']},$A{r},{rng['z']})/B{r}"
        se[f"G{r}"] = f"=IF(B{r}>1,SUMIF({rng['spt']},$A{r},{rng['z']})/B{r},{centre})"
        rows = f"({rng['spt']}=$A{r})" + (f'*({rng["grade"]}<>"")' if per_figure else "")
        se[f"H{r}"] = f"=SUMPRODUCT({rows}*({rng['z']}-G{r})^2)"
        se[f"I{r}"] = f"=F{r}*E{r}*H{r}"
        centre_k = "0" if rule == "adjust" else f"SUMIF({rng['spt']},$A{r},{rng['zk']})/B{r}"
        se[f"J{r}"] = f"=IF(B{r}>1,SUMIF({rng['spt']},$A{r},{rng['zk']})/B{r},{centre_k})"
        se[f"K{r}"] = f"=SUMPRODUCT({rows}*({rng['zk']}-J{r})^2)"
        se[f"L{r}"] = f"=F{r}*E{r}*K{r}"
        se[f"M{r}"] = f"=SQRT(L{r})"
        se[f"N{r}"] = f"=MAX(B{r}-1,1)"  # the stratum's df (a lonely one counts 1)
        se[f"O{r}"] = f"=I{r}^2/N{r}"
    se["A1"] = "Variantie gewogen tevredenheidsscore, alle SPT's"
    if rule == "average":
        present = f"SUM($F${fig_first}:$F${fig_last})"
        with_var = f'COUNTIFS($F${fig_first}:$F${fig_last},1,$B${fig_first}:$B${fig_last},">1")'
        se["B1"] = f"=SUM($I${fig_first}:$I${fig_last})*{present}/{with_var}"
    else:
        se["B1"] = f"=SUM($I${fig_first}:$I${fig_last})"
    se["A2"] = "Standaardfout gewogen tevredenheidsscore, alle SPT's"
    se["B2"] = "=SQRT(B1)"
    se["D1"] = "Effectieve vrijheidsgraden (Satterthwaite): (Σ bijdrage)^2 / Σ(bijdrage^2 / df)"
    se["E1"] = f'=IF(B1>0,B1^2/SUM($O${fig_first}:$O${fig_last}),"")'
    se["D2"] = "Vrijheidsgraden van het ontwerp (respondenten min SPT's, R degf)"
    se["E2"] = f'=SUM($B${fig_first}:$B${fig_last})-COUNTIF($B${fig_first}:$B${fig_last},">0")'
    if results is not None:
        se["D3"] = "results.json: effectieve df / df ontwerp"
        se["E3"] = results.satisfaction.overall.df
        se["F3"] = results.satisfaction.overall.df_design
    for cell in ("A1", "A2", "D1", "D2"):
        se[cell].font = bold
    se["A4"] = (
        f"Ontwerp: SPT als stratum, elke respondent een eigen eenheid, eindige-populatiecorrectie "
        f"met het aantal uitgenodigden ({'ja' if invited else 'nee'}), regel voor een stratum met "
        f"één respondent: '{rule}'. V = som over strata van schaal x som (invloed - centrum)^2."
    )

    # ---- Toelichting -----------------------------------------------------------------------
    lines = [
        f"Auditwerkmap {settings.year}: VERTROUWELIJK, niet openbaar maken.",
        "Niets is onderdrukt: ook SPT's met minder dan het minimum aantal respondenten staan erin.",
        "Respondentnummers zijn vervangen door een pseudoniem (sleutel-gebaseerde hash); "
        "namen, e-mailadressen en telefoonnummers in vrije tekst zijn gemaskeerd.",
        "",
        f"Blad {RESP}: de antwoorden (1 = helemaal mee oneens ... 5 = helemaal mee eens; leeg = "
        "ontbrekend of 'weet niet'), de scores (omgekeerde stelling als 6 - antwoord), het cijfer "
        f"(gemiddelde van de scores bij minstens {codebook.satisfaction.min_valid} geldige scores) "
        + (
            "en het gewicht 1 / (K x n_k): K SPT's met een cijfer, n_k respondenten van het SPT "
            "met een cijfer (weging per cijfer, zoals de analyse).",
            "en het gewicht 1 / (K x n_k): K SPT's met respondenten, n_k geldige respondenten van "
            "het SPT (zoals de analyse: ook wie geen cijfer heeft telt mee in n_k; het gewogen "
            "cijfer deelt door de som van de gewichten van wie wel een cijfer heeft).",
        )[0 if per_figure else 1],
        f"Blad {FIG}: de gewogen tevredenheidsscore, totaal en per SPT (SUMPRODUCT-formules).",
        f"Blad {SE_SHEET}: de standaardfout volgens het steekproefontwerp "
        "(Taylor-linearisering, zoals R survey), totaal en per SPT.",
        "",
        "Alle cijfers zijn formules: wijzig een antwoord en alles rekent mee.",
        f"Codeboek versie {codebook.version}, SHA-256 invoer "
        f"{getattr(intake, 'source_sha256', '') or 'onbekend'}.",
    ]
    for i, line in enumerate(lines, start=1):
        note.cell(row=i, column=1, value=line)
    note["A1"].font = bold

    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_reproducibly(wb, out)
    return WorkbookLayout(
        first_row=first,
        last_row=last,
        spt_col=spt_c,
        grade_col=grade_c,
        weight_col=w_c,
        overall_cell="B2",
        spt_rows=spt_rows,
        grade_col_fig="E",
        se_overall_cell="B2",
        se_col="M",
    )
