"""`rpkd init`, `rpkd demo`, `rpkd status`, `rpkd import`."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

from cli.common import CliError, add_db, add_format, emit, open_store, settings
from store import schema
from store.db import Store, StoreBusy


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create an empty store with the schema and reference data")
    add_db(p)
    p.add_argument(
        "--force", action="store_true", help="rebuild an existing store (its data is lost)"
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="build the embedded Mimika default (synthetic, calibrated)")
    add_db(p)
    p.add_argument(
        "--households",
        type=int,
        default=90_000,
        metavar="N",
        help="households per year (default 90000)",
    )
    p.add_argument("--seed", type=int, default=2025)
    p.add_argument(
        "--years",
        default="2023-2025",
        help="a year (2025), a range (2023-2025) or a list (2021,2025)",
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("status", help="tables, row counts, years present, last imports")
    add_db(p)
    add_format(p)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "import",
        help="check and load a delivery (all or nothing)",
        description="Check a delivery (CSV, XLSX, Parquet, Stata .dta, SPSS .sav) against the "
        "schema and load it in one transaction, or refuse it and change nothing. Column "
        "names, aliases and formats: docs/import-formats.md.",
    )
    add_db(p)
    p.add_argument("table", choices=schema.IMPORTABLE)
    p.add_argument("file", type=Path)
    p.add_argument("--sheet", help="XLSX sheet name (default: the first)")
    p.add_argument(
        "--replace",
        action="store_true",
        help="replace the years (or keys) already present, in one transaction",
    )
    p.add_argument(
        "--report",
        type=Path,
        metavar="CSV",
        help="where to write the full problem report (default: FILE.problems.csv)",
    )
    p.add_argument(
        "--decimal",
        choices=("auto", "comma", "dot"),
        default="auto",
        help="decimal mark of a text file; only decides values like 1.234 "
        "(default: detected from the data)",
    )
    p.set_defaults(func=cmd_import)


def parse_years(text: str) -> tuple[int, ...]:
    """'2025' -> (2025,), '2023-2025' -> (2023, 2024, 2025), '2021,2025' -> (2021, 2025)."""
    try:
        if "-" in text:
            a, b = (int(x) for x in text.split("-", 1))
            if b < a:
                raise ValueError
            return tuple(range(a, b + 1))
        return tuple(int(x) for x in text.split(","))
    except ValueError:
        raise CliError(f"--years: expected 2025, 2023-2025 or 2021,2025, got {text!r}", 2) from None


def cmd_init(args: argparse.Namespace) -> int:
    from ingest.reference import init_store

    store = Store(settings(args).db_path)
    try:
        init_store(store, force=args.force)
    except FileExistsError as exc:
        raise CliError(str(exc)) from exc
    print(f"initialised {store.path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ingest.demo import build_demo

    years = parse_years(args.years)
    if args.households < 100:
        raise CliError("--households must be at least 100", 2)
    path = settings(args).db_path
    t0 = time.perf_counter()

    def progress(msg: str, frac: float) -> None:
        print(f"[{frac:4.0%}] {msg}", file=sys.stderr, flush=True)

    try:
        build_demo(path, households=args.households, seed=args.seed, years=years, progress=progress)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    print(
        f"demo store built at {path} in {time.perf_counter() - t0:.1f} s (synthetic data, calibrated to BPS figures)"
    )
    return 0


def status(store: Store) -> dict:
    """What the store holds: counts, years, provenance, last imports."""
    from store.db import table_counts

    with store.read() as con:
        counts = table_counts(con)
        years = {
            t: [r[0] for r in con.execute(f"SELECT DISTINCT year FROM {t} ORDER BY 1").fetchall()]
            for t in ("households", "beneficiaries", "budgets")
        }
        prov = con.execute(
            "SELECT table_name, year, source_kind, file_name, loaded_at FROM provenance ORDER BY table_name, year"
        ).df()
        last = con.execute(
            "SELECT import_id, attempted_at, table_name, file_name, rows, outcome, message, user_name "
            "FROM import_log ORDER BY import_id DESC LIMIT 10"
        ).df()
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    from cli.common import records

    return {
        "store": str(store.path),
        "size_bytes": store.path.stat().st_size,
        "schema_version": meta.get("schema_version"),
        "demo": meta.get("demo"),
        "contains_demo_data": bool((prov.source_kind == "demo").any()),
        "tables": counts,
        "years": years,
        "provenance": records(prov),
        "last_imports": records(last),
    }


def cmd_status(args: argparse.Namespace) -> int:
    s = status(open_store(args))
    if args.format == "table":
        print(f"store: {s['store']} ({s['size_bytes'] / 1e6:.1f} MB), schema {s['schema_version']}")
        if s["contains_demo_data"]:
            print(f"DEMO DATA (synthetic): {s['demo']}")
        print("tables:")
        for t, n in s["tables"].items():
            print(f"  {t:<16} {n:>10,}")
        for t, ys in s["years"].items():
            print(f"years in {t}: {', '.join(map(str, ys)) or '-'}")
        print("last imports:")
        for r in s["last_imports"]:
            print(
                f"  #{r['import_id']} {r['attempted_at']} {r['table_name']:<14} {r['outcome']:<8} {r['file_name']} ({r['message']})"
            )
    else:
        emit(s, args.format)
    return 0


IMPORT_SHOW_PROBLEMS = 20


def _report_path(args: argparse.Namespace) -> Path:
    if args.report:
        return args.report
    name = args.file.name + ".problems.csv"
    folder = args.file.resolve().parent
    return folder / name if os.access(folder, os.W_OK) else Path.cwd() / name


def cmd_import(args: argparse.Namespace) -> int:
    from ingest.load import ImportRefused, import_delivery
    from ingest.problems import KINDS

    cfg = settings(args)
    store = open_store(args)
    if not args.file.exists():
        raise CliError(f"{args.file}: file not found")
    report = _report_path(args)
    report.unlink(missing_ok=True)  # a stale report from an earlier attempt would mislead
    t0 = time.perf_counter()

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    progress(f"checking {args.file} for {args.table} ...")
    try:
        res = import_delivery(
            store,
            args.table,
            args.file,
            replace=args.replace,
            sheet=args.sheet,
            nik_key=cfg.nik_key,
            decimal={"auto": None, "comma": ",", "dot": "."}[args.decimal],
            report=report,
            progress=progress,
        )
    except ImportRefused as exc:
        total = sum(exc.counts.values())
        lines = [
            f"{exc.file_name}: refused, nothing was loaded "
            f"({total:,} problem{'' if total == 1 else 's'})"
        ]
        lines.append("problems by kind:")
        for kind, n in sorted(exc.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  {kind:<24} {n:>9,}  {KINDS.get(kind, '')}")
        shown = exc.problems[:IMPORT_SHOW_PROBLEMS]
        lines.append(f"first {len(shown)} problems:" if total > len(shown) else "problems:")
        lines += [f"  {p.message} [{p.kind}]" for p in shown]
        if exc.report is not None:
            lines.append(f"full report ({total:,} rows): {exc.report}")
        _audit_import(args, "refused", problems=total)
        raise CliError("\n".join(lines)) from exc
    except StoreBusy as exc:
        _audit_import(args, "busy")
        raise CliError(str(exc)) from exc
    except (duckdb.Error, OSError) as exc:
        _audit_import(args, "failed", error=exc.__class__.__name__)
        raise CliError(
            f"{args.file}: import failed, the store is unchanged "
            f"({exc.__class__.__name__}: {str(exc).splitlines()[0]})"
        ) from exc
    _audit_import(args, "loaded", rows=res.rows, years=res.years)
    years = f", years {', '.join(map(str, res.years))}" if res.years else ""
    print(
        f"loaded {res.rows:,} rows into {res.table} from {res.file_name}{years}"
        f"{' (replaced)' if res.replaced else ''} in {time.perf_counter() - t0:.1f} s"
    )
    for note in res.notes:
        print(f"note: {note}")
    return 0


def _audit_import(args: argparse.Namespace, outcome: str, **detail: object) -> None:
    """Note the attempt in the audit log (ui.audit); the user is the account running rpkd."""
    import getpass

    from ui import audit

    try:
        who = getpass.getuser()
    except Exception:
        who = "unknown"
    audit.record(
        "import",
        {"table": args.table, "file": args.file.name, "outcome": outcome, **detail},
        user=who,
        role="cli",
        path=audit.audit_path(settings(args).state_dir),
    )
