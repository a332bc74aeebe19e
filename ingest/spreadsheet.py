"""XLSX deliveries: title rows, merged cells, numbers stored as numbers or as text.

The header is found below any title rows (merged or not). Cells merged inside
the table, a district name merged down over its villages as report-style
sheets do, are filled into every row they span, as a reader of the sheet sees
them. Numbers stored as numbers are written out canonically; text cells are
kept as typed, so codes keep their leading zeros.
"""

from __future__ import annotations

import datetime as dt
from itertools import chain, islice
from pathlib import Path

import duckdb
import pandas as pd

from ingest.sniff import StageError, header_index
from ingest.stage import (
    CHUNK_ROWS,
    XLSX_FULL_LOAD_BYTES,
    Staged,
    _finish,
    _stage_chunks,
    _unique_headers,
    _unnamed,
    reset,
)


def xlsx_cell(v: object) -> str | None:
    """One cell as the text a user would have typed."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return None
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0):
            return v.strftime("%d/%m/%Y")
        return v.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    s = str(v)
    return s if s.strip() else None


def _fill_merged(ws, below_row: int) -> int:
    """Write each merged range's value into all its cells (ranges below the header)."""
    n = 0
    for rng in list(ws.merged_cells.ranges):
        if rng.min_row <= below_row:
            continue
        value = ws.cell(rng.min_row, rng.min_col).value
        ws.unmerge_cells(str(rng))
        for row in ws.iter_rows(
            min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col
        ):
            for cell in row:
                cell.value = value
        n += 1
    return n


def stage_xlsx(
    con: duckdb.DuckDBPyConnection, path: Path, known: set[str], sheet: str | None = None
) -> Staged:
    """Stage one sheet of an XLSX (the first unless ``sheet`` is named)."""
    import openpyxl

    full = path.stat().st_size <= XLSX_FULL_LOAD_BYTES
    try:
        wb = openpyxl.load_workbook(path, read_only=not full, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types
        raise StageError(f"cannot open as XLSX: {exc.__class__.__name__}: {exc}") from exc
    try:
        names = wb.sheetnames
        if sheet is not None and sheet not in names:
            raise StageError(f"no sheet named {sheet!r}; the sheets are: {', '.join(names)}")
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows = ws.iter_rows(min_row=1, values_only=True)
        head = [tuple(r) for r in islice(rows, 30)]
        if not any(any(v is not None for v in r) for r in head):
            raise StageError(f"sheet {ws.title!r} is empty")
        hi = header_index([["" if v is None else str(v) for v in r] for r in head], known)
        notes = []
        if full:
            filled = _fill_merged(ws, hi + 1)
            if filled:
                notes.append(f"{filled} merged cell ranges filled into every row they span")
                rows = ws.iter_rows(min_row=1, values_only=True)
                head = [tuple(r) for r in islice(rows, 30)]
        header = ["" if v is None else str(v) for v in head[hi]]
        body = chain(head[hi + 1 :], rows)
        # Width: the header's, trimmed of trailing empty header cells beyond the data.
        width = len(header)
        while width and not header[width - 1].strip():
            width -= 1
        columns = _unique_headers(header, width)

        def chunks():
            while True:
                block = [
                    [xlsx_cell(v) for v in (tuple(r) + (None,) * width)[:width]]
                    for r in islice(body, CHUNK_ROWS)
                ]
                if not block:
                    return
                yield pd.DataFrame(block, columns=columns, dtype=object)

        reset(con)
        got = _stage_chunks(con, chunks(), hi + 2)
        if not got:
            con.execute(
                "CREATE TEMP TABLE raw0 AS SELECT "
                + ", ".join(f"NULL::VARCHAR AS _c{i}" for i in range(width))
                + ", NULL::BIGINT AS _row_src WHERE false"
            )
        n = _finish(con, width, "_row_src")
    finally:
        wb.close()
    st = Staged(path.name, columns, hi + 1, n, ".", format="xlsx", sheet=ws.title)
    st.unnamed = _unnamed(header, width)
    if len(names) > 1:
        notes.insert(0, f"sheet {ws.title!r} read (the workbook has: {', '.join(names)})")
    if hi:
        notes.append(f"header found on row {hi + 1} (title rows above it skipped)")
    st.notes.extend(notes)
    return st
