"""Metodologi: definitions, sources, the data dictionary, boundary attribution and what the demo
data is."""

import streamlit as st

from ui import data, labels, layout, sources, state
from ui.i18n import TEXT, t, zone_label
from ui.texts.method import DEMO_DESCRIPTION_ID, formula

f = state.current()
layout.page_header("page_method")
defs, srcs, dictionary, bounds, demo = st.tabs(
    [
        t("m_tab_definitions"),
        t("m_tab_sources"),
        t("data_dictionary"),
        t("m_tab_boundaries"),
        t("m_tab_demo"),
    ]
)


def headers(columns) -> dict[str, str]:
    """Column name -> its header on this page (``m_col_<name>``), the name where none."""
    return {c: t(f"m_col_{c}") if f"m_col_{c}" in TEXT else c for c in columns}


def dimension_label(dimension: str) -> str:
    key = f"m_mpi_dim_{dimension}"
    return t(key) if key in TEXT else dimension


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
                st.latex(formula(key, f.lang))
            else:
                st.markdown(t(key))
        if title == "m_mpi_title":
            mpi = sources.mpi_structure(f.lang)
            mpi["dimension"] = mpi["dimension"].map(dimension_label)
            st.dataframe(mpi.rename(columns=headers(mpi.columns)), hide_index=True, width="stretch")

with srcs:
    st.subheader(t("m_official_title"))
    disputed = labels.official_status("disputed", f.lang)
    st.caption(t("m_official_note_status", disputed=disputed))
    official = sources.official_sources(data.named("official_series"), f.lang)
    st.dataframe(
        official.rename(columns=headers(official.columns)), hide_index=True, width="stretch"
    )
    st.subheader(t("m_lines_title"))
    lines = data.named("poverty_lines")
    interpolated = lines.loc[lines["status"] == "interpolated", "year"].astype(int).tolist()
    years = ", ".join(map(str, interpolated)) or "–"
    status = labels.line_status("interpolated", f.lang)
    st.markdown(t("m_lines_note_status", status=status, years=years))
    st.dataframe(
        labels.poverty_lines(lines, f.lang),
        hide_index=True,
        width="stretch",
        column_config={
            **headers(lines.columns),
            "year": st.column_config.NumberColumn(t("m_col_year"), format="%d"),
            "line_rp": st.column_config.NumberColumn(t("m_col_line_rp"), format="localized"),
        },
    )
    st.subheader(t("m_targets_title"))
    targets = data.named("targets")
    n = int(targets["is_placeholder"].sum()) if len(targets) else 0
    st.markdown(t("m_targets_note", n=n, total=len(targets)))
    targets = labels.targets(
        targets.assign(
            area=targets["area"].map(lambda a: t("all") if a == "all" else zone_label(a))
        ),
        f.lang,
    )
    st.dataframe(
        targets,
        hide_index=True,
        width="stretch",
        column_config={
            **headers(targets.columns),
            "year": st.column_config.NumberColumn(t("m_col_year"), format="%d"),
        },
    )

with dictionary:
    st.markdown(t("m_dictionary_intro"))
    for name, description in sources.dictionary_tables(f.lang):
        with st.expander(f"`{name}` — {description}"):
            cols = sources.table_dictionary(name, f.lang)
            st.dataframe(
                cols.rename(columns=headers(cols.columns)), hide_index=True, width="stretch"
            )

with bounds:
    st.markdown(t("m_boundaries_intro"))
    st.code(sources.boundary_licence(), language=None)

with demo:
    st.markdown(t("m_demo_in_use") if data.is_demo() else t("m_demo_not_in_use"))
    st.markdown(t("m_demo_intro"))
    st.markdown(DEMO_DESCRIPTION_ID if f.lang == "id" else sources.demo_description())
layout.credits()
