"""Planning journeys in a real browser: draft the RAT, edit a cell, save, see the history,
export the XLSX; run a what-if and see P0 change.

The server runs on a private copy of the small demo store (saving writes to it) in open
demo mode. Cells of ``st.data_editor`` are drawn on a canvas: a cell is selected by a
click on the first text column, moved to with the arrow keys, and edited with Enter.
Run with ``.venv/bin/pytest -m browser tests/browser/test_planning_journeys.py``.
"""

from __future__ import annotations

import io
import shutil

import duckdb
import openpyxl
import pytest
from playwright.sync_api import expect

from analytics.lines import latest_year, poverty_line_for
from bench.server import streamlit_server, wait_idle
from planning import whatif
from tests.browser.conftest import skip_without_browser
from ui import fmt
from ui.i18n import text

pytestmark = pytest.mark.browser

TARGET_COL = 5  # glide column index of "Target" (1 = action id, 2 = activity)


@pytest.fixture(scope="module")
def store_copy(small_store_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("planning-store") / "store.duckdb"
    shutil.copyfile(small_store_path, path)
    return path


@pytest.fixture(scope="module")
def planning_url(store_copy, tmp_path_factory):
    skip_without_browser()
    state = tmp_path_factory.mktemp("planning-state")
    env = {"RPKD_STATE_DIR": str(state), "RPKD_ACCOUNTS": str(state / "accounts.toml")}
    with streamlit_server(store_copy, env=env) as url:
        yield url


def _editor(page):
    return page.locator("[data-testid='stDataFrame']").first


def _cell(page, col: int, row: int) -> str:
    return _editor(page).get_by_test_id(f"glide-cell-{col}-{row}").inner_text()


def _edit_target(page, row: int, value: str) -> None:
    """Select the activity cell of ``row``, move to Target, type ``value``, confirm."""
    grid = _editor(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    header_px, row_px = 35, 35
    page.mouse.click(box["x"] + 300, box["y"] + header_px + row_px * row + row_px / 2)
    expect(grid.get_by_test_id(f"glide-cell-2-{row}")).to_have_attribute("aria-selected", "true")
    for _ in range(TARGET_COL - 2):
        page.keyboard.press("ArrowRight")
    expect(grid.get_by_test_id(f"glide-cell-{TARGET_COL}-{row}")).to_have_attribute(
        "aria-selected", "true"
    )
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)
    page.keyboard.press("Control+A")
    page.keyboard.type(value, delay=60)
    page.keyboard.press("Enter")
    wait_idle(page)


def _plan(path) -> dict[str, tuple[str, float, int]]:
    """activity -> (action_id, target, version) of the stored current plan (read-only)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            """SELECT action_id, activity, target_value, version FROM rat_actions
               QUALIFY row_number() OVER (PARTITION BY action_id ORDER BY version DESC) = 1"""
        ).fetchall()
    finally:
        con.close()
    return {a: (i, t, v) for i, a, t, v in rows}


def test_rat_draft_edit_save_history_and_export(planning_url, page, store_copy):
    page.goto(f"{planning_url}/rat?lang=en")
    wait_idle(page)
    expect(page.get_by_text(text("pl_rat_demo_mode", "en"))).to_be_visible()
    page.get_by_role("button", name=text("pl_rat_draft", "en")).click()
    wait_idle(page)
    activity = _cell(page, 2, 0)
    assert activity  # a programme name from the store

    # Edit the first row's target, save: every draft row becomes version 1.
    _edit_target(page, 0, "5000")
    assert _cell(page, TARGET_COL, 0).replace(",", "") == "5000"
    page.get_by_role("button", name=text("pl_rat_save", "en")).click()
    wait_idle(page)
    with duckdb.connect(str(store_copy), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM programmes").fetchone()[0]
    saved = text("pl_rat_saved", "en", created=n, updated=0, deleted=0, unchanged=0)
    expect(page.get_by_text(saved)).to_be_visible()
    plan = _plan(store_copy)
    assert len(plan) == n
    aid, target, version = plan[activity]
    assert (target, version) == (5000.0, 1)

    # Edit the saved action again: a second version of that action only.
    assert _cell(page, 1, 0) == aid
    _edit_target(page, 0, "6000")
    page.get_by_role("button", name=text("pl_rat_save", "en")).click()
    wait_idle(page)
    saved = text("pl_rat_saved", "en", created=0, updated=1, deleted=0, unchanged=n - 1)
    expect(page.get_by_text(saved)).to_be_visible()
    assert _plan(store_copy)[activity][1:] == (6000.0, 2)

    # The history shows both versions of that action, newest first.
    page.get_by_text(text("pl_rat_history", "en")).click()
    wait_idle(page)
    history = page.locator("[data-testid='stExpander'] [data-testid='stDataFrame']")
    expect(history).to_be_visible()
    first = [history.get_by_test_id(f"glide-cell-{c}-0").inner_text() for c in (0, 1, 2, 3)]
    assert first[1:] == ["demo", aid, "2"]

    # The XLSX download holds the plan in the RAT matrix layout.
    with page.expect_download() as dl:
        page.get_by_role("button", name=text("pl_rat_export", "en")).click()
    data = dl.value.path().read_bytes()
    ws = openpyxl.load_workbook(io.BytesIO(data))["RAT 2026"]
    assert ws["A1"].value.endswith("KABUPATEN MIMIKA TAHUN 2026")
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert rows[0][:4] == ("No", "Program/Kegiatan", "Indikator", "Target")
    actions = {r[1]: r for r in rows if isinstance(r[0], int)}
    assert len(actions) == n
    assert actions[activity][3] == 6000
    assert rows[-1][0] == "JUMLAH TOTAL"
    assert dl.value.suggested_filename == "RAT_Mimika_2026_DEMO.xlsx"


def test_simulation_shows_the_p0_change(planning_url, page, store_copy):
    page.goto(f"{planning_url}/simulasi?lang=en")
    wait_idle(page)
    metric = page.locator("[data-testid='stMetric']").first
    expect(metric).to_contain_text("P0 (%)")

    def expected(amount: float) -> tuple[str, str]:
        with duckdb.connect(str(store_copy), read_only=True) as con:
            year = latest_year(con)
            res = whatif.run(con, year=year, line_rp=poverty_line_for(con, year),
                             kind="add", amount_rp_year=amount, who="decile", decile_k=4)  # fmt: skip
        row = res.table.set_index("group").loc["all"]
        return (
            f"{fmt.num(100 * row['p0_after'], 2, 'en')}%",
            fmt.signed(100 * row["p0_change"], 2, "en"),
        )

    value, change = expected(2_400_000)
    expect(metric.locator("[data-testid='stMetricValue']")).to_have_text(value)
    expect(metric.locator("[data-testid='stMetricDelta']")).to_contain_text(change)
    assert change.startswith("-")  # a transfer to the poorest lowers P0

    # A larger transfer: P0 falls further, and the page says by how much.
    box = page.get_by_label(text("pl_sim_amount", "en"))
    box.fill("4800000")
    box.press("Enter")
    wait_idle(page)
    value2, change2 = expected(4_800_000)
    expect(metric.locator("[data-testid='stMetricValue']")).to_have_text(value2)
    expect(metric.locator("[data-testid='stMetricDelta']")).to_contain_text(change2)
    assert float(change2) < float(change)
