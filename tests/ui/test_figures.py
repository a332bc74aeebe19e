"""ui.figures: one cache for built objects. A figure is built once per key (builder, store
version, arguments by content: frames by values, GeoDataFrames by geometry, columns and CRS),
handed out as the same object, built again when the input or the store file changes, and at
most MAX_ENTRIES are kept (least recently used evicted)."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time

import duckdb
import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import plotly.io
import plotly.tools
import pytest
from shapely.geometry import box

from ui import data, figures

CALLS: list[str] = []


def bars(df: pd.DataFrame, lang: str, *, title: str | None = None) -> go.Figure:
    CALLS.append("bars")
    fig = go.Figure(go.Bar(x=df["x"].tolist(), y=df["y"].tolist(), name=lang))
    return fig.update_layout(title={"text": title})


def lines(df: pd.DataFrame, lang: str, *, title: str | None = None) -> go.Figure:
    CALLS.append("lines")
    return go.Figure(go.Scatter(x=df["x"].tolist(), y=df["y"].tolist(), name=lang))


def outline(gdf: gpd.GeoDataFrame) -> go.Figure:
    CALLS.append("outline")
    x, y = gdf.geometry.iloc[0].exterior.xy
    return go.Figure(go.Scatter(x=list(x), y=list(y), name=str(gdf["name"].iloc[0])))


def numbered(i: int) -> dict:
    CALLS.append(f"numbered {i}")
    return {"i": i}


def district_names(lang: str) -> go.Figure:
    """A builder that reads the store itself (as headline.trend_chart does)."""
    CALLS.append("district_names")
    names = data.named("districts")["name"].tolist()
    return go.Figure(go.Bar(x=names, y=[1] * len(names), name=lang))


@pytest.fixture(autouse=True)
def fresh():
    figures.clear()
    CALLS.clear()
    yield
    figures.clear()


def frame(y=(1.0, 2.0, 3.0)) -> pd.DataFrame:
    return pd.DataFrame({"x": ["a", "b", "c"], "y": list(y)})


def area(name="Alpha", geom=None, crs="EPSG:4326") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["94.04.01"], "name": [name]},
        geometry=[geom or box(136.0, -4.6, 136.2, -4.4)],
        crs=crs,
    )


def test_equal_arguments_give_the_same_figure_built_once():
    first = figures.cached(bars, frame(), "id", title="P0")
    again = figures.cached(bars, frame(), "id", title="P0")  # equal, not the same frame
    assert again is first
    assert CALLS == ["bars"]
    assert list(first.data[0].y) == [1.0, 2.0, 3.0]


def test_keyword_order_does_not_matter():
    by_name = figures.cached(bars, df=frame(), lang="id", title="P0")
    assert figures.cached(bars, title="P0", lang="id", df=frame()) is by_name
    assert CALLS == ["bars"]


def test_other_values_language_or_keyword_build_again():
    base = figures.cached(bars, frame(), "id", title="P0")
    changed = figures.cached(bars, frame((1.0, 2.0, 4.0)), "id", title="P0")
    english = figures.cached(bars, frame(), "en", title="P0")
    retitled = figures.cached(bars, frame(), "id", title="P1")
    assert CALLS == ["bars"] * 4
    assert list(changed.data[0].y) == [1.0, 2.0, 4.0]
    assert english.data[0].name == "en" and retitled.layout.title.text == "P1"
    assert figures.cached(bars, frame(), "id", title="P0") is base


def test_a_renamed_column_is_another_input():
    figures.cached(bars, frame(), "id")
    renamed = frame().rename(columns={"y": "z"}).assign(y=[1.0, 2.0, 3.0])
    figures.cached(bars, renamed, "id")
    assert CALLS == ["bars", "bars"]


def test_two_builders_do_not_share_figures():
    b = figures.cached(bars, frame(), "id")
    s = figures.cached(lines, frame(), "id")
    assert b.data[0].type == "bar" and s.data[0].type == "scatter"
    assert CALLS == ["bars", "lines"]


def test_geodataframes_are_compared_by_content():
    first = figures.cached(outline, area())
    assert figures.cached(outline, area().copy()) is first
    moved = figures.cached(outline, area(geom=box(136.0, -4.6, 136.3, -4.4)))
    renamed = figures.cached(outline, area(name="Beta"))
    reprojected = figures.cached(outline, area().set_crs("EPSG:3857", allow_override=True))
    assert CALLS == ["outline"] * 4
    assert max(moved.data[0].x) == pytest.approx(136.3)
    assert renamed.data[0].name == "Beta"
    assert reprojected is not first


def test_geoframe_digest_sees_geometry_columns_and_crs():
    d = figures.geoframe_digest
    assert d(area()) == d(area().copy())
    assert d(area()) != d(area(geom=box(136.0, -4.6, 136.2, -4.39)))
    assert d(area()) != d(area(name="Beta"))
    assert d(area()) != d(area(crs="EPSG:3857"))
    assert d(area()) != d(area().rename(columns={"name": "nama"}))


def test_showing_a_cached_figure_leaves_it_as_it_was():
    """st.plotly_chart's path (to_dict, then JSON) must not change the shared figure."""
    fig = figures.cached(bars, frame(), "id", title="P0")
    before = json.dumps(fig.to_plotly_json(), sort_keys=True, default=str)
    for _ in range(2):
        shown = plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True)
        plotly.io.to_json(shown, validate=False)
    assert json.dumps(fig.to_plotly_json(), sort_keys=True, default=str) == before


# ---------------------------------------------------------------- store version and bound


def test_a_new_store_version_builds_again_and_a_changed_store_is_never_stale(own_store, bump):
    first = figures.cached(district_names, "id")
    assert figures.cached(district_names, "id") is first
    pure = figures.cached(bars, frame(), "id")
    assert CALLS == ["district_names", "bars"]
    old_name = first.data[0].x[0]

    bump(own_store)  # same content, new file: the key has the store version
    same_content = figures.cached(district_names, "id")
    assert same_content is not first and list(same_content.data[0].x) == list(first.data[0].x)
    assert figures.cached(bars, frame(), "id") is not pure
    assert CALLS == ["district_names", "bars", "district_names", "bars"]

    # An import writes a copy and swaps it in: the next call sees the new rows.
    new = own_store.with_name("next.duckdb")
    shutil.copyfile(own_store, new)
    with duckdb.connect(str(new)) as con:
        con.execute("UPDATE districts SET name = name || ' (baru)' WHERE name = ?", [old_name])
    os.replace(new, own_store)
    changed = figures.cached(district_names, "id")
    assert changed.data[0].x[0] == f"{old_name} (baru)"
    assert first.data[0].x[0] == old_name  # the earlier shared figure was not touched


def test_at_most_max_entries_are_kept_least_recently_used_first():
    n = figures.MAX_ENTRIES
    built = [figures.cached(numbered, i) for i in range(n)]
    assert figures.cached(numbered, 0) is built[0]  # read: now the most recently used
    CALLS.clear()
    figures.cached(numbered, n)  # one more than the bound: evicts entry 1, not entry 0
    assert figures.cached(numbered, 0) is built[0]
    assert all(figures.cached(numbered, i) is built[i] for i in range(2, n))
    assert CALLS == [f"numbered {n}"]
    rebuilt = figures.cached(numbered, 1)
    assert rebuilt is not built[1] and rebuilt == {"i": 1}
    assert CALLS == [f"numbered {n}", "numbered 1"]


def test_sessions_asking_at_once_share_one_build():
    started = threading.Event()

    def slow(x: int) -> dict:
        CALLS.append("slow")
        started.set()
        time.sleep(0.3)
        return {"x": x}

    got: list[object] = []
    threads = [
        threading.Thread(target=lambda: got.append(figures.cached(slow, 7))) for _ in range(3)
    ]
    threads[0].start()
    started.wait(5)
    for t in threads[1:]:
        t.start()
    for t in threads:
        t.join(10)
    assert CALLS == ["slow"]
    assert len(got) == 3 and all(g is got[0] for g in got)


# ---------------------------------------------------------------- on the map page


def _map_spec(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def _pockets_in_caption(at) -> int:
    import re

    for c in at.caption:
        m = re.search(r"Kantong kemiskinan: (\d+) wilayah", c.value)
        if m:
            return int(m.group(1))
    raise AssertionError("no pocket count on the page")


def _marked_points(spec: dict) -> int:
    dots = [t for t in spec["data"] if t["type"] == "scattermap" and t.get("mode") == "markers"]
    return len(dots[0]["lon"]) if dots else 0


def test_the_map_page_serves_its_figures_again_and_follows_its_widgets(
    small_store_env, monkeypatch, tmp_path
):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO
    from ui import charts_map

    built: list[str] = []
    real = charts_map.indicator_map

    def counted(*args, **kwargs):
        built.append(kwargs["title"])
        return real(*args, **kwargs)

    monkeypatch.setattr(charts_map, "indicator_map", counted)
    monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "none.toml"))  # open demo mode
    monkeypatch.setenv("RPKD_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/peta.py").run()
    assert not at.exception
    district = _map_spec(at)
    assert len(built) == 1
    at.run()
    assert _map_spec(at) == district and len(built) == 1  # sent again, not built again
    assert _marked_points(district) == _pockets_in_caption(at)

    at.radio(key="map_lvl").set_value("village").run()
    village = _map_spec(at)
    codes = {c for t in village["data"] if t["type"] == "choroplethmap" for c in t["locations"]}
    assert len(codes) > len({c for t in district["data"] for c in t.get("locations", [])})
    assert all(c.count(".") == 3 for c in codes)  # village codes 94.04.xx.yyyy

    rule = next(r for r in at.radio if r.label == "Aturan kantong kemiskinan")
    rule.set_value("top_quintile").run()
    assert _marked_points(_map_spec(at)) == _pockets_in_caption(at)
    rule = next(r for r in at.radio if r.label == "Aturan kantong kemiskinan")
    rule.set_value("significant").run()
    at.radio(key="map_lvl").set_value("district").run()
    assert _map_spec(at) == district
    assert len(built) == 3  # district, village, village with the other rule; district reused
