"""The planning pages headless (AppTest): who may save the RAT, and what the pages show."""

from __future__ import annotations

import re

import pytest

from analytics.lines import latest_year, poverty_line_for
from analytics.simulate import Scenario, assumptions
from store.db import Store
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
        assert text("pl_sim_asm_static", lang) in " ".join(e.value for e in at.markdown)
        labels = [m.label for m in at.metric]
        assert labels[:4] == ["P0 (%)", "P1", "P2", "Gini"]


def open_sim(lang, app_env, kind=None):  # noqa: F811
    at = make_app("open", app_env / "accounts.toml", lang=lang)
    at.run()
    if kind is not None:  # set before the page shows the radio: AppTest would word its
        at.session_state["sim_kind"] = kind  # options outside the run (in Indonesian)
    at.switch_page("pages/simulasi.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def assumption_list(at) -> list[str]:
    """The lines of the full assumptions list (the expander's markdown bullets)."""
    (exp,) = [e for e in at.expander if e.label in (text("pl_sim_assumptions_full", "id"),
                                                    text("pl_sim_assumptions_full", "en"))]  # fmt: skip
    (md,) = exp.markdown
    return [line.removeprefix("- ") for line in md.value.splitlines()]


def store_line_rp(small_store_path) -> int:
    with Store(small_store_path).read() as con:
        return round(poverty_line_for(con, latest_year(con)))


def test_indonesian_page_lists_the_assumptions_in_indonesian(app_env, small_store_path):  # noqa: F811
    at = open_sim("id", app_env)
    assert [e.label for e in at.expander] == ["Daftar asumsi lengkap"]
    lines = assumption_list(at)
    assert len(lines) == 5
    assert lines[0].startswith("Simulasi mikro statis: hanya dampak putaran pertama")
    # The line in Indonesian style: "Rp 1.166.466", dots for thousands.
    z = store_line_rp(small_store_path)
    want = "Rp " + f"{z:,}".replace(",", ".")
    assert re.fullmatch(r"Rp \d{1,3}(\.\d{3})+", want)
    assert lines[2].startswith(f"Garis kemiskinan {want} per kapita per bulan; miskin berarti")
    # The default scenario: Rp 2.400.000 a year to deciles 1-4.
    assert lines[4] == (
        "Tambahan Rp 2.400.000 per rumah tangga per tahun bagi rumah tangga desil "
        "kesejahteraan 1-4."
    )
    body = " ".join(lines)
    assert "Static" not in body and "household" not in body and "2,400,000" not in body


def test_english_page_lists_the_assumptions_in_english(app_env, small_store_path):  # noqa: F811
    at = open_sim("en", app_env)
    lines = assumption_list(at)
    assert lines[0].startswith("Static microsimulation: first-round effects only")
    z = store_line_rp(small_store_path)
    assert lines[2] == (
        f"Poverty line Rp {z:,} per capita per month; poor means consumption strictly below it."
    )
    assert (
        lines[4] == "Adds Rp 2,400,000 per household per year to households in welfare deciles 1-4."
    )
    assert "rumah tangga" not in " ".join(lines)


def test_moving_budget_names_the_zones_in_the_page_language(app_env):  # noqa: F811
    at = open_sim("id", app_env, kind="move")
    assert assumption_list(at)[4] == (
        "Pemindahan Rp 5.000.000.000 per tahun dari zona dataran rendah (bantuan yang ada "
        "dipotong proporsional) ke rumah tangga desil 1-4 di zona dataran tinggi (jumlah sama "
        "rata)."
    )
    at = open_sim("en", app_env, kind="move")
    assert assumption_list(at)[4] == (
        "Moves Rp 5,000,000,000 per year from the lowland zone (current transfers cut pro rata) "
        "to households of the highland zone in deciles 1-4 (equal amounts)."
    )


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario("add", amount_rp_year=1, who="decile"),
        Scenario("add", amount_rp_year=1, who="zone", zone="coastal", decile_k=3),
        Scenario("add", amount_rp_year=1, who="zone", zone="coastal", decile_k=10),
        Scenario("add", amount_rp_year=1, who="all"),
        Scenario("add", amount_rp_year=1, who="current", programme_code="X"),
        Scenario("remove", programme_code="X"),
        Scenario("perfect", budget_rp_year=1),
        Scenario("move", amount_rp_year=1, from_zone="lowland", to_zone="coastal"),
    ],
    ids=lambda s: f"{s.kind}-{s.who}-{s.decile_k}",
)
def test_every_assumption_has_both_languages_with_its_values(scenario):
    for a in assumptions(scenario, 1000.0):
        key = f"pl_sim_asm_{a.key}"
        marked = {k: f"<{k}>" for k in a.values}
        for lang in ("id", "en"):
            worded = text(key, lang, **marked)
            assert worded != key, f"{key} missing"
            assert "{" not in worded
            assert all(m in worded for m in marked.values()), (key, lang)
        assert text(key, "id") != text(key, "en")
