"""Sign-in, role navigation and audited downloads in a real browser (Debian Chromium)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from bench import server
from tests.security.conftest import PASSWORDS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


NAV = "[data-testid='stSidebarNav'] a"


@pytest.fixture(scope="module")
def served(small_store_path, accounts_file, tmp_path_factory):
    if not Path(server.CHROMIUM).exists():
        pytest.skip(f"no Chromium at {server.CHROMIUM}")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright not installed")
    state = tmp_path_factory.mktemp("sec-browser-state")
    env = {"RPKD_STATE_DIR": str(state), "RPKD_ACCOUNTS": str(accounts_file)}
    with server.streamlit_server(small_store_path, env=env) as url:
        yield url, state


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = server.launch_chromium(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    ctx.close()


def sign_in(page, url: str, user: str, password: str) -> None:
    page.goto(url + "/")
    server.wait_idle(page)
    page.get_by_label("Nama pengguna").fill(user)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    server.wait_idle(page)


def nav_titles(page) -> list[str]:
    return [t.split("\n")[-1].strip() for t in page.locator(NAV).all_inner_texts()]


def test_a_viewer_sees_the_summary_and_method_only(served, page):
    url, _ = served
    sign_in(page, url, "viewer", PASSWORDS["viewer"])
    assert nav_titles(page) == ["Ringkasan", "Metodologi", "Masuk / Keluar"]


def test_a_reload_ends_a_password_session(served, page):
    """Local-account sessions live in the Streamlit session: a reload asks again."""
    url, _ = served
    sign_in(page, url, "planner", PASSWORDS["planner"])
    assert "Peta Disparitas" in nav_titles(page)
    page.reload()
    server.wait_idle(page)
    assert page.locator("h1").first.inner_text() == "Masuk"
    assert nav_titles(page) == []


def test_an_analyst_download_of_household_rows_is_audited(served, page, tmp_path):
    from ui import audit

    url, state = served
    sign_in(page, url, "analyst", PASSWORDS["analyst"])
    page.locator(NAV, has_text="Data & Unduh").click()
    server.wait_idle(page)
    page.get_by_role("combobox", name="Tabel", exact=True).click()
    page.get_by_role("option", name="Data rumah tangga (baris per rumah tangga)").click()
    server.wait_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh CSV").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    rows = pd.read_csv(target, dtype=str)
    assert "hh_id" in rows.columns and len(rows) > 100

    log = audit.read(path=state / audit.FILE_NAME)
    mine = log[log.user_name == "analyst"]
    assert "signin_ok" in set(mine.event)
    dl = mine[mine.event == "download"]
    assert len(dl) == 1 and dl.role.iloc[0] == "analyst"
    detail = json.loads(dl.detail.iloc[0])
    assert detail["table"] == "rumah_tangga" and detail["format"] == "csv"
    assert detail["rows"] == len(rows)
    # What was taken, never the rows themselves.
    assert not any(h in dl.detail.iloc[0] for h in rows.hh_id.head(50))


def test_a_deferred_download_is_audited_under_the_right_user(served, page, tmp_path):
    """Download callables run outside the session: the page passes audit.context() on."""
    from ui import audit

    url, state = served
    sign_in(page, url, "planner", PASSWORDS["planner"])
    page.locator(NAV, has_text="Lokasi Prioritas").click()
    server.wait_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh CSV").click()
    info.value.save_as(tmp_path / info.value.suggested_filename)
    log = audit.read(event="download", path=state / audit.FILE_NAME)
    prio = log[log.detail.str.contains('"what": "priority"')]
    assert len(prio) == 1
    assert (prio.user_name.iloc[0], prio.role.iloc[0]) == ("planner", "planner")
    assert prio.session.iloc[0]  # tied to the sign-in's session
