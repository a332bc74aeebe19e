"""`rpkd bench`: time the store, the import and the indicators at several sizes.

For each N (households in one year) the runner builds a synthetic store
(``bench.data``), writes its households as an Indonesian-Excel CSV, and times,
each step in its own process (``bench.steps``, which explains the memory and
repeat protocol):

* ``generate``: the benchmark store (fast path, no per-row checks);
* ``demo_frame``: the real demo generator (``ingest.demo``, pandas) for N
  households and their beneficiaries, in memory (up to ``demo_max``);
* ``import``: the real checked import (``ingest.load.import_delivery``) of the
  CSV; ``read_csv``: DuckDB's own ``read_csv`` into the declared table on the
  same file (the yardstick);
* ``floor``: bare DuckDB P0 by district; ``indicators``: ``fgt_by`` by
  district with SEs and Gini, as the pages call it; ``indicators_nogini``: the
  same with ``include_gini=False``;
* ``reach``, ``budget``, ``mpi``: by district, when the modules exist;
* ``indicators_general``, ``indicators_general_nogini``: ``fgt_by`` on a view
  of the same households, which takes the general path (no derived tables:
  what a filtered relation gets), checked equal to the stored path;
* ``pandas``: the pandas baseline (``bench.baselines``), checked equal to
  ``fgt_by``.

Ratios and targets (issue 7) are computed from medians; see :data:`TARGETS`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bench import data as bench_data

DEFAULT_SIZES = (100_000, 1_000_000)
DEFAULT_WORKDIR = Path("/tmp/rpkd-bench")
YEAR = bench_data.DEFAULT_YEAR

# (ratio name, comparison, bound, the N it applies at or None for every N)
TARGETS = [
    ("indicators_vs_floor", "<=", 3.0, 1_000_000),
    ("pandas_vs_indicators", ">=", 10.0, 1_000_000),
    ("import_vs_read_csv", "<=", 2.0, None),
]


IMPORT_REPEATS = 4  # timed runs of import and read_csv after the cold one


def machine() -> dict:
    """The machine the figures come from."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    import duckdb
    import pandas

    return {
        "git": git_state(),
        "nproc": os.cpu_count(),
        "memory_gb": mem_gb,
        "cpu_model": cpu,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "platform": platform.platform(),
    }


def git_state() -> dict:
    """Commit measured, and files of the measured code that differ from it (a shared tree)."""
    repo = Path(__file__).resolve().parents[1]

    def git(*a: str) -> str:
        try:
            return subprocess.run(
                ["git", *a], cwd=repo, capture_output=True, text=True, timeout=10
            ).stdout.rstrip()
        except (OSError, subprocess.SubprocessError):
            return ""

    dirty = [
        line[3:]
        for line in git(
            "status",
            "--porcelain",
            "--",
            "analytics",
            "ingest",
            "store",
            "bench",
            "ui",
            "pages",
            "app.py",
        ).splitlines()
        if line.strip()
    ]
    commit = git("rev-parse", "--short", "HEAD")
    if not commit:  # an exported tree (git archive): the exporter names the commit
        return {"commit": os.environ.get("RPKD_BENCH_COMMIT", "unknown"), "uncommitted": []}
    return {"commit": commit, "uncommitted": dirty}


def run_step(name: str, args: dict, *, timeout_s: float = 3600) -> dict:
    """Run one step in its own process; return its facts (or an ``error``)."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.steps", name, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        cwd=Path(__file__).resolve().parents[1],
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("BENCH-RESULT "):
            return json.loads(line[len("BENCH-RESULT ") :])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return {"error": " | ".join(tail) or f"exit code {proc.returncode}"}


def module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _median(steps: dict, name: str) -> float | None:
    s = steps.get(name) or {}
    return s.get("median_s")


def _best(steps: dict, name: str) -> float | None:
    s = steps.get(name) or {}
    return s.get("best_s")


def _cpu(steps: dict, name: str) -> float | None:
    s = steps.get(name) or {}
    return s.get("cpu_s")


def ratios(steps: dict, *, cpu: bool = False) -> dict:
    """The ratios the issue asks for, from wall-clock medians (best for the import pair).

    With ``cpu=True`` the same ratios from process CPU seconds (all threads):
    steadier than wall time when other processes share the machine, but they
    count DuckDB's two threads twice where wall time counts them once.
    """

    def div(a, b):
        return round(a / b, 2) if a is not None and b else None

    if cpu:
        return {k: div(_cpu(steps, a), _cpu(steps, b)) for k, (a, b) in _PAIRS.items()}

    return {
        "indicators_vs_floor": div(_median(steps, "indicators"), _median(steps, "floor")),
        "indicators_nogini_vs_floor": div(
            _median(steps, "indicators_nogini"), _median(steps, "floor")
        ),
        "pandas_vs_indicators": div(_median(steps, "pandas"), _median(steps, "indicators")),
        "pandas_vs_indicators_nogini": div(
            _median(steps, "pandas"), _median(steps, "indicators_nogini")
        ),
        "import_vs_read_csv": div(_best(steps, "import"), _best(steps, "read_csv")),
        "general_vs_floor": div(_median(steps, "indicators_general"), _median(steps, "floor")),
        "general_nogini_vs_floor": div(
            _median(steps, "indicators_general_nogini"), _median(steps, "floor")
        ),
        "pandas_vs_general": div(_median(steps, "pandas"), _median(steps, "indicators_general")),
    }


_PAIRS = {
    "indicators_vs_floor": ("indicators", "floor"),
    "indicators_nogini_vs_floor": ("indicators_nogini", "floor"),
    "pandas_vs_indicators": ("pandas", "indicators"),
    "pandas_vs_indicators_nogini": ("pandas", "indicators_nogini"),
    "import_vs_read_csv": ("import", "read_csv"),
    "general_vs_floor": ("indicators_general", "floor"),
    "general_nogini_vs_floor": ("indicators_general_nogini", "floor"),
    "pandas_vs_general": ("pandas", "indicators_general"),
}


def check_targets(n: int, r: dict) -> dict:
    """Each target of the issue that applies at ``n``: value, bound, met."""
    out = {}
    for name, op, bound, at in TARGETS:
        if at is not None and n != at:
            continue
        v = r.get(name)
        met = None if v is None else (v <= bound if op == "<=" else v >= bound)
        out[name] = {"value": v, "target": f"{op} {bound:g}", "met": met}
    return out


def bench_size(
    n: int,
    workdir: Path,
    *,
    skip_pandas: bool = False,
    skip_import: bool = False,
    demo_max: int = 1_000_000,
    import_max: int | None = None,
    general: bool = True,
    keep: bool = False,
    say: Callable[[str], None] = lambda m: None,
) -> dict:
    """All steps for one size; returns {"households", "steps", "ratios", "targets", "notes"}."""
    wd = workdir / f"n{n}"
    wd.mkdir(parents=True, exist_ok=True)
    store = wd / "store.duckdb"
    csv = wd / "households.csv"
    base = {"store": str(store), "households": n, "year": YEAR}
    steps: dict[str, dict] = {}
    notes: list[str] = []

    def step(label: str, name: str, **extra) -> dict:
        say(f"N={n:,}: {label}")
        res = run_step(name, {**base, **extra})
        steps[label] = res
        if "error" in res:
            notes.append(f"{label} failed: {res['error']}")
        return res

    step("generate", "generate")
    if n <= demo_max:
        step("demo_frame", "demo_frame")
    else:
        notes.append(f"demo_frame skipped above {demo_max:,} households (pandas generator)")
    if not skip_import and (import_max is None or n <= import_max):
        empty = workdir / "empty.duckdb"
        if not empty.exists():
            from ingest.reference import init_store
            from store.db import Store

            init_store(Store(empty))
        step("write_csv", "write_csv", csv=str(csv))
        # Four timed runs each after the cold one: the ratio is best over best, and a
        # few seconds per run leave it at the mercy of one slow run otherwise.
        step(
            "import",
            "import",
            csv=str(csv),
            empty_store=str(empty),
            target=str(wd / "imp.duckdb"),
            repeats=IMPORT_REPEATS,
        )
        step(
            "read_csv",
            "read_csv",
            csv=str(csv),
            target=str(wd / "yard.duckdb"),
            repeats=IMPORT_REPEATS,
        )
        if not keep:
            csv.unlink(missing_ok=True)
    else:
        notes.append("import not measured at this size")
    step("floor", "floor")
    step("indicators", "indicators")
    step("indicators_nogini", "indicators", include_gini=False)
    for mod, label in (
        ("analytics.reach", "reach"),
        ("analytics.budget", "budget"),
        ("analytics.mpi", "mpi"),
    ):
        if module_exists(mod):
            step(label, label)
        else:
            notes.append(f"{label} skipped: {mod} does not exist yet")
    if general:
        step("indicators_general", "indicators", general=True)
        step("indicators_general_nogini", "indicators", general=True, include_gini=False)
    if skip_pandas:
        notes.append("pandas baseline skipped (--skip-pandas)")
    else:
        step("pandas", "pandas")
    r = ratios(steps)
    return {
        "households": n,
        "steps": steps,
        "ratios": r,
        "ratios_cpu": ratios(steps, cpu=True),
        "targets": check_targets(n, r),
        "notes": notes,
        "store": str(store) if keep else None,
    }


def run(
    sizes: tuple[int, ...] = DEFAULT_SIZES,
    *,
    workdir: Path = DEFAULT_WORKDIR,
    skip_pandas: bool = False,
    skip_import: bool = False,
    pages: bool = False,
    pages_households: int = 1_000_000,
    page_samples: int | None = None,
    demo_max: int = 1_000_000,
    general: bool = True,
    keep: bool = False,
    say: Callable[[str], None] = lambda m: None,
) -> dict:
    """Benchmark every size; optionally page latency on a ``pages_households`` store
    (``page_samples`` later visits per page; None: ``bench.pages.DEFAULT_SAMPLES``).

    Returns a JSON-able dict: ``machine``, ``date``, ``year``, ``runs`` (one per
    size: ``households``, ``steps``, ``ratios``, ``targets``, ``notes``) and
    ``pages`` (or None).
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    out = {
        "machine": machine(),
        "date": started.isoformat(timespec="seconds"),
        "year": YEAR,
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "runs": [],
        "pages": None,
    }
    keep_sizes = {pages_households} if pages else set()
    for n in sizes:
        out["runs"].append(
            bench_size(
                n,
                workdir,
                skip_pandas=skip_pandas,
                skip_import=skip_import,
                demo_max=demo_max,
                general=general,
                keep=keep or n in keep_sizes,
                say=say,
            )
        )
        if not (keep or n in keep_sizes):
            shutil.rmtree(workdir / f"n{n}", ignore_errors=True)
    if pages:
        from bench.pages import measure_pages

        store = workdir / f"n{pages_households}" / "store.duckdb"
        if not store.exists():
            say(f"pages: building a {pages_households:,}-household store")
            bench_data.build_store(store, pages_households)
        say("pages: timing every page in headless Chromium")
        out["pages"] = measure_pages(store, samples=page_samples, say=say)
        out["pages"]["households"] = pages_households
    out["seconds_total"] = round((dt.datetime.now(dt.UTC) - started).total_seconds(), 1)
    return out


def table(result: dict) -> str:
    """The results as aligned text (what `rpkd bench --format table` prints)."""
    m = result["machine"]
    lines = [
        f"machine: {m['nproc']} cores, {m['memory_gb']} GB, {m['cpu_model']}; "
        f"duckdb {m['duckdb']}, pandas {m['pandas']}; {result['date']}; "
        f"load average at start {result['loadavg_at_start']}",
        "",
        f"{'step':<20} {'N':>12} {'median s':>10} {'first s':>9} {'cpu s':>8} {'peak MB':>9}",
    ]
    for r in result["runs"]:
        for name, s in r["steps"].items():
            if "error" in s:
                lines.append(f"{name:<20} {r['households']:>12,} ERROR {s['error'][:60]}")
                continue
            med = s.get("median_s", s.get("first_s"))
            lines.append(
                f"{name:<20} {r['households']:>12,} {med:>10.3f} {s.get('first_s', 0):>9.3f} "
                f"{s.get('cpu_s', float('nan')):>8.3f} {s.get('peak_rss_mb', 0):>9.0f}"
            )
        lines.append("")
    lines.append("ratios (median over median; import: best over best)")
    for r in result["runs"]:
        parts = [f"{k}={v}" for k, v in r["ratios"].items() if v is not None]
        lines.append(f"  N={r['households']:,}: " + ", ".join(parts))
        parts = [f"{k}={v}" for k, v in r.get("ratios_cpu", {}).items() if v is not None]
        lines.append("    from CPU seconds: " + ", ".join(parts))
        for k, t in r["targets"].items():
            state = "n/a" if t["met"] is None else "MET" if t["met"] else "NOT MET"
            lines.append(f"    target {k} {t['target']}: {t['value']} {state}")
        for name in ("pandas", "indicators_general", "indicators_general_nogini"):
            chk = (r["steps"].get(name) or {}).get("check")
            if chk:
                diff = chk.get("max_diff", float("nan"))
                lines.append(f"    {name} equals fgt_by: {chk['equal']} (max diff {diff:.1e})")
        for note in r["notes"]:
            lines.append(f"    note: {note}")
    if result.get("pages"):
        lines += page_table(result["pages"])
    return "\n".join(lines)


def markdown(result: dict) -> str:
    """The results as Markdown tables (pasted into docs/performance.md)."""
    out = [
        "| N | step | median s | first s | best s | CPU s | peak RSS MB | runs | contention |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["runs"]:
        for name, s in r["steps"].items():
            if "error" in s:
                out.append(f"| {r['households']:,} | {name} | error: {s['error'][:80]} |||||||")
                continue
            cells = [s.get(k) for k in ("median_s", "first_s", "best_s", "cpu_s")]
            fmt = ["" if c is None else f"{c:.3f}" for c in cells]
            if cells[0] is None:
                fmt[0] = fmt[1]
            out.append(
                f"| {r['households']:,} | {name} | {' | '.join(fmt)} | "
                f"{s.get('peak_rss_mb', 0):.0f} | {s.get('runs', 1)} | {s.get('contention', '')} |"
            )
    out += ["", "| N | ratio | wall clock | CPU seconds | target |", "|---:|---|---:|---:|---|"]
    for r in result["runs"]:
        for k, v in r["ratios"].items():
            if v is None:
                continue
            t = r["targets"].get(k)
            verdict = ""
            if t:
                verdict = f"{t['target']}: {'met' if t['met'] else 'NOT met'}"
            out.append(
                f"| {r['households']:,} | {k} | {v} | {r.get('ratios_cpu', {}).get(k)} | {verdict} |"
            )
    if result.get("pages"):
        out += page_markdown(result["pages"])
    return "\n".join(out)


def _page_cells(row: dict) -> tuple:
    """First visit, median, best, worst of the later visits (seconds or None) and their count.

    Results written before several later visits were taken have only ``second_s``
    (one sample): it is the median and best and worst are None.
    """
    median = row.get("median_s", row.get("second_s"))
    n = row.get("samples", 1 if median is not None else 0)
    return row.get("first_s"), median, row.get("best_s"), row.get("worst_s"), n


def _page_verdict(p: dict) -> str | None:
    t = p.get("target")
    if not t:
        return None
    state = "n/a" if t["met"] is None else "MET" if t["met"] else "NOT MET"
    slowest = "" if t["value"] is None else f"slowest median {t['value']:.2f} s ({t['page']}); "
    errors = f"errors: {', '.join(t['errors'])}; " if t.get("errors") else ""
    return f"target {t['target']}: {slowest}{errors}{state}"


def page_table(p: dict) -> list[str]:
    """Lines of the page section of :func:`table`: first visit, then median, best
    and worst of the later visits and how many (seconds)."""

    def f(x):
        return f"{'':>8}" if x is None else f"{x:>8.2f}"

    lines = [
        "",
        f"pages on a {p['households']:,}-household store (seconds; median, best, worst "
        "of the later visits)",
        f"  {'page':<14} {'first':>8} {'median':>8} {'best':>8} {'worst':>8} {'n':>3}",
    ]
    for row in p["pages"]:
        if row.get("error"):
            lines.append(f"  {row['url_path']:<14} ERROR {row['error'][:60]}")
            continue
        first, median, best, worst, n = _page_cells(row)
        lines.append(f"  {row['url_path']:<14} {f(first)} {f(median)} {f(best)} {f(worst)} {n:>3}")
    verdict = _page_verdict(p)
    if verdict:
        lines.append(f"  {verdict}")
    for note in p.get("notes", []):
        lines.append(f"  note: {note}")
    return lines


def page_markdown(p: dict) -> list[str]:
    """Lines of the page section of :func:`markdown`: first visit, median of the
    later visits, their spread (best and worst) and count (seconds)."""

    def f(x):
        return "" if x is None else f"{x:.2f}"

    out = [
        "",
        f"Pages on a {p['households']:,}-household store; app load {p.get('app_load_s')} s.",
        "",
        "| page | first visit s | later visits: median s | best s | worst s | n | charts |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in p["pages"]:
        if row.get("error"):
            out.append(f"| {row['url_path']} | error: {row['error'][:60]} | | | | | |")
            continue
        first, median, best, worst, n = _page_cells(row)
        out.append(
            f"| {row['url_path']} | {f(first)} | {f(median)} | {f(best)} | {f(worst)} | {n} | "
            f"{row.get('charts', '')} |"
        )
    verdict = _page_verdict(p)
    if verdict:
        out += ["", verdict.replace("target ", "Target: ", 1) + "."]
    return out
