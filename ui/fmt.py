"""Number formatting: Indonesian style (1.234,5; Rp 1.166.466) or English (1,234.5).

Pure functions (no streamlit) so they are tested directly and reused by chart
builders and exports.
"""

from __future__ import annotations

import math

DASH = "–"


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def num(x: float | int | None, decimals: int = 0, lang: str = "id") -> str:
    """1234.5 -> '1.234,5' (id) or '1,234.5' (en)."""
    if _missing(x):
        return DASH
    s = f"{float(x):,.{decimals}f}"
    if lang == "id":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return s


def rp(x: float | None, lang: str = "id", decimals: int = 0) -> str:
    """Rupiah: 'Rp 1.166.466'."""
    return DASH if _missing(x) else f"Rp {num(x, decimals, lang)}"


def rp_short(x: float | None, lang: str = "id") -> str:
    """Rupiah in words for large sums, one decimal: 'Rp 6,4 T' (triliun) / 'Rp 196,1 M' (miliar)."""
    if _missing(x):
        return DASH
    units = (
        [(1e12, "T"), (1e9, "M"), (1e6, "jt")]
        if lang == "id"
        else [(1e12, "tn"), (1e9, "bn"), (1e6, "m")]
    )
    for size, word in units:
        if abs(x) >= size:
            return f"Rp {num(x / size, 1, lang)} {word}"
    return rp(x, lang)


def pct(p: float | None, decimals: int = 2, lang: str = "id") -> str:
    """A proportion shown as percent: 0.137 -> '13,70 %' (id) / '13.70%' (en)."""
    if _missing(p):
        return DASH
    return (
        f"{num(100 * p, decimals, lang)} %" if lang == "id" else f"{num(100 * p, decimals, lang)}%"
    )


def pp(delta: float | None, decimals: int = 2, lang: str = "id") -> str:
    """A change of a proportion in percentage points, signed: '+0,48 poin' / '+0.48 pp'."""
    if _missing(delta):
        return DASH
    word = "poin" if lang == "id" else "pp"
    return f"{signed(100 * delta, decimals, lang)} {word}"


def d3_format(lang: str) -> dict:
    """Plotly layout separators: Indonesian uses ',' decimal and '.' thousands."""
    return {"separators": ",." if lang == "id" else ".,"}


def signed(x: float | None, decimals: int = 0, lang: str = "id") -> str:
    """A signed change in the value's own unit: '+1.234' / '-0,12' ('0' without sign)."""
    if _missing(x):
        return DASH
    s = num(x, decimals, lang)
    if float(s.replace(".", "").replace(",", "")) == 0:
        return num(0, decimals, lang)
    return f"+{s}" if x > 0 else s


def table_style(df, lang: str = "id"):
    """A pandas Styler showing a frame's numbers in the interface's style.

    The data stay numeric (sorting works); only the display changes. Years and
    integer counts get no decimals (years no thousands mark), rupiah columns
    (``*_rp``) none either, other floats four decimals, or one when large.
    """
    import pandas as pd

    fmts = {}
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            continue
        if col == "year":
            fmts[col] = lambda v: DASH if _missing(v) else str(int(v))
        elif pd.api.types.is_integer_dtype(s) or str(col).endswith("_rp"):
            fmts[col] = lambda v: num(v, 0, lang)
        else:
            big = s.abs().max(skipna=True)
            d = 1 if not _missing(big) and big >= 1000 else 4
            fmts[col] = lambda v, d=d: num(v, d, lang)
    return df.style.format(fmts, na_rep=DASH)
