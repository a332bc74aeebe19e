"""Good deliveries in every format and locale load exactly the rows of the canonical CSV."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ingest.load import import_delivery
from store.db import Store
from tests.ingest.helpers import (
    BOOLS,
    YEAR,
    households_of,
    indonesian_text,
    plain_text,
    stat_frame,
    write_csv,
    write_xlsx,
)

TITLE = ["DATA RUMAH TANGGA KABUPATEN MIMIKA TAHUN 2024;;;;", ";;;;"]


@pytest.fixture(scope="module")
def expected(base_store_path, canonical, tmp_path_factory) -> pd.DataFrame:
    """What the canonical CSV loads: the reference every variant must equal."""
    d = tmp_path_factory.mktemp("canonical")
    shutil.copy(base_store_path, d / "s.duckdb")
    store = Store(d / "s.duckdb")
    res = import_delivery(store, "households", write_csv(plain_text(canonical), d / "c.csv"))
    assert res.rows == len(canonical)
    return households_of(store)


def test_canonical_rows_are_the_frame(expected, canonical):
    """The canonical file itself loads what was written: codes keep their zeros."""
    got = expected.set_index("hh_id")
    want = canonical.set_index("hh_id").loc[got.index]
    assert got.index[0] == "0000001"
    assert (got.psu == want.psu).all() and got.psu.iloc[1] == "0001"
    pd.testing.assert_series_equal(got.consumption_pc_rp, want.consumption_pc_rp, check_names=False)
    pd.testing.assert_series_equal(got.weight, want.weight, check_names=False)
    assert got.loc["0000001", "consumption_pc_rp"] == 1_234_567.25
    assert got.welfare_decile.isna().sum() == 2 and got.village_code.isna().sum() == 2
    for c in BOOLS:
        assert (got[c] == want[c]).all(), c
    assert (got.district_code == "94.04.13").sum() == 16
    assert "Kampung Amungmé" in set(got.strata)


def _cp1252(df, d):
    title = ["Sumber: \u2018DTSEN\u2019 \u2013 Bappeda Mimika;;;", ""]
    return write_csv(
        indonesian_text(df, names=True),
        d / "ansi.csv",
        sep=";",
        encoding="cp1252",
        title_rows=title,
    )


def _stata(df, d):
    import pyreadstat

    frame, labels = stat_frame(df)
    pyreadstat.write_dta(frame, d / "hh.dta", variable_value_labels=labels)
    return d / "hh.dta"


def _spss(df, d):
    import pyreadstat

    frame, labels = stat_frame(df)
    pyreadstat.write_sav(frame, d / "hh.sav", variable_value_labels=labels)
    return d / "hh.sav"


def _bps_codes(df, d):
    """District as BPS code (9412035), village as its pre-2022 code (91.09.xx.xxxx)."""
    from ingest.codes import _frames

    dist, _, _, _ = _frames()
    bps = dist.set_index("district_code").bps_code
    import pandas as pd_

    admin = pd_.read_csv("data/geo/mimika_admin_codes.csv", dtype=str).set_index("code")
    out = plain_text(df)
    out["district_code"] = df.district_code.map(bps)
    out["village_code"] = [admin.code_pre2022.get(v, "") if v else "" for v in df.village_code]
    return write_csv(out, d / "bps.csv")


def _trailing_delimiters(df, d):
    """Excel's ';;' after the last column (an empty, unnamed column): harmless."""
    out = indonesian_text(df)
    out[""] = ""
    return write_csv(out, d / "trailing.csv", sep=";", title_rows=TITLE)


VARIANTS = {
    "utf8_bom": lambda df, d: write_csv(plain_text(df), d / "bom.csv", encoding="utf-8-sig"),
    "cp1252_semicolon_names_title": _cp1252,
    "semicolon_decimal_comma_crlf": lambda df, d: write_csv(
        indonesian_text(df), d / "id.csv", sep=";", newline="\r\n"
    ),
    "tab_decimal_comma": lambda df, d: write_csv(indonesian_text(df), d / "tab.tsv", sep="\t"),
    "aliases_words_title": lambda df, d: write_csv(
        indonesian_text(df, words=True, aliases=True), d / "alias.csv", sep=";", title_rows=TITLE
    ),
    "utf16_tab_excel_unicode_text": lambda df, d: write_csv(
        indonesian_text(df), d / "unicode.txt", sep="\t", encoding="utf-16"
    ),
    "xlsx_merged_title": lambda df, d: write_xlsx(
        df.astype(object).where(df.notna(), None), d / "hh.xlsx", title="DATA RUMAH TANGGA 2024"
    ),
    "parquet": lambda df, d: (df.to_parquet(d / "hh.parquet", index=False), d / "hh.parquet")[1],
    "stata_dta_value_labels": _stata,
    "spss_sav_value_labels": _spss,
    "bps_and_pre2022_codes": _bps_codes,
    "trailing_delimiters": _trailing_delimiters,
}


@pytest.mark.parametrize("variant", list(VARIANTS), ids=list(VARIANTS))
def test_variant_loads_the_canonical_rows(variant, store, canonical, expected, tmp_path):
    path = VARIANTS[variant](canonical, tmp_path)
    res = import_delivery(store, "households", path)
    assert res.rows == len(canonical)
    assert res.years == [YEAR]
    got = households_of(store)
    pd.testing.assert_frame_equal(got, expected)


def test_notes_say_what_was_detected(store, canonical, tmp_path):
    path = VARIANTS["aliases_words_title"](canonical, tmp_path)
    res = import_delivery(store, "households", path)
    text = " | ".join(res.notes)
    assert "header found on row 3" in text
    assert "decimal mark ','" in text


def test_xlsx_notes_name_the_sheet(store, canonical, tmp_path):
    path = VARIANTS["xlsx_merged_title"](canonical, tmp_path)
    res = import_delivery(store, "households", path)
    assert any("sheet 'Data RT'" in n for n in res.notes)
    assert any("header found on row 4" in n for n in res.notes)


def test_value_labels_are_noted(store, canonical, tmp_path):
    res = import_delivery(store, "households", _spss(canonical, tmp_path))
    assert any("value labels used for: " in n and "jenis_kelamin_krt" in n for n in res.notes)


def test_check_delivery_previews_without_touching_the_store(store, canonical, tmp_path):
    """The import page's preview: typed rows, NIK already hashed (stdlib HMAC), no write."""
    import hashlib
    import hmac

    from ingest.load import check_delivery
    from store import schema
    from tests.ingest.helpers import fingerprint

    out = plain_text(canonical)
    out["NIK"] = [f"9404{i:012d}" for i in range(len(out))]
    path = write_csv(out, tmp_path / "hh.csv")
    before = fingerprint(store.path)
    staged, problems, typed = check_delivery("households", path, store=store, nik_key="k3y")
    assert problems == [] and staged.rows == len(canonical)
    assert typed.column_names == schema.HOUSEHOLDS.column_names
    want = [hmac.new(b"k3y", n.encode(), hashlib.sha256).hexdigest() for n in out.NIK]
    assert typed.column("nik_hash").to_pylist() == want
    assert fingerprint(store.path) == before
    staged, problems, typed = check_delivery("households", path, store=store)
    assert typed is None and [p.kind for p in problems] == ["nik_key_missing"]


def test_large_xlsx_streams_with_the_same_rows(store, canonical, expected, tmp_path, monkeypatch):
    """Above XLSX_FULL_LOAD_BYTES the sheet is read in openpyxl's streaming mode."""
    import ingest.spreadsheet

    monkeypatch.setattr(ingest.spreadsheet, "XLSX_FULL_LOAD_BYTES", 0)
    path = VARIANTS["xlsx_merged_title"](canonical, tmp_path)
    import_delivery(store, "households", path)
    pd.testing.assert_frame_equal(households_of(store), expected)


def test_cells_merged_down_a_column_fill_every_row(tmp_path):
    """A district merged over its households, as report-style sheets do."""
    import openpyxl

    from ingest.load import check_delivery

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["REKAP RUMAH TANGGA"])
    ws.merge_cells("A1:E1")
    ws.append(["kecamatan", "id_rt", "tahun_data", "jumlah_art", "pengeluaran_perkapita"])
    for i, district in enumerate(["Kwamki Narama", None, None, "Mimika Baru", None]):
        ws.append([district, f"R{i}", None, 3, 750000])
    ws.merge_cells("A3:A5")
    ws.merge_cells("A6:A7")
    for r in range(3, 8):
        ws.cell(r, 3, 2024)
    ws.cell(2, 3, "year")
    wb.save(tmp_path / "rekap.xlsx")
    staged, problems, typed = check_delivery("households", tmp_path / "rekap.xlsx")
    assert problems == []
    assert typed.column("district_code").to_pylist() == ["94.04.13"] * 3 + ["94.04.01"] * 2
    assert any("2 merged cell ranges filled" in n for n in staged.notes)


def test_yes_no_columns_are_read_typed_when_duckdb_can(canonical_csv):
    from ingest.load import check_delivery

    staged, problems, _ = check_delivery("households", canonical_csv)
    assert problems == [] and len(staged.types) == len(BOOLS)


def test_a_late_word_duckdb_cannot_read_sends_the_file_to_the_text_path(tmp_path):
    """Row 350 says 'Ya' where the first rows said true/false: same rows, read as text."""
    from ingest.load import check_delivery
    from tests.ingest.helpers import canonical_households

    df = canonical_households(400)
    out = plain_text(df)
    out.loc[348, "oap"] = "Ya"
    staged, problems, typed = check_delivery("households", write_csv(out, tmp_path / "x.csv"))
    assert problems == [] and staged.types == {}
    want = df.oap.tolist()
    want[348] = True
    assert typed.column("oap").to_pylist() == want


def test_problems_of_a_typed_read_are_reported_from_the_text(canonical, tmp_path):
    from ingest.load import check_delivery

    out = plain_text(canonical)
    out.loc[4, "hh_size"] = "0"
    out.loc[6, "dep_water"] = ""
    staged, problems, _ = check_delivery("households", write_csv(out, tmp_path / "x.csv"))
    assert staged.types == {}  # the second, text, reading
    assert [(p.kind, p.row, p.column, p.value) for p in problems] == [
        ("out_of_range", 6, "hh_size", "0")
    ]
