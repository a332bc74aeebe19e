"""Stage a delivery as text in a private DuckDB database.

Every source, a CSV from Indonesian Excel, an XLSX, Parquet, Stata/SPSS or a
pandas frame from the demo generator, becomes the same thing: a view ``raw``
with one VARCHAR column per file column, named by position (``_c0``, ``_c1``,
...; the names as written are in :attr:`Staged.columns`), plus ``_row``: the row
number as the user sees it in a spreadsheet (header row + 1 for the first
record; the record number for Parquet, Stata and SPSS). Checks and typing then
run as SQL on ``raw`` (``ingest.checks``), so a 1,000,000-row file is checked
at DuckDB speed and nothing is half-typed.

Codes stay text: a staged value is exactly what the file holds, so ``0101``
keeps its leading zero. Typed sources are written out canonically (integral
floats without ``.0``, NaN as missing, booleans as ``true``/``false``).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ingest.sniff import (
    FileScan,
    Sniffed,
    StageError,
    blank_lines,
    head_encoding,
    norm_header,
    read_head,
    scan_file,
    sniff_text,
)
from ingest.values import lit

__all__ = [
    "Staged",
    "StageError",
    "norm_header",
    "scratch_dir",
    "stage_file",
    "stage_frame",
    "staging",
]

TEXT_EXT = (".csv", ".txt", ".tsv")
# Given the headers and the first rows of a CSV: the columns DuckDB may read typed.
TypePlan = Callable[[list[str], list[list[str]]], dict[int, str]]
XLSX_EXT = (".xlsx", ".xlsm")
STAT_EXT = (".dta", ".sav", ".zsav")
# Below this size an XLSX is opened fully, so merged cells in the data can be filled.
XLSX_FULL_LOAD_BYTES = 15_000_000
CHUNK_ROWS = 100_000


@dataclass
class Staged:
    """What the stage step learnt about the file."""

    file_name: str
    columns: list[str]  # headers as written in the file, in order
    header_row: int  # 1-based row of the header as a spreadsheet shows it (0: none)
    rows: int
    # ',' or '.' for the ambiguous 1.234 (None: detect from the data).
    decimal_mark: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    format: str = ""
    sheet: str | None = None
    sha256: str | None = None
    # Lines DuckDB could not split like the header: (line, text, reason).
    malformed: list[tuple[int, str, str]] = field(default_factory=list)
    # Positions of columns without a header (named column_N here).
    unnamed: list[int] = field(default_factory=list)
    # Some values of this CSV hold line breaks (the file has more lines than records).
    multiline: bool = False
    # Staged columns read typed by DuckDB (position -> DuckDB type); all others VARCHAR.
    types: dict[int, str] = field(default_factory=dict)

    def is_text(self, i: int) -> bool:
        return i not in self.types

    def source(self, header: str) -> str:
        """The staged column holding ``header`` (first one when repeated)."""
        return f"_c{self.columns.index(header)}"

    def source_at(self, i: int) -> str:
        return f"_c{i}"


_INSTANCE: duckdb.DuckDBPyConnection | None = None
_TMP_ROOT: str | None = None
_LOCK = threading.Lock()


def _tmp_root() -> str:
    """The process's temporary directory for staging (removed at exit)."""
    global _TMP_ROOT
    with _LOCK:
        if _TMP_ROOT is None:
            _TMP_ROOT = tempfile.mkdtemp(prefix="rpkd-stage-")
            atexit.register(shutil.rmtree, _TMP_ROOT, True)
        return _TMP_ROOT


def _cursor() -> duckdb.DuckDBPyConnection:
    """A new connection to the process's staging DuckDB (in memory, spilling to disk).

    Opening a DuckDB database costs about 0.1 s; every delivery instead gets its
    own connection to this one instance, and all its staging tables are TEMP.
    """
    global _INSTANCE
    root = _tmp_root()
    with _LOCK:  # the parent connection is not thread-safe; its cursors are
        if _INSTANCE is None:
            con = duckdb.connect(":memory:")
            con.execute(f"SET temp_directory = {lit(root)}")
            con.execute(f"SET memory_limit = {lit(memory_limit())}")
            con.execute("SET preserve_insertion_order = true")
            _INSTANCE = con
        cur = _INSTANCE.cursor()
    quiet(cur)
    return cur


def quiet(con: duckdb.DuckDBPyConnection) -> None:
    """No DuckDB progress bar: the CLI prints its own progress lines to stderr."""
    con.execute("SET enable_progress_bar = false")


def memory_limit() -> str:
    """DuckDB memory limit for an import (``RPKD_IMPORT_MEMORY``, default 1GB); beyond
    it DuckDB spills to disk, so a large file costs time, not memory."""
    return os.environ.get("RPKD_IMPORT_MEMORY", "1GB")


@contextmanager
def scratch_dir() -> Iterator[str]:
    """A private scratch directory (transcoded copies of a file), removed afterwards."""
    path = tempfile.mkdtemp(dir=_tmp_root())
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def staging() -> Iterator[tuple[duckdb.DuckDBPyConnection, str]]:
    """A private staging connection (its TEMP tables are its own) and a scratch directory."""
    con = _cursor()
    try:
        with scratch_dir() as scratch:
            yield con, scratch
    finally:
        con.close()


def reset(con: duckdb.DuckDBPyConnection) -> None:
    """Drop what an earlier staging left in this connection (all staging objects are TEMP:
    private to the connection, never written to a store)."""
    con.execute("DROP VIEW IF EXISTS temp.raw")
    con.execute("DROP TABLE IF EXISTS temp.raw0")


def _unique_headers(header: list[str], width: int) -> list[str]:
    out = []
    for i in range(width):
        h = header[i].strip().lstrip("\ufeff") if i < len(header) else ""
        out.append(h or f"column_{i + 1}")
    return out


def _unnamed(header: list[str], width: int) -> list[int]:
    """Columns right of the last named one (values there mean a shifted row)."""
    named = [i for i in range(min(width, len(header))) if header[i].strip()]
    last = named[-1] if named else -1
    return list(range(last + 1, width))


def mask_nik(text: str) -> str:
    """Hide anything that looks like a NIK (16 digits) in text shown to the user."""
    return re.sub(r"(?<![0-9])[0-9]{16}(?![0-9])", "<16 digits hidden>", text)


def _finish(
    con: duckdb.DuckDBPyConnection, width: int, row_sql: str, types: dict[int, str] | None = None
) -> int:
    """Create the ``raw`` view over ``raw0`` and drop blank records; return the row count."""
    cols = ", ".join(f"_c{i}" for i in range(width))
    if width:
        blank = " AND ".join(
            f"_c{i} IS NULL" if types and i in types else f"coalesce(trim(_c{i}), '') = ''"
            for i in range(width)
        )
        con.execute(f"DELETE FROM raw0 WHERE {blank}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw AS SELECT {cols}, {row_sql} AS _row FROM raw0")
    return int(con.execute("SELECT count(*) FROM raw0").fetchone()[0])


# ------------------------------------------------------------------ CSV


def _transcode(path: Path, encoding: str, tmp_dir: str | os.PathLike) -> Path:
    """A UTF-8 copy of a Windows-1252 or UTF-16 file (DuckDB reads UTF-8)."""
    out = Path(tempfile.mkstemp(suffix=".csv", dir=tmp_dir)[1])
    with (
        path.open("r", encoding=encoding, errors="replace", newline="") as fin,
        out.open("w", encoding="utf-8", newline="") as fout,
    ):
        while chunk := fin.read(1 << 20):
            fout.write(chunk)
    return out


def csv_relation(
    path: Path,
    sn: Sniffed,
    types: dict[int, str],
    *,
    parallel: bool = False,
    null_padding: bool = True,
    rejects: str | None = None,
    ignore_errors: bool = False,
) -> str:
    """The ``read_csv`` call reading a UTF-8 CSV below its header: columns ``_c0``,
    ``_c1``, ... VARCHAR unless ``types`` says otherwise; ``rejects``: the TEMP table
    of rejected lines (``<rejects>_scan`` beside it)."""
    columns = (
        "{" + ", ".join(f"'_c{i}': '{types.get(i, 'VARCHAR')}'" for i in range(sn.width)) + "}"
    )
    opts = [
        f"delim = {lit(sn.delimiter)}",
        "quote = '\"'",
        "escape = '\"'",
        "header = false",
        f"skip = {int(sn.header_index) + 1}",
        f"columns = {columns}",
        "auto_detect = false",
        f"null_padding = {str(null_padding).lower()}",
        f"parallel = {str(parallel).lower()}",
    ]
    if rejects:
        opts += [
            "store_rejects = true",
            f"rejects_scan = {lit(rejects + '_scan')}",
            f"rejects_table = {lit(rejects)}",
        ]
    if ignore_errors:
        opts.append("ignore_errors = true")
    return f"read_csv({lit(str(path))}, {', '.join(opts)})"


def _read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    encoding: str,
    sn: Sniffed,
    tmp_dir: str | os.PathLike,
    types: dict[int, str],
) -> list[tuple]:
    """Read the CSV below its header into ``raw0``; return DuckDB's rejected lines.

    Columns are VARCHAR unless ``types`` says otherwise."""
    src = path
    if encoding in ("cp1252", "utf-16"):
        src = _transcode(path, encoding, tmp_dir)
    reset(con)
    con.execute("DROP TABLE IF EXISTS temp.stage_rejects")
    con.execute("DROP TABLE IF EXISTS temp.stage_rejects_scan")
    try:
        # Serial reading: needed with null_padding and quoted newlines, and faster
        # than the parallel reader on two cores for files of this shape.
        rel = csv_relation(src, sn, types, rejects="stage_rejects")
        con.execute(f"CREATE TEMP TABLE raw0 AS SELECT * FROM {rel}")
        return con.execute(
            "SELECT line, coalesce(csv_line, ''), error_type || ': ' || error_message "
            "FROM stage_rejects ORDER BY line LIMIT 1000"
        ).fetchall()
    except duckdb.Error as exc:
        raise StageError(f"cannot read as CSV: {str(exc).splitlines()[0]}") from exc
    finally:
        if src != path:
            src.unlink(missing_ok=True)


def _read_sniffed(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    encoding: str,
    known: set[str],
    tmp_dir: str | os.PathLike,
    plan: TypePlan | None,
) -> tuple[Sniffed, list[tuple], dict[int, str]]:
    """Sniff and read; columns the plan types are read typed, unless DuckDB rejects a
    value: then the whole file is read again as text, for the full checks."""
    sn = sniff_text(read_head(path, encoding), known)
    names = _unique_headers(sn.header, sn.width)
    types = plan(names, sn.body) if plan else {}
    rejects = _read_csv(con, path, encoding, sn, tmp_dir, types)
    if types and rejects:
        types = {}
        rejects = _read_csv(con, path, encoding, sn, tmp_dir, types)
    return sn, rejects, types


def _swallowed_lines(
    con: duckdb.DuckDBPyConnection,
    data_lines: int,
    records: int,
    width: int,
    row_sql: str,
    header_line: int,
    types: dict[int, str],
) -> tuple[list[tuple[int, str, str]], bool]:
    """Lines DuckDB did not read: a quote opened and never closed takes the rest of the
    file into one value, and DuckDB drops it without an error. Every non-empty line
    below the header is a record (read or rejected) or part of a value with a line break.

    Returns the problem (if any) and whether some values hold line breaks."""
    if records >= data_lines or width == 0:
        return [], False
    breaks = (
        " + ".join(
            f"coalesce(sum(length(_c{i}) - length(replace(_c{i}, chr(10), ''))), 0)"
            for i in range(width)
            if i not in types
        )
        or "0"
    )
    inner = int(con.execute(f"SELECT {breaks} FROM raw0").fetchone()[0] or 0)
    missing = data_lines - records - inner
    if missing <= 0:
        return [], True
    row = con.execute(f"SELECT max({row_sql}) FROM raw0").fetchone()[0]
    problem = (
        int(row or header_line + 1),
        "",
        f"UNCLOSED QUOTE: the quote opened on this row (or above) closed; as it is, the "
        f"{missing} line{'s' if missing != 1 else ''} after it "
        f"{'were' if missing != 1 else 'was'} not read",
    )
    return [problem], True


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    known: set[str],
    *,
    tmp_dir: str | os.PathLike,
    scan: FileScan | Callable[[], FileScan] | None = None,
    plan: TypePlan | None = None,
) -> Staged:
    """Stage a CSV: UTF-8 (with or without BOM), Windows-1252 or UTF-16; ; , tab or |.

    ``scan`` may be a callable returning the :class:`FileScan`, so that the hash
    pass runs in a thread while DuckDB reads; the encoding is then guessed from
    the head, and the file read again in the rare case a later line disagrees.
    """
    if scan is None:
        scan = scan_file(path)
    get_scan = scan if callable(scan) else (lambda: scan)
    enc = scan.encoding if isinstance(scan, FileScan) else head_encoding(path)
    sn, rejects, types = _read_sniffed(con, path, enc, known, tmp_dir, plan)
    full = get_scan()
    if full.encoding != enc and {full.encoding, enc} != {"utf-8", "utf-8-sig"}:
        enc = full.encoding
        sn, rejects, types = _read_sniffed(con, path, enc, known, tmp_dir, plan)
    scan = full
    # Row ids of a fresh table are consecutive in file order, but start at a large
    # offset inside a transaction (DuckDB's transaction-local storage): count from
    # the first one, taken before blank records are deleted.
    base = int(con.execute("SELECT coalesce(min(rowid), 0) FROM raw0").fetchone()[0])
    width = sn.width
    names = _unique_headers(sn.header, width)
    header_line = sn.header_index + 1  # 1-based
    records = int(con.execute("SELECT count(*) FROM raw0").fetchone()[0])
    records += int(con.execute("SELECT count(DISTINCT line) FROM stage_rejects").fetchone()[0])
    blanks: list[int] = []
    if scan.lines and records < scan.lines - header_line:
        # Some lines are not records: empty lines (found now) or values with line breaks.
        blanks = [b for b in blank_lines(path) if b > header_line]
    if blanks:
        # DuckDB skips empty lines; shift the row numbers after each one back.
        segs = [(b - header_line - 1 - j, j + 1) for j, b in enumerate(blanks)]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE stage_blank_shift (from_rowid BIGINT, shift BIGINT)"
        )
        con.executemany("INSERT INTO stage_blank_shift VALUES (?, ?)", segs)
        rid = f"(raw0.rowid - {base})"
        row_sql = (
            f"({rid} + {header_line + 1} + coalesce((SELECT max(shift) FROM stage_blank_shift "
            f"s WHERE s.from_rowid <= {rid}), 0))"
        )
    else:
        row_sql = f"(raw0.rowid - {base} + {header_line + 1})"
    swallowed, multiline = _swallowed_lines(
        con, scan.lines - header_line - len(blanks), records, width, row_sql, header_line, types
    )
    rows = _finish(con, width, row_sql, types)
    enc_name = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "Windows-1252"}
    staged = Staged(
        path.name,
        names,
        header_line,
        rows,
        None,
        enc_name.get(scan.encoding, scan.encoding.upper()),
        sn.delimiter,
        format="csv",
        sha256=scan.sha256,
        malformed=[(int(line), mask_nik(text), why) for line, text, why in rejects] + swallowed,
        unnamed=_unnamed(sn.header, width),
        multiline=multiline,
        types=types,
    )
    if header_line > 1:
        staged.notes.append(f"header found on row {header_line} (title rows above it skipped)")
    return staged


# ----------------------------------------------------------- typed sources


def _text_sql(col: str, duck_type: str) -> str:
    """VARCHAR from a typed column, canonically (what a user would have typed)."""
    t = duck_type.upper()
    q = '"' + col.replace('"', '""') + '"'
    if t in ("DOUBLE", "FLOAT", "REAL") or t.startswith("DECIMAL"):
        x = f"{q}::DOUBLE"
        return (
            f"CASE WHEN {q} IS NULL OR isnan({x}) OR isinf({x}) THEN NULL "
            f"WHEN {x} = trunc({x}) AND abs({x}) < 1e15 THEN {x}::BIGINT::VARCHAR "
            f"ELSE {x}::VARCHAR END"
        )
    if t == "BOOLEAN":
        return f"CASE WHEN {q} THEN 'true' WHEN NOT {q} THEN 'false' END"
    if t.startswith("TIMESTAMP"):
        return f"strftime({q}::TIMESTAMP, '%Y-%m-%d %H:%M:%S')"
    return f"{q}::VARCHAR"


def _stage_relation(
    con: duckdb.DuckDBPyConnection,
    relation_sql: str,
    columns: list[str],
    row_col: str,
    *,
    append: bool = False,
) -> None:
    """Append a typed relation (a registered frame, a Parquet scan) to ``raw0`` as text."""
    types = dict(
        (r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {relation_sql}").fetchall()
    )
    exprs = [f"{_text_sql(c, types[c])} AS _c{i}" for i, c in enumerate(columns)]
    select = f"SELECT {', '.join(exprs)}, {row_col}::BIGINT AS _row_src FROM {relation_sql}"
    if append:
        con.execute(f"INSERT INTO raw0 {select}")
    else:
        reset(con)
        con.execute(f"CREATE TEMP TABLE raw0 AS {select}")


def _frame_with_row(df: pd.DataFrame, first_row: int) -> tuple[pd.DataFrame, list[str]]:
    cols = [f"_f{i}" for i in range(df.shape[1])]
    out = df.set_axis(cols, axis=1)
    out = out.assign(_stage_row=np.arange(first_row, first_row + len(df), dtype=np.int64))
    return out, cols


def stage_frame(
    con: duckdb.DuckDBPyConnection,
    df: pd.DataFrame,
    file_name: str,
    *,
    header_row: int = 1,
    typed: bool = True,
) -> Staged:
    """Stage a pandas frame (demo generator, a page's upload) as text, in SQL."""
    frame, cols = _frame_with_row(df.reset_index(drop=True), header_row + 1)
    con.register("_stage_frame", frame)
    try:
        _stage_relation(con, "_stage_frame", cols, "_stage_row")
    finally:
        con.unregister("_stage_frame")
    rows = _finish(con, len(cols), "_row_src")
    return Staged(
        file_name,
        [str(c) for c in df.columns],
        header_row,
        rows,
        "." if typed else None,
        format="frame",
    )


def stage_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> Staged:
    try:
        names = [
            r[0]
            for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        ]
        rel = f"read_parquet({lit(str(path))}, file_row_number = true)"
        _stage_relation(con, rel, names, "file_row_number + 1")
    except duckdb.Error as exc:
        raise StageError(f"cannot read as Parquet: {str(exc).splitlines()[0]}") from exc
    rows = _finish(con, len(names), "_row_src")
    return Staged(path.name, names, 0, rows, ".", format="parquet")


def _stage_chunks(
    con: duckdb.DuckDBPyConnection, chunks: Iterable[pd.DataFrame], first_row: int
) -> int:
    """Append frames (all with the same columns) to ``raw0``; return the width."""
    n, width = first_row, 0
    for i, chunk in enumerate(chunks):
        frame, cols = _frame_with_row(chunk.reset_index(drop=True), n)
        width = len(cols)
        con.register("_stage_chunk", frame)
        try:
            _stage_relation(con, "_stage_chunk", cols, "_stage_row", append=i > 0)
        finally:
            con.unregister("_stage_chunk")
        n += len(chunk)
    return width


def stage_stat(con: duckdb.DuckDBPyConnection, path: Path, label_headers: set[str]) -> Staged:
    """Stage a Stata .dta or SPSS .sav/.zsav file, in chunks.

    Value labels are applied to the columns named in ``label_headers``
    (normalised), e.g. ``jenis_kelamin_krt`` 1/2 labelled Laki-laki/Perempuan.
    """
    import pyreadstat

    ext = path.suffix.lower()
    reader = pyreadstat.read_dta if ext == ".dta" else pyreadstat.read_sav
    kind = "Stata" if ext == ".dta" else "SPSS"
    names: list[str] = []
    labelled: list[str] = []

    def chunks():
        for df, meta in pyreadstat.read_file_in_chunks(reader, str(path), chunksize=CHUNK_ROWS):
            if not names:
                names.extend(df.columns)
            labels = meta.variable_value_labels or {}
            for c in df.columns:
                if c in labels and norm_header(c) in label_headers:
                    if c not in labelled:
                        labelled.append(c)
                    mapping = {k: v for k, v in labels[c].items()}
                    df[c] = df[c].map(lambda v, m=mapping: m.get(v, v)).astype(object)
            yield df

    try:
        reset(con)
        width = _stage_chunks(con, chunks(), 1)
    except Exception as exc:  # pyreadstat raises its own error types
        raise StageError(f"cannot read as {kind} ({ext}): {exc}") from exc
    if not names:
        raise StageError(f"the {kind} file has no variables")
    rows = _finish(con, width, "_row_src") if width else 0
    st = Staged(path.name, names, 0, rows, ".", format=ext[1:])
    if labelled:
        st.notes.append("value labels used for: " + ", ".join(labelled))
    return st


def stage_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    known: set[str],
    sheet: str | None = None,
    *,
    tmp_dir: str | os.PathLike | None = None,
    label_headers: set[str] | None = None,
    scan: FileScan | Callable[[], FileScan] | None = None,
    plan: TypePlan | None = None,
) -> Staged:
    """Stage any supported file by its extension (``plan``: see :data:`TypePlan`)."""
    from ingest.spreadsheet import stage_xlsx

    path = Path(path)
    if not path.exists():
        raise StageError("file not found")
    if path.stat().st_size == 0:
        raise StageError("the file is empty")
    ext = path.suffix.lower()
    own_tmp = None
    if tmp_dir is None:
        own_tmp = tmp_dir = tempfile.mkdtemp(prefix="rpkd-stage-")
    try:
        if ext in TEXT_EXT:
            return stage_csv(con, path, known, tmp_dir=tmp_dir, scan=scan, plan=plan)
        if ext in XLSX_EXT:
            return stage_xlsx(con, path, known, sheet)
        if ext == ".xls":
            raise StageError("old Excel .xls is not supported: save it as .xlsx or CSV")
        if ext == ".parquet":
            return stage_parquet(con, path)
        if ext in STAT_EXT:
            return stage_stat(con, path, label_headers or set())
        raise StageError(
            f"unsupported file type {ext or '(none)'!r}: use CSV, XLSX, Parquet, Stata .dta "
            "or SPSS .sav"
        )
    finally:
        if own_tmp:
            shutil.rmtree(own_tmp, ignore_errors=True)
