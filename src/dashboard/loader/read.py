"""Reading a delivery folder: find its files and read each into an all-text frame.

Every value comes out as a stripped string (empty = null) with a `_regel`
column: the line number in a CSV file (the header is line 1) or the 1-based
row number in a Parquet file. Parsing and validation happen in `rules`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dashboard.domain import BESTANDEN


class DeliveryError(Exception):
    """The delivery cannot be loaded at all; nothing of it is stored."""


@dataclass(frozen=True)
class RawFile:
    naam: str  # contract name, e.g. 'ncg_adressen'
    pad: Path
    formaat: str  # 'csv' or 'parquet'
    decimale_komma: bool  # a ';'-delimited CSV may write 1,5 for 1.5
    frame: pl.DataFrame

    @property
    def bestand(self) -> str:
        return self.pad.name


def find_files(source: Path) -> dict[str, Path]:
    if not source.is_dir():
        raise DeliveryError(f"{source}: is geen map")
    found: dict[str, Path] = {}
    for path in sorted(source.iterdir()):
        stem, suffix = path.stem.lower(), path.suffix.lower()
        if stem in BESTANDEN and suffix in (".csv", ".parquet"):
            if stem in found:
                raise DeliveryError(f"{source}: {stem} staat er twee keer in ({found[stem].name}, {path.name})")
            found[stem] = path
    missing = [n for n, required in BESTANDEN.items() if required and n not in found]
    if missing:
        raise DeliveryError(f"{source}: verplicht bestand ontbreekt: {', '.join(missing)} (.csv of .parquet)")
    return found


def is_delivery(folder: Path) -> bool:
    """Whether a folder holds the required files of a delivery."""
    try:
        find_files(folder)
    except DeliveryError:
        return False
    return True


def read_file(naam: str, path: Path) -> RawFile:
    if path.suffix.lower() == ".parquet":
        frame, komma = _read_parquet(path), False
        first_line = 1
    else:
        frame, komma = _read_csv(path)
        first_line = 2
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    frame = frame.select(
        pl.int_range(first_line, first_line + frame.height, dtype=pl.Int64).alias("_regel"),
        *[_clean(c) for c in dict.fromkeys(frame.columns) if c and not c.startswith("_")],
    )
    return RawFile(naam, path, path.suffix.lower().lstrip("."), komma, frame)


def _clean(name: str) -> pl.Expr:
    text = pl.col(name).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text).alias(name)


def _read_csv(path: Path) -> tuple[pl.DataFrame, bool]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeliveryError(f"{path.name}: geen geldige UTF-8 ({exc.reason} op byte {exc.start})") from exc
    header = text.split("\n", 1)[0]
    if not header.strip():
        raise DeliveryError(f"{path.name}: leeg bestand of geen kopregel")
    delimiter = ";" if _count_outside_quotes(header, ";") > _count_outside_quotes(header, ",") else ","
    try:
        frame = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            separator=delimiter,
            infer_schema=False,
            quote_char='"',
        )
    except pl.exceptions.PolarsError as exc:
        raise DeliveryError(f"{path.name}: niet te lezen als CSV ({exc.__class__.__name__}: {exc})") from exc
    return frame, delimiter == ";"


def _count_outside_quotes(line: str, char: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=char))) - 1
    except (csv.Error, StopIteration):
        return line.count(char)


def _read_parquet(path: Path) -> pl.DataFrame:
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise DeliveryError(f"{path.name}: niet te lezen als Parquet ({exc.__class__.__name__})") from exc
    return frame.select(_as_text(name, dtype) for name, dtype in frame.schema.items())


def _as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if dtype == pl.Date:
        return col.dt.strftime("%Y-%m-%d")
    if isinstance(dtype, pl.Datetime):
        return col.dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dtype == pl.Boolean:
        return col.cast(pl.String)
    if dtype.is_integer() and name.strip().lower() == "bag_id":
        # A BAG id stored as a number loses its leading zeros (0014... in Groningen).
        return col.cast(pl.String).str.zfill(16)
    return col.cast(pl.String)
