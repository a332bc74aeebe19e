"""Browser journeys: the app served by `streamlit run` on a free port, driven in Debian Chromium.

Uses the same server and launch helpers as scripts/screenshots.py. Skipped (with
the reason) when Chromium or Playwright's Python package is missing; never
downloads a browser.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _screenshots_module():
    spec = importlib.util.spec_from_file_location(
        "rpkd_screenshots", REPO / "scripts" / "screenshots.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


shots = _screenshots_module()


@pytest.fixture(scope="module")
def server_state(tmp_path_factory) -> Path:
    """The server's state directory (audit log); no accounts file there: open demo mode."""
    return tmp_path_factory.mktemp("browser-state")


@pytest.fixture(scope="module")
def server_url(small_store_path, server_state):
    """The app on the small store (open demo mode: no accounts), for one test module."""
    if not Path(shots.CHROMIUM).exists():
        pytest.skip(f"no Chromium at {shots.CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        pytest.skip("playwright (Python package) not installed")
    env = {
        "RPKD_STATE_DIR": str(server_state),
        "RPKD_ACCOUNTS": str(server_state / "accounts.toml"),
    }
    with shots.streamlit_server(small_store_path, env=env) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = shots.launch(p)
        yield b
        b.close()


@pytest.fixture()
def page(browser, tmp_path):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    ctx.close()


def wait_idle(page) -> None:
    shots.wait_idle(page)
