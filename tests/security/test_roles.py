"""Each role sees exactly its pages: the registry (ui.nav) and the running app (AppTest)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from tests.security.conftest import PASSWORDS, app_test, registered
from ui import nav

SUMMARY = ["pages/ringkasan.py", "pages/metodologi.py"]
PLANNER = [
    "pages/peta.py",
    "pages/jangkauan.py",
    "pages/anggaran.py",
    "pages/prioritas.py",
    "pages/simulasi.py",
    "pages/rat.py",
    "pages/unduh.py",
]
SIGNIN = ["pages/masuk.py"]

# The brief, written out by hand (not derived from ui/nav.py).
EXPECTED = {
    "anonymous": SIGNIN,
    "open": SUMMARY + PLANNER,
    "viewer": SUMMARY + SIGNIN,
    "planner": SUMMARY + PLANNER + SIGNIN,
    "analyst": SUMMARY + PLANNER + SIGNIN,
    "steward": SUMMARY + PLANNER + SIGNIN + ["pages/impor.py"],
    "admin": SUMMARY + PLANNER + SIGNIN + ["pages/impor.py", "pages/audit.py"],
}
LADDER = ("viewer", "planner", "analyst", "steward", "admin")


@pytest.mark.parametrize("role", list(EXPECTED))
def test_pages_for_each_role_match_the_brief(role):
    got = {p.script for p in nav.pages_for(role)}
    known = {s for v in EXPECTED.values() for s in v}
    assert got & known == set(EXPECTED[role])


def test_pages_added_later_respect_the_ladder():
    """Any page a role sees, every higher role sees; nobody unsigned sees more than sign-in."""
    for page in nav.PAGES:
        ranks = [LADDER.index(r) for r in page.roles if r in LADDER]
        if ranks:
            assert set(page.roles) >= set(LADDER[min(ranks) :]), page.script
        if page.script not in SIGNIN:
            assert "anonymous" not in page.roles, page.script
    for role in ("open", "viewer", "planner", "analyst"):
        assert "pages/impor.py" not in {p.script for p in nav.pages_for(role)}
    assert [p.script for p in nav.PAGES if "audit" in p.url_path] == ["pages/audit.py"]


def _existing(scripts):
    return [s for s in scripts if (REPO / s).exists()]


@pytest.mark.slow
@pytest.mark.parametrize("role", LADDER)
def test_the_app_offers_each_signed_in_role_its_pages(app_env, role):
    at = app_test(role)
    at.run()
    assert not at.exception
    all_pages = [p.script for p in nav.PAGES]
    assert sorted(registered(at, all_pages)) == sorted(_existing(EXPECTED[role]))
    # The landing page for a signed-in role is the summary.
    at.switch_page("pages/ringkasan.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Ringkasan"


@pytest.mark.slow
def test_nobody_signed_in_sees_only_the_sign_in_page(app_env):
    at = app_test(None)
    at.run()
    assert not at.exception
    assert registered(at, [p.script for p in nav.PAGES]) == ["pages/masuk.py"]
    assert at.title[0].value == "Masuk"
    assert len(at.metric) == 0  # no numbers before sign-in


@pytest.mark.slow
def test_no_accounts_means_open_demo(small_store_env, state_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "none.toml"))
    monkeypatch.chdir(REPO)
    at = app_test(None)
    at.run()
    assert not at.exception
    assert sorted(registered(at, [p.script for p in nav.PAGES])) == sorted(
        _existing(EXPECTED["open"])
    )


@pytest.mark.slow
def test_a_role_cannot_be_set_from_the_session_or_the_url(app_env):
    """Only a sign-in gives a role: a stray session key or URL parameter changes nothing."""
    at = app_test(None, query={"role": "admin", "auth": "admin"})
    at.session_state["role"] = "admin"
    at.session_state["auth"] = {"user": "admin", "via": "oidc"}  # no identity provider here
    at.run()
    assert registered(at, [p.script for p in nav.PAGES]) == ["pages/masuk.py"]
    at = app_test(None)
    at.session_state["auth"] = {"user": "someone-removed", "via": "password"}
    at.run()
    assert registered(at, [p.script for p in nav.PAGES]) == ["pages/masuk.py"]


@pytest.mark.slow
def test_sign_in_and_out_through_the_page(app_env, state_dir):
    from ui import audit

    at = app_test(None)
    at.run()
    at.text_input(key="signin_user").input("steward")
    at.text_input(key="signin_pw").input("wrong-password")
    at.get("form_submit_button")[0].click().run()
    assert [e.value for e in at.error] == ["Nama pengguna atau kata sandi salah."]
    assert "auth" not in at.session_state

    at.text_input(key="signin_user").input("steward")
    at.text_input(key="signin_pw").input(PASSWORDS["steward"])
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    # (AppTest's page registry is only reliable after the first run of an AppTest;
    # the pages per identity are tested above with fresh sessions.)
    assert at.session_state["auth"] == {"user": "steward", "via": "password"}
    at.switch_page("pages/masuk.py")
    at.run()
    assert "steward" in at.success[0].value
    at.button(key="signout").click().run()
    assert "auth" not in at.session_state
    assert [i.value for i in at.info] == ["Anda sudah keluar."]

    log = audit.read(path=state_dir / "audit.sqlite3")
    assert list(log.event)[::-1] == ["signin_failed", "signin_ok", "signout"]
    assert set(log.user_name) == {"steward"}
    assert PASSWORDS["steward"] not in log.to_csv()


@pytest.mark.slow
def test_the_audit_page_refuses_non_admins_even_if_reached(app_env):
    """Defence in depth: the page checks the role itself."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "pages/audit.py"), default_timeout=60)
    at.session_state["auth"] = {"user": "analyst", "via": "password"}
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and len(at.dataframe) == 0
    at = AppTest.from_file(str(REPO / "pages/audit.py"), default_timeout=60)
    at.session_state["auth"] = {"user": "admin", "via": "password"}
    at.run()
    assert not at.exception
    assert len(at.error) == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    "role, rows",
    [("planner", False), ("analyst", True), ("steward", True), ("admin", True), (None, False)],
)
def test_household_rows_only_for_analyst_and_above(app_env, tmp_path, monkeypatch, role, rows):
    if role is None:  # open demo (no accounts): aggregates only
        monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "none.toml"))
    at = app_test(role)
    at.run()
    at.switch_page("pages/unduh.py")
    at.run()
    assert not at.exception
    from ui.i18n import TEXT

    options = at.selectbox(key="data_table").options  # shown labels
    assert (TEXT["tbl_households"][0] in options) is rows
    if rows:
        at.selectbox(key="data_table").set_value("rumah_tangga").run()
        assert not at.exception
        assert "hh_id" in at.dataframe[0].value.columns
    else:
        assert all("hh_id" not in d.value.columns for d in at.dataframe)
