"""Efisiensi Anggaran: what the money buys, where it goes, and against what need."""

import streamlit as st

from analytics.budget import budget_by, gap_closure_cost
from ui import areas, charts_budget, data, figures, fmt, layout, state
from ui.i18n import t
from ui.indicators import from_fgt
from ui.suppress import suppress_small

f = state.current()
layout.page_header("page_budget", t("bud_intro"))
line = data.poverty_line(f.year) if f.year is not None else None
if f.year is None or line is None:
    st.info(t("no_data_year"))
    st.stop()
min_n = areas.min_cell()

poor, rule = areas.poor_definition_picker(f.year, line, f.lang)

by_programme = data.computed(budget_by, year=f.year, by="programme", **poor)
if by_programme.empty or by_programme["allocated_rp"].sum() == 0:
    st.info(t("bud_no_budget"))
    st.stop()

# Headline figures for the scope chosen in the sidebar (regency, zone or district).
scope_by = "district" if f.district else ("zone" if f.zone else "regency")
gap = data.computed(gap_closure_cost, year=f.year, line_rp=line, by=scope_by)
head = gap[gap["group"] == (f.district or f.zone or "all")]
dist_names = areas.boundaries("district").set_index("code")["name"]
scope = (
    dist_names.get(f.district)
    if f.district
    else (t(f"zone_{f.zone}") if f.zone else t("bud_scope_regency"))
)
st.subheader(scope)
m1, m2, m3, m4 = st.columns(4)
if len(head):
    h = head.iloc[0]
    m1.metric(t("bud_allocated"), fmt.rp_short(h["allocated_rp"], f.lang))
    rate = h["realised_rp"] / h["allocated_rp"] if h["allocated_rp"] else float("nan")
    m2.metric(
        t("bud_realised"),
        fmt.rp_short(h["realised_rp"], f.lang),
        f"{t('bud_rate')} {fmt.pct(rate, 1, f.lang)}",
        delta_color="off",
        delta_arrow="off",
    )
    m3.metric(
        t("bud_gap_cost"), fmt.rp_short(h["gap_closure_cost_rp"], f.lang), help=t("bud_gap_help")
    )
    m4.metric(t("bud_gap_ratio"), f"{fmt.num(h['realised_to_gap_ratio'], 2, f.lang)}×")

# Spending by agency, funding source or programme (regency-wide).
dim_names = {d: t(f"bud_by_{d}") for d in ("opd", "funding_source", "programme")}
dim = st.radio(t("bud_by"), list(dim_names), format_func=dim_names.__getitem__, horizontal=True)
spend = (
    by_programme if dim == "programme" else data.computed(budget_by, year=f.year, by=dim, **poor)
)
st.subheader(t("bud_spending_title", year=f.year))
st.plotly_chart(figures.cached(charts_budget.spending_bars, spend, f.lang), width="stretch")
st.caption(t("bud_scope_note"))

st.subheader(t("bud_cost_title"))
st.plotly_chart(figures.cached(charts_budget.cost_chart, by_programme, f.lang), width="stretch")
st.caption(t("bud_cost_caption", rule=rule))

# Allocation against need by district (survey-based shares suppressed in small cells).
st.subheader(t("bud_need_title"))
districts = data.computed(budget_by, year=f.year, by="district", **poor)
sample = from_fgt(areas.fgt("district", f.year, line), "p0")
districts = districts.assign(
    households=districts["group"].map(sample.set_index("code")["households"])
)
districts = suppress_small(
    districts, min_households=min_n, value_cols=("poor_share", "allocation_to_need")
)
shown = areas.boundaries("district")
shown = shown if f.zone is None else shown[shown["zone"] == f.zone]
fig = figures.cached(charts_budget.need_scatter, districts, shown, f.lang, highlight=f.district)
st.plotly_chart(fig, width="stretch")
st.caption(t("bud_need_caption") + " " + rule)

st.subheader(t("bud_gap_title"))
gap_by = "district" if f.zone else "zone"
gaps = data.computed(gap_closure_cost, year=f.year, line_rp=line, by=gap_by)
regency = data.computed(gap_closure_cost, year=f.year, line_rp=line, by="regency")
if f.zone:
    gaps = gaps[gaps["group"].isin(set(shown["code"]))]
    gaps = gaps.assign(group=gaps["group"].map(dist_names))
st.plotly_chart(
    figures.cached(charts_budget.gap_chart, gaps, f.lang, total=regency), width="stretch"
)
st.caption(t("bud_gap_caption"))

st.subheader(t("bud_table_title"))
table = charts_budget.programme_table(by_programme, data.named("programmes"))
areas.show_table(
    table,
    {
        "programme": (t("reach_programme"), "text"),
        "name": (t("col_programme_name"), "text"),
        "opd": (t("col_opd"), "text"),
        "source": (t("col_source"), "text"),
        "allocated_m": (t("col_alloc_m"), 0),
        "realised_m": (t("col_real_m"), 0),
        "rate_pct": (t("col_rate_pct"), 1),
        "beneficiary_hh": (t("col_benef_hh"), 0),
        "poor_hh": (t("col_poor_hh"), 0),
        "cost_benef_k": (t("col_cost_benef"), 0),
        "cost_poor_k": (t("col_cost_poor"), 0),
        "share_poor_pct": (t("col_share_poor"), 1),
    },
    f.lang,
)
st.caption(rule)
