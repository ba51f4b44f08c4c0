"""Where the database and the bundled files are.

The database URL comes from, in order: the environment variable DATABASE_URL,
`.streamlit/secrets.toml` `[connections.dossiers] url` (Streamlit's own
convention, read from the current directory), else the embedded SQLite file.
"""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
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
