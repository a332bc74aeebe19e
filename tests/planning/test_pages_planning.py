"""The planning pages headless (AppTest): who may save the RAT, and what the pages show."""

from __future__ import annotations

import pytest

from tests.app.conftest import app_env, make_app, texts  # noqa: F401  (fixture)
from ui.i18n import text


def open_rat(role, accounts, lang="en"):
    at = make_app(role, accounts, lang=lang)
    at.run()
    at.switch_page("pages/rat.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def save_buttons(at):
    return [b for b in at.button if b.label == text("pl_rat_save", "en")]


@pytest.mark.parametrize("role", ["planner", "admin"])
def test_planners_and_admins_may_save(app_env, role):  # noqa: F811
    at = open_rat(role, app_env / "accounts.toml")
    assert save_buttons(at)
    assert text("pl_rat_read_only", "en") not in texts(at)
    assert text("pl_rat_demo_mode", "en") not in texts(at)


@pytest.mark.parametrize("role", ["analyst", "steward"])
def test_other_roles_read_only(app_env, role):  # noqa: F811
    at = open_rat(role, app_env / "accounts.toml")
    assert not save_buttons(at)
    assert text("pl_rat_read_only", "en") in texts(at)
    assert not [b for b in at.button if b.label == text("pl_rat_draft", "en")]


def test_open_demo_may_save_and_is_told_it_is_a_demo(app_env):  # noqa: F811
    at = open_rat("open", app_env / "accounts.toml", lang="id")
    assert [b for b in at.button if b.label == text("pl_rat_save", "id")]
    assert text("pl_rat_demo_mode", "id") in texts(at)


def test_simulation_page_states_assumptions_in_both_languages(app_env):  # noqa: F811
    for lang in ("id", "en"):
        at = make_app("open", app_env / "accounts.toml", lang=lang)
        at.run()
        at.switch_page("pages/simulasi.py").run()
        assert not at.exception
        shown = " ".join(texts(at))
        assert text("pl_sim_assumptions", lang) in shown
        assert "Static microsimulation" in " ".join(e.value for e in at.markdown)
        labels = [m.label for m in at.metric]
        assert labels[:4] == ["P0 (%)", "P1", "P2", "Gini"]
