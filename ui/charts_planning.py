"""Figures and tables of the planning pages (priority, RAT, simulation): no streamlit.

Inputs come from planning/ (analytics units: proportions, indices 0-1, Rupiah);
values are scaled for display here, texts come from ``ui.i18n.text`` in the
language passed in, so every builder is testable without a browser.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from geo.join import join_indicator
from geo.maps import choropleth
from planning.checks import RatProblem
from store.schema import RAT_STRATEGIES
from ui import fmt
from ui.chart_style import SERIES_COLOURS, apply_style, zone_colour
from ui.i18n import text
from ui.indicators import Indicator, display, zone_name

#: Priority indicators: how each is labelled and shown.
PRIORITY_INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("p0", "p0", "pct", 2),
        Indicator("p1", "p1", "index100", 2),
        Indicator("mpi_m0", "ind_mpi_m0", "index", 3),
        Indicator("coverage_gap", "pl_prio_coverage_gap", "pct", 1),
        Indicator(
            "budget_per_poor_rp", "ind_spend_per_poor", "rp", 0, higher_is_worse=False,
            levels=("district",),
        ),
    )
}  # fmt: skip
SIM_INDICATORS = ("p0", "p1", "p2", "gini")
NEUTRAL_GREY = "#777777"


def unit_label(ind: Indicator, lang: str) -> str:
    unit = {"pct": "%", "index100": text("unit_index100", lang), "index": "0-1", "rp": "Rp"}
    return f"{text(ind.label_key, lang)} ({unit[ind.unit]})"


# ------------------------------------------------------------------ priority


def priority_display(ranked: pd.DataFrame, indicators: list[str], lang: str) -> pd.DataFrame:
    """The ranking in display units: ``rank``, ``name``, ``code``, ``district_name``,
    ``zone`` (words), ``score``, one column per indicator, ``households``, ``note``."""
    df = ranked.copy()
    df["zone"] = [zone_name(z, lang) for z in df["zone"]]
    for k in indicators:
        df[k] = display(pd.to_numeric(df[k]).astype(float), PRIORITY_INDICATORS[k].unit)
    df["note"] = np.where(df["suppressed"].astype(bool), text("pl_prio_not_ranked", lang), "")
    df["rank"] = pd.to_numeric(df["rank"]).astype(float)
    cols = ["rank", "name", "code", "district_name", "zone", "score", *indicators]
    return df[[*cols, "households", "note"]].reset_index(drop=True)


def priority_map(
    areas: gpd.GeoDataFrame,
    ranked: pd.DataFrame,
    lang: str,
    *,
    top_n: int,
    outline_gdf: gpd.GeoDataFrame | None = None,
    title: str | None = None,
) -> go.Figure:
    """Choropleth of the priority score (0-1; dark = more in need), top ``top_n`` outlined.

    Hover: score, rank, P0 and the zone. Areas not ranked show 'no data'.
    """
    vals = ranked[ranked["code"].isin(set(areas["code"]))][["code", "score", "rank", "p0"]]
    gdf = join_indicator(areas, vals, "code")
    gdf = gdf.copy()
    gdf["score"] = pd.to_numeric(gdf["score"]).astype(float)
    gdf["rank_text"] = [fmt.DASH if pd.isna(r) else str(int(r)) for r in gdf["rank"]]
    gdf["p0_text"] = [fmt.pct(v, 2, lang) for v in pd.to_numeric(gdf["p0"]).astype(float)]
    gdf["zone_text"] = [zone_name(z, lang) for z in gdf["zone"]]
    ranks = pd.to_numeric(gdf["rank"])
    top = gdf.loc[ranks.notna() & (ranks <= top_n), "code"].tolist()
    fig = choropleth(
        gdf,
        "score",
        code_col="code",
        name_col="name",
        hover_cols={
            "rank_text": text("pl_col_rank", lang),
            "p0_text": text("p0", lang),
            "zone_text": text("zone", lang),
        },
        title=title,
        colorscale="YlOrRd",
        range_color=(0.0, 1.0),
        outline_gdf=outline_gdf,
        marked_codes=top,
        value_label=text("pl_col_score", lang),
        value_format=lambda v: fmt.num(v, 2, lang),
        no_data_label=text("map_no_data", lang),
        outline_label=text("map_zone_outline", lang),
        marked_label=text("pl_prio_marked", lang),
        separators=fmt.d3_format(lang)["separators"],
    )
    fig.update_traces(colorbar={"title": {"text": ""}}, selector={"type": "choroplethmap"})
    fig.update_layout(font={"size": 14}, hoverlabel={"font": {"size": 14}})
    return fig


def quadrant_input(ranked: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """Areas for ``ui.charts_map.quadrant_chart`` in display units: ``code``, ``name``,
    ``zone``, ``x``, ``y``, ``population``, ``quadrant`` (``analytics.priority`` numerals
    against the mean of the areas with both values)."""
    from analytics.priority import quadrant_typology

    df = ranked.dropna(subset=[x, y])
    typed = quadrant_typology(df, x, y)
    out = pd.DataFrame(
        {
            "code": typed["code"],
            "name": typed["name"],
            "zone": typed["zone"],
            "x": display(typed[x].astype(float), PRIORITY_INDICATORS[x].unit),
            "y": display(typed[y].astype(float), PRIORITY_INDICATORS[y].unit),
            "population": typed["population"],
            "quadrant": typed["quadrant"],
        }
    )
    refs = (
        display(float(typed["x_ref"].iloc[0]), PRIORITY_INDICATORS[x].unit) if len(typed) else 0.0,
        display(float(typed["y_ref"].iloc[0]), PRIORITY_INDICATORS[y].unit) if len(typed) else 0.0,
    )
    out.attrs["refs"] = refs
    return out.reset_index(drop=True)


# ------------------------------------------------------------------ RAT


def problem_text(p: RatProblem, lang: str, column_labels: dict[str, str]) -> str:
    """'Baris 3, OPD penanggung jawab: OPD tidak dikenal: ...' in ``lang``."""
    params = dict(p.params)
    for k in ("total", "ceiling", "over"):
        if k in params:
            params[k] = fmt.rp(params[k], lang)
    body = text(f"pl_rat_p_{p.kind}", lang, value=p.value, **params)
    where = (
        text("pl_rat_where_row", lang, row=p.row)
        if p.row is not None
        else text("pl_rat_where_plan", lang)
    )
    col = column_labels.get(p.column or "", p.column or "")
    return f"{where}, {col}: {body}" if col else f"{where}: {body}"


def ceiling_display(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``planning.checks.budget_by_source`` as text: source, plan, ceiling, remaining, used."""
    rows = []
    for r in summary.itertuples(index=False):
        no = text("pl_rat_no_ceiling", lang)
        rows.append(
            {
                "funding_source": r.funding_source,
                "budget_rp": fmt.rp(r.budget_rp, lang),
                "ceiling_rp": no if math.isnan(r.ceiling_rp) else fmt.rp(r.ceiling_rp, lang),
                "remaining_rp": no if math.isnan(r.remaining_rp) else fmt.rp(r.remaining_rp, lang),
                "share_used": fmt.DASH
                if math.isnan(r.share_used)
                else fmt.num(100 * r.share_used, 1, lang),
                "over": (not math.isnan(r.remaining_rp)) and r.remaining_rp < 0,
            }
        )
    cols = ["funding_source", "budget_rp", "ceiling_rp", "remaining_rp", "share_used", "over"]
    return pd.DataFrame(rows, columns=cols)


#: Editor value of "no strategy" (versions saved before strategies were recorded).
STRATEGY_UNSET = "_unset"


def strategy_label(code: str | None, lang: str, *, short: bool = False) -> str:
    """The RPKD strategy in words ('Mengurangi beban ...'; short: '1 Beban pengeluaran');
    blank, :data:`STRATEGY_UNSET` or unknown: '(belum diisi)' / '(not set)'."""
    if code is None or (isinstance(code, float) and math.isnan(code)) or not str(code).strip():
        return text("pl_strategy_unset", lang)
    key = f"pl_strategy_short_{code}" if short else f"pl_strategy_{code}"
    label = text(key, lang)
    return label if label != key else text("pl_strategy_unset", lang)


def group_label(group: str | None, lang: str) -> str:
    """A Permendagri 53/2020 programme group in words (None: no programme code)."""
    blank = group is None or (isinstance(group, float) and math.isnan(group))
    return text(f"pl_group_{'none' if blank else group}", lang)


def strategy_display(summary: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``planning.strategy.budget_by_strategy`` as text rows with subtotals.

    Per strategy spanning several programme groups: one row per group, then its subtotal
    row (the strategy's name, "Jumlah strategi"); a strategy of one group is that one row,
    marked as the subtotal. The RAT total last.
    Columns ``strategy``, ``programme_group``, ``actions``, ``budget_rp`` (Rp, formatted),
    ``share`` (percent of the plan's budget, formatted) and ``level`` (``group``,
    ``subtotal``, ``total``: for styling).
    """
    rows = []

    def add(strategy: str, group: str, actions: int, rp: float, share: float, level: str):
        rows.append(
            {
                "strategy": strategy,
                "programme_group": group,
                "actions": fmt.num(actions, 0, lang),
                "budget_rp": fmt.rp(rp, lang),
                "share": fmt.DASH if math.isnan(share) else fmt.num(100 * share, 1, lang),
                "level": level,
            }
        )

    for code in (*RAT_STRATEGIES, None):
        mask = summary["strategy"].isna() if code is None else summary["strategy"] == code
        part = summary[mask.to_numpy(dtype=bool)]
        if part.empty:
            continue
        name = strategy_label(code, lang)
        if len(part) == 1:
            r = part.iloc[0]
            group = group_label(r["programme_group"], lang)
            add(
                name, group, int(r["actions"]), float(r["budget_rp"]), float(r["share"]), "subtotal"
            )
            continue
        for r in part.itertuples(index=False):
            add(
                name, group_label(r.programme_group, lang), r.actions, r.budget_rp, r.share, "group"
            )
        share = part["share"].sum(min_count=1)
        add(name, text("pl_rat_strategy_subtotal", lang), int(part["actions"].sum()),
            float(part["budget_rp"].sum()), float(share), "subtotal")  # fmt: skip
    total = float(summary["budget_rp"].sum())
    add(text("pl_rat_strategy_total", lang), "", int(summary["actions"].sum()), total,
        1.0 if total > 0 else math.nan, "total")  # fmt: skip
    return pd.DataFrame(
        rows, columns=["strategy", "programme_group", "actions", "budget_rp", "share", "level"]
    )


# ------------------------------------------------------------------ simulation


def sim_group_label(group: str, lang: str) -> str:
    return text("pl_regency", lang) if group == "all" else zone_name(group, lang)


def sim_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Before/after/change per group in display units (P0 %, P1 and P2 x100, Gini 0-1),
    poor people change, cost and cost per person lifted out."""
    out = pd.DataFrame({"group": [sim_group_label(g, lang) for g in table["group"]]})
    for ind in SIM_INDICATORS:
        scale = 1.0 if ind == "gini" else 100.0
        for part in ("before", "after", "change"):
            out[f"{ind}_{part}"] = scale * table[f"{ind}_{part}"].astype(float)
        # A change that rounds to zero is shown as 0, not -0.
        dec = 3 if ind == "gini" else 2
        out[f"{ind}_change"] = out[f"{ind}_change"].round(dec) + 0.0
    out["poor_change"] = table["poor_change"].astype(float)
    out["cost_rp_year"] = table["cost_rp_year"].astype(float)
    out["cost_per_person_lifted_rp"] = table["cost_per_person_lifted_rp"].astype(float)
    return out


def sim_p0_chart(table: pd.DataFrame, lang: str, *, title: str | None = None) -> go.Figure:
    """Grouped bars: P0 (%) before (light, hatched) and after (zone colour, solid) for the
    regency and zones."""
    groups = list(table["group"])
    labels = [sim_group_label(g, lang) for g in groups]
    colours = [SERIES_COLOURS["computed"] if g == "all" else zone_colour(g) for g in groups]
    before = 100 * table["p0_before"].astype(float)
    after = 100 * table["p0_after"].astype(float)
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=labels,
            y=before,
            name=text("pl_col_before", lang),
            # Hatched as well as light: the legend's swatch takes the first bar's
            # colour, so without a pattern "before" and "after" look alike there.
            marker={"color": colours, "opacity": 0.35, "pattern": {"shape": "/", "solidity": 0.4}},
            text=[fmt.num(v, 2, lang) for v in before],
            textposition="outside",
            hovertemplate="%{x}: %{text} %<extra>" + text("pl_col_before", lang) + "</extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=after,
            name=text("pl_col_after", lang),
            marker={"color": colours},
            text=[fmt.num(v, 2, lang) for v in after],
            textposition="outside",
            hovertemplate="%{x}: %{text} %<extra>" + text("pl_col_after", lang) + "</extra>",
        )
    )
    apply_style(fig, lang, height=420, title=title)
    top = float(np.nanmax([before.max(), after.max()])) if len(before) else 1.0
    fig.update_layout(barmode="group", showlegend=True)
    fig.update_yaxes(title_text="P0 (%)", range=[0, top * 1.18], rangemode="tozero")
    return fig


def scenario_text(fields: dict, lang: str) -> str:
    """The scenario in one sentence of the interface language."""
    kind = fields["kind"]
    rp = lambda v: fmt.rp(v, lang)  # noqa: E731
    zone = lambda z: zone_name(z, lang).lower()  # noqa: E731
    if kind == "add":
        who = fields.get("who", "decile")
        k = int(fields.get("decile_k") or 4)
        if who == "decile":
            target = text("pl_sim_desc_who_decile", lang, k=k)
        elif who == "zone":
            deciles = text("pl_sim_desc_who_zone_k", lang, k=k) if k < 10 else ""
            target = text("pl_sim_desc_who_zone", lang, zone=zone(fields["zone"]), deciles=deciles)
        elif who == "all":
            target = text("pl_sim_desc_who_all", lang)
        else:
            target = text("pl_sim_desc_who_current", lang, programme=fields["programme_code"])
        return text("pl_sim_desc_add", lang, amount=rp(fields["amount_rp_year"]), who=target)
    if kind == "remove":
        return text("pl_sim_desc_remove", lang, programme=fields["programme_code"])
    if kind == "perfect":
        return text("pl_sim_desc_perfect", lang, budget=rp(fields["budget_rp_year"]))
    return text(
        "pl_sim_desc_move",
        lang,
        amount=rp(fields["amount_rp_year"]),
        from_zone=zone(fields["from_zone"]),
        to_zone=zone(fields["to_zone"]),
        k=int(fields.get("decile_k") or 4),
    )


# ------------------------------------------------------------------ progress


def _scale(indicator: str) -> float:
    return 1.0 if indicator == "gini" else 100.0


def progress_chart(
    trend: pd.DataFrame,
    indicator: str,
    lang: str,
    *,
    simulated: dict[str, float] | None = None,
    sim_year: int | None = None,
    title: str | None = None,
) -> go.Figure:
    """Per area (regency and zones): the series from the data (solid), the RPKD target
    (dashed; placeholder targets hollow), BPS's published Mimika series (regency, dotted)
    and the simulated value at ``sim_year`` (hollow diamond).

    ``trend`` is :func:`analytics.trend.trend` by regency and by zone concatenated
    (proportions; shown as percent for P0 and x100 for P1, P2).
    """
    sc = _scale(indicator)
    d = trend[trend["indicator"] == indicator]
    fig = go.Figure()
    for area in ("all", "coastal", "lowland", "highland"):
        colour = SERIES_COLOURS["computed"] if area == "all" else zone_colour(area)
        name = sim_group_label(area, lang)
        comp = d[(d["series"] == "computed") & (d["area"] == area)].dropna(subset=["value"])
        if len(comp):
            fig.add_trace(
                go.Scatter(
                    x=comp["year"], y=sc * comp["value"], mode="lines+markers",
                    name=name, line={"color": colour, "width": 3}, legendgroup=area,
                )
            )  # fmt: skip
        tgt = d[(d["series"] == "target") & (d["area"] == area)].dropna(subset=["value"])
        if len(tgt):
            hollow = tgt["is_placeholder"].fillna(False).astype(bool)
            fig.add_trace(
                go.Scatter(
                    x=tgt["year"], y=sc * tgt["value"], mode="lines+markers",
                    name=f"{name}: {text('pl_prog_target', lang)}",
                    line={"color": colour, "width": 2, "dash": "dash"},
                    marker={"symbol": ["circle-open" if h else "circle" for h in hollow],
                            "size": 9},
                    legendgroup=area, showlegend=False,
                )
            )  # fmt: skip
        if simulated and area in simulated and sim_year is not None:
            fig.add_trace(
                go.Scatter(
                    x=[sim_year], y=[sc * simulated[area]], mode="markers",
                    name=f"{name}: {text('pl_prog_simulated', lang)}",
                    marker={"symbol": "diamond-open", "size": 14, "color": colour,
                            "line": {"width": 3}},
                    legendgroup=area, showlegend=False,
                )
            )  # fmt: skip
    off = d[(d["series"] == "official") & (d["area"] == "94.04")].dropna(subset=["value"])
    if len(off):
        off = off.sort_values("year")
        fig.add_trace(
            go.Scatter(
                x=off["year"], y=sc * off["value"], mode="lines+markers",
                name=text("pl_prog_official", lang),
                line={"color": SERIES_COLOURS["published"], "width": 2, "dash": "dot"},
            )
        )  # fmt: skip
    # One legend entry per area (its colour) and one per line style, in grey.
    styles = [
        ("pl_prog_computed", {"mode": "lines+markers", "line": {"width": 3}}),
        ("pl_prog_target", {"mode": "lines+markers", "line": {"width": 2, "dash": "dash"}}),
        ("pl_prog_simulated", {"mode": "markers",
                               "marker": {"symbol": "diamond-open", "size": 12}}),
    ]  # fmt: skip
    for key, style in styles:
        fig.add_trace(
            go.Scatter(
                x=[None], y=[None], name=text(key, lang), hoverinfo="skip",
                **{k: ({**v, "color": NEUTRAL_GREY} if isinstance(v, dict) else v)
                   for k, v in style.items()},
            )
        )  # fmt: skip
    apply_style(fig, lang, height=460, title=title)
    unit = "%" if indicator == "p0" else (text("unit_index100", lang) if sc == 100 else "0-1")
    fig.update_yaxes(title_text=f"{indicator.upper()} ({unit})", rangemode="tozero")
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(legend={"y": -0.18})
    return fig


def progress_table(trend: pd.DataFrame, indicator: str, lang: str) -> pd.DataFrame:
    """Per target year and area: target, value from the data, BPS value (regency), gap.

    Display units (P0 %, P1/P2 x100, Gini 0-1); ``gap`` = data - target (NaN when the
    data has no value for that year)."""
    sc = _scale(indicator)
    d = trend[trend["indicator"] == indicator]
    tgt = d[d["series"] == "target"][["area", "year", "value", "is_placeholder"]]
    if tgt.empty:
        return pd.DataFrame(
            columns=["area", "year", "target", "computed", "official", "gap", "placeholder"]
        )
    comp = d[d["series"] == "computed"].set_index(["area", "year"])["value"]
    off = d[(d["series"] == "official") & (d["area"] == "94.04")]
    off = off.groupby("year")["value"].last()
    out = tgt.rename(columns={"value": "target", "is_placeholder": "placeholder"}).copy()
    out["computed"] = [
        comp.get((a, y), np.nan) for a, y in zip(out["area"], out["year"], strict=True)
    ]
    out["official"] = [off.get(y, np.nan) if a == "all" else np.nan
                       for a, y in zip(out["area"], out["year"], strict=True)]  # fmt: skip
    for c in ("target", "computed", "official"):
        out[c] = sc * out[c].astype(float)
    out["gap"] = out["computed"] - out["target"]
    order = {"all": 0, "coastal": 1, "lowland": 2, "highland": 3}
    out = out.sort_values(["area", "year"], key=lambda s: s.map(order) if s.name == "area" else s)
    out["area"] = [sim_group_label(a, lang) for a in out["area"]]
    out["placeholder"] = ["✔" if bool(p) else "" for p in out["placeholder"].fillna(False)]
    return out[
        ["area", "year", "target", "computed", "official", "gap", "placeholder"]
    ].reset_index(drop=True)
