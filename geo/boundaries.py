"""Mimika's district and village boundaries: load, check, convert to and from GeoJSON text.

The boundary files in ``data/geo`` (see ``data/geo/SOURCES.md`` for source, licence and
processing) are read once and checked: WGS84, every geometry valid and non-empty, codes
unique, 18 districts and 152 villages. Callers get a fresh copy each time, so they may
add or change columns without touching the cache.

The store keeps each polygon as GeoJSON text (``districts.geometry_geojson`` and
``villages.geometry_geojson``); :func:`geometry_geojson_texts` writes that text and
:func:`from_geojson_column` rebuilds a GeoDataFrame from it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS

from config import GEO_DIR

# repo_root/data/geo, as laid out in config (one place for the data layout).
DATA_DIR = GEO_DIR
DISTRICTS_FILE = DATA_DIR / "mimika_districts.geojson"
VILLAGES_FILE = DATA_DIR / "mimika_villages.geojson"

WGS84 = "EPSG:4326"
REGENCY_CODE = "94.04"
N_DISTRICTS = 18
N_VILLAGES = 152

# Source property -> column name used across the app (matches the store's tables).
# Properties not named here are constant for Mimika (level, regency_*, province_*) and dropped.
_DISTRICT_COLUMNS = {
    "code": "district_code",
    "name": "name",
    "code_pre2022": "code_pre2022",
    "n_villages": "n_villages",
    "area_km2": "area_km2",
    "label_lon": "label_lon",
    "label_lat": "label_lat",
}
_VILLAGE_COLUMNS = {
    "code": "village_code",
    "name": "name",
    "type": "village_type",
    "district_code": "district_code",
    "district_name": "district_name",
    "code_pre2022": "code_pre2022",
    "area_km2": "area_km2",
    "label_lon": "label_lon",
    "label_lat": "label_lat",
}


def load_districts() -> gpd.GeoDataFrame:
    """The 18 districts: ``district_code``, ``name``, ``code_pre2022``, ``n_villages``,
    ``area_km2``, ``label_lon``, ``label_lat``, ``geometry`` (EPSG:4326)."""
    return _load_districts().copy()


def load_villages() -> gpd.GeoDataFrame:
    """The 152 villages: ``village_code``, ``name``, ``village_type`` (``kampung`` or
    ``kelurahan``, as in the store), ``district_code``, ``district_name``, ``code_pre2022``,
    ``area_km2``, ``label_lon``, ``label_lat``, ``geometry`` (EPSG:4326)."""
    return _load_villages().copy()


@lru_cache(maxsize=1)
def _load_districts() -> gpd.GeoDataFrame:
    return _read(DISTRICTS_FILE, _DISTRICT_COLUMNS, "district_code", N_DISTRICTS)


@lru_cache(maxsize=1)
def _load_villages() -> gpd.GeoDataFrame:
    gdf = _read(VILLAGES_FILE, _VILLAGE_COLUMNS, "village_code", N_VILLAGES)
    gdf["village_type"] = gdf["village_type"].str.lower()
    return gdf


def _read(path: Path, columns: dict[str, str], code_col: str, expected: int) -> gpd.GeoDataFrame:
    raw = gpd.read_file(path)
    missing = sorted(set(columns) - set(raw.columns))
    if missing:
        raise ValueError(f"{path.name}: missing properties {missing}")
    other_regency = sorted(set(raw["code"][raw["regency_code"] != REGENCY_CODE]))
    if other_regency:
        raise ValueError(f"{path.name}: features outside Mimika ({REGENCY_CODE}): {other_regency}")
    gdf = raw[[*columns, "geometry"]].rename(columns=columns)
    gdf = ensure_wgs84(gdf, what=path.name)
    check_geometries(gdf, code_col, what=path.name)
    if len(gdf) != expected:
        raise ValueError(f"{path.name}: expected {expected} features, found {len(gdf)}")
    return gdf


def ensure_wgs84(
    gdf: gpd.GeoDataFrame, *, what: str = "boundaries", reproject: bool = False
) -> gpd.GeoDataFrame:
    """Return ``gdf`` in EPSG:4326: set it when the CRS is missing; when it is another,
    raise ValueError, or reproject if ``reproject``.

    Lon/lat (OGC:CRS84, what GeoJSON means) is accepted as EPSG:4326 with the axes swapped.
    """
    if gdf.crs is None:
        return gdf.set_crs(WGS84)
    if CRS.from_user_input(gdf.crs).equals(WGS84, ignore_axis_order=True):
        return gdf
    if reproject:
        return gdf.to_crs(WGS84)
    raise ValueError(f"{what}: CRS must be {WGS84}, found {gdf.crs.to_string()}")


def check_geometries(gdf: gpd.GeoDataFrame, code_col: str, *, what: str = "boundaries") -> None:
    """Raise ValueError naming the codes whose geometry is missing, empty or invalid, or
    that are missing or duplicated themselves."""
    codes = gdf[code_col]
    if codes.isna().any():
        raise ValueError(f"{what}: {int(codes.isna().sum())} rows without {code_col}")
    dup = sorted(set(codes[codes.duplicated()]))
    if dup:
        raise ValueError(f"{what}: duplicate {code_col}: {dup}")
    geom = gdf.geometry
    missing = sorted(codes[geom.isna() | geom.is_empty])
    if missing:
        raise ValueError(f"{what}: missing or empty geometry for {code_col} {missing}")
    invalid = gdf.loc[~geom.is_valid]
    if len(invalid):
        reasons = shapely.is_valid_reason(invalid.geometry.values)
        detail = ", ".join(f"{c} ({r})" for c, r in zip(invalid[code_col], reasons, strict=True))
        raise ValueError(f"{what}: invalid geometry for {code_col} {detail}")


def from_geojson_column(
    df: pd.DataFrame, code_col: str, geom_col: str = "geometry_geojson"
) -> gpd.GeoDataFrame:
    """Rebuild a GeoDataFrame (EPSG:4326) from GeoJSON geometry text stored in ``geom_col``.

    The text column is replaced by ``geometry``; other columns are kept. Raises ValueError
    naming the codes whose text is missing, unreadable or gives an empty or invalid geometry,
    and when codes are duplicated.
    """
    for col in (code_col, geom_col):
        if col not in df.columns:
            raise KeyError(f"column {col!r} not in frame (columns: {list(df.columns)})")
    texts = df[geom_col]
    missing = sorted(df.loc[texts.isna(), code_col])
    if missing:
        raise ValueError(f"{geom_col} is missing for {code_col} {missing}")
    geoms = []
    unreadable = []
    for code, text in zip(df[code_col], texts, strict=True):
        try:
            geoms.append(shapely.from_geojson(text))
        except shapely.errors.GEOSException:
            unreadable.append(code)
            geoms.append(None)
    if unreadable:
        raise ValueError(f"{geom_col} is not GeoJSON geometry for {code_col} {sorted(unreadable)}")
    gdf = gpd.GeoDataFrame(
        df.drop(columns=[geom_col]), geometry=gpd.GeoSeries(geoms, index=df.index), crs=WGS84
    )
    check_geometries(gdf, code_col, what=geom_col)
    return gdf


def geometry_geojson_texts(gdf: gpd.GeoDataFrame) -> list[str]:
    """One GeoJSON geometry text per row (WGS84, full precision), for the store's
    ``geometry_geojson`` columns. A frame in another CRS is reprojected first; a missing
    geometry raises ValueError (the store's column holds a geometry for every row)."""
    geom = ensure_wgs84(gdf, reproject=True).geometry
    if geom.isna().any():
        raise ValueError(f"missing geometry in rows {list(geom.index[geom.isna()])}")
    return [str(t) for t in shapely.to_geojson(geom.values)]
