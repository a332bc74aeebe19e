"""Shared fixtures: a small demo store built by the real import, once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

SMALL_HOUSEHOLDS = 3000
SMALL_YEARS = (2024, 2025)


@pytest.fixture(scope="session")
def small_store_path(tmp_path_factory) -> Path:
    """A demo store (3,000 households a year, 2024-2025) built through the checked import."""
    from ingest.demo import build_demo

    path = tmp_path_factory.mktemp("store") / "small.duckdb"
    build_demo(path, households=SMALL_HOUSEHOLDS, seed=7, years=SMALL_YEARS)
    return path


@pytest.fixture()
def small_store_env(small_store_path, monkeypatch) -> Path:
    """Point the app and CLI at the small store (RPKD_DB)."""
    monkeypatch.setenv("RPKD_DB", str(small_store_path))
    return small_store_path
