"""The geometry a map sends to the browser: boundary rings as float arrays with NaN gaps,
GeoJSON features as plain lists (same coordinates as shapely's ``mapping``)."""

from __future__ import annotations

import base64
import json

import geopandas as gpd
import numpy as np
import plotly.io
import pytest
from shapely.geometry import MultiPolygon, Polygon, box, mapping

from geo.boundaries import load_districts
from geo.maps import choropleth, feature_collection, ring_coordinates, zone_outlines

SQUARE = box(136.0, -4.6, 136.2, -4.4)
WITH_HOLE = Polygon(
    [(136.3, -4.6), (136.6, -4.6), (136.6, -4.3), (136.3, -4.3)],
    holes=[[(136.4, -4.5), (136.5, -4.5), (136.5, -4.4), (136.4, -4.4)]],
)
TWO_PARTS = MultiPolygon([box(136.7, -4.6, 136.8, -4.5), box(136.9, -4.6, 137.0, -4.5)])


def _rings(geom) -> list[np.ndarray]:
    """Each ring's coordinates, walked by hand: exterior then holes, part after part."""
    parts = geom.geoms if hasattr(geom, "geoms") else [geom]
    out = []
    for p in parts:
        out.append(np.asarray(p.exterior.coords))
        out += [np.asarray(r.coords) for r in p.interiors]
    return out


def test_ring_coordinates_are_every_ring_followed_by_a_gap():
    geoms = gpd.GeoSeries([SQUARE, WITH_HOLE, TWO_PARTS], crs="EPSG:4326")
    got = ring_coordinates(geoms)
    expected = [r for g in geoms for r in _rings(g)]
    assert len(expected) == 5
    assert got.shape == (sum(len(r) for r in expected) + len(expected), 2)
    gaps = np.flatnonzero(np.isnan(got).all(axis=1))
    assert np.isnan(got).any(axis=1).sum() == len(gaps) == 5  # whole NaN rows only
    starts = [0, *(gaps[:-1] + 1)]
    for ring, start, gap in zip(expected, starts, gaps, strict=True):
        np.testing.assert_array_equal(got[start:gap], ring)
    assert gaps[-1] == len(got) - 1


def test_ring_coordinates_of_the_real_districts_keep_every_point():
    d = load_districts()
    got = ring_coordinates(d.geometry)
    n_rings = sum(len(_rings(g)) for g in d.geometry)
    assert np.isnan(got[:, 0]).sum() == n_rings
    points = got[~np.isnan(got[:, 0])]
    assert len(points) == sum(len(r) for g in d.geometry for r in _rings(g))
    minx, miny, maxx, maxy = d.total_bounds
    assert points[:, 0].min() == minx and points[:, 0].max() == maxx
    assert points[:, 1].min() == miny and points[:, 1].max() == maxy


def test_feature_collection_has_the_coordinates_of_mapping_as_lists():
    gdf = gpd.GeoDataFrame({"code": ["a", "b", "c"]}, geometry=[SQUARE, WITH_HOLE, TWO_PARTS])
    fc = feature_collection(gdf, "code")
    assert [f["id"] for f in fc["features"]] == ["a", "b", "c"]
    for f, geom in zip(fc["features"], gdf.geometry, strict=True):
        assert f["type"] == "Feature" and f["properties"] == {}
        # mapping() gives tuples; the JSON text is what reaches the browser.
        assert json.dumps(f["geometry"]) == json.dumps(mapping(geom))


def test_real_district_features_equal_mapping():
    d = load_districts()
    fc = feature_collection(d, "district_code")
    for f, geom in zip(fc["features"], d.geometry, strict=True):
        assert json.dumps(f["geometry"]) == json.dumps(mapping(geom))


def _sent_array(value) -> np.ndarray:
    """An array as plotly sends it: base64 binary (``{"dtype", "bdata"}``) or a list with
    nulls (what plotly.js reads as a gap either way)."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
    return np.array([np.nan if v is None else v for v in value], dtype=float)


@pytest.fixture()
def zoned():
    d = load_districts()
    zones = ["coastal", "lowland", "highland"]
    return d.assign(zone=[zones[i % 3] for i in range(len(d))], value=np.linspace(0.1, 0.5, len(d)))


def test_outline_and_pocket_lines_reach_the_browser_with_their_gaps(zoned):
    fig = choropleth(
        zoned,
        "value",
        code_col="district_code",
        name_col="name",
        outline_gdf=zone_outlines(zoned),
        marked_codes=list(zoned["district_code"][:2]),
    )
    lines = [t for t in fig.data if t.type == "scattermap" and t.mode == "lines"]
    assert len(lines) == 2
    spec = json.loads(plotly.io.to_json(fig, validate=False))
    sent = [t for t in spec["data"] if t["type"] == "scattermap" and t.get("mode") == "lines"]
    for trace, geoms in zip(sent, [zone_outlines(zoned).geometry, zoned.geometry[:2]], strict=True):
        lon = _sent_array(trace["lon"])
        n_rings = sum(len(_rings(g)) for g in geoms)
        assert np.isnan(lon).sum() == n_rings  # one gap after each ring, none lost
        assert len(lon) == sum(len(r) for g in geoms for r in _rings(g)) + n_rings
