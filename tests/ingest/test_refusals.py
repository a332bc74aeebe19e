"""A corpus of bad deliveries: each refused with the right problem, the store unchanged.

Every case names the kind, the spreadsheet row (header = row 1, so the frame's
row i is row i + 2) and the column as the file spells it. After each refusal
every stored table is byte-for-byte the same (ordered-row hash), and
import_log has gained exactly one 'refused' row naming the file.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ingest.load import ImportRefused, import_delivery
from tests.ingest.helpers import (
    fingerprint,
    import_log,
    plain_text,
    stat_frame,
    write_csv,
    write_xlsx,
)

KEY = "test-key-for-refusals"


def _set(df: pd.DataFrame, i: int, col: str, value) -> pd.DataFrame:
    out = plain_text(df)
    out.loc[i, col] = value
    return out


def csv_with(i: int, col: str, value):
    return lambda df, d: write_csv(_set(df, i, col, value), d / "hh.csv")


def raw_text(text: str, name: str = "hh.csv", encoding: str = "utf-8"):
    def build(df, d):
        p = d / name
        p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
        return p

    return build


def _drop(col: str):
    return lambda df, d: write_csv(plain_text(df).drop(columns=[col]), d / "hh.csv")


def _dup_column(df, d):
    out = plain_text(df)
    out["jumlah_art"] = out["hh_size"]
    return write_csv(out, d / "hh.csv")


def _dup_key(df, d):
    out = plain_text(df)
    out.loc[9, "hh_id"] = out.loc[4, "hh_id"]
    return write_csv(out, d / "hh.csv")


def _village_elsewhere(df, d):
    out = plain_text(df)
    out.loc[12, "district_code"] = "94.04.01"
    out.loc[12, "village_code"] = "94.04.13.2002"
    return write_csv(out, d / "hh.csv")


def _extra_field(df, d):
    lines = plain_text(df).to_csv(index=False).splitlines()
    lines[6] += ",surplus"  # row 7
    (d / "hh.csv").write_text("\n".join(lines) + "\n")
    return d / "hh.csv"


def _extra_field_far_down(df, d):
    """Beyond the lines the delimiter is sniffed from: DuckDB itself rejects the line."""
    from tests.ingest.helpers import canonical_households

    lines = plain_text(canonical_households(400)).to_csv(index=False).splitlines()
    lines[299] += ",surplus"  # row 300
    (d / "hh.csv").write_text("\n".join(lines) + "\n")
    return d / "hh.csv"


def _quote(open_row: int, close_row: int | None):
    """A quote opened on ``open_row`` and closed on ``close_row`` (never, if None)."""

    def build(df, d):
        lines = plain_text(df).to_csv(index=False).splitlines()
        lines[open_row - 1] = lines[open_row - 1].replace(",", ',"', 1)
        if close_row is not None:
            lines[close_row - 1] = lines[close_row - 1].replace(",", '",', 1)
        (d / "hh.csv").write_text("\n".join(lines) + "\n")
        return d / "hh.csv"

    return build


def _blank_line_then_bad(df, d):
    out = _set(df, 7, "hh_size", "-2")  # row 9 of the frame ...
    lines = out.to_csv(index=False).splitlines()
    lines.insert(4, "")  # ... is on line 10 of the file once an empty line is above it
    (d / "hh.csv").write_text("\n".join(lines) + "\n")
    return d / "hh.csv"


def _xlsx_renamed(df, d):
    write_xlsx(df.astype(object).where(df.notna(), None), d / "x.xlsx")
    (d / "hh.csv").write_bytes((d / "x.xlsx").read_bytes())
    return d / "hh.csv"


def _xlsx_bad_cell(df, d):
    obj = df.astype(object).where(df.notna(), None)
    obj.loc[3, "welfare_decile"] = 0
    return write_xlsx(obj, d / "hh.xlsx", title="DATA RT 2024")  # header on row 4


def _stata_bad(df, d):
    import pyreadstat

    frame, labels = stat_frame(df)
    frame.loc[2, "hh_size"] = 0
    pyreadstat.write_dta(frame, d / "hh.dta", variable_value_labels=labels)
    return d / "hh.dta"


def _with_nik(nik: str, row: int = 3):
    def build(df, d):
        out = plain_text(df)
        out["nik"] = [f"9404{i:012d}" for i in range(len(out))]
        out.loc[row, "nik"] = nik
        return write_csv(out, d / "hh.csv")

    return build


def _budget_file(df, d):
    return write_csv(
        pd.DataFrame({"tahun": [2024], "kode_program": ["PKH"], "pagu": [1e9]}), d / "b.csv"
    )


def _programmes(rows: list[dict]):
    def build(df, d):
        base = {
            "programme_code": "NEW",
            "name": "Program Baru",
            "opd": "Dinas Sosial",
            "funding_source": "APBD",
            "programme_group": "other",
        }
        return write_csv(pd.DataFrame([{**base, **r} for r in rows]), d / "prog.csv")

    return build


def _beneficiaries(rows: list[dict]):
    def build(df, d):
        base = {"programme_code": "SEMBAKO", "year": 2025, "hh_id": "H0001", "amount_rp": 1}
        return write_csv(pd.DataFrame([{**base, **r} for r in rows]), d / "ben.csv")

    return build


# id: (table, builder, kind, row, column, options)
CASES = {
    "empty_file": ("households", raw_text(""), "unreadable", None, None, {}),
    "header_only": (
        "households",
        raw_text("year,hh_id,district_code,hh_size,consumption_pc_rp\n"),
        "empty",
        None,
        None,
        {},
    ),
    "xlsx_renamed_to_csv": ("households", _xlsx_renamed, "unreadable", None, None, {}),
    "corrupt_xlsx": (
        "households",
        raw_text(b"PK\x03\x04 not really a workbook", "hh.xlsx"),
        "unreadable",
        None,
        None,
        {},
    ),
    "no_such_sheet": (
        "households",
        lambda df, d: write_xlsx(df.astype(object).where(df.notna(), None), d / "hh.xlsx"),
        "unreadable",
        None,
        None,
        {"sheet": "Sheet9"},
    ),
    "unsupported_type": ("households", raw_text("{}", "hh.json"), "unreadable", None, None, {}),
    "no_header_row": (
        "households",
        raw_text("just a note\nnothing here\n"),
        "unreadable",
        None,
        None,
        {},
    ),
    "missing_required_column": (
        "households",
        _drop("hh_size"),
        "missing_column",
        1,
        "hh_size",
        {},
    ),
    "two_columns_for_one_field": (
        "households",
        _dup_column,
        "duplicate_column",
        1,
        "jumlah_art",
        {},
    ),
    "wrong_table": ("households", _budget_file, "missing_column", 1, "hh_id", {}),
    "text_in_number": ("households", csv_with(3, "hh_size", "tiga"), "bad_type", 5, "hh_size", {}),
    "fraction_in_whole_number": (
        "households",
        csv_with(4, "hh_size", "3.5"),
        "bad_type",
        6,
        "hh_size",
        {},
    ),
    "nan_as_number": (
        "households",
        csv_with(5, "consumption_pc_rp", "NaN"),
        "bad_type",
        7,
        "consumption_pc_rp",
        {},
    ),
    "excel_error_value": (
        "households",
        csv_with(6, "strata", "#N/A"),
        "bad_type",
        8,
        "strata",
        {},
    ),
    "bad_yes_no": ("households", csv_with(7, "oap", "mungkin"), "bad_type", 9, "oap", {}),
    "household_size_zero": (
        "households",
        csv_with(8, "hh_size", "0"),
        "out_of_range",
        10,
        "hh_size",
        {},
    ),
    "negative_consumption": (
        "households",
        csv_with(9, "consumption_pc_rp", "-5000"),
        "out_of_range",
        11,
        "consumption_pc_rp",
        {},
    ),
    "zero_weight": ("households", csv_with(10, "weight", "0"), "out_of_range", 12, "weight", {}),
    "decile_eleven": (
        "households",
        csv_with(11, "welfare_decile", "11"),
        "out_of_range",
        13,
        "welfare_decile",
        {},
    ),
    "year_out_of_range": ("households", csv_with(0, "year", "1999"), "out_of_range", 2, "year", {}),
    "empty_household_id": (
        "households",
        csv_with(12, "hh_id", "  "),
        "missing_value",
        14,
        "hh_id",
        {},
    ),
    "unknown_district": (
        "households",
        csv_with(13, "district_code", "94.04.99"),
        "unknown_code",
        15,
        "district_code",
        {},
    ),
    "unknown_village": (
        "households",
        csv_with(14, "village_code", "94.04.01.9999"),
        "unknown_code",
        16,
        "village_code",
        {},
    ),
    "village_outside_its_district": (
        "households",
        _village_elsewhere,
        "village_not_in_district",
        14,
        "village_code",
        {},
    ),
    "duplicate_household_in_file": (
        "households",
        _dup_key,
        "duplicate_in_file",
        11,
        "hh_id",
        {},
    ),
    "line_with_an_extra_field": ("households", _extra_field, "malformed_row", 7, None, {}),
    "line_with_an_extra_field_far_down": (
        "households",
        _extra_field_far_down,
        "malformed_row",
        300,
        None,
        {},
    ),
    "quote_never_closed": ("households", _quote(30, None), "malformed_row", 30, None, {}),
    "quote_closed_rows_later": ("households", _quote(12, 15), "malformed_row", 12, None, {}),
    "row_numbers_survive_an_empty_line": (
        "households",
        _blank_line_then_bad,
        "out_of_range",
        10,
        "hh_size",
        {},
    ),
    "xlsx_bad_cell_below_title": (
        "households",
        _xlsx_bad_cell,
        "out_of_range",
        8,
        "welfare_decile",
        {},
    ),
    "stata_record_out_of_range": (
        "households",
        _stata_bad,
        "out_of_range",
        3,
        "hh_size",
        {},
    ),
    "nik_not_16_digits": (
        "households",
        _with_nik("94041234"),
        "bad_type",
        5,
        "nik",
        {"nik_key": KEY},
    ),
    "nik_without_a_key": (
        "households",
        _with_nik("9404000000000003"),
        "nik_key_missing",
        1,
        "nik",
        {},
    ),
    "year_already_loaded": (
        "households",
        lambda df, d: write_csv(plain_text(df.assign(year=2025)), d / "hh.csv"),
        "already_loaded",
        None,
        "year",
        {},
    ),
    "funding_source_not_allowed": (
        "programmes",
        _programmes([{"funding_source": "Hibah"}]),
        "not_allowed",
        2,
        "funding_source",
        {},
    ),
    "programme_already_present": (
        "programmes",
        _programmes([{"programme_code": "NEW2"}, {"programme_code": "PKH"}]),
        "already_loaded",
        3,
        "programme_code",
        {},
    ),
    "beneficiary_of_unknown_programme": (
        "beneficiaries",
        _beneficiaries([{}, {"programme_code": "BLT-X", "hh_id": "H0002"}]),
        "unknown_reference",
        3,
        "programme_code",
        {},
    ),
    "beneficiary_of_unknown_household": (
        "beneficiaries",
        _beneficiaries([{}, {"hh_id": "H9999"}]),
        "unknown_reference",
        3,
        "hh_id",
        {},
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_bad_file_is_refused_and_changes_nothing(case, store, canonical, tmp_path):
    table, build, kind, row, column, options = CASES[case]
    path = build(canonical, tmp_path)
    before = fingerprint(store.path, exclude=("import_log",))
    log_before = import_log(store)
    with pytest.raises(ImportRefused) as info:
        import_delivery(store, table, path, **options)
    err = info.value
    assert kind in err.counts, (err.counts, [str(p) for p in err.problems[:5]])
    hits = [p for p in err.problems if p.kind == kind and p.row == row and p.column == column]
    assert hits, [(p.kind, p.row, p.column) for p in err.problems[:10]]
    # The message a person reads names the row and the column.
    msg = hits[0].message
    if row is not None:
        assert f"row {row}" in msg
    if column is not None:
        assert repr(column) in msg
    # Nothing changed but the log, which gained exactly one refusal.
    assert fingerprint(store.path, exclude=("import_log",)) == before
    log = import_log(store)
    assert len(log) == len(log_before) + 1
    last = log.iloc[-1]
    assert (last.outcome, last.file_name, last.table_name) == ("refused", path.name, table)
    assert len(last.sha256) == 64 and last.user_name


def test_the_corpus_covers_twenty_kinds_of_bad_file():
    assert len(CASES) >= 20
    assert len({c[2] for c in CASES.values()}) >= 12


def test_nik_values_never_appear_in_problems(store, canonical, tmp_path):
    path = _with_nik("9404 1234")(canonical, tmp_path)
    with pytest.raises(ImportRefused) as info:
        import_delivery(store, "households", path, nik_key=KEY)
    assert all(p.value is None for p in info.value.problems if p.column == "nik")
    assert "9404 1234" not in str(info.value)


def test_every_problem_of_a_kind_is_counted_not_only_the_listed_ones(store, canonical, tmp_path):
    out = plain_text(canonical)
    out["hh_size"] = "0"
    path = write_csv(out, tmp_path / "hh.csv")
    report = tmp_path / "report.csv"
    with pytest.raises(ImportRefused) as info:
        import_delivery(store, "households", path, report=report)
    assert info.value.counts == {"out_of_range": len(canonical)}
    rows = pd.read_csv(report)
    assert len(rows) == len(canonical)
    assert list(rows.columns) == ["kind", "file", "row", "column", "field", "value", "expected"]
    assert rows.row.tolist() == list(range(2, len(canonical) + 2))
