"""`rpkd indicators`, `reach`, `budget`, `mpi`, `inequality`, `trend`.

Thin wrappers: each opens the store read-only, resolves the year (default: the
latest year with households) and the poverty line (default: ``poverty_lines``
for that year), calls the analytics function the pages use and prints the
frame. Output keys are documented in docs/cli.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from cli.common import CliError, add_db, add_format, emit, open_store
from config import REFERENCE_DIR

SPATIAL = ("regency", "zone", "district", "village")
DEFAULT_STRUCTURE = REFERENCE_DIR / "mpi_structure.csv"


def _common(p: argparse.ArgumentParser) -> None:
    add_db(p)
    p.add_argument(
        "--year", type=int, metavar="YEAR", help="year (default: latest year with households)"
    )
    add_format(p)


def _line_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--line",
        type=float,
        metavar="RP",
        help="poverty line, Rp/capita/month (default: poverty_lines for the year)",
    )


def _poor_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--poor",
        choices=("line", "decile"),
        default="line",
        help="who is poor: below the line (default) or welfare decile <= --decile-k",
    )
    p.add_argument("--decile-k", type=int, default=4, metavar="K", help="default 4")
    _line_flag(p)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("indicators", help="FGT poverty (P0, P1, P2 with SEs) and Gini by group")
    _common(p)
    p.add_argument("--by", choices=SPATIAL, default="regency")
    _line_flag(p)
    p.add_argument(
        "--line-multiple",
        type=float,
        default=1.0,
        metavar="F",
        help="multiply the line (e.g. 1.2 for the near poor); default 1",
    )
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("reach", help="programme targeting: coverage, exclusion, leakage")
    _common(p)
    p.add_argument("--by", choices=SPATIAL, default="regency")
    _poor_flags(p)
    p.add_argument(
        "--weighting",
        choices=("household", "person"),
        default="household",
        help="count households (default) or persons",
    )
    p.add_argument(
        "--view",
        choices=("coverage", "unreached", "convergence", "overlap", "match"),
        default="coverage",
        help="coverage per programme (default), poor no programme reaches, programmes per "
        "poor household, list overlap, beneficiary/household match",
    )
    p.set_defaults(func=cmd_reach)

    p = sub.add_parser("budget", help="budget efficiency, or poverty-gap closure cost (--view gap)")
    _common(p)
    p.add_argument(
        "--by",
        choices=("programme", "opd", "funding_source", "district", "zone", "regency"),
        help="default programme (efficiency) or regency (gap)",
    )
    _poor_flags(p)
    p.add_argument(
        "--regency-wide",
        choices=("apportion", "separate"),
        default="apportion",
        help="budget rows without a district, by district/zone: apportion (default) or separate",
    )
    p.add_argument("--view", choices=("efficiency", "gap"), default="efficiency")
    p.set_defaults(func=cmd_budget)

    p = sub.add_parser("mpi", help="multidimensional poverty (Alkire-Foster H, A, M0)")
    _common(p)
    p.add_argument("--by", choices=SPATIAL, default="regency")
    p.add_argument("--k", type=float, default=1 / 3, help="poverty cut-off, default 1/3")
    p.add_argument(
        "--structure",
        type=Path,
        default=DEFAULT_STRUCTURE,
        metavar="CSV",
        help="indicators, dimensions and weights (default data/reference/mpi_structure.csv)",
    )
    p.add_argument(
        "--view",
        choices=("summary", "indicators"),
        default="summary",
        help="one row per group (default) or one per group and indicator",
    )
    p.set_defaults(func=cmd_mpi)

    p = sub.add_parser("inequality", help="Gini, Theil, Palma, deciles, Williamson")
    _common(p)
    p.add_argument("--by", choices=SPATIAL, default="regency")
    p.add_argument(
        "--view",
        choices=("summary", "theil", "deciles"),
        default="summary",
        help="summary (default), Theil between/within zones, decile shares",
    )
    p.set_defaults(func=cmd_inequality)

    p = sub.add_parser("trend", help="computed vs published vs RPKD target, per year")
    add_db(p)
    p.add_argument("--year", type=int, metavar="YEAR", help="only this year (default: all)")
    add_format(p)
    p.add_argument("--by", choices=("regency", "zone"), default="regency")
    p.add_argument(
        "--indicator",
        action="append",
        choices=("p0", "p1", "p2", "gini", "poor_people", "poverty_line"),
        help="keep only this indicator (repeatable; default all)",
    )
    p.set_defaults(func=cmd_trend)


# ------------------------------------------------------------------ helpers


def _year(con, args: argparse.Namespace) -> int:
    from analytics.lines import latest_year

    if args.year is None:
        try:
            return latest_year(con)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    years = [
        r[0] for r in con.execute("SELECT DISTINCT year FROM households ORDER BY 1").fetchall()
    ]
    if args.year not in years:
        have = ", ".join(map(str, years)) or "none"
        raise CliError(f"no households for {args.year} (years with households: {have})")
    return int(args.year)


def _line(con, args: argparse.Namespace, year: int) -> float:
    from analytics.lines import poverty_line_for

    if getattr(args, "line", None) is not None:
        if not args.line > 0:
            raise CliError("--line must be positive", 2)
        return float(args.line)
    try:
        return poverty_line_for(con, year)
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def _run(args: argparse.Namespace, compute) -> int:
    """Open the store, call ``compute(con, year)``, print the frame."""
    store = open_store(args)
    with store.read() as con:
        year = _year(con, args)
        try:
            df = compute(con, year)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    emit(df, args.format)
    return 0


# ------------------------------------------------------------------ commands


def cmd_indicators(args: argparse.Namespace) -> int:
    from analytics.poverty import fgt_by

    if not args.line_multiple > 0:
        raise CliError("--line-multiple must be positive", 2)

    def compute(con, year: int) -> pd.DataFrame:
        line = _line(con, args, year)
        df = fgt_by(con, line_rp=line, line_multiple=args.line_multiple, year=year, by=args.by)
        df["year"] = year
        df["line_rp"] = line * args.line_multiple
        return df

    return _run(args, compute)


def cmd_reach(args: argparse.Namespace) -> int:
    from analytics import reach

    def compute(con, year: int) -> pd.DataFrame:
        if args.view == "overlap":
            return reach.overlap_matrix(con, year=year)
        if args.view == "match":
            return reach.beneficiary_match(con, year=year)
        line = _line(con, args, year) if args.poor == "line" else None
        kw = dict(
            year=year,
            by=args.by,
            poor_definition=args.poor,
            line_rp=line,
            decile_k=args.decile_k,
            weighting=args.weighting,
        )
        if args.view == "unreached":
            return reach.unreached_poor(con, **kw)
        if args.view == "convergence":
            return reach.programmes_per_poor(con, **kw)
        return reach.reach_by(con, **kw)

    return _run(args, compute)


def cmd_budget(args: argparse.Namespace) -> int:
    from analytics.budget import BUDGET_GROUPINGS, GAP_GROUPINGS, budget_by, gap_closure_cost

    if args.view == "gap":
        by = args.by or "regency"
        if by not in GAP_GROUPINGS:
            raise CliError(f"--view gap: --by must be one of {', '.join(GAP_GROUPINGS)}", 2)
    else:
        by = args.by or "programme"
        if by not in BUDGET_GROUPINGS:
            raise CliError(f"--by must be one of {', '.join(BUDGET_GROUPINGS)}", 2)

    def compute(con, year: int) -> pd.DataFrame:
        if args.view == "gap":
            return gap_closure_cost(
                con,
                year=year,
                line_rp=_line(con, args, year),
                by=by,
                regency_wide=args.regency_wide,
            )
        return budget_by(
            con,
            year=year,
            by=by,
            poor_definition=args.poor,
            line_rp=_line(con, args, year) if args.poor == "line" else None,
            decile_k=args.decile_k,
            regency_wide=args.regency_wide,
        )

    return _run(args, compute)


def cmd_mpi(args: argparse.Namespace) -> int:
    from analytics.mpi import mpi_by, mpi_indicators

    try:
        structure = pd.read_csv(args.structure, dtype={"weight": str})
    except (OSError, pd.errors.ParserError) as exc:
        raise CliError(f"--structure {args.structure}: {exc}") from exc

    def compute(con, year: int) -> pd.DataFrame:
        df = mpi_by(con, year=year, structure=structure, k=args.k, by=args.by)
        return mpi_indicators(df, structure) if args.view == "indicators" else df

    return _run(args, compute)


def cmd_inequality(args: argparse.Namespace) -> int:
    from analytics import inequality

    if args.view == "theil" and args.by != "regency":
        raise CliError("--view theil splits the regency by zone; leave --by out", 2)

    def compute(con, year: int) -> pd.DataFrame:
        if args.view == "theil":
            return inequality.theil_decomposition(con, year=year)
        if args.view == "deciles":
            return inequality.decile_shares(con, year=year, by=args.by)
        return inequality.inequality_summary(con, year=year, by=args.by)

    return _run(args, compute)


def cmd_trend(args: argparse.Namespace) -> int:
    from analytics.trend import trend

    store = open_store(args)
    with store.read() as con:
        try:
            df = trend(con, by=args.by)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
    if args.year is not None:
        df = df[df["year"] == args.year]
    if args.indicator:
        df = df[df["indicator"].isin(args.indicator)]
    emit(df.reset_index(drop=True), args.format)
    return 0
