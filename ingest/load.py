"""Checked, atomic import: stage -> check -> load in one transaction, or refuse.

The single entry point for every delivery, including the demo generator's
frames. A file loads whole or not at all (``store.db.Store.write`` is
copy-on-write), and every attempt is written to ``import_log``.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from config import REFERENCE_DIR
from ingest import checks
from ingest.checks import Problem
from ingest.stage import Staged, StageError, stage_file, stage_frame
from store import schema
from store.db import Store


class ImportRefused(ValueError):
    """The delivery has problems; nothing was loaded."""

    def __init__(self, file_name: str, problems: list[Problem]):
        self.file_name = file_name
        self.problems = problems
        kinds: dict[str, int] = {}
        for p in problems:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        summary = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
        first = "\n".join(f"  - {p}" for p in problems[:10])
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(
            f"{file_name}: refused, nothing was loaded ({len(problems)} problems; {summary})\n{first}{more}"
        )


@dataclass
class ImportResult:
    """What an accepted import did."""

    table: str
    file_name: str
    sha256: str
    rows: int
    years: list[int] = field(default_factory=list)
    replaced: bool = False
    notes: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def nik_hasher(key: str):
    """Keyed hash (HMAC-SHA256) of a NIK; the clear NIK never leaves the staging memory."""
    k = key.encode()

    def _h(nik: str | None) -> str | None:
        if nik is None:
            return None
        return hmac.new(k, nik.encode(), hashlib.sha256).hexdigest()

    return _h


def reference_frames(store: Store | None) -> dict[str, pd.DataFrame]:
    """Districts and villages to check codes against: from the store, else the shipped files."""
    if store is not None and store.exists():
        with store.read() as con:
            d = con.execute("SELECT district_code, bps_code, name FROM districts").df()
            v = con.execute("SELECT village_code, district_code FROM villages").df()
            if len(d):
                return {"ref_districts": d, "ref_villages": v}
    d = pd.read_csv(REFERENCE_DIR / "mimika_districts.csv", dtype=str)
    d = d.rename(columns={"code": "district_code"})[["district_code", "bps_code", "name"]]
    from geo.boundaries import load_villages

    v = pd.DataFrame(load_villages()[["village_code", "district_code"]])
    return {"ref_districts": d, "ref_villages": v}


def _staging_connection(refs: dict[str, pd.DataFrame]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    for name, df in refs.items():
        con.register(f"_{name}", df)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _{name}")
        con.unregister(f"_{name}")
    return con


def check_delivery(
    table_name: str,
    source: Path | pd.DataFrame,
    *,
    store: Store | None,
    file_name: str | None = None,
    sheet: str | None = None,
    nik_key: str | None = None,
) -> tuple[Staged, list[Problem], pa.Table | None]:
    """Stage and check a delivery without touching the store.

    Returns the staging facts, the problems, and (when clean) the typed rows
    as an Arrow table in the declared column order, NIK already hashed.
    """
    table = schema.TABLES[table_name]
    con = _staging_connection(reference_frames(store))
    try:
        name = file_name or (source.name if isinstance(source, Path) else "<frame>")
        try:
            if isinstance(source, pd.DataFrame):
                staged = stage_frame(con, source, name)
            else:
                staged = stage_file(con, source, checks.known_headers(table), sheet=sheet)
                staged.file_name = name
        except StageError as exc:
            return (
                Staged(name, [], 0, 0),
                [Problem(name, None, None, None, str(exc), "unreadable")],
                None,
            )
        problems, _rows = checks.check(con, table, staged)
        mapping, unknown, _ = checks.map_columns(table, staged.columns)
        if unknown:
            staged.notes.append("ignored columns: " + ", ".join(unknown))
        if problems:
            return staged, problems, None
        if "nik" in mapping:
            if not nik_key:
                return (
                    staged,
                    [
                        Problem(
                            name,
                            staged.header_row,
                            mapping["nik"],
                            None,
                            "a NIK key to pseudonymise it: set RPKD_NIK_KEY (or nik_key in rpkd.toml) and import again",
                            "nik_key_missing",
                        )
                    ],
                    None,
                )
            con.create_function(
                "nik_hash_fn", nik_hasher(nik_key), ["VARCHAR"], "VARCHAR", side_effects=False
            )
            con.execute("UPDATE parsed SET nik_hash = nik_hash_fn(nik), nik = NULL")
        typed = con.sql(checks.typed_relation_sql(table)).to_arrow_table()
        return staged, [], typed
    finally:
        con.close()


# ------------------------------------------------------------------ load


def _store_problems(
    con: duckdb.DuckDBPyConnection, table: schema.Table, file_name: str, replace: bool
) -> list[Problem]:
    """Checks that need the store: years or keys already present, references."""
    out: list[Problem] = []
    t = table.name
    if table.partition:
        present = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT year FROM {t} WHERE year IN (SELECT DISTINCT year FROM incoming) ORDER BY 1"
            ).fetchall()
        ]
        if present and not replace:
            out.append(
                Problem(
                    file_name,
                    None,
                    "year",
                    ", ".join(map(str, present)),
                    f"years not yet in {t} (use --replace to replace them in one transaction)",
                    "already_loaded",
                )
            )
    elif table.primary_key and t not in ("zone_mapping",):
        keys = ", ".join(table.primary_key)
        n = con.execute(f"SELECT count(*) FROM incoming JOIN {t} USING ({keys})").fetchone()[0]
        if n and not replace:
            out.append(
                Problem(
                    file_name,
                    None,
                    table.primary_key[0],
                    f"{n} rows",
                    f"keys not yet in {t} (use --replace to overwrite them)",
                    "already_loaded",
                )
            )
    if t in ("beneficiaries", "budgets"):
        rows = con.execute(
            "SELECT DISTINCT programme_code FROM incoming WHERE programme_code NOT IN "
            "(SELECT programme_code FROM programmes) ORDER BY 1 LIMIT 50"
        ).fetchall()
        for (code,) in rows:
            out.append(
                Problem(
                    file_name,
                    None,
                    "programme_code",
                    code,
                    "a programme in the programmes table (import it first)",
                    "unknown_reference",
                )
            )
    if t == "beneficiaries":
        n, example = con.execute(
            "SELECT count(*), min(i.year::VARCHAR || ' ' || i.hh_id) FROM incoming i "
            "ANTI JOIN households h ON h.year = i.year AND h.hh_id = i.hh_id"
        ).fetchone()
        if n:
            out.append(
                Problem(
                    file_name,
                    None,
                    "hh_id",
                    example,
                    f"households present in households for that year ({n} rows do not match)",
                    "unknown_reference",
                )
            )
    return out


def _apply(con: duckdb.DuckDBPyConnection, table: schema.Table, replace: bool) -> None:
    t = table.name
    cols = ", ".join(c.name for c in table.columns)
    if t == "zone_mapping":
        con.execute(
            "UPDATE districts SET zone = i.zone FROM incoming i WHERE districts.district_code = i.district_code"
        )
        return
    if table.partition and replace:
        con.execute(f"DELETE FROM {t} WHERE year IN (SELECT DISTINCT year FROM incoming)")
        if t == "households":
            # Beneficiaries refer to households of that year: they go with them.
            con.execute(
                "DELETE FROM beneficiaries WHERE year IN (SELECT DISTINCT year FROM incoming)"
            )
    elif table.primary_key and replace:
        cond = " AND ".join(f"{t}.{k} = incoming.{k}" for k in table.primary_key)
        con.execute(f"DELETE FROM {t} WHERE EXISTS (SELECT 1 FROM incoming WHERE {cond})")
    con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM incoming")


def _log(
    con: duckdb.DuckDBPyConnection,
    table: str,
    file_name: str,
    sha: str,
    rows: int,
    outcome: str,
    message: str,
    user: str,
) -> None:
    con.execute(
        "INSERT INTO import_log SELECT coalesce(max(import_id), 0) + 1, now(), ?, ?, ?, ?, ?, ?, ? FROM import_log",
        [table, file_name, sha, rows, outcome, message[:2000], user],
    )


def log_attempt(
    store: Store,
    table: str,
    file_name: str,
    sha: str,
    rows: int,
    outcome: str,
    message: str,
    user: str | None = None,
) -> None:
    """Record a refused or failed attempt (its own small transaction)."""
    if not store.exists():
        return
    with store.write() as con:
        _log(con, table, file_name, sha, rows, outcome, message, user or _user())


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def import_delivery(
    store: Store,
    table_name: str,
    source: Path | pd.DataFrame,
    *,
    replace: bool = False,
    sheet: str | None = None,
    file_name: str | None = None,
    source_kind: str = "import",
    user: str | None = None,
    nik_key: str | None = None,
    log_refusals: bool = True,
) -> ImportResult:
    """Import one delivery into ``table_name``, atomically, or raise :class:`ImportRefused`."""
    if table_name not in schema.IMPORTABLE:
        raise ValueError(
            f"cannot import into {table_name!r}; importable: {', '.join(schema.IMPORTABLE)}"
        )
    table = schema.TABLES[table_name]
    user = user or _user()
    if isinstance(source, pd.DataFrame):
        name = file_name or f"<{table_name} frame>"
        sha = hashlib.sha256(
            pd.util.hash_pandas_object(source, index=False).values.tobytes()
        ).hexdigest()
    else:
        source = Path(source)
        name = file_name or source.name
        sha = sha256_file(source) if source.exists() else ""
    staged, problems, typed = check_delivery(
        table_name, source, store=store, file_name=name, sheet=sheet, nik_key=nik_key
    )
    if problems:
        err = ImportRefused(name, problems)
        if log_refusals:
            log_attempt(
                store, table_name, name, sha, staged.rows, "refused", str(err).splitlines()[0], user
            )
        raise err
    assert typed is not None
    try:
        with store.write() as con:
            con.register("incoming", typed)
            problems = _store_problems(con, table, name, replace)
            if problems:
                raise ImportRefused(name, problems)
            _apply(con, table, replace)
            years = []
            if "year" in typed.column_names:
                years = sorted(
                    {
                        int(y)
                        for y in con.execute("SELECT DISTINCT year FROM incoming").fetchnumpy()[
                            "year"
                        ]
                    }
                )
            for y in years or [0]:
                con.execute(
                    "INSERT OR REPLACE INTO provenance VALUES (?, ?, ?, ?, ?, now())",
                    [
                        table_name if table_name != "zone_mapping" else "districts",
                        y,
                        source_kind,
                        name,
                        sha,
                    ],
                )
            _log(
                con,
                table_name,
                name,
                sha,
                typed.num_rows,
                "loaded",
                f"{typed.num_rows} rows"
                + (f", years {years}" if years else "")
                + (" (replaced)" if replace else ""),
                user,
            )
            con.unregister("incoming")
    except ImportRefused as err:
        if log_refusals:
            log_attempt(
                store, table_name, name, sha, staged.rows, "refused", str(err).splitlines()[0], user
            )
        raise
    except Exception as exc:
        if log_refusals:
            log_attempt(
                store,
                table_name,
                name,
                sha,
                staged.rows,
                "failed",
                f"{exc.__class__.__name__}: {exc}",
                user,
            )
        raise
    return ImportResult(table_name, name, sha, typed.num_rows, years, replace, staged.notes)
