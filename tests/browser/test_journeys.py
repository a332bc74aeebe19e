"""A planner's journey in a real browser: headline, language, zone filter, map, CSV download.

Run with ``.venv/bin/pytest -m browser tests/browser`` (about a minute). The
server runs on the small demo store in open demo mode; every step waits until
Streamlit is idle (``stStatusWidget`` gone, script not running).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from bench.server import wait_idle
from tests.browser.conftest import REPO
from ui.i18n import text

pytestmark = pytest.mark.browser

DISTRICTS = list(csv.DictReader((REPO / "data/reference/mimika_districts.csv").open()))
HIGHLAND = {d["code"] for d in DISTRICTS if d["zone"] == "highland"}
LOWLAND = {d["code"] for d in DISTRICTS if d["zone"] == "lowland"}


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _metric(page, i: int = 0) -> str:
    return page.locator("[data-testid='stMetricValue']").nth(i).inner_text().strip()


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def _title(page):
    return page.locator("[data-testid='stMain'] h1").first


def test_deep_link_on_a_fresh_server_goes_through_the_frame(server_url, page):
    # First visit of this server, straight to a page other than the default one.
    page.goto(f"{server_url}/metodologi?lang=en&zone=highland")
    wait_idle(page)
    expect(_title(page)).to_have_text(text("page_method", "en"))
    expect(page.locator("[data-testid='stSidebarNav']")).to_contain_text(text("page_summary", "en"))
    assert _query(page).get("zone") == ["highland"]


def test_planner_journey(server_url, server_state, page, tmp_path):
    # 1. The headline, in Indonesian by default, numbers in Indonesian format.
    page.goto(server_url)
    wait_idle(page)
    expect(_title(page)).to_have_text(text("page_summary", "id"))
    expect(page.get_by_text(text("demo_banner", "id"))).to_be_visible()
    p0_regency = _metric(page)
    assert re.fullmatch(r"\d{1,2},\d{2} %", p0_regency), p0_regency

    # 2. Switch to English: the text changes, the URL says so.
    page.locator("[data-testid='stSidebar'] label").filter(has_text="English").click()
    expect(_title(page)).to_have_text(text("page_summary", "en"))
    wait_idle(page)
    assert _query(page).get("lang") == ["en"]
    assert re.fullmatch(r"\d{1,2}\.\d{2}%", _metric(page)), _metric(page)
    p0_regency_en = _metric(page)

    # 3. Filter to the highland: URL has zone=highland, the numbers change.
    _choose(page, text("zone", "en"), text("zone_highland", "en"))
    expect(page.locator("[data-testid='stMain'] h3").first).to_contain_text(
        text("zone_highland", "en")
    )
    wait_idle(page)
    assert _query(page).get("zone") == ["highland"]
    assert _metric(page) != p0_regency_en

    # 4. The village map (Disparity Map page), if that page exists.
    nav = page.locator("[data-testid='stSidebarNav'] a")
    if not (REPO / "pages/peta.py").exists():
        pytest.skip("pages/peta.py not present yet: map step skipped")  # pragma: no cover
    nav.filter(has_text=text("page_map", "en")).click()
    expect(_title(page)).to_have_text(text("page_map", "en"))
    wait_idle(page)
    page.get_by_text(text("level_village", "en"), exact=True).click()
    wait_idle(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.locator("canvas.maplibregl-canvas").first).to_be_attached()
    assert _query(page).get("zone") == ["highland"]  # the filter followed

    # 5. Data & Download: the district table as CSV, filtered to the highland.
    nav.filter(has_text=text("page_data", "en")).click()
    expect(_title(page)).to_have_text(text("page_data", "en"))
    wait_idle(page)
    _choose(page, text("data_table", "en"), text("tbl_ind_district", "en"))
    expect(page.get_by_text(text("note_district", "en"))).to_be_visible()
    wait_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=text("data_download_csv", "en")).click()
    download = info.value
    assert download.suggested_filename == "indikator_distrik_2025_highland_DEMO.csv"
    target = Path(tmp_path) / download.suggested_filename
    download.save_as(target)
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert rows, "empty CSV"
    header = list(rows[0])
    assert header[:4] == ["year", "district_code", "district_name", "zone"]
    assert {"p0", "p0_se", "p0_ci_low", "p0_ci_high", "households"} <= set(header)
    codes = {r["district_code"] for r in rows}
    assert codes == HIGHLAND
    assert not codes & LOWLAND
    assert {r["zone"] for r in rows} == {"highland"}

    # The download is in the audit log: what was taken, not the rows.
    from ui import audit

    log = audit.read(event="download", path=server_state / audit.FILE_NAME)
    assert len(log) == 1
    detail = json.loads(log["detail"].iloc[0])
    assert detail == {
        "table": "indikator_distrik",
        "year": 2025,
        "zone": "highland",
        "district": "all",
        "rows": len(rows),
        "format": "csv",
    }
    assert log["role"].iloc[0] == "open"
