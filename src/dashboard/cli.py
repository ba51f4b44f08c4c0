"""The `dashboard` command: load a delivery, generate sample data, print the report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

from dashboard.core import config


def _date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return date(*time.strptime(text, fmt)[:3])
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"geen geldige datum: {text!r} (JJJJ-MM-DD of DD-MM-JJJJ)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dashboard", description="Dashboard Schade & Versterken")
    sub = parser.add_subparsers(dest="command", required=True)

    load = sub.add_parser("load", help="load a delivery folder as the snapshot of its peildatum")
    load.add_argument("--source", type=Path, required=True, help="folder with ncg_adressen, img_schademeldingen, ...")
    load.add_argument("--database", help="SQLAlchemy URL (default: DATABASE_URL, secrets.toml, embedded SQLite)")
    load.add_argument("--rejects", type=Path, help="write every rejected row to this CSV file")
    load.add_argument("--quiet", action="store_true", help="print only the summary line")
    load.add_argument(
        "--force",
        action="store_true",
        help="load even when the guard refuses the delivery (too many rejects, or it would empty a "
        "stored snapshot: see README, Data)",
    )

    gen = sub.add_parser(
        "generate",
        help="write the synthetic sample calibrated to the evaluation's figures: one delivery folder per peildatum",
        description="Writes DIR/2020-10-31/ (the autumn-2020 inventory: 26,000 addresses, 71%% without a claim) and "
        "DIR/2021-08-31/ (the evaluation's figures), each a delivery folder for `dashboard load --source`.",
    )
    gen.add_argument("--out", type=Path, required=True, help="folder that receives one delivery folder per peildatum")
    gen.add_argument("--scale", type=float, default=1.0)
    gen.add_argument("--seed", type=int, default=20210831)

    rep = sub.add_parser("report", help="print the JSON report of a stored snapshot")
    rep.add_argument("--database")
    rep.add_argument("--peildatum", type=_date, help="default: the latest stored snapshot")
    rep.add_argument("--van", type=_date, help="first day of the IVR/SVIP window (inclusive)")
    rep.add_argument("--tot", type=_date, help="last day of the IVR/SVIP window (inclusive)")
    rep.add_argument(
        "--gemeente", action="append", default=[], help="restrict addresses to this municipality (repeatable)"
    )
    rep.add_argument(
        "--programma", action="append", default=[], help="restrict addresses to this programme (repeatable)"
    )

    exp = sub.add_parser("export-report", help="write the steering group's PDF report of a stored snapshot")
    exp.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    exp.add_argument("--database")
    exp.add_argument("--peildatum", type=_date, help="default: the latest stored snapshot")
    exp.add_argument(
        "--van",
        type=_date,
        help="first day of the IVR/SVIP window (inclusive; default: SVIP all, IVR "
        "the evaluation's period 03-01-2021 to 30-06-2021 as on the pages)",
    )
    exp.add_argument("--tot", type=_date, help="last day of the IVR/SVIP window (inclusive; defaults as --van)")
    exp.add_argument(
        "--gemeente", action="append", default=[], help="restrict addresses to this municipality (repeatable)"
    )
    exp.add_argument(
        "--programma", action="append", default=[], help="restrict addresses to this programme (repeatable)"
    )

    sig = sub.add_parser(
        "signals",
        help="write the core team's signals of the latest snapshot as CSV (for a weekly routine)",
        description="Compares the latest stored snapshot with the newest stored snapshot whose peildatum is on or "
        "before --since, and writes one CSV row per address and signal: became beide_lopend, moved into group B or "
        "E, got an AOS claim while on the NCG list, entered the NCG list with a running claim. When no snapshot "
        "is newer than --since, both are the latest and the CSV holds only its header, so a weekly run with "
        "--since set to the day of the previous run reports each delivery's signals once. No snapshot on or before "
        "--since: exit status 1. CSV: comma-separated, UTF-8, a header row, dates YYYY-MM-DD, codes as in the data "
        "contract plus a Dutch reason.",
    )
    wat = sig.add_mutually_exclusive_group(required=True)
    wat.add_argument(
        "--since",
        type=_date,
        help="compare with the newest snapshot on or before this day (YYYY-MM-DD or DD-MM-YYYY); each "
        "row also carries the signal's follow-up: signaal_id, status, owner",
    )
    wat.add_argument(
        "--open",
        action="store_true",
        help="export the open signals per owner (organisation, person; unowned last), oldest first, "
        "with a count per owner on standard error",
    )
    wat.add_argument("--all", action="store_true", help="export every followed-up signal with its status")
    sig.add_argument("--database", help="SQLAlchemy URL (default: DATABASE_URL, secrets.toml, embedded SQLite)")
    sig.add_argument("--out", type=Path, help="write the CSV to this file (default: standard output)")

    from dashboard.devtools import bench_cli

    bench_cli.add_arguments(
        sub.add_parser(
            "bench",
            help="time loads and page reruns at scale (see README, Performance)",
            description=bench_cli.DESCRIPTION,
        )
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return {
        "load": _load,
        "generate": _generate,
        "report": _report,
        "export-report": _export_report,
        "signals": _signals,
        "bench": _bench,
    }[args.command](args)


def _bench(args: argparse.Namespace) -> int:
    from dashboard.devtools import bench_cli

    return bench_cli.main(args)


def _load(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from dashboard.store.db import engine
    from dashboard.store.loader import DeliveryError, load_delivery

    url = config.database_url(args.database)
    started = time.perf_counter()
    try:
        result = load_delivery(
            args.source,
            engine(url),
            force=args.force,
            melding=lambda tekst: print(f"let op: {tekst}", file=sys.stderr, flush=True),
        )
    except DeliveryError as exc:
        print(f"fout: aanlevering niet geladen, database ongewijzigd: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        # The driver's message can quote delivered values: name only the kind of failure.
        print(
            f"fout: aanlevering niet geladen, database ongewijzigd: de database gaf een fout "
            f"({exc.__class__.__name__}); is ze bereikbaar?",
            file=sys.stderr,
        )
        return 1
    seconds = time.perf_counter() - started
    if not args.quiet:
        for f in result.bestanden:
            print(f"{f.bestand:<28} gelezen {f.gelezen:>8}  geladen {f.geladen:>8}  afgewezen {f.afgewezen_rijen:>6}")
        if result.rejects.height:
            print("\nafgewezen rijen (eerste 20):")
            for r in result.rejects.head(20).iter_rows(named=True):
                print(f"  {r['bestand']}:{r['regel']} {r['kolom']}={r['waarde']!r}: {r['reden']}")
            by_reason = result.rejects.group_by("bestand", "kolom", "reden").len().sort("len", descending=True)
            print("\nper reden:")
            for r in by_reason.iter_rows(named=True):
                print(f"  {r['len']:>6}  {r['bestand']} {r['kolom']}: {r['reden']}")
    if args.rejects:
        result.write_rejects(args.rejects)
        print(f"afgewezen rijen geschreven naar {args.rejects}")
    print(
        f"peildatum {result.peildatum.isoformat()} geladen (laadlog {result.load_id}): "
        f"{result.rijen_geladen} rijen geladen, {result.rijen_afgewezen} afgewezen, {seconds:.1f} s"
    )
    return 0


def _generate(args: argparse.Namespace) -> int:
    from dashboard.store.voorbeeld.generate import generate_sample

    for peildatum, counts in generate_sample(args.out, scale=args.scale, seed=args.seed).items():
        print(args.out / peildatum.isoformat())
        for name, n in counts.items():
            print(f"  {name:<24} {n:>10}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from dashboard.store.db import create_schema, engine
    from dashboard.subjects.rapport_json import NoSnapshot, build_report

    eng = engine(config.database_url(args.database))
    create_schema(eng)
    try:
        with eng.connect() as conn:
            report = build_report(conn, args.peildatum, args.van, args.tot, tuple(args.gemeente), tuple(args.programma))
    except NoSnapshot as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _export_report(args: argparse.Namespace) -> int:
    from dashboard.app import export
    from dashboard.app.rapport_pdf import rapport_pdf
    from dashboard.core.filters import Filters
    from dashboard.store.db import create_schema, engine
    from dashboard.subjects.rapport_json import NoSnapshot, resolve_peildatum

    if export.chromium_pad() is None:
        print(
            "fout: geen Chromium gevonden om de grafieken te tekenen (installeer chromium of zet BROWSER_PATH)",
            file=sys.stderr,
        )
        return 1
    eng = engine(config.database_url(args.database))
    create_schema(eng)
    try:
        with eng.connect() as conn:
            peildatum = resolve_peildatum(conn, args.peildatum)
            filters = Filters(peildatum, tuple(sorted(args.gemeente)), tuple(sorted(args.programma)))
            pdf = rapport_pdf(conn, filters, args.van, args.tot)
    except NoSnapshot as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    print(f"{args.out} ({len(pdf) // 1024} kB, peildatum {peildatum.isoformat()})")
    return 0


def _signals(args: argparse.Namespace) -> int:
    from dashboard.core.filters import Filters
    from dashboard.store import audit
    from dashboard.store.db import create_schema, engine, stored_peildata
    from dashboard.subjects import opvolging, signalen

    eng = engine(config.database_url(args.database))
    create_schema(eng)
    # The signals of snapshots loaded since the app (or this command) last looked are recorded first.
    opvolging.bijwerken(eng, gebruiker=audit.systeemgebruiker())
    with eng.connect() as conn:
        if not args.since:
            return _signals_opvolging(args, opvolging.werkvoorraad(conn, Filters(date.today())))
        try:
            vorige, laatste = signalen.sinds(stored_peildata(conn), args.since)
        except LookupError as exc:
            print(f"fout: {exc}", file=sys.stderr)
            return 1
        tabel = signalen.csv_tabel(signalen.signalen(conn, Filters(laatste), vorige))
        tabel = opvolging.met_opvolging(tabel, opvolging.werkvoorraad(conn, Filters(laatste)))
    if args.out:
        tabel.write_csv(args.out)
    else:
        sys.stdout.write(tabel.write_csv())
    print(f"{tabel.height} signalen tussen peildatum {vorige.isoformat()} en {laatste.isoformat()}", file=sys.stderr)
    return 0


def _signals_opvolging(args: argparse.Namespace, werkvoorraad) -> int:
    from dashboard.subjects import opvolging

    if args.open:
        werkvoorraad = werkvoorraad.filter(werkvoorraad["status"].is_in(list(opvolging.OPEN)))
    tabel = opvolging.export_tabel(werkvoorraad)
    if args.out:
        tabel.write_csv(args.out)
    else:
        sys.stdout.write(tabel.write_csv())
    if args.open:
        for r in opvolging.per_eigenaar(werkvoorraad).iter_rows(named=True):
            wie = ": ".join(x for x in (r["eigenaar_organisatie"], r["eigenaar_naam"]) if x) or "zonder eigenaar"
            print(f"{r['aantal']:>6}  {wie} (oudste {r['oudste']:%Y-%m-%d})", file=sys.stderr)
    print(f"{tabel.height} {'open ' if args.open else ''}signalen", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
