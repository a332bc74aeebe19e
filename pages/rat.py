"""Penyusunan RAT: edit the year's actions, check, save as new versions, export XLSX."""

import pandas as pd
import streamlit as st

from planning import rat
from planning.checks import EDIT_COLUMNS, budget_by_source, errors
from planning.export import rat_workbook
from planning.strategy import budget_by_strategy
from store.db import StoreError
from store.schema import FUNDING_SOURCES, RAT_STRATEGIES
from ui import areas, audit, charts_planning, data, fmt, layout, state
from ui.auth import identity
from ui.i18n import t

SAVERS = ("planner", "admin")

f = state.current()
layout.page_header("page_rat", t("pl_rat_intro"))
role = st.session_state.get("role", "open")
can_save = role in SAVERS or role == "open"
if role == "open":
    st.info(t("pl_rat_demo_mode"), icon=":material/info:")
elif not can_save:
    st.info(t("pl_rat_read_only"), icon=":material/lock:")

years = data.computed(rat.plan_years)
default = data.computed(rat.default_plan_year)
plan_year = st.selectbox(t("pl_rat_year"), years, index=years.index(default), key="rat_year")
refs = data.computed(rat.load_references, plan_year=plan_year)
plan = data.computed(rat.current_plan, plan_year=plan_year)
base = {a: int(v) for a, v in zip(plan["action_id"], plan["version"], strict=True)}
labels = {c: t(f"pl_col_{c}") for c in EDIT_COLUMNS}

flash = st.session_state.pop("rat_flash", None)
if flash:
    st.success(flash[0], icon=":material/check_circle:")
    if flash[1]:
        st.warning(
            f"**{t('pl_rat_warnings')}**\n" + "\n".join(f"- {w}" for w in flash[1]),
            icon=":material/warning:",
        )

col = st.column_config
config = {
    "action_id": col.TextColumn(labels["action_id"], disabled=True, width="medium"),
    "activity": col.TextColumn(labels["activity"], width="medium"),
    "programme_code": col.SelectboxColumn(
        labels["programme_code"], options=sorted(refs.programmes)
    ),
    "indicator": col.TextColumn(labels["indicator"], width="medium"),
    "target_value": col.NumberColumn(labels["target_value"], format="localized"),
    "target_unit": col.TextColumn(labels["target_unit"], width="small"),
    "location_code": col.SelectboxColumn(
        labels["location_code"],
        options=rat.location_options(refs),
        format_func=lambda c: rat.location_label(c, refs, f.lang),
        width="medium",
    ),
    "budget_rp": col.NumberColumn(labels["budget_rp"], min_value=0, format="localized"),
    "funding_source": col.SelectboxColumn(labels["funding_source"], options=FUNDING_SOURCES),
    "opd": col.SelectboxColumn(labels["opd"], options=sorted(refs.opds), width="medium"),
    "target_group": col.TextColumn(labels["target_group"]),
    # STRATEGY_UNSET stands for a version saved before strategies were recorded, shown
    # as "(belum diisi)" (an empty cell would show "None"); it is read back as no strategy.
    "strategy": col.SelectboxColumn(
        labels["strategy"],
        options=[*RAT_STRATEGIES, charts_planning.STRATEGY_UNSET],
        format_func=lambda c: charts_planning.strategy_label(c, f.lang, short=True),
        help=t("pl_strategy_help"),
        width="medium",
    ),
}
sig = data.signature()
start = plan[list(EDIT_COLUMNS)].assign(
    strategy=[charts_planning.STRATEGY_UNSET if pd.isna(v) else v for v in plan["strategy"]]
)
n_unset = int(plan["strategy"].isna().sum())
if n_unset:
    st.warning(t("pl_rat_strategy_unset_note", n=n_unset), icon=":material/warning:")
draft_key = ("rat_draft", plan_year, sig)
if plan.empty:
    st.caption(t("pl_rat_empty"))
    if can_save and st.session_state.get("rat_draft_for") != draft_key:
        if st.button(
            t("pl_rat_draft"),
            icon=":material/playlist_add:",
            help=t("pl_rat_draft_help"),
            key="rat_draft",
        ):
            st.session_state["rat_draft_for"] = draft_key
            st.rerun()
    if st.session_state.get("rat_draft_for") == draft_key:
        # Empty ids show blank rather than "None"; blank means new on save.
        start = data.computed(rat.draft_from_programmes, plan_year=plan_year).assign(action_id="")
        st.caption(t("pl_rat_draft_note"))
edited = st.data_editor(
    start,
    column_config=config,
    num_rows="dynamic" if can_save else "fixed",
    disabled=["action_id"] if can_save else True,
    hide_index=True,
    width="stretch",
    key=f"rat_editor_{plan_year}_{sig[0]}_{sig[1]}_{len(start)}",
)
if can_save:
    st.caption(t("pl_rat_editor_help"))
edited = edited.assign(
    strategy=[None if v == charts_planning.STRATEGY_UNSET else v for v in edited["strategy"]]
)

total = float(edited["budget_rp"].fillna(0).sum())
st.markdown(t("pl_rat_total", year=plan_year, total=fmt.rp(total, f.lang), n=len(edited)))

if can_save and st.button(t("pl_rat_save"), type="primary", icon=":material/save:", key="rat_save"):
    ident = identity()
    user = ident.user if ident else ("demo" if role == "open" else role)
    present = set(edited["action_id"].dropna())
    deletions = {a: v for a, v in base.items() if a not in present}
    try:
        res = rat.save_plan(
            data.store(),
            edited,
            plan_year=plan_year,
            user=user,
            base_versions=base,
            deletions=deletions,
        )
    except rat.PlanRefused as exc:
        errs = errors(exc.problems)
        lines = [charts_planning.problem_text(p, f.lang, labels) for p in errs]
        st.error(
            t("pl_rat_refused", n=len(errs)) + "\n" + "\n".join(f"- {line}" for line in lines),
            icon=":material/block:",
        )
        warns = [p for p in exc.problems if p.severity == "warning"]
        if warns:
            lines = [charts_planning.problem_text(p, f.lang, labels) for p in warns]
            st.warning(
                f"**{t('pl_rat_warnings')}**\n" + "\n".join(f"- {line}" for line in lines),
                icon=":material/warning:",
            )
    except StoreError as exc:
        st.error(str(exc))
    else:
        warnings = [charts_planning.problem_text(p, f.lang, labels) for p in res.warnings]
        if res.versions_written:
            done = t(
                "pl_rat_saved",
                created=len(res.created),
                updated=len(res.updated),
                deleted=len(res.deleted),
                unchanged=res.unchanged,
            )
            st.session_state["rat_flash"] = (done, warnings)
            st.rerun()
        st.info(t("pl_rat_nothing"))

st.subheader(t("pl_rat_by_strategy"))
by_strategy = charts_planning.strategy_display(budget_by_strategy(edited, refs), f.lang)
level = by_strategy["level"].to_numpy()
shown = by_strategy.drop(columns="level").rename(
    columns={
        "strategy": t("pl_col_strategy"),
        "programme_group": t("pl_col_programme_group"),
        "actions": t("pl_col_actions"),
        "budget_rp": labels["budget_rp"],
        "share": t("pl_col_share"),
    }
)
weight = {"group": "", "subtotal": "font-weight: 600", "total": "font-weight: 700"}
st.dataframe(
    shown.style.apply(lambda r: [weight[level[r.name]] for _ in r], axis=1),
    column_config={c: col.TextColumn(c, alignment="right") for c in list(shown.columns)[2:]},
    hide_index=True,
    width="stretch",
    height=35 * (len(shown) + 1) + 3,  # every row, no inner scrolling
)
st.caption(t("pl_rat_strategy_note"))

st.subheader(t("pl_rat_ceilings"))
summary = charts_planning.ceiling_display(budget_by_source(edited, refs), f.lang)
shown = summary.drop(columns="over").rename(
    columns={
        "funding_source": t("pl_col_funding_source"),
        "budget_rp": t("pl_col_plan"),
        "ceiling_rp": t("pl_col_ceiling"),
        "remaining_rp": t("pl_col_remaining"),
        "share_used": t("pl_col_used"),
    }
)
over = summary["over"].to_numpy()
right = {c: col.TextColumn(c, alignment="right") for c in list(shown.columns)[1:]}
st.dataframe(
    shown.style.apply(
        lambda r: ["color: #B00020; font-weight: 600" if over[r.name] else "" for _ in r], axis=1
    ),
    column_config=right,
    hide_index=True,
    width="stretch",
)
st.caption(t("pl_rat_ceiling_note"))


who = audit.context()  # the download callable runs outside this session


def _workbook() -> bytes:
    with data.store().read() as con:
        payload = rat_workbook(con, plan_year)
    audit.record("download", {"what": "rat", "plan_year": plan_year, "format": "xlsx",
                              "rows": len(plan)}, **who)  # fmt: skip
    return payload


demo = "_DEMO" if data.is_demo() else ""
st.download_button(
    t("pl_rat_export"),
    _workbook,
    file_name=f"RAT_Mimika_{plan_year}{demo}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    icon=":material/download:",
    key="rat_xlsx",
)

with st.expander(t("pl_rat_history")):
    hist = data.computed(rat.history, plan_year=plan_year)
    if hist.empty:
        st.caption(t("pl_rat_history_empty"))
    else:
        hist = hist.copy()
        hist["status"] = [
            t("pl_rat_status_deleted") if d else t("pl_rat_status_saved")
            for d in hist["is_deleted"]
        ]
        hist["saved_at"] = hist["saved_at"].dt.strftime("%d/%m/%Y %H:%M")
        hist["location_code"] = [rat.location_label(c, refs, f.lang) for c in hist["location_code"]]
        hist["strategy"] = [charts_planning.strategy_label(c, f.lang) for c in hist["strategy"]]
        areas.show_table(
            hist,
            {
                "saved_at": (t("pl_col_saved_at"), "text"),
                "saved_by": (t("pl_col_saved_by"), "text"),
                "action_id": (labels["action_id"], "text"),
                "version": (t("pl_col_version"), 0),
                "status": (t("pl_col_status"), "text"),
                "activity": (labels["activity"], "text"),
                "strategy": (labels["strategy"], "text"),
                "location_code": (labels["location_code"], "text"),
                "budget_rp": (labels["budget_rp"], 0),
                "funding_source": (labels["funding_source"], "text"),
                "opd": (labels["opd"], "text"),
            },
            f.lang,
        )
