"""Named, parameterised SQL for reading the store (the pages' data access).

Values are always bound (``?``); the only identifiers ever interpolated come
from the schema allow-list (:func:`table_name`). Analytics modules hold their
own computation SQL; this module holds the plain reads.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from store import schema

QUERIES: dict[str, str] = {
    "household_years": "SELECT DISTINCT year FROM households ORDER BY year",
    "districts": (
        "SELECT district_code, bps_code, name, zone, area_km2, population_2020, population_2025, "
        "label_lon, label_lat FROM districts ORDER BY district_code"
    ),
    "districts_geo": "SELECT district_code, name, zone, geometry_geojson FROM districts ORDER BY district_code",
    "villages": (
        "SELECT v.village_code, v.name, v.village_type, v.district_code, d.name AS district_name, "
        "d.zone, v.area_km2 FROM villages v JOIN districts d USING (district_code) ORDER BY v.village_code"
    ),
    "villages_geo": (
        "SELECT v.village_code, v.name, v.district_code, d.zone, v.geometry_geojson "
        "FROM villages v JOIN districts d USING (district_code) ORDER BY v.village_code"
    ),
    "programmes": "SELECT * FROM programmes ORDER BY programme_code",
    "poverty_lines": "SELECT year, line_rp, status, source FROM poverty_lines ORDER BY year",
    "poverty_line": "SELECT line_rp FROM poverty_lines WHERE year = ?",
    "official_series": "SELECT * FROM official_series ORDER BY area_code, indicator, year",
    "targets": "SELECT * FROM targets ORDER BY indicator, area, year",
    "provenance": "SELECT * FROM provenance ORDER BY table_name, year",
    "demo_years": (
        "SELECT DISTINCT year FROM provenance WHERE source_kind = 'demo' AND table_name = 'households' "
        "ORDER BY year"
    ),
    "is_demo": "SELECT count(*) > 0 FROM provenance WHERE source_kind = 'demo'",
    "last_loaded": "SELECT max(loaded_at) FROM provenance",
    "import_log": "SELECT * FROM import_log ORDER BY import_id DESC LIMIT ?",
    "meta": "SELECT key, value FROM meta ORDER BY key",
    # Household rows for analysts (Data & Unduh, role-gated there); never the NIK hash.
    # Params: year, zone or NULL, district code or NULL.
    "household_rows": (
        "SELECT h.* EXCLUDE (nik_hash), d.zone FROM households h "
        "LEFT JOIN districts d USING (district_code) "
        "WHERE h.year = $1 AND ($2::VARCHAR IS NULL OR d.zone = $2) "
        "AND ($3::VARCHAR IS NULL OR h.district_code = $3) ORDER BY h.hh_id"
    ),
}


def run(con: duckdb.DuckDBPyConnection, name: str, params: list | tuple = ()) -> pd.DataFrame:
    """Run the named query with bound parameters."""
    return con.execute(QUERIES[name], list(params)).df()


def scalar(con: duckdb.DuckDBPyConnection, name: str, params: list | tuple = ()) -> object:
    row = con.execute(QUERIES[name], list(params)).fetchone()
    return None if row is None else row[0]


def table_name(name: str) -> str:
    """An allow-listed table name (raises ValueError for anything else)."""
    if name not in schema.TABLES or schema.TABLES[name].extra.get("virtual"):
        raise ValueError(f"unknown table {name!r}")
    return name
