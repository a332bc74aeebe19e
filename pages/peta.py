"""Peta Disparitas: where poverty concentrates, with intervals, pockets and typology."""

import streamlit as st

from analytics.inequality import theil_decomposition
from ui import areas, charts_map, data, figures, fmt, layout, state
from ui.i18n import t
from ui.indicators import INDICATORS, axis_title, from_fgt, restrict
from ui.suppress import POCKET_MIN_HOUSEHOLDS, POCKET_RULES, guard, pocket_codes

f = state.current()
layout.page_header("page_map", t("map_intro"))
line = data.poverty_line(f.year) if f.year is not None else None
if f.year is None or line is None:
    st.info(t("no_data_year"))
    st.stop()
min_n = areas.min_cell()

# Option labels fixed at render time (format_func may run outside the script run).
ind_names = {k: t(i.label_key) for k, i in INDICATORS.items()}
level_names = {v: t(f"level_{v}") for v in ("district", "village")}
rule_names = {r: t(f"pocket_{r}") for r in POCKET_RULES}
c1, c2, c3 = st.columns([2, 1, 1])
key = c1.selectbox(t("map_indicator"), list(ind_names), format_func=ind_names.__getitem__)
level = c2.radio(
    t("map_level"), list(level_names), format_func=level_names.__getitem__, key="map_lvl"
)
rule = c3.radio(t("map_pocket_rule"), list(rule_names), format_func=rule_names.__getitem__)
ind = INDICATORS[key]

# Areas shown (shared filters), values with small cells suppressed, pockets from P0.
bounds = areas.boundaries(level)
shown = bounds if f.zone is None else bounds[bounds["zone"] == f.zone]
shown = shown if f.district is None else shown[shown["district_code"] == f.district]
values = guard(areas.area_values(key, level, f.year, line), min_households=min_n)
values = restrict(values, bounds, zone=f.zone, district=f.district)
p0 = guard(from_fgt(areas.fgt(level, f.year, line), "p0"), min_households=min_n)
p0 = restrict(p0, bounds, zone=f.zone, district=f.district)
regency_p0 = float(areas.fgt("regency", f.year, line)["p0"].iloc[0])
pockets = pocket_codes(p0, regency_value=regency_p0, rule=rule)

title = t("map_title", indicator=axis_title(ind, f.lang), level=t(f"level_{level}"), year=f.year)
# Figures are built once per distinct input (ui.figures): a second visit only sends them.
fig = figures.cached(
    charts_map.indicator_map,
    shown,
    values,
    ind,
    f.lang,
    min_households=min_n,
    pockets=pockets,
    outline_gdf=areas.outlines(f.zone),
    title=title,
)
st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
if level not in ind.levels:
    st.info(t("map_no_spending_village"))
rule_text = t(
    f"pocket_rule_{rule}", regency=fmt.pct(regency_p0, 2, f.lang), n=POCKET_MIN_HOUSEHOLDS
)
n_sup = int(values["suppressed"].sum())
notes = [rule_text, t("map_pockets_found", n=len(pockets))]
if n_sup:
    notes.append(t("map_suppressed_count", k=n_sup, n=min_n))
n_one = int((values["single_psu"] & ~values["suppressed"]).sum())
if n_one:
    notes.append(t("map_single_psu_note", k=n_one))
st.caption(" ".join(notes) + " " + t("map_filter_note"))

if values["value"].notna().any():
    st.subheader(t("rank_title"))
    rank = charts_map.ranking_frame(values, shown, ind, f.lang, pockets=pockets)
    dec = ind.decimals
    areas.show_table(
        rank,
        {
            "rank": (t("col_rank"), 0),
            "name": (t("col_name"), "text"),
            "code": (t("col_code"), "text"),
            **({"district_name": (t("district"), "text")} if level == "village" else {}),
            "zone": (t("zone"), "text"),
            "value": (axis_title(ind, f.lang), dec),
            "ci_low": (t("col_ci_low"), dec),
            "ci_high": (t("col_ci_high"), dec),
            "households": (t("map_sample_hh"), 0),
            "pocket": (t("col_pocket"), "text"),
            "note": (t("col_note"), "text"),
        },
        f.lang,
    )
    st.caption(t("rank_caption"))

st.subheader(t("quad_title"))
prev_year = f.year - 1
mode_names = {"change": t("quad_level_change"), "p1": t("quad_p0_p1")}
mode = st.radio(
    t("quad_mode"), list(mode_names), format_func=mode_names.__getitem__, horizontal=True
)
if mode == "change" and not areas.has_year(prev_year):
    st.info(t("quad_no_prev", prev=prev_year))
    mode = "p1"
quad, x_ref, y_ref = areas.quadrant(mode, f.year, line, zone=f.zone, min_households=min_n)
if mode == "change":
    y_title = f"{t('quad_change', prev=prev_year)} ({t('unit_pp')})"
    y_format = (2, " " + ("poin" if f.lang == "id" else "pp"))
else:
    y_title, y_format = axis_title(INDICATORS["p1"], f.lang), (2, "")
fig = figures.cached(
    charts_map.quadrant_chart,
    quad,
    x_ref=x_ref,
    y_ref=y_ref,
    x_title=axis_title(INDICATORS["p0"], f.lang),
    y_title=y_title,
    quadrant_labels={q: t(f"quad_{q}_{mode}") for q in ("hh", "hl", "lh", "ll")},
    lang=f.lang,
    x_format=(2, " %" if f.lang == "id" else "%"),
    y_format=y_format,
)
st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
st.caption(t("quad_caption"))

st.subheader(t("theil_title"))
theil = data.computed(theil_decomposition, year=f.year)
st.plotly_chart(figures.cached(charts_map.theil_chart, theil, f.lang), width="stretch")
total = theil[theil["group"] == "all"].iloc[0]
st.caption(
    t(
        "theil_caption",
        t=fmt.num(total["theil_t"], 3, f.lang),
        b=fmt.pct(total["between"] / total["theil_t"], 1, f.lang),
    )
)
areas.show_table(
    charts_map.theil_table(theil, f.lang),
    {
        "zone": (t("zone"), "text"),
        "theil_t": (t("col_theil_t"), 3),
        "population_share_pct": (t("col_pop_share"), 1),
        "mean_consumption_pc_rp": (t("col_mean_cons"), 0),
        "contribution_pct": (t("col_contribution"), 1),
    },
    f.lang,
)
layout.credits()
