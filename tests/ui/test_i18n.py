"""Interface text: every key used exists in both languages, once, with the same fields."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

from ui import i18n, texts

REPO = Path(__file__).resolve().parents[2]
# t("key") and text("key", ...) with a literal key; not st.text(...) or obj.t(...).
USE = re.compile(r"(?<![\w.])(?:t|text)\(\s*\"([a-z][a-z0-9_]*)\"")
SOURCES = sorted(
    p
    for p in [*REPO.glob("pages/*.py"), *REPO.glob("ui/*.py"), REPO / "app.py"]
    if p.name != "i18n.py"  # its docstring shows t("key") as an example
)


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def test_every_literal_key_used_exists():
    missing = {}
    for path in SOURCES:
        for key in USE.findall(path.read_text(encoding="utf-8")):
            if key not in i18n.TEXT:
                missing.setdefault(path.name, []).append(key)
    assert not missing, f"keys used but not defined: {missing}"


def test_the_scan_finds_keys():
    # Guard against a regex that silently matches nothing.
    found = {k for p in SOURCES for k in USE.findall(p.read_text(encoding="utf-8"))}
    assert {"no_data_year", "demo_banner", "data_table", "m_tab_definitions"} <= found


@pytest.mark.parametrize("key", sorted(i18n.TEXT))
def test_both_languages_present_with_same_fields(key):
    pair = i18n.TEXT[key]
    assert isinstance(pair, tuple) and len(pair) == 2
    id_, en = pair
    assert id_.strip() and en.strip()
    assert _fields(id_) == _fields(en)


def test_no_key_defined_twice():
    seen: dict[str, str] = {}
    core = importlib.import_module("ui.i18n")
    # Core keys are those not coming from any page module.
    page_keys = {}
    for mod in pkgutil.iter_modules(texts.__path__):
        page_keys[mod.name] = set(importlib.import_module(f"ui.texts.{mod.name}").TEXT)
    for name, keys in page_keys.items():
        for k in keys:
            assert k not in seen, f"{k} in ui/texts/{name}.py and {seen[k]}"
            seen[k] = f"ui/texts/{name}.py"
    all_page = set(seen)
    assert all_page <= set(core.TEXT)


def test_text_picks_the_language_and_fills_fields():
    assert i18n.text("zone_highland", "id") == "Dataran tinggi"
    assert i18n.text("zone_highland", "en") == "Highland"
    assert i18n.text("sum_area_zone", "en", zone="Coastal") == "Coastal zone"
    assert i18n.text("no-such-key", "en") == "no-such-key"


@pytest.mark.parametrize("zone", ["coastal", "lowland", "highland"])
def test_dynamic_keys_exist(zone):
    for key in (f"zone_{zone}",):
        assert key in i18n.TEXT
    for status in ("published", "interpolated", "user"):
        assert f"status_{status}" in i18n.TEXT


def test_every_page_title_exists():
    from ui import nav

    for spec in nav.PAGES:
        assert spec.title_key in i18n.TEXT, spec.script
