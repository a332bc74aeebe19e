"""Fixtures for the import tests: a small store built once, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from store.db import Store
from tests.ingest.helpers import canonical_households, plain_text, write_csv


@pytest.fixture(scope="session")
def base_store_path(tmp_path_factory) -> Path:
    """Reference data, the demo's programmes, 200 households of 2025 and their benefits."""
    from ingest.demo import PROGRAMMES
    from ingest.load import import_delivery
    from ingest.reference import init_store

    path = tmp_path_factory.mktemp("ingest-store") / "base.duckdb"
    store = Store(path)
    init_store(store)
    import_delivery(store, "programmes", PROGRAMMES, file_name="programmes.csv")
    hh = canonical_households(200, seed=3).assign(
        year=2025, hh_id=[f"H{i:04d}" for i in range(200)]
    )
    import_delivery(store, "households", hh, file_name="households_2025.csv")
    rng = np.random.default_rng(1)
    ben = pd.DataFrame(
        {
            "programme_code": "PKH",
            "year": 2025,
            "hh_id": hh.hh_id[rng.random(200) < 0.3].to_numpy(),
            "amount_rp": 3_000_000.0,
        }
    )
    import_delivery(store, "beneficiaries", ben, file_name="pkh_2025.csv")
    return path


@pytest.fixture()
def store(base_store_path, tmp_path) -> Store:
    """A private copy of the base store."""
    path = tmp_path / "store.duckdb"
    shutil.copy(base_store_path, path)
    return Store(path)


@pytest.fixture(scope="session")
def canonical() -> pd.DataFrame:
    return canonical_households()


@pytest.fixture()
def canonical_csv(canonical, tmp_path) -> Path:
    """The canonical delivery: UTF-8, comma delimited, decimal point, store column names."""
    return write_csv(plain_text(canonical), tmp_path / "households_2024.csv")
