"""Downloads: a frame as CSV, XLSX (data, data dictionary, provenance) or Parquet bytes.

Pure functions (no streamlit calls; labels come from ``ui.i18n.text`` in the
language passed). Spreadsheet programs run a cell that starts with
``=``, ``+``, ``-`` or ``@`` (and some treat a leading tab or carriage return the
same way) as a formula: a value such as ``=HYPERLINK(...)`` in an imported
village name would run on the analyst's machine. CSV and XLSX therefore get a
leading apostrophe on every *text* cell that starts with one of those
characters (OWASP "CSV injection"); numbers are left alone, so a negative
number stays a number. Parquet is read by programs, not spreadsheets, and keeps
the values exactly.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

from ui import labels
from ui.i18n import TEXT, text

#: A text cell starting with one of these is neutralised in CSV and XLSX.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATA_SHEET = "data"
DICTIONARY_SHEET = "kamus_data"
#: The provenance sheet's name, the same in both languages (like the other sheets), so
#: that a script reading a workbook need not know the language it was made in; its
#: headers and labels follow the language.
PROVENANCE_SHEETS = {"id": "provenance", "en": "provenance"}


def neutralise_text(value: object) -> object:
    """``'=1+1'`` -> ``"'=1+1"``; anything that is not such a string comes back as is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and column name) neutralised; numbers untouched."""
    out = df.copy()
    out.columns = [neutralise_text(str(c)) for c in out.columns]
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s):
            out[col] = s.map(neutralise_text).astype(object)
    return out


def _excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Excel cannot hold time-zone-aware times: write them in UTC without the zone."""
    out = df.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_convert("UTC").dt.tz_localize(None)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV, comma-separated, '.' as decimal mark, a header row, no index."""
    return neutralise(df).to_csv(index=False, lineterminator="\n").encode("utf-8")


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    """Parquet (pyarrow), values exactly as in ``df`` (no neutralising)."""
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def dictionary_frame(
    columns: list[str], docs: Mapping[str, tuple[str, str]], lang: str = "id"
) -> pd.DataFrame:
    """The data dictionary of ``columns``: name, description, unit (blank when unknown)."""
    heads = ("kolom", "keterangan", "satuan") if lang == "id" else ("column", "description", "unit")
    rows = [(c, *docs.get(c, ("", ""))) for c in columns]
    return pd.DataFrame(rows, columns=list(heads))


def provenance_sheet(lang: str = "id") -> str:
    """The name of the provenance sheet in ``lang``."""
    return PROVENANCE_SHEETS.get(lang, PROVENANCE_SHEETS["id"])


def _label(prefix: str, name: str, lang: str) -> str:
    key = f"{prefix}{name}"
    return text(key, lang) if key in TEXT else name


def _provenance_value(value: object, lang: str) -> str:
    """A parameter's value as the sheet shows it: booleans (the demo flag) and 'all' in
    words of ``lang``; anything else as written (codes such as zones stay codes, as in
    the data sheet)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return text("xlsx_yes_demo" if value else "xlsx_no", lang)
    if value == "all":
        return text("xlsx_all", lang)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a poverty line of 1166466.0 Rp reads 1166466
    return str(value)


def provenance_frame(params: Mapping[str, object], lang: str = "id") -> pd.DataFrame:
    """The query parameters of a download as two columns, item and value, in ``lang``.

    Items are named in words of ``lang`` (English keeps the parameter names); a boolean
    value is the demo flag: ``True`` -> 'YA - data sintetis, bukan rumah tangga nyata'.
    """
    return pd.DataFrame(
        [
            (_label("xlsx_item_", str(k), lang), _provenance_value(v, lang))
            for k, v in params.items()
        ],
        columns=[text("xlsx_item", lang), text("xlsx_value", lang)],
    )


def provenance_rows(provenance: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """The store's provenance rows with headers and ``source_kind`` in words of ``lang``."""
    out = labels.localise(provenance, lang, source_kind=labels.source_kind)
    return out.rename(columns={c: _label("xlsx_prov_", str(c), lang) for c in out.columns})


def to_xlsx_bytes(
    df: pd.DataFrame,
    *,
    dictionary: pd.DataFrame | None = None,
    params: Mapping[str, object] | None = None,
    provenance: pd.DataFrame | None = None,
    lang: str = "id",
) -> bytes:
    """An Excel workbook: sheet ``data``, sheet ``kamus_data`` (data dictionary) and
    sheet ``provenance`` (the query parameters, then the store's provenance rows), its
    headers and labels in ``lang``; sheet names do not change with the language. The data sheet keeps
    the column names and values as they are; build the dictionary in ``lang`` too
    (:func:`dictionary_frame`).

    Text cells are neutralised and xlsxwriter is told not to turn strings into
    formulas or links, so nothing in the workbook runs when it is opened.
    """
    buf = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buf, engine="xlsxwriter", engine_kwargs={"options": options}) as xw:
        neutralise(_excel_safe(df)).to_excel(xw, sheet_name=DATA_SHEET, index=False)
        if dictionary is not None:
            neutralise(dictionary).to_excel(xw, sheet_name=DICTIONARY_SHEET, index=False)
        if params is not None or provenance is not None:
            sheet = provenance_sheet(lang)
            row = 0
            if params is not None:
                p = provenance_frame(params, lang)
                neutralise(p).to_excel(xw, sheet_name=sheet, index=False)
                row = len(p) + 2
            if provenance is not None:
                neutralise(provenance_rows(_excel_safe(provenance), lang)).to_excel(
                    xw, sheet_name=sheet, index=False, startrow=row
                )
        for ws in xw.sheets.values():
            ws.freeze_panes(1, 0)
    return buf.getvalue()
