"""Figures of the Efisiensi Anggaran page: plain functions, no streamlit.

Inputs are the frames of :mod:`analytics.budget` (Rupiah, proportions). Money
is drawn in Rp billions (miliar) or millions (juta) with the unit in the axis
title, and labelled with :func:`ui.fmt.rp_short`. Zones keep their colour;
everything that is not a zone is drawn in neutral greys, told apart by shape
or pattern as well as shade (colour-blind safe).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from geo.maps import ZONE_COLOURS
from ui import fmt
from ui.charts_map import FONT_SIZE, base_layout
from ui.indicators import tr, zone_name

ALLOCATED_COLOUR = "#BDBDBD"
REALISED_COLOUR = "#424242"
REGENCY_COLOUR = "#555555"
BN = 1e9
LOG_TICKS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)
MN = 1e6


def _rate_text(rate: float, lang: str) -> str:
    return fmt.pct(rate, 0, lang) if pd.notna(rate) else fmt.DASH


def spending_bars(
    budget: pd.DataFrame,
    lang: str,
    *,
    labels: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Allocated and realised spending per group (horizontal bars, Rp billion).

    Args:
        budget: :func:`analytics.budget.budget_by` rows (``group``, ``allocated_rp``,
            ``realised_rp``, ``realisation_rate``).
        lang: ``"id"`` or ``"en"``.
        labels: Group -> label on the axis (default the group itself).
        title: Figure title.

    Returns:
        Two bar traces (allocated light grey, realised dark grey), largest allocation
        on top; realised bars labelled with the amount and the realisation rate.
    """
    labels = labels or {}
    df = budget.sort_values("allocated_rp", ascending=True)
    y = [labels.get(g, str(g)) for g in df["group"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=df["allocated_rp"] / BN,
            y=y,
            orientation="h",
            name=tr("bud_allocated", lang),
            marker={"color": ALLOCATED_COLOUR},
            customdata=[fmt.rp_short(v, lang) for v in df["allocated_rp"]],
            hovertemplate="%{y}<br>%{customdata}<extra>" + tr("bud_allocated", lang) + "</extra>",
        )
    )
    text = [
        f"{fmt.rp_short(v, lang)} · {_rate_text(r, lang)}"
        for v, r in zip(df["realised_rp"], df["realisation_rate"], strict=True)
    ]
    fig.add_trace(
        go.Bar(
            x=df["realised_rp"] / BN,
            y=y,
            orientation="h",
            name=tr("bud_realised", lang),
            marker={"color": REALISED_COLOUR},
            text=text,
            textposition="outside",
            cliponaxis=False,
            customdata=text,
            hovertemplate="%{y}<br>%{customdata}<extra>" + tr("bud_realised", lang) + "</extra>",
        )
    )
    xmax = float(np.nanmax(df["allocated_rp"] / BN)) if len(df) else 1.0
    fig.update_layout(
        barmode="group",
        title={"text": title} if title else None,
        xaxis={
            "title": {"text": tr("bud_axis_bn", lang)},
            "range": [0, xmax * 1.3],
            "gridcolor": "#EEEEEE",
        },
        height=max(320, 110 + 46 * len(df)),
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
        margin={"l": 10, "r": 20, "t": 50 if title else 10, "b": 50},
        plot_bgcolor="white",
        bargap=0.2,
    )
    return base_layout(fig, lang)


def cost_chart(budget: pd.DataFrame, lang: str, *, title: str | None = None) -> go.Figure:
    """Dumbbell per programme: cost per beneficiary household and per poor household
    reached (Rp million per household per year), joined by a line.

    Args:
        budget: :func:`analytics.budget.budget_by` by programme
            (``cost_per_beneficiary_hh_rp``, ``cost_per_poor_hh_reached_rp``).
        lang: ``"id"`` or ``"en"``.
        title: Figure title.
    """
    df = budget.sort_values("cost_per_poor_hh_reached_rp", ascending=True, na_position="first")
    y = df["group"].astype(str).tolist()
    per_b = df["cost_per_beneficiary_hh_rp"].astype(float) / MN
    per_p = df["cost_per_poor_hh_reached_rp"].astype(float) / MN
    lx: list[float | None] = []
    ly: list[str | None] = []
    for g, a, b in zip(y, per_b, per_p, strict=True):
        lx += [a, b, None]
        ly += [g, g, None]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=lx,
            y=ly,
            mode="lines",
            line={"color": ALLOCATED_COLOUR, "width": 3},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for name_key, values, symbol, colour in (
        ("bud_cost_per_beneficiary", per_b, "circle-open", REALISED_COLOUR),
        ("bud_cost_per_poor", per_p, "diamond", REALISED_COLOUR),
    ):
        name = tr(name_key, lang)
        fig.add_trace(
            go.Scatter(
                x=values,
                y=y,
                mode="markers",
                name=name,
                marker={"symbol": symbol, "size": 13, "color": colour, "line": {"width": 2}},
                customdata=[fmt.rp(v * MN, lang) for v in values],
                hovertemplate="%{y}<br>" + name + ": %{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": title} if title else None,
        xaxis={"title": {"text": tr("bud_cost_axis", lang)}, "gridcolor": "#EEEEEE"},
        height=max(320, 110 + 34 * len(df)),
        legend={"orientation": "h", "y": -0.15, "yanchor": "top", "x": 0},
        margin={"l": 10, "r": 20, "t": 50 if title else 10, "b": 50},
        plot_bgcolor="white",
    )
    return base_layout(fig, lang)


def need_scatter(
    district_budget: pd.DataFrame,
    areas: pd.DataFrame,
    lang: str,
    *,
    highlight: str | None = None,
    title: str | None = None,
) -> go.Figure:
    """Budget share against share of the poor per district, with the line y = x.

    Args:
        district_budget: :func:`analytics.budget.budget_by` by district (``group`` =
            district code, ``budget_share``, ``poor_share``, ``allocation_to_need``);
            rows with a missing share (suppressed) are not drawn.
        areas: ``code``, ``name``, ``zone`` per district (only these are drawn).
        lang: ``"id"`` or ``"en"``.
        highlight: A district code drawn with a black ring.
        title: Figure title.
    """
    df = areas[["code", "name", "zone"]].merge(
        district_budget.rename(columns={"group": "code"}), on="code", how="inner"
    )
    df = df.dropna(subset=["budget_share", "poor_share"])
    df = df.assign(x=100 * df["poor_share"], y=100 * df["budget_share"])
    top = float(max(df["x"].max(), df["y"].max())) * 1.1 if len(df) else 1.0
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, top],
            y=[0, top],
            mode="lines",
            line={"dash": "dash", "color": REGENCY_COLOUR, "width": 1.5},
            name=tr("bud_need_line", lang),
            hoverinfo="skip",
        )
    )
    # Alternate labels above and below along x so that neighbours do not overprint.
    df = df.sort_values("x")
    df["pos"] = ["top center" if i % 2 == 0 else "bottom center" for i in range(len(df))]
    for zone, colour in ZONE_COLOURS.items():
        z = df[df["zone"] == zone]
        if z.empty:
            continue
        ring = [3 if c == highlight else 1 for c in z["code"]]
        ring_colour = ["black" if c == highlight else "white" for c in z["code"]]
        hover = [
            f"<b>{n}</b><br>{tr('bud_need_x', lang)}: {fmt.num(x, 1, lang)}"
            f"<br>{tr('bud_need_y', lang)}: {fmt.num(y, 1, lang)}"
            f"<br>{tr('bud_need_ratio', lang)}: {fmt.num(r, 2, lang)}"
            for n, x, y, r in zip(z["name"], z["x"], z["y"], z["allocation_to_need"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=z["x"],
                y=z["y"],
                mode="markers+text",
                name=zone_name(zone, lang),
                text=z["name"],
                textposition=z["pos"].tolist(),
                textfont={"size": FONT_SIZE, "color": "#333333"},
                marker={
                    "color": colour,
                    "size": 14,
                    "line": {"width": ring, "color": ring_colour},
                },
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    fig.update_layout(
        title={"text": title} if title else None,
        xaxis={"title": {"text": tr("bud_need_x", lang)}, "type": "log", "gridcolor": "#EEEEEE"},
        yaxis={"title": {"text": tr("bud_need_y", lang)}, "type": "log", "gridcolor": "#EEEEEE"},
        height=560,
        legend={"orientation": "h", "y": -0.15, "yanchor": "top", "x": 0},
        margin={"l": 10, "r": 20, "t": 50 if title else 10, "b": 60},
        plot_bgcolor="white",
    )
    if len(df):
        lo = float(min(df["x"].min(), df["y"].min())) * 0.7
        rng = [np.log10(max(lo, 1e-3)), np.log10(top) + 0.08]
        ticks = [v for v in LOG_TICKS if 10 ** rng[0] <= v <= 10 ** rng[1]]
        tick_text = [fmt.num(v, 1 if v < 1 else 0, lang) for v in ticks]
        fig.update_xaxes(range=rng, tickvals=ticks, ticktext=tick_text)
        fig.update_yaxes(range=rng, tickvals=ticks, ticktext=tick_text)
        fig.data[0].update(x=[10 ** rng[0], 10 ** rng[1]], y=[10 ** rng[0], 10 ** rng[1]])
    return base_layout(fig, lang)


def gap_chart(
    gap: pd.DataFrame,
    lang: str,
    *,
    total: pd.DataFrame | None = None,
    title: str | None = None,
) -> go.Figure:
    """Gap closure cost against realised spending per group (Rp billion per year).

    Args:
        gap: :func:`analytics.budget.gap_closure_cost` rows (``group``: zones, ``'all'``
            or districts; ``gap_closure_cost_rp``, ``realised_rp``,
            ``realised_to_gap_ratio``).
        lang: ``"id"`` or ``"en"``.
        total: The regency row (``by="regency"``), drawn last in grey.
        title: Figure title.

    Returns:
        Two bar traces per group position: the closure cost (hatched) and the
        realised spending (solid), each in the group's zone colour (grey for the
        regency and unplaced money).
    """
    df = gap[gap["group"].notna()]
    order = {z: i for i, z in enumerate(ZONE_COLOURS)}
    df = df.sort_values("group", key=lambda g: g.map(order).fillna(len(order)), kind="stable")
    if total is not None:
        df = pd.concat([df, total], ignore_index=True)
    names = [
        tr("reach_regency", lang)
        if g == "all"
        else (zone_name(g, lang) if g in ZONE_COLOURS else str(g))
        for g in df["group"]
    ]
    colours = [ZONE_COLOURS.get(g, REGENCY_COLOUR) for g in df["group"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=names,
            y=df["gap_closure_cost_rp"] / BN,
            name=tr("bud_gap_cost", lang),
            marker={
                "color": "white",
                "line": {"color": colours, "width": 2},
                "pattern": {"shape": "/", "fgcolor": colours, "solidity": 0.5},
            },
            text=[fmt.rp_short(v, lang) for v in df["gap_closure_cost_rp"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}<br>%{text}<extra>" + tr("bud_gap_cost", lang) + "</extra>",
        )
    )
    ratio = [
        f"{fmt.rp_short(v, lang)}<br>({fmt.num(r, 1, lang)}×)"
        for v, r in zip(df["realised_rp"], df["realised_to_gap_ratio"], strict=True)
    ]
    fig.add_trace(
        go.Bar(
            x=names,
            y=df["realised_rp"] / BN,
            name=tr("bud_realised", lang),
            marker={"color": colours, "line": {"color": colours, "width": 2}},
            text=ratio,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}<br>%{text}<extra>" + tr("bud_realised", lang) + "</extra>",
        )
    )
    fig.update_layout(
        barmode="group",
        title={"text": title} if title else None,
        yaxis={"title": {"text": tr("bud_gap_axis", lang)}, "gridcolor": "#EEEEEE"},
        height=460,
        legend={"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
        margin={"l": 10, "r": 20, "t": 70 if title else 50, "b": 40},
        plot_bgcolor="white",
        bargap=0.3,
        uniformtext={"mode": "show", "minsize": FONT_SIZE},
    )
    return base_layout(fig, lang)


def programme_table(budget: pd.DataFrame, programmes: pd.DataFrame) -> pd.DataFrame:
    """Budget by programme with the programme's name, OPD and source, in table units:
    Rp million for sums, Rp thousand for costs per household, percent for rates."""
    info = programmes[["programme_code", "name", "opd", "funding_source"]].rename(
        columns={"programme_code": "group"}
    )
    df = budget.merge(info, on="group", how="left")
    return pd.DataFrame(
        {
            "programme": df["group"],
            "name": df["name"],
            "opd": df["opd"],
            "source": df["funding_source"],
            "allocated_m": df["allocated_rp"] / MN,
            "realised_m": df["realised_rp"] / MN,
            "rate_pct": 100 * df["realisation_rate"],
            "beneficiary_hh": df["beneficiary_households"],
            "poor_hh": df["poor_households_reached"],
            "cost_benef_k": df["cost_per_beneficiary_hh_rp"] / 1e3,
            "cost_poor_k": df["cost_per_poor_hh_reached_rp"] / 1e3,
            "share_poor_pct": 100 * df["share_to_poor"],
        }
    ).sort_values("allocated_m", ascending=False, ignore_index=True)
