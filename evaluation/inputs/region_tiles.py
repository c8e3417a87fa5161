"""Where each labour-market region sits on the tile map: surveys/labour_market/region_tiles.yaml."""

from __future__ import annotations

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


def load_tiles(names: list[str], path: str | Path | None = None) -> dict[str, Tile]:
    """Region name (as in `names`) -> its tile; every region exactly once, one region per cell."""
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
    for tile in parsed.tiles:
        name = lookup.get(normalise(tile.region))
        if name is None:
            raise InputError(
                f"tegelbestand '{p}': regio '{tile.region}' staat niet in het regiobestand"
            )
        if name in tiles:
            raise InputError(f"tegelbestand '{p}': regio '{name}' staat er twee keer in")
        cell = (tile.col, tile.row)
        if cell in cells:
            raise InputError(
                f"tegelbestand '{p}': regio '{name}' en regio '{cells[cell]}' staan op dezelfde "
                f"plaats (kolom {tile.col}, rij {tile.row})"
            )
        cells[cell] = name
        tiles[name] = tile.model_copy(update={"region": name})
    missing = [n for n in names if n not in tiles]
    if missing:
        listed = ", ".join(f"'{n}'" for n in missing)
        raise InputError(
            f"tegelbestand '{p}': regio {listed} ontbreekt"
            if len(missing) == 1
            else f"tegelbestand '{p}': de regio's {listed} ontbreken"
        )
    return tiles
