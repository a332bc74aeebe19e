"""ui.data: shared objects per store version, the schema check once per file, the warm-up."""

from __future__ import annotations

import gc
import os
import shutil
import sys

import pytest
import streamlit as st

from ui import data


@pytest.fixture()
def own_store(small_store_path, tmp_path, monkeypatch):
    """A private copy of the small store (its file may be touched), caches emptied."""
    path = tmp_path / "store.duckdb"
    shutil.copyfile(small_store_path, path)
    monkeypatch.setenv("RPKD_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()
    st.cache_data.clear()


def _bump(path) -> None:
    """A new file version, as a writer's swap makes (another inode and mtime)."""
    tmp = path.with_name(path.name + ".new")
    shutil.copyfile(path, tmp)
    os.replace(tmp, path)
    st_ = path.stat()
    os.utime(path, ns=(st_.st_atime_ns, st_.st_mtime_ns + 1_000_000))


calls: list[tuple] = []


def _build(n: int, label: str) -> dict:
    calls.append((n, label))
    return {"n": n, "label": label, "districts": len(data.named("districts"))}


def test_shared_builds_once_per_arguments_and_store_version(own_store):
    calls.clear()
    first = data.shared(_build, n=1, label="a")
    assert data.shared(_build, label="a", n=1) is first  # the same object, not a copy
    assert first["districts"] > 0
    other = data.shared(_build, n=2, label="a")
    assert other is not first and other["n"] == 2
    assert calls == [(1, "a"), (2, "a")]
    _bump(own_store)
    again = data.shared(_build, n=1, label="a")
    assert again is not first and again == first
    assert calls == [(1, "a"), (2, "a"), (1, "a")]


def test_schema_checked_once_per_store_file(own_store, monkeypatch):
    seen = []
    monkeypatch.setattr(data, "upgrade_if_needed", lambda s: seen.append(s.path) or False)
    monkeypatch.setattr(data, "_schema_checked", None)
    for _ in range(3):
        data.ensure_store()
    assert seen == [own_store.resolve()]
    _bump(own_store)
    data.ensure_store()
    data.ensure_store()
    assert len(seen) == 2


def test_schema_check_repeated_while_it_fails(own_store, monkeypatch):
    seen = []

    def busy(s):
        seen.append(1)
        raise data.StoreBusy("an import is running")

    monkeypatch.setattr(data, "upgrade_if_needed", busy)
    monkeypatch.setattr(data, "_schema_checked", None)
    data.ensure_store()
    data.ensure_store()
    assert len(seen) == 2


def test_imports_in_reads_every_import_form():
    src = """
import os, json as j
from ui import fmt, layout as lay
from analytics.poverty import (
    fgt_by,
    fgt_for,
)
from . import sibling

def f():
    import plotly.express as px
    from geo.maps import choropleth  # comment
"""
    found = data._imports_in(src)
    assert {"os", "json", "ui", "ui.fmt", "ui.layout", "analytics.poverty"} <= found
    assert {"analytics.poverty.fgt_by", "analytics.poverty.fgt_for"} <= found
    assert {"plotly.express", "geo.maps", "geo.maps.choropleth"} <= found
    assert not any(m.startswith(".") or "sibling" in m for m in found)


def test_modules_for_follows_project_modules_and_skips_names(tmp_path):
    script = tmp_path / "page.py"
    script.write_text(
        "from ui import headline\nfrom ui.fmt import num\nimport no_such_module_xyz\n"
    )
    mods = data.modules_for([script])
    assert "ui.headline" in mods and "ui.fmt" in mods
    # ui.headline imports analytics.poverty inside a function: followed through.
    assert "analytics.poverty" in mods
    assert "plotly.graph_objects" in mods  # the charts' lazy imports
    assert "ui.fmt.num" not in mods  # a function, not a module
    assert "no_such_module_xyz" not in mods


def test_warm_process_imports_once_and_freezes(tmp_path, monkeypatch):
    script = tmp_path / "page.py"
    script.write_text("import colorsys\n")
    monkeypatch.setattr(data, "_warmed", False)
    sys.modules.pop("colorsys", None)
    try:
        assert data.warm_process([script]) is True
        assert "colorsys" in sys.modules
        assert gc.get_freeze_count() > 0
        assert data.warm_process([script]) is False
    finally:
        gc.unfreeze()
