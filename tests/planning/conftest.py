"""Fixtures for the planning tests: a writable copy of the small demo store, and a tiny
hand-made store whose what-if results can be worked out on paper."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from store.db import Store


@pytest.fixture()
def rat_store(small_store_path, tmp_path) -> Store:
    """A private copy of the small demo store (saves must not leak between tests)."""
    path = tmp_path / "rat.duckdb"
    shutil.copyfile(small_store_path, path)
    return Store(path)


@pytest.fixture()
def tiny_store(tmp_path) -> Store:
    """Four households, three districts (one per zone), line z = 1,000 Rp (2025).

    h1 lowland, 2 persons, y = 900, decile 1; h2 lowland, 1 person, y = 950, decile 2,
    programme X pays 600 a year; h3 coastal, 3 persons, y = 2,000, decile 5, X pays
    3,600; h4 highland, 1 person, y = 500, decile 1. Weights 1.
    """
    store = Store(tmp_path / "tiny.duckdb")
    districts = pd.DataFrame(
        {
            "district_code": ["94.04.01", "94.04.02", "94.04.03"],
            "bps_code": ["9412030", "9412040", "9412010"],
            "name": ["Mimika Baru", "Agimuga", "Mimika Timur"],
            "zone": ["lowland", "highland", "coastal"],
        }
    )
    hh = pd.DataFrame(
        {
            "year": 2025,
            "hh_id": ["h1", "h2", "h3", "h4"],
            "district_code": ["94.04.01", "94.04.01", "94.04.03", "94.04.02"],
            "hh_size": [2, 1, 3, 1],
            "weight": [1.0, 1.0, 1.0, 1.0],
            "consumption_pc_rp": [900.0, 950.0, 2000.0, 500.0],
            "welfare_decile": [1, 2, 5, 1],
        }
    )
    ben = pd.DataFrame(
        {"programme_code": "X", "year": 2025, "hh_id": ["h3", "h2"], "amount_rp": [3600.0, 600.0]}
    )
    with store.write() as con:
        for name, df in (("districts", districts), ("households", hh), ("beneficiaries", ben)):
            con.register("_f", df)
            cols = ", ".join(df.columns)
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _f")
            con.unregister("_f")
        con.execute("INSERT INTO poverty_lines VALUES (2025, 1000, 'user', 'test')")
        con.execute(
            "INSERT INTO programmes VALUES ('X', 'Programme X', 'Dinas Sosial', 'APBD', "
            "'social_assistance', NULL)"
        )
    return store
