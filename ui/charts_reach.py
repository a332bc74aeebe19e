"""Figures of the Jangkauan Program page: plain functions, no streamlit.

Inputs are the frames of :mod:`analytics.reach` (proportions); they are shown
in percent here. Zones keep their colour (:data:`geo.maps.ZONE_COLOURS`); the
regency as a whole is drawn in neutral grey.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from geo.maps import ZONE_COLOURS
from ui import fmt
from ui.charts_map import FONT_SIZE, base_layout
from ui.indicators import tr, zone_name

ANY = "(any)"
REGENCY_COLOUR = "#555555"
MEASURES = ("coverage", "exclusion_error", "inclusion_error")
_MEASURE_KEYS = {
    "coverage": "reach_coverage",
    "exclusion_error": "reach_exclusion",
    "inclusion_error": "reach_inclusion",
}


def _pct_text(v: float, lang: str, decimals: int = 1) -> str:
    return fmt.pct(v / 100, decimals, lang) if pd.notna(v) else fmt.DASH


def programme_label(code: str, names: dict[str, str], lang: str) -> str:
    """The programme's code (short, fits an axis); '(any)' in words."""
    return tr("reach_any", lang) if code == ANY else str(code)


def targeting_chart(
    reach: pd.DataFrame,
    lang: str,
    *,
    names: dict[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Coverage, exclusion and inclusion errors per programme, side by side.

    Args:
        reach: :func:`analytics.reach.reach_by` rows (``programme_code``, ``group``,
            ``coverage``, ``exclusion_error``, ``inclusion_error`` as proportions);
            groups are zones (one colour each) or ``'all'`` (grey) or districts
            (grey, named).
        lang: ``"id"`` or ``"en"``.
        names: Programme code -> full name, for the hover.
        title: Figure title.

    Returns:
        Three horizontal bar panels (one per measure, percent, 0-100), one bar trace
        per group; programmes ordered by coverage of the first group, '(any)' on top.
    """
    names = names or {}
    groups = zone_order(reach["group"])
    first = reach[reach["group"] == groups[0]] if groups else reach
    order = (
        first[first["programme_code"] != ANY]
        .sort_values("coverage", ascending=True, na_position="first")["programme_code"]
        .tolist()
    )
    if (reach["programme_code"] == ANY).any():
        order.append(ANY)
    labels = [programme_label(c, names, lang) for c in order]
    fig = make_subplots(
        rows=1,
        cols=3,
        shared_yaxes=True,
        horizontal_spacing=0.03,
        subplot_titles=[tr(_MEASURE_KEYS[m], lang) for m in MEASURES],
    )
    for group in groups:
        sub = reach[reach["group"] == group].set_index("programme_code").reindex(order)
        colour = ZONE_COLOURS.get(group, REGENCY_COLOUR)
        gname = _group_name(group, lang)
        for mi, measure in enumerate(MEASURES):
            x = 100 * sub[measure].astype(float)
            hover = [
                f"<b>{names.get(c, programme_label(c, names, lang))}</b><br>{gname}: "
                f"{_pct_text(v, lang)}"
                for c, v in zip(order, x, strict=True)
            ]
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=labels,
                    orientation="h",
                    name=gname,
                    legendgroup=str(group),
                    showlegend=mi == 0,
                    marker={"color": colour},
                    text=hover,
                    hovertemplate="%{text}<extra></extra>",
                    textposition="none",
                ),
                row=1,
                col=mi + 1,
            )
    n_groups = max(len(groups), 1)
    fig.update_xaxes(range=[0, 100], ticksuffix="", gridcolor="#EEEEEE")
    fig.update_yaxes(tickfont={"size": FONT_SIZE})
    fig.update_layout(
        barmode="group",
        title={"text": title} if title else None,
        height=max(360, 90 + len(order) * (10 + 9 * n_groups)),
        legend={"orientation": "h", "y": -0.04, "yanchor": "top", "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 10, "t": 80 if title else 40, "b": 40},
        plot_bgcolor="white",
        bargap=0.25,
    )
    fig.update_annotations(font={"size": FONT_SIZE + 1})
    return base_layout(fig, lang)


def zone_order(groups: pd.Series) -> list:
    """Distinct groups, zones first in the app's zone order, then the others as met."""
    present = list(groups.dropna().unique())
    return [z for z in ZONE_COLOURS if z in present] + [g for g in present if g not in ZONE_COLOURS]


def _group_name(group: str, lang: str) -> str:
    if group == "all":
        return tr("reach_regency", lang)
    return zone_name(group, lang) if group in ZONE_COLOURS else str(group)


def overlap_heatmap(overlap: pd.DataFrame, lang: str, *, title: str | None = None) -> go.Figure:
    """Heatmap of :func:`analytics.reach.overlap_matrix`: row A, column B, cell = percent of
    A's listed households also on B's list (diagonal blank: it is 100 by definition)."""
    codes = sorted(set(overlap["programme_a"]) | set(overlap["programme_b"]))
    mat = (
        overlap.pivot(index="programme_a", columns="programme_b", values="share_of_a")
        .reindex(index=codes, columns=codes)
        .astype(float)
        * 100
    )
    for c in codes:
        mat.loc[c, c] = np.nan
    text = [[_pct_text(v, lang, 0) if pd.notna(v) else "" for v in row] for row in mat.to_numpy()]
    hover = [
        [
            tr("reach_overlap_hover", lang, a=a, b=b, v=_pct_text(v, lang)) if pd.notna(v) else ""
            for b, v in zip(codes, row, strict=True)
        ]
        for a, row in zip(codes, mat.to_numpy(), strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=mat.to_numpy(),
            x=codes,
            y=codes,
            text=text,
            texttemplate="%{text}",
            textfont={"size": FONT_SIZE},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale="Blues",
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": "%"}, "thickness": 14},
            xgap=1,
            ygap=1,
        )
    )
    fig.update_layout(
        title={"text": title} if title else None,
        xaxis={"title": {"text": tr("reach_overlap_axis_b", lang)}, "side": "bottom"},
        yaxis={"title": {"text": tr("reach_overlap_axis_a", lang)}, "autorange": "reversed"},
        height=140 + 42 * len(codes),
        margin={"l": 10, "r": 10, "t": 50 if title else 10, "b": 10},
        plot_bgcolor="white",
    )
    return base_layout(fig, lang)


def convergence_chart(per_poor: pd.DataFrame, lang: str, *, title: str | None = None) -> go.Figure:
    """Bars of :func:`analytics.reach.programmes_per_poor`: share of poor households
    reached by 0, 1, 2, ... programmes, one bar series per group (zone colours)."""
    fig = go.Figure()
    for group in zone_order(per_poor["group"]):
        sub = per_poor[per_poor["group"] == group]
        share = 100 * sub["share"].astype(float)
        fig.add_trace(
            go.Bar(
                x=sub["programmes"],
                y=share,
                name=_group_name(group, lang),
                marker={"color": ZONE_COLOURS.get(group, REGENCY_COLOUR)},
                hovertemplate="%{x}: %{y:.1f}%<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="group",
        title={"text": title} if title else None,
        xaxis={"title": {"text": tr("reach_convergence_axis", lang)}, "dtick": 1},
        yaxis={"title": {"text": tr("reach_share_of_poor", lang)}, "gridcolor": "#EEEEEE"},
        height=380,
        legend={"orientation": "h", "y": 1.12, "x": 0},
        margin={"l": 10, "r": 10, "t": 60 if title else 40, "b": 10},
        plot_bgcolor="white",
    )
    return base_layout(fig, lang)


def unreached_frame(unreached: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """:func:`analytics.reach.unreached_poor` as an area frame for the map (value =
    share of the poor not reached, proportion) plus its counts; ``households`` and
    ``n_psu`` (sample) from ``sample``."""
    df = unreached[unreached["group"].notna()]
    out = pd.DataFrame(
        {
            "code": df["group"].astype(str),
            "value": df["share_not_reached"].astype(float),
            "ci_low": np.nan,
            "ci_high": np.nan,
            "poor": df["poor"].astype(float),
            "poor_not_reached": df["poor_not_reached"].astype(float),
        }
    )
    for col in ("households", "n_psu"):
        out[col] = out["code"].map(sample.set_index("code")[col]).astype(float)
    return out.reset_index(drop=True)
