"""regions.json and regions.xlsx."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.dutch import round_half_up
from evaluation.inputs.labour_market import DEVELOPMENT_CLASSES, SECTOR_LABELS, SECTORS
from evaluation.privacy import neutralise_cell
from evaluation.regions.benchmark import Benchmark
from evaluation.regions.clusters import ClusterResult, Clusters, unclustered
from evaluation.regions.rules import rule_texts
from evaluation.regions.survey_join import SurveyJoin
from evaluation.writers import save_reproducibly


def to_json(
    bench: Benchmark,
    cluster_results: list[ClusterResult],
    clusters: Clusters,
    survey: SurveyJoin | None = None,
) -> str:
    """Stable JSON of the whole benchmark (sorted keys, numbers as numbers)."""
    payload = {
        "bron": {
            "regiobestand": Path(bench.source_path).name,
            "regiobestand_sha256": bench.source_sha256,
            "clusterbestand": Path(clusters.source_path).name,
            "clusterbestand_sha256": clusters.source_sha256,
        },
        "regels": bench.rules.model_dump(),
        "nederland": bench.national.model_dump(),
        "regios": [r.model_dump() for r in bench.regions],
        "spts": [s.model_dump() for s in bench.spts],
        "clusters": [c.model_dump() for c in cluster_results],
        "buiten_cluster": unclustered(bench, clusters),
        "opmerkingen": bench.notes,
        "enquete": survey.model_dump() if survey else None,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True)


def write_xlsx(
    bench: Benchmark,
    cluster_results: list[ClusterResult],
    path: str | Path,
    survey: SurveyJoin | None = None,
) -> None:
    """Workbook with Dutch headers; numbers stay numbers (shares in %, sizes in jobs)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Regio's"
    labels = rule_texts(bench.rules)
    year = data_year(bench.source_path)
    header = [
        "Regio",
        "Rang omvang",
        f"Omvang techniek {year} (banen)",
        "Rang aandeel",
        f"Aandeel techniek {year} (%)",
        *[f"{SECTOR_LABELS[s]} (%)" for s in SECTORS],
        "Ontwikkeling 2012-2014",
        "Dominante sector",
        "Sectorprofiel",
        "SPT",
        "Signalen",
    ]
    if survey:
        header += ["Tevredenheid (cijfer)", "n respondenten"]
    ws.append(header)
    for r in bench.regions:
        row = [
            r.regio,
            r.rang_omvang,
            r.omvang_techniek,
            r.rang_aandeel,
            r.aandeel_techniek,
            *[r.sectoren[s] for s in SECTORS],
            r.ontwikkeling,
            SECTOR_LABELS[r.dominante_sector],
            ", ".join(SECTOR_LABELS[s] for s in r.profielsectoren),
            r.spt_naam or ("ja" if r.spt else "nee"),
            "; ".join(labels[f][0] for f in r.vlaggen),
        ]
        if survey:
            s = survey.spts.get(r.spt_naam) if r.spt_naam else None
            row += [
                (
                    round_half_up(s.grade, 1)
                    if s and s.grade is not None
                    else (s.grade_text if s else None)  # "x" from the one printing helper
                ),
                s.n if s else None,
            ]
        ws.append(row)
    n = bench.national
    ws.append(
        [
            n.regio,
            None,
            n.omvang_techniek,
            None,
            n.aandeel_techniek,
            *n.shares().values(),
            n.ontwikkeling,
            None,
            None,
            None,
            None,
        ]
    )
    cs = wb.create_sheet("Clusters")
    cs.append(
        [
            "Cluster",
            "Regio's",
            "Omvang techniek (banen)",
            "Aandeel techniek (%, benadering)",
            *[f"{SECTOR_LABELS[s]} (%)" for s in SECTORS],
            "Regio's met SPT",
            "Regio's zonder SPT",
        ]
    )
    for c in cluster_results:
        cs.append(
            [
                c.naam,
                ", ".join(c.regios),
                c.omvang_techniek,
                round(c.aandeel_techniek, 1),
                *[round(c.sectoren[s], 1) for s in SECTORS],
                ", ".join(c.met_spt),
                ", ".join(c.zonder_spt),
            ]
        )
    ss = wb.create_sheet("SPT's")
    ss.append(["SPT", "Regio's", "Omvang techniek (banen)", "Mogelijk te klein"])
    for s in bench.spts:
        ss.append([s.spt, ", ".join(s.regios), s.omvang_techniek, "ja" if s.te_klein else "nee"])
    if survey:
        es = wb.create_sheet("Enquête")
        es.append(
            [
                "SPT",
                "n respondenten",
                "Tevredenheid (cijfer)",
                "Positie",
                "Type",
                "Mate van activiteit",
            ]
        )
        for s in survey.spts.values():
            es.append(
                [
                    s.spt,
                    s.n,
                    round_half_up(s.grade, 1) if s.grade is not None else s.grade_text,
                    s.band or "",
                    s.type or "",
                    s.activity_level,
                ]
            )
    rs = wb.create_sheet("Regels")
    rs.append(["Signaal", "Regel"])
    for label, text in labels.values():
        rs.append([label, text])
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for col in sheet.columns:
            width = max(len(str(c.value or "")) for c in col)
            sheet.column_dimensions[col[0].column_letter].width = min(max(width + 2, 10), 60)
    for sheet in wb.worksheets:  # names and notes come from user files: no formulas
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value not in DEVELOPMENT_CLASSES:
                    cell.value = neutralise_cell(cell.value)
    save_reproducibly(wb, path)


def data_year(source_path: str) -> str:
    """The reference year named in the data file's name (regions_2014.csv -> '2014')."""
    import re

    found = re.findall(r"(?<!\d)(20\d\d)(?!\d)", Path(source_path).name)
    return found[-1] if found else "peiljaar"
