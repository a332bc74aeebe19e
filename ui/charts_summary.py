"""Charts of the summary page: P0 over time, and the three zones side by side.

Plain functions returning plotly figures (no streamlit); text comes from
``ui.i18n.text`` in the language passed. Proportions come in (0-1) and are drawn
in percent; P1 is drawn as BPS shows it (index x100).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from store.schema import ZONES
from ui import fmt, labels
from ui.chart_style import MUTED_OPACITY, SERIES_COLOURS, TICK_SIZE, apply_style, zone_colour
from ui.i18n import text

# official_series area codes drawn on the trend chart.
PUBLISHED_AREAS = {"94.04": "published", "94": "province", "ID": "national"}
_SERIES_KEY = {
    "published": "trend_published",
    "province": "trend_province",
    "national": "trend_national",
}
_SYMBOLS = {"published": "diamond", "province": "square", "national": "triangle-up"}


def _pct_suffix(lang: str) -> str:
    """'13,7 %' in Indonesian, '13.7%' in English (as ui.fmt.pct)."""
    return " %" if lang == "id" else "%"


def _pct_hover(name: str, lang: str, extra: str = "") -> str:
    return f"{name}<br>%{{x}}: %{{y:.2f}}{_pct_suffix(lang)}{extra}<extra></extra>"


def trend_figure(
    computed: pd.DataFrame,
    official: pd.DataFrame,
    target: pd.DataFrame,
    *,
    lang: str,
    area_label: str,
    area_zone: str | None = None,
) -> go.Figure:
    """P0 by year: computed (with 95 % CI), BPS Mimika, Papua Tengah, Indonesia, RPKD target.

    Args:
        computed: ``year``, ``p0``, ``p0_ci_low``, ``p0_ci_high`` (proportions).
        official: Rows of ``official_series`` (``area_code``, ``indicator``, ``year``,
            ``value`` in percent, ``status``); only ``p0`` of the areas in
            :data:`PUBLISHED_AREAS` is drawn.
        target: ``year``, ``target`` (proportion), ``is_placeholder`` (from
            ``ui.headline.target_path``).
        lang: 'id' or 'en'.
        area_label: Name of the computed area, for the legend.
        area_zone: The zone when the area is one (the line takes the zone colour).
    """
    fig = go.Figure()
    colour = zone_colour(area_zone) if area_zone else SERIES_COLOURS["computed"]
    if len(computed):
        y = 100 * computed["p0"].astype(float)
        fig.add_trace(
            go.Scatter(
                x=computed["year"],
                y=y,
                mode="lines+markers",
                name=text("trend_computed", lang, area=area_label),
                line={"color": colour, "width": 3},
                marker={"size": 10, "symbol": "circle"},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": 100 * computed["p0_ci_high"].astype(float) - y,
                    "arrayminus": y - 100 * computed["p0_ci_low"].astype(float),
                    "thickness": 2,
                    "width": 6,
                    "color": colour,
                },
                hovertemplate=_pct_hover(area_label, lang),
            )
        )
    p0 = official[official["indicator"] == "p0"] if len(official) else official
    for code, series in PUBLISHED_AREAS.items():
        rows = p0[p0["area_code"] == code].sort_values("year") if len(p0) else p0
        if rows is None or rows.empty:
            continue
        name = text(_SERIES_KEY[series], lang)
        fig.add_trace(
            go.Scatter(
                x=rows["year"],
                y=rows["value"].astype(float),
                mode="lines+markers",
                name=name,
                line={"color": SERIES_COLOURS[series], "width": 2},
                marker={"size": 9, "symbol": _SYMBOLS[series]},
                customdata=[labels.official_status(s, lang) for s in rows["status"]],
                hovertemplate=_pct_hover(name, lang, "<br>%{customdata}"),
            )
        )
    if len(target):
        any_placeholder = bool(target["is_placeholder"].any())
        key = "trend_target_placeholder" if any_placeholder else "trend_target"
        name = text(key, lang, area=area_label)
        fig.add_trace(
            go.Scatter(
                x=target["year"],
                y=100 * target["target"].astype(float),
                mode="lines+markers",
                name=name,
                line={"color": SERIES_COLOURS["target"], "width": 2, "dash": "dash"},
                marker={
                    "size": 10,
                    "symbol": ["circle-open" if p else "circle" for p in target["is_placeholder"]],
                    "line": {"width": 2},
                },
                hovertemplate=_pct_hover(name, lang),
            )
        )
    years = [int(y) for tr in fig.data for y in (tr.x if tr.x is not None else [])]
    span = (max(years) - min(years)) if years else 0
    apply_style(fig, lang, height=480, title=text("trend_title", lang))
    fig.update_xaxes(dtick=1 if span <= 16 else 2)
    fig.update_layout(legend={"entrywidth": 0.5, "entrywidthmode": "fraction"})
    fig.update_yaxes(
        title_text=text("axis_p0", lang), rangemode="tozero", ticksuffix=_pct_suffix(lang)
    )
    return fig


def zone_figure(
    zones: pd.DataFrame,
    *,
    lang: str,
    year: int,
    selected: str | None = None,
    regency: pd.Series | None = None,
) -> go.Figure:
    """P0 (%) and P1 (x100) of coastal, lowland and highland side by side, with 95 % CIs.

    Args:
        zones: ``fgt_by(by='zone')`` (``group`` = zone code; ``p0``, ``p1`` and their
            ``_ci_low``/``_ci_high``, proportions).
        lang: 'id' or 'en'.
        year: The year shown (for the title).
        selected: A zone to highlight (the others are drawn lighter).
        regency: The regency row of ``fgt_by`` (a dashed reference line), optional.
    """
    order = [z for z in ZONES if z in set(zones["group"])]
    df = zones.set_index("group").loc[order]
    labels = [text(f"zone_{z}", lang) for z in order]
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(text("axis_p0", lang), text("axis_p1", lang)),
        horizontal_spacing=0.12,
    )
    panels = [("p0", lambda v: fmt.pct(v, 2, lang)), ("p1", lambda v: fmt.num(100 * v, 2, lang))]
    for col, (ind, show) in enumerate(panels, start=1):
        scale = 100.0
        y = scale * df[ind].astype(float)
        fig.add_trace(
            go.Bar(
                x=[f"{lab}<br><b>{show(v)}</b>" for lab, v in zip(labels, df[ind], strict=True)],
                y=y,
                marker={
                    "color": [zone_colour(z) for z in order],
                    "opacity": [1.0 if selected in (None, z) else MUTED_OPACITY for z in order],
                    "line": {"color": "#222222", "width": 1},
                },
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": scale * df[f"{ind}_ci_high"].astype(float) - y,
                    "arrayminus": y - scale * df[f"{ind}_ci_low"].astype(float),
                    "thickness": 2,
                    "width": 10,
                    "color": "#222222",
                },
                customdata=[
                    [show(lo), show(hi)]
                    for lo, hi in zip(df[f"{ind}_ci_low"], df[f"{ind}_ci_high"], strict=True)
                ],
                hovertemplate="%{x}<br>"
                + text("ci95", lang)
                + ": %{customdata[0]} – %{customdata[1]}<extra></extra>",
                showlegend=False,
            ),
            row=1,
            col=col,
        )
        if regency is not None:
            value = float(regency[ind])
            fig.add_hline(
                y=scale * value,
                line={"color": SERIES_COLOURS["target"], "dash": "dash", "width": 2},
                annotation_text=text("zones_regency", lang, value=show(value)),
                annotation_position="top right",
                annotation_font={"size": TICK_SIZE},
                annotation_bgcolor="rgba(255,255,255,0.85)",
                row=1,
                col=col,
            )
    apply_style(fig, lang, height=460, title=text("zones_title", lang, year=year))
    fig.update_yaxes(rangemode="tozero")
    fig.update_xaxes(tickangle=0)
    fig.update_yaxes(ticksuffix=_pct_suffix(lang), row=1, col=1)
    fig.update_annotations(font_size=TICK_SIZE + 1)
    return fig
