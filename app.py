"""The frame: page config, language, shared filters, navigation. No data logic.

Run with ``make run`` (or ``streamlit run app.py``). On first run the embedded
Mimika default store is built (synthetic, calibrated), with visible progress.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from store.db import StoreError
from ui import data, layout, nav, state
from ui.auth import current_role
from ui.i18n import t

st.set_page_config(
    page_title="RPKD Mimika", page_icon="📊", layout="wide", initial_sidebar_state="expanded"
)
state.init_language()

# The role comes from the signed-in identity and the accounts file (ui.auth); "open" =
# demo mode without accounts: aggregates only, no household rows, no import.
role = current_role()
specs = [s for s in nav.pages_for(role) if Path(s.script).exists()]
pages = [
    st.Page(s.script, title=t(s.title_key), icon=s.icon, url_path=s.url_path, default=s.default)
    for s in specs
]
# Navigation first, so that Streamlit never falls back to listing pages/ by file
# name (which it does while a script runs without st.navigation), e.g. during the
# first-run build below.
current = st.navigation(pages)

try:
    data.ensure_store()
    data.store().reader()
except StoreError as exc:
    st.error(f"{t('store_error')}: {exc}")
    st.stop()
# Once per server process: import every page's modules, then gc.freeze() them
# (Streamlit's full collection after each run no longer walks them; docs/load.md).
data.warm_process(s.script for s in nav.PAGES)

st.session_state["_filters"] = state.sidebar_filters()
layout.sidebar_footer()
with state.framed():
    current.run()
