"""Every registered page runs headless (AppTest) in both languages on the small store.

The page list comes from ``ui.nav.PAGES``, so pages other helpers add are covered
as soon as their script exists. Further tests: the URL reproduces a view and
junk parameters are ignored, the filters change the numbers, and the open demo
mode offers no household-level table.
"""

from __future__ import annotations

import re

import pytest

from tests.app.conftest import REPO, make_app, texts
from ui import nav
from ui.i18n import text

REGISTERED = [s for s in nav.PAGES if (REPO / s.script).exists()]
MINE = {"pages/ringkasan.py", "pages/unduh.py", "pages/metodologi.py"}


def _role_for(spec: nav.PageSpec) -> str:
    return "open" if "open" in spec.roles else spec.roles[-1]


def _open_page(spec: nav.PageSpec, lang: str, accounts):
    at = make_app(_role_for(spec), accounts, lang=lang)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if not spec.default:
        at.switch_page(spec.script).run()
    return at


def test_the_registry_has_pages():
    assert {s.script for s in REGISTERED} >= MINE


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("spec", REGISTERED, ids=[s.url_path for s in REGISTERED])
def test_page_runs(app_env, spec, lang):
    at = _open_page(spec, lang, app_env / "accounts.toml")
    assert not at.exception, [e.message for e in at.exception]
    shown = " ".join(texts(at))
    title = text(spec.title_key, lang)
    banner = text("demo_banner", lang)
    assert title in shown or banner in shown, f"{spec.script}: neither title nor demo banner"
    if spec.script in MINE:
        assert [t.value for t in at.title] == [title]
        assert banner in shown  # the small store is demo data


def test_summary_numbers_in_indonesian_format(app_env):
    at = make_app(lang="id")
    at.run()
    p0 = at.metric[0]
    assert p0.label == text("p0", "id")
    assert re.fullmatch(r"\d{1,2},\d{2} %", p0.value), p0.value
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", at.metric[1].value), at.metric[1].value
    assert at.get("download_button")  # the printable brief


def test_summary_in_english(app_env):
    at = make_app(lang="en")
    at.run()
    assert at.title[0].value == "Summary"
    assert re.fullmatch(r"\d{1,2}\.\d{2}%", at.metric[0].value), at.metric[0].value


def test_url_reproduces_the_view(app_env):
    at = make_app(lang="en", year="2024", zone="highland")
    at.run()
    assert not at.exception
    assert at.radio(key="lang").value == "en"
    assert at.selectbox(key="f_year").value == 2024
    assert at.selectbox(key="f_zone").value == "highland"
    assert "Headline figures, Highland zone, 2024" in texts(at)
    assert at.query_params.get("zone") in ("highland", ["highland"])
    # The same link again gives the same numbers.
    again = make_app(lang="en", year="2024", zone="highland")
    again.run()
    assert [m.value for m in again.metric] == [m.value for m in at.metric]


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param({"year": "abc", "zone": "<script>alert(1)</script>"}, id="text"),
        pytest.param({"year": "²⁰²⁵", "district": "../../etc/passwd", "lang": "xx"}, id="unicode"),
        pytest.param({"year": "1999", "zone": "HIGHLAND", "district": "94.04.99"}, id="unknown"),
    ],
)
def test_junk_url_parameters_are_ignored(app_env, junk):
    plain = make_app()
    plain.run()
    at = make_app(**junk)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.radio(key="lang").value == "id"
    assert at.selectbox(key="f_year").value == plain.selectbox(key="f_year").value
    assert at.selectbox(key="f_zone").value == "all"
    assert at.selectbox(key="f_district").value == "all"
    assert [m.value for m in at.metric] == [m.value for m in plain.metric]
    assert not any("<script>" in s or "passwd" in s for s in texts(at))
    assert "zone" not in at.query_params and "district" not in at.query_params


def test_zone_filter_changes_numbers_and_url(app_env):
    at = make_app()
    at.run()
    regency = at.metric[0].value
    at.selectbox(key="f_zone").set_value("highland").run()
    assert not at.exception
    assert at.metric[0].value != regency
    assert at.query_params.get("zone") in ("highland", ["highland"])
    assert any("Dataran tinggi" in s for s in at.subheader.values)


def test_language_switch_changes_text(app_env):
    at = make_app()
    at.run()
    assert at.title[0].value == "Ringkasan"
    at.radio(key="lang").set_value("en").run()
    assert at.title[0].value == "Summary"
    assert at.query_params.get("lang") in ("en", ["en"])


def _data_page(role: str, accounts):
    at = make_app(role, accounts)
    at.run()
    at.switch_page("pages/unduh.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_open_role_sees_no_household_table(app_env):
    at = _data_page("open", app_env / "accounts.toml")
    options = at.selectbox(key="data_table").options
    assert text("tbl_ind_district", "id") in options
    assert text("tbl_households", "id") not in options
    assert text("data_household_locked", "id") in texts(at)


def test_analyst_sees_household_rows_without_nik(app_env):
    at = _data_page("analyst", app_env / "accounts.toml")
    box = at.selectbox(key="data_table")
    assert text("tbl_households", "id") in box.options
    box.set_value("rumah_tangga").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = at.dataframe[0].value
    assert "hh_id" in shown.columns and "nik_hash" not in shown.columns


def test_village_table_blanks_small_cells(app_env, monkeypatch):
    monkeypatch.setenv("RPKD_MIN_CELL", "25")
    at = _data_page("open", app_env / "accounts.toml")
    at.selectbox(key="data_table").set_value("indikator_kampung").run()
    assert not at.exception
    df = at.dataframe[0].value
    small = df["households"] < 25
    assert small.any() and df.loc[small, "p0"].isna().all()
    assert df.loc[~small, "p0"].notna().all()
    assert df["suppressed"].tolist() == small.tolist()
