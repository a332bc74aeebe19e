"""Figures and tables of the Peta Disparitas page: plain functions, no streamlit.

Inputs are area frames (``ui.indicators``: ``code``, ``value``, ``ci_low``,
``ci_high``, ``households``, and ``suppressed`` once
:func:`ui.suppress.suppress_small` has run) and boundaries from the store.
Values arrive in analytics units and are scaled for display here.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from geo.join import join_indicator
from geo.maps import ZONE_COLOURS, choropleth
from ui import fmt
from ui.indicators import Indicator, axis_title, display, format_display, tr, zone_name
from ui.suppress import SUPPRESSED

FONT_SIZE = 14  # readable on a projector
NEUTRAL = "#555555"
BETWEEN_COLOUR = "#999999"


def base_layout(fig: go.Figure, lang: str) -> go.Figure:
    """Font size and number format shared by the planner charts."""
    fig.update_layout(
        font={"size": FONT_SIZE},
        hoverlabel={"font": {"size": FONT_SIZE}},
        paper_bgcolor="white",
        **fmt.d3_format(lang),
    )
    return fig


def colour_scale(ind: Indicator) -> str:
    """Sequential, colour-blind safe (ColorBrewer): dark red = worse; blue-green for
    neutral measures such as spending."""
    if ind.neutral:
        return "YlGnBu"
    return "YlOrRd" if ind.higher_is_worse else "YlOrRd_r"


def _interval_text(row: pd.Series, ind: Indicator, lang: str) -> str:
    lo, hi = row["ci_low"], row["ci_high"]
    if bool(row.get("single_psu", False)) and not bool(row.get(SUPPRESSED, False)):
        return tr("ci_single_psu", lang)
    if pd.isna(lo) or pd.isna(hi):
        return fmt.DASH
    lo_s = format_display(display(float(lo), ind.unit), ind, lang)
    hi_s = format_display(display(float(hi), ind.unit), ind, lang)
    return f"{lo_s} – {hi_s}"


def _sample_text(row: pd.Series, lang: str, min_households: int) -> str:
    n = row["households"]
    if pd.isna(n):
        return fmt.DASH
    s = fmt.num(n, 0, lang)
    if bool(row.get(SUPPRESSED, False)):
        s += f" ({tr('suppressed', lang, n=min_households)})"
    return s


def indicator_map(
    areas: gpd.GeoDataFrame,
    values: pd.DataFrame,
    ind: Indicator,
    lang: str,
    *,
    min_households: int,
    pockets: list[str] | None = None,
    outline_gdf: gpd.GeoDataFrame | None = None,
    title: str | None = None,
) -> go.Figure:
    """Choropleth of an indicator over ``areas`` (offline MapLibre, ``geo.maps``).

    Args:
        areas: Boundaries with ``code``, ``name``, ``zone``, ``district_name``,
            ``geometry``; only these areas are drawn (the caller restricts them).
        values: Area frame (suppressed cells already NaN); rows for areas not
            in ``areas`` are ignored; areas without a row show 'no data'.
        ind: The indicator (label, unit, colour direction).
        lang: ``"id"`` or ``"en"``.
        min_households: The suppression threshold, named in the hover.
        pockets: Codes outlined as poverty pockets.
        outline_gdf: Zone outlines drawn on top.
        title: Figure title.

    Hover: name, code, value, 95 % interval, sample households (with the
    suppression note), district (villages) and zone.
    """
    vals = values[values["code"].isin(set(areas["code"]))]
    gdf = join_indicator(areas, vals, "code")
    shown = gdf.copy()
    shown["value_shown"] = display(pd.to_numeric(shown["value"]).astype(float), ind.unit)
    shown["ci_text"] = [_interval_text(r, ind, lang) for _, r in shown.iterrows()]
    shown["n_text"] = [_sample_text(r, lang, min_households) for _, r in shown.iterrows()]
    shown["zone_text"] = [zone_name(z, lang) for z in shown["zone"]]
    hover = {"ci_text": tr("map_ci", lang), "n_text": tr("map_sample_hh", lang)}
    if (shown["district_code"] != shown["code"]).any():
        hover["district_name"] = tr("district", lang)
    hover["zone_text"] = tr("zone", lang)
    fig = choropleth(
        shown,
        "value_shown",
        code_col="code",
        name_col="name",
        hover_cols=hover,
        title=title,
        colorscale=colour_scale(ind),
        outline_gdf=outline_gdf,
        marked_codes=[c for c in (pockets or []) if c in set(shown["code"])],
        value_label=axis_title(ind, lang),
        value_format=lambda v: format_display(v, ind, lang),
        no_data_label=tr("map_no_data", lang),
        outline_label=tr("map_zone_outline", lang),
        marked_label=tr("map_pocket", lang),
        separators=fmt.d3_format(lang)["separators"],
    )
    # Whole numbers on the colour bar: d3's SI suffix would write 11M for Rp 11 juta,
    # and 'M' reads as miliar in Indonesian.
    bar = {"title": {"text": ""}}
    if ind.unit == "rp":
        bar["tickformat"] = ",.0f"
    fig.update_traces(colorbar=bar, selector={"type": "choroplethmap"})
    return base_layout(fig, lang)


def ranking_frame(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    ind: Indicator,
    lang: str,
    *,
    pockets: list[str] | None = None,
) -> pd.DataFrame:
    """One row per area, worst first, values in display units.

    Columns: ``rank``, ``name``, ``code``, ``district_name``, ``zone`` (words),
    ``value``, ``ci_low``, ``ci_high`` (display units), ``households``,
    ``pocket`` ('✔' or ''), ``note`` (suppressed, or no interval from a single PSU,
    or ''). Suppressed and
    missing values sort last.
    """
    info = areas[["code", "name", "district_name", "zone"]]
    df = info.merge(values, on="code", how="inner")
    for c in ("value", "ci_low", "ci_high"):
        df[c] = display(pd.to_numeric(df[c]).astype(float), ind.unit)
    df = df.sort_values("value", ascending=not ind.higher_is_worse, na_position="last")
    df["rank"] = np.where(df["value"].notna(), np.arange(1, len(df) + 1), np.nan)
    pocket_set = set(pockets or [])
    df["pocket"] = ["✔" if c in pocket_set else "" for c in df["code"]]
    sup = df[SUPPRESSED] if SUPPRESSED in df else pd.Series(False, index=df.index)
    one = df["single_psu"] if "single_psu" in df else pd.Series(False, index=df.index)
    df["note"] = np.select(
        [sup.astype(bool), one.astype(bool)],
        [tr("map_suppressed_short", lang), tr("ci_single_psu", lang)],
        "",
    )
    df["zone"] = [zone_name(z, lang) for z in df["zone"]]
    cols = ["rank", "name", "code", "district_name", "zone", "value", "ci_low", "ci_high"]
    return df[[*cols, "households", "pocket", "note"]].reset_index(drop=True)


def quadrant_chart(
    df: pd.DataFrame,
    *,
    x_ref: float,
    y_ref: float,
    x_title: str,
    y_title: str,
    quadrant_labels: dict[str, str],
    lang: str,
    x_format: tuple[int, str] = (1, ""),
    y_format: tuple[int, str] = (1, ""),
    title: str | None = None,
) -> go.Figure:
    """Scatter of districts with quadrant lines at the regency values, one colour per zone.

    Args:
        df: One row per district with ``name``, ``zone``, ``x``, ``y`` (display
            units) and ``population`` (persons, sets marker size). Rows with a
            missing x or y are not drawn.
        x_ref, y_ref: The regency values where the quadrant lines sit.
        x_title, y_title: Axis titles with units.
        quadrant_labels: Words for the corners ``hh`` (x and y above the lines),
            ``hl``, ``lh``, ``ll``.
        lang: ``"id"`` or ``"en"`` (number format).
        x_format, y_format: (decimals, suffix) for the hover numbers.
        title: Figure title.
    """
    d = df.dropna(subset=["x", "y"])
    fig = go.Figure()
    pop = pd.to_numeric(d["population"], errors="coerce").fillna(0)
    size = 12 + 30 * np.sqrt(pop / pop.max()) if len(d) and pop.max() > 0 else 16
    d = d.assign(_size=size)
    for zone, colour in ZONE_COLOURS.items():
        z = d[d["zone"] == zone]
        if z.empty:
            continue
        text = [
            f"<b>{n}</b><br>{x_title}: {fmt.num(x, x_format[0], lang)}{x_format[1]}"
            f"<br>{y_title}: {fmt.num(y, y_format[0], lang)}{y_format[1]}"
            for n, x, y in zip(z["name"], z["x"], z["y"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=z["x"],
                y=z["y"],
                mode="markers+text",
                name=zone_name(zone, lang),
                textposition="top center",
                texttemplate=[str(n) for n in z["name"]],
                textfont={"size": FONT_SIZE, "color": "#333333"},
                marker={
                    "color": colour,
                    "size": z["_size"],
                    "line": {"color": "white", "width": 1},
                    "opacity": 0.85,
                },
                text=text,
                hovertemplate="%{text}<extra></extra>",
            )
        )
    fig.add_vline(x=x_ref, line={"dash": "dash", "color": NEUTRAL, "width": 1.5})
    fig.add_hline(y=y_ref, line={"dash": "dash", "color": NEUTRAL, "width": 1.5})
    corners = {
        "hh": (1, 1, "right", "top"),
        "hl": (1, 0, "right", "bottom"),
        "lh": (0, 1, "left", "top"),
        "ll": (0, 0, "left", "bottom"),
    }
    for key, (x, y, xa, ya) in corners.items():
        fig.add_annotation(
            x=x,
            y=y,
            xref="paper",
            yref="paper",
            xanchor=xa,
            yanchor=ya,
            text=f"<i>{quadrant_labels[key]}</i>",
            showarrow=False,
            font={"color": NEUTRAL, "size": FONT_SIZE},
        )
    fig.update_layout(
        title={"text": title} if title else None,
        xaxis={"title": {"text": x_title}, "zeroline": False},
        yaxis={"title": {"text": y_title}, "zeroline": False},
        legend={"orientation": "h", "y": -0.2},
        height=520,
        margin={"l": 70, "r": 20, "t": 60 if title else 20, "b": 90},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=True, gridcolor="#EEEEEE")
    fig.update_yaxes(showgrid=True, gridcolor="#EEEEEE")
    return base_layout(fig, lang)


def theil_chart(theil: pd.DataFrame, lang: str, *, title: str | None = None) -> go.Figure:
    """One stacked bar: the regency Theil T split into the between-zone part and each
    zone's within part, as percent of the total (zone colours; between in grey).

    Args:
        theil: :func:`analytics.inequality.theil_decomposition` (zones and ``'all'``).
        lang: ``"id"`` or ``"en"``.
        title: Figure title.
    """
    total = theil[theil["group"] == "all"].iloc[0]
    zones = theil[(theil["group"] != "all") & theil["group"].notna()]
    t_all = float(total["theil_t"])
    parts = [(tr("theil_between", lang), float(total["between"]), BETWEEN_COLOUR)]
    for zone, colour in ZONE_COLOURS.items():
        row = zones[zones["group"] == zone]
        if len(row):
            label = tr("theil_within", lang, zone=zone_name(zone, lang).lower())
            parts.append((label, float(row.iloc[0]["within"]), colour))
    fig = go.Figure()
    for label, part, colour in parts:
        share = 100 * part / t_all if t_all else np.nan
        fig.add_trace(
            go.Bar(
                x=[share],
                y=["Theil T"],
                orientation="h",
                name=label,
                marker={"color": colour},
                text=[f"{fmt.num(share, 1, lang)} %" if lang == "id" else f"{share:.1f}%"],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate=f"{label}: %{{x:.1f}}%<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        title={"text": title} if title else None,
        xaxis={"title": {"text": tr("theil_share_axis", lang)}, "range": [0, 100]},
        yaxis={"showticklabels": False},
        legend={"orientation": "h", "y": -0.45},
        height=260,
        margin={"l": 20, "r": 20, "t": 50 if title else 10, "b": 20},
        plot_bgcolor="white",
    )
    return base_layout(fig, lang)


def theil_table(theil: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per zone and regency: Theil T, population share (%), mean consumption (Rp per
    capita per month) and contribution to the regency Theil T (%)."""
    df = theil[theil["group"].notna()].copy()
    df["zone"] = [
        tr("all", lang) if g == "all" else zone_name(g, lang) for g in df["group"].astype(str)
    ]
    df["population_share_pct"] = 100 * df["population_share"]
    df["contribution_pct"] = 100 * df["contribution"]
    cols = ["zone", "theil_t", "population_share_pct", "mean_consumption_pc_rp"]
    return df[[*cols, "contribution_pct"]].reset_index(drop=True)


def quadrant_frame(
    cur: pd.DataFrame,
    areas: pd.DataFrame,
    *,
    mode: str,
    prev: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Districts for :func:`quadrant_chart`, in display units.

    Args:
        cur: Suppressed :func:`analytics.poverty.fgt_by` district rows of the year,
            reshaped with ``code`` = group (columns ``p0``, ``p1``, ``population``,
            ``suppressed``).
        areas: ``code``, ``name``, ``zone`` per district.
        mode: ``"change"`` (x = P0 %, y = change of P0 since ``prev`` in
            percentage points) or ``"p1"`` (x = P0 %, y = P1 x100).
        prev: The previous year's rows (same shape), for ``"change"``.

    Returns:
        ``code``, ``name``, ``zone``, ``x``, ``y``, ``population``; suppressed
        districts have NaN x and y.
    """
    df = areas[["code", "name", "zone"]].merge(cur, on="code", how="inner")
    df["x"] = 100 * df["p0"].astype(float)
    if mode == "change":
        if prev is None:
            raise ValueError("mode 'change' needs the previous year's rows")
        before = prev.set_index("code")["p0"].astype(float)
        df["y"] = 100 * (df["p0"].astype(float) - df["code"].map(before))
    elif mode == "p1":
        df["y"] = 100 * df["p1"].astype(float)
    else:
        raise ValueError(f"mode must be 'change' or 'p1', got {mode!r}")
    return df[["code", "name", "zone", "x", "y", "population"]]
