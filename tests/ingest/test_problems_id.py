"""Import messages in Bahasa Indonesia: every text the import writes has its Indonesian.

The import writes English (CLI, report CSV); the import page shows the interface's
language through ``ingest.problems.localise``. These tests run the corpus of bad
files (tests/ingest/test_refusals.py) and the format variants
(tests/ingest/test_formats.py) through the real import and fail on any
"expected" text or reading note that no Indonesian pattern knows, so a message
added or reworded in English without its Indonesian shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ingest.load import ImportRefused, check_delivery, import_delivery
from ingest.problems import indonesian, localise, localise_value, problems_frame
from store import schema
from tests.ingest.helpers import canonical_households, plain_text, write_csv
from tests.ingest.test_formats import VARIANTS
from tests.ingest.test_refusals import CASES


def _expected_texts(err: ImportRefused, report: Path) -> set[str]:
    frame = (
        pd.read_csv(report, dtype=str, keep_default_na=False)
        if report.exists()
        else problems_frame(err.problems)
    )
    return {e for e in frame["expected"] if e}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_every_expected_text_of_a_refusal_has_its_indonesian(case, store, canonical, tmp_path):
    table, build, _kind, _row, _column, options = CASES[case]
    path = build(canonical, tmp_path)
    report = tmp_path / "report.csv"
    with pytest.raises(ImportRefused) as info:
        import_delivery(store, table, path, report=report, **options)
    texts = _expected_texts(info.value, report)
    assert texts
    untranslated = sorted(t for t in texts if indonesian(t) is None)
    assert not untranslated, untranslated


@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
def test_every_reading_note_has_its_indonesian(variant, canonical, tmp_path):
    path = VARIANTS[variant](canonical, tmp_path)
    staged, problems, _ = check_delivery("households", path)
    assert not problems
    untranslated = [n for n in staged.notes if indonesian(n) is None]
    assert not untranslated, untranslated


def test_notes_of_unused_columns_one_two_answers_and_a_replace(store, tmp_path):
    df = plain_text(canonical_households(12, seed=5))
    df["catatan"] = "x"  # a column the schema does not know
    df["oap"] = ["1", "2"] * 6  # BPS coding: 1 = ya, 2 = tidak
    staged, problems, _ = check_delivery("households", write_csv(df, tmp_path / "hh.csv"))
    assert not problems
    notes = [localise(n, "id") for n in staged.notes]
    assert "kolom yang tidak dipakai: 'catatan'" in notes
    assert "kolom 'oap' dibaca sebagai 1 = ya, 2 = tidak" in notes
    # Replacing 2025 with households that have no benefits drops the store's benefits.
    new = write_csv(df.assign(year=2025), tmp_path / "hh2025.csv")
    res = import_delivery(store, "households", new, replace=True)
    assert res.notes and all(indonesian(n) for n in res.notes), res.notes
    assert any("baris penerima program dihapus" in localise(n, "id") for n in res.notes)


@pytest.mark.parametrize(
    ("english", "indonesian_text"),
    [
        pytest.param("between 1 and 60 persons", "antara 1 dan 60 jiwa", id="range-unit"),
        pytest.param("more than 0 households", "lebih dari 0 rumah tangga", id="exclusive"),
        pytest.param(
            "a number such as 1.234.567,5 or 1234567.5 (Rp/capita/month)",
            "angka, misalnya 1.234.567,5 atau 1234567.5 (Rp/kapita/bulan)",
            id="type-unit",
        ),
        pytest.param(
            "a value (Household members)", "ada nilai (Jumlah anggota rumah tangga)", id="desc"
        ),
        pytest.param(
            "a column (Household members) named one of: hh_size, jumlah_art",
            "kolom (Jumlah anggota rumah tangga) dengan salah satu nama: hh_size, jumlah_art",
            id="missing-column",
        ),
        pytest.param(
            "a readable file: the file is empty",
            "berkas yang dapat dibaca: berkas kosong",
            id="nested",
        ),
        pytest.param(
            "decimal mark ',' (1,204 values say ',' and 3 say '.'); a lone 1.234 is read as 1234",
            "tanda desimal ',' (1.204 nilai memakai ',' dan 3 memakai '.'); nilai 1.234 yang "
            "berdiri sendiri dibaca sebagai 1234",
            id="thousands",
        ),
    ],
)
def test_variable_parts_are_carried_over_and_translated(english, indonesian_text):
    assert indonesian(english) == indonesian_text


def test_english_interface_and_unknown_texts_are_left_alone():
    assert localise("between 1 and 60 persons", "en") == "between 1 and 60 persons"
    assert localise("something new happened", "id") == "something new happened"
    assert localise(None, "id") is None
    # Values found in a file are data: only the marker of a hidden NIK is translated.
    assert localise_value("at most 5", "id") == "at most 5"
    assert localise_value("x <16 digits hidden> y", "id") == "x <16 digit disembunyikan> y"


def test_every_unit_of_the_schema_has_its_indonesian():
    from ingest.problems import UNITS_ID

    units = {c.unit for t in schema.TABLES.values() for c in t.columns if c.unit}
    assert units <= set(UNITS_ID), units - set(UNITS_ID)
