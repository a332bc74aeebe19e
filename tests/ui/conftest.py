"""Fixtures for the ui tests: a private store copy whose file may be replaced."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st


@pytest.fixture()
def own_store(small_store_path, tmp_path, monkeypatch) -> Path:
    """A private copy of the small store (its file may be touched), caches emptied."""
    path = tmp_path / "store.duckdb"
    shutil.copyfile(small_store_path, path)
    monkeypatch.setenv("RPKD_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def _bump(path: Path) -> None:
    """A new file version, as a writer's swap makes (another inode and mtime)."""
    tmp = path.with_name(path.name + ".new")
    shutil.copyfile(path, tmp)
    os.replace(tmp, path)
    st_ = path.stat()
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns + 1_000_000))


@pytest.fixture()
def bump() -> Callable[[Path], None]:
    """Replace a store file by a copy of itself, as an import does."""
    return _bump
