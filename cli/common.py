"""Helpers shared by the command modules: common flags, the store, output formats."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from typing import Any

import pandas as pd

from config import Settings, load_settings
from store.db import Store, StoreBusy, StoreError, upgrade_if_needed


class CliError(Exception):
    """A failure to report in one line, with an exit code."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", metavar="PATH", help="store file (default: $RPKD_DB or data/rpkd.duckdb)"
    )


def add_format(p: argparse.ArgumentParser, default: str = "table") -> None:
    p.add_argument("--format", choices=("json", "csv", "table"), default=default)


def settings(args: argparse.Namespace) -> Settings:
    return load_settings(db=getattr(args, "db", None))


def open_store(args: argparse.Namespace, *, must_exist: bool = True) -> Store:
    store = Store(settings(args).db_path)
    if must_exist and not store.exists():
        raise CliError(f"no store at {store.path}; build one with `rpkd demo` or `rpkd init`")
    if must_exist:
        try:
            store.reader()
            with contextlib.suppress(OSError, StoreBusy):
                upgrade_if_needed(store)  # an older store gains tables declared since
        except StoreError as exc:
            raise CliError(str(exc)) from exc
    return store


def _clean(v: Any) -> Any:
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if hasattr(v, "item"):
        return _clean(v.item())
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v


def records(df: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def emit(data: pd.DataFrame | dict | list, fmt: str, out=None) -> None:
    """Write a frame (or JSON-able object) as json, csv or an aligned table."""
    out = out or sys.stdout
    if isinstance(data, pd.DataFrame):
        if fmt == "json":
            json.dump(records(data), out, ensure_ascii=False, indent=2, default=str)
            out.write("\n")
        elif fmt == "csv":
            data.to_csv(out, index=False)
        else:
            with pd.option_context(
                "display.max_rows", 500, "display.width", 200, "display.max_columns", 50
            ):
                out.write(data.to_string(index=False) + "\n")
        return
    if fmt == "json" or fmt == "csv":
        json.dump(data, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
    else:
        out.write(_text(data) + "\n")


def _text(data: Any, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(data, dict):
        lines = []
        for k, v in data.items():
            if isinstance(v, (dict, list)):
                lines.append(f"{pad}{k}:")
                lines.append(_text(v, indent + 1))
            else:
                lines.append(f"{pad}{k}: {v}")
        return "\n".join(lines)
    if isinstance(data, list):
        return "\n".join(
            _text(v, indent) if isinstance(v, (dict, list)) else f"{pad}- {v}" for v in data
        )
    return f"{pad}{data}"
