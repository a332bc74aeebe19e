"""Log Audit (admin only): sign-ins, imports and downloads, newest first."""

import streamlit as st

from ui import audit, auth, labels
from ui.i18n import lang, t

st.title(t("page_audit"))
if not auth.can("audit"):
    # The navigation already hides this page; this holds if it is ever listed by mistake.
    st.error(t("not_allowed"))
    st.stop()

language = lang()
path = audit.audit_path()
st.caption(t("audit_intro", path=path))
c1, c2, c3 = st.columns(3)
event = c1.selectbox(
    t("audit_event"),
    ["", *audit.EVENTS],
    format_func=lambda e: labels.event(e, language) if e else t("all"),
    key="audit_event",
)
user = c2.text_input(t("audit_user"), max_chars=64, key="audit_user").strip().lower()
limit = c3.selectbox(t("audit_limit"), [100, 500, 2000], key="audit_limit")
df = audit.read(limit=limit, event=event or None, user=user or None)
if df.empty:
    st.info(t("audit_empty"))
    st.stop()
st.dataframe(audit.for_display(df, language), hide_index=True, width="stretch")
csv_safe = audit.for_export(audit.with_event_label(df, language)).to_csv(index=False)
if st.download_button(
    t("audit_download"), csv_safe, file_name="rpkd-audit.csv", mime="text/csv", key="audit_dl"
):
    audit.record("download", {"what": "audit_log", "format": "csv", "rows": len(df)})
