"""Jangkauan Program: coverage, exclusion and inclusion errors, overlap, the unreached poor."""

import streamlit as st

from analytics.reach import (
    beneficiary_match,
    overlap_matrix,
    programmes_per_poor,
    reach_by,
    unreached_poor,
)
from ui import areas, charts_map, charts_reach, data, figures, fmt, layout, state
from ui.i18n import t
from ui.indicators import Indicator, axis_title, from_fgt, restrict
from ui.suppress import guard, suppress_targeting

f = state.current()
layout.page_header("page_reach", t("reach_intro"))
line = data.poverty_line(f.year) if f.year is not None else None
if f.year is None or line is None:
    st.info(t("no_data_year"))
    st.stop()
min_n = areas.min_cell()

poor, rule = areas.poor_definition_picker(f.year, line, f.lang)
st.info(rule)

match = data.computed(beneficiary_match, year=f.year)
if match.empty:
    st.warning(t("reach_no_beneficiaries"))
    st.stop()

# Targeting per programme: by zone (all zones or the chosen one) or for the chosen district.
by = "district" if f.district else "zone"
reach = data.computed(reach_by, year=f.year, by=by, **poor)
group_n = areas.fgt(by, f.year, line).set_index("group")["households"]
reach = suppress_targeting(reach, min_households=min_n, group_households=group_n)
keep = f.district or f.zone
if keep:
    reach = reach[reach["group"] == keep]
district_name = areas.boundaries("district").set_index("code")["name"].get(f.district)
if by == "district":
    reach = reach.assign(group=district_name)
progs = data.named("programmes")
names = dict(zip(progs["programme_code"], progs["name"], strict=True))
st.subheader(t("reach_targeting_title"))
fig = figures.cached(charts_reach.targeting_chart, reach, f.lang, names=names)
st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
notes = [t("reach_unit_note"), t("reach_small_note", n=min_n)]
unmatched = int(match["unmatched"].sum())
if unmatched:
    notes.append(t("reach_match_note", n=fmt.num(unmatched, 0, f.lang)))
st.caption(" ".join(notes))

st.subheader(t("reach_overlap_title"))
overlap = data.computed(overlap_matrix, year=f.year)
st.plotly_chart(figures.cached(charts_reach.overlap_heatmap, overlap, f.lang), width="stretch")
st.caption(t("reach_overlap_caption"))

st.subheader(t("reach_convergence_title"))
per = data.computed(programmes_per_poor, year=f.year, by=by, **poor)
per = per[per["group"] == keep] if keep else per
per = per.assign(group=district_name) if by == "district" else per
if keep and group_n.get(keep, 0) < min_n:  # a small district: nothing to show
    per = per.iloc[0:0]
st.plotly_chart(figures.cached(charts_reach.convergence_chart, per, f.lang), width="stretch")

# Where the poor are that no programme reaches.
st.subheader(t("reach_unreached_title"))
level_names = {v: t(f"level_{v}") for v in ("district", "village")}
level = st.radio(
    t("map_level"), list(level_names), format_func=level_names.__getitem__, key="reach_lvl"
)
bounds = areas.boundaries(level)
shown = bounds if f.zone is None else bounds[bounds["zone"] == f.zone]
shown = shown if f.district is None else shown[shown["district_code"] == f.district]
sample = from_fgt(areas.fgt(level, f.year, line), "p0")
unreached = data.computed(unreached_poor, year=f.year, by=level, **poor)
vals = charts_reach.unreached_frame(unreached, sample)
vals = guard(restrict(vals, bounds, zone=f.zone, district=f.district), min_households=min_n)
for col in ("poor", "poor_not_reached"):
    vals.loc[vals["suppressed"], col] = float("nan")
ind = Indicator("unreached", "reach_unreached_share", "pct", 1)
fig = figures.cached(
    charts_map.indicator_map,
    shown,
    vals,
    ind,
    f.lang,
    min_households=min_n,
    outline_gdf=areas.outlines(f.zone),
    title=t("map_title", indicator=axis_title(ind, f.lang), level=level_names[level], year=f.year),
)
st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
table = shown[["code", "name", "district_name", "zone"]].merge(vals, on="code")
table["share_pct"] = 100 * table["value"]
table["zone"] = table["zone"].map(lambda z: t(f"zone_{z}"))
table = table.sort_values("poor_not_reached", ascending=False, na_position="last")
areas.show_table(
    table,
    {
        "name": (t("col_name"), "text"),
        "code": (t("col_code"), "text"),
        **({"district_name": (t("district"), "text")} if level == "village" else {}),
        "zone": (t("zone"), "text"),
        "poor": (t("reach_col_poor"), 0),
        "poor_not_reached": (t("reach_col_not_reached"), 0),
        "share_pct": (t("reach_col_share"), 1),
        "households": (t("map_sample_hh"), 0),
    },
    f.lang,
)
n_sup = int(vals["suppressed"].sum())
if n_sup:
    st.caption(t("map_suppressed_count", k=n_sup, n=min_n))
layout.credits()
