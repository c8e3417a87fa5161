"""Where each labour-market region sits on the tile map: surveys/labour_market/region_tiles.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from evaluation.errors import InputError
from evaluation.inputs.codebook import normalise
from evaluation.inputs.labour_market import ROOT, _dutch_reason
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


def _where(loc: tuple, raw: dict) -> str:
    """'tiles nr. 3 (Twente), veld col' from a Pydantic error location (entries count from 1)."""
    if len(loc) >= 2 and loc[0] == "tiles" and isinstance(loc[1], int):
        entry = (raw.get("tiles") or [])[loc[1]]
        name = entry.get("region") if isinstance(entry, dict) else None
        field = f", veld {loc[2]}" if len(loc) > 2 else ""
        return f"tiles nr. {loc[1] + 1}" + (f" ({name})" if name else "") + field
    return ".".join(str(part) for part in loc) or "het bestand"


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
        err = exc.errors()[0]
        raise InputError(
            f"tegelbestand '{p}' is ongeldig bij {_where(err['loc'], raw)}: {_dutch_reason(err)}"
        ) from None
    lookup = {normalise(n): n for n in names}
    tiles: dict[str, Tile] = {}
    cells: dict[tuple[int, int], str] = {}
    absent: list[Tile] = []
    for tile in parsed.tiles:
        name = lookup.get(normalise(tile.region))
        if name in tiles or tile.region in [t.region for t in absent]:
            raise InputError(
                f"tegelbestand '{p}': regio '{name or tile.region}' staat er twee keer in"
            )
        cell = (tile.col, tile.row)
        if cell in cells:
            raise InputError(
                f"tegelbestand '{p}': regio '{name or tile.region}' en regio '{cells[cell]}' staan "
                f"op dezelfde plaats (kolom {tile.col}, rij {tile.row})"
            )
        cells[cell] = name or tile.region
        if name is None:
            absent.append(tile)
        else:
            tiles[name] = tile.model_copy(update={"region": name})
    return Placed(tiles, absent, [n for n in names if n not in tiles])


def load_tiles(names: list[str], path: str | Path | None = None) -> dict[str, Tile]:
    """Region name (as in `names`) -> its tile; every region exactly once, one region per cell."""
    p = Path(path) if path is not None else DEFAULT_TILES
    placed = place_tiles(names, p)
    if placed.absent:
        raise InputError(
            f"tegelbestand '{p}': regio '{placed.absent[0].region}' staat niet in het regiobestand"
        )
    missing = placed.unplaced
    if missing:
        listed = ", ".join(f"'{n}'" for n in missing)
        raise InputError(
            f"tegelbestand '{p}': regio {listed} ontbreekt"
            if len(missing) == 1
            else f"tegelbestand '{p}': de regio's {listed} ontbreken"
        )
    return placed.tiles
