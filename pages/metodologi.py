"""Metodologi: definitions, sources, boundary attribution and what the demo data is."""

import streamlit as st

from ui import data, layout, sources, state
from ui.i18n import t
from ui.texts.method import FORMULAS

f = state.current()
layout.page_header("page_method")
defs, srcs, bounds, demo = st.tabs(
    [t("m_tab_definitions"), t("m_tab_sources"), t("m_tab_boundaries"), t("m_tab_demo")]
)

# Each definition: (title key, [("latex", formula key) or ("md", text key)]).
SECTIONS = [
    ("m_fgt_title", [("latex", "fgt"), ("md", "m_fgt")]),
    ("m_se_title", [("md", "m_se")]),
    (
        "m_ineq_title",
        [
            ("md", "m_gini"),
            ("latex", "gini"),
            ("md", "m_theil"),
            ("latex", "theil"),
            ("md", "m_shares"),
            ("md", "m_williamson"),
            ("latex", "williamson"),
        ],
    ),
    ("m_target_title", [("md", "m_target")]),
    ("m_budget_title", [("md", "m_budget"), ("latex", "budget")]),
    ("m_mpi_title", [("latex", "mpi"), ("md", "m_mpi")]),
    ("m_disparity_title", [("md", "m_disparity")]),
]

with defs:
    st.markdown(t("m_notation"))
    for title, items in SECTIONS:
        st.subheader(t(title))
        for kind, key in items:
            if kind == "latex":
                st.latex(FORMULAS[key])
            else:
                st.markdown(t(key))
        if title == "m_mpi_title":
            st.dataframe(sources.mpi_structure(f.lang), hide_index=True, width="stretch")

with srcs:
    st.subheader(t("m_official_title"))
    st.caption(t("m_official_note"))
    st.dataframe(
        sources.official_sources(data.named("official_series")), hide_index=True, width="stretch"
    )
    st.subheader(t("m_lines_title"))
    lines = data.named("poverty_lines")
    interpolated = lines.loc[lines["status"] == "interpolated", "year"].astype(int).tolist()
    st.markdown(t("m_lines_note", years=", ".join(map(str, interpolated)) or "–"))
    st.dataframe(
        lines,
        hide_index=True,
        width="stretch",
        column_config={
            "year": st.column_config.NumberColumn(format="%d"),
            "line_rp": st.column_config.NumberColumn(format="localized"),
        },
    )
    st.subheader(t("m_targets_title"))
    targets = data.named("targets")
    n = int(targets["is_placeholder"].sum()) if len(targets) else 0
    st.markdown(t("m_targets_note", n=n, total=len(targets)))
    st.dataframe(
        targets,
        hide_index=True,
        width="stretch",
        column_config={"year": st.column_config.NumberColumn(format="%d")},
    )

with bounds:
    st.markdown(t("m_boundaries_intro"))
    st.code(sources.boundary_licence(), language=None)

with demo:
    st.markdown(t("m_demo_in_use") if data.is_demo() else t("m_demo_not_in_use"))
    st.markdown(t("m_demo_intro"))
    st.markdown(sources.demo_description())
layout.credits()
