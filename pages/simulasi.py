"""Simulasi Kebijakan: what a transfer, a cut or a move of money would change, and progress
against the RPKD targets."""

import pandas as pd
import streamlit as st

from analytics.trend import trend
from planning import whatif
from store.schema import ZONES
from ui import areas, charts_planning, data, figures, fmt, layout, state
from ui.i18n import t, zone_label

f = state.current()
line = data.poverty_line(f.year) if f.year is not None else None
layout.page_header("page_sim", t("pl_sim_intro", year=f.year))
if f.year is None or line is None:
    st.info(t("no_data_year"))
    st.stop()
prog_df = data.named("programmes")
programmes = prog_df["programme_code"].tolist()
prog_names = dict(zip(prog_df["programme_code"], prog_df["name"], strict=True))


def prog_label(code: str) -> str:
    return f"{code} · {prog_names.get(code, '')}"


kinds = ("add", "remove", "perfect", "move")
kind = st.radio(
    t("pl_sim_kind"), kinds, format_func=lambda k: t(f"pl_sim_kind_{k}"), horizontal=True,
    key="sim_kind",
)  # fmt: skip
fields: dict = {"kind": kind}
c1, c2, c3 = st.columns(3)
if kind == "add":
    fields["amount_rp_year"] = float(
        c1.number_input(t("pl_sim_amount"), 0, 100_000_000, 2_400_000, 100_000, key="sim_amount")
    )
    c1.caption(fmt.rp(fields["amount_rp_year"], f.lang))
    who = c2.selectbox(
        t("pl_sim_who"), ("decile", "zone", "all", "current"),
        format_func=lambda w: t(f"pl_sim_who_{w}"), key="sim_who",
    )  # fmt: skip
    fields["who"] = who
    if who in ("decile", "zone"):
        fields["decile_k"] = c3.slider(t("pl_sim_decile_k"), 1, 10, 4, key="sim_k")
    if who == "zone":
        fields["zone"] = c3.selectbox(t("zone"), ZONES, index=2, format_func=zone_label,
                                      key="sim_zone")  # fmt: skip
    if who == "current":
        if not programmes:
            st.info(t("pl_sim_no_programme"))
            st.stop()
        fields["programme_code"] = c3.selectbox(
            t("pl_sim_programme"), programmes, format_func=prog_label, key="sim_prog"
        )
elif kind == "remove":
    if not programmes:
        st.info(t("pl_sim_no_programme"))
        st.stop()
    fields["programme_code"] = c1.selectbox(
        t("pl_sim_programme"), programmes, format_func=prog_label, key="sim_prog_rm"
    )
elif kind == "perfect":
    fields["budget_rp_year"] = float(
        c1.number_input(
            t("pl_sim_budget"), 0, 10**13, 50_000_000_000, 1_000_000_000, key="sim_budget"
        )
    )
    c1.caption(fmt.rp(fields["budget_rp_year"], f.lang))
else:
    fields["amount_rp_year"] = float(
        c1.number_input(
            t("pl_sim_move_amount"), 0, 10**13, 5_000_000_000, 500_000_000, key="sim_move"
        )
    )
    c1.caption(fmt.rp(fields["amount_rp_year"], f.lang))
    fields["from_zone"] = c2.selectbox(t("pl_sim_from"), ZONES, index=1, format_func=zone_label,
                                       key="sim_from")  # fmt: skip
    fields["to_zone"] = c2.selectbox(t("pl_sim_to"), ZONES, index=2, format_func=zone_label,
                                     key="sim_to")  # fmt: skip
    fields["decile_k"] = c3.slider(t("pl_sim_decile_k"), 1, 10, 4, key="sim_k_move")
    if fields["from_zone"] == fields["to_zone"]:
        st.info(t("pl_sim_same_zone"))
        st.stop()

res = data.computed(whatif.run, year=f.year, line_rp=line, **fields)
table = res.table.set_index("group")
reg = table.loc["all"]

st.subheader(t("pl_sim_result"))
st.markdown(f"**{charts_planning.scenario_text(fields, f.lang)}**")
m = st.columns(5)
for col, ind in zip(m[:4], charts_planning.SIM_INDICATORS, strict=True):
    scale, dec = (1.0, 3) if ind == "gini" else (100.0, 2)
    after, change = scale * reg[f"{ind}_after"], scale * reg[f"{ind}_change"]
    suffix = " %" if ind == "p0" and f.lang == "id" else ("%" if ind == "p0" else "")
    delta = fmt.signed(change, dec, f.lang)
    moved = delta[:1] in ("+", "-")  # a change that rounds to zero gets no arrow
    col.metric(
        {"p0": "P0 (%)", "p1": "P1", "p2": "P2", "gini": "Gini"}[ind],
        f"{fmt.num(after, dec, f.lang)}{suffix}",
        delta=delta + (f" {t('unit_pp')}" if ind == "p0" else ""),
        delta_color="inverse" if moved else "off",
        delta_arrow="auto" if moved else "off",
        help=f"{t(ind)}. {t('pl_col_before')}: {fmt.num(scale * reg[f'{ind}_before'], dec, f.lang)}",
    )
cost = res.cost_rp_year
if kind == "move":
    moved_rp = (
        float(table.loc[fields["to_zone"], "cost_rp_year"])
        if fields["to_zone"] in table.index
        else 0.0
    )
    m[4].metric(t("pl_sim_moved"), fmt.rp_short(moved_rp, f.lang))
elif cost < -0.5:
    m[4].metric(t("pl_sim_saved"), fmt.rp_short(-cost, f.lang))
else:
    m[4].metric(t("pl_sim_cost"), fmt.rp_short(max(cost, 0.0), f.lang))
lifted = -float(reg["poor_change"])
notes = [
    f"{t('pl_sim_lifted') if lifted >= 0 else t('pl_sim_pushed')}: "
    f"**{fmt.num(abs(lifted), 0, f.lang)}**",
    t("pl_sim_recipients", n=fmt.num(res.recipients_households, 0, f.lang)),
]
if pd.notna(reg["cost_per_person_lifted_rp"]) and cost > 0:
    notes.append(t("pl_sim_per_person", v=fmt.rp(reg["cost_per_person_lifted_rp"], f.lang)))
st.markdown(" · ".join(notes))
st.caption(t("pl_sim_closure", v=fmt.rp_short(res.closure_cost_rp_year, f.lang)))

st.plotly_chart(
    figures.cached(
        charts_planning.sim_p0_chart,
        res.table,
        f.lang,
        title=t("pl_sim_chart_title", year=f.year),
    ),
    width="stretch",
    config={"displaylogo": False},
)
st.subheader(t("pl_sim_by_zone"))
shown = charts_planning.sim_table(res.table, f.lang)
cols = {"group": (t("pl_col_area"), "text")}
for ind in charts_planning.SIM_INDICATORS:
    dec = 3 if ind == "gini" else 2
    short = ind.upper()
    cols[f"{ind}_before"] = (f"{short} {t('pl_col_before').lower()}", dec)
    cols[f"{ind}_after"] = (f"{short} {t('pl_col_after').lower()}", dec)
    cols[f"{ind}_change"] = (f"{short} {t('pl_col_change').lower()}", dec)
cols["poor_change"] = (t("pl_sim_col_poor_change"), 0)
cols["cost_rp_year"] = (t("pl_sim_col_cost"), 0)
cols["cost_per_person_lifted_rp"] = (t("pl_sim_col_per_lifted"), 0)
areas.show_table(shown, cols, f.lang)

st.markdown(
    f"**{t('pl_sim_assumptions')}.** " + t("pl_sim_assumptions_id", line=fmt.rp(line, f.lang))
)


def assumption_line(a) -> str:
    """One analytics.simulate.Assumption in the interface language (rupiah, zone names)."""
    shown = {
        k: fmt.rp(v, f.lang) if "_rp" in k else zone_label(v).lower() if k.endswith("zone") else v
        for k, v in a.values.items()
    }
    return t(f"pl_sim_asm_{a.key}", **shown)


with st.expander(t("pl_sim_assumptions_full")):
    st.markdown("\n".join(f"- {assumption_line(a)}" for a in res.assumption_items))

st.divider()
st.subheader(t("pl_prog_title"))
st.caption(t("pl_prog_intro", year=f.year))
regency = data.computed(trend, by="regency")
zones = data.computed(trend, by="zone")
series = pd.concat([regency, zones[zones["series"] != "official"]], ignore_index=True)
ind = st.selectbox(
    t("pl_prog_indicator"), charts_planning.SIM_INDICATORS, format_func=t, key="prog_ind"
)
simulated = {g: float(table.loc[g, f"{ind}_after"]) for g in table.index}
st.plotly_chart(
    figures.cached(
        charts_planning.progress_chart,
        series,
        ind,
        f.lang,
        simulated=simulated,
        sim_year=f.year,
    ),
    width="stretch",
    config={"displaylogo": False},
)
prog = charts_planning.progress_table(series, ind, f.lang)
if prog.empty:
    st.info(t("pl_prog_none"))
else:
    dec = 3 if ind == "gini" else 2
    prog["year"] = prog["year"].astype(str)
    for c in ("target", "computed", "official"):
        prog[c] = [fmt.num(v, dec, f.lang) for v in prog[c]]
    prog["gap"] = [fmt.signed(v, dec, f.lang) for v in prog["gap"]]
    names = {
        "area": "pl_col_area", "year": "year", "target": "pl_prog_col_target",
        "computed": "pl_prog_col_data", "official": "pl_prog_col_official",
        "gap": "pl_prog_col_gap", "placeholder": "pl_prog_col_placeholder",
    }  # fmt: skip
    areas.show_table(prog, {c: (t(k), "text") for c, k in names.items()}, f.lang)
    st.caption(t("pl_prog_caption"))
