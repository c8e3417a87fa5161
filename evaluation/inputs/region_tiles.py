"""Where each labour-market region sits on the tile map: surveys/labour_market/region_tiles.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evaluation.errors import ErrorCode, FieldProblem, InputError, validation_problems
from evaluation.inputs.codebook import normalise
from evaluation.inputs.labour_market import ROOT
from evaluation.inputs.yamlfile import read_yaml

DEFAULT_TILES = ROOT / "surveys" / "labour_market" / "region_tiles.yaml"


class Tile(BaseModel):
    """One region's tile: column (0 = west), row (0 = north) and the text lines on the tile."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    region: str = Field(min_length=1)
    col: int = Field(ge=0, le=20)
    row: int = Field(ge=0, le=30)
    label: str = ""
    short: str = ""  # for the small map on the SPT cards: at most two lines

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in (self.label or self.region).split("|"))

    @property
    def short_lines(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.short.split("|")) if self.short else self.lines


class TileFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tiles: list[Tile] = Field(min_length=1)


@dataclass(frozen=True)
class Placed:
    """The tiles of the regions in the data; the map's regions the data lacks (`absent`) and the
    data's regions without a tile (`unplaced`), so a map can draw what it has and name the rest."""

    tiles: dict[str, Tile]
    absent: list[Tile]
    unplaced: list[str]


def place_tiles(names: list[str], path: str | Path | None = None) -> Placed:
    """Region name (as in `names`) -> its tile, one region per cell; a tile whose region is not
    in `names` and a name without a tile are listed, not an error."""
    p = Path(path) if path is not None else DEFAULT_TILES
    raw, _ = read_yaml(p, "tegelbestand", "de plaats van elke regio op de kaart")
    try:
        parsed = TileFile.model_validate(raw)
    except ValidationError as exc:
        problems = validation_problems(exc.errors(), raw)
        raise _invalid(p, problems) from None
    lookup = {normalise(n): n for n in names}
    tiles: dict[str, Tile] = {}
    cells: dict[tuple[int, int], str] = {}
    absent: list[Tile] = []
    clashes: list[FieldProblem] = []
    for i, tile in enumerate(parsed.tiles):
        name = lookup.get(normalise(tile.region))
        shown = name or tile.region
        place = f"tiles nr. {i + 1} ({tile.region})"
        if name in tiles or tile.region in [t.region for t in absent]:
            clashes.append(FieldProblem(place, "tile_twice", {"region": shown}))
            continue
        cell = (tile.col, tile.row)
        if cell in cells:
            clashes.append(
                FieldProblem(
                    place,
                    "tiles_one_place",
                    {"region": shown, "other": cells[cell], "col": tile.col, "row": tile.row},
                )
            )
            continue
        cells[cell] = shown
        if name is None:
            absent.append(tile)
        else:
            tiles[name] = tile.model_copy(update={"region": name})
    if clashes:
        raise _invalid(p, tuple(clashes))
    return Placed(tiles, absent, [n for n in names if n not in tiles])


def load_tiles(names: list[str], path: str | Path | None = None) -> dict[str, Tile]:
    """Region name (as in `names`) -> its tile; every region exactly once, one region per cell."""
    p = Path(path) if path is not None else DEFAULT_TILES
    placed = place_tiles(names, p)
    problems = [
        FieldProblem("", "tile_not_in_regions", {"region": t.region}) for t in placed.absent
    ] + [FieldProblem("", "region_without_tile", {"region": n}) for n in placed.unplaced]
    if problems:
        raise _invalid(p, tuple(problems))
    return placed.tiles


def _invalid(path: Path, problems: tuple[FieldProblem, ...]) -> InputError:
    return InputError(
        ErrorCode.INVALID_FILE, what="tegelbestand", file=str(path), problems=problems
    )
