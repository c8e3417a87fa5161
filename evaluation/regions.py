"""Labour-market region benchmark for kwartiermakers (chapter 4.3 and table 5.5 of the 2015 report).

Loads technical employment per UWV labour-market region (LISA figures), validates the file,
ranks regions, applies the flag rules of `RegionRules`, summarises clusters of regions, and joins
survey results per SPT to the regions it covers. Plain data in, Pydantic models out.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evaluation.codebook import normalise
from evaluation.dutch import SUPPRESSED, number, round_half_up
from evaluation.errors import InputError
from evaluation.privacy import neutralise_cell
from evaluation.register import Register
from evaluation.writers import save_reproducibly
from evaluation.yamlfile import os_reason, read_yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "surveys" / "labour_market" / "regions_2014.csv"
DEFAULT_CLUSTERS = ROOT / "surveys" / "labour_market" / "clusters_2015.yaml"

SECTORS = ("me", "i", "pt", "b", "mvt")
SECTOR_LABELS = {
    "me": "Metalektro",
    "i": "Installatietechniek",
    "pt": "Procestechniek",
    "b": "Bouw",
    "mvt": "Motorvoertuigentechniek",
}
SECTOR_SHORT = {"me": "Me", "i": "I", "pt": "Pt", "b": "B", "mvt": "Mvt"}  # table 5.5 headers
# Development of technical employment 2012-2014 (footnote *** of table 5.5): class -> the range
# in %, in the footnote's order (from the smallest to the largest decline).
DEVELOPMENT_CLASSES = {"-": (-2.5, -3.0), "--": (-3.5, -7.6), "---": (-8.2, -10.6)}
NATIONAL = "NEDERLAND"
COLUMNS = (
    "regio",
    *SECTORS,
    "ontwikkeling",
    "aandeel_techniek",
    "omvang_techniek",
    "spt",
    "opmerking",
)
SHARE_TOLERANCE = 1.0  # sector shares are rounded to whole percents in table 5.5
YES = {"ja", "j", "yes", "1", "true", "*"}
NO = {"nee", "n", "no", "0", "false"}
NOT_APPLICABLE = {"", "nvt", "n.v.t.", "-"}


# --------------------------------------------------------------------------- schema and loading


class RegionRow(BaseModel):
    """One row of table 5.5: a labour-market region (or the national total)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    regio: str = Field(min_length=1)
    me: float = Field(ge=0, le=100)
    i: float = Field(ge=0, le=100)
    pt: float = Field(ge=0, le=100)
    b: float = Field(ge=0, le=100)
    mvt: float = Field(ge=0, le=100)
    ontwikkeling: str
    aandeel_techniek: float = Field(gt=0, le=100)
    omvang_techniek: int = Field(gt=0)
    spt: bool | None = None
    opmerking: str = ""

    @property
    def is_national(self) -> bool:
        return normalise(self.regio) == normalise(NATIONAL)

    def shares(self) -> dict[str, float]:
        return {s: getattr(self, s) for s in SECTORS}


class RegionData(BaseModel):
    """A validated region file: the regions, the national row and where it came from."""

    model_config = ConfigDict(frozen=True)

    regions: list[RegionRow]
    national: RegionRow
    source_path: str
    source_sha256: str

    def get(self, name: str) -> RegionRow:
        for r in self.regions:
            if r.regio == name:
                return r
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [r.regio for r in self.regions]


def _fail(path: Path, row: int | None, name: str, column: str, reason: str) -> InputError:
    where = f"rij {row}" + (f" ({name})" if name else "") if row is not None else "kopregel"
    col = f", kolom '{column}'" if column else ""
    return InputError(f"regiobestand '{path}', {where}{col}: {reason}")


def _parse_number(text: str, integer: bool) -> float | int:
    """Read '53', '53%', '12,5', '19.078' (Dutch thousands) or '19078'; ValueError otherwise."""
    t = text.strip().replace("%", "").replace(" ", "").replace("\u2212", "-")
    if not t:
        raise ValueError("leeg")
    if integer:
        t = t.replace(".", "")
        return int(t)
    return float(t.replace(",", "."))


def _parse_yes_no(text: str) -> bool | None:
    t = text.strip().lower()
    if t in YES:
        return True
    if t in NO:
        return False
    if t in NOT_APPLICABLE:
        return None
    raise ValueError(f"'{text}' is geen ja of nee")


def _read_rows(path: Path) -> tuple[list[str], list[list[str]], str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"regiobestand '{path}' kan niet worden gelezen: {os_reason(exc)}"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    if not rows:
        raise InputError(f"regiobestand '{path}' is leeg")
    header = [h.strip().lower() for h in rows[0]]
    return header, rows[1:], hashlib.sha256(raw).hexdigest()


def load_regions(path: str | Path | None = None) -> RegionData:
    """Read and validate a whole region file; InputError names row, column and reason."""
    p = Path(path) if path is not None else DEFAULT_DATA
    header, body, sha = _read_rows(p)
    required = [c for c in COLUMNS if c != "opmerking"]
    for col in required:
        if col not in header:
            raise _fail(p, None, "", col, f"kolom ontbreekt (verwacht: {', '.join(COLUMNS)})")
    index = {c: header.index(c) for c in COLUMNS if c in header}
    rows: list[RegionRow] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(body, start=1):
        if not any(cell.strip() for cell in raw):
            continue
        cells = {c: (raw[i].strip() if i < len(raw) else "") for c, i in index.items()}
        name = cells["regio"]
        values: dict[str, object] = {"regio": name, "opmerking": cells.get("opmerking", "")}
        for col in (*SECTORS, "aandeel_techniek", "omvang_techniek"):
            try:
                values[col] = _parse_number(cells[col], integer=col == "omvang_techniek")
            except ValueError:
                raise _fail(p, n, name, col, f"'{cells[col]}' is geen getal") from None
        try:
            values["spt"] = _parse_yes_no(cells["spt"])
        except ValueError as exc:
            raise _fail(p, n, name, "spt", str(exc)) from None
        klass = cells["ontwikkeling"].replace(" ", "").replace("\u2013", "-")
        if klass not in DEVELOPMENT_CLASSES:
            known = ", ".join(f"'{k}'" for k in DEVELOPMENT_CLASSES)
            raise _fail(p, n, name, "ontwikkeling", f"onbekende klasse '{klass}' (bekend: {known})")
        values["ontwikkeling"] = klass
        try:
            row = RegionRow.model_validate(values)
        except ValidationError as exc:
            err = exc.errors()[0]
            col = str(err["loc"][0]) if err["loc"] else ""
            raise _fail(p, n, name, col, _dutch_reason(err)) from None
        total = sum(row.shares().values())
        if abs(total - 100) > SHARE_TOLERANCE:
            raise _fail(
                p,
                n,
                name,
                "me, i, pt, b, mvt",
                f"sectoraandelen tellen op tot {number(total, 0 if total.is_integer() else 1)}% "
                f"in plaats van 100% "
                f"(marge {number(SHARE_TOLERANCE, 0)} procentpunt)",
            )
        key = normalise(name)
        if key in seen:
            raise _fail(p, n, name, "regio", f"regio komt dubbel voor (ook in rij {seen[key]})")
        seen[key] = n
        if not row.is_national and row.spt is None:
            raise _fail(p, n, name, "spt", "vul 'ja' of 'nee' in")
        rows.append(row)
    national = [r for r in rows if r.is_national]
    if len(national) != 1:
        raise InputError(
            f"regiobestand '{p}': verwacht precies één landelijke rij '{NATIONAL}', "
            f"gevonden {len(national)}"
        )
    regions = [r for r in rows if not r.is_national]
    if not regions:
        raise InputError(f"regiobestand '{p}' bevat geen regio's")
    return RegionData(regions=regions, national=national[0], source_path=str(p), source_sha256=sha)


def _dutch_reason(err: Mapping) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "greater_than":
        return f"moet groter zijn dan {ctx.get('gt')}"
    if kind == "greater_than_equal":
        return f"mag niet kleiner zijn dan {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"mag niet groter zijn dan {ctx.get('le')}"
    if kind == "string_too_short":
        return "naam ontbreekt"
    if kind == "too_short":
        return "de lijst is leeg"
    if kind == "missing":
        return "ontbreekt"
    if kind == "extra_forbidden":
        return "onbekende sleutel"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return "verkeerd soort waarde"
    return "ongeldige waarde"


# --------------------------------------------------------------------------- rules


class RegionRules(BaseModel):
    """The flag rules; every threshold is a setting, printed in the report with its value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    small_size: int = Field(default=15_000, gt=0, description="'mogelijk te klein' onder dit")
    large_top_n: int = Field(default=3, ge=0, description="N grootste regio's zonder SPT")
    large_min_size: int | None = Field(default=None, gt=0, description="of minstens zoveel banen")
    decline_classes: list[str] = Field(default_factory=lambda: ["---"])
    high_share: float = Field(default=15.0, gt=0, le=100, description="aandeel techniek in %")
    profile_ratio: float = Field(default=1.5, gt=1, description="x landelijk sectoraandeel")
    profile_min_points: float = Field(default=5.0, ge=0, description="en minstens zoveel %-punt")


def load_rules(path: str | Path | None = None, **overrides: object) -> RegionRules:
    """Rules from an optional YAML file, then keyword overrides; defaults otherwise."""
    raw: dict = {}
    if path is not None:
        p = Path(path)
        raw, _ = read_yaml(p, "regelbestand", "lijst 'naam: waarde'", empty_ok=True)
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        rules = RegionRules.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise InputError(f"regel '{where}' ongeldig: {_dutch_reason(err)}") from None
    unknown = [c for c in rules.decline_classes if c not in DEVELOPMENT_CLASSES]
    if unknown:
        raise InputError(f"regel 'decline_classes' kent klasse '{unknown[0]}' niet")
    return rules


def rule_texts(rules: RegionRules) -> dict[str, tuple[str, str]]:
    """Flag code -> (Dutch label, the rule spelled out with its current setting)."""
    large = f"een van de {rules.large_top_n} grootste regio's zonder SPT"
    if rules.large_min_size:
        large += f", of zonder SPT en minstens {number(rules.large_min_size, 0)} technische banen"
    classes = ", ".join(f"'{c}'" for c in rules.decline_classes)
    ranges = "; ".join(
        f"'{c}' = {number(start, 1)}% tot {number(end, 1)}%"
        for c, (start, end) in DEVELOPMENT_CLASSES.items()
        if c in rules.decline_classes
    )
    return {
        "groot_zonder_spt": (
            "grote regio zonder SPT",
            f"De regio is nog niet bij een SPT betrokken en is {large} "
            "(gemeten in technische werkgelegenheid 2014).",
        ),
        "te_klein": (
            "mogelijk te klein voor een zelfstandig SPT",
            f"Technische werkgelegenheid onder {number(rules.small_size, 0)} banen.",
        ),
        "sterke_daling": (
            "sterke daling",
            f"Ontwikkelingsklasse 2012-2014 is {classes} ({ranges}).",
        ),
        "techniek_relatief_groot": (
            "techniek relatief groot",
            f"De geselecteerde technische sectoren hebben minstens "
            f"{number(rules.high_share, 0)}% van alle werkgelegenheid in de regio.",
        ),
        "sectorprofiel": (
            "uitgesproken sectorprofiel",
            f"Een sector heeft minstens {number(rules.profile_ratio, 1)} keer het landelijke "
            f"aandeel én ligt minstens {number(rules.profile_min_points, 0)} procentpunt "
            "daarboven.",
        ),
    }


# --------------------------------------------------------------------------- benchmark


class RegionResult(BaseModel):
    """A region with its ranks, sector profile, SPT coverage and flags."""

    model_config = ConfigDict(frozen=True)

    regio: str
    omvang_techniek: int
    aandeel_techniek: float
    ontwikkeling: str
    sectoren: dict[str, float]
    spt: bool
    spt_naam: str | None
    rang_omvang: int
    rang_aandeel: int
    dominante_sector: str
    profielsectoren: list[str]
    vlaggen: list[str]
    opmerking: str = ""


class SptCoverage(BaseModel):
    """An SPT with the regions it covers and their combined technical employment."""

    model_config = ConfigDict(frozen=True)

    spt: str
    regios: list[str]
    omvang_techniek: int
    te_klein: bool


class Benchmark(BaseModel):
    model_config = ConfigDict(frozen=True)

    regions: list[RegionResult]
    national: RegionRow
    spts: list[SptCoverage]
    rules: RegionRules
    notes: list[str]
    source_path: str
    source_sha256: str

    def get(self, name: str) -> RegionResult:
        for r in self.regions:
            if r.regio == name:
                return r
        raise KeyError(name)

    def flagged(self, code: str) -> list[str]:
        """Region names carrying a flag, largest first."""
        return [r.regio for r in self.regions if code in r.vlaggen]


def _ranks(values: dict[str, float]) -> dict[str, int]:
    """Competition ranking, largest first: ties share the best rank (1, 2, 2, 4)."""
    ordered = sorted(values.values(), reverse=True)
    return {k: ordered.index(v) + 1 for k, v in values.items()}


def region_spt_map(data: RegionData, register: Register | None) -> tuple[dict[str, str], list[str]]:
    """Region -> SPT name from the register's `regions` lists, plus notes on mismatches.

    A region named in the register but missing from the data file is an error: the register
    and the data must speak of the same regions.
    """
    mapping: dict[str, str] = {}
    notes: list[str] = []
    if register is None:
        return mapping, notes
    lookup = {normalise(n): n for n in data.names}
    for sp in register.service_points:
        for name in sp.regions:
            canonical = lookup.get(normalise(name))
            if canonical is None:
                raise InputError(
                    f"SPT '{sp.name}' noemt regio '{name}', die niet in het regiobestand staat"
                    + _suggest(name, data.names)
                )
            if canonical in mapping:
                raise InputError(
                    f"regio '{canonical}' hoort bij twee SPT's: {mapping[canonical]} en {sp.name}"
                )
            mapping[canonical] = sp.name
    for r in data.regions:
        if r.spt and r.regio not in mapping:
            notes.append(
                f"{r.regio} is in het regiobestand bij een SPT betrokken, "
                "maar geen SPT in het register noemt deze regio."
            )
        if not r.spt and r.regio in mapping:
            notes.append(
                f"{r.regio} staat in het register bij SPT {mapping[r.regio]}, "
                "maar is in het regiobestand niet als SPT-regio gemarkeerd."
            )
    return mapping, notes


def _suggest(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return f" (bedoelt u '{close[0]}'?)" if close else ""


def benchmark(
    data: RegionData, rules: RegionRules | None = None, register: Register | None = None
) -> Benchmark:
    """Ranks, sector profile and flags for every region; SPT totals from the register."""
    rules = rules or RegionRules()
    spt_of, notes = region_spt_map(data, register)
    sizes = {r.regio: r.omvang_techniek for r in data.regions}
    size_rank = _ranks(sizes)
    share_rank = _ranks({r.regio: r.aandeel_techniek for r in data.regions})
    covered = {r.regio: bool(r.spt) or r.regio in spt_of for r in data.regions}
    uncovered_rank = _ranks({k: v for k, v in sizes.items() if not covered[k]})
    nat = data.national.shares()
    results = []
    for r in sorted(data.regions, key=lambda r: (size_rank[r.regio], r.regio)):
        shares = r.shares()
        dominant = max(SECTORS, key=lambda s: (shares[s], -SECTORS.index(s)))
        profile = [
            s
            for s in SECTORS
            if shares[s] >= rules.profile_ratio * nat[s]
            and shares[s] - nat[s] >= rules.profile_min_points
        ]
        flags = []
        if not covered[r.regio] and (
            uncovered_rank[r.regio] <= rules.large_top_n
            or (rules.large_min_size is not None and r.omvang_techniek >= rules.large_min_size)
        ):
            flags.append("groot_zonder_spt")
        if r.omvang_techniek < rules.small_size:
            flags.append("te_klein")
        if r.ontwikkeling in rules.decline_classes:
            flags.append("sterke_daling")
        if r.aandeel_techniek >= rules.high_share:
            flags.append("techniek_relatief_groot")
        if profile:
            flags.append("sectorprofiel")
        results.append(
            RegionResult(
                regio=r.regio,
                omvang_techniek=r.omvang_techniek,
                aandeel_techniek=r.aandeel_techniek,
                ontwikkeling=r.ontwikkeling,
                sectoren=shares,
                spt=covered[r.regio],
                spt_naam=spt_of.get(r.regio),
                rang_omvang=size_rank[r.regio],
                rang_aandeel=share_rank[r.regio],
                dominante_sector=dominant,
                profielsectoren=profile,
                vlaggen=flags,
                opmerking=r.opmerking,
            )
        )
    spts = []
    if register is not None:
        for sp in register.service_points:
            regs = [n for n, s in spt_of.items() if s == sp.name]
            total = sum(sizes[n] for n in regs)
            spts.append(
                SptCoverage(
                    spt=sp.name,
                    regios=sorted(regs, key=lambda n: -sizes[n]),
                    omvang_techniek=total,
                    te_klein=bool(regs) and total < rules.small_size,
                )
            )
        spts.sort(key=lambda s: (-s.omvang_techniek, s.spt))
    region_total = sum(sizes.values())
    if region_total != data.national.omvang_techniek:
        notes.append(
            f"De regio's tellen op tot {number(region_total, 0)} technische banen; de landelijke "
            f"rij noemt {number(data.national.omvang_techniek, 0)}."
        )
    return Benchmark(
        regions=results,
        national=data.national,
        spts=spts,
        rules=rules,
        notes=notes,
        source_path=data.source_path,
        source_sha256=data.source_sha256,
    )


# --------------------------------------------------------------------------- clusters


class ClusterDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    regions: list[str] = Field(min_length=1)
    toelichting: str = ""


class ClusterFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = ""
    clusters: list[ClusterDef] = Field(min_length=1)


class ClusterResult(BaseModel):
    """A cluster: combined technical employment, employment-weighted profile, SPT coverage."""

    model_config = ConfigDict(frozen=True)

    naam: str
    regios: list[str]
    toelichting: str
    omvang_techniek: int
    sectoren: dict[str, float]
    aandeel_techniek: float
    met_spt: list[str]
    zonder_spt: list[str]
    spts: list[str]


class Clusters(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    clusters: list[ClusterDef]
    source_path: str
    source_sha256: str


def load_clusters(path: str | Path | None, data: RegionData) -> Clusters:
    """Read a cluster file and check every region exists in the data and sits in one cluster."""
    p = Path(path) if path is not None else DEFAULT_CLUSTERS
    raw, raw_bytes = read_yaml(p, "clusterbestand", "'clusters:'-lijst")
    try:
        parsed = ClusterFile.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise InputError(
            f"clusterbestand '{p}' ongeldig bij {where}: {_dutch_reason(err)}"
        ) from None
    lookup = {normalise(n): n for n in data.names}
    owner: dict[str, str] = {}
    clusters = []
    for c in parsed.clusters:
        canonical = []
        for name in c.regions:
            hit = lookup.get(normalise(name))
            if hit is None:
                raise InputError(
                    f"clusterbestand '{p}', cluster '{c.name}': regio '{name}' staat niet in "
                    f"het regiobestand" + _suggest(name, data.names)
                )
            if hit in owner:
                raise InputError(
                    f"clusterbestand '{p}': regio '{hit}' staat in twee clusters "
                    f"('{owner[hit]}' en '{c.name}')"
                )
            owner[hit] = c.name
            canonical.append(hit)
        clusters.append(ClusterDef(name=c.name, regions=canonical, toelichting=c.toelichting))
    return Clusters(
        source=parsed.source,
        clusters=clusters,
        source_path=str(p),
        source_sha256=hashlib.sha256(raw_bytes).hexdigest(),
    )


def summarise_clusters(bench: Benchmark, clusters: Clusters) -> list[ClusterResult]:
    """Combined size, employment-weighted sector profile and (approximate) technical share.

    The technical share of a cluster divides its technical jobs by the total jobs implied by each
    region's rounded share (omvang / aandeel), so it is an approximation.
    """
    out = []
    for c in clusters.clusters:
        rows = [bench.get(n) for n in c.regions]
        total = sum(r.omvang_techniek for r in rows)
        profile = {s: sum(r.sectoren[s] * r.omvang_techniek for r in rows) / total for s in SECTORS}
        all_jobs = sum(r.omvang_techniek / (r.aandeel_techniek / 100) for r in rows)
        spts = sorted({r.spt_naam for r in rows if r.spt_naam})
        out.append(
            ClusterResult(
                naam=c.name,
                regios=list(c.regions),
                toelichting=c.toelichting,
                omvang_techniek=total,
                sectoren=profile,
                aandeel_techniek=100 * total / all_jobs,
                met_spt=[r.regio for r in rows if r.spt],
                zonder_spt=[r.regio for r in rows if not r.spt],
                spts=spts,
            )
        )
    return out


def unclustered(bench: Benchmark, clusters: Clusters) -> list[str]:
    """Regions in no cluster, largest first."""
    inside = {n for c in clusters.clusters for n in c.regions}
    return [r.regio for r in bench.regions if r.regio not in inside]


# --------------------------------------------------------------------------- survey join


class SptSurvey(BaseModel):
    """Survey figures of one SPT as published: the grade is None (shown 'x') below min_n."""

    model_config = ConfigDict(frozen=True)

    spt: str
    n: int
    cijfer: float | None
    cijfer_tekst: str
    band: str | None
    type: str | None
    mate_activiteit: int | None
    onderdrukt: bool


class SurveyJoin(BaseModel):
    model_config = ConfigDict(frozen=True)

    min_n: int
    spts: dict[str, SptSurvey]
    regions: dict[str, str | None]  # region -> SPT name (None: no SPT)
    clusters: dict[str, list[str]]  # cluster -> SPT names with survey figures


def join_survey(
    bench: Benchmark,
    cluster_results: list[ClusterResult],
    spt_results: Mapping[str, Mapping],
    min_n: int,
) -> SurveyJoin:
    """Attach each SPT's grade, band, type and activity level to its regions and clusters.

    `spt_results` maps SPT name -> {grade, n, band, type, activity_level}. A grade resting on
    fewer than `min_n` respondents is suppressed (and so is its band, which would reveal it).
    """
    spts: dict[str, SptSurvey] = {}
    for name, res in spt_results.items():
        n = int(res.get("n") or 0)
        grade = res.get("grade")
        hide = n < min_n
        spts[name] = SptSurvey(
            spt=name,
            n=n,
            cijfer=None if hide or grade is None else float(grade),
            cijfer_tekst=SUPPRESSED if hide else number(grade, 1),
            band=None if hide else res.get("band"),
            type=res.get("type"),
            mate_activiteit=res.get("activity_level"),
            onderdrukt=hide,
        )
    regions = {r.regio: r.spt_naam for r in bench.regions}
    clusters = {c.naam: [s for s in c.spts if s in spts] for c in cluster_results}
    return SurveyJoin(min_n=min_n, spts=spts, regions=regions, clusters=clusters)


def spt_results_from(
    results: Mapping, register: Register, types: Mapping[str, str]
) -> dict[str, dict]:
    """Build the join input from an analysis Results dump (satisfaction.by_spt) and the register.

    `types` maps SPT name -> its type (the annual report's appendix-2 type rule).
    """
    by_spt = ((results.get("satisfaction") or {}).get("by_spt")) or {}
    out = {}
    for sp in register.service_points:
        cell = by_spt.get(sp.name) or {}
        out[sp.name] = {
            "grade": cell.get("estimate"),
            "n": cell.get("n") or 0,
            "band": cell.get("band"),
            "type": types.get(sp.name),
            "activity_level": sp.activity_level,
        }
    return out


# --------------------------------------------------------------------------- output


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
                    round_half_up(s.cijfer, 1)
                    if s and s.cijfer is not None
                    else (SUPPRESSED if s else None)
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
                    round_half_up(s.cijfer, 1) if s.cijfer is not None else SUPPRESSED,
                    s.band or "",
                    s.type or "",
                    s.mate_activiteit,
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


def flag_summary(bench: Benchmark) -> list[dict]:
    """Each flag with its Dutch label, its rule spelled out and the regions it applies to."""
    return [
        {"code": code, "label": label, "rule": rule, "regions": bench.flagged(code)}
        for code, (label, rule) in rule_texts(bench.rules).items()
    ]


def highlights(bench: Benchmark) -> list[str]:
    """The chapter-4.3 style findings, generated from the flags and ranks (Dutch)."""

    def listed(rows: list[RegionResult], key: str = "omvang") -> str:
        if key == "omvang":
            return ", ".join(f"{r.regio} ({number(r.omvang_techniek, 0)})" for r in rows)
        return ", ".join(f"{r.regio} ({number(r.aandeel_techniek, 0)}%)" for r in rows)

    out = []
    top = [r for r in bench.regions if r.rang_omvang <= 3]
    with_spt = sum(r.spt for r in top)
    out.append(
        f"Grootste technische werkgelegenheid: {listed(top)}; "
        + (
            "alle drie al bij een SPT betrokken."
            if with_spt == len(top) == 3
            else f"{with_spt} van de {len(top)} al bij een SPT betrokken."
        )
    )
    big = [bench.get(n) for n in bench.flagged("groot_zonder_spt")]
    if big:
        out.append(f"Grootste regio's zonder SPT: {listed(big)}.")
    share = sorted(
        (bench.get(n) for n in bench.flagged("techniek_relatief_groot")),
        key=lambda r: (r.rang_aandeel, r.regio),
    )
    if share:
        out.append(f"Techniek relatief groot: {listed(share, 'aandeel')}.")
    for s in SECTORS:
        rows = sorted(
            (r for r in bench.regions if s in r.profielsectoren), key=lambda r: -r.sectoren[s]
        )[:2]
        if rows:
            parts = ", ".join(f"{r.regio} ({number(r.sectoren[s], 0)}%)" for r in rows)
            nat = number(bench.national.shares()[s], 0)
            out.append(f"Sterkste profiel {SECTOR_LABELS[s].lower()}: {parts}; landelijk {nat}%.")
    decline = [bench.get(n) for n in bench.flagged("sterke_daling")]
    if decline:
        out.append(f"Sterke daling 2012–2014: {', '.join(r.regio for r in decline)}.")
    small_spt = [s for s in bench.spts if s.te_klein]
    if small_spt:
        out.append(
            "SPT mogelijk te klein om zelfstandig te draaien: "
            + ", ".join(f"{s.spt} ({number(s.omvang_techniek, 0)})" for s in small_spt)
            + "."
        )
    return out


def report_context(
    bench: Benchmark,
    cluster_results: list[ClusterResult],
    clusters: Clusters,
    survey: SurveyJoin | None = None,
    survey_year: int | None = None,
    extra_sources: list[dict] | None = None,
) -> dict:
    """Everything templates/regions.html needs except the charts (plain values, no formatting)."""
    covered = [r for r in bench.regions if r.spt]
    covered_jobs = sum(r.omvang_techniek for r in covered)
    total = sum(r.omvang_techniek for r in bench.regions)
    year = data_year(bench.source_path)
    short = {
        "groot_zonder_spt": "groot, geen SPT",
        "te_klein": "klein",
        "sterke_daling": "sterke daling",
        "techniek_relatief_groot": "techniek groot",
        "sectorprofiel": "profiel",
    }
    sources = [
        {
            "label": "Regiobestand",
            "name": Path(bench.source_path).name,
            "sha256": bench.source_sha256,
        },
        {
            "label": "Clusterbestand",
            "name": Path(clusters.source_path).name,
            "sha256": clusters.source_sha256,
        },
        *(extra_sources or []),
    ]
    return {
        "document_title": f"Regiobenchmark technische werkgelegenheid {year}",
        "year": year,
        "regions": bench.regions,
        "regions_by_name": sorted(bench.regions, key=lambda r: r.regio.lower()),
        "national": bench.national,
        "national_shares": bench.national.shares(),
        "covered_count": len(covered),
        "covered_jobs": covered_jobs,
        "covered_share": covered_jobs / total if total else None,
        "spts": bench.spts,
        "too_small_spts": [s.spt for s in bench.spts if s.te_klein],
        "clusters": cluster_results,
        "cluster_source": clusters.source or Path(clusters.source_path).name,
        "outside": unclustered(bench, clusters),
        "flags": flag_summary(bench),
        "short": short,
        "highlights": highlights(bench),
        "notes": bench.notes,
        "rules": bench.rules,
        "sectors": list(SECTORS),
        "sector_labels": SECTOR_LABELS,
        "sector_short": SECTOR_SHORT,
        "classes": [
            (c, f"{number(start, 1)}% tot {number(end, 1)}%")
            for c, (start, end) in DEVELOPMENT_CLASSES.items()
        ],
        "share_tolerance": SHARE_TOLERANCE,
        "survey": survey,
        "survey_year": survey_year,
        "sources": sources,
    }
