"""The import page (pages/impor.py) and its helpers (ui/import_page.py).

Every test that loads runs on a private copy of the small store, so the shared
fixture stays as built. AppTest drives ``st.file_uploader`` (streamlit 1.67), so
the page is tested end to end as well as through the helpers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ingest.problems import KINDS
from store import schema
from store.db import Store
from tests.app.conftest import REPO, make_app
from tests.ingest.helpers import canonical_households, plain_text
from tests.security.conftest import registered
from ui import audit, import_page
from ui.i18n import TEXT

NEW_YEAR = 2023  # the small store holds 2024 and 2025
N = 30


@pytest.fixture()
def env(small_store_path, tmp_path, monkeypatch) -> Path:
    """A private copy of the small store, a private audit log and accounts file."""
    db = tmp_path / "store.duckdb"
    shutil.copy(small_store_path, db)
    monkeypatch.setenv("RPKD_DB", str(db))
    monkeypatch.setenv("RPKD_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "accounts.toml"))
    monkeypatch.delenv("RPKD_CONFIG", raising=False)
    monkeypatch.delenv("RPKD_NIK_KEY", raising=False)
    return tmp_path


def households_csv(bad: bool = False) -> bytes:
    """A households delivery for NEW_YEAR; ``bad``: two wrong cells on known rows."""
    df = plain_text(canonical_households(N, seed=11).assign(year=NEW_YEAR))
    if bad:
        df.loc[4, "hh_size"] = "banyak"  # spreadsheet row 6 (header is row 1)
        df.loc[9, "district_code"] = "99.99.99"  # spreadsheet row 11
    return df.to_csv(index=False).encode("utf-8")


def count(db: Path, year: int | None = None) -> int:
    with Store(db).read() as con:
        where = "" if year is None else f" WHERE year = {int(year)}"
        return con.execute(f"SELECT count(*) FROM households{where}").fetchone()[0]


def import_events(env: Path) -> pd.DataFrame:
    return audit.read(event="import", path=env / "state" / audit.FILE_NAME)


# ------------------------------------------------------------------ helpers


def test_a_good_csv_has_no_problems_and_loads(env):
    db = env / "store.duckdb"
    before = count(db)
    with import_page.saved_upload(households_csv(), "rt_2023.csv") as path:
        check = import_page.check_upload("households", path, file_name="rt_2023.csv")
        assert check.ok and check.report.empty
        assert check.rows == N
        assert len(check.preview) == import_page.PREVIEW_ROWS
        assert set(check.preview.year) == {NEW_YEAR}
        res = import_page.run_import(
            Store(db), "households", path, file_name="rt_2023.csv", user="u-steward"
        )
    assert res.outcome == "loaded" and res.rows == N and res.years == [NEW_YEAR]
    assert count(db) == before + N
    assert count(db, NEW_YEAR) == N
    ev = import_events(env)
    assert len(ev) == 1
    assert '"outcome": "loaded"' in ev.detail[0] and f'"rows": {N}' in ev.detail[0]


def test_a_bad_csv_lists_problems_by_row_and_column_and_changes_nothing(env):
    db = env / "store.duckdb"
    before = count(db)
    with import_page.saved_upload(households_csv(bad=True), "rt_bad.csv") as path:
        check = import_page.check_upload("households", path, file_name="rt_bad.csv")
        assert not check.ok and check.preview is None
        assert list(check.report.columns) == import_page.REPORT_COLUMNS
        cells = {(r.row, r.column, r.kind) for r in check.report.itertuples()}
        assert (6, "hh_size", "bad_type") in cells
        assert (11, "district_code", "unknown_code") in cells
        assert check.counts == {"bad_type": 1, "unknown_code": 1}
        res = import_page.run_import(Store(db), "households", path, file_name="rt_bad.csv")
    assert res.outcome == "refused"
    assert {(r.row, r.column) for r in res.report.itertuples()} >= {(6, "hh_size")}
    assert count(db) == before
    assert '"outcome": "refused"' in import_events(env).detail[0]


def test_a_year_already_present_is_refused_unless_replace(env):
    db = env / "store.duckdb"
    with import_page.saved_upload(households_csv(), "rt_2023.csv") as path:
        first = import_page.run_import(Store(db), "households", path, file_name="rt_2023.csv")
        again = import_page.run_import(Store(db), "households", path, file_name="rt_2023.csv")
        replaced = import_page.run_import(
            Store(db), "households", path, file_name="rt_2023.csv", replace=True
        )
    assert first.outcome == "loaded"
    assert again.outcome == "refused" and again.counts == {"already_loaded": 1}
    assert replaced.outcome == "loaded"
    assert count(db, NEW_YEAR) == N


def test_the_upload_file_is_removed_and_odd_suffixes_refused():
    with import_page.saved_upload(b"a,b\n1,2\n", "../../etc/x.CSV") as path:
        assert path.suffix == ".csv" and path.read_bytes() == b"a,b\n1,2\n"
        assert path.parent != Path("/etc")
    assert not path.exists()
    with pytest.raises(ValueError), import_page.saved_upload(b"x", "evil.exe"):
        pass


def test_the_report_never_shows_a_nik():
    nik = "9109012345678901"
    df = pd.DataFrame(
        [
            {
                "kind": "malformed_row",
                "file": "a.csv",
                "row": 3,
                "column": None,
                "field": None,
                "value": f"H1;{nik};x",
                "expected": "a line",
            }
        ]
    )
    out = import_page.report_frame(df)
    assert nik not in out.to_csv()
    assert list(out.columns) == import_page.REPORT_COLUMNS


def test_every_table_and_problem_kind_has_both_texts():
    for key in [f"imp_tbl_{n}" for n in schema.IMPORTABLE] + [f"imp_kind_{k}" for k in KINDS]:
        assert key in TEXT and all(TEXT[key]), key


# ---------------------------------------------------------------- the page


def open_page(env: Path, role: str, lang: str = "id") -> AppTest:
    at = make_app(role, accounts=env / "accounts.toml", lang=lang)
    at.run()
    at.switch_page("pages/impor.py")
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize(("lang", "title"), [("id", "Impor Data"), ("en", "Import Data")])
def test_the_page_renders_for_a_steward(env, lang, title):
    at = open_page(env, "steward", lang)
    assert at.title[0].value == title
    assert not at.error
    assert len(at.file_uploader) == 1
    assert set(at.file_uploader[0].allowed_type) >= {".csv", ".xlsx", ".parquet", ".sav"}
    assert at.selectbox(key="imp_table").options[0].startswith("households")
    assert [i.value for i in at.info][-1] == TEXT["imp_waiting"][lang == "en"]


@pytest.mark.parametrize("role", ["viewer", "planner", "analyst"])
def test_other_roles_cannot_open_it(env, role):
    at = make_app(role, accounts=env / "accounts.toml")
    at.run()
    assert registered(at, ["pages/impor.py"]) == []
    # Run directly (as if it were listed by mistake): the page's own guard stops it.
    page = AppTest.from_file(str(REPO / "pages/impor.py"), default_timeout=60)
    page.session_state["auth"] = {"user": f"u-{role}", "via": "password"}
    page.run()
    assert not page.exception
    assert [e.value for e in page.error] == [TEXT["not_allowed"][0]]
    assert len(page.file_uploader) == 0 and len(page.button) == 0


def test_upload_check_and_load_through_the_page(env):
    db = env / "store.duckdb"
    before = count(db)
    at = open_page(env, "steward")
    at.file_uploader(key="imp_file").set_value(("rt_2023.csv", households_csv(), "text/csv"))
    at.run()
    assert not at.exception and not at.error
    assert TEXT["imp_clean"][0] in [s.value for s in at.success]
    assert len(at.dataframe[0].value) == import_page.PREVIEW_ROWS
    confirm = at.button(key="imp_confirm")
    assert confirm.label == "Muat ke basis data" and not confirm.disabled
    confirm.click().run()
    assert not at.exception and not at.error
    assert count(db) == before + N
    assert any(f"{N} baris dimuat ke households" in s.value for s in at.success)
    assert at.button(key="imp_confirm").disabled  # the same file is not loaded twice
    ev = import_events(env)
    assert list(ev.user_name) == ["u-steward"] and list(ev.role) == ["steward"]
    with Store(db).read() as con:
        who = con.execute("SELECT user_name FROM import_log ORDER BY import_id DESC").fetchone()
    assert who == ("u-steward",)


def test_a_bad_upload_shows_the_report_and_cannot_be_loaded(env):
    db = env / "store.duckdb"
    before = count(db)
    at = open_page(env, "steward", "en")
    at.file_uploader(key="imp_file").set_value(("rt_bad.csv", households_csv(bad=True), "text/csv"))
    at.run()
    assert not at.exception
    assert at.error[0].value.startswith("2 problems found")
    kinds, report = at.dataframe[0].value, at.dataframe[1].value
    assert set(kinds["kind"]) == {"bad_type", "unknown_code"}
    assert {(r, c) for r, c in zip(report["row"], report["column"], strict=True)} == {
        (6, "hh_size"),
        (11, "district_code"),
    }
    assert at.button(key="imp_confirm").disabled
    assert count(db) == before
    assert import_events(env).empty  # a preview is not an import attempt


def test_a_bad_upload_reads_in_indonesian(env):
    """Table help, problem report and reading notes in the Indonesian interface."""
    at = open_page(env, "steward", "id")
    assert any(c.value.startswith(schema.HOUSEHOLDS.description_id) for c in at.caption)
    at.file_uploader(key="imp_file").set_value(("rt_bad.csv", households_csv(bad=True), "text/csv"))
    at.run()
    assert not at.exception
    report = at.dataframe[1].value
    expected = dict(zip(report["kolom"], report["seharusnya"], strict=True))
    assert expected["hh_size"] == "bilangan bulat (jiwa)"
    assert expected["district_code"].startswith("distrik di Mimika: kode Kemendagri")
    notes = " ".join(m.value for m in at.markdown)
    assert "tanda desimal '.'" in notes and "decimal mark" not in notes
