"""Data & Unduh: choose a table, narrow it, preview it, download it with definitions."""

from datetime import UTC, datetime

import streamlit as st

from config import load_settings
from ui import audit, auth, catalogue, data, export, fmt, layout, state
from ui.i18n import t, zone_label

PREVIEW_ROWS = 200

f = state.current()
layout.page_header("page_data")
st.caption(t("data_intro"))
if f.year is None:
    st.info(t("no_data_year"))
    st.stop()

role = st.session_state.get("role", "open")
specs = {s.key: s for s in catalogue.tables_for(role)}
titles = {k: t(s.title_key) for k, s in specs.items()}
key = st.selectbox(t("data_table"), list(specs), format_func=titles.__getitem__, key="data_table")
if role not in catalogue.HOUSEHOLD_ROLES:
    st.caption(t("data_household_locked"))
spec = specs[key]
settings = load_settings()
line = data.poverty_line(f.year)
q = catalogue.Query(f.year, f.zone, f.district, line, settings.min_cell_households)
df = spec.build(q)

parts = [f"{t('year')} {f.year}"]
if f.zone:
    parts.append(f"{t('zone')} {zone_label(f.zone)}")
if f.district:
    parts.append(f"{t('district')} {f.district}")
if spec.filtered:
    st.caption(t("data_filters_applied", filters=", ".join(parts)))
else:
    st.caption(t("data_not_filtered"))
if spec.note_key:
    st.info(t(spec.note_key))
if "suppressed" in df.columns and df["suppressed"].any():
    st.caption(t("data_suppressed_note", n=settings.min_cell_households))
if df.empty:
    st.info(t("data_empty"))
    st.stop()

with st.expander(t("data_columns")):
    cols = st.multiselect(
        t("data_columns"), list(df.columns), default=list(df.columns), key=f"c_{key}"
    )
view = df[cols] if cols else df
st.caption(t("data_rows", n=fmt.num(len(view), 0, f.lang)))
st.dataframe(fmt.table_style(view.head(PREVIEW_ROWS), f.lang), hide_index=True, width="stretch")
if len(view) > PREVIEW_ROWS:
    st.caption(t("data_preview", n=PREVIEW_ROWS))
docs = catalogue.column_docs(list(view.columns), f.lang)
dictionary = export.dictionary_frame(list(view.columns), docs, f.lang)
with st.expander(t("data_dictionary")):
    st.dataframe(dictionary, hide_index=True, width="stretch")

demo = data.is_demo()
params = {
    "table": spec.key,
    "title": t(spec.title_key),
    "year": f.year if spec.filtered else "all",
    "zone": (f.zone or "all") if spec.filtered else "all",
    "district": (f.district or "all") if spec.filtered else "all",
    "poverty_line_rp": line,
    "min_cell_households": settings.min_cell_households,
    "rows": len(view),
    "columns": ", ".join(view.columns),
    "generated_utc": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
    "store": data.store().path.name,
    "demo_data": bool(demo),  # the sheet writes it in words (ui.export)
}
prov = data.named("provenance")
prov = prov[prov["table_name"].isin(spec.sources)]
chosen = [str(f.year), f.zone, f.district] if spec.filtered else []
stem = "_".join([spec.key] + [x for x in chosen if x] + (["DEMO"] if demo else []))
ident = auth.identity()
who = (ident.user if ident else role, role)


def _audited(kind: str, make):
    """Make the file when the button is pressed, and note the download in the audit log."""

    def produce() -> bytes:
        payload = make()
        detail = {k: params[k] for k in ("table", "year", "zone", "district", "rows")}
        audit.record("download", {**detail, "format": kind}, user=who[0], role=who[1])
        return payload

    return produce


buttons = [
    ("csv", "data_download_csv", "text/csv", lambda: export.to_csv_bytes(view)),
    (
        "xlsx",
        "data_download_xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda: export.to_xlsx_bytes(
            view, dictionary=dictionary, params=params, provenance=prov, lang=f.lang
        ),
    ),
    (
        "parquet",
        "data_download_parquet",
        "application/vnd.apache.parquet",
        lambda: export.to_parquet_bytes(view),
    ),
]
for col, (kind, label, mime, make) in zip(st.columns(3), buttons, strict=True):
    col.download_button(
        t(label),
        _audited(kind, make),
        file_name=f"{stem}.{kind}",
        mime=mime,
        on_click="ignore",
        icon=":material/download:",
        key=f"dl_{kind}",
        width="stretch",
    )
st.caption(t("data_formula_note"))
