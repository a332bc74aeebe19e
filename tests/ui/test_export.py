"""Downloads: formula cells are neutralised in CSV and XLSX, kept exact in Parquet."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from ui import export


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("=1+1", "'=1+1", id="equals"),
        pytest.param("+62 812", "'+62 812", id="plus"),
        pytest.param("-2+3", "'-2+3", id="minus"),
        pytest.param("@SUM(A1:A9)", "'@SUM(A1:A9)", id="at"),
        pytest.param("\t=1", "'\t=1", id="tab"),
        pytest.param("\rcmd", "'\rcmd", id="carriage-return"),
        pytest.param("Mimika Baru", "Mimika Baru", id="plain"),
        pytest.param("a=b", "a=b", id="equals-inside"),
        pytest.param("", "", id="empty"),
        pytest.param(-5, -5, id="negative-int"),
        pytest.param(-0.5, -0.5, id="negative-float"),
        pytest.param(None, None, id="none"),
    ],
)
def test_neutralise_text(value, expected):
    assert export.neutralise_text(value) == expected


@pytest.fixture()
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "district_code": ["94.04.01", "94.04.02"],
            "name": ['=HYPERLINK("http://x","y")', "Agimuga"],
            "note": ["-3", "@evil"],
            "p0": [-0.25, 0.1375],
            "households": [12, 30],
            "=cmd": ["x", "y"],
        }
    )


def test_csv_neutralises_text_not_numbers(frame):
    rows = list(csv.reader(io.StringIO(export.to_csv_bytes(frame).decode("utf-8"))))
    assert rows[0] == ["district_code", "name", "note", "p0", "households", "'=cmd"]
    assert rows[1] == ["94.04.01", '\'=HYPERLINK("http://x","y")', "'-3", "-0.25", "12", "x"]
    assert rows[2] == ["94.04.02", "Agimuga", "'@evil", "0.1375", "30", "y"]


def test_neutralise_leaves_the_input_alone(frame):
    before = frame.copy()
    export.neutralise(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_xlsx_has_three_sheets_and_no_formula(frame):
    dictionary = export.dictionary_frame(
        list(frame.columns), {"p0": ("Poverty headcount", "proportion")}, lang="id"
    )
    prov = pd.DataFrame(
        {
            "table_name": ["households"],
            "year": [2025],
            "loaded_at": [pd.Timestamp("2025-03-01 10:00", tz="UTC")],
        }
    )
    data = export.to_xlsx_bytes(
        frame,
        dictionary=dictionary,
        params={"table": "ind_district", "year": 2025},
        provenance=prov,
        lang="en",
    )
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["data", "kamus_data", "provenance"]
    ws = wb["data"]
    assert ws["B2"].value == '\'=HYPERLINK("http://x","y")'
    assert ws["B2"].data_type == "s"
    assert ws["C2"].value == "'-3"
    assert ws["D2"].value == -0.25 and ws["D2"].data_type == "n"
    assert ws["F1"].value == "'=cmd"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    kamus = [[c.value for c in row] for row in wb["kamus_data"].iter_rows()]
    assert kamus[0] == ["kolom", "keterangan", "satuan"]
    assert ["p0", "Poverty headcount", "proportion"] in kamus
    assert ["name", None, None] in kamus  # unknown column: blank, not invented
    prov_rows = [
        [c.value for c in row if c.value is not None] for row in wb["provenance"].iter_rows()
    ]
    assert ["table", "ind_district"] in prov_rows
    assert ["year", "2025"] in prov_rows
    assert ["table_name", "year", "loaded_at"] in prov_rows


def test_parquet_keeps_values_exactly(frame):
    back = pd.read_parquet(io.BytesIO(export.to_parquet_bytes(frame)))
    assert back["name"].tolist() == frame["name"].tolist()
    assert list(back.columns) == list(frame.columns)
    assert back["p0"].tolist() == [-0.25, 0.1375]


def test_dictionary_frame_english_headers():
    d = export.dictionary_frame(["a"], {"a": ("A thing", "Rp")}, lang="en")
    assert d.to_dict("records") == [{"column": "a", "description": "A thing", "unit": "Rp"}]


def _sheet_rows(book: bytes, sheet: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(io.BytesIO(book))
    return [[c.value for c in row if c.value is not None] for row in wb[sheet].iter_rows()]


@pytest.fixture()
def store_provenance() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table_name": ["households"],
            "year": [2025],
            "source_kind": ["import"],
            "file_name": ["susenas.csv"],
            "sha256": ["ab12"],
            "loaded_at": [pd.Timestamp("2025-03-01 10:00", tz="UTC")],
        }
    )


PARAMS = {
    "table": "indikator_zona",
    "year": 2025,
    "zone": "all",
    "poverty_line_rp": 1166466.0,
    "demo_data": True,
}


def test_the_provenance_sheet_is_indonesian_in_the_indonesian_interface(store_provenance):
    book = export.to_xlsx_bytes(
        pd.DataFrame({"a": [1]}), params=PARAMS, provenance=store_provenance, lang="id"
    )
    assert openpyxl.load_workbook(io.BytesIO(book)).sheetnames == ["data", "provenance"]
    rows = _sheet_rows(book, "provenance")
    assert rows[0] == ["butir", "nilai"]
    assert ["tabel", "indikator_zona"] in rows  # the table's key is a code: kept
    assert ["zona", "semua"] in rows
    assert ["garis kemiskinan (Rp/kapita/bulan)", "1166466"] in rows
    assert ["data demo", "YA - data sintetis, bukan rumah tangga nyata"] in rows
    assert ["tabel", "tahun", "asal", "berkas", "sha256", "dimuat (UTC)"] in rows
    stored = rows[rows.index(["tabel", "tahun", "asal", "berkas", "sha256", "dimuat (UTC)"]) + 1]
    assert stored[:5] == ["households", 2025, "impor", "susenas.csv", "ab12"]
    text = " ".join(str(v) for r in rows for v in r)
    for english in ("item", "value", "YES", "synthetic", "table_name", "loaded_at", "all"):
        assert english not in text.split(), english


def test_the_provenance_sheet_in_english_keeps_its_names(store_provenance):
    params = {**PARAMS, "demo_data": False}
    book = export.to_xlsx_bytes(
        pd.DataFrame({"a": [1]}), params=params, provenance=store_provenance, lang="en"
    )
    rows = _sheet_rows(book, "provenance")
    assert rows[0] == ["item", "value"]
    assert ["zone", "all"] in rows and ["demo_data", "no"] in rows
    assert ["poverty_line_rp", "1166466"] in rows
    assert ["table_name", "year", "source_kind", "file_name", "sha256", "loaded_at"] in rows
    yes = export.provenance_frame({"demo_data": True}, "en")
    assert yes.to_dict("records") == [
        {"item": "demo_data", "value": "YES - synthetic, not real households"}
    ]
