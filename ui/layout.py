"""Pieces every page shares: header, demo banner, freshness, credits."""

from __future__ import annotations

import streamlit as st

from ui import data
from ui.i18n import t


def demo_banner() -> None:
    """A visible warning wherever demo data shows."""
    if data.is_demo():
        st.warning(t("demo_banner"), icon=":material/warning:")


def freshness() -> None:
    """When the store was last loaded (latest provenance time, UTC)."""
    df = data.named("last_loaded")
    if len(df) and df.iloc[0, 0] is not None:
        ts = df.iloc[0, 0]
        st.caption(f"{t('data_freshness')}: {ts:%d/%m/%Y %H:%M} UTC")


def sidebar_footer() -> None:
    """Below the filters: what the app is for, how fresh the data is, a demo mark."""
    with st.sidebar:
        st.divider()
        st.caption(t("app_subtitle"))
        freshness()
        if data.is_demo():
            st.caption(f":material/warning: {t('demo_short')}")


def page_header(title_key: str, caption: str | None = None) -> None:
    """Title, demo banner and freshness at the top of a page."""
    st.title(t(title_key))
    if caption:
        st.caption(caption)
    demo_banner()


def credits() -> None:
    st.caption(t("boundaries_credit"))
