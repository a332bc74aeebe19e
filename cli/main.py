"""`rpkd`: everything a script needs, calling the same functions as the pages.

Each group of commands lives in its own module with a ``register(subparsers)``
function; this file only builds the parser and turns errors into clear
messages and exit codes (0 ok, 1 refused or failed, 2 usage).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cli import common

# Modules contributing commands (each has register(subparsers)).
COMMAND_MODULES = [
    "cli.store_cmds",
    "cli.analytics_cmds",
    "cli.access_cmds",
    "cli.planning_cmds",
    "cli.bench_cmds",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rpkd",
        description="Poverty analytics for Kabupaten Mimika: store, imports, indicators.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except common.CliError as exc:
        print(f"rpkd: {exc}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("rpkd: interrupted; the store is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
