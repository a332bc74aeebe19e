"""ui.data: the schema check once per store file, the warm-up."""

from __future__ import annotations

import gc
import sys

from ui import data


def test_schema_checked_once_per_store_file(own_store, bump, monkeypatch):
    seen = []
    monkeypatch.setattr(data, "upgrade_if_needed", lambda s: seen.append(s.path) or False)
    monkeypatch.setattr(data, "_schema_checked", None)
    for _ in range(3):
        data.ensure_store()
    assert seen == [own_store.resolve()]
    bump(own_store)
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
