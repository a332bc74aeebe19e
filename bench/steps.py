"""One benchmark step per process: ``python -m bench.steps STEP JSON-ARGS``.

Each step runs in a fresh Python process so that its peak memory is its own:
the child reads ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the kernel's
high-water mark of resident memory, DuckDB's native allocations included) when
the step is done, and prints one JSON line. A sampling thread would miss short
peaks and, in a shared process, every step would inherit the previous steps'
memory; the price of a process per step is about a second of imports, which is
not timed.

Timings: the first call of a step in its process is reported as ``first_s``
(cold: DuckDB reads the columns from the file); then the step is repeated and
the median and best are reported (``median_s``, ``best_s``): 5 more runs for
steps under 1 s, 2 more under 20 s, none above (overridable with ``repeats``).
``cpu_s`` is the process CPU time (user + system, all threads) of the median
run's neighbourhood: the median over runs, less sensitive than wall time to
other processes on a shared machine.
"""

from __future__ import annotations

import inspect
import json
import os
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from store import schema
from store.db import Store


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rss_mb() -> float:
    """Current resident memory of this process, MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """High-water mark of resident memory of this process, MB (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(
    fn: Callable[[], object],
    *,
    repeats: int | None = None,
    setup: Callable[[], object] | None = None,
) -> tuple[dict, object]:
    """Run ``fn`` once (cold), then repeat; return timing facts and the last result."""
    walls, cpus = [], []
    result = None

    def once() -> None:
        nonlocal result
        if setup is not None:
            setup()
        c0, t0 = _cpu(), time.perf_counter()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(_cpu() - c0)

    once()
    first = walls[0]
    if repeats is None:
        repeats = 5 if first < 1 else 2 if first < 20 else 0
    for _ in range(repeats):
        once()
    rep_w = walls[1:] or walls
    rep_c = cpus[1:] or cpus
    return {
        "first_s": round(first, 4),
        "median_s": round(statistics.median(rep_w), 4),
        "best_s": round(min(rep_w), 4),
        "cpu_s": round(statistics.median(rep_c), 4),
        "runs": len(walls),
    }, result


# ------------------------------------------------------------------ steps


def step_generate(a: dict) -> dict:
    from bench.data import build_store

    t = time.perf_counter()
    build_store(a["store"], a["households"], year=a["year"], seed=a.get("seed", 2025))
    return {"first_s": round(time.perf_counter() - t, 3), "runs": 1}


def step_demo_frame(a: dict) -> dict:
    import numpy as np

    from ingest import demo

    def run():
        rng = np.random.default_rng([2025, a["year"]])
        hh = demo.households_for_year(a["year"], a["households"], rng)
        demo.beneficiaries_for_year(hh, rng)
        return len(hh)

    facts, _ = timed(run, repeats=a.get("repeats", 0))
    return facts


def step_write_csv(a: dict) -> dict:
    from bench.data import write_households_csv

    t = time.perf_counter()
    rows = write_households_csv(Store(a["store"]), a["csv"], year=a["year"])
    return {
        "first_s": round(time.perf_counter() - t, 3),
        "runs": 1,
        "rows": rows,
        "bytes": Path(a["csv"]).stat().st_size,
    }


def step_import(a: dict) -> dict:
    """The real checked import of the CSV into a store holding no households yet."""
    from ingest.load import import_delivery

    target = Path(a["target"])
    phases: list[str] = []
    kw = {}
    if "progress" in inspect.signature(import_delivery).parameters:
        kw["progress"] = phases.append  # the import's own account of its phases

    def fresh() -> None:
        target.unlink(missing_ok=True)
        shutil.copyfile(a["empty_store"], target)
        phases.clear()

    facts, res = timed(
        lambda: import_delivery(Store(target), "households", Path(a["csv"]), **kw),
        repeats=a.get("repeats"),
        setup=fresh,
    )
    facts["rows"] = res.rows
    facts["phases_last_run"] = phases[:20]
    target.unlink(missing_ok=True)
    return facts


def step_read_csv(a: dict) -> dict:
    """The yardstick: DuckDB's own read_csv into the declared table, in a new database file."""
    import duckdb

    target = Path(a["target"])
    types = {c.name: c.duck_type for c in schema.HOUSEHOLDS.columns if not c.derived}
    cols = ", ".join(f"'{k}': '{v}'" for k, v in types.items())
    path_sql = str(a["csv"]).replace("'", "''")

    def fresh() -> None:
        for p in (target, target.with_name(target.name + ".wal")):
            p.unlink(missing_ok=True)

    def run() -> int:
        con = duckdb.connect(str(target))
        con.execute(schema.ddl(schema.HOUSEHOLDS))
        con.execute(
            f"INSERT INTO households ({', '.join(types)}) SELECT * FROM read_csv('{path_sql}', "
            f"delim=';', decimal_separator=',', header=true, columns={{{cols}}})"
        )
        n = con.execute("SELECT count(*) FROM households").fetchone()[0]
        con.execute("CHECKPOINT")
        con.close()
        return n

    facts, n = timed(run, repeats=a.get("repeats"), setup=fresh)
    facts["rows"] = n
    fresh()
    return facts


def _line(con, year: int) -> float:
    from analytics.lines import poverty_line_for

    return poverty_line_for(con, year)


def step_floor(a: dict) -> dict:
    from bench.baselines import floor_p0

    with Store(a["store"]).read() as con:
        z = _line(con, a["year"])
        facts, df = timed(
            lambda: floor_p0(con, line_rp=z, year=a["year"]), repeats=a.get("repeats")
        )
    facts["groups"] = len(df)
    return facts


def step_indicators(a: dict) -> dict:
    """analytics.poverty.fgt_by by district (with Gini unless include_gini is False).

    As the pages call it: on the stored households, where fgt_by reads the
    writer's derived design tables (``path`` says which path answered). With
    ``general=True``, on a view of the same rows, which takes the general path
    (what a filtered or ad-hoc relation gets), checked equal to the stored path.
    """
    from analytics.poverty import fgt_by
    from bench.baselines import compare
    from store import derived

    kw = {"include_gini": a.get("include_gini", True)}
    rel = "households"
    with Store(a["store"]).read() as con:
        z = _line(con, a["year"])
        if a.get("general"):
            con.execute("CREATE OR REPLACE TEMP VIEW bench_households AS FROM households")
            rel = "bench_households"
        facts, df = timed(
            lambda: fgt_by(con, rel, line_rp=z, year=a["year"], by=a.get("by", "district"), **kw),
            repeats=a.get("repeats"),
        )
        stored = rel == "households" and derived.usable(con, a["year"])
        facts["path"] = "stored" if stored else "general"
        if a.get("general"):
            ref = fgt_by(con, line_rp=z, year=a["year"], by=a.get("by", "district"), **kw)
            facts["check"] = compare(ref, df)
    facts["groups"] = len(df)
    return facts


def step_reach(a: dict) -> dict:
    from analytics.reach import reach_by

    with Store(a["store"]).read() as con:
        z = _line(con, a["year"])
        facts, df = timed(
            lambda: reach_by(con, year=a["year"], by="district", line_rp=z),
            repeats=a.get("repeats"),
        )
    facts["rows_out"] = len(df)
    return facts


def step_budget(a: dict) -> dict:
    from analytics.budget import budget_by

    with Store(a["store"]).read() as con:
        z = _line(con, a["year"])
        facts, df = timed(
            lambda: budget_by(con, year=a["year"], by="district", line_rp=z),
            repeats=a.get("repeats"),
        )
    facts["rows_out"] = len(df)
    return facts


def step_mpi(a: dict) -> dict:
    from analytics.mpi import mpi_by
    from config import REFERENCE_DIR

    structure = pd.read_csv(REFERENCE_DIR / "mpi_structure.csv")
    with Store(a["store"]).read() as con:
        facts, df = timed(
            lambda: mpi_by(con, year=a["year"], structure=structure, by="district"),
            repeats=a.get("repeats"),
        )
    facts["rows_out"] = len(df)
    return facts


def step_pandas(a: dict) -> dict:
    """The pandas baseline: load (timed apart), compute, and check against fgt_by."""
    from analytics.poverty import fgt_by
    from bench.baselines import compare, load_households, pandas_fgt_by_district

    with Store(a["store"]).read() as con:
        z = _line(con, a["year"])
        t = time.perf_counter()
        hh = load_households(con, year=a["year"])
        load_s = time.perf_counter() - t
        ref = fgt_by(con, line_rp=z, year=a["year"], by="district")
    facts, out = timed(lambda: pandas_fgt_by_district(hh, line_rp=z), repeats=a.get("repeats"))
    facts["load_s"] = round(load_s, 4)
    facts["check"] = compare(ref, out)
    return facts


STEPS: dict[str, Callable[[dict], dict]] = {
    "generate": step_generate,
    "demo_frame": step_demo_frame,
    "write_csv": step_write_csv,
    "import": step_import,
    "read_csv": step_read_csv,
    "floor": step_floor,
    "indicators": step_indicators,
    "reach": step_reach,
    "budget": step_budget,
    "mpi": step_mpi,
    "pandas": step_pandas,
}


def contention(seconds: float = 0.2) -> float:
    """Wall time / CPU time of a single-threaded busy loop: 1.0 on an idle core.

    Above 1 the machine is shared (other processes took the CPU); wall-clock
    figures taken at the same time are inflated by about that factor.
    """
    c0, t0 = _cpu(), time.perf_counter()
    x = 0
    while _cpu() - c0 < seconds:
        for i in range(10_000):
            x += i
    return round((time.perf_counter() - t0) / max(_cpu() - c0, 1e-9), 2)


def main(argv: list[str]) -> int:
    name, args = argv[0], json.loads(argv[1])
    base = rss_mb()
    crowd = contention()
    facts = STEPS[name](args)
    facts["peak_rss_mb"] = round(peak_rss_mb(), 1)
    facts["start_rss_mb"] = round(base, 1)
    facts["loadavg_1m"] = round(os.getloadavg()[0], 2)
    facts["contention"] = crowd
    print("BENCH-RESULT " + json.dumps(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
