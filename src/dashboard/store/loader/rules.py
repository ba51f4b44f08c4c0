"""The data contract's per-row rules, as polars expressions.

Each file is parsed into typed columns next to its raw text, then checked
against a list of rules. A rule is (column, condition that marks a row bad,
reason). Rows with no failing rule are kept; every failure of every other row
becomes a reject record (file, line, column, value, reason). Uniqueness rules
run last, over the rows that passed everything else, so the first valid row of
a duplicated id or address wins.

Why over 400 lines: the whole data contract in one place, a rule list per contract file, so it reads as
one table beside the contract (data-contract.md); parsing helpers and the rules change together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
from pyproj import Transformer

from dashboard.core.domain import (
    IMG_FASEN,
    IVR_MENUKEUZES,
    IVR_ONDERWERPEN,
    NCG_FASEN,
    ORGANISATIES,
    PILOTS,
    PROGRAMMAS,
    SAMENWERKING_SOORTEN,
    SAMENWERKING_STATUSSEN,
    SCHADESOORTEN,
    SVIP_SOORTEN,
    SVIP_UITKOMSTEN,
)
from dashboard.store.loader.read import DeliveryError, RawFile

REJECT_SCHEMA = {"bestand": pl.String, "regel": pl.Int64, "kolom": pl.String, "waarde": pl.String, "reden": pl.String}

REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "ncg_adressen": ("ncg_id", "peildatum", "postcode", "huisnummer", "gemeente", "fase"),
    "img_schademeldingen": ("img_id", "peildatum", "postcode", "huisnummer", "schadesoort", "fase", "datum_melding"),
    "svip_verzoeken": ("verzoek_id", "datum_ontvangen", "aanvrager", "soort"),
    "ivr_gesprekken": ("gesprek_id", "tijdstip", "lijn", "menukeuze"),
    "samenwerking": ("actie_id", "postcode", "huisnummer", "soort", "status"),
}
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "ncg_adressen": (
        "huisletter",
        "toevoeging",
        "bag_id",
        "straat",
        "woonplaats",
        "rd_x",
        "rd_y",
        "lat",
        "lon",
        "fase_sinds",
        "programma",
        "risicoprofiel",
        "bijzondere_situatie",
        "toestemming",
    ),
    "img_schademeldingen": ("huisletter", "toevoeging", "bag_id", "datum_afgehandeld", "urgent", "toestemming"),
    "svip_verzoeken": ("datum_afgerond", "uitkomst", "postcode", "huisnummer", "huisletter", "toevoeging"),
    "ivr_gesprekken": ("onderwerp", "warme_overdracht"),
    "samenwerking": ("huisletter", "toevoeging", "pilot", "datum"),
}

# The Netherlands, generously, including the Wadden islands and the border villages.
NL_LAT = (50.70, 53.70)
NL_LON = (3.20, 7.30)

_TRUE = ("ja", "j", "true", "1", "yes", "y")
_FALSE = ("nee", "n", "false", "0", "no")


@dataclass(frozen=True)
class Rule:
    kolom: str
    slecht: pl.Expr  # true where the row breaks the rule
    reden: str | pl.Expr
    waarde: pl.Expr | None = None  # what the reject shows; default the column's raw text


# Every id is stored in a column of this width (schema: String(64)); a longer one is rejected, on every backend.
ID_LENGTE = 64
# A rejected value is kept and shown up to this many characters.
WAARDE_LENGTE = 100


@dataclass(frozen=True)
class Checked:
    valid: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int


# ---------------------------------------------------------------- parsing helpers


def lower(name: str) -> pl.Expr:
    return pl.col(name).str.to_lowercase()


def parse_date(name: str) -> pl.Expr:
    raw = pl.col(name)
    return (
        pl.when(raw.str.contains(r"^\d{4}-\d{2}-\d{2}$"))
        .then(raw.str.strptime(pl.Date, "%Y-%m-%d", strict=False))
        .when(raw.str.contains(r"^\d{2}-\d{2}-\d{4}$"))
        .then(raw.str.strptime(pl.Date, "%d-%m-%Y", strict=False))
    )


def parse_datetime(name: str) -> pl.Expr:
    iso = pl.col(name).str.replace(" ", "T", literal=True).str.replace(r"(Z|[+-]\d{2}:?\d{2})$", "")
    return pl.coalesce(
        iso.str.strptime(pl.Datetime("us"), "%Y-%m-%dT%H:%M:%S%.f", strict=False),
        iso.str.strptime(pl.Datetime("us"), "%Y-%m-%dT%H:%M", strict=False),
    )


def parse_bool(name: str) -> pl.Expr:
    v = lower(name)
    return pl.when(v.is_in(_TRUE)).then(True).when(v.is_in(_FALSE)).then(False)


def parse_number(name: str, decimale_komma: bool) -> pl.Expr:
    raw = pl.col(name)
    if decimale_komma:
        raw = raw.str.replace(",", ".", literal=True)
    return raw.cast(pl.Float64, strict=False)


def parse_code(name: str, allowed: tuple[str, ...]) -> pl.Expr:
    v = lower(name)
    return pl.when(v.is_in(allowed)).then(v)


def bad_value(raw: str, parsed: str) -> pl.Expr:
    """Filled in, but not understood."""
    return pl.col(raw).is_not_null() & pl.col(parsed).is_null()


def _list(values: tuple[str, ...]) -> str:
    return ", ".join(values)


# ---------------------------------------------------------------- addresses


def address_columns(required: bool) -> tuple[list[pl.Expr], list[Rule]]:
    """Normalise postcode, huisnummer, huisletter, toevoeging as the contract says.

    The huisnummer field may carry more than digits: one letter, alone or
    followed by a separator and more, is the huisletter (the more is the
    toevoeging); any other rest is the toevoeging.
    """
    hn = pl.col("huisnummer")
    rest = hn.str.extract(r"^\d+\s*(.*)$", 1).str.strip_chars()
    letter_in_nr = rest.str.extract(r"^([A-Za-z])(?:$|[\s\-/])", 1).str.to_uppercase()
    more = rest.str.extract(r"^[A-Za-z][\s\-/]+(.*)$", 1)
    toev_in_nr = _alnum(pl.when(letter_in_nr.is_not_null()).then(more).otherwise(rest))
    col_letter = pl.col("huisletter").str.to_uppercase()
    col_toev = _alnum(pl.col("toevoeging"))

    parsed = [
        pl.col("postcode").str.replace_all(r"\s", "").str.to_uppercase().alias("_postcode"),
        hn.str.extract(r"^(\d+)", 1).cast(pl.Int64, strict=False).alias("_huisnummer"),
        letter_in_nr.alias("_letter_nr"),
        toev_in_nr.alias("_toev_nr"),
        col_letter.alias("_letter_kol"),
        col_toev.alias("_toev_kol"),
    ]
    postcode_ok = pl.col("_postcode").str.contains(r"^[1-9][0-9]{3}[A-Z]{2}$")
    nr = pl.col("_huisnummer")
    rules = [
        Rule("postcode", pl.col("postcode").is_not_null() & ~postcode_ok, "postcode voldoet niet aan 1234AB"),
        Rule(
            "huisnummer",
            pl.col("huisnummer").is_not_null() & (nr.is_null() | (nr < 1) | (nr > 99999)),
            "huisnummer moet beginnen met een getal van 1 tot en met 99999",
        ),
        Rule(
            "huisletter",
            pl.col("huisletter").is_not_null() & ~col_letter.str.contains(r"^[A-Z]$"),
            "huisletter moet één letter zijn",
        ),
        Rule(
            "huisletter",
            pl.col("_letter_kol").is_not_null()
            & pl.col("_letter_nr").is_not_null()
            & (pl.col("_letter_kol") != pl.col("_letter_nr")),
            "huisletter in kolom huisletter en in huisnummer verschillen",
        ),
        Rule(
            "toevoeging",
            pl.col("_toev_kol").is_not_null()
            & pl.col("_toev_nr").is_not_null()
            & (pl.col("_toev_kol") != pl.col("_toev_nr")),
            "toevoeging in kolom toevoeging en in huisnummer verschillen",
        ),
        Rule(
            "toevoeging", pl.coalesce("_toev_kol", "_toev_nr").str.len_chars() > 4, "toevoeging is langer dan 4 tekens"
        ),
    ]
    if required:
        rules += [
            Rule("postcode", pl.col("postcode").is_null(), "verplicht veld is leeg"),
            Rule("huisnummer", pl.col("huisnummer").is_null(), "verplicht veld is leeg"),
        ]
    else:
        rules.append(
            Rule(
                "huisnummer",
                pl.col("postcode").is_not_null() != pl.col("huisnummer").is_not_null(),
                "adres onvolledig: postcode en huisnummer horen samen",
            )
        )
    return parsed, rules


def _alnum(expr: pl.Expr) -> pl.Expr:
    cleaned = expr.str.replace_all(r"[^0-9A-Za-z]", "").str.to_uppercase()
    return pl.when(cleaned != "").then(cleaned)


def address_final() -> list[pl.Expr]:
    letter = pl.coalesce("_letter_kol", "_letter_nr")
    toev = pl.coalesce("_toev_kol", "_toev_nr")
    return [
        pl.col("_postcode").alias("postcode"),
        pl.col("_huisnummer").cast(pl.Int32).alias("huisnummer"),
        letter.alias("huisletter"),
        toev.alias("toevoeging"),
    ]


def address_key() -> pl.Expr:
    """The normalised address as one comparable string: postcode|nr|letter|toevoeging."""
    return pl.concat_str(
        [
            pl.col("postcode"),
            pl.col("huisnummer").cast(pl.String),
            pl.col("huisletter").fill_null(""),
            pl.col("toevoeging").fill_null(""),
        ],
        separator="|",
    ).alias("adres_sleutel")


# ---------------------------------------------------------------- engine


def ensure_columns(raw: RawFile) -> pl.DataFrame:
    missing = [c for c in REQUIRED_COLUMNS[raw.naam] if c not in raw.frame.columns]
    if missing:
        raise DeliveryError(f"{raw.bestand}: verplichte kolom ontbreekt: {', '.join(missing)}")
    frame = raw.frame
    absent = [c for c in OPTIONAL_COLUMNS[raw.naam] if c not in frame.columns]
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in absent)


def required_rules(raw: RawFile) -> list[Rule]:
    """The rules every file shares: a record that is no row, required fields, NUL bytes, id length, and
    Parquet floats where a whole number belongs."""
    from dashboard.store.loader.read import GEHELE_GETALLEN

    naam = raw.naam
    rules = [Rule("rij", pl.col("_rij_fout").is_not_null(), pl.col("_rij_fout"), waarde=pl.col("_rij_waarde"))]
    rules += [
        Rule(c, pl.col(c).is_null(), "verplicht veld is leeg")
        for c in REQUIRED_COLUMNS[naam]
        if c not in ("postcode", "huisnummer")
    ]
    rules += [
        Rule(c, pl.col(c).str.contains("\x00", literal=True), "bevat een NUL-teken (\\0)")
        for c in REQUIRED_COLUMNS[naam] + OPTIONAL_COLUMNS[naam]
    ]
    id_kolom = REQUIRED_COLUMNS[naam][0]
    rules.append(Rule(id_kolom, pl.col(id_kolom).str.len_chars() > ID_LENGTE, f"langer dan {ID_LENGTE} tekens"))
    rules += [
        Rule(c, pl.col(c).is_not_null() & ~pl.col(c).str.contains(r"^-?\d+$"), "geen geheel getal")
        for c in GEHELE_GETALLEN
        if c in raw.breuken
    ]
    return rules


def _waarde(rule: Rule) -> pl.Expr:
    """The rejected value as shown and stored: NUL bytes written as \\0, cut to WAARDE_LENGTE characters."""
    text = (rule.waarde if rule.waarde is not None else pl.col(rule.kolom)).cast(pl.String)
    text = text.str.replace_all("\x00", "\\0", literal=True)
    return (
        pl.when(text.str.len_chars() > WAARDE_LENGTE)
        .then(text.str.slice(0, WAARDE_LENGTE - 1) + pl.lit("…"))
        .otherwise(text)
    )


def apply_rules(frame: pl.DataFrame, rules: list[Rule], bestand: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split a frame into the rows passing every rule and the reject records of the others."""
    if not rules or frame.height == 0:
        return frame, pl.DataFrame(schema=REJECT_SCHEMA)
    failures = pl.concat_list(
        pl.when(rule.slecht.fill_null(False)).then(
            pl.struct(
                kolom=pl.lit(rule.kolom),
                waarde=_waarde(rule),
                reden=pl.lit(rule.reden) if isinstance(rule.reden, str) else rule.reden,
            )
        )
        for rule in rules
    ).list.drop_nulls()
    marked = frame.with_columns(failures.alias("_fouten"))
    rejects = (
        marked.filter(pl.col("_fouten").list.len() > 0)
        .select(pl.col("_regel").alias("regel"), pl.col("_fouten"))
        .explode("_fouten")
        .unnest("_fouten")
        .select(pl.lit(bestand).alias("bestand"), "regel", "kolom", "waarde", "reden")
        .cast(REJECT_SCHEMA)
    )
    valid = marked.filter(pl.col("_fouten").list.len() == 0).drop("_fouten")
    return valid, rejects


def _unique(frame: pl.DataFrame, checks: list[tuple[str, pl.Expr, str]], bestand: str):
    """Rows repeating a key that an earlier valid row already has."""
    rules = [
        Rule(kolom, key.is_not_null() & (pl.col("_regel").first().over(key) != pl.col("_regel")), reden)
        for kolom, key, reden in checks
    ]
    return apply_rules(frame, rules, bestand)


def _check(
    raw: RawFile, parsed: list[pl.Expr], rules: list[Rule], unique: list[tuple[str, pl.Expr, str]], final: list[pl.Expr]
) -> Checked:
    frame = ensure_columns(raw).with_columns(parsed)
    valid, rejects = apply_rules(frame, required_rules(raw) + rules, raw.bestand)
    valid = valid.with_columns(final)
    valid, dup_rejects = _unique(valid, unique, raw.bestand)
    rejects = pl.concat([rejects, dup_rejects]).sort("regel", maintain_order=True)
    return Checked(valid=valid, rejects=rejects, rows_read=raw.frame.height)


# ---------------------------------------------------------------- peildatum


def file_peildatum(raw: RawFile) -> date:
    """The date a delivery is about: the NCG file's peildatum (its most common valid value)."""
    frame = ensure_columns(raw)
    dates = frame.select(parse_date("peildatum").alias("d")).drop_nulls()
    if dates.height == 0:
        raise DeliveryError(f"{raw.bestand}: geen geldige peildatum (JJJJ-MM-DD of DD-MM-JJJJ)")
    return dates["d"].mode().sort()[0]


def _peildatum_rules(peildatum: date, reden: str) -> tuple[list[pl.Expr], list[Rule]]:
    return (
        [parse_date("peildatum").alias("_peildatum")],
        [
            Rule("peildatum", bad_value("peildatum", "_peildatum"), "geen geldige datum"),
            Rule("peildatum", pl.col("_peildatum") != pl.lit(peildatum), reden),
        ],
    )


# ---------------------------------------------------------------- the five files


def check_ncg(raw: RawFile, peildatum: date) -> Checked:
    pd_parsed, pd_rules = _peildatum_rules(
        peildatum, f"peildatum wijkt af van de rest van het bestand ({peildatum:%d-%m-%Y})"
    )
    addr_parsed, addr_rules = address_columns(required=True)
    komma = raw.decimale_komma
    fase_nr = pl.col("fase").cast(pl.Int64, strict=False)
    parsed = (
        pd_parsed
        + addr_parsed
        + [
            pl.coalesce(
                parse_code("fase", NCG_FASEN),
                pl.when(fase_nr.is_between(1, 6)).then(
                    fase_nr.replace_strict(dict(enumerate(NCG_FASEN, start=1)), default=None, return_dtype=pl.String)
                ),
            ).alias("_fase"),
            parse_date("fase_sinds").alias("_fase_sinds"),
            parse_code("programma", PROGRAMMAS).alias("_programma"),
            parse_bool("bijzondere_situatie").alias("_bijzondere_situatie"),
            parse_bool("toestemming").alias("_toestemming"),
            pl.col("bag_id").alias("_bag_id"),
            parse_number("rd_x", komma).alias("_rd_x"),
            parse_number("rd_y", komma).alias("_rd_y"),
            parse_number("lat", komma).alias("_lat"),
            parse_number("lon", komma).alias("_lon"),
        ]
    )
    rules = (
        pd_rules
        + addr_rules
        + [
            Rule(
                "bag_id",
                pl.col("bag_id").is_not_null() & ~pl.col("bag_id").str.contains(r"^\d{16}$"),
                "bag_id moet 16 cijfers zijn",
            ),
            Rule("fase", bad_value("fase", "_fase"), f"onbekende fase; toegestaan: 1-6 of {_list(NCG_FASEN)}"),
            Rule("fase_sinds", bad_value("fase_sinds", "_fase_sinds"), "geen geldige datum"),
            Rule("fase_sinds", pl.col("_fase_sinds") > pl.lit(peildatum), "fase_sinds ligt na de peildatum"),
            Rule(
                "programma",
                bad_value("programma", "_programma"),
                f"onbekend programma; toegestaan: {_list(PROGRAMMAS)}",
            ),
            Rule(
                "bijzondere_situatie",
                bad_value("bijzondere_situatie", "_bijzondere_situatie"),
                "geen geldige ja/nee-waarde",
            ),
            Rule("toestemming", bad_value("toestemming", "_toestemming"), "geen geldige ja/nee-waarde"),
        ]
    )
    for kolom in ("rd_x", "rd_y", "lat", "lon"):
        rules.append(Rule(kolom, bad_value(kolom, f"_{kolom}"), "geen geldig getal"))
    rules += [
        Rule("rd_y", pl.col("rd_x").is_not_null() != pl.col("rd_y").is_not_null(), "rd_x en rd_y horen samen"),
        Rule("lon", pl.col("lat").is_not_null() != pl.col("lon").is_not_null(), "lat en lon horen samen"),
    ]
    frame = ensure_columns(raw).with_columns(parsed)
    frame = _with_wgs84(frame)
    outside = pl.col("_wgs_lat").is_not_null() & ~(
        pl.col("_wgs_lat").is_between(*NL_LAT) & pl.col("_wgs_lon").is_between(*NL_LON)
    )
    rules.append(Rule("rd_x", outside & pl.col("_rd_x").is_not_null(), "coördinaten liggen buiten Nederland"))
    rules.append(Rule("lat", outside & pl.col("_rd_x").is_null(), "coördinaten liggen buiten Nederland"))
    valid, rejects = apply_rules(frame, required_rules(raw) + rules, raw.bestand)
    valid = valid.with_columns(
        *address_final(),
        pl.col("_fase").alias("fase"),
        pl.col("_fase_sinds").alias("fase_sinds"),
        pl.col("_programma").fill_null("regulier").alias("programma"),
        pl.col("_bijzondere_situatie").alias("bijzondere_situatie"),
        pl.col("_toestemming").alias("toestemming"),
        pl.col("_bag_id").alias("bag_id"),
        pl.col("_wgs_lat").alias("lat"),
        pl.col("_wgs_lon").alias("lon"),
    ).with_columns(address_key())
    valid, dup_rejects = _unique(
        valid,
        [
            ("ncg_id", pl.col("ncg_id"), "ncg_id komt eerder in het bestand voor"),
            ("postcode", pl.col("adres_sleutel"), "hetzelfde adres komt eerder in het bestand voor"),
            ("bag_id", pl.col("bag_id"), "dezelfde bag_id komt eerder in het bestand voor"),
        ],
        raw.bestand,
    )
    rejects = pl.concat([rejects, dup_rejects]).sort("regel", maintain_order=True)
    return Checked(valid, rejects, raw.frame.height)


def _with_wgs84(frame: pl.DataFrame) -> pl.DataFrame:
    """Rijksdriehoek (EPSG:28992) to WGS84 where given, else the given lat/lon."""
    rd = frame.select("_rd_x", "_rd_y")
    lat = np.full(frame.height, np.nan)
    lon = np.full(frame.height, np.nan)
    mask = (rd["_rd_x"].is_not_null() & rd["_rd_y"].is_not_null()).to_numpy()
    if mask.any():
        x = rd["_rd_x"].to_numpy()[mask]
        y = rd["_rd_y"].to_numpy()[mask]
        lon[mask], lat[mask] = _RD_TO_WGS84.transform(x, y)
    rd_lat = pl.Series("_rd_lat", lat).fill_nan(None)
    rd_lon = pl.Series("_rd_lon", lon).fill_nan(None)
    both_ll = pl.col("_lat").is_not_null() & pl.col("_lon").is_not_null()
    return frame.with_columns(rd_lat, rd_lon).with_columns(
        pl.coalesce("_rd_lat", pl.when(both_ll).then(pl.col("_lat"))).alias("_wgs_lat"),
        pl.coalesce("_rd_lon", pl.when(both_ll).then(pl.col("_lon"))).alias("_wgs_lon"),
    )


_RD_TO_WGS84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


def check_img(raw: RawFile, peildatum: date) -> Checked:
    pd_parsed, pd_rules = _peildatum_rules(
        peildatum, f"peildatum wijkt af van die van ncg_adressen ({peildatum:%d-%m-%Y})"
    )
    addr_parsed, addr_rules = address_columns(required=True)
    parsed = (
        pd_parsed
        + addr_parsed
        + [
            parse_code("schadesoort", SCHADESOORTEN).alias("_schadesoort"),
            parse_code("fase", IMG_FASEN).alias("_fase"),
            parse_date("datum_melding").alias("_datum_melding"),
            parse_date("datum_afgehandeld").alias("_datum_afgehandeld"),
            parse_bool("urgent").alias("_urgent"),
            parse_bool("toestemming").alias("_toestemming"),
        ]
    )
    afgehandeld = pl.col("_fase") == "afgehandeld"
    rules = (
        pd_rules
        + addr_rules
        + [
            Rule(
                "bag_id",
                pl.col("bag_id").is_not_null() & ~pl.col("bag_id").str.contains(r"^\d{16}$"),
                "bag_id moet 16 cijfers zijn",
            ),
            Rule(
                "schadesoort",
                bad_value("schadesoort", "_schadesoort"),
                f"onbekende schadesoort; toegestaan: {_list(SCHADESOORTEN)}",
            ),
            Rule("fase", bad_value("fase", "_fase"), f"onbekende fase; toegestaan: {_list(IMG_FASEN)}"),
            Rule("datum_melding", bad_value("datum_melding", "_datum_melding"), "geen geldige datum"),
            Rule("datum_melding", pl.col("_datum_melding") > pl.lit(peildatum), "datum_melding ligt na de peildatum"),
            Rule("datum_afgehandeld", bad_value("datum_afgehandeld", "_datum_afgehandeld"), "geen geldige datum"),
            Rule(
                "datum_afgehandeld",
                afgehandeld & pl.col("datum_afgehandeld").is_null(),
                "verplicht bij fase afgehandeld",
            ),
            Rule(
                "datum_afgehandeld",
                ~afgehandeld & pl.col("datum_afgehandeld").is_not_null(),
                "moet leeg zijn zolang de melding niet is afgehandeld",
            ),
            Rule(
                "datum_afgehandeld",
                pl.col("_datum_afgehandeld") < pl.col("_datum_melding"),
                "datum_afgehandeld ligt voor datum_melding",
            ),
            Rule(
                "datum_afgehandeld",
                pl.col("_datum_afgehandeld") > pl.lit(peildatum),
                "datum_afgehandeld ligt na de peildatum",
            ),
            Rule("urgent", bad_value("urgent", "_urgent"), "geen geldige ja/nee-waarde"),
            Rule("toestemming", bad_value("toestemming", "_toestemming"), "geen geldige ja/nee-waarde"),
        ]
    )
    final = [
        *address_final(),
        pl.col("_schadesoort").alias("schadesoort"),
        pl.col("_fase").alias("fase"),
        pl.col("_datum_melding").alias("datum_melding"),
        pl.col("_datum_afgehandeld").alias("datum_afgehandeld"),
        pl.col("_urgent").alias("urgent"),
        pl.col("_toestemming").alias("toestemming"),
    ]
    checked = _check(
        raw, parsed, rules, [("img_id", pl.col("img_id"), "img_id komt eerder in het bestand voor")], final
    )
    return Checked(checked.valid.with_columns(address_key()), checked.rejects, checked.rows_read)


def check_svip(raw: RawFile) -> Checked:
    addr_parsed, addr_rules = address_columns(required=False)
    parsed = addr_parsed + [
        parse_date("datum_ontvangen").alias("_datum_ontvangen"),
        parse_date("datum_afgerond").alias("_datum_afgerond"),
        pl.col("aanvrager").str.to_uppercase().alias("_aanvrager"),
        parse_code("soort", SVIP_SOORTEN).alias("_soort"),
        parse_code("uitkomst", SVIP_UITKOMSTEN).alias("_uitkomst"),
    ]
    rules = addr_rules + [
        Rule("datum_ontvangen", bad_value("datum_ontvangen", "_datum_ontvangen"), "geen geldige datum"),
        Rule("datum_afgerond", bad_value("datum_afgerond", "_datum_afgerond"), "geen geldige datum"),
        Rule(
            "datum_afgerond",
            pl.col("_datum_afgerond") < pl.col("_datum_ontvangen"),
            "datum_afgerond ligt voor datum_ontvangen",
        ),
        Rule(
            "aanvrager",
            pl.col("aanvrager").is_not_null() & ~pl.col("_aanvrager").is_in(ORGANISATIES),
            "aanvrager moet IMG of NCG zijn",
        ),
        Rule("soort", bad_value("soort", "_soort"), f"onbekende soort; toegestaan: {_list(SVIP_SOORTEN)}"),
        Rule(
            "uitkomst", bad_value("uitkomst", "_uitkomst"), f"onbekende uitkomst; toegestaan: {_list(SVIP_UITKOMSTEN)}"
        ),
    ]
    final = [
        *address_final(),
        pl.col("_datum_ontvangen").alias("datum_ontvangen"),
        pl.col("_datum_afgerond").alias("datum_afgerond"),
        pl.col("_aanvrager").alias("aanvrager"),
        pl.col("_soort").alias("soort"),
        pl.col("_uitkomst").alias("uitkomst"),
    ]
    checked = _check(
        raw, parsed, rules, [("verzoek_id", pl.col("verzoek_id"), "verzoek_id komt eerder in het bestand voor")], final
    )
    return Checked(
        checked.valid.with_columns(
            pl.when(pl.col("postcode").is_not_null()).then(address_key()).alias("adres_sleutel")
        ),
        checked.rejects,
        checked.rows_read,
    )


def check_ivr(raw: RawFile) -> Checked:
    parsed = [
        parse_datetime("tijdstip").alias("_tijdstip"),
        pl.col("lijn").str.to_uppercase().alias("_lijn"),
        parse_code("menukeuze", IVR_MENUKEUZES).alias("_menukeuze"),
        parse_code("onderwerp", IVR_ONDERWERPEN).alias("_onderwerp"),
        parse_bool("warme_overdracht").alias("_warme_overdracht"),
    ]
    rules = [
        Rule("tijdstip", bad_value("tijdstip", "_tijdstip"), "geen geldig tijdstip (ISO 8601)"),
        Rule("lijn", pl.col("lijn").is_not_null() & ~pl.col("_lijn").is_in(ORGANISATIES), "lijn moet IMG of NCG zijn"),
        Rule(
            "menukeuze",
            bad_value("menukeuze", "_menukeuze"),
            f"onbekende menukeuze; toegestaan: {_list(IVR_MENUKEUZES)}",
        ),
        Rule(
            "onderwerp",
            bad_value("onderwerp", "_onderwerp"),
            f"onbekend onderwerp; toegestaan: {_list(IVR_ONDERWERPEN)}",
        ),
        Rule("warme_overdracht", bad_value("warme_overdracht", "_warme_overdracht"), "geen geldige ja/nee-waarde"),
    ]
    lijn, keuze, onderwerp = pl.col("_lijn"), pl.col("_menukeuze"), pl.col("_onderwerp").fill_null("")
    verkeerd = ((lijn == "IMG") & ((keuze == "versterking") | (onderwerp == "versterking"))) | (
        (lijn == "NCG") & ((keuze == "schade") | (onderwerp == "schade"))
    )
    final = [
        pl.col("_tijdstip").alias("tijdstip"),
        pl.col("_tijdstip").dt.date().alias("datum"),
        pl.col("_tijdstip").dt.hour().cast(pl.Int32).alias("uur"),
        (pl.col("_tijdstip").dt.weekday() - 1).cast(pl.Int32).alias("weekdag"),
        pl.col("_lijn").alias("lijn"),
        pl.col("_menukeuze").alias("menukeuze"),
        pl.col("_onderwerp").alias("onderwerp"),
        pl.col("_warme_overdracht").alias("warme_overdracht"),
        verkeerd.alias("verkeerd_gekozen"),
    ]
    return _check(
        raw, parsed, rules, [("gesprek_id", pl.col("gesprek_id"), "gesprek_id komt eerder in het bestand voor")], final
    )


def check_samenwerking(raw: RawFile) -> Checked:
    addr_parsed, addr_rules = address_columns(required=True)
    parsed = addr_parsed + [
        parse_code("soort", SAMENWERKING_SOORTEN).alias("_soort"),
        parse_code("pilot", PILOTS).alias("_pilot"),
        parse_code("status", SAMENWERKING_STATUSSEN).alias("_status"),
        parse_date("datum").alias("_datum"),
    ]
    rules = addr_rules + [
        Rule("soort", bad_value("soort", "_soort"), f"onbekende soort; toegestaan: {_list(SAMENWERKING_SOORTEN)}"),
        Rule("pilot", bad_value("pilot", "_pilot"), f"onbekende pilot; toegestaan: {_list(PILOTS)} of leeg"),
        Rule(
            "status", bad_value("status", "_status"), f"onbekende status; toegestaan: {_list(SAMENWERKING_STATUSSEN)}"
        ),
        Rule("datum", bad_value("datum", "_datum"), "geen geldige datum"),
    ]
    final = [
        *address_final(),
        pl.col("_soort").alias("soort"),
        pl.col("_pilot").alias("pilot"),
        pl.col("_status").alias("status"),
        pl.col("_datum").alias("datum"),
    ]
    checked = _check(
        raw, parsed, rules, [("actie_id", pl.col("actie_id"), "actie_id komt eerder in het bestand voor")], final
    )
    return Checked(checked.valid.with_columns(address_key()), checked.rejects, checked.rows_read)
