"""Reading a delivery folder: find its files and read each into an all-text frame.

Every value comes out as a stripped string (empty = null) with a `_regel`
column: the physical line a record starts on in a CSV file (the header is
line 1; a quoted field may span lines) or the 1-based row number in a Parquet
file, and `_rij_fout`/`_rij_waarde`: why a CSV record cannot be a row (more
fields than the header, broken quoting), which rejects that row alone.
File-level problems raise DeliveryError with one Dutch line that quotes at
most a short excerpt of the data. Parsing and validation happen in `rules`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dashboard.core.domain import BESTANDEN


class DeliveryError(Exception):
    """The delivery cannot be loaded at all; nothing of it is stored."""


@dataclass(frozen=True)
class RawFile:
    naam: str  # contract name, e.g. 'ncg_adressen'
    pad: Path
    formaat: str  # 'csv' or 'parquet'
    decimale_komma: bool  # a ';'-delimited CSV may write 1,5 for 1.5
    frame: pl.DataFrame
    breuken: frozenset[str] = frozenset()  # Parquet columns stored as floats (163.5 is no huisnummer)

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
        frame, komma, breuken = _read_parquet(naam, path)
        first_line = 1
    else:
        frame, komma = _read_csv(path)
        breuken = frozenset()
        first_line = 2
    if "_regel" not in frame.columns:
        frame = frame.with_columns(pl.int_range(first_line, first_line + frame.height, dtype=pl.Int64).alias("_regel"))
    if "_rij_fout" not in frame.columns:
        frame = frame.with_columns(
            pl.lit(None, dtype=pl.String).alias("_rij_fout"), pl.lit(None, dtype=pl.String).alias("_rij_waarde")
        )
    frame = frame.select(
        "_regel",
        "_rij_fout",
        "_rij_waarde",
        *[_clean(c) for c in frame.columns if c and not c.startswith("_")],
    )
    return RawFile(naam, path, path.suffix.lower().lstrip("."), komma, frame, breuken)


def _normalised(bestand: str, names: list[str]) -> list[str]:
    """Column names as the contract matches them (case-insensitive, spaces stripped); two that become the
    same name fail the file, since either could be the one meant."""
    out = [str(n).strip().lower() for n in names]
    seen: dict[str, str] = {}
    for original, name in zip(names, out):
        if not name:
            continue
        if name in seen:
            raise DeliveryError(
                f"{bestand}: kolom {name!r} staat er twee keer in ({_kort(seen[name])} en {_kort(original)}); "
                "kolomnamen tellen zonder hoofdletters en spaties"
            )
        seen[name] = str(original)
    return out


def _kort(text: object, limit: int = 40) -> str:
    """A short, printable excerpt of delivered text for a message."""
    text = str(text).replace("\x00", "\\0")
    text = "".join(c if c.isprintable() else " " for c in text)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _clean(name: str) -> pl.Expr:
    text = pl.col(name).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text).alias(name)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DeliveryError(f"{path.name}: bestand niet te lezen ({exc.strerror or exc.__class__.__name__})") from None


def _read_csv(path: Path) -> tuple[pl.DataFrame, bool]:
    try:
        text = _read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DeliveryError(f"{path.name}: geen geldige UTF-8 ({exc.reason} op byte {exc.start})") from None
    header = text.split("\n", 1)[0]
    if not header.strip():
        raise DeliveryError(f"{path.name}: leeg bestand of geen kopregel")
    delimiter = ";" if _count_outside_quotes(header, ";") > _count_outside_quotes(header, ",") else ","
    if '"' not in text:
        # No quoting anywhere: every record is one line, and polars reads it fast. A line with more fields
        # than the header (polars refuses the whole file) goes the careful way below.
        try:
            frame = pl.read_csv(
                io.BytesIO(text.encode("utf-8")),
                separator=delimiter,
                infer_schema=False,
                quote_char=None,
                has_header=True,
            )
        except pl.exceptions.PolarsError:
            frame = None
        if frame is not None:
            names = _normalised(path.name, header.rstrip("\r").split(delimiter))
            if len(names) == frame.width:
                return frame.select(
                    pl.nth(i).alias(n) for i, n in enumerate(names) if n and not n.startswith("_")
                ), delimiter == ";"
    return _read_csv_rows(path.name, text, delimiter), delimiter == ";"


def _read_csv_rows(bestand: str, text: str, delimiter: str) -> pl.DataFrame:
    """Read record by record with the csv module: each record keeps the physical line it starts on (a quoted
    field may span lines), and a record that cannot be a row (more fields than the header, broken quoting)
    becomes a reject of that row alone. A quote left open to the end of the file fails the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise DeliveryError(f"{bestand}: kopregel niet te lezen") from None
    names = _normalised(bestand, header)
    width = len(names)
    rows: list[list[str]] = []
    regels: list[int] = []
    fouten: dict[int, tuple[str, str | None]] = {}  # row index -> (reason, value) of a record that is no row
    last_line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "unexpected end of data" in str(exc) or "field larger" in str(exc):
                raise DeliveryError(
                    f"{bestand}: aanhalingsteken niet gesloten in het record dat op regel {last_line + 1} begint; "
                    "het bestand is vanaf daar niet te lezen"
                ) from None
            fouten[len(rows)] = ("aanhalingstekens in deze rij kloppen niet", None)
            row = []
        if len(row) != width:
            if len(row) > width:
                fouten[len(rows)] = (f"rij heeft {len(row)} velden, de kopregel {width}", delimiter.join(row[width:]))
                row = row[:width]
            else:
                row = row + [None] * (width - len(row))  # as polars does: missing fields are empty
        rows.append(row)
        regels.append(last_line + 1)
        last_line = reader.line_num
    columns = list(zip(*rows)) if rows else [() for _ in range(width)]
    data = {
        "_regel": pl.Series(regels, dtype=pl.Int64),
        "_rij_fout": pl.Series(
            [fouten[i][0] if i in fouten else None for i in range(len(rows))] if fouten else [None] * len(rows),
            dtype=pl.String,
        ),
        "_rij_waarde": pl.Series(
            [fouten[i][1] if i in fouten else None for i in range(len(rows))] if fouten else [None] * len(rows),
            dtype=pl.String,
        ),
    }
    for name, values in zip(names, columns):
        if name and not name.startswith("_"):
            data[name] = pl.Series(values, dtype=pl.String)
    return pl.DataFrame(data)


def _count_outside_quotes(line: str, char: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=char))) - 1
    except (csv.Error, StopIteration):
        return line.count(char)


# Columns whose value must be a whole number: a Parquet float there is accepted only when it is one.
GEHELE_GETALLEN = ("huisnummer", "bag_id", "fase", "postcode")


def _read_parquet(naam: str, path: Path) -> tuple[pl.DataFrame, bool, frozenset[str]]:
    try:
        path.open("rb").close()  # an unreadable file says so, not "not Parquet"
    except OSError as exc:
        raise DeliveryError(f"{path.name}: bestand niet te lezen ({exc.strerror or exc.__class__.__name__})") from None
    try:
        frame = pl.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - any reader failure is "not Parquet"; its text may quote data
        raise DeliveryError(f"{path.name}: niet te lezen als Parquet ({exc.__class__.__name__})") from None
    names = _normalised(path.name, frame.columns)
    frame = frame.select(pl.nth(i).alias(n) for i, n in enumerate(names) if n and not n.startswith("_"))
    from dashboard.store.loader.rules import OPTIONAL_COLUMNS, REQUIRED_COLUMNS

    contract = set(REQUIRED_COLUMNS.get(naam, ())) | set(OPTIONAL_COLUMNS.get(naam, ()))
    keep, breuken = [], set()
    for name, dtype in frame.schema.items():
        if not name or name.startswith("_"):
            continue
        if not _leesbaar(dtype):
            if name in contract:
                raise DeliveryError(
                    f"{path.name}: kolom {name!r} heeft type {dtype.base_type()}; "
                    "verwacht tekst, getal, datum of ja/nee"
                )
            continue  # extra columns are ignored, whatever their type
        if dtype.is_float() or dtype.is_decimal():
            breuken.add(name)
        keep.append(_as_text(name, dtype))
    return frame.select(keep), False, frozenset(breuken)


def _leesbaar(dtype: pl.DataType) -> bool:
    """Types a contract column may have in Parquet: text, numbers, booleans, dates and date-times (a list,
    struct, binary, time of day or duration says nothing the contract can read)."""
    return (
        dtype in (pl.String, pl.Categorical, pl.Boolean, pl.Date, pl.Null)
        or isinstance(dtype, (pl.Enum, pl.Datetime))
        or dtype.is_numeric()
    )


def _as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if dtype == pl.Date:
        return col.dt.strftime("%Y-%m-%d")
    if isinstance(dtype, pl.Datetime):
        return col.dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dtype == pl.Boolean:
        return col.cast(pl.String)
    if dtype.is_float() or dtype.is_decimal():
        # A whole number is written as one (163.0 -> "163"), exactly; any other value keeps its fraction
        # ("163.5"), which the rules reject where a whole number is required.
        f = col.cast(pl.Float64)
        heel = f.is_finite() & (f == f.floor()) & (f.abs() < 2.0**53)
        text = pl.when(heel).then(f.cast(pl.Int64, strict=False).cast(pl.String)).otherwise(col.cast(pl.String))
        if name == "bag_id":
            text = pl.when(heel).then(text.str.zfill(16)).otherwise(text)
        return text.alias(name)
    if dtype.is_integer() and name == "bag_id":
        # A BAG id stored as a number loses its leading zeros (0014... in Groningen).
        return col.cast(pl.String).str.zfill(16)
    return col.cast(pl.String)


def vingerafdruk(bestanden: Iterable[Path]) -> str:
    """A delivery's fingerprint: SHA-256 over its files' names and bytes, in name order."""
    h = hashlib.sha256()
    for pad in sorted(bestanden, key=lambda p: p.name):
        h.update(pad.name.encode())
        h.update(b"\0")
        h.update(pad.read_bytes())
    return h.hexdigest()
