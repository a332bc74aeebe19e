"""Codes and notes of the reference CSVs and the audit log read in the interface's language
(ui.labels), while the files keep what was delivered."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from config import REFERENCE_DIR
from ui import audit, charts_summary, labels, sources

# Words of the English notes and codes in data/reference; none may survive into Indonesian.
# ("import" and "FILE" are left out: `rpkd import targets FILE` is a command.)
ENGLISH = {
    "published",
    "interpolated",
    "interpolation",
    "geometric",
    "between",
    "lines",
    "found",
    "placeholder",
    "before",
    "split",
    "fits",
    "thousand",
    "poor",
    "edit",
    "re",
    "actual",
    "baseline",
    "release",
    "news",
    "via",
    "march",
    "reported",
    "disputed",
    "percent",
    "index",
    "people",
    "user",
}


def _words(s: str) -> set[str]:
    """The words of ``s``, web addresses (papuatengah.news, a/b) left out."""
    text = " ".join(w for w in s.split() if not re.search(r"[a-z]\.[a-z]|/", w))
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def _reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / f"{name}.csv", dtype={"year": int})


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("poverty_lines", ["status", "source"]),
        ("targets", ["unit", "source"]),
        ("official_series", ["area_name", "unit", "status", "source"]),
    ],
)
def test_reference_values_have_no_english_left_in_indonesian(name, columns):
    raw = _reference(name)
    shown = getattr(labels, name)(raw, "id")
    for col in columns:
        for before, after in zip(raw[col], shown[col], strict=True):
            left = _words(after) & ENGLISH
            assert not left, f"{name}.{col}: {before!r} -> {after!r} keeps {left}"
    pd.testing.assert_frame_equal(raw, _reference(name))  # the frame passed in is untouched


@pytest.mark.parametrize("name", ["poverty_lines", "targets", "official_series"])
def test_english_shows_the_notes_as_delivered(name):
    raw = _reference(name)
    shown = getattr(labels, name)(raw, "en")
    for col in ("source", "area_name"):
        if col in raw:
            assert list(shown[col]) == list(raw[col])


def test_statuses_units_and_notes_in_indonesian():
    assert labels.line_status("published", "id") == "dipublikasikan BPS"
    assert labels.line_status("interpolated", "id") == "interpolasi, belum ada angka BPS"
    assert labels.line_status("user", "id") == "diisi pengguna"
    assert labels.line_status("interpolated", "en") == "interpolated, no BPS figure"
    assert labels.unit("percent", "id") == "persen" and labels.unit("index", "id") == "indeks"
    assert labels.unit("percent", "en") == "percent"
    line_note = (
        "geometric interpolation between the published 2018 and 2023 lines "
        "(no published figure found)"
    )
    assert labels.note(line_note, "id") == (
        "interpolasi geometris antara garis kemiskinan 2018 dan 2023 yang dipublikasikan "
        "(angka resminya tidak ditemukan)"
    )
    placeholder = (
        "PLACEHOLDER: no published RPKD 2025-2029 target found; edit and re-import "
        "(rpkd import targets FILE)"
    )
    assert labels.note(placeholder, "id") == (
        "SEMENTARA: belum ada target RPKD 2025-2029 yang dipublikasikan; ubah lalu impor "
        "ulang (rpkd import targets FILE)"
    )
    assert labels.note("Provinsi Papua (before 2022 split)", "id") == (
        "Provinsi Papua (sebelum pemekaran 2022)"
    )
    disputed = "disputed: 14.72 fits the 30.12 thousand poor"
    assert labels.official_status(disputed, "id") == (
        "diragukan: 14,72 lebih sesuai dengan 30,12 ribu penduduk miskin"
    )
    assert labels.official_status(disputed, "en") == disputed
    assert labels.official_status("reported", "id") == "dilaporkan"
    assert labels.indicator("ipm", "id") == "Indeks Pembangunan Manusia (IPM)"
    assert labels.indicator("p0", "id") == "Persentase penduduk miskin (P0)"


def test_unknown_codes_and_notes_are_shown_as_written():
    assert labels.unit("hectare", "id") == "hectare"
    assert labels.line_status("estimated", "id") == "estimated"
    assert labels.note("Dinas Sosial, 2024", "id") == "Dinas Sosial, 2024"
    assert labels.official_status("revised", "id") == "revised"
    assert labels.note(None, "id") == "" and labels.unit(float("nan"), "id") == ""


def test_every_audit_event_has_words_in_both_languages():
    for code in audit.EVENTS:
        id_, en = labels.event(code, "id"), labels.event(code, "en")
        assert id_ != code and en != code and id_ != en, code
    assert labels.event("signin_ok", "id") == "Berhasil masuk"
    assert labels.event("download", "en") == "Download"


def test_the_audit_display_has_words_and_the_download_keeps_codes():
    df = pd.DataFrame(
        {
            "id": [2, 1],
            "at_utc": ["2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"],
            "user_name": ["ana", "ana"],
            "role": ["admin", "admin"],
            "event": ["download", "signin_failed"],
            "detail": ['{"what": "x"}', None],
            "session": [None, None],
        }
    )
    shown = audit.for_display(df, "id")
    assert list(shown.columns) == [
        "No.",
        "Waktu (UTC)",
        "Pengguna",
        "Peran",
        "Kejadian",
        "Rincian",
        "Sesi",
    ]
    assert list(shown["Kejadian"]) == ["Unduhan", "Gagal masuk"]
    assert list(audit.for_display(df, "en")["Event"]) == ["Download", "Sign-in failed"]
    out = audit.with_event_label(df, "id")
    assert list(out["event"]) == ["download", "signin_failed"]
    assert list(out.columns[4:6]) == ["event", "event_label"]
    assert list(out["event_label"]) == ["Unduhan", "Gagal masuk"]
    assert list(df["event"]) == ["download", "signin_failed"]


def test_methodology_official_sources_in_indonesian():
    official = _reference("official_series")
    rows = sources.official_sources(official, "id").set_index(["area_name", "indicator"])
    p0 = rows.loc[("Kabupaten Mimika", "Persentase penduduk miskin (P0)")]
    assert p0["status"] == "2016: diragukan: 14,72 lebih sesuai dengan 30,12 ribu penduduk miskin"
    papua = rows.loc[("Provinsi Papua (sebelum pemekaran 2022)", "Persentase penduduk miskin (P0)")]
    assert papua["status"] == "dilaporkan"
    en = sources.official_sources(official, "en").set_index(["area_name", "indicator"])
    assert en.loc[("Kabupaten Mimika", "Poverty headcount (P0)"), "status"].startswith(
        "2016: disputed: 14.72"
    )


def test_the_summary_trend_hover_shows_the_status_in_the_language():
    official = _reference("official_series")
    empty = pd.DataFrame(columns=["year", "target", "is_placeholder"])
    computed = pd.DataFrame(columns=["year", "p0", "p0_ci_low", "p0_ci_high"])
    for lang, reported, disputed in [
        ("id", "dilaporkan", "diragukan: 14,72"),
        ("en", "reported", "disputed: 14.72"),
    ]:
        fig = charts_summary.trend_figure(computed, official, empty, lang=lang, area_label="Mimika")
        mimika = next(
            tr for tr in fig.data if tr.name == charts_summary.text("trend_published", lang)
        )
        statuses = dict(zip(mimika.x, mimika.customdata, strict=True))
        assert statuses[2015] == reported
        assert statuses[2016].startswith(disputed)
