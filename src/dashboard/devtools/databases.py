"""Fresh, empty databases for the test suite and the benchmark.

SQLite files in a folder, or PostgreSQL databases created through a role that may CREATE DATABASE;
`drop` removes one, `drop_all` every PostgreSQL database this object created.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import sqlalchemy as sa

from dashboard.store import db

POSTGRES_MISSING = (
    "PostgreSQL needs a role that may CREATE DATABASE (--postgres-url or TEST_POSTGRES_URL); "
    "as root, `bash .ci/services.sh` prints one"
)


def default_postgres_url() -> str | None:
    """TEST_POSTGRES_URL, else DATABASE_URL, when it is a PostgreSQL URL."""
    for var in ("TEST_POSTGRES_URL", "DATABASE_URL"):
        url = os.environ.get(var, "")
        if url.startswith("postgresql"):
            return url
    return None


class Databases:
    """Creates empty databases; `backend` is the default of `new` ("sqlite", "postgres" or "postgresql")."""

    def __init__(self, workdir: Path, postgres_url: str | None, backend: str = "sqlite", prefix: str = "dash"):
        self.workdir = workdir
        self.postgres_url = postgres_url
        self.backend = backend
        self.prefix = prefix
        self.created: list[str] = []

    def new(self, backend: str | None = None, tag: str = "") -> str:
        """The URL of a new, empty database; `tag` goes into its name."""
        backend = backend or self.backend
        name = "_".join(
            p for p in (self.prefix, re.sub(r"[^a-z0-9]+", "_", tag.lower()).strip("_"), uuid.uuid4().hex[:10]) if p
        )
        if backend == "sqlite":
            return f"sqlite:///{self.workdir / name}.sqlite"
        if backend not in ("postgres", "postgresql"):
            raise ValueError(f"unknown backend {backend!r}")
        if not self.postgres_url:
            raise RuntimeError(POSTGRES_MISSING)
        url = db.create_database(self.postgres_url, name)
        self.created.append(name)
        return url

    def drop(self, url: str) -> None:
        """Remove one database (a SQLite file with its -wal and -shm files)."""
        db.dispose_engines()
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                p.unlink(missing_ok=True)
            return
        name = sa.make_url(url).database
        db.drop_database(self.postgres_url, name)
        if name in self.created:
            self.created.remove(name)

    def drop_all(self) -> None:
        """Drop every PostgreSQL database made here (SQLite files stay with their folder)."""
        for name in list(self.created):
            db.drop_database(self.postgres_url, name)
            self.created.remove(name)
