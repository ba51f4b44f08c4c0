"""The benchmark harness as a smoke check: a tiny scale through every page, on SQLite and PostgreSQL.

Benchmarks are not pass/fail tests: nothing here holds a timing threshold. These tests check that the
harness runs every page the router registers, without an exception, and writes sane numbers.
"""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from dashboard.devtools import bench

SCALE = 0.05


@pytest.fixture
def result(backend, new_database, tmp_path):
    return bench.run(
        scales=[SCALE],
        backends=["postgresql" if backend == "postgres" else "sqlite"],
        runs=2,
        naive_runs=1,
        workdir=tmp_path,
        new_database=lambda _backend, _tag: new_database(),
        progress=lambda _msg: None,
    )


def _sane(stats: dict) -> bool:
    return stats["n"] >= 1 and 0 < stats["min_ms"] <= stats["p50_ms"] <= stats["p95_ms"] <= stats["max_ms"]


def test_the_benchmark_times_every_page_and_writes_json(result, tmp_path):
    (entry,) = result["results"]
    assert entry["scale"] == SCALE

    load = entry["load"]
    assert [d["peildatum"] for d in load["deliveries"]] == sorted(d["peildatum"] for d in load["deliveries"])
    assert all(d["rows_loaded"] > 0 for d in load["deliveries"])
    assert load["seconds"] > 0 and load["peak_rss_mib"] > 0

    pages = entry["pages"]["pages"]
    assert list(pages) == [bench.page_name(p) for p in bench.app_pages()]
    for name, page in pages.items():
        assert not page["problems"], (name, page["problems"])
        assert page["titles"], f"{name} rendered no title"
        for kind in ("first", "miss", "hit"):
            assert _sane(page[kind]["script"]), (name, kind, page[kind])
            assert page[kind]["total"]["p50_ms"] >= page[kind]["script"]["p50_ms"] * 0.5
        assert page["miss"]["script"]["n"] == page["hit"]["script"]["n"] == 2
    assert entry["pages"]["peak_rss_mib"] > 0

    naive = entry["naive"]
    assert naive["same_counts"], "the naive pandas reference and the pages' functions disagree"
    assert _sane(naive["naive"]) and _sane(naive["app"]) and naive["ratio_p50"] > 0

    out = tmp_path / "bench.json"
    bench.write(result, out)
    assert json.loads(out.read_text(encoding="utf-8"))["results"][0]["pages"]["pages"].keys() == pages.keys()
    table = bench.table(result)
    assert all(name in table for name in pages)


@pytest.mark.parametrize("gemeenten", [(), ("Groningen",), ("Eemsdelta", "Oldambt")])
def test_the_naive_reference_agrees_with_what_the_pages_and_reports_show(sample_conn, gemeenten):
    """The benchmark's reference check compares the naive counts with the pages' own functions: the same groups
    A-F as the Overzicht, the JSON report and the Fasematrix."""
    from dashboard.core.filters import Filters
    from dashboard.devtools import bench_naive
    from dashboard.store import db
    from dashboard.subjects import adressen
    from dashboard.subjects.rapport_json import build_report

    peildatum = max(db.stored_peildata(sample_conn))
    app = bench_naive.via_queries(sample_conn, peildatum, gemeenten)
    assert bench_naive.naive(sample_conn, peildatum, gemeenten) == app
    report = build_report(sample_conn, gemeenten=gemeenten)
    assert app["groepen"] == {g: n for g, n in report["groepen"].items() if n}
    assert app["categorieen"] == {c: n for c, n in report["adressen"].items() if c != "totaal" and n}
    matrix = adressen.fasematrix(sample_conn, Filters(peildatum, gemeenten))
    assert app["groepen"] == {
        g: n for g, n in adressen.groepstotalen(matrix).select("groep", "aantal").iter_rows() if n
    }
    assert sum(app["groepen"].values()) == app["categorieen"]["beide_lopend"] > 0


def test_the_command_line_takes_the_documented_arguments():
    parser = cli._parser()
    args = parser.parse_args(
        [
            "bench",
            "--scales",
            "1,10,30",
            "--backends",
            "sqlite,postgresql",
            "--runs",
            "5",
            "--out",
            "x.json",
            "--concurrency",
            "20",
            "--duration",
            "60",
            "--ws-runs",
            "15",
            "--sessions",
            "1,10,50",
            "--session-duration",
            "30",
            "--first-start",
        ]
    )
    assert (args.scales, args.backends, args.runs, args.concurrency, args.duration) == (
        [1.0, 10.0, 30.0],
        ["sqlite", "postgresql"],
        5,
        20,
        60.0,
    )
    assert (args.ws_runs, args.sessions, args.session_duration, args.first_start) == (15, [1, 10, 50], 30.0, True)
    with pytest.raises(SystemExit):
        parser.parse_args(["bench", "--backends", "oracle"])
    with pytest.raises(SystemExit):
        parser.parse_args(["bench", "--sessions", "0,10"])
