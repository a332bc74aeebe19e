"""Stage a delivery as text in an in-memory DuckDB table.

Every source, a CSV from Indonesian Excel, an XLSX, Parquet, Stata/SPSS or a
pandas frame from the demo generator, becomes the same thing: a table ``raw``
of VARCHAR columns named as the user wrote them, plus ``_row``, the row number
as the user sees it in a spreadsheet (header row + 1 for the first record).
Checks and typing then run as SQL on ``raw`` (``ingest.checks``), so a
1,000,000-row file is checked at DuckDB speed and nothing is half-typed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

SNIFF_BYTES = 256 * 1024
ENCODINGS = ("utf-8-sig", "utf-8", "cp1252")
DELIMITERS = (";", ",", "\t", "|")


class StageError(ValueError):
    """The file cannot be read at all (format, encoding, no header)."""


@dataclass
class Staged:
    """What the stage step learnt about the file."""

    file_name: str
    columns: list[str]  # as written in the file
    header_row: int  # 1-based row of the header as a spreadsheet shows it
    rows: int
    # '.' or ',' for text sources (detected later if None); '.' for typed sources.
    decimal_mark: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)


def norm_header(name: object) -> str:
    """Header as matched against the schema: lower case, separators to '_'."""
    s = str(name).strip().lower().lstrip("\ufeff")
    s = re.sub(r"[\s\-./]+", "_", s)
    return re.sub(r"[^0-9a-z_]", "", s).strip("_")


def _detect_encoding(head: bytes) -> str:
    for enc in ENCODINGS:
        try:
            head.decode(enc)
            return enc
        except UnicodeDecodeError as exc:
            # A multi-byte character cut by the sniff window is not an error.
            if enc != "cp1252" and exc.start >= len(head) - 4:
                return enc
    return "cp1252"


def _header_index(rows: list[list[str]], known: set[str]) -> int:
    """Index of the first row that looks like the header (title rows above it)."""
    best, best_hits = None, 0
    for i, row in enumerate(rows[:30]):
        hits = sum(1 for c in row if norm_header(c) in known)
        if hits > best_hits:
            best, best_hits = i, hits
        if hits >= 2:
            return i
    if best is not None:
        return best
    for i, row in enumerate(rows[:30]):
        if sum(1 for c in row if str(c).strip()) >= 2:
            return i
    raise StageError("no header row found in the first 30 rows")


def _sniff_csv(path: Path, known: set[str]) -> tuple[str, str, int, list[str]]:
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise StageError("the file is empty")
    if b"\x00" in head[:4096]:
        raise StageError("the file is binary, not a CSV (is it an .xlsx renamed to .csv?)")
    enc = _detect_encoding(head)
    text = head.decode(enc, errors="replace")
    lines = text.splitlines()[:40]
    if len(head) == SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut

    def split(delim: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))

    best = None
    for delim in DELIMITERS:
        rows = split(delim)
        try:
            hi = _header_index(rows, known)
        except StageError:
            continue
        width = len(rows[hi])
        hits = sum(1 for c in rows[hi] if norm_header(c) in known)
        score = (hits, width)
        if width > 1 and (best is None or score > best[0]):
            best = (score, delim, hi, rows[hi])
    if best is None:
        raise StageError("could not find the delimiter (expected ; , tab or |) or a header row")
    _, delim, hi, header = best
    return enc, delim, hi, header


def stage_csv(con: duckdb.DuckDBPyConnection, path: Path, known: set[str]) -> Staged:
    """Stage a CSV (UTF-8, UTF-8 with BOM or Windows-1252; ; , tab or | delimited)."""
    enc, delim, header_idx, header = _sniff_csv(path, known)
    src = path
    tmp = None
    if enc == "cp1252":
        # DuckDB reads UTF-8; transcode in streaming fashion to a temporary file.
        import tempfile

        tmp = Path(tempfile.mkstemp(suffix=".csv")[1])
        with (
            path.open("r", encoding="cp1252", newline="") as fin,
            tmp.open("w", encoding="utf-8", newline="") as fout,
        ):
            while chunk := fin.read(1 << 20):
                fout.write(chunk)
        src = tmp
    names = [str(h).strip().lstrip("\ufeff") or f"column_{i + 1}" for i, h in enumerate(header)]
    try:
        rel = con.read_csv(
            str(src),
            sep=delim,
            header=False,
            skiprows=header_idx + 1,
            all_varchar=True,
            names=names,
            quotechar='"',
            null_padding=True,
            encoding="utf-8",
        )
        con.execute("DROP TABLE IF EXISTS raw")
        con.register("_csv_rel", rel)
        # Row number as a spreadsheet shows it: header row (1-based) + position.
        con.execute(
            f"CREATE TABLE raw AS SELECT *, (row_number() OVER () + {int(header_idx) + 1})::BIGINT AS _row FROM _csv_rel"
        )
        con.unregister("_csv_rel")
    except duckdb.Error as exc:
        raise StageError(f"cannot parse as CSV: {str(exc).splitlines()[0]}") from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    # Drop fully blank lines (Excel leaves them at the end).
    cols = [c for c in names]
    if cols:
        blank = " AND ".join(f"coalesce(trim(\"{c}\"), '') = ''" for c in _quote_safe(cols))
        con.execute(f"DELETE FROM raw WHERE {blank}")
    rows = con.execute("SELECT count(*) FROM raw").fetchone()[0]
    return Staged(path.name, names, header_idx + 1, rows, None, enc, delim)


def _quote_safe(cols: list[str]) -> list[str]:
    return [c.replace('"', '""') for c in cols]


def stage_frame(
    con: duckdb.DuckDBPyConnection,
    df: pd.DataFrame,
    file_name: str,
    *,
    header_row: int = 1,
    typed: bool = True,
) -> Staged:
    """Stage a pandas frame (demo generator, XLSX, Parquet, Stata, SPSS) as text."""
    text = pd.DataFrame(index=df.index)
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_bool_dtype(s.dtype):
            t = s.map({True: "true", False: "false"})
        elif pd.api.types.is_float_dtype(s.dtype):
            t = s.map(lambda v: "" if pd.isna(v) else repr(float(v)))
        else:
            t = s.astype("string")
        text[str(c)] = t.astype(object).where(s.notna(), None)
    text["_row"] = range(header_row + 1, header_row + 1 + len(text))
    con.execute("DROP TABLE IF EXISTS raw")
    con.register("_frame", text)
    con.execute("CREATE TABLE raw AS SELECT * FROM _frame")
    con.unregister("_frame")
    return Staged(
        file_name, [str(c) for c in df.columns], header_row, len(df), "." if typed else None
    )


def read_xlsx(path: Path, known: set[str], sheet: str | None = None) -> tuple[pd.DataFrame, int]:
    """Read an XLSX sheet as text, finding the header below any title rows."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types
        raise StageError(f"cannot open as XLSX: {exc}") from exc
    if sheet is not None and sheet not in wb.sheetnames:
        raise StageError(f"no sheet named {sheet!r}; sheets are {', '.join(wb.sheetnames)}")
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    if not rows:
        raise StageError("the sheet is empty")
    hi = _header_index([["" if v is None else str(v) for v in r] for r in rows], known)
    header = [
        str(v).strip() if v is not None and str(v).strip() else f"column_{i + 1}"
        for i, v in enumerate(rows[hi])
    ]
    body = [r + [None] * (len(header) - len(r)) for r in rows[hi + 1 :]]
    body = [r[: len(header)] for r in body if any(v is not None and str(v).strip() for v in r)]
    df = pd.DataFrame(body, columns=header, dtype=object)
    # Excel keeps numbers as numbers; text codes with leading zeros stay text.
    df = df.map(_xlsx_cell)
    return df, hi + 1


def _xlsx_cell(v: object) -> object:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "strftime"):
        return v.strftime("%d/%m/%Y")
    return str(v)


def stage_file(
    con: duckdb.DuckDBPyConnection, path: Path, known: set[str], sheet: str | None = None
) -> Staged:
    """Stage any supported file by its extension."""
    path = Path(path)
    if not path.exists():
        raise StageError("file not found")
    ext = path.suffix.lower()
    if ext in (".csv", ".txt", ".tsv"):
        return stage_csv(con, path, known)
    if ext in (".xlsx", ".xlsm"):
        df, header_row = read_xlsx(path, known, sheet)
        st = stage_frame(con, df, path.name, header_row=header_row, typed=True)
        st.decimal_mark = "."
        return st
    if ext == ".parquet":
        try:
            df = pd.read_parquet(path)
        except Exception as exc:
            raise StageError(f"cannot read as Parquet: {exc}") from exc
        return stage_frame(con, df, path.name)
    if ext in (".dta", ".sav", ".zsav"):
        import pyreadstat

        try:
            reader = pyreadstat.read_dta if ext == ".dta" else pyreadstat.read_sav
            df, _meta = reader(str(path))
        except Exception as exc:
            raise StageError(f"cannot read as {ext[1:].upper()}: {exc}") from exc
        return stage_frame(con, df, path.name)
    raise StageError(
        f"unsupported file type {ext!r}: use CSV, XLSX, Parquet, Stata .dta or SPSS .sav"
    )
