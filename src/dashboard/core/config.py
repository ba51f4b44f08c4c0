"""Where the database and the bundled files are.

The database URL comes from, in order: the environment variable DATABASE_URL,
`.streamlit/secrets.toml` `[connections.dossiers] url` (Streamlit's own
convention, read from the current directory), else the embedded SQLite file.
The Kaart page's basemap: DASHBOARD_KAART_TEGELS, else `[kaart] tegels` there, else PDOK's.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/dashboard
_REPO_ROOT = _PACKAGE_DIR.parents[1]


def _bundled(name: str) -> Path:
    """A folder shipped with the project: beside src/ in a checkout, inside the package in a wheel."""
    in_checkout = _REPO_ROOT / name
    if in_checkout.is_dir():
        return in_checkout
    return Path(str(resources.files("dashboard") / f"_{name}"))


def queries_dir() -> Path:
    return _bundled("queries")


def sample_data_dir() -> Path:
    return _bundled("sample_data")


def embedded_database_path() -> Path:
    data_dir = Path(os.environ.get("DASHBOARD_DATA_DIR", _REPO_ROOT / "data"))
    return data_dir / "dossiers.sqlite"


def embedded_database_url() -> str:
    return f"sqlite:///{embedded_database_path()}"


def secrets_url(secrets_file: Path | None = None) -> str | None:
    path = secrets_file or Path.cwd() / ".streamlit" / "secrets.toml"
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        secrets = tomllib.load(fh)
    return secrets.get("connections", {}).get("dossiers", {}).get("url")


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("DATABASE_URL") or secrets_url() or embedded_database_url()


def is_embedded(url: str) -> bool:
    return url == embedded_database_url()


# ---------------------------------------------------------------- the basemap of the Kaart page

# PDOK's BRT-Achtergrondkaart (Kadaster), the basemap of Dutch government services: no key, tiles in web mercator.
PDOK_BRT_TEGELS = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
PDOK_BRONVERMELDING = "Kaartgegevens © Kadaster"


@dataclass(frozen=True)
class Achtergrondkaart:
    """Where the map's background tiles come from: an XYZ URL template ({z}/{x}/{y}), or none."""

    tegels: str  # "" = no basemap: the layers and the place names draw on a plain background
    bronvermelding: str = ""  # the attribution shown in the map's corner
    ongeldig: str = ""  # a configured value that is not a tile URL (then there is no basemap)


def _kaart_secrets(secrets_file: Path | None) -> dict:
    path = secrets_file or Path.cwd() / ".streamlit" / "secrets.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh).get("kaart", {})


def achtergrondkaart(secrets_file: Path | None = None) -> Achtergrondkaart:
    """The basemap: env DASHBOARD_KAART_TEGELS (set, even empty, it wins), else `[kaart] tegels` in
    .streamlit/secrets.toml, else PDOK's BRT-Achtergrondkaart. Empty means no basemap. The attribution is
    DASHBOARD_KAART_BRONVERMELDING or `[kaart] bronvermelding`, by default Kadaster's for a pdok.nl URL."""
    secrets = _kaart_secrets(secrets_file)
    tegels = os.environ.get("DASHBOARD_KAART_TEGELS")
    if tegels is None:
        tegels = str(secrets.get("tegels", PDOK_BRT_TEGELS))
    tegels = tegels.strip()
    bron = os.environ.get("DASHBOARD_KAART_BRONVERMELDING")
    if bron is None:
        bron = str(secrets.get("bronvermelding", PDOK_BRONVERMELDING if "pdok.nl" in tegels else ""))
    if tegels and not (tegels.startswith(("https://", "http://")) and all(d in tegels for d in ("{z}", "{x}", "{y}"))):
        return Achtergrondkaart("", "", ongeldig=tegels)
    return Achtergrondkaart(tegels, bron.strip() if tegels else "")
