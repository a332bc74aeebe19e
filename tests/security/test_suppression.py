"""Small cells: no estimate resting on fewer than N sample households shows anywhere.

The small demo store (3,000 households a year) has many villages with fewer
than 10 sample households. Which areas are small is counted here straight from
the ``households`` table, independently of the app; then every village-level
output of every page (AppTest) and every download path (the Data & Unduh table
builders, then the CSV and XLSX bytes from ``ui.export``) is checked: small
areas carry no value, larger ones do, and the page says why. District-level
outputs are checked the same way with a higher threshold (``RPKD_MIN_CELL``),
so that some districts are small too.
"""

from __future__ import annotations

import io
import json
import re

import duckdb
import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.conftest import REPO
from tests.security.conftest import app_test

pytestmark = pytest.mark.slow

YEAR = 2025
N_VILLAGE = 10  # the default threshold (settings.min_cell_households)
N_DISTRICT = 60  # raised so that some of the 18 districts are small in the small store

# Columns that may show for a small area: identifiers, the sample count (the reason
# the cell is blank), design facts, and money from the budget books (not the sample).
NOT_ESTIMATES = {
    "year",
    "households",
    "households_missing",
    "households_reached",
    "population",
    "n_psu",
    "k",
    "suppressed",
    "allocated_rp",
    "realised_rp",
    "realisation_rate",
    "apportioned_rp",
    "budget_share",
}


def sample_counts(db, level: str) -> dict[str, int]:
    col = {"village": "village_code", "district": "district_code"}[level]
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            f"SELECT {col}, count(*) FROM households WHERE year = ? AND {col} IS NOT NULL "
            "GROUP BY 1",
            [YEAR],
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


@pytest.fixture(scope="module")
def villages(small_store_path):
    n = sample_counts(small_store_path, "village")
    small = {v for v, k in n.items() if k < N_VILLAGE}
    large = {v for v, k in n.items() if k >= N_VILLAGE}
    assert len(small) >= 20 and len(large) >= 20, "the store must have both kinds"
    return small, large


@pytest.fixture(scope="module")
def districts(small_store_path):
    n = sample_counts(small_store_path, "district")
    small = {d for d, k in n.items() if k < N_DISTRICT}
    large = {d for d, k in n.items() if k >= N_DISTRICT}
    assert small and large
    return small, large


def estimate_columns(df: pd.DataFrame) -> list[str]:
    return [
        c
        for c in df.columns
        if c not in NOT_ESTIMATES
        and (pd.api.types.is_numeric_dtype(df[c]) or pd.api.types.is_bool_dtype(df[c]))
    ]


def assert_blank(df: pd.DataFrame, code_col: str, small: set[str], large: set[str], where: str):
    """Small areas: every estimate empty. Large areas: something shown (not vacuous)."""
    cols = estimate_columns(df)
    assert cols, where
    sub = df[df[code_col].astype(str).isin(small)]
    assert len(sub), f"{where}: no small area in the output at all"
    shown = sub[cols].notna() & (sub[cols].astype(str) != "")
    leaks = sub.loc[shown.any(axis=1), [code_col] + [c for c in cols if shown[c].any()]]
    assert leaks.empty, f"{where}: small cells shown\n{leaks.head()}"
    if "suppressed" in df.columns:
        assert sub["suppressed"].astype(bool).all(), where
    big = df[df[code_col].astype(str).isin(large)]
    assert big[cols].notna().any(axis=None), f"{where}: nothing shown for large areas"


# ------------------------------------------------------------------ downloads


def _tables(monkeypatch, db, min_cell: int):
    from ui import catalogue, data

    monkeypatch.setenv("RPKD_DB", str(db))
    line = data.poverty_line(YEAR)
    q = catalogue.Query(YEAR, None, None, line, min_cell)
    for spec in catalogue.tables_for("admin"):
        if not spec.household_level:
            yield spec.key, spec.build(q)


def _csv_back(df: pd.DataFrame) -> pd.DataFrame:
    from ui import export

    return pd.read_csv(io.BytesIO(export.to_csv_bytes(df)), dtype={"village_code": str})


def _xlsx_back(df: pd.DataFrame) -> pd.DataFrame:
    from ui import export

    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(df)), read_only=True)
    rows = list(wb.worksheets[0].values)
    head = next(i for i, r in enumerate(rows) if r and "suppressed" in r)
    out = pd.DataFrame(rows[head + 1 :], columns=rows[head])
    for c in estimate_columns(df):
        out[c] = pd.to_numeric(out[c], errors="coerce")
    return out


def test_village_downloads_blank_small_cells(small_store_path, villages, monkeypatch):
    small, large = villages
    checked = []
    for key, df in _tables(monkeypatch, small_store_path, N_VILLAGE):
        if "village_code" not in df.columns:
            continue
        assert_blank(df, "village_code", small, large, f"{key} (frame)")
        assert_blank(_csv_back(df), "village_code", small, large, f"{key} (CSV)")
        assert_blank(_xlsx_back(df), "village_code", small, large, f"{key} (XLSX)")
        checked.append(key)
    assert "indikator_kampung" in checked


def test_district_downloads_blank_small_cells(small_store_path, districts, monkeypatch):
    small, large = districts
    checked = []
    for key, df in _tables(monkeypatch, small_store_path, N_DISTRICT):
        if "district_code" not in df.columns or "village_code" in df.columns:
            continue
        assert_blank(df, "district_code", small, large, f"{key} (frame)")
        assert_blank(_csv_back(df), "district_code", small, large, f"{key} (CSV)")
        checked.append(key)
    assert {
        "indikator_distrik",
        "mpi_distrik",
        "jangkauan_program_distrik",
        "anggaran_distrik",
    } <= set(checked)


def test_reach_inclusion_error_needs_enough_reached_households(
    small_store_path, villages, monkeypatch
):
    """Inclusion error rests on the sampled households reached: few -> blank."""
    for key, df in _tables(monkeypatch, small_store_path, N_VILLAGE):
        if key != "jangkauan_program_distrik":
            continue
        few = df[df["households_reached"] < N_VILLAGE]
        many = df[df["households_reached"] >= N_VILLAGE]
        assert len(few) and len(many)
        assert few["inclusion_error"].isna().all()
        assert many["inclusion_error"].notna().any()
        return
    pytest.fail("no reach table")


# ------------------------------------------------------------------ pages


def _page(script: str, env: dict[str, str], monkeypatch, tmp_path):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "none.toml"))  # open demo: aggregates
    monkeypatch.setenv("RPKD_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(REPO)
    at = app_test(None)
    at.run()
    at.switch_page(script)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _area_tables(at, code_col_names=("code", "village_code", "district_code")):
    out = []
    for d in at.dataframe:
        df = d.value
        df = df.data if hasattr(df, "data") else df  # a Styler shows its frame
        cols = [c for c in code_col_names if c in df.columns]
        if cols:
            out.append((df, cols[0]))
    return out


def _map_codes_with_values(at) -> set[str]:
    """Area codes drawn with a colour from the value scale on any map of the page."""
    codes: set[str] = set()
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for tr in spec.get("data", []):
            if "locations" not in tr or tr.get("showscale") is False:
                continue
            z = tr.get("z") or []
            for loc, v in zip(tr["locations"], z, strict=False):
                if v is not None and not (isinstance(v, float) and np.isnan(v)):
                    codes.add(str(loc))
    return codes


def _suppressed_count(at) -> int | None:
    for c in at.caption:
        m = re.search(r"(\d+) wilayah disembunyikan", c.value)
        if m:
            return int(m.group(1))
    return None


def _indicator_options(at) -> list[str]:
    box = next(s for s in at.selectbox if s.label == "Indikator")
    return list(box.options)


def test_the_map_page_hides_small_villages_for_every_indicator(
    small_store_env, villages, monkeypatch, tmp_path
):
    small, large = villages
    at = _page("pages/peta.py", {}, monkeypatch, tmp_path)
    at.radio(key="map_lvl").set_value("village").run()
    options = _indicator_options(at)
    assert len(options) >= 5
    for i, label in enumerate(options):
        box = next(s for s in at.selectbox if s.label == "Indikator")
        box.set_value(label).run()
        assert not at.exception, label
        if any("bukan per kampung" in x.value for x in at.info):
            # An indicator with no village level (spending) says so and shows no values.
            assert all(df["value"].isna().all() for df, _ in _area_tables(at)), label
            assert not _map_codes_with_values(at), label
            continue
        df, code = _area_tables(at)[0]
        assert_blank(df[["value", "ci_low", "ci_high", code]], code, small, large, label)
        assert not (_map_codes_with_values(at) & small), label
        if i == 0:  # P0: the note counts exactly the small villages; large ones are drawn
            assert _suppressed_count(at) == len(small)
            assert _map_codes_with_values(at) & large


def test_the_reach_page_hides_small_villages(small_store_env, villages, monkeypatch, tmp_path):
    small, large = villages
    at = _page("pages/jangkauan.py", {}, monkeypatch, tmp_path)
    at.radio(key="reach_lvl").set_value("village").run()
    assert not at.exception
    df, code = _area_tables(at)[-1]
    assert_blank(df, code, small, large, "jangkauan village table")
    assert not (_map_codes_with_values(at) & small)
    assert _map_codes_with_values(at) & large
    assert _suppressed_count(at) == len(small)


def test_the_priority_page_does_not_rank_small_villages(
    small_store_env, villages, monkeypatch, tmp_path
):
    small, large = villages
    at = _page("pages/prioritas.py", {}, monkeypatch, tmp_path)
    at.radio(key="pr_lvl").set_value("village").run()
    assert not at.exception
    df, code = _area_tables(at)[0]
    assert_blank(df.drop(columns=["rank"]), code, small, large, "prioritas village table")
    assert df.loc[df[code].isin(small), "rank"].isna().all()
    assert df.loc[df[code].isin(small), "note"].astype(str).str.len().gt(0).all()  # a mark


def test_the_data_page_blanks_small_villages_and_says_so(
    small_store_env, villages, monkeypatch, tmp_path
):
    small, large = villages
    at = _page("pages/unduh.py", {}, monkeypatch, tmp_path)
    at.selectbox(key="data_table").set_value("indikator_kampung").run()
    assert not at.exception
    df, code = _area_tables(at)[0]
    assert_blank(df, code, small, large, "unduh preview")
    assert any("kurang dari 10 rumah tangga sampel" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "table", ["indikator_distrik", "mpi_distrik", "jangkauan_program_distrik", "anggaran_distrik"]
)
def test_the_data_page_blanks_small_districts(
    small_store_env, districts, monkeypatch, tmp_path, table
):
    small, large = districts
    at = _page("pages/unduh.py", {"RPKD_MIN_CELL": str(N_DISTRICT)}, monkeypatch, tmp_path)
    at.selectbox(key="data_table").set_value(table).run()
    assert not at.exception
    df, code = _area_tables(at)[0]
    assert_blank(df, code, small, large, f"unduh {table}")
    assert any(f"kurang dari {N_DISTRICT} rumah tangga" in c.value for c in at.caption)


def test_the_map_page_hides_small_districts(small_store_env, districts, monkeypatch, tmp_path):
    small, large = districts
    at = _page("pages/peta.py", {"RPKD_MIN_CELL": str(N_DISTRICT)}, monkeypatch, tmp_path)
    df, code = _area_tables(at)[0]
    assert_blank(df[["value", "ci_low", "ci_high", code]], code, small, large, "peta district")
    assert not (_map_codes_with_values(at) & small)
    assert _map_codes_with_values(at) & large
    assert _suppressed_count(at) == len(small)


def test_the_budget_page_does_not_draw_small_districts_against_need(
    small_store_env, districts, monkeypatch, tmp_path
):
    small, large = districts
    con = duckdb.connect(str(small_store_env), read_only=True)
    names = dict(con.execute("SELECT district_code, name FROM districts").fetchall())
    con.close()
    at = _page("pages/anggaran.py", {"RPKD_MIN_CELL": str(N_DISTRICT)}, monkeypatch, tmp_path)
    need = [
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if "alokasi = kebutuhan" in c.proto.spec
    ]
    assert len(need) == 1
    points = {
        str(t)
        for tr in need[0]["data"]
        if tr.get("mode") != "lines"
        for t in (tr.get("text") or [])
    }
    assert points, "no district drawn at all"
    assert not {names[d] for d in small} & points
    assert {names[d] for d in large} & points
