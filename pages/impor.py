"""Impor Data (steward, admin): check an uploaded delivery, then load it as `rpkd import` does."""

import streamlit as st

from config import load_settings
from ui import audit, auth, data, export, fmt, import_page, layout, state
from ui.i18n import t

if not auth.can("import"):
    # The navigation hides this page from other roles; this holds if it is reached anyway.
    st.title(t("page_import"))
    st.error(t("not_allowed"))
    st.stop()
f = state.current()
layout.page_header("page_import", t("imp_intro"))

tables = import_page.importable(f.lang)
labels = {n: f"{n} — {t('imp_tbl_' + n)}" for n in tables}
c1, c2 = st.columns([2, 1])
table = c1.selectbox(
    t("imp_table"),
    list(tables),
    format_func=labels.__getitem__,
    key="imp_table",
)
c1.caption(
    f"{tables[table]} {t('imp_required')}: {', '.join(import_page.required_columns(table))}."
)
sheet = c2.text_input(t("imp_sheet"), max_chars=100, help=t("imp_sheet_help"), key="imp_sheet")
sheet = sheet.strip() or None
replace = c2.checkbox(t("imp_replace"), help=t("imp_replace_help"), key="imp_replace")
uploaded = st.file_uploader(
    t("imp_file"), type=list(import_page.UPLOAD_TYPES), help=t("imp_file_help"), key="imp_file"
)
if uploaded is None:
    st.info(t("imp_waiting"))
    st.stop()
too_large = auth.upload_too_large(uploaded.size)
if too_large:
    st.error(too_large)
    st.stop()

nik_key = load_settings().nik_key
check_key = (table, uploaded.file_id, sheet)
saved = st.session_state.get("imp_check")
if saved is None or saved[0] != check_key:
    with (
        st.spinner(t("imp_checking")),
        import_page.saved_upload(uploaded.getvalue(), uploaded.name) as path,
    ):
        outcome = import_page.check_upload(
            table, path, file_name=uploaded.name, sheet=sheet, nik_key=nik_key, store=data.store()
        )
    st.session_state["imp_check"] = saved = (check_key, outcome)
check = saved[1]


def problem_report(report, counts, capped=frozenset()) -> None:
    """Counts per kind, the listed problems and a CSV of them (formulas neutralised)."""
    kinds = import_page.counts_frame(counts, set(capped))
    kinds["n"] = [
        ("≥ " if c else "") + fmt.num(n, 0, f.lang)
        for n, c in zip(kinds.n, kinds.capped, strict=True)
    ]
    kinds["meaning"] = [t(f"imp_kind_{k}") for k in kinds.kind]
    st.markdown(f"**{t('imp_kinds')}**")
    cols = {c: t(f"imp_col_{c}") for c in ("kind", "n", "meaning")}
    st.dataframe(kinds[list(cols)].rename(columns=cols), hide_index=True, width="stretch")
    if capped:
        st.caption(t("imp_capped", n=fmt.num(import_page.MAX_LISTED, 0, f.lang)))
    st.markdown(f"**{t('imp_report')}**")
    report = import_page.localised_report(report, f.lang)
    shown = report.rename(columns={c: t(f"imp_col_{c}") for c in report.columns})
    height = min(360, 35 * (len(shown) + 1) + 3)  # short lists without empty rows
    st.dataframe(shown, hide_index=True, width="stretch", height=height)
    st.download_button(
        t("imp_report_download"),
        export.to_csv_bytes(report),
        file_name=f"{uploaded.name}.problems.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="imp_report_dl",
    )


st.subheader(t("imp_check_title"))
st.caption(t("imp_rows_read", rows=fmt.num(check.rows, 0, f.lang), file=check.file_name))
if check.notes:
    with st.expander(t("imp_notes")):
        st.markdown("\n".join(f"- {n}" for n in import_page.localised_notes(check.notes, f.lang)))
if check.ok:
    st.success(t("imp_clean"), icon=":material/check_circle:")
    if check.preview is not None:
        st.caption(t("imp_preview", n=import_page.PREVIEW_ROWS))
        st.dataframe(fmt.table_style(check.preview, f.lang), hide_index=True, width="stretch")
else:
    st.error(t("imp_problems", n=fmt.num(sum(check.counts.values()), 0, f.lang)))
    problem_report(check.report, check.counts, check.capped)

load_key = (*check_key, replace)
done = st.session_state.get("imp_done")
already = done is not None and done[0][:3] == check_key and done[1].outcome == "loaded"
clicked = st.button(
    t("imp_confirm"),
    type="primary",
    icon=":material/upload:",
    disabled=not check.ok or already,
    help=t("imp_confirm_help"),
    key="imp_confirm",
)
if clicked and check.ok and not already:
    ident = auth.identity()
    with (
        st.spinner(t("imp_loading")),
        import_page.saved_upload(uploaded.getvalue(), uploaded.name) as path,
    ):
        result = import_page.run_import(
            data.store(),
            table,
            path,
            file_name=uploaded.name,
            replace=replace,
            sheet=sheet,
            nik_key=nik_key,
            user=ident.user if ident else None,
            who=audit.context(),
        )
    st.session_state["imp_done"] = (load_key, result)
    st.rerun()  # shows the outcome below a button that now reflects it

if done is not None and (done[0] == load_key or done[0][:3] == check_key and already):
    res = done[1]
    if res.outcome == "loaded":
        msg = t("imp_loaded", rows=fmt.num(res.rows, 0, f.lang), table=table, file=uploaded.name)
        if res.years:
            msg += " " + t("imp_loaded_years", years=", ".join(map(str, res.years)))
        if done[0][3]:
            msg += " " + t("imp_loaded_replaced")
        st.success(msg, icon=":material/check_circle:")
        for note in import_page.localised_notes(res.notes, f.lang):
            st.caption(note)
        st.caption(t("imp_already_done"))
    elif res.outcome == "refused":
        st.error(t("imp_refused", n=fmt.num(sum(res.counts.values()), 0, f.lang)))
        problem_report(res.report, res.counts)
    elif res.reason == "busy":
        st.warning(t("imp_busy"), icon=":material/hourglass_empty:")
    else:
        st.error(t("imp_failed", reason=res.reason))
