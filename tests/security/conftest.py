"""Fixtures for the access, privacy and robustness tests.

``accounts_file`` holds one local account per role (user name = role name,
password ``PASSWORDS[role]``); ``app_env`` points the app at the small demo
store, those accounts and a private state directory (audit log).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO

ROLES = ("viewer", "planner", "analyst", "steward", "admin")
PASSWORDS = {r: f"pw-{r}-correct-horse" for r in ROLES}


@pytest.fixture(scope="session")
def accounts_file(tmp_path_factory) -> Path:
    from ui.auth import save_account

    path = tmp_path_factory.mktemp("accounts") / "accounts.toml"
    for role in ROLES:
        save_account(path, role, role, PASSWORDS[role])
    return path


@pytest.fixture(autouse=True)
def _fresh_failure_counts():
    """The in-process sign-in failure counts do not leak from one test to another."""
    from ui import auth

    auth._failures.clear()
    yield
    auth._failures.clear()


@pytest.fixture()
def state_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "state"
    monkeypatch.setenv("RPKD_STATE_DIR", str(d))
    return d


@pytest.fixture()
def app_env(small_store_env, accounts_file, state_dir, monkeypatch) -> Path:
    """The app on the small store, with accounts configured and a private audit log."""
    monkeypatch.setenv("RPKD_ACCOUNTS", str(accounts_file))
    monkeypatch.chdir(REPO)
    return small_store_env


def app_test(role: str | None = None, *, query: dict | None = None):
    """An AppTest of app.py, signed in as the account named ``role`` (None: nobody)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    if role is not None:
        at.session_state["auth"] = {"user": role, "via": "password"}
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at


def registered(at, scripts) -> list[str]:
    """Which of ``scripts`` the app's navigation offers after the FIRST run of ``at``.

    (In streamlit 1.67, AppTest's page registry falls back to the pages/ folder
    listing from the second run on, so only a fresh AppTest tells.)
    """
    out = []
    for s in scripts:
        try:
            at.switch_page(s)
        except ValueError:
            continue
        out.append(s)
    return out
