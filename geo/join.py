"""Join an indicator table to boundaries by code, strictly one to one."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

# Columns of the indicator table that share a name with a boundary column get this suffix;
# the boundary's column (its name, its district) keeps its own name.
DATA_SUFFIX = "_data"
_MAX_NAMED = 20


def join_indicator(gdf: gpd.GeoDataFrame, df: pd.DataFrame, code_col: str) -> gpd.GeoDataFrame:
    """Left-join ``df`` onto the boundaries ``gdf`` by ``code_col``, one row per area.

    Raises ValueError naming the codes when ``df`` has a missing code, a code more than once,
    or a code the boundaries do not have (a typo or an old code would otherwise drop silently
    off the map). Areas without a row in ``df`` are kept with NaN, so that a map shows them as
    "no data" rather than leaving a hole. Row order and CRS are those of ``gdf``.
    """
    for name, frame in (("boundaries", gdf), ("indicator table", df)):
        if code_col not in frame.columns:
            raise KeyError(f"{name} has no column {code_col!r} (columns: {list(frame.columns)})")
    if gdf[code_col].duplicated().any():
        dup = sorted(set(gdf.loc[gdf[code_col].duplicated(), code_col]), key=str)
        raise ValueError(f"boundaries have duplicate {code_col}: {_name(dup)}")

    codes = df[code_col]
    if codes.isna().any():
        raise ValueError(f"indicator table has {int(codes.isna().sum())} rows without {code_col}")
    dup = sorted(set(codes[codes.duplicated()]), key=str)
    if dup:
        raise ValueError(
            f"indicator table has more than one row for {code_col} {_name(dup)}; "
            "a map needs one value per area"
        )
    unknown = sorted(set(codes) - set(gdf[code_col]), key=str)
    if unknown:
        raise ValueError(f"indicator table has {code_col} not in the boundaries: {_name(unknown)}")

    out = gdf.merge(df, on=code_col, how="left", validate="one_to_one", suffixes=("", DATA_SUFFIX))
    out.index = gdf.index
    return out


def _name(codes: list) -> str:
    """The codes, in full up to a point, then how many more."""
    shown = ", ".join(str(c) for c in codes[:_MAX_NAMED])
    more = len(codes) - _MAX_NAMED
    return f"{shown} (and {more} more)" if more > 0 else shown
