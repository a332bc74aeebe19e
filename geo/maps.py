"""Map figures: plain functions returning plotly figures (no streamlit).

Every map is a MapLibre map (``go.Choroplethmap``) on the ``white-bg`` style: no tiles, no
network. plotly's ``geo`` subplot (``px.choropleth``) is not used: in the browser it fetches a
world topojson from a CDN and, offline, draws nothing. The figures carry no URL and use no
text layers on the map (text would make MapLibre fetch font glyphs); names appear in hover
labels, which the browser renders itself.

The view (centre and zoom) is computed from the data's bounds, so a map opens on Mimika
whatever the trace data.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from geo.boundaries import ensure_wgs84

MAP_STYLE = "white-bg"

# One colour per zone for the whole app (Okabe-Ito: distinct under the common colour-vision
# deficiencies).
ZONE_COLOURS: dict[str, str] = {
    "coastal": "#0072B2",
    "lowland": "#E69F00",
    "highland": "#009E73",
}
# Sequential and colour-blind safe (ColorBrewer); light = low, dark red = high.
DEFAULT_COLORSCALE = "YlOrRd"
NO_DATA_COLOUR = "#C8C8C8"
AREA_LINE_COLOUR = "#FFFFFF"
OUTLINE_COLOUR = "#333333"
MARKED_COLOUR = "#000000"

# Nominal size of the map the view is fitted to; wider containers only add margin.
MAP_WIDTH_PX = 720
MAP_HEIGHT_PX = 480

Formatter = Callable[[float], str]


def choropleth(
    gdf: gpd.GeoDataFrame,
    value_col: str,
    *,
    code_col: str,
    name_col: str,
    hover_cols: Mapping[str, str] | None = None,
    title: str | None = None,
    colorscale: str | list = DEFAULT_COLORSCALE,
    range_color: tuple[float, float] | None = None,
    outline_gdf: gpd.GeoDataFrame | None = None,
    marked_codes: Iterable[str] | None = None,
    value_label: str | None = None,
    value_format: Formatter | None = None,
    no_data_label: str = "tidak ada data",
    outline_label: str = "batas zona",
    marked_label: str = "kantong kemiskinan",
    separators: str | None = None,
    height: int = MAP_HEIGHT_PX,
) -> go.Figure:
    """A choropleth of ``value_col`` over the polygons of ``gdf`` (one polygon per row).

    - ``hover_cols`` maps extra columns to their hover labels, shown in that order.
    - ``value_format`` formats the value and any numeric hover column (e.g. Indonesian
      ``14,5 %``); pass pre-formatted text columns for other formats. Default: thousands
      separators, two decimals for fractions.
    - Areas whose value is NaN are drawn grey, named ``no_data_label`` in legend and hover.
    - ``outline_gdf`` (e.g. :func:`zone_outlines`) is drawn on top as lines.
    - ``marked_codes`` (e.g. poverty pockets) get a thick black outline and a dot at their
      label point, and ``marked_label`` in the hover.
    - ``separators`` is plotly's layout setting for the colour bar's numbers (``",."`` for
      Indonesian: decimal comma, thousands dot).
    """
    gdf = _checked_frame(gdf, [code_col, name_col, value_col, *(hover_cols or {})], code_col)
    fmt = value_format or format_number
    value_label = value_label or value_col
    hover_cols = dict(hover_cols or {})

    marked = set() if marked_codes is None else set(marked_codes)
    unknown = sorted(marked - set(gdf[code_col]), key=str)
    if unknown:
        raise ValueError(f"marked_codes not in the map: {unknown}")

    values = pd.to_numeric(gdf[value_col], errors="raise").astype(float)
    has_data = values.notna().to_numpy()
    is_marked = gdf[code_col].isin(marked).to_numpy()

    # customdata: name, code, value text, hover column texts, marked note.
    custom = pd.DataFrame(
        {
            "name": gdf[name_col].astype(str),
            "code": gdf[code_col].astype(str),
            "value": [no_data_label if pd.isna(v) else fmt(v) for v in values],
        },
        index=gdf.index,
    )
    for i, col in enumerate(hover_cols):
        custom[f"h{i}"] = [_format_cell(v, fmt, no_data_label) for v in gdf[col]]
    custom["marked"] = np.where(is_marked, f"<br><i>{_escape(marked_label)}</i>", "")

    lines = [f"{_escape(value_label)}: %{{customdata[2]}}"]
    lines += [
        f"{_escape(label)}: %{{customdata[{3 + i}]}}" for i, label in enumerate(hover_cols.values())
    ]
    n_marked_col = 3 + len(hover_cols)
    hovertemplate = (
        "<b>%{customdata[0]}</b> <span style='font-size:0.85em'>%{customdata[1]}</span><br>"
        + "<br>".join(lines)
        + f"%{{customdata[{n_marked_col}]}}<extra></extra>"
    )

    fig = go.Figure()
    if has_data.any():
        zmin, zmax = range_color if range_color is not None else (values.min(), values.max())
        sub = gdf[has_data]
        fig.add_trace(
            go.Choroplethmap(
                geojson=feature_collection(sub, code_col),
                locations=sub[code_col].tolist(),
                featureidkey="id",
                z=values[has_data].tolist(),
                zmin=zmin,
                zmax=zmax,
                colorscale=colorscale,
                marker={"line": {"color": AREA_LINE_COLOUR, "width": 0.6}, "opacity": 1.0},
                colorbar={"title": {"text": value_label}, "thickness": 14, "len": 0.7},
                customdata=custom[has_data].to_numpy(),
                hovertemplate=hovertemplate,
                name=value_label,
                showlegend=False,
            )
        )
    if not has_data.all():
        sub = gdf[~has_data]
        fig.add_trace(
            _flat_choropleth(
                sub,
                code_col,
                NO_DATA_COLOUR,
                name=no_data_label,
                customdata=custom[~has_data].to_numpy(),
                hovertemplate=hovertemplate,
            )
        )
    if outline_gdf is not None:
        outline_gdf = ensure_wgs84(outline_gdf, what="outline_gdf", reproject=True)
        fig.add_trace(_line_trace(outline_gdf.geometry, OUTLINE_COLOUR, 1.8, name=outline_label))
    if is_marked.any():
        sub = gdf[is_marked]
        fig.add_trace(
            _line_trace(sub.geometry, MARKED_COLOUR, 3.0, name=marked_label, group="marked")
        )
        lon, lat = _label_points(sub)
        for size, colour in ((11, "#FFFFFF"), (7, MARKED_COLOUR)):
            fig.add_trace(
                go.Scattermap(
                    lon=lon,
                    lat=lat,
                    mode="markers",
                    marker={"size": size, "color": colour},
                    hoverinfo="skip",
                    legendgroup="marked",
                    showlegend=False,
                    name=marked_label,
                )
            )

    _layout(fig, gdf.total_bounds, title=title, height=height, separators=separators)
    return fig


def zone_outlines(districts_gdf: gpd.GeoDataFrame, zone_col: str = "zone") -> gpd.GeoDataFrame:
    """One (multi)polygon per zone: the districts dissolved by ``zone_col``, in the order of
    :data:`ZONE_COLOURS`. Raises ValueError on a missing or unknown zone."""
    gdf = _checked_zones(districts_gdf, zone_col)
    out = gdf[[zone_col, "geometry"]].dissolve(by=zone_col, as_index=False)
    order = {z: i for i, z in enumerate(ZONE_COLOURS)}
    return out.sort_values(zone_col, key=lambda s: s.map(order)).reset_index(drop=True)


def zone_map(
    districts_gdf: gpd.GeoDataFrame,
    *,
    zone_col: str = "zone",
    code_col: str = "district_code",
    name_col: str = "name",
    zone_labels: Mapping[str, str] | None = None,
    zone_title: str = "Zona",
    title: str | None = None,
    height: int = MAP_HEIGHT_PX,
) -> go.Figure:
    """Districts coloured by zone with :data:`ZONE_COLOURS`, one legend entry per zone.

    ``zone_labels`` maps zone codes (``coastal``...) to the words shown; default the codes.
    """
    gdf = _checked_frame(districts_gdf, [code_col, name_col, zone_col], code_col)
    gdf = _checked_zones(gdf, zone_col)
    labels = {z: z for z in ZONE_COLOURS} | dict(zone_labels or {})
    hovertemplate = (
        "<b>%{customdata[0]}</b> <span style='font-size:0.85em'>%{customdata[1]}</span><br>"
        f"{_escape(zone_title)}: %{{customdata[2]}}<extra></extra>"
    )
    fig = go.Figure()
    for zone, colour in ZONE_COLOURS.items():
        sub = gdf[gdf[zone_col] == zone]
        if sub.empty:
            continue
        custom = np.column_stack(
            [sub[name_col].astype(str), sub[code_col].astype(str), [labels[zone]] * len(sub)]
        )
        fig.add_trace(
            _flat_choropleth(
                sub,
                code_col,
                colour,
                name=labels[zone],
                customdata=custom,
                hovertemplate=hovertemplate,
            )
        )
    _layout(fig, gdf.total_bounds, title=title, height=height, legend_title=zone_title)
    return fig


def format_number(value: float) -> str:
    """Default hover format: thousands separators; two decimals unless a whole number."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def feature_collection(gdf: gpd.GeoDataFrame, code_col: str) -> dict:
    """A GeoJSON FeatureCollection whose feature ``id`` is the code (plotly's
    ``featureidkey="id"``)."""
    # GEOS writes the GeoJSON (the coordinates of shapely's ``mapping``) and json reads it
    # back as lists rather than tuples: plotly deep-copies a figure every time it is shown,
    # and lists copy ~20 % faster (152 villages: 48 against 60 ms). A figure is built once
    # (ui.figures) and shown many times.
    texts = shapely.to_geojson(gdf.geometry.values)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code, "properties": {}, "geometry": json.loads(text)}
            for code, text in zip(gdf[code_col], texts, strict=True)
        ],
    }


def view_for_bounds(
    bounds: Iterable[float],
    *,
    width_px: int = MAP_WIDTH_PX,
    height_px: int = MAP_HEIGHT_PX,
    padding_px: int = 24,
) -> tuple[dict[str, float], float]:
    """Centre and zoom that fit ``(minx, miny, maxx, maxy)`` (degrees) in a web-Mercator map
    of the given size. At zoom z the world is 512 * 2**z pixels wide (MapLibre)."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    y0, y1 = _mercator_y(miny), _mercator_y(maxy)
    center = {"lon": (minx + maxx) / 2, "lat": _mercator_lat((y0 + y1) / 2)}
    fx = (maxx - minx) / 360
    fy = (y1 - y0) / (2 * math.pi)
    fits = [
        (size - 2 * padding_px) / (512 * frac)
        for size, frac in ((width_px, fx), (height_px, fy))
        if frac > 0
    ]
    zoom = min(math.log2(min(fits)), 16.0) if fits else 12.0
    return center, zoom


def _layout(
    fig: go.Figure,
    bounds: Iterable[float],
    *,
    title: str | None,
    height: int,
    separators: str | None = None,
    legend_title: str | None = None,
) -> None:
    top = 48 if title else 8
    center, zoom = view_for_bounds(bounds, height_px=height - top - 8)
    fig.update_layout(
        map={"style": MAP_STYLE, "center": center, "zoom": zoom},
        title={"text": title} if title else None,
        height=height,
        margin={"l": 8, "r": 8, "t": top, "b": 8},
        legend={
            "title": {"text": legend_title} if legend_title else None,
            "x": 0.01,
            "y": 0.01,
            "xanchor": "left",
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        hoverlabel={"bgcolor": "white", "font": {"size": 13}},
        paper_bgcolor="white",
    )
    if separators:
        fig.update_layout(separators=separators)


def _flat_choropleth(
    gdf: gpd.GeoDataFrame,
    code_col: str,
    colour: str,
    *,
    name: str,
    customdata: np.ndarray,
    hovertemplate: str,
) -> go.Choroplethmap:
    """All polygons in one colour, with a legend entry."""
    return go.Choroplethmap(
        geojson=feature_collection(gdf, code_col),
        locations=gdf[code_col].tolist(),
        featureidkey="id",
        z=[0] * len(gdf),
        colorscale=[[0, colour], [1, colour]],
        showscale=False,
        marker={"line": {"color": AREA_LINE_COLOUR, "width": 0.6}, "opacity": 1.0},
        customdata=customdata,
        hovertemplate=hovertemplate,
        name=name,
        showlegend=True,
    )


def _line_trace(
    geoms: gpd.GeoSeries, colour: str, width: float, *, name: str, group: str | None = None
) -> go.Scattermap:
    """Polygon boundaries as one line trace (rings separated by gaps); no hover."""
    lonlat = ring_coordinates(geoms)
    return go.Scattermap(
        lon=lonlat[:, 0],
        lat=lonlat[:, 1],
        mode="lines",
        line={"color": colour, "width": width},
        hoverinfo="skip",
        name=name,
        legendgroup=group,
        showlegend=True,
    )


def ring_coordinates(geoms: gpd.GeoSeries) -> np.ndarray:
    """Every boundary ring of ``geoms`` as (lon, lat) rows, each ring followed by a NaN row.

    A NaN breaks a plotly line trace as ``None`` does; as a float array (rather than lists
    of Python floats) plotly neither checks it value by value nor copies it slowly, and
    sends it to the browser as binary.
    """
    rings = shapely.get_parts(shapely.get_parts(geoms.boundary.values))
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    out = np.full((len(xy) + len(rings), 2), np.nan)
    out[np.arange(len(xy)) + ring] = xy  # ring i's points shift by the i gaps before them
    return out


def _label_points(gdf: gpd.GeoDataFrame) -> tuple[list[float], list[float]]:
    """Label points: the file's ``label_lon``/``label_lat`` if present, else a point inside."""
    if {"label_lon", "label_lat"} <= set(gdf.columns) and gdf[
        ["label_lon", "label_lat"]
    ].notna().all(axis=None):
        return gdf["label_lon"].tolist(), gdf["label_lat"].tolist()
    pts = gdf.geometry.representative_point()
    return pts.x.tolist(), pts.y.tolist()


def _checked_frame(gdf: gpd.GeoDataFrame, columns: list[str], code_col: str) -> gpd.GeoDataFrame:
    missing = [c for c in columns if c not in gdf.columns]
    if missing:
        raise KeyError(f"map frame has no column(s) {missing} (columns: {list(gdf.columns)})")
    if gdf.empty:
        raise ValueError("map frame has no rows")
    dup = sorted(set(gdf.loc[gdf[code_col].duplicated(), code_col]), key=str)
    if dup:
        raise ValueError(f"map frame has duplicate {code_col}: {dup}")
    return ensure_wgs84(gdf, what="map frame", reproject=True)


def _checked_zones(gdf: gpd.GeoDataFrame, zone_col: str) -> gpd.GeoDataFrame:
    if zone_col not in gdf.columns:
        raise KeyError(f"districts have no column {zone_col!r}")
    zones = gdf[zone_col]
    bad = sorted({str(z) for z in zones if pd.isna(z) or z not in ZONE_COLOURS})
    if bad:
        raise ValueError(
            f"unknown or missing {zone_col}: {bad}; expected one of {list(ZONE_COLOURS)}"
        )
    return gdf


def _format_cell(value: object, fmt: Formatter, no_data_label: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return no_data_label
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return fmt(float(value))
    return str(value)


def _escape(text: str) -> str:
    """Labels go into hover templates: keep plotly from reading ``%{...}`` or HTML in them."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("%{", "%&#123;")
    )


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _mercator_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)
