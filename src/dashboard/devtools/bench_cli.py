"""`dashboard bench`: its arguments and what it runs (the work is in bench and bench_concurrency)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = (
    "Generates deliveries at each scale, loads them into a fresh database per backend and drives the real "
    "`streamlit run` server over Streamlit's websocket protocol (every page's rerun after a new gemeente selection; "
    "with --sessions, 1 to 50 sessions at once): client latency, server script time, bytes, memory. As a breakdown it "
    "times every page's rerun after a filter change under Streamlit's AppTest (p50/p95 on a cache miss and a cache "
    "hit), the load, "
    "peak memory and the naive pandas reference; with --concurrency, also N browser sessions (Playwright, "
    "Chromium) changing filters on Fasematrix and Kaart against one `streamlit run` server on the first scale's "
    "SQLite database. Prints a table and writes JSON. PostgreSQL needs a role that may CREATE DATABASE "
    "(--postgres-url; as root `bash .ci/services.sh` prints one, and `make bench` passes it)."
)


def _floats(text: str) -> list[float]:
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from exc
    if not values or any(v <= 0 for v in values):
        raise argparse.ArgumentTypeError("scales must be positive")
    return values


def _ints(text: str) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from exc
    if any(v < 1 for v in values):
        raise argparse.ArgumentTypeError("session counts must be at least 1")
    return values


def _names(text: str) -> list[str]:
    names = [x.strip() for x in text.split(",") if x.strip()]
    unknown = set(names) - {"sqlite", "postgresql"}
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"backends are sqlite and postgresql, not {sorted(unknown)}")
    return names


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scales", type=_floats, default=[1.0, 10.0], help="comma-separated, e.g. 1,10,30 (default 1,10)"
    )
    parser.add_argument(
        "--backends",
        type=_names,
        default=["sqlite", "postgresql"],
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument("--runs", type=int, default=20, help="reruns per page for each of miss and hit (default 20)")
    parser.add_argument(
        "--out", type=Path, default=Path("bench/results.json"), help="JSON file (default bench/results.json)"
    )
    parser.add_argument(
        "--postgres-url",
        help="a role that may CREATE DATABASE (default TEST_POSTGRES_URL, else "
        "DATABASE_URL when PostgreSQL, else what .ci/services.sh prints)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path("bench/work"),
        help="generated deliveries (kept and reused per scale and seed) and SQLite files",
    )
    parser.add_argument("--seed", type=int, help="generator seed (default the generator's)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases (default: dropped)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=0,
        metavar="N",
        help="also run N browser sessions against one server on the first scale's database",
    )
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of the concurrency run (default 60)")
    parser.add_argument(
        "--concurrency-backend",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="the database behind the concurrency run's server (default sqlite)",
    )
    parser.add_argument(
        "--concurrency-pages",
        default="fasematrix,kaart",
        help="the pages the sessions take in turn (default fasematrix,kaart)",
    )
    parser.add_argument(
        "--page-budget",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="stop a page's miss (and hit) runs after this long, after at least two (default 120)",
    )
    parser.add_argument("--pages", help="comma-separated page names to time (default every page in app.py)")
    parser.add_argument("--no-pages", action="store_true", help="skip the per-page AppTest runs (load and naive only)")
    parser.add_argument(
        "--ws-runs",
        type=int,
        default=20,
        metavar="N",
        help="the headline: reruns per page on the real server over its websocket protocol, one "
        "session, each a new gemeente selection (default 20; 0 skips)",
    )
    parser.add_argument(
        "--sessions",
        type=_ints,
        default=[],
        metavar="N,N,...",
        help="websocket sessions at once on the first scale, e.g. 1,10,50, each level for "
        "--session-duration seconds on Fasematrix, Kaart, Kandidaten and Overzicht",
    )
    parser.add_argument("--session-duration", type=float, default=60.0, help="seconds per sessions level (default 60)")
    parser.add_argument("--session-backends", type=_names, help="backends of the sessions levels (default --backends)")
    parser.add_argument(
        "--first-start",
        action="store_true",
        help="also time a fresh clone's first start (empty data folder, the sample loaded)",
    )


def main(args: argparse.Namespace) -> int:
    from dashboard.devtools import bench
    from dashboard.devtools.databases import default_postgres_url

    bench.config_check()
    postgres_url = args.postgres_url or default_postgres_url()
    needs_pg = "postgresql" in args.backends or (args.concurrency and args.concurrency_backend == "postgresql")
    if needs_pg and not postgres_url:
        postgres_url = bench.postgres_from_services()
        if not postgres_url:
            print(
                "fout: PostgreSQL gevraagd maar geen server: geef --postgres-url (een rol met CREATEDB) of "
                "draai als root `bash .ci/services.sh`",
                file=sys.stderr,
            )
            return 1
    result = bench.run(
        scales=args.scales,
        backends=args.backends,
        runs=args.runs,
        workdir=args.workdir,
        postgres_url=postgres_url,
        seed=args.seed,
        keep=args.keep,
        measure=not args.no_pages,
        concurrency=args.concurrency,
        duration=args.duration,
        concurrency_backend=args.concurrency_backend,
        concurrency_pages=tuple(p.strip() for p in args.concurrency_pages.split(",") if p.strip()),
        page_budget=args.page_budget,
        pages=[p.strip() for p in args.pages.split(",") if p.strip()] if args.pages else None,
        checkpoint=lambda partial: bench.write(partial, args.out),
        ws_runs=args.ws_runs,
        sessions=args.sessions,
        session_duration=args.session_duration,
        session_backends=args.session_backends,
        first_start=args.first_start,
        progress=lambda msg: print(msg, file=sys.stderr, flush=True),
    )
    bench.write(result, args.out)
    print(bench.table(result))
    print(f"\n{args.out}")
    return 0
