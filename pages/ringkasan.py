"""Ringkasan: headline numbers for the regent's office (first version)."""

import streamlit as st

from analytics.poverty import fgt_by
from ui import data, fmt, layout, state
from ui.i18n import t

f = state.current()
layout.page_header("page_summary")
if f.year is None:
    st.info(t("no_data_year"))
    st.stop()
line = data.poverty_line(f.year)
ind = data.computed(fgt_by, line_rp=line, year=f.year, by="regency").iloc[0]
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("p0"), fmt.pct(ind.p0, 2, f.lang))
c2.metric(t("poor_people"), fmt.num(ind.poor, 0, f.lang))
c3.metric(t("p1"), fmt.num(100 * ind.p1, 2, f.lang))
c4.metric(t("gini"), fmt.num(ind.gini, 3, f.lang))
st.caption(f"{t('poverty_line')}: {fmt.rp(line, f.lang)} {t('per_capita_month')}")
layout.credits()
