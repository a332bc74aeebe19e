"""Labels for the codes and notes of the reference CSVs (data/reference) as the pages show them.

The files and the store keep their values as delivered (``published``, ``percent``,
``PLACEHOLDER: ...``); ``ui.labels`` turns them into words of the interface language
at display time. ``NOTE_RULES_ID`` translates the English free-text notes of those files
fragment by fragment; a note no rule knows is shown as written.
"""

from __future__ import annotations

import re

TEXT: dict[str, tuple[str, str]] = {
    # official_series.status
    "ref_status_reported": ("dilaporkan", "reported"),
    "ref_status_disputed": ("diragukan", "disputed"),
    # official_series.unit, targets.unit
    "ref_unit_percent": ("persen", "percent"),
    "ref_unit_index": ("indeks", "index"),
    "ref_unit_people": ("jiwa", "people"),
    "ref_unit_rupiah_per_capita_month": ("Rp per kapita per bulan", "Rp per capita per month"),
    # official_series.indicator beyond the headline indicators (those use p0, gini, ...)
    "ref_ind_ipm": ("Indeks Pembangunan Manusia (IPM)", "Human Development Index (IPM)"),
    "ref_ind_unemployment": ("Tingkat pengangguran terbuka", "Open unemployment rate"),
    "ref_ind_extreme_poverty": ("Persentase penduduk miskin ekstrem", "Extreme poverty rate"),
    # provenance.source_kind
    "ref_kind_demo": ("demo", "demo"),
    "ref_kind_import": ("impor", "import"),
}

#: (English fragment as a regular expression, its Indonesian). ``{1}``, ``{2}`` take the
#: fragment's groups; a group that is a decimal number (``14.72``) gets a decimal comma.
#: Applied in order to the whole note; what no rule matches stays as written.
NOTE_RULES_ID: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\(before (\d{4}) split\)"), "(sebelum pemekaran {1})"),
    (
        re.compile(r"geometric interpolation between the published (\d{4}) and (\d{4}) lines"),
        "interpolasi geometris antara garis kemiskinan {1} dan {2} yang dipublikasikan",
    ),
    (re.compile(r"\(no published figure found\)"), "(angka resminya tidak ditemukan)"),
    (re.compile(r"^PLACEHOLDER:"), "SEMENTARA:"),
    (
        re.compile(r"no published (RPKD \d{4}-\d{4}) target found"),
        "belum ada target {1} yang dipublikasikan",
    ),
    (re.compile(r"edit and re-import"), "ubah lalu impor ulang"),
    (
        re.compile(r"\(published actual, RPKD baseline\)"),
        "(angka realisasi yang dipublikasikan, dasar RPKD)",
    ),
    (
        re.compile(r"(\d+(?:\.\d+)?) fits the (\d+(?:\.\d+)?) thousand poor"),
        "{1} lebih sesuai dengan {2} ribu penduduk miskin",
    ),
    (re.compile(r"BPS Papua release \(news\)"), "rilis BPS Papua (berita)"),
    (re.compile(r"BPS release via"), "rilis BPS melalui"),
    (re.compile(r"\bvia\b"), "melalui"),
    (re.compile(r"\bMarch\b"), "Maret"),
    (re.compile(r"\bAugust\b"), "Agustus"),
]
