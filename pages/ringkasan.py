"""Ringkasan: headline figures for the regent's office, trend, zones, a printable brief."""

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from ui import brief, data, figures, fmt, headline, layout, state
from ui.chart_style import zone_colour
from ui.i18n import t

f = state.current()
layout.page_header("page_summary")
if f.year is None:
    st.info(t("no_data_year"))
    st.stop()

area = headline.area_of(f.zone, f.district)
districts = data.named("districts")
label = headline.area_label(
    area, f.lang, dict(zip(districts.district_code, districts.name, strict=True))
)
est = headline.estimates(area, f.year)
if est is None:
    st.info(t("no_data_year"))
    st.stop()
current, row = est
prev = headline.estimates(area, f.year - 1) if f.year - 1 in data.years() else None
targets = data.named("targets")
table = headline.headline_table(
    current, prev[0] if prev else None, targets, area.target_area, f.year
)

st.subheader(t("sum_heading", area=label, year=f.year))
LABELS = {"p0": "p0", "poor": "poor_people", "p1": "p1", "p2": "p2", "gini": "gini"}
cols = st.columns(3) + st.columns(3)
for col, r in zip(cols, table.itertuples(index=False), strict=True):
    ind = r.indicator
    change = headline.format_change(ind, r.change, f.lang)
    moved = change[:1] in ("+", "-")
    with col.container(border=True, height="stretch"):
        st.metric(
            t(LABELS.get(ind, ind)),
            headline.format_value(ind, r.value, f.lang),
            delta=None if pd.isna(r.change) else change,
            delta_color=("inverse" if headline.LOWER_IS_BETTER[ind] else "normal")
            if moved
            else "off",
            delta_arrow="auto" if moved else "off",
            delta_description=None if pd.isna(r.change) else t("vs_last_year"),
            help=t(f"{ind}_help"),
        )
        if ind in ("p0", "p1", "p2"):
            scale = 1 if ind == "p0" else 100
            low, high = (
                headline.format_value(ind, scale * row[f"{ind}_ci_{b}"], f.lang)
                for b in ("low", "high")
            )
            st.caption(t("ci_caption", low=low, high=high))
        if pd.notna(r.target):
            mark = f" *{t('placeholder_mark')}*" if r.target_placeholder else ""
            tgt = headline.format_value(ind, r.target, f.lang)
            gap = headline.format_change(ind, r.gap, f.lang)
            st.caption(t("target_line", year=f.year, target=tgt, gap=gap) + mark)
        elif ind in ("p0", "p1", "p2", "gini"):
            st.caption(t("no_target"))
if prev is None:
    st.caption(t("no_previous"))
if table["target_placeholder"].fillna(False).astype(bool).any():
    st.caption(t("placeholder_note"))
if area.by == "district":
    st.caption(t("district_caution"))
line = data.poverty_line(f.year)
status_df = data.named("poverty_lines")
status = status_df.loc[status_df.year == f.year, "status"]
status_text = t(f"status_{status.iloc[0]}") if len(status) else "–"
st.caption(t("line_caption", year=f.year, line=fmt.rp(line, f.lang), status=status_text))

# The figures are built once per store version and view, and shared by every session
# (ui.figures.cached): building a plotly figure costs far more than drawing it.
fig = figures.cached(
    headline.trend_chart, lang=f.lang, zone=f.zone, district=f.district, area_label=label
)
st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
fig = figures.cached(headline.zone_chart, lang=f.lang, year=f.year, selected=f.zone)
if fig is not None:
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
official = data.named("official_series")
trend = headline.p0_trend(area, data.years())
path = headline.target_path(targets, "p0", area.target_area)
zones = headline.zones(f.year)
regency = headline.estimates(headline.area_of(None, None), f.year)

html = brief.brief_html(
    lang=f.lang,
    area_label=label,
    year=f.year,
    rows=table,
    zones=zones,
    regency_p0=float(regency[1].p0) if regency else None,
    trend=trend,
    official=official,
    target=path,
    is_demo=data.is_demo(),
    line_rp=line,
    line_status=status.iloc[0] if len(status) else None,
    generated=datetime.now(UTC),
    source=f"RPKD Mimika ({data.store().path.name})",
    area_colour=zone_colour(f.zone) if f.zone else "#000000",
)
demo = "_DEMO" if data.is_demo() else ""
st.download_button(
    t("brief_button"),
    html.encode("utf-8"),
    file_name=f"ringkasan_mimika_{f.year}_{area.code}{demo}.html",
    mime="text/html",
    help=t("brief_help"),
    icon=":material/print:",
    on_click="ignore",
)
layout.credits()
