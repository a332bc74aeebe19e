"""`rpkd bench`: how fast the store, the import, the indicators and the pages are."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.common import CliError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bench",
        help="benchmark generation, import, indicators (vs DuckDB floor and pandas) and pages",
        description=(
            "Build synthetic stores of N households (one year), time the checked import "
            "against DuckDB's read_csv, fgt_by by district against a bare DuckDB P0 and a "
            "pandas implementation, reach/budget/MPI, and optionally every page in headless "
            "Chromium. Each step runs in its own process (peak memory per step). "
            "See docs/performance.md."
        ),
    )
    p.add_argument(
        "--households",
        type=int,
        nargs="+",
        metavar="N",
        default=None,
        help="store sizes to measure (default: 100000 1000000)",
    )
    p.add_argument("--format", choices=("json", "table"), default="table")
    p.add_argument("--out", type=Path, metavar="FILE.json", help="also write the results as JSON")
    p.add_argument(
        "--pages",
        action="store_true",
        help="also time every page in headless Chromium on a --pages-households store",
    )
    p.add_argument("--pages-households", type=int, default=1_000_000, metavar="N")
    p.add_argument(
        "--page-samples",
        type=int,
        default=None,
        metavar="N",
        help=(
            "later visits per page after the first (default 5); the page target is "
            "judged on their median"
        ),
    )
    p.add_argument("--skip-pandas", action="store_true", help="leave out the pandas baseline")
    p.add_argument("--skip-import", action="store_true", help="leave out import and read_csv")
    p.add_argument(
        "--skip-general",
        action="store_true",
        help="leave out fgt_by on the general path (a view of the same households)",
    )
    p.add_argument(
        "--demo-max",
        type=int,
        default=1_000_000,
        metavar="N",
        help="largest N for which the pandas demo generator is timed (default 1000000)",
    )
    p.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where stores and CSVs are written (default /tmp/rpkd-bench)",
    )
    p.add_argument("--keep", action="store_true", help="keep stores and CSVs afterwards")
    p.set_defaults(func=cmd_bench)


def cmd_bench(args: argparse.Namespace) -> int:
    from bench import runner

    sizes = tuple(args.households or runner.DEFAULT_SIZES)
    if any(n < 1000 for n in sizes):
        raise CliError("--households: each N must be at least 1000", 2)
    if args.page_samples is not None and args.page_samples < 1:
        raise CliError("--page-samples: N must be at least 1", 2)

    def say(msg: str) -> None:
        print(f"[bench] {msg}", file=sys.stderr, flush=True)

    result = runner.run(
        sizes,
        workdir=args.workdir or runner.DEFAULT_WORKDIR,
        skip_pandas=args.skip_pandas,
        skip_import=args.skip_import,
        pages=args.pages,
        pages_households=args.pages_households,
        page_samples=args.page_samples,
        demo_max=args.demo_max,
        general=not args.skip_general,
        keep=args.keep,
        say=say,
    )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    if args.format == "json":
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(runner.table(result))
    failed = [
        f"{r['households']}:{name}"
        for r in result["runs"]
        for name, s in r["steps"].items()
        if "error" in s
    ]
    if failed:
        print(f"rpkd: steps failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0
