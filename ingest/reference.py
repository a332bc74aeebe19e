"""`rpkd init`: an empty store with the schema and the shipped reference data.

Districts and villages come with their boundaries (data/geo, MIT, see
data/geo/SOURCES.md); the published series, poverty lines and RPKD targets
from data/reference, with the placeholder RAT ceilings. Poverty lines, targets
and ceilings go through the same checked import as a user's file, so a user can
re-import edited versions.
"""

from __future__ import annotations

import pandas as pd

from config import REFERENCE_DIR
from geo.boundaries import geometry_geojson_texts, load_districts, load_villages
from ingest.load import import_delivery
from store.db import Store


def districts_frame() -> pd.DataFrame:
    ref = pd.read_csv(REFERENCE_DIR / "mimika_districts.csv", dtype={"code": str, "bps_code": str})
    gdf = load_districts()
    geo = pd.DataFrame(
        {
            "district_code": gdf["district_code"].to_numpy(),
            "area_km2": gdf["area_km2"].to_numpy(),
            "label_lon": gdf["label_lon"].to_numpy(),
            "label_lat": gdf["label_lat"].to_numpy(),
            "geometry_geojson": geometry_geojson_texts(gdf),
        }
    )
    df = ref.rename(columns={"code": "district_code"}).merge(
        geo, on="district_code", how="left", validate="1:1"
    )
    if df["geometry_geojson"].isna().any():
        missing = df.loc[df["geometry_geojson"].isna(), "district_code"].tolist()
        raise ValueError(f"districts without a boundary: {missing}")
    return df[
        [
            "district_code",
            "bps_code",
            "name",
            "zone",
            "area_km2",
            "population_2020",
            "population_2025",
            "label_lon",
            "label_lat",
            "geometry_geojson",
        ]
    ]


def villages_frame() -> pd.DataFrame:
    gdf = load_villages()
    return pd.DataFrame(
        {
            "village_code": gdf["village_code"].to_numpy(),
            "name": gdf["name"].to_numpy(),
            "village_type": gdf["village_type"].to_numpy(),
            "district_code": gdf["district_code"].to_numpy(),
            "area_km2": gdf["area_km2"].to_numpy(),
            "label_lon": gdf["label_lon"].to_numpy(),
            "label_lat": gdf["label_lat"].to_numpy(),
            "geometry_geojson": geometry_geojson_texts(gdf),
        }
    )


def official_series_frame() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "official_series.csv", dtype={"area_code": str})


def init_store(store: Store, *, force: bool = False) -> None:
    """Create the store with schema and reference data.

    Refuses to touch an existing store unless ``force`` (which rebuilds it empty).
    """
    if store.exists():
        if not force:
            raise FileExistsError(
                f"{store.path} exists already; use --force to rebuild it (its data will be lost)"
            )
        store.path.unlink()
    d, v, s = districts_frame(), villages_frame(), official_series_frame()
    with store.write() as con:
        for name, df in (("districts", d), ("villages", v), ("official_series", s)):
            con.register("_ref", df)
            cols = ", ".join(df.columns)
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _ref")
            con.unregister("_ref")
            con.execute(
                "INSERT OR REPLACE INTO provenance VALUES (?, 0, 'import', ?, NULL, now())",
                [name, "data/reference (shipped)"],
            )
        con.execute("INSERT OR REPLACE INTO meta VALUES ('created_at', now()::VARCHAR)")
    import_delivery(store, "poverty_lines", REFERENCE_DIR / "poverty_lines.csv")
    import_delivery(store, "targets", REFERENCE_DIR / "targets.csv")
    import_delivery(store, "rat_ceilings", REFERENCE_DIR / "rat_ceilings.csv")
