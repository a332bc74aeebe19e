"""The RAT workbook opens in a spreadsheet with the expected title, columns and rows."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pandas as pd

from cli.main import main
from planning import rat
from planning.export import HEADER, rat_workbook, table_xlsx
from tests.planning.test_rat import action

EXPECTED_HEADER = [
    "No", "Program/Kegiatan", "Indikator", "Target", "Satuan", "Lokasi (Distrik/Kampung)",
    "Anggaran (Rp)", "Sumber Dana", "OPD Penanggung Jawab", "Kelompok Sasaran",
]  # fmt: skip


def saved_plan(store):
    rows = pd.DataFrame(
        [
            # social assistance (PKH), at a village
            action(activity="Pendampingan graduasi PKH", programme_code="PKH", target_value=12.5,
                   indicator="KPM graduasi",
                   target_unit="persen", location_code=None, budget_rp=1_500_000_000.0,
                   funding_source="APBD", opd="Dinas Sosial", target_group=None,
                   strategy="beban"),
            # empowerment (UMKM-MAMA), at a district
            action(),
            # no programme code
            action(activity="Sensus kampung", programme_code=None, budget_rp=250_000_000.0,
                   funding_source="other", opd="Badan Perencanaan Pembangunan Daerah",
                   location_code="94.04", strategy="sinergi"),
        ]
    )  # fmt: skip
    with store.read() as con:
        village = con.execute(
            "SELECT village_code, name, village_type FROM villages "
            "WHERE district_code = '94.04.01' ORDER BY 1 LIMIT 1"
        ).fetchone()
    rows.loc[0, "location_code"] = village[0]
    rat.save_plan(store, rows, plan_year=2026, user="sari")
    return village


def workbook(store) -> openpyxl.Workbook:
    with store.read() as con:
        data = rat_workbook(con, 2026, generated_at=datetime(2026, 2, 1, 10, 0))
    return openpyxl.load_workbook(io.BytesIO(data))


def test_rat_sheet_has_title_header_groups_and_totals(rat_store):
    village_code, village_name, vtype = saved_plan(rat_store)
    wb = workbook(rat_store)
    assert wb.sheetnames == ["RAT 2026", "Pagu", "Keterangan"]
    ws = wb["RAT 2026"]
    assert ws["A1"].value == (
        "RENCANA AKSI TAHUNAN PENANGGULANGAN KEMISKINAN KABUPATEN MIMIKA TAHUN 2026"
    )
    assert "DATA DEMO" in ws["A2"].value  # the small store is a demo store
    rows = [list(r) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert rows[0] == EXPECTED_HEADER == list(HEADER)
    assert rows[1] == [f"({i})" for i in range(1, 11)]
    body = rows[2:]
    labels = [(r[0], r[1]) for r in body]
    assert labels == [
        ("I", "Strategi Mengurangi Beban Pengeluaran Masyarakat Miskin"),
        ("A", "Kelompok Program Bantuan Sosial dan Jaminan Sosial"),
        (1, "Pendampingan graduasi PKH"),
        ("Jumlah I.A", None),
        ("Jumlah I", None),
        ("II", "Strategi Mengembangkan dan Menjamin Keberlanjutan Usaha Mikro dan Kecil"),
        ("A", "Kelompok Program Pemberdayaan Masyarakat"),
        (1, "Modal usaha mama-mama Papua"),
        ("Jumlah II.A", None),
        ("Jumlah II", None),
        ("III", "Strategi Mensinergikan Kebijakan dan Program Penanggulangan Kemiskinan"),
        ("A", "Kegiatan tanpa kode program (belum dikelompokkan)"),
        (1, "Sensus kampung"),
        ("Jumlah III.A", None),
        ("Jumlah III", None),
        ("JUMLAH TOTAL", None),
    ]
    pkh = body[2]
    kind = "Kelurahan" if vtype == "kelurahan" else "Kampung"
    assert pkh[2:] == [
        "KPM graduasi",
        12.5,
        "persen",
        f"{kind} {village_name} (Distrik Mimika Baru)",
        1_500_000_000,
        "APBD",
        "Dinas Sosial",
        None,
    ]
    assert body[7][5] == "Distrik Mimika Baru" and body[7][7] == "Otsus"
    assert body[12][5] == "Seluruh Kabupaten Mimika" and body[12][7] == "Lainnya"
    # One group per strategy here: the group and strategy subtotals are the action's budget.
    assert [body[i][6] for i in (3, 4, 8, 9, 13, 14)] == [
        1_500_000_000, 1_500_000_000, 2_000_000_000, 2_000_000_000, 250_000_000, 250_000_000,
    ]  # fmt: skip
    assert body[15][6] == 1_500_000_000 + 2_000_000_000 + 250_000_000
    # Rupiah with a thousands separator, on every amount cell (header at row 4, column
    # numbers at 5, body from 6).
    for i, r in enumerate(body):
        if isinstance(r[6], (int, float)):
            assert ws.cell(row=6 + i, column=7).number_format == "#,##0", i


def test_ceiling_sheet_compares_plan_and_ceiling(rat_store):
    saved_plan(rat_store)
    ws = workbook(rat_store)["Pagu"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    apbd = rows["APBD"]
    assert apbd[1] == 1_500_000_000 and apbd[2] == 128_400_000_000
    assert apbd[3] == 128_400_000_000 - 1_500_000_000
    assert apbd[5].startswith("PLACEHOLDER")
    assert rows["Lainnya"][2] == "tidak ada pagu"


def test_empty_plan_exports_header_and_zero_total(rat_store):
    ws = workbook(rat_store)["RAT 2026"]
    rows = [list(r) for r in ws.iter_rows(min_row=4, values_only=True)]
    assert rows[0] == EXPECTED_HEADER
    assert rows[2][0] == "JUMLAH TOTAL" and rows[2][6] == 0


def test_cli_export_writes_the_same_plan(rat_store, tmp_path, capsys):
    saved_plan(rat_store)
    out = tmp_path / "rat.xlsx"
    assert main(["rat", "export", "--db", str(rat_store.path), "--out", str(out)]) == 0
    assert "3 action(s)" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out)["RAT 2026"]
    names = [r[1] for r in ws.iter_rows(min_row=6, values_only=True) if isinstance(r[0], int)]
    assert names == ["Pendampingan graduasi PKH", "Modal usaha mama-mama Papua", "Sensus kampung"]


def test_table_xlsx_keeps_numbers_as_numbers():
    df = pd.DataFrame({"code": ["94.04.01"], "score": [0.25], "rank": [1]})
    wb = openpyxl.load_workbook(
        io.BytesIO(table_xlsx(df, sheet="Prioritas", title="T", notes=["n"]))
    )
    ws = wb["Prioritas"]
    assert [c.value for c in ws[3]] == ["code", "score", "rank"]
    assert [c.value for c in ws[4]] == ["94.04.01", 0.25, 1]
    assert wb["Keterangan"]["A1"].value == "n"
