"""Region benchmark: size and share of technical employment, SPT coverage, signals."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ConfigDict

from evaluation.dutch import number
from evaluation.errors import ErrorCode, InputError
from evaluation.inputs.codebook import normalise
from evaluation.inputs.labour_market import SECTORS, RegionData, RegionRow
from evaluation.inputs.register import Register
from evaluation.regions.rules import RegionRules


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
    mate_activiteit: int | None = None


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
                near = closest_name(name, data.names)
                if near:
                    raise InputError(
                        ErrorCode.SPT_REGION_UNKNOWN_NEAR, spt=sp.name, region=name, near=near
                    )
                raise InputError(ErrorCode.SPT_REGION_UNKNOWN, spt=sp.name, region=name)
            if canonical in mapping:
                raise InputError(
                    ErrorCode.REGION_OF_TWO_SPTS,
                    region=canonical,
                    first=mapping[canonical],
                    second=sp.name,
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


def _large_inactive(
    register: Register | None, spt_of: dict[str, str], sizes: dict[str, int], rules: RegionRules
) -> set[str]:
    """Regions of an SPT at activity level 0 (only talks) whose regions together reach
    `rules.inactive_min_size` technical jobs: a large area the SPT does not yet serve."""
    if register is None:
        return set()
    out: set[str] = set()
    for sp in register.service_points:
        regs = [n for n, s in spt_of.items() if s == sp.name]
        if sp.activity_level == 0 and sum(sizes[n] for n in regs) >= rules.inactive_min_size:
            out.update(regs)
    return out


def closest_name(name: str, names: list[str]) -> str | None:
    """The region name a mistyped `name` most likely means (None when none is close)."""
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    return close[0] if close else None


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
    inactive = _large_inactive(register, spt_of, sizes, rules)
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
        if r.regio in inactive:
            flags.append("groot_spt_inactief")
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
                    mate_activiteit=sp.activity_level,
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
