"""`rpkd rat export|list|import`, `rpkd simulate`, `rpkd priority`.

The same functions as the planning pages (planning/), so a script and the page
give the same numbers for the same store, year and parameters.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from cli.common import CliError, add_db, add_format, emit, open_store, records, settings
from store.schema import ZONES

# Column names a RAT file may use (Indonesian headers of the export, or store names).
RAT_ALIASES = {
    "kode_kegiatan": "action_id",
    "program_kegiatan": "activity",
    "kegiatan": "activity",
    "kode_program": "programme_code",
    "indikator": "indicator",
    "target": "target_value",
    "satuan": "target_unit",
    "kode_lokasi": "location_code",
    "lokasi": "location_code",
    "anggaran": "budget_rp",
    "sumber_dana": "funding_source",
    "opd_penanggung_jawab": "opd",
    "kelompok_sasaran": "target_group",
    "strategi": "strategy",
    "tahun": "plan_year",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rat", help="the RAT (annual action plan): export, list, import")
    rat_sub = p.add_subparsers(dest="rat_command", required=True, metavar="ACTION")

    q = rat_sub.add_parser("export", help="write the current plan as XLSX (RAT matrix layout)")
    add_db(q)
    q.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    q.add_argument("--year", type=int, metavar="Y", help="plan year (default: data year + 1)")
    q.set_defaults(func=cmd_rat_export)

    q = rat_sub.add_parser("list", help="the current plan (or every version with --history)")
    add_db(q)
    q.add_argument("--year", type=int, metavar="Y", help="plan year (default: data year + 1)")
    q.add_argument("--history", action="store_true", help="every saved version, newest first")
    q.add_argument(
        "--by-strategy",
        action="store_true",
        help="actions and budget per RPKD strategy and programme group instead of the rows",
    )
    add_format(q)
    q.set_defaults(func=cmd_rat_list)

    q = rat_sub.add_parser(
        "import", help="check and save RAT rows from CSV/XLSX (new versions, all or nothing)"
    )
    add_db(q)
    q.add_argument("file", type=Path)
    q.add_argument(
        "--year", type=int, metavar="Y", help="plan year (default: the file's, else data year + 1)"
    )
    q.add_argument("--user", help="saved_by (default: the login name)")
    q.add_argument(
        "--replace",
        action="store_true",
        help="the file is the whole plan: actions of the year not in it are deleted",
    )
    q.set_defaults(func=cmd_rat_import)

    p = sub.add_parser("simulate", help="what-if: a transfer's effect on P0, P1, P2, Gini, cost")
    add_db(p)
    p.add_argument("--kind", choices=("add", "remove", "perfect", "move"), required=True)
    p.add_argument(
        "--amount", type=float, metavar="RP", help="Rp per household per year (add, move)"
    )
    p.add_argument("--who", choices=("decile", "zone", "all", "current"), default="decile")
    p.add_argument("--decile-k", type=int, default=4, metavar="K", help="deciles 1..K (default 4)")
    p.add_argument("--zone", choices=ZONES)
    p.add_argument("--programme", metavar="CODE", help="programme (remove, who=current)")
    p.add_argument("--budget", type=float, metavar="RP", help="Rp per year (perfect)")
    p.add_argument("--from-zone", choices=ZONES)
    p.add_argument("--to-zone", choices=ZONES)
    p.add_argument("--year", type=int, metavar="Y", help="data year (default: latest)")
    p.add_argument("--line", type=float, metavar="RP", help="poverty line (default: that year's)")
    add_format(p)
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("priority", help="rank districts or villages by a weighted composite")
    add_db(p)
    p.add_argument("--level", choices=("district", "village"), default="district")
    p.add_argument(
        "--weights",
        default="p0=0.4,p1=0.2,mpi_m0=0.2,coverage_gap=0.2",
        help="INDICATOR=WEIGHT,... from p0, p1, mpi_m0, coverage_gap, budget_per_poor_rp "
        "(district only); normalised to sum to 1",
    )
    p.add_argument("--year", type=int, metavar="Y", help="data year (default: latest)")
    p.add_argument("--line", type=float, metavar="RP", help="poverty line (default: that year's)")
    add_format(p)
    p.set_defaults(func=cmd_priority)


# ------------------------------------------------------------------ helpers


def _plan_year(con, args: argparse.Namespace) -> int:
    from planning.rat import default_plan_year

    return int(args.year) if args.year is not None else default_plan_year(con)


def _data_year_line(con, args: argparse.Namespace) -> tuple[int, float]:
    from analytics.lines import latest_year, poverty_line_for

    try:
        year = int(args.year) if args.year is not None else latest_year(con)
        if args.line is not None:
            if not args.line > 0:
                raise CliError("--line must be positive", 2)
            return year, float(args.line)
        return year, poverty_line_for(con, year)
    except ValueError as exc:
        raise CliError(str(exc)) from exc


# ------------------------------------------------------------------ rat


def _strategy_lines(summary: pd.DataFrame) -> list[str]:
    """'beban: 3 action(s), 1,500,000,000 Rp' per strategy ('not set' last)."""
    lines = []
    for code, part in summary.groupby(summary["strategy"].fillna("not set"), sort=False):
        rp = float(part["budget_rp"].sum())
        lines.append(f"  {code}: {int(part['actions'].sum())} action(s), {rp:,.0f} Rp")
    return lines


def cmd_rat_export(args: argparse.Namespace) -> int:
    from planning.export import rat_workbook
    from planning.rat import current_plan, load_references
    from planning.strategy import budget_by_strategy

    store = open_store(args)
    with store.read() as con:
        year = _plan_year(con, args)
        data = rat_workbook(con, year)
        plan = current_plan(con, year)
        summary = budget_by_strategy(plan, load_references(con, year))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"RAT {year}: {len(plan)} action(s) written to {args.out}, by strategy:")
    print("\n".join(_strategy_lines(summary)))
    unset = int(summary.loc[summary["strategy"].isna(), "actions"].sum())
    if unset:
        print(
            f"warning: {unset} action(s) saved before strategies were recorded have none "
            "(listed under 'belum diisi'); set them on the RAT page or with rpkd rat import",
            file=sys.stderr,
        )
    return 0


def cmd_rat_list(args: argparse.Namespace) -> int:
    from planning.rat import current_plan, history, load_references
    from planning.strategy import budget_by_strategy

    store = open_store(args)
    with store.read() as con:
        year = _plan_year(con, args)
        if args.by_strategy:
            df = budget_by_strategy(current_plan(con, year), load_references(con, year))
        else:
            df = history(con, year) if args.history else current_plan(con, year)
    emit(df, args.format)
    return 0


def read_rat_file(path: Path) -> pd.DataFrame:
    """A flat RAT table from CSV (';' or ',') or XLSX; headers mapped to store names,
    text numbers read the Indonesian way (1.500.000,5) unless unambiguous."""
    from ingest.sniff import norm_header
    from ingest.values import parse_numbers

    if not path.exists():
        raise CliError(f"no file {path}")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            df = pd.read_excel(path, dtype=object)
        else:
            df = pd.read_csv(path, dtype=str, sep=None, engine="python", encoding="utf-8-sig")
    except (OSError, ValueError) as exc:
        raise CliError(f"{path}: cannot read ({exc})") from exc
    mapped = {}
    for c in df.columns:
        key = norm_header(c)
        mapped[c] = RAT_ALIASES.get(key, key)
    df = df.rename(columns=mapped)
    for c in ("target_value", "budget_rp"):
        if c in df.columns and not pd.api.types.is_numeric_dtype(df[c]):
            texts = [None if pd.isna(v) else str(v) for v in df[c]]
            parsed = parse_numbers(texts, ",")
            # Keep what cannot be parsed so the check quotes it.
            df[c] = [p if p is not None else t for p, t in zip(parsed, texts, strict=True)]
    return df


def cmd_rat_import(args: argparse.Namespace) -> int:
    from planning.checks import errors
    from planning.rat import PlanRefused, current_plan, save_plan

    rows = read_rat_file(args.file)
    store = open_store(args)
    with store.read() as con:
        if args.year is not None:
            year = int(args.year)
        elif "plan_year" in rows.columns and rows["plan_year"].notna().any():
            years = {int(float(y)) for y in rows["plan_year"].dropna()}
            if len(years) != 1:
                raise CliError(f"the file holds several plan years {sorted(years)}; use --year", 2)
            year = years.pop()
        else:
            year = _plan_year(con, args)
        stored = current_plan(con, year)
    deletions = {}
    if args.replace:
        in_file = set(rows["action_id"].dropna().astype(str)) if "action_id" in rows else set()
        deletions = {a: int(v) for a, v in zip(stored.action_id, stored.version, strict=True)
                     if a not in in_file}  # fmt: skip
    user = args.user or getpass.getuser()
    try:
        res = save_plan(store, rows, plan_year=year, user=user, deletions=deletions)
    except PlanRefused as exc:
        for p in errors(exc.problems):
            print(f"{args.file.name}: {p}", file=sys.stderr)
        raise CliError(f"RAT {year} not saved: {len(errors(exc.problems))} problem(s)") from None
    for w in res.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(
        f"RAT {year}: {len(res.created)} new, {len(res.updated)} changed, "
        f"{len(res.deleted)} deleted, {res.unchanged} unchanged (saved by {user})"
    )
    return 0


# ------------------------------------------------------------------ simulate


def cmd_simulate(args: argparse.Namespace) -> int:
    from planning import whatif

    fields = {
        "kind": args.kind,
        "amount_rp_year": args.amount,
        "who": args.who,
        "decile_k": args.decile_k,
        "zone": args.zone,
        "programme_code": args.programme,
        "budget_rp_year": args.budget,
        "from_zone": args.from_zone,
        "to_zone": args.to_zone,
    }
    if args.kind in ("add", "move") and args.amount is None:
        raise CliError(f"--kind {args.kind} needs --amount RP", 2)
    if args.kind == "perfect" and args.budget is None:
        raise CliError("--kind perfect needs --budget RP", 2)
    store = open_store(args)
    with store.read() as con:
        year, line = _data_year_line(con, args)
        try:
            s = whatif.scenario(**fields)
            res = whatif.run(con, year=year, line_rp=line, **fields)
        except ValueError as exc:
            raise CliError(str(exc), 2) from exc
    if args.format == "csv":
        emit(res.table, "csv")
        return 0
    summary = {
        "scenario": asdict(s),
        "year": year,
        "line_rp": line,
        "cost_rp_year": res.cost_rp_year,
        "recipients_households": res.recipients_households,
        "closure_cost_rp_year": res.closure_cost_rp_year,
        "assumptions": res.assumptions,
    }
    if args.format == "json":
        json.dump({**summary, "table": records(res.table)}, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return 0
    emit({k: v for k, v in summary.items() if k != "scenario"}, "table")
    emit(res.table, "table")
    return 0


# ------------------------------------------------------------------ priority


def cmd_priority(args: argparse.Namespace) -> int:
    from planning.locations import parse_weights, priority_table

    try:
        weights = parse_weights(args.weights)
    except ValueError as exc:
        raise CliError(f"--weights: {exc}", 2) from exc
    min_n = settings(args).min_cell_households
    store = open_store(args)
    with store.read() as con:
        year, line = _data_year_line(con, args)
        try:
            df = priority_table(
                con,
                level=args.level,
                year=year,
                line_rp=line,
                weights=weights,
                min_households=min_n,
            )
        except ValueError as exc:
            raise CliError(str(exc), 2) from exc
    df.insert(0, "year", year)
    emit(df, args.format)
    return 0
