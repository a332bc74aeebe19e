"""Browser journeys: the app served by `streamlit run` on a free port, driven in Debian Chromium.

Server, browser launch and the wait for an idle page come from ``bench.server``
(shared with bench/pages.py and scripts/screenshots.py). Skipped (with the
reason) when Chromium or Playwright's Python package is missing; never
downloads a browser.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bench import server

REPO = Path(__file__).resolve().parents[2]


def skip_without_browser() -> None:
    """Skip the test (module) when Debian's Chromium or Playwright is missing."""
    if not Path(server.CHROMIUM).exists():
        pytest.skip(f"no Chromium at {server.CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright (Python package) not installed")


@pytest.fixture(scope="module")
def server_state(tmp_path_factory) -> Path:
    """The server's state directory (audit log); no accounts file there: open demo mode."""
    return tmp_path_factory.mktemp("browser-state")


@pytest.fixture(scope="module")
def server_url(small_store_path, server_state):
    """The app on the small store (open demo mode: no accounts), for one test module."""
    skip_without_browser()
    env = {
        "RPKD_STATE_DIR": str(server_state),
        "RPKD_ACCOUNTS": str(server_state / "accounts.toml"),
    }
    with server.streamlit_server(small_store_path, env=env) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = server.launch_chromium(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser, tmp_path):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    ctx.close()
