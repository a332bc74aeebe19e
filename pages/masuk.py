"""Masuk / Keluar: sign in with a local account (or the organisation's OIDC), sign out."""

import math

import streamlit as st

from ui import auth
from ui.i18n import t

try:
    accounts = auth.accounts()
except auth.AccountsError as exc:
    st.title(t("page_signin"))
    st.error(f"{t('accounts_error')}: {exc}")
    st.stop()

if not accounts.configured:
    st.title(t("page_signin"))
    st.info(t("open_mode"))
    st.stop()

ident = auth.identity()
st.title(t("page_signin") if ident is not None else t("signin_title"))
if ident is not None:
    st.success(t("signed_in_as", user=ident.user, role=t(f"role_{ident.role}")))
    if st.button(t("signout_button"), key="signout"):
        auth.sign_out()
        st.session_state["_auth_flash"] = "signed_out"
        st.rerun()
    st.stop()

if st.session_state.pop("_auth_flash", None) == "signed_out":
    st.info(t("signed_out"))
st.caption(t("signin_intro"))

if auth.oidc_available() and accounts.oidc:
    seen = st.session_state.get("_auth_oidc_seen")
    if seen and seen[1] == auth.ANONYMOUS:
        st.warning(t("oidc_unmapped", email=seen[0]))
    if st.button(t("signin_oidc"), key="signin_oidc"):
        st.login()

if accounts.users:
    with st.form("signin", clear_on_submit=True):
        name = st.text_input(t("username"), max_chars=64, key="signin_user")
        password = st.text_input(t("password"), type="password", max_chars=256, key="signin_pw")
        submitted = st.form_submit_button(t("signin_button"))
    if submitted:
        res = auth.sign_in(name, password)
        if res.ok:
            st.rerun()
        elif res.reason == "locked":
            st.error(t("signin_locked", minutes=math.ceil(auth.WINDOW_S / 60)))
        else:
            st.error(t("signin_bad"))
