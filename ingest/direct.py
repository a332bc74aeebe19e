"""The direct path: a CSV typed straight from DuckDB's reader, checked in one pass.

The text path (:mod:`ingest.stage`, then :mod:`ingest.checks`) first stages every
cell as text, so that a problem can be shown with its row, column and value as
the file writes them. Most large deliveries have no problem. For a UTF-8 CSV this
module reads the file once, typing the cells as they are read with the same SQL
the text path uses, into ``parsed``; then one aggregate counts every check and
repeated keys. Anything out of the ordinary sends the file to the text path,
from the start: a problem of any kind, a line DuckDB rejects, an empty line, a
value holding a line break, an encoding other than UTF-8, a column without a
header. The text path then gives the outcome and the report, so the direct path
changes how fast a clean file loads, never what is loaded or said.

A clean file's typed rows are the same either way: the same texts (the same
reader options), the same typing SQL (cells whose text appears in the first rows
of the file are typed once per distinct text, as the text path does for columns
with few distinct values), the same decimal mark (detected from the same first
10,000 rows), the same row numbers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from ingest import checks
from ingest import values as V
from ingest.codes import load_references
from ingest.sniff import FileScan, StageError, head_encoding, norm_header, read_head, sniff_text
from ingest.stage import TEXT_EXT, Staged, _unique_headers, _unnamed, csv_relation, reset
from store.schema import Table

__all__ = ["read_direct"]

UTF8 = ("utf-8", "utf-8-sig")
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM"}
REJECTS = "direct_rejects"
DELIMITER_NAMES = {"\t": "tab"}


def _eligible(table: Table, path: Path) -> bool:
    """A CSV, for a table where a blank record is a problem (the text path drops it)."""
    return (
        path.suffix.lower() in TEXT_EXT
        and path.is_file()
        and path.stat().st_size > 0
        and any(c.required and not c.derived and c.default is None for c in table.columns)
    )


def _one_two_in_head(table: Table, names: list[str], body: list[list[str]], types) -> bool:
    """A yes/no column coded 1/2 in the first rows: the text path reads those (2 = tidak)."""
    mapping, _, _ = checks.map_columns_at(table, names)
    for c in table.columns:
        i = mapping.get(c.name)
        if c.type != "bool" or i is None or i in types:
            continue
        cat = V.CATEGORY_BOOLS.get((table.name, c.name))
        if cat and norm_header(names[i]) in cat["headers"]:
            continue
        if any(i < len(r) and r[i].strip() == "2" for r in body):
            return True
    return False


def _drop(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what a direct read left (the text path then starts clean)."""
    con.execute("DROP VIEW IF EXISTS temp.parsed")
    con.execute("DROP TABLE IF EXISTS temp.parsed0")
    reset(con)


def _recover(con: duckdb.DuckDBPyConnection) -> None:
    """After a DuckDB error inside the store's transaction, nothing written yet: start
    the transaction again (its TEMP objects, the registered code lists, are gone)."""
    try:
        con.execute("SELECT 1").fetchall()
    except duckdb.Error:
        con.execute("ROLLBACK")
        con.execute("BEGIN TRANSACTION")
        load_references(con)


def read_direct(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    path: Path,
    name: str,
    *,
    scan: FileScan | Callable[[], FileScan] | None,
    nik_key: str | None,
    decimal: str | None,
    say: Callable[[str], None] = lambda m: None,
) -> tuple[tuple[Staged, checks.CheckResult] | None, bool]:
    """Read and check a clean CSV in one pass: ((staged, result), tried).

    The result is None when the file is not clean, or not one this path reads;
    ``tried`` says whether the file was read (then the text path need not try the
    typed yes/no read first). ``con`` holds the code lists (``load_references``).
    """
    if not _eligible(table, path):
        return None, False
    t0 = time.perf_counter()
    get_scan = scan if callable(scan) else (lambda: scan or _scan(path))
    try:
        enc = scan.encoding if isinstance(scan, FileScan) else head_encoding(path)
        if enc not in UTF8:
            return None, False
        sn = sniff_text(read_head(path, enc), checks.known_headers(table))
    except (StageError, OSError):
        return None, False
    if len(sn.header) != sn.width or _unnamed(sn.header, sn.width):
        return None, False
    names = _unique_headers(sn.header, sn.width)
    types = checks.type_plan(table)(names, sn.body)
    if _one_two_in_head(table, names, sn.body, types):
        return None, False
    header_line = sn.header_index + 1
    staged = Staged(name, names, header_line, -1, None, None, sn.delimiter, format="csv")
    staged.types = types
    if header_line > 1:
        staged.notes.append(f"header found on row {header_line} (title rows above it skipped)")
    read_s: list[float] = []

    def verify(records: int) -> None:
        rejected = con.execute(f"SELECT count(*) FROM {REJECTS}").fetchone()[0]
        full = get_scan()
        if rejected or full.encoding not in UTF8 or not records:
            raise checks.NotDirect("rejected lines, encoding or no records")
        if full.lines - header_line != records:
            raise checks.NotDirect("empty lines or values with line breaks")
        staged.sha256 = full.sha256
        staged.encoding = ENCODING_NAMES[full.encoding]
        read_s.append(time.perf_counter() - t0)
        how = [
            "CSV",
            staged.encoding,
            "delimiter " + DELIMITER_NAMES.get(sn.delimiter, repr(sn.delimiter)),
        ]
        if header_line > 1:
            how.append(f"header on row {header_line}")
        how.append("typed as read")
        say(f"staged {records:,} rows from {name} ({', '.join(how)}) in {read_s[0]:.1f} s")

    reset(con)
    con.execute(f"DROP TABLE IF EXISTS temp.{REJECTS}")
    con.execute(f"DROP TABLE IF EXISTS temp.{REJECTS}_scan")
    # ``raw``: the first rows as text, for the decimal mark (read no further than that).
    head = csv_relation(path, sn, types, null_padding=False, ignore_errors=True)
    con.execute(f"CREATE TEMP VIEW raw AS SELECT * FROM {head}")
    relation = csv_relation(path, sn, types, parallel=True, null_padding=False, rejects=REJECTS)
    direct = checks.DirectRead(relation, sn.body, header_line + 1, verify)
    try:
        res = checks.run_checks(con, table, staged, decimal=decimal, nik_key=nik_key, direct=direct)
    except checks.NotDirect as why:
        _drop(con)
        if read_s:
            say(f"{why}: reading {name} again as text, to report what it found")
        return None, True
    except duckdb.Error:
        _recover(con)
        _drop(con)
        return None, True
    con.execute("DROP VIEW IF EXISTS temp.raw")  # nothing after this re-reads the file
    done = time.perf_counter() - t0
    say(f"checked {staged.rows:,} rows: no problems in {done - read_s[0]:.1f} s")
    return (staged, res), True


def _scan(path: Path) -> FileScan:
    from ingest.sniff import scan_file

    return scan_file(path)
