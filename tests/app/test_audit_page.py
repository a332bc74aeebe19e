"""The audit page shows events, roles and headers in the interface's language; the log and
its filter keep the codes."""

from __future__ import annotations

import pytest

from tests.app.conftest import make_app
from ui import audit


def _audit_page(app_env, lang: str):
    log = app_env / "state" / audit.FILE_NAME
    audit.record("signin_ok", {"via": "password"}, user="ana", role="analyst", path=log)
    audit.record("download", {"what": "x", "rows": 3}, user="u-admin", role="admin", path=log)
    at = make_app("admin", app_env / "accounts.toml", lang=lang)
    at.run()
    at.switch_page("pages/audit.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "signin", "download", "event_col", "role_col", "analyst", "everything"),
    [
        ("id", "Berhasil masuk", "Unduhan", "Kejadian", "Peran", "analis", "Semua"),
        ("en", "Signed in", "Download", "Event", "Role", "analyst", "All"),
    ],
)
def test_events_read_as_words(
    app_env, lang, signin, download, event_col, role_col, analyst, everything
):
    at = _audit_page(app_env, lang)
    box = at.selectbox(key="audit_event")
    assert box.options[0] == everything
    assert signin in box.options and download in box.options
    assert not set(box.options) & set(audit.EVENTS)  # no raw code left in the filter
    shown = at.dataframe[0].value
    assert list(shown[event_col]) == [download, signin]  # newest first
    assert list(shown[role_col]) == ["admin", analyst]


def test_the_filter_still_selects_by_code(app_env):
    at = _audit_page(app_env, "id")
    at.selectbox(key="audit_event").select("download").run()
    assert not at.exception
    assert list(at.dataframe[0].value["Kejadian"]) == ["Unduhan"]
