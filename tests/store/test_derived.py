"""The derived design tables follow every write, and the stored path equals the general one.

``analytics.poverty.fgt_by`` reads the writer's derived tables (store.derived)
when they describe the households as they are; the general computation runs on
any other relation. Here the same store is asked both ways (the general path
through a view of the same rows) after each kind of write.
"""

from __future__ import annotations

import shutil

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.inequality import gini_by
from analytics.poverty import fgt_by
from ingest.load import import_delivery
from store import derived
from store.db import Store, upgrade_if_needed

LEVELS = ("regency", "zone", "district", "village")
LINE_RP = 1_200_000.0


@pytest.fixture()
def store(small_store_path, tmp_path) -> Store:
    path = tmp_path / "s.duckdb"
    shutil.copyfile(small_store_path, path)
    return Store(path)


def both(con, year: int, by: str, **kw) -> tuple[pd.DataFrame, pd.DataFrame]:
    """fgt_by on the stored households and, through a view, on the general path."""
    con.execute("CREATE OR REPLACE TEMP VIEW hh_general AS SELECT * FROM households")
    fast = fgt_by(con, line_rp=LINE_RP, year=year, by=by, **kw)
    slow = fgt_by(con, "hh_general", line_rp=LINE_RP, year=year, by=by, **kw)
    return fast, slow


def assert_same(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    assert list(fast.columns) == list(slow.columns)
    assert fast["group"].tolist() == slow["group"].tolist()
    num = [c for c in fast.columns if c != "group"]
    a, b = fast[num].to_numpy(float), slow[num].to_numpy(float)
    assert np.array_equal(np.isnan(a), np.isnan(b))
    ok = ~np.isnan(b)
    np.testing.assert_allclose(a[ok], b[ok], rtol=1e-9, atol=1e-10)


def stored_path_used(con, year: int) -> bool:
    return derived.usable(con, year)


@pytest.mark.parametrize("by", LEVELS)
@pytest.mark.parametrize("lonely", ["adjust", "certainty"])
def test_stored_path_equals_general_path(store, by, lonely):
    with store.read() as con:
        assert stored_path_used(con, 2025)
        for multiple in (1.0, 1.5):
            fast, slow = both(con, 2025, by, lonely_psu=lonely, line_multiple=multiple)
            assert_same(fast, slow)
        assert fast["gini"].notna().all()


def test_gini_table_equals_gini_by(store):
    with store.read() as con:
        for by in LEVELS:
            want = gini_by(con, year=2024, by=by)
            got = dict(
                con.execute(
                    "SELECT grp, gini FROM design_gini WHERE year = 2024 AND level = ?", [by]
                ).fetchall()
            )
            assert sorted(got, key=str) == sorted(want["group"], key=str)
            for g, v in zip(want["group"], want["gini"], strict=True):
                assert got[g] == pytest.approx(v, rel=1e-9, abs=1e-10)


def _households(store, year: int) -> pd.DataFrame:
    with store.read() as con:
        return con.execute(
            "SELECT * EXCLUDE (psu_key, nik_hash) FROM households WHERE year = ?", [year]
        ).df()


def test_replace_and_append_rebuild_the_year(store, tmp_path):
    # Replace 2025 by a delivery of half its households, with some moved to a new PSU.
    hh = _households(store, 2025)
    half = hh.iloc[: len(hh) // 2].copy()
    half.loc[half.index[:50], "psu"] = "NEW-PSU"
    half.loc[half.index[:50], "strata"] = half.loc[half.index[:50], "district_code"] + "-R"
    half.loc[half.index[:50], "village_code"] = half.loc[half.index[0], "village_code"]
    half.loc[half.index[:50], "district_code"] = half.loc[half.index[0], "district_code"]
    import_delivery(store, "households", half, replace=True, file_name="half.csv")
    with store.read() as con:
        assert stored_path_used(con, 2025)
        assert con.execute("SELECT household_rows FROM derived_state WHERE year = 2025").fetchone()[
            0
        ] == len(half)
        for by in LEVELS:
            assert_same(*both(con, 2025, by))
    # Add the other half by a raw write (as the benchmark generator adds chunks): the
    # year's PSU numbers are recomputed over old and new rows together.
    rest = hh.iloc[len(hh) // 2 :].copy()
    with store.write() as con:
        con.register("rest_df", rest)
        cols = ", ".join(rest.columns)
        con.execute(f"INSERT INTO households ({cols}) SELECT {cols} FROM rest_df")
    with store.read() as con:
        n = con.execute("SELECT count(*) FROM households WHERE year = 2025").fetchone()[0]
        assert n == len(hh)
        assert stored_path_used(con, 2025)
        keys = con.execute(
            "SELECT count(DISTINCT psu_key), count(DISTINCT (strata, psu)) FROM households "
            "WHERE year = 2025"
        ).fetchone()
        assert keys[0] == keys[1]
        for by in LEVELS:
            assert_same(*both(con, 2025, by))


def test_zone_mapping_rebuilds_zone_gini(store, tmp_path):
    with store.read() as con:
        before = both(con, 2025, "zone")[0]
    zones = pd.DataFrame({"distrik": ["94.04.01", "94.04.04"], "zona": ["highland", "highland"]})
    import_delivery(store, "zone_mapping", zones, file_name="zones.csv")
    with store.read() as con:
        assert stored_path_used(con, 2025)
        fast, slow = both(con, 2025, "zone")
        assert_same(fast, slow)
        assert not np.allclose(fast["gini"], before["gini"])


def test_a_raw_write_is_followed_too(store):
    # A writer that bypasses the import (the benchmark generator does) still gets
    # psu_key and derived tables, because the store writer refreshes before commit.
    with store.write() as con:
        con.execute("DELETE FROM households WHERE year = 2024 AND village_code LIKE '94.04.01%'")
        con.execute("UPDATE households SET psu_key = NULL WHERE year = 2024")
    with store.read() as con:
        assert con.execute(
            "SELECT count(*) FROM households WHERE year = 2024 AND psu_key IS NULL"
        ).fetchone() == (0,)
        assert stored_path_used(con, 2024)
        for by in LEVELS:
            assert_same(*both(con, 2024, by))


def test_a_change_outside_the_writer_falls_back(store):
    # Rows added by a plain DuckDB connection (not Store.write): the derived tables no
    # longer match the year's row count, so the general path answers, correctly.
    con = duckdb.connect(str(store.path))
    con.execute(
        "INSERT INTO households SELECT * REPLACE ('X' || hh_id AS hh_id) FROM households "
        "WHERE year = 2025 LIMIT 40"
    )
    con.close()
    with store.read() as con:
        assert not stored_path_used(con, 2025)
        fast, slow = both(con, 2025, "district")
        assert_same(fast, slow)


def test_households_without_psu_use_the_general_path(store):
    with store.write() as con:
        con.execute("UPDATE households SET psu = NULL WHERE year = 2025 AND hh_id LIKE '%1'")
    with store.read() as con:
        row = con.execute("SELECT nested FROM derived_state WHERE year = 2025").fetchone()
        assert row == (False,)
        assert not stored_path_used(con, 2025)
        assert con.execute(
            "SELECT count(*) FROM households WHERE year = 2025 AND psu IS NULL "
            "AND psu_key IS NOT NULL"
        ).fetchone() == (0,)
        assert_same(*both(con, 2025, "village"))
        # The other year is untouched and still on the stored path.
        assert stored_path_used(con, 2024)


def test_removed_year_drops_its_derived_rows(store):
    with store.write() as con:
        con.execute("DELETE FROM beneficiaries WHERE year = 2024")
        con.execute("DELETE FROM households WHERE year = 2024")
    with store.read() as con:
        for t in ("design_cells", "design_gini", "derived_state"):
            assert con.execute(f"SELECT count(*) FROM {t} WHERE year = 2024").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM derived_state").fetchone() == (1,)


def test_older_store_is_upgraded(store):
    # A schema-2 store: no psu_key column, no derived tables.
    con = duckdb.connect(str(store.path))
    for t in ("design_cells", "design_gini", "derived_state"):
        con.execute(f"DROP TABLE {t}")
    con.execute("ALTER TABLE households DROP COLUMN psu_key")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    assert upgrade_if_needed(store)
    with store.read() as con:
        assert stored_path_used(con, 2025) and stored_path_used(con, 2024)
        assert_same(*both(con, 2024, "district"))


def _psu_numbers(con, year: int) -> pd.DataFrame:
    """Each household's psu_key beside the number (strata, psu) order gives, from pandas."""
    hh = con.execute(
        "SELECT hh_id, strata, psu, psu_key FROM households WHERE year = ?", [year]
    ).df()
    pairs = hh.loc[hh["psu"].notna(), ["strata", "psu"]].drop_duplicates()
    pairs = pairs.sort_values(["strata", "psu"], na_position="last").reset_index(drop=True)
    pairs["expected"] = np.arange(1, len(pairs) + 1)
    return hh.merge(pairs, on=["strata", "psu"], how="left")


def test_the_import_numbers_psus_as_it_inserts(store, monkeypatch):
    hh = _households(store, 2025)

    def no_renumbering(*a, **k):
        raise AssertionError("the import's PSU numbers should need no renumbering")

    monkeypatch.setattr(derived, "_rekey", no_renumbering)
    import_delivery(store, "households", hh, replace=True, file_name="again.csv")
    with store.read() as con:
        got = _psu_numbers(con, 2025)
        assert got["psu_key"].notna().all()
        assert (got["psu_key"] == got["expected"]).all()
        assert stored_path_used(con, 2025)
        assert_same(*both(con, 2025, "village"))


def test_psu_numbers_changed_alone_are_numbered_again(store):
    # A write touching only psu_key (swapping two PSUs' numbers, giving one a gap):
    # the fingerprint includes the numbers, so the writer checks and renumbers them.
    with store.write() as con:
        con.execute(
            "UPDATE households SET psu_key = CASE psu_key WHEN 1 THEN 2 WHEN 2 THEN 1 "
            "ELSE psu_key + 7 END WHERE year = 2025 AND psu_key <= 3"
        )
    with store.read() as con:
        got = _psu_numbers(con, 2025)
        assert (got["psu_key"] == got["expected"]).all()
        state = con.execute(
            "SELECT household_rows, fingerprint FROM derived_state WHERE year = 2025"
        ).fetchone()
        assert state == derived.fingerprints(con, 2025)[2025]
        assert stored_path_used(con, 2025)
        for by in LEVELS:
            assert_same(*both(con, 2025, by))
