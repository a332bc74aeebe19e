"""The RAT as a spreadsheet in the matrix layout Bappeda circulates, and plain tables.

Sheet ``RAT <year>``: two title rows, the header, the column-number row
((1), (2), ...), then the actions in the RPKD hierarchy: strategy (I, II, ...;
Permendagri 53/2020 order, actions saved before strategies were recorded last,
"belum diisi"), within it the programme group (A, B, ...; the group of the
action's programme code, actions without a known code last), within it the
actions (1, 2, ...). Each group and each strategy has a subtotal; the total is
at the bottom. Grouping rows rather than a strategy column keeps the ten
columns Bappeda circulates and gives the subtotals where a reader looks.
Rupiah carry a thousands-separator format (Excel shows 1.234.567 in an
Indonesian locale). Sheet ``Pagu`` compares the plan with the ceilings; sheet
``Keterangan`` says what the file is and where it came from.
"""

from __future__ import annotations

import io
import math
import numbers
from datetime import datetime
from pathlib import Path

import pandas as pd
import xlsxwriter

from planning.checks import References, budget_by_source
from planning.rat import current_plan, load_references, location_label
from planning.strategy import grouped, strategy_of

TITLE = "RENCANA AKSI TAHUNAN PENANGGULANGAN KEMISKINAN KABUPATEN MIMIKA TAHUN {year}"
HEADER = (
    "No",
    "Program/Kegiatan",
    "Indikator",
    "Target",
    "Satuan",
    "Lokasi (Distrik/Kampung)",
    "Anggaran (Rp)",
    "Sumber Dana",
    "OPD Penanggung Jawab",
    "Kelompok Sasaran",
)
HEADER_ROW = 3  # 0-based: row 4 in the spreadsheet
GROUP_LABELS = {
    "social_assistance": "Kelompok Program Bantuan Sosial dan Jaminan Sosial",
    "empowerment": "Kelompok Program Pemberdayaan Masyarakat",
    "other": "Kelompok Program Lainnya (termasuk Dana Desa)",
    None: "Kegiatan tanpa kode program (belum dikelompokkan)",
}
STRATEGY_LABELS = {
    "beban": "Strategi Mengurangi Beban Pengeluaran Masyarakat Miskin",
    "pendapatan": "Strategi Meningkatkan Pendapatan Masyarakat Miskin",
    "umk": "Strategi Mengembangkan dan Menjamin Keberlanjutan Usaha Mikro dan Kecil",
    "sinergi": "Strategi Mensinergikan Kebijakan dan Program Penanggulangan Kemiskinan",
    None: "Strategi (belum diisi): kegiatan yang disimpan sebelum strategi dicatat",
}
SOURCE_LABELS = {"other": "Lainnya", "CSR": "CSR/YPMAK"}
ROMAN = ("I", "II", "III", "IV", "V", "VI")
LETTERS = "ABCDEFGH"
RP_FORMAT = "#,##0"


def _roman(i: int) -> str:
    return ROMAN[i] if i < len(ROMAN) else str(i + 1)


def matrix_rows(plan: pd.DataFrame, refs: References) -> list[tuple[str, object]]:
    """The RAT sheet body as (kind, payload), in order: ``strategy`` (numeral, label),
    ``group`` (letter, label), ``action`` (number, row), ``subtotal`` (label, Rp) after
    each group, ``strategy_subtotal`` (label, Rp) after each strategy, ``total``
    (label, Rp) at the end. Blank budgets count 0."""
    df = plan.reset_index(drop=True)
    budget = pd.to_numeric(df["budget_rp"], errors="coerce").fillna(0.0)
    out: list[tuple[str, object]] = []
    parts = grouped(df, refs)
    strategies = list(dict.fromkeys(s for s, _, _ in parts))
    for k, s in enumerate(strategies):
        num = _roman(k)
        out.append(("strategy", (num, STRATEGY_LABELS[s])))
        in_s = [(g, pos) for s2, g, pos in parts if s2 == s]
        for j, (g, pos) in enumerate(in_s):
            letter = LETTERS[j] if j < len(LETTERS) else str(j + 1)
            out.append(("group", (letter, GROUP_LABELS[g])))
            for i, p in enumerate(pos, start=1):
                out.append(("action", (i, df.iloc[p])))
            out.append(("subtotal", (f"Jumlah {num}.{letter}", float(budget.iloc[pos].sum()))))
        every = [p for _, pos in in_s for p in pos]
        out.append(("strategy_subtotal", (f"Jumlah {num}", float(budget.iloc[every].sum()))))
    out.append(("total", ("JUMLAH TOTAL", float(budget.sum()))))
    return out


def write_rat_xlsx(
    target: str | Path | io.BytesIO,
    plan: pd.DataFrame,
    refs: References,
    *,
    generated_at: datetime,
    is_demo: bool = False,
    ceiling_sources: dict[str, str] | None = None,
) -> None:
    """Write the RAT workbook.

    Args:
        target: A path or a binary buffer.
        plan: The current plan (:func:`planning.rat.current_plan`).
        refs: References of the plan year (names, programme groups, ceilings).
        generated_at: When the file is made (shown in the title block).
        is_demo: Mark every sheet as built on synthetic demo data.
        ceiling_sources: funding source -> where its ceiling comes from.
    """
    # strings_to_formulas off: a planner's text such as "=HYPERLINK(...)" stays text.
    wb = xlsxwriter.Workbook(
        target, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    f = _formats(wb)
    ws = wb.add_worksheet(f"RAT {refs.plan_year}")
    last = len(HEADER) - 1
    ws.merge_range(0, 0, 0, last, TITLE.format(year=refs.plan_year), f["title"])
    sub = (
        f"Disusun {generated_at:%d/%m/%Y %H:%M}; {len(plan)} kegiatan; versi terakhir setiap "
        "kegiatan yang tidak dihapus."
    )
    if is_demo:
        sub += " DATA DEMO SINTETIS: bukan rencana resmi."
    ws.merge_range(1, 0, 1, last, sub, f["subtitle"])
    for c, h in enumerate(HEADER):
        ws.write(HEADER_ROW, c, h, f["header"])
        ws.write(HEADER_ROW + 1, c, f"({c + 1})", f["colnum"])
    widths = (6, 42, 32, 11, 12, 34, 18, 13, 32, 24)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    row = HEADER_ROW + 2
    for kind, payload in matrix_rows(plan, refs):
        if kind in ("strategy", "group"):
            num, label = payload
            ws.write(row, 0, num, f[kind])
            ws.merge_range(row, 1, row, last, label, f[kind])
        elif kind == "action":
            i, r = payload
            target_value = float(r["target_value"])
            ws.write_number(row, 0, i, f["cell_center"])
            ws.write(row, 1, r["activity"], f["cell"])
            ws.write(row, 2, r["indicator"], f["cell"])
            ws.write_number(
                row, 3, target_value, f["int"] if target_value.is_integer() else f["dec"]
            )
            ws.write(row, 4, r["target_unit"], f["cell"])
            ws.write(row, 5, location_label(r["location_code"], refs), f["cell"])
            ws.write_number(row, 6, float(r["budget_rp"]), f["rp"])
            source = r["funding_source"]
            ws.write(row, 7, SOURCE_LABELS.get(source, source), f["cell"])
            ws.write(row, 8, r["opd"], f["cell"])
            ws.write(row, 9, _text(r["target_group"]), f["cell"])
        else:
            label, total = payload
            fmt_label, fmt_rp = f[kind], f[f"{kind}_rp"]
            ws.merge_range(row, 0, row, 5, label, fmt_label)
            ws.write_number(row, 6, total, fmt_rp)
            for c in range(7, len(HEADER)):
                ws.write_blank(row, c, None, fmt_label)
        row += 1
    ws.freeze_panes(HEADER_ROW + 2, 0)
    ws.repeat_rows(HEADER_ROW, HEADER_ROW + 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)

    _ceiling_sheet(wb, f, plan, refs, ceiling_sources or {})
    unset = sum(1 for s in plan.get("strategy", []) if strategy_of(s) is None)
    _notes_sheet(wb, f, refs, generated_at, is_demo, unset)
    wb.close()


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v)


def _ceiling_sheet(wb, f, plan, refs: References, sources: dict[str, str]) -> None:
    ws = wb.add_worksheet("Pagu")
    ws.merge_range(0, 0, 0, 5, f"Anggaran RAT {refs.plan_year} terhadap pagu", f["title"])
    head = (
        "Sumber Dana",
        "Anggaran RAT (Rp)",
        "Pagu (Rp)",
        "Sisa (Rp)",
        "Terpakai (%)",
        "Asal pagu",
    )
    for c, h in enumerate(head):
        ws.write(2, c, h, f["header"])
    summary = budget_by_source(plan, refs)
    for i, r in enumerate(summary.itertuples(index=False), start=3):
        ws.write(i, 0, SOURCE_LABELS.get(r.funding_source, r.funding_source), f["cell"])
        ws.write_number(i, 1, r.budget_rp, f["rp"])
        for c, v, fm in ((2, r.ceiling_rp, f["rp"]), (3, r.remaining_rp, f["rp"])):
            if math.isnan(v):
                ws.write(i, c, "tidak ada pagu", f["cell"])
            else:
                ws.write_number(i, c, v, fm)
        if math.isnan(r.share_used):
            ws.write_blank(i, 4, None, f["cell"])
        else:
            ws.write_number(i, 4, 100 * r.share_used, f["pct"])
        ws.write(i, 5, sources.get(r.funding_source, ""), f["cell"])
    for c, w in enumerate((16, 20, 20, 20, 13, 90)):
        ws.set_column(c, c, w)


def _notes_sheet(
    wb, f, refs: References, generated_at: datetime, is_demo: bool, unset: int
) -> None:
    ws = wb.add_worksheet("Keterangan")
    lines = [
        ("Dokumen", TITLE.format(year=refs.plan_year)),
        ("Dibuat", f"{generated_at:%d/%m/%Y %H:%M}"),
        ("Isi", "Versi terakhir setiap kegiatan RAT yang tidak dihapus (riwayat lengkap di dasbor)."),
        ("Pengelompokan", "Strategi RPKD (Permendagri 53/2020) yang dipilih perencana, lalu "
         "kelompok program menurut kode program kegiatan; jumlah per kelompok dan per strategi."),
        ("Strategi", "Kegiatan yang disimpan sebelum strategi dicatat ada di bawah 'Strategi "
         "(belum diisi)': pilih strateginya di halaman Penyusunan RAT."
         + (f" Saat ini {unset} kegiatan." if unset else " Saat ini tidak ada.")),
        ("Anggaran", "Rupiah per tahun rencana; pagu per sumber dana di lembar Pagu."),
        ("Pagu", "Pagu bawaan adalah PLACEHOLDER (asumsi tertulis di lembar Pagu); ganti dengan "
         "angka KUA-PPAS: rpkd import rat_ceilings FILE --replace."),
        ("Data", "DATA DEMO SINTETIS: bukan rencana resmi." if is_demo else "Basis data RPKD Mimika."),
    ]  # fmt: skip
    for i, (k, v) in enumerate(lines):
        ws.write(i, 0, k, f["header_left"])
        ws.write(i, 1, v, f["cell"])
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 110)


def _formats(wb) -> dict:
    border = {"border": 1, "valign": "top", "text_wrap": True, "font_size": 10}
    return {
        "title": wb.add_format({"bold": True, "font_size": 13, "align": "center"}),
        "subtitle": wb.add_format({"italic": True, "font_size": 9, "align": "center"}),
        "header": wb.add_format(
            {**border, "bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2"}
        ),
        "header_left": wb.add_format({**border, "bold": True}),
        "colnum": wb.add_format({**border, "italic": True, "align": "center", "font_size": 8}),
        "strategy": wb.add_format({**border, "bold": True, "bg_color": "#E2EFDA"}),
        "group": wb.add_format({**border, "bold": True, "bg_color": "#F2F2F2"}),
        "cell": wb.add_format(border),
        "cell_center": wb.add_format({**border, "align": "center"}),
        "int": wb.add_format({**border, "num_format": "#,##0"}),
        "dec": wb.add_format({**border, "num_format": "#,##0.0##"}),
        "rp": wb.add_format({**border, "num_format": RP_FORMAT}),
        "pct": wb.add_format({**border, "num_format": "0.0"}),
        "subtotal": wb.add_format({**border, "bold": True, "align": "right"}),
        "subtotal_rp": wb.add_format({**border, "bold": True, "num_format": RP_FORMAT}),
        "strategy_subtotal": wb.add_format(
            {**border, "bold": True, "align": "right", "bg_color": "#E2EFDA"}
        ),
        "strategy_subtotal_rp": wb.add_format(
            {**border, "bold": True, "num_format": RP_FORMAT, "bg_color": "#E2EFDA"}
        ),
        "total": wb.add_format({**border, "bold": True, "align": "right", "bg_color": "#D9E1F2"}),
        "total_rp": wb.add_format(
            {**border, "bold": True, "num_format": RP_FORMAT, "bg_color": "#D9E1F2"}
        ),
    }


def rat_workbook(con, plan_year: int, *, generated_at: datetime | None = None) -> bytes:
    """The RAT workbook of ``plan_year`` from the store, as bytes (page download, CLI)."""
    refs = load_references(con, plan_year)
    plan = current_plan(con, plan_year)
    demo = bool(
        con.execute("SELECT count(*) > 0 FROM provenance WHERE source_kind = 'demo'").fetchone()[0]
    )
    sources = dict(
        con.execute(
            "SELECT funding_source, source FROM rat_ceilings WHERE plan_year = ?", [int(plan_year)]
        ).fetchall()
    )
    buf = io.BytesIO()
    write_rat_xlsx(
        buf,
        plan,
        refs,
        generated_at=generated_at or datetime.now(),
        is_demo=demo,
        ceiling_sources=sources,
    )
    return buf.getvalue()


def table_xlsx(df: pd.DataFrame, *, sheet: str, title: str, notes: list[str]) -> bytes:
    """A plain table as XLSX: a title row, the table (numbers with thousands separators),
    and a ``Keterangan`` sheet with ``notes`` (definitions, weights, provenance)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf,
        {
            "in_memory": True,
            "nan_inf_to_errors": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    f = _formats(wb)
    ws = wb.add_worksheet(sheet[:31])
    ws.write(0, 0, title, wb.add_format({"bold": True, "font_size": 12}))
    for c, name in enumerate(df.columns):
        ws.write(2, c, str(name), f["header"])
        ws.set_column(c, c, max(10, min(40, len(str(name)) + 2)))
    num = wb.add_format({"num_format": "#,##0.####"})
    for i, row in enumerate(df.itertuples(index=False), start=3):
        for c, v in enumerate(row):
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                continue
            if isinstance(v, numbers.Number) and not isinstance(v, bool):
                ws.write_number(i, c, float(v), num)
            else:
                ws.write(i, c, str(v))
    ws.freeze_panes(3, 0)
    notes_ws = wb.add_worksheet("Keterangan")
    notes_ws.set_column(0, 0, 120)
    for i, line in enumerate(notes):
        notes_ws.write(i, 0, line)
    wb.close()
    return buf.getvalue()
