"""Filters shared by every page, kept in the URL so that a link reproduces the view.

URL parameters are untrusted: each is validated against the values that exist
(years in the store, zone codes, district codes) and silently dropped when it
does not match.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

import streamlit as st

from store.schema import ZONES
from ui import data
from ui.i18n import LANGS, t, text


@dataclass(frozen=True)
class Filters:
    """The current view: language, year, zone (or None), district (or None)."""

    lang: str
    year: int | None
    zone: str | None
    district: str | None


def _param(name: str) -> str | None:
    v = st.query_params.get(name)
    return None if v is None else str(v)[:64]


def init_language() -> None:
    """Language from the URL (?lang=en), else the session, else Indonesian."""
    if "lang" not in st.session_state:
        v = _param("lang")
        st.session_state["lang"] = v if v in LANGS else "id"


def sidebar_filters() -> Filters:
    """Draw the shared filters in the sidebar and mirror them into the URL."""
    years = data.years()
    districts = data.named("districts")
    codes = districts["district_code"].tolist()

    # Seed widget state from the URL once per session (a shared link).
    if "f_year" not in st.session_state:
        y = _param("year")
        # ASCII digits only: str.isdigit() accepts '²', which int() refuses.
        ok = y is not None and re.fullmatch(r"[0-9]{4}", y) is not None and int(y) in years
        st.session_state["f_year"] = int(y) if ok else (years[-1] if years else None)
        z = _param("zone")
        st.session_state["f_zone"] = z if z in ZONES else "all"
        d = _param("district")
        st.session_state["f_district"] = d if d in codes else "all"

    with st.sidebar:
        st.radio(
            t("language"),
            LANGS,
            key="lang",
            format_func=lambda v: {"id": "Bahasa Indonesia", "en": "English"}[v],
            horizontal=True,
        )
        # Labels are fixed now, not looked up when a widget formats an option later
        # (format_func may run outside this script run, e.g. in AppTest).
        lang = st.session_state["lang"]
        zone_names = {"all": text("all_zones", lang)} | {z: text(f"zone_{z}", lang) for z in ZONES}
        st.subheader(t("filters"))
        if years:
            st.selectbox(t("year"), years[::-1], key="f_year")
        st.selectbox(
            t("zone"),
            ["all", *ZONES],
            key="f_zone",
            format_func=zone_names.__getitem__,
        )
        zone = st.session_state["f_zone"]
        options = districts if zone == "all" else districts[districts["zone"] == zone]
        opts = ["all", *options["district_code"].tolist()]
        if st.session_state.get("f_district") not in opts:
            st.session_state["f_district"] = "all"
        names = {"all": text("all_districts", lang)} | {
            c: f"{n} ({c})"
            for c, n in zip(districts["district_code"], districts["name"], strict=True)
        }
        st.selectbox(
            t("district"),
            opts,
            key="f_district",
            format_func=lambda c: names.get(c, c),
        )

    f = Filters(
        lang=st.session_state["lang"],
        year=st.session_state.get("f_year"),
        zone=None if st.session_state["f_zone"] == "all" else st.session_state["f_zone"],
        district=None
        if st.session_state["f_district"] == "all"
        else st.session_state["f_district"],
    )
    _to_url(f)
    return f


def _to_url(f: Filters) -> None:
    want = {"lang": f.lang}
    if f.year is not None:
        want["year"] = str(f.year)
    if f.zone:
        want["zone"] = f.zone
    if f.district:
        want["district"] = f.district
    current = {k: st.query_params.get(k) for k in ("lang", "year", "zone", "district")}
    if any(current.get(k) != v for k, v in want.items()) or any(
        current.get(k) is not None and k not in want for k in current
    ):
        for k in ("lang", "year", "zone", "district"):
            if k in want:
                st.query_params[k] = want[k]
            elif k in st.query_params:
                del st.query_params[k]


@contextlib.contextmanager
def framed() -> Iterator[None]:
    """Mark the page run inside it as run by the frame (app.py wraps ``page.run()``)."""
    st.session_state["_framed"] = True
    try:
        yield
    finally:
        st.session_state.pop("_framed", None)


def current() -> Filters:
    """The filters chosen in the frame (pages call this).

    Streamlit treats an app with a ``pages/`` folder as an old-style multipage app
    until the frame's ``st.navigation`` has run in the process (on a fresh server;
    in AppTest on every run), and then runs the page script of the URL without the
    frame: no navigation, no filters. A page run outside :func:`framed` (and not a
    fragment rerun, which never runs the frame) therefore marks the app as using
    ``st.navigation`` and runs again through the frame, keeping the URL's page and
    parameters.
    """
    if not st.session_state.get("_framed") and not _fragment_run():
        _rerun_through_frame()
    return st.session_state["_filters"]


def _fragment_run() -> bool:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _rerun_through_frame() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
    except (ImportError, AttributeError):  # a Streamlit without the flag: go home
        st.switch_page("app.py")
    st.rerun()
