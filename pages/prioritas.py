"""Lokasi Prioritas: rank districts or villages by a weighted composite the planner sets."""

import streamlit as st

from planning.export import table_xlsx
from planning.locations import DEFAULT_WEIGHTS, available, priority_table
from ui import areas, audit, charts_map, charts_planning, data, figures, fmt, layout, state
from ui.i18n import t
from ui.indicators import restrict

IND = charts_planning.PRIORITY_INDICATORS
f = state.current()
layout.page_header("page_priority", t("pl_prio_intro"))
line = data.poverty_line(f.year) if f.year is not None else None
if f.year is None or line is None:
    st.info(t("no_data_year"))
    st.stop()
min_n = areas.min_cell()

c1, c2 = st.columns([1, 3])
level = c1.radio(
    t("map_level"), ("district", "village"), format_func=lambda v: t(f"level_{v}"), key="pr_lvl"
)
choices = list(available(level))
chosen = c2.multiselect(
    t("pl_prio_indicators"),
    choices,
    default=[k for k in DEFAULT_WEIGHTS if k in choices],
    format_func=lambda k: t(IND[k].label_key),
    key=f"pr_ind_{level}",
)
weights = {}
if chosen:
    st.markdown(f"**{t('pl_prio_weights')}**")
    for col, k in zip(st.columns(len(chosen)), chosen, strict=True):
        weights[k] = col.slider(
            t(IND[k].label_key),
            0,
            100,
            int(100 * DEFAULT_WEIGHTS.get(k, 0.2)),
            step=5,
            format="%d %%",
            key=f"pr_w_{k}",
        )
weights = {k: v for k, v in weights.items() if v > 0}
if not weights:
    st.warning(t("pl_prio_pick_one"))
    st.stop()
total = sum(weights.values())
used = ", ".join(
    f"{t(IND[k].label_key)} {fmt.pct(v / total, 0, f.lang)}" for k, v in weights.items()
)
st.caption(f"{t('pl_prio_weights_used')}: {used}")

ranked = data.computed(
    priority_table,
    level=level,
    year=f.year,
    line_rp=line,
    weights=tuple(sorted((k, v / total) for k, v in weights.items())),
    min_households=min_n,
)
bounds = areas.boundaries(level)
shown = restrict(ranked, bounds, zone=f.zone, district=f.district)
gdf = bounds if f.zone is None else bounds[bounds["zone"] == f.zone]
gdf = gdf if f.district is None else gdf[gdf["district_code"] == f.district]

top_n = st.columns([1, 2])[0].slider(
    t("pl_prio_top_n"), 1, 30 if level == "village" else 10, 10 if level == "village" else 5
)
title = t("pl_prio_map_title", level=t(f"level_{level}").lower(), year=f.year, n=top_n)
fig = figures.cached(
    charts_planning.priority_map,
    gdf,
    ranked,
    f.lang,
    top_n=top_n,
    outline_gdf=areas.outlines(f.zone),
    title=title,
)
st.plotly_chart(fig, width="stretch", config={"displaylogo": False})

st.subheader(t("pl_prio_table"))
inds = list(weights)
table = charts_planning.priority_display(shown, inds, f.lang)
columns = {
    "rank": (t("pl_col_rank"), 0),
    "name": (t("col_name"), "text"),
    "code": (t("col_code"), "text"),
    **({"district_name": (t("district"), "text")} if level == "village" else {}),
    "zone": (t("zone"), "text"),
    "score": (t("pl_col_score"), 3),
    **{k: (charts_planning.unit_label(IND[k], f.lang), IND[k].decimals) for k in inds},
    "households": (t("map_sample_hh"), 0),
    "note": (t("col_note"), "text"),
}
areas.show_table(table, columns, f.lang)
st.caption(t("pl_prio_caption", n=min_n))

export = table[list(columns)].rename(columns={k: v[0] for k, v in columns.items()})
notes = [
    t("pl_prio_export_title", year=f.year),
    f"{t('pl_prio_weights_used')}: {used}",
    t("pl_prio_intro"),
    t("pl_prio_caption", n=min_n),
]
stem = f"lokasi_prioritas_{level}_{f.year}" + ("_DEMO" if data.is_demo() else "")


who = audit.context()  # the download callable runs outside this session


def _audited(kind: str, make):
    def produce() -> bytes:
        payload = make()
        audit.record("download", {"what": "priority", "level": level, "year": f.year,
                                   "format": kind, "rows": len(export)}, **who)  # fmt: skip
        return payload

    return produce


d1, d2, _ = st.columns([1, 1, 2])
d1.download_button(
    t("pl_download_csv"),
    _audited("csv", lambda: export.to_csv(index=False).encode("utf-8")),
    file_name=f"{stem}.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
    key="pr_csv",
)
d2.download_button(
    t("pl_download_xlsx"),
    _audited(
        "xlsx",
        lambda: table_xlsx(
            export, sheet="Prioritas", title=t("pl_prio_export_title", year=f.year), notes=notes
        ),
    ),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    icon=":material/download:",
    key="pr_xlsx",
)

st.subheader(t("pl_prio_quad_title"))
q1, q2 = st.columns(2)
x = q1.selectbox(t("pl_prio_quad_x"), choices, index=0, format_func=lambda k: t(IND[k].label_key))
y_default = choices.index("coverage_gap") if "coverage_gap" in choices else 1
y = q2.selectbox(
    t("pl_prio_quad_y"), choices, index=y_default, format_func=lambda k: t(IND[k].label_key)
)
if x == y:
    st.info(t("pl_prio_quad_same"))
else:
    quad = charts_planning.quadrant_input(shown, x, y)
    x_ref, y_ref = quad.attrs["refs"]
    fig = figures.cached(
        charts_map.quadrant_chart,
        quad,
        x_ref=x_ref,
        y_ref=y_ref,
        x_title=charts_planning.unit_label(IND[x], f.lang),
        y_title=charts_planning.unit_label(IND[y], f.lang),
        quadrant_labels={q: t(f"pl_prio_quad_{q}") for q in ("hh", "hl", "lh", "ll")},
        lang=f.lang,
        x_format=(IND[x].decimals, ""),
        y_format=(IND[y].decimals, ""),
    )
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
    st.caption(t("pl_prio_quad_caption"))
layout.credits()
