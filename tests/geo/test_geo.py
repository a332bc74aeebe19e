"""geo: boundaries load and check, 1:1 joins, offline map figures."""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Polygon, box

from geo.boundaries import (
    DATA_DIR,
    N_DISTRICTS,
    N_VILLAGES,
    check_geometries,
    ensure_wgs84,
    from_geojson_column,
    geometry_geojson_texts,
    load_districts,
    load_villages,
)
from geo.join import join_indicator
from geo.maps import (
    MAP_STYLE,
    NO_DATA_COLOUR,
    ZONE_COLOURS,
    choropleth,
    view_for_bounds,
    zone_map,
    zone_outlines,
)

REPO = DATA_DIR.parents[1]
UTM53S = "EPSG:32753"


@pytest.fixture(scope="module")
def districts() -> gpd.GeoDataFrame:
    return load_districts()


@pytest.fixture(scope="module")
def villages() -> gpd.GeoDataFrame:
    return load_villages()


@pytest.fixture(scope="module")
def districts_zoned(districts) -> gpd.GeoDataFrame:
    ref = pd.read_csv(REPO / "data/reference/mimika_districts.csv", dtype=str)
    zones = ref.rename(columns={"code": "district_code"})[["district_code", "zone"]]
    return join_indicator(districts, zones, "district_code")


# --- boundaries ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loader", "code_col", "n"),
    [
        pytest.param(load_districts, "district_code", N_DISTRICTS, id="districts"),
        pytest.param(load_villages, "village_code", N_VILLAGES, id="villages"),
    ],
)
def test_boundaries_counts_crs_validity_codes(loader, code_col, n):
    gdf = loader()
    assert (N_DISTRICTS, N_VILLAGES) == (18, 152)
    assert len(gdf) == n
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.is_valid.all()
    assert not gdf.geometry.is_empty.any()
    assert gdf[code_col].is_unique
    assert gdf[code_col].str.startswith("94.04.").all()
    assert {"name", "area_km2", "label_lon", "label_lat"} <= set(gdf.columns)
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}


def test_loaders_return_copies():
    gdf = load_villages()
    gdf["name"] = "changed"
    gdf["extra"] = 1
    again = load_villages()
    assert (again["name"] != "changed").all()
    assert "extra" not in again.columns


def test_village_columns_match_the_store(villages):
    assert set(villages["village_type"]) == {"kampung", "kelurahan"}
    assert (villages["village_type"] == "kelurahan").sum() == 19


def test_villages_tile_their_districts(districts, villages):
    assert set(villages["district_code"]) == set(districts["district_code"])
    counts = villages.groupby("district_code").size()
    assert (districts.set_index("district_code")["n_villages"] == counts).all()
    # Districts were built by unioning villages: areas agree closely (UTM 53S, km2).
    v_area = villages.to_crs(UTM53S).area.groupby(villages["district_code"]).sum() / 1e6
    d_area = districts.to_crs(UTM53S).set_index("district_code").area / 1e6
    np.testing.assert_allclose(d_area.sort_index(), v_area.sort_index(), rtol=1e-4)
    # Labels are inside their polygons.
    pts = gpd.points_from_xy(villages["label_lon"], villages["label_lat"], crs=4326)
    assert villages.geometry.contains(gpd.GeoSeries(pts, index=villages.index)).all()


def _square_frame(crs="EPSG:4326", **extra) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["a", "b"], **extra},
        geometry=[box(136.0, -5.0, 136.1, -4.9), box(136.1, -5.0, 136.2, -4.9)],
        crs=crs,
    )


def test_crs_missing_is_set_other_raises_or_reprojects():
    gdf = _square_frame(crs=None)
    assert ensure_wgs84(gdf).crs.to_epsg() == 4326
    utm = _square_frame().to_crs(UTM53S)
    with pytest.raises(ValueError, match="EPSG:32753"):
        ensure_wgs84(utm)
    back = ensure_wgs84(utm, reproject=True)
    assert back.crs.to_epsg() == 4326
    np.testing.assert_allclose(back.total_bounds, _square_frame().total_bounds, atol=1e-9)
    assert ensure_wgs84(_square_frame(crs="OGC:CRS84")).crs is not None


@pytest.mark.parametrize(
    ("geoms", "codes", "message"),
    [
        pytest.param(
            [box(0, 0, 1, 1), Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])],
            ["ok", "bowtie"],
            "invalid geometry.*bowtie",
            id="invalid",
        ),
        pytest.param([box(0, 0, 1, 1), Polygon()], ["ok", "empty"], "empty.*empty", id="empty"),
        pytest.param([box(0, 0, 1, 1), None], ["ok", "none"], "missing.*none", id="missing"),
        pytest.param([box(0, 0, 1, 1), box(1, 0, 2, 1)], ["x", "x"], "duplicate.*x", id="dup"),
    ],
)
def test_check_geometries_names_the_bad_code(geoms, codes, message):
    gdf = gpd.GeoDataFrame({"code": codes}, geometry=geoms, crs=4326)
    with pytest.raises(ValueError, match=message):
        check_geometries(gdf, "code")


def test_geojson_text_round_trip(villages):
    texts = geometry_geojson_texts(villages)
    assert len(texts) == N_VILLAGES
    assert all(json.loads(t)["type"] in {"Polygon", "MultiPolygon"} for t in texts)
    stored = pd.DataFrame(
        {
            "village_code": villages["village_code"],
            "name": villages["name"],
            "geometry_geojson": texts,
        }
    )
    back = from_geojson_column(stored, "village_code")
    assert back.crs.to_epsg() == 4326
    assert "geometry_geojson" not in back.columns
    assert list(back["village_code"]) == list(villages["village_code"])
    np.testing.assert_allclose(
        back.to_crs(UTM53S).area.to_numpy(), villages.to_crs(UTM53S).area.to_numpy(), rtol=1e-12
    )
    assert back.geometry.geom_equals_exact(villages.geometry, tolerance=0).all()


def test_geojson_texts_reproject_to_wgs84():
    utm = _square_frame().to_crs(UTM53S)
    (first, _) = geometry_geojson_texts(utm)
    lon, lat = json.loads(first)["coordinates"][0][0]
    assert 135 < lon < 137 and -6 < lat < -4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(None, "missing for code.*b", id="missing"),
        pytest.param("not json", "not GeoJSON.*b", id="unreadable"),
        pytest.param(
            '{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}',
            "invalid.*b",
            id="invalid",
        ),
    ],
)
def test_from_geojson_column_names_bad_rows(text, message):
    good = '{"type":"Point","coordinates":[136.5,-4.5]}'
    df = pd.DataFrame({"code": ["a", "b"], "geometry_geojson": [good, text]})
    with pytest.raises(ValueError, match=message):
        from_geojson_column(df, "code")


# --- join ------------------------------------------------------------------------------


def test_join_keeps_every_area_and_missing_as_nan(districts):
    df = pd.DataFrame({"district_code": ["94.04.03", "94.04.01"], "p0_pct": [12.5, 30.0]})
    out = join_indicator(districts, df, "district_code")
    assert isinstance(out, gpd.GeoDataFrame)
    assert out.crs.to_epsg() == 4326
    assert list(out["district_code"]) == list(districts["district_code"])
    assert out["p0_pct"].notna().sum() == 2
    assert out.set_index("district_code").loc["94.04.03", "p0_pct"] == 12.5
    assert out["p0_pct"].isna().sum() == N_DISTRICTS - 2


def test_join_rejects_duplicate_codes(districts):
    df = pd.DataFrame({"district_code": ["94.04.01", "94.04.02", "94.04.01"], "v": [1, 2, 3]})
    with pytest.raises(ValueError, match=r"more than one row.*94\.04\.01"):
        join_indicator(districts, df, "district_code")


def test_join_rejects_unknown_codes(districts):
    # An old pre-2022 code is the typical case.
    df = pd.DataFrame({"district_code": ["94.04.01", "91.09.01"], "v": [1, 2]})
    with pytest.raises(ValueError, match=r"not in the boundaries: 91\.09\.01"):
        join_indicator(districts, df, "district_code")


def test_join_rejects_missing_codes_and_missing_column(districts):
    df = pd.DataFrame({"district_code": ["94.04.01", None], "v": [1, 2]})
    with pytest.raises(ValueError, match="without district_code"):
        join_indicator(districts, df, "district_code")
    with pytest.raises(KeyError, match="code"):
        join_indicator(districts, pd.DataFrame({"code": ["94.04.01"]}), "district_code")


def test_join_suffixes_clashing_data_columns(districts):
    df = pd.DataFrame({"district_code": ["94.04.01"], "name": ["other"], "v": [1.0]})
    out = join_indicator(districts, df, "district_code")
    assert out.loc[0, "name"] == "Mimika Baru"
    assert out.loc[0, "name_data"] == "other"


# --- maps ------------------------------------------------------------------------------


def _village_figure(villages, districts_zoned, **kwargs):
    rng = np.random.default_rng(7)
    df = pd.DataFrame(
        {"village_code": villages["village_code"], "p0_pct": rng.uniform(5, 45, len(villages))}
    ).iloc[10:]  # the first ten villages have no data
    gdf = join_indicator(villages, df, "village_code")
    params = {
        "code_col": "village_code",
        "name_col": "name",
        "hover_cols": {"district_name": "Distrik"},
        "value_label": "P0 (%)",
        "outline_gdf": zone_outlines(districts_zoned),
        "marked_codes": list(gdf.nlargest(3, "p0_pct")["village_code"]),
    }
    return gdf, choropleth(gdf, "p0_pct", **(params | kwargs))


def _choropleth_traces(fig):
    return [t for t in fig.data if t.type == "choroplethmap"]


def test_choropleth_one_location_per_polygon(villages, districts_zoned):
    gdf, fig = _village_figure(villages, districts_zoned)
    traces = _choropleth_traces(fig)
    locations = [loc for t in traces for loc in t.locations]
    assert sorted(locations) == sorted(gdf["village_code"])
    for t in traces:
        assert t.featureidkey == "id"
        assert [f["id"] for f in t.geojson["features"]] == list(t.locations)


def test_choropleth_is_offline_maplibre(villages, districts_zoned):
    _, fig = _village_figure(villages, districts_zoned)
    assert fig.layout.map.style == MAP_STYLE == "white-bg"
    assert not [t for t in fig.data if t.type in {"choropleth", "scattergeo"}]
    assert "geo" not in fig.layout.to_plotly_json()
    text = fig.to_json()
    assert "http" not in text and "mapbox" not in text
    # No text on the map: a MapLibre symbol layer with text would fetch font glyphs.
    assert all("text" not in (getattr(t, "mode", None) or "") for t in fig.data)


def test_choropleth_no_data_drawn_grey(villages, districts_zoned):
    gdf, fig = _village_figure(villages, districts_zoned, no_data_label="tidak ada data")
    grey = [t for t in _choropleth_traces(fig) if t.name == "tidak ada data"]
    assert len(grey) == 1
    assert set(grey[0].locations) == set(gdf.loc[gdf["p0_pct"].isna(), "village_code"])
    assert {c for _, c in grey[0].colorscale} == {NO_DATA_COLOUR}
    assert grey[0].showlegend
    assert all(row[2] == "tidak ada data" for row in grey[0].customdata)


def test_choropleth_outlines_and_marked_traces(villages, districts_zoned):
    gdf, fig = _village_figure(villages, districts_zoned, outline_label="batas zona")
    lines = [t for t in fig.data if t.type == "scattermap" and t.mode == "lines"]
    names = {t.name for t in lines}
    assert "batas zona" in names and "kantong kemiskinan" in names
    # Outlines and markers come after the polygons, so they draw on top.
    kinds = [t.type for t in fig.data]
    assert kinds.index("scattermap") > max(i for i, k in enumerate(kinds) if k == "choroplethmap")
    assert all(t.hoverinfo == "skip" for t in fig.data if t.type == "scattermap")


def test_choropleth_hover_uses_formatter_and_labels(villages, districts_zoned):
    def id_fmt(x):
        return f"{x:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".") + " %"

    gdf, fig = _village_figure(villages, districts_zoned, value_format=id_fmt)
    main = _choropleth_traces(fig)[0]
    code = main.locations[0]
    value = gdf.set_index("village_code").loc[code, "p0_pct"]
    row = main.customdata[0]
    assert row[1] == code
    assert row[2] == id_fmt(value)
    assert "," in row[2]
    assert "P0 (%): %{customdata[2]}" in main.hovertemplate
    assert "Distrik: %{customdata[3]}" in main.hovertemplate
    assert main.hovertemplate.endswith("<extra></extra>")


def test_choropleth_rejects_unknown_marked_code(villages, districts_zoned):
    with pytest.raises(ValueError, match="99.99"):
        _village_figure(villages, districts_zoned, marked_codes=["99.99"])


def test_choropleth_range_color(villages, districts_zoned):
    _, fig = _village_figure(villages, districts_zoned, range_color=(0, 100))
    main = _choropleth_traces(fig)[0]
    assert (main.zmin, main.zmax) == (0, 100)


def test_view_fits_bounds(villages):
    minx, miny, maxx, maxy = villages.total_bounds
    center, zoom = view_for_bounds(villages.total_bounds)
    assert minx < center["lon"] < maxx and miny < center["lat"] < maxy
    # Mimika is about 4 degrees wide: zoom 6-8 shows all of it in a 720 px map.
    assert 6 < zoom < 8
    # Half the width (no padding): one zoom level less, the limit being the width.
    _, z_full = view_for_bounds(villages.total_bounds, width_px=720, padding_px=0)
    _, z_half = view_for_bounds(villages.total_bounds, width_px=360, padding_px=0)
    assert z_half == pytest.approx(z_full - 1)


def test_zone_outlines_dissolve_districts(districts_zoned):
    outlines = zone_outlines(districts_zoned)
    assert list(outlines["zone"]) == list(ZONE_COLOURS)
    assert outlines.geometry.is_valid.all()
    area = districts_zoned.to_crs(UTM53S).area.groupby(districts_zoned["zone"]).sum()
    np.testing.assert_allclose(
        outlines.to_crs(UTM53S).set_index("zone").area.loc[area.index], area, rtol=1e-6
    )


def test_zone_map_uses_zone_colours(districts_zoned):
    labels = {"coastal": "Pesisir", "lowland": "Dataran rendah", "highland": "Pegunungan"}
    fig = zone_map(districts_zoned, zone_labels=labels)
    traces = _choropleth_traces(fig)
    assert [t.name for t in traces] == list(labels.values())
    for t, zone in zip(traces, ZONE_COLOURS, strict=True):
        assert {c for _, c in t.colorscale} == {ZONE_COLOURS[zone]}
        expected = districts_zoned.loc[districts_zoned["zone"] == zone, "district_code"]
        assert sorted(t.locations) == sorted(expected)
    assert sum(len(t.locations) for t in traces) == N_DISTRICTS
    assert fig.layout.map.style == "white-bg"


def test_zone_colours_distinct_and_zone_values_checked(districts):
    assert set(ZONE_COLOURS) == {"coastal", "lowland", "highland"}
    assert len(set(ZONE_COLOURS.values())) == 3
    bad = districts.assign(zone="mountain")
    with pytest.raises(ValueError, match="mountain"):
        zone_outlines(bad)
    with pytest.raises(ValueError, match="unknown or missing zone"):
        zone_map(districts.assign(zone=None))


def test_geo_imports_neither_streamlit_nor_store():
    code = (
        "import sys, geo.boundaries, geo.join, geo.maps; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'store')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
