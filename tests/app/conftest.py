"""AppTest helpers: run the app headless on the small store, as a given role."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app.py"
TIMEOUT_S = 120


@pytest.fixture()
def app_env(small_store_env, tmp_path, monkeypatch) -> Path:
    """Small store, private state dir (audit log) and no accounts file (open demo mode)."""
    monkeypatch.setenv("RPKD_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "accounts.toml"))
    monkeypatch.delenv("RPKD_CONFIG", raising=False)
    return tmp_path


def make_app(role: str = "open", accounts: Path | None = None, **query: str) -> AppTest:
    """An AppTest of app.py as ``role``, with URL parameters ``query``.

    ``open``: no accounts configured. ``anonymous``: accounts exist, nobody signed in.
    Any other role: an account with that role exists and the session is signed in.
    """
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.query_params.update(query)
    if role == "open":
        return at
    try:
        from ui import auth
    except ImportError:  # before access control: the frame reads the role from the session
        at.session_state["role"] = role
        return at
    assert accounts is not None, "pass the accounts path (app_env / 'accounts.toml')"
    user = "tester" if role == "anonymous" else f"u-{role}"
    auth.save_account(accounts, user, "viewer" if role == "anonymous" else role, "a-long-pw-123")
    if role != "anonymous":
        at.session_state[auth.SESSION_KEY] = {"user": user, "via": "password"}
        at.session_state["role"] = role
    return at


def texts(at: AppTest) -> list[str]:
    """Every piece of text the run rendered (titles, headers, markdown, alerts, captions)."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "warning", "info"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [str(m.label) for m in at.metric] + [str(m.value) for m in at.metric]
    return out
