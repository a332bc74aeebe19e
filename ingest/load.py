"""Checked, atomic import: stage -> check -> load in one transaction, or refuse.

The single entry point for every delivery, including the demo generator's
frames. A file loads whole or not at all: staging and checks run in a private
DuckDB (nothing touches the store), and the load runs inside
``store.db.Store.write``, which is copy-on-write: a refusal, an error or a
``kill -9`` in the middle leaves the store file as it was. Every attempt that
gets as far as an answer is written to ``import_log`` (file name, SHA-256,
rows, outcome, who).
"""

from __future__ import annotations

import getpass
import hashlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from ingest import checks
from ingest.codes import load_references, reference_frames
from ingest.direct import read_direct
from ingest.problems import Problem, summary
from ingest.sniff import FileScan, scan_file
from ingest.stage import (
    TEXT_EXT,
    Staged,
    StageError,
    memory_limit,
    quiet,
    scratch_dir,
    stage_file,
    stage_frame,
    staging,
)
from ingest.values import lit
from store import derived, schema
from store.db import Store

__all__ = [
    "ImportRefused",
    "ImportResult",
    "check_delivery",
    "import_delivery",
    "nik_hasher",
    "reference_frames",
    "sha256_file",
]

# The unit a delivery replaces as a whole (default: the table's partition column).
# Each programme sends its own beneficiary list, so a list replaces that
# programme's year, not every programme's.
REPLACE_UNITS: dict[str, tuple[str, ...]] = {"beneficiaries": ("programme_code", "year")}
BATCH_ROWS = 122_880  # DuckDB row group size

Progress = Callable[[str], None]


class ImportRefused(ValueError):
    """The delivery has problems; nothing was loaded."""

    def __init__(
        self,
        file_name: str,
        problems: list[Problem],
        counts: dict[str, int] | None = None,
        report: Path | None = None,
    ):
        self.file_name = file_name
        self.problems = problems
        if counts is None:
            counts = {}
            for p in problems:
                counts[p.kind] = counts.get(p.kind, 0) + 1
        self.counts = counts
        self.report = report
        total = sum(counts.values())
        first = "\n".join(f"  - {p.message} [{p.kind}]" for p in problems[:10])
        more = f"\n  ... and {total - 10:,} more" if total > 10 else ""
        super().__init__(
            f"{file_name}: refused, nothing was loaded ({summary(counts)})\n{first}{more}"
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
    seconds: dict[str, float] = field(default_factory=dict)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def nik_hasher(key: str) -> Callable[[str | None], str | None]:
    """Keyed hash (HMAC-SHA256, hex) of a NIK; the clear NIK never leaves staging memory."""
    block = 64
    k = key.encode()
    if len(k) > block:
        k = hashlib.sha256(k).digest()
    k = k.ljust(block, b"\0")
    inner0 = hashlib.sha256(bytes(b ^ 0x36 for b in k))
    outer0 = hashlib.sha256(bytes(b ^ 0x5C for b in k))

    def _h(nik: str | None) -> str | None:
        if nik is None:
            return None
        inner = inner0.copy()
        inner.update(nik.encode())
        outer = outer0.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    return _h


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def _frame_sha(df: pd.DataFrame) -> str:
    h = hashlib.sha256(",".join(map(str, df.columns)).encode())
    h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    return h.hexdigest()


def _stage(
    con: duckdb.DuckDBPyConnection,
    table: schema.Table,
    source: Path | pd.DataFrame,
    name: str,
    sheet: str | None,
    scan: FileScan | Callable[[], FileScan] | None,
    tmp_dir: str,
    typed: bool = True,
) -> Staged:
    if isinstance(source, pd.DataFrame):
        return stage_frame(con, source, name)
    # Value labels (.sav/.dta) are read for the yes/no columns: 1 = "Ya", 2 = "Perempuan".
    label_headers = {
        checks.norm_header(h)
        for c in table.columns
        if c.type == "bool"
        for h in (c.name, *c.aliases)
    }
    staged = stage_file(
        con,
        source,
        checks.known_headers(table),
        sheet=sheet,
        label_headers=label_headers,
        scan=scan,
        tmp_dir=tmp_dir,
        plan=checks.type_plan(table) if typed else None,
    )
    staged.file_name = name
    return staged


def _stage_and_check(
    con: duckdb.DuckDBPyConnection,
    table: schema.Table,
    source: Path | pd.DataFrame,
    name: str,
    *,
    sheet: str | None,
    nik_key: str | None,
    decimal: str | None,
    tmp_dir: str,
    scan: FileScan | Callable[[], FileScan] | None = None,
    say: Progress = lambda m: None,
) -> tuple[Staged, checks.CheckResult]:
    """Stage and check in ``con`` (TEMP objects only); the problems go to ``problems``.

    A CSV is first read the direct way (typed as read, checked in one pass); a file
    that is not clean goes through the text path, which reports its problems."""
    load_references(con)
    typed = True
    if isinstance(source, Path):
        found, tried = read_direct(
            con, table, source, name, scan=scan, nik_key=nik_key, decimal=decimal, say=say
        )
        if found is not None:
            return found
        typed = not tried  # read once already: straight to the text path
    t0 = time.perf_counter()
    try:
        staged = _stage(con, table, source, name, sheet, scan, tmp_dir, typed=typed)
    except StageError as exc:
        staged = Staged(name, [], 0, 0)
        p = Problem(name, None, None, None, f"a readable file: {exc}", "unreadable")
        checks.create_problems_table(con)
        checks.add_problems(con, [p])
        return staged, checks.CheckResult([p], {"unreadable": 1}, {}, None, 0)
    how = [staged.format.upper() or "frame"]
    if staged.encoding:
        how.append(staged.encoding)
    if staged.delimiter:
        how.append("delimiter " + {"\t": "tab"}.get(staged.delimiter, repr(staged.delimiter)))
    if staged.header_row > 1:
        how.append(f"header on row {staged.header_row}")
    if staged.sheet:
        how.append(f"sheet {staged.sheet!r}")
    say(
        f"staged {staged.rows:,} rows from {name} ({', '.join(how)}) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    t0 = time.perf_counter()
    res = checks.run_checks(con, table, staged, decimal=decimal, nik_key=nik_key)
    if not res.ok and staged.types:
        # Read typed, the file has problems: the report comes from the text path.
        staged = _stage(con, table, source, name, sheet, scan, tmp_dir, typed=False)
        res = checks.run_checks(con, table, staged, decimal=decimal, nik_key=nik_key)
    verdict = "no problems" if res.ok else summary(res.counts)
    say(f"checked {staged.rows:,} rows: {verdict} in {time.perf_counter() - t0:.1f} s")
    return staged, res


def check_delivery(
    table_name: str,
    source: Path | pd.DataFrame,
    *,
    store: Store | None = None,
    file_name: str | None = None,
    sheet: str | None = None,
    nik_key: str | None = None,
    decimal: str | None = None,
) -> tuple[Staged, list[Problem], pa.Table | None]:
    """Stage and check a delivery without touching the store (a preview).

    Returns the staging facts, the problems (the first ones of each kind), and,
    when clean, the typed rows as an Arrow table in the declared column order,
    NIK already hashed. Store-level checks (year already loaded, references)
    are not run here: :func:`import_delivery` runs them under the write lock.
    ``store`` is accepted for compatibility; the code lists are the shipped ones.
    """
    table = schema.TABLES[table_name]
    source = source if isinstance(source, pd.DataFrame) else Path(source)
    name = file_name or (source.name if isinstance(source, Path) else "<frame>")
    with staging() as (con, scratch):
        staged, res = _stage_and_check(
            con,
            table,
            source,
            name,
            sheet=sheet,
            nik_key=nik_key,
            decimal=decimal,
            tmp_dir=scratch,
        )
        if not res.ok:
            return staged, res.problems, None
        rel = con.sql(checks.incoming_sql(table, res.mapping))
        typed = rel.to_arrow_table().drop(["_row"])
        return staged, [], typed


# ------------------------------------------------------------------ store level


def _units(table: schema.Table) -> tuple[str, ...]:
    if table.name in REPLACE_UNITS:
        return REPLACE_UNITS[table.name]
    return (table.partition,) if table.partition else ()


def _key_columns(table: schema.Table) -> tuple[str, ...]:
    """The columns of ``incoming_keys``: the replace unit, the year, and for households
    the PSU (numbered as the rows are inserted, store.derived.keyed)."""
    cols = list(_units(table))
    if "year" in table.column_names and "year" not in cols:
        cols.append("year")
    if table.name == "households":
        cols += ["strata", "psu"]
    return tuple(cols)


def _keep_keys(con: duckdb.DuckDBPyConnection, table: schema.Table) -> None:
    """``incoming_keys``: the distinct key columns of ``incoming``, in one pass (the
    store checks, the replace, the years and the PSU numbers read them, not the rows)."""
    cols = _key_columns(table)
    if cols:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE incoming_keys AS "
            f"SELECT DISTINCT {', '.join(cols)} FROM incoming"
        )


def _store_problems(
    con: duckdb.DuckDBPyConnection, table: schema.Table, file_name: str, replace: bool
) -> None:
    """Checks that need the store, as rows of the TEMP table ``problems``."""
    t = table.name
    units = _units(table)

    def add(sql: str, params: list | None = None) -> None:
        con.execute(f"INSERT INTO problems {sql}", params or [])

    if units and not replace:
        shown = " || ' / ' || ".join(f"{u}::VARCHAR" for u in units)
        label = " + ".join(units)
        add(
            f"""SELECT 'already_loaded', ?, NULL, ?, ?, {shown},
                'a {label} not yet in {t}, or --replace to replace it in one transaction'
            FROM (SELECT DISTINCT {", ".join(units)} FROM incoming_keys) i
            WHERE EXISTS (SELECT 1 FROM {t} s WHERE {" AND ".join(f"s.{u} = i.{u}" for u in units)})
            ORDER BY ALL""",
            [file_name, units[-1], units[-1]],
        )
    elif table.primary_key and not units and t != "zone_mapping" and not replace:
        keys = ", ".join(table.primary_key)
        shown = " || ' / ' || ".join(f"coalesce({k}::VARCHAR, '')" for k in table.primary_key)
        add(
            f"""SELECT 'already_loaded', ?, _row, ?, ?, {shown},
                'a {" + ".join(table.primary_key)} not yet in {t}, or --replace to overwrite it'
            FROM incoming i SEMI JOIN {t} USING ({keys}) ORDER BY _row""",
            [file_name, table.primary_key[0], table.primary_key[0]],
        )
    if t in ("beneficiaries", "budgets"):
        add(
            """SELECT 'unknown_reference', ?, _row, 'programme_code', 'programme_code',
                programme_code, 'a programme in the programmes table (import programmes first)'
            FROM incoming WHERE programme_code NOT IN (SELECT programme_code FROM programmes)
            ORDER BY _row""",
            [file_name],
        )
    if t == "beneficiaries":
        add(
            """SELECT 'unknown_reference', ?, _row, 'hh_id', 'hh_id', hh_id,
                'a household of ' || year || ' in the households table'
            FROM incoming i WHERE NOT EXISTS
                (SELECT 1 FROM households h WHERE h.year = i.year AND h.hh_id = i.hh_id)
            ORDER BY _row""",
            [file_name],
        )


def _apply(con: duckdb.DuckDBPyConnection, table: schema.Table, replace: bool) -> list[str]:
    """Write ``incoming`` into the table; return notes on side effects."""
    t = table.name
    notes: list[str] = []
    # Columns the store writer fills itself (households.psu_key) are not staged.
    staged = {d[0] for d in con.execute("SELECT * FROM incoming LIMIT 0").description}
    cols = ", ".join(c.name for c in table.columns if c.name in staged)
    if t == "zone_mapping":
        con.execute(
            "UPDATE districts SET zone = i.zone FROM incoming i "
            "WHERE districts.district_code = i.district_code"
        )
        return notes
    units = _units(table)
    if units and replace:
        cond = " AND ".join(f"{t}.{u} = i.{u}" for u in units)
        con.execute(
            f"DELETE FROM {t} WHERE EXISTS (SELECT 1 FROM "
            f"(SELECT DISTINCT {', '.join(units)} FROM incoming_keys) i WHERE {cond})"
        )
    elif table.primary_key and replace:
        cond = " AND ".join(f"{t}.{k} IS NOT DISTINCT FROM i.{k}" for k in table.primary_key)
        con.execute(f"DELETE FROM {t} WHERE EXISTS (SELECT 1 FROM incoming i WHERE {cond})")
    # parsed keeps the file order (order-preserving scans and joins): no sort needed.
    if t == "households":
        # The writer's PSU numbers, set here rather than updated after (store.derived).
        names = [c.name for c in table.columns if c.name in staged and c.name != "psu_key"]
        keyed = derived.keyed(con, "incoming", names, keys="incoming_keys")
        con.execute(f"INSERT INTO {t} ({', '.join(names)}, psu_key) {keyed}")
    else:
        con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM incoming")
    if t == "households" and replace:
        # Beneficiaries point at households of the same year: those whose household
        # is not in the new delivery would dangle, so they go (and the user is told).
        n = con.execute(
            """DELETE FROM beneficiaries b WHERE b.year IN (SELECT year FROM incoming_keys)
               AND NOT EXISTS (SELECT 1 FROM households h WHERE h.year = b.year
                               AND h.hh_id = b.hh_id)"""
        ).fetchone()[0]
        if n:
            notes.append(
                f"removed {n:,} beneficiary rows whose household is not in the new delivery"
            )
    return notes


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
        "INSERT INTO import_log SELECT coalesce(max(import_id), 0) + 1, now(), ?, ?, ?, ?, ?, ?, ? "
        "FROM import_log",
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


def _write_report(con: duckdb.DuckDBPyConnection, report: Path | None) -> Path | None:
    if report is None:
        return None
    cols = ", ".join(f'"{c}"' for c in checks.PROBLEM_COLUMNS)
    try:
        con.execute(
            f'COPY (SELECT {cols} FROM problems ORDER BY row NULLS FIRST, "column", kind) '
            f"TO {lit(str(report))} (HEADER, DELIMITER ',')"
        )
    except duckdb.Error:
        return None
    return Path(report)


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
    decimal: str | None = None,
    report: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one delivery into ``table_name``, atomically, or raise :class:`ImportRefused`.

    Staging, checks and load all run inside one ``Store.write`` (copy-on-write):
    the staged rows go from DuckDB to DuckDB with no copy through Python, and a
    refusal costs one store write (the import_log row).

    ``decimal`` (',' or '.') overrides the detected decimal mark of a text file;
    ``report``: where to write the complete problem list (CSV) when refused;
    ``progress``: called with one line per step (staged, checked, loaded).
    """
    if table_name not in schema.IMPORTABLE:
        raise ValueError(
            f"cannot import into {table_name!r}; importable: {', '.join(schema.IMPORTABLE)}"
        )
    table = schema.TABLES[table_name]
    user = user or _user()
    say = progress or (lambda m: None)
    t_start = time.perf_counter()
    scan = None
    if isinstance(source, pd.DataFrame):
        name = file_name or f"<{table_name} frame>"
        sha = _frame_sha(source)
    else:
        source = Path(source)
        name = file_name or source.name
        if not source.exists():
            sha = ""
        elif source.suffix.lower() in TEXT_EXT:
            # Hash, encoding check and empty lines in one pass, in a thread while
            # DuckDB reads the file (hashlib and DuckDB both release the GIL).
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rpkd-scan")
            scan_future = pool.submit(scan_file, source)
            pool.shutdown(wait=False)
            scan = scan_future.result
            sha = ""
        else:
            sha = sha256_file(source)

    seconds: dict[str, float] = {}
    refused: ImportRefused | None = None
    rows = 0
    try:
        with store.write() as con, scratch_dir() as scratch:
            con.execute(f"SET memory_limit = {lit(memory_limit())}")
            quiet(con)
            staged, res = _stage_and_check(
                con,
                table,
                source,
                name,
                sheet=sheet,
                nik_key=nik_key,
                decimal=decimal,
                tmp_dir=scratch,
                scan=scan,
                say=say,
            )
            rows = staged.rows
            if scan is not None:
                sha = scan().sha256
            seconds["stage_check"] = time.perf_counter() - t_start
            t0 = time.perf_counter()
            listed, counts = res.problems, res.counts
            if res.ok:
                con.execute(
                    f"CREATE TEMP VIEW incoming AS {checks.incoming_sql(table, res.mapping)}"
                )
                _keep_keys(con, table)
                _store_problems(con, table, name, replace)
                listed, counts = checks.listed_problems(con)
            if counts:
                refused = ImportRefused(name, listed, counts, _write_report(con, report))
                if not log_refusals:
                    raise refused
                # Only the log row is written; the staged rows were TEMP and go.
                _log(con, table_name, name, sha, rows, "refused", _first_line(refused), user)
            else:
                say(f"loading {rows:,} rows into {table_name} ...")
                notes = _apply(con, table, replace)
                years: list[int] = []
                if "year" in table.column_names:
                    years = [
                        int(r[0])
                        for r in con.execute(
                            "SELECT DISTINCT year FROM incoming_keys ORDER BY 1"
                        ).fetchall()
                    ]
                prov_table = "districts" if table_name == "zone_mapping" else table_name
                for y in years or [0]:
                    con.execute(
                        "INSERT OR REPLACE INTO provenance VALUES (?, ?, ?, ?, ?, now())",
                        [prov_table, y, source_kind, name, sha],
                    )
                msg = f"{rows} rows" + (f", years {years}" if years else "")
                msg += " (replaced)" if replace else ""
                msg += "".join(f"; {n}" for n in notes)
                _log(con, table_name, name, sha, rows, "loaded", msg, user)
    except ImportRefused:
        raise
    except Exception as exc:
        if log_refusals:
            log_attempt(
                store,
                table_name,
                name,
                sha,
                rows,
                "failed",
                f"{exc.__class__.__name__}: {exc}",
                user,
            )
        raise
    if refused is not None:
        raise refused
    seconds["load"] = time.perf_counter() - t0
    seconds["total"] = time.perf_counter() - t_start
    say(f"loaded {rows:,} rows into {table_name} in {seconds['load']:.1f} s (committed)")
    return ImportResult(table_name, name, sha, rows, years, replace, staged.notes + notes, seconds)


def _first_line(err: Exception) -> str:
    return str(err).splitlines()[0]
