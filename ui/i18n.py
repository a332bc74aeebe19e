"""Interface text in Bahasa Indonesia (default) and English.

``TEXT`` maps a key to (Indonesian, English). Pages call ``t("key")``; a test
checks every key used in pages/ and ui/ exists here with both languages.
Keep keys short and grouped by page.
"""

from __future__ import annotations

import streamlit as st

LANGS = ("id", "en")

TEXT: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("Dasbor Kemiskinan Kabupaten Mimika", "Mimika Regency Poverty Dashboard"),
    "app_subtitle": (
        "Bukti untuk RPKD 2025-2029 dan RAT 2026",
        "Evidence for the RPKD 2025-2029 and the RAT 2026",
    ),
    "language": ("Bahasa", "Language"),
    "year": ("Tahun", "Year"),
    "zone": ("Zona", "Zone"),
    "district": ("Distrik", "District"),
    "village": ("Kampung/Kelurahan", "Village"),
    "all": ("Semua", "All"),
    "all_zones": ("Semua zona", "All zones"),
    "all_districts": ("Semua distrik", "All districts"),
    "filters": ("Filter", "Filters"),
    "data_freshness": ("Data dimuat", "Data loaded"),
    "demo_banner": (
        "DATA DEMO SINTETIS — bukan data rumah tangga nyata. Dikalibrasi ke angka BPS "
        "(P0 kabupaten per tahun, penduduk per distrik). Impor data asli di halaman Impor Data.",
        "SYNTHETIC DEMO DATA — not real households. Calibrated to BPS figures (regency P0 "
        "per year, district populations). Import real data on the Import page.",
    ),
    "demo_short": ("Data demo sintetis", "Synthetic demo data"),
    "building_store": (
        "Menyiapkan data bawaan Mimika (sekali saja, kurang dari satu menit)…",
        "Building the embedded Mimika default (once, under a minute)…",
    ),
    "store_error": ("Basis data tidak dapat dibuka", "The store cannot be opened"),
    "no_data_year": (
        "Tidak ada data rumah tangga untuk tahun ini.",
        "No household data for this year.",
    ),
    # zones
    "zone_coastal": ("Pesisir", "Coastal"),
    "zone_lowland": ("Dataran rendah", "Lowland"),
    "zone_highland": ("Dataran tinggi", "Highland"),
    # pages
    "page_summary": ("Ringkasan", "Summary"),
    "page_map": ("Peta Disparitas", "Disparity Map"),
    "page_reach": ("Jangkauan Program", "Programme Reach"),
    "page_budget": ("Efisiensi Anggaran", "Budget Efficiency"),
    "page_data": ("Data & Unduh", "Data & Download"),
    "page_method": ("Metodologi", "Methodology"),
    "page_import": ("Impor Data", "Import Data"),
    # indicators
    "p0": ("Persentase penduduk miskin (P0)", "Poverty headcount (P0)"),
    "p1": ("Indeks kedalaman kemiskinan (P1)", "Poverty gap index (P1)"),
    "p2": ("Indeks keparahan kemiskinan (P2)", "Poverty severity index (P2)"),
    "poor_people": ("Jumlah penduduk miskin", "Poor people"),
    "gini": ("Rasio Gini", "Gini ratio"),
    "population": ("Penduduk", "Population"),
    "households": ("Rumah tangga", "Households"),
    "poverty_line": ("Garis kemiskinan", "Poverty line"),
    "per_capita_month": ("per kapita per bulan", "per capita per month"),
    "ci95": ("selang kepercayaan 95%", "95% confidence interval"),
    "vs_last_year": ("dibanding tahun lalu", "vs last year"),
    "vs_target": ("terhadap target RPKD", "vs RPKD target"),
    "target": ("Target RPKD", "RPKD target"),
    "placeholder_target": (
        "target sementara (belum ada target resmi; dapat diubah)",
        "placeholder target (no published target yet; editable)",
    ),
    "source": ("Sumber", "Source"),
    "boundaries_credit": (
        "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), diolah.",
        "Boundaries: cahyadsn/wilayah_boundaries (MIT), processed.",
    ),
    "suppressed": (
        "disembunyikan: kurang dari {n} rumah tangga sampel",
        "suppressed: fewer than {n} sample households",
    ),
}


def _merge_page_texts() -> None:
    import importlib
    import pkgutil

    from ui import texts

    for mod in pkgutil.iter_modules(texts.__path__):
        page_text = importlib.import_module(f"ui.texts.{mod.name}").TEXT
        clash = set(page_text) & set(TEXT)
        if clash:
            raise KeyError(f"ui/texts/{mod.name}.py redefines {sorted(clash)}")
        TEXT.update(page_text)


_merge_page_texts()


def lang() -> str:
    """The current interface language ('id' default)."""
    v = st.session_state.get("lang", "id")
    return v if v in LANGS else "id"


def text(key: str, language: str, **kwargs: object) -> str:
    """Translate ``key`` into ``language`` ('id' or 'en'), without streamlit.

    Chart builders and exports use this so they stay plain functions; an unknown
    key comes back as itself (visible, and caught by tests/ui/test_i18n.py).
    """
    pair = TEXT.get(key)
    if pair is None:
        return key
    s = pair[1] if language == "en" else pair[0]
    return s.format(**kwargs) if kwargs else s


def t(key: str, **kwargs: object) -> str:
    """Translate ``key`` into the current language; ``{name}`` fields filled from kwargs."""
    return text(key, lang(), **kwargs)


def zone_label(zone: str) -> str:
    return t(f"zone_{zone}") if f"zone_{zone}" in TEXT else zone
