"""The direct path (ingest.direct): a clean CSV typed as it is read, checked in one pass.

It must change nothing but the time: a clean file loads the same rows, notes and
log as through the text path alone; a file with a problem is reported by the
text path, row and column as before; rows are numbered as the file's lines.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

import ingest.load as load
from ingest.codes import load_references
from ingest.direct import read_direct
from ingest.load import ImportRefused, import_delivery
from ingest.stage import staging
from store import schema
from tests.ingest.helpers import (
    canonical_households,
    fingerprint,
    households_of,
    import_log,
    indonesian_text,
    plain_text,
    write_csv,
)

DIRECT = "typed as read"


def _text_path_only(monkeypatch) -> None:
    monkeypatch.setattr(load, "read_direct", lambda *a, **k: (None, False))


def _import(store, path: Path, table: str = "households", **kw) -> tuple[object, list[str]]:
    said: list[str] = []
    res = import_delivery(store, table, path, progress=said.append, **kw)
    return res, said


def _variants():
    title = ["DATA RUMAH TANGGA 2024;;;", ";;;"]
    return {
        "plain_comma": lambda df, d: write_csv(plain_text(df), d / "hh.csv"),
        # Thousands dots (1.234.567,25) are read by the full reading, cell by cell.
        "indonesian_1_0": lambda df, d: write_csv(indonesian_text(df), d / "hh.csv", sep=";"),
        "names_words_aliases_title": lambda df, d: write_csv(
            indonesian_text(df, names=True, words=True, aliases=True),
            d / "hh.csv",
            sep=";",
            title_rows=title,
        ),
        "crlf_bom": lambda df, d: write_csv(
            plain_text(df), d / "hh.csv", encoding="utf-8-sig", newline="\r\n"
        ),
    }


@pytest.mark.parametrize("variant", list(_variants()))
def test_a_clean_file_loads_directly_what_the_text_path_loads(
    variant, store, base_store_path, tmp_path, monkeypatch
):
    df = canonical_households(300, seed=11)
    path = _variants()[variant](df, tmp_path)
    res, said = _import(store, path)
    assert any(DIRECT in line for line in said), said

    other = type(store)(tmp_path / "text.duckdb")
    other.path.write_bytes(base_store_path.read_bytes())
    _text_path_only(monkeypatch)
    ref, said_ref = _import(other, path)
    assert not any(DIRECT in line for line in said_ref)

    pd.testing.assert_frame_equal(households_of(store), households_of(other))
    assert (res.rows, res.sha256, res.years, res.notes) == (
        ref.rows,
        ref.sha256,
        ref.years,
        ref.notes,
    )
    log, log_ref = import_log(store).iloc[-1], import_log(other).iloc[-1]
    cols = ["table_name", "file_name", "sha256", "rows", "outcome", "message"]
    assert log[cols].tolist() == log_ref[cols].tolist()
    skip = ("import_log", "provenance")
    assert fingerprint(store.path, exclude=skip) == fingerprint(other.path, exclude=skip)


def test_one_bad_cell_far_down_is_reported_with_its_row_and_column(store, tmp_path):
    df = indonesian_text(canonical_households(400, seed=5))
    df.loc[350, "consumption_pc_rp"] = "dua juta"  # on line 352 (header = row 1)
    path = write_csv(df, tmp_path / "hh.csv", sep=";")
    before = fingerprint(store.path, exclude=("import_log",))
    with pytest.raises(ImportRefused) as info:
        _import(store, path)
    assert [(p.kind, p.row, p.column, p.value) for p in info.value.problems] == [
        ("bad_type", 352, "consumption_pc_rp", "dua juta")
    ]
    assert fingerprint(store.path, exclude=("import_log",)) == before


def test_a_refusal_reports_the_same_problems_either_way(
    store, base_store_path, tmp_path, monkeypatch
):
    """Duplicate key, a range, a village elsewhere: the report is the text path's."""
    df = plain_text(canonical_households(120, seed=2))
    df.loc[90, "hh_id"] = df.loc[7, "hh_id"]
    df.loc[60, "hh_size"] = "61"
    df.loc[30, "district_code"] = "94.04.01"
    df.loc[30, "village_code"] = "94.04.13.2002"
    path = write_csv(df, tmp_path / "hh.csv")
    with pytest.raises(ImportRefused) as direct_first:
        _import(store, path)
    other = type(store)(tmp_path / "text.duckdb")
    other.path.write_bytes(base_store_path.read_bytes())
    _text_path_only(monkeypatch)
    with pytest.raises(ImportRefused) as text_only:
        _import(other, path)
    assert direct_first.value.problems == text_only.value.problems
    assert direct_first.value.counts == text_only.value.counts
    assert {p.kind for p in text_only.value.problems} == {
        "duplicate_in_file",
        "out_of_range",
        "village_not_in_district",
    }


def test_store_level_problems_name_the_rows_of_the_file(
    store, base_store_path, tmp_path, monkeypatch
):
    """Checked against the store after a direct read: rows still as the file shows them."""
    ben = pd.DataFrame(
        {
            "programme_code": "SEMBAKO",
            "year": 2025,
            "hh_id": ["H0001", "H0002", "NOPE1", "H0004", "NOPE2"],
            "amount_rp": 1000,
        }
    )
    path = write_csv(ben, tmp_path / "sembako.csv", title_rows=["Penerima Sembako 2025", ""])
    said: list[str] = []
    with pytest.raises(ImportRefused) as direct_first:
        import_delivery(store, "beneficiaries", path, progress=said.append)
    assert any(DIRECT in line for line in said)
    assert [(p.kind, p.row) for p in direct_first.value.problems] == [
        ("unknown_reference", 6),
        ("unknown_reference", 8),
    ]
    other = type(store)(tmp_path / "text.duckdb")
    other.path.write_bytes(base_store_path.read_bytes())
    _text_path_only(monkeypatch)
    with pytest.raises(ImportRefused) as text_only:
        import_delivery(other, "beneficiaries", path)
    assert direct_first.value.problems == text_only.value.problems


@pytest.mark.parametrize("edit", ["empty_line", "line_break_in_value", "short_row"])
def test_irregular_files_go_to_the_text_path(edit, store, tmp_path):
    """What the direct read cannot vouch for is read as text, and still loads or is
    refused exactly as before."""
    lines = plain_text(canonical_households(60, seed=4)).to_csv(index=False).splitlines()
    if edit == "empty_line":
        lines.insert(30, "")
    elif edit == "line_break_in_value":
        cells = lines[40].split(",")
        cells[7] = f'"{cells[7]}\nbaris dua"'  # strata with a line break
        lines[40] = ",".join(cells)
    elif edit == "short_row":
        lines[50] = ",".join(lines[50].split(",")[:5])
    path = tmp_path / "hh.csv"
    path.write_text("\n".join(lines) + "\n")
    said: list[str] = []
    if edit == "short_row":
        with pytest.raises(ImportRefused) as info:
            import_delivery(store, "households", path, progress=said.append)
        assert [(p.kind, p.row, p.column) for p in info.value.problems] == [
            ("missing_value", 51, "consumption_pc_rp")
        ]
    else:
        res = import_delivery(store, "households", path, progress=said.append)
        assert res.rows == 60
    assert not any(DIRECT in line for line in said)


def test_a_late_windows_1252_character_goes_to_the_text_path(store, tmp_path):
    """The first megabyte is UTF-8; a Windows-1252 'é' near the end is not: DuckDB
    rejects that line, and the text path reads the whole file as Windows-1252."""
    df = plain_text(canonical_households(12_000, seed=6)).assign(strata="Kota")
    df.loc[11_990, "strata"] = "Kampung Amungmé"
    path = tmp_path / "hh.csv"
    path.write_bytes(df.to_csv(index=False).encode("cp1252"))
    assert path.stat().st_size > 1 << 20
    said: list[str] = []
    res = import_delivery(store, "households", path, progress=said.append)
    assert res.rows == 12_000 and not any(DIRECT in line for line in said)
    got = households_of(store).set_index("hh_id")
    assert got.loc[df.hh_id[11_990], "strata"] == "Kampung Amungmé"


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    """A file above DuckDB's CSV buffer (32 MB), so that it is read by two threads, with
    two title rows above the header: record i (hh_id P<i>) is on line i + 4."""
    path = tmp_path_factory.mktemp("direct-big") / "big.csv"
    body = path.with_suffix(".body")
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 2023 AS tahun, 'P' || i::VARCHAR AS id_rt,
            '94.04.' || lpad((1 + i % 18)::VARCHAR, 2, '0') AS kode_kecamatan,
            1 + i % 9 AS jumlah_art, (100000 + i)::VARCHAR || ',25' AS pengeluaran_perkapita,
            'Kelurahan Satu dengan Nama yang Cukup Panjang' AS strata, i % 2 AS oap
            FROM range(500000) t(i)) TO '{body}' (HEADER, DELIMITER ';')"""
    )
    con.close()
    path.write_bytes(b"DATA RT 2023;;;;;;\n;;;;;;\n" + body.read_bytes())
    body.unlink()
    assert path.stat().st_size > 33 * 1024 * 1024
    return path


def test_rows_are_numbered_as_the_lines_of_a_file_read_in_parallel(big_csv):
    with staging() as (con, _):
        load_references(con)
        found, tried = read_direct(
            con, schema.HOUSEHOLDS, big_csv, big_csv.name, scan=None, nik_key=None, decimal=None
        )
        assert tried and found is not None
        staged, res = found
        assert res.ok and staged.rows == 500_000 and staged.header_row == 3
        wrong, first, last = con.execute(
            "SELECT count_if(_row <> substr(hh_id, 2)::BIGINT + 4), min(_row), max(_row) "
            "FROM parsed"
        ).fetchone()
    assert (wrong, first, last) == (0, 4, 500_003)


def test_a_duckdb_error_in_the_direct_read_leaves_the_text_path_to_load(
    store, tmp_path, monkeypatch
):
    """An error inside the store's transaction aborts it: the direct read starts the
    transaction again (nothing was written yet) and the text path loads the file."""
    import ingest.direct as direct

    real = direct.csv_relation

    def broken(path, sn, types, **kw):
        if kw.get("parallel"):
            path = tmp_path / "gone.csv"  # fails when the CREATE TABLE runs
        return real(path, sn, types, **kw)

    monkeypatch.setattr(direct, "csv_relation", broken)
    path = write_csv(plain_text(canonical_households(80, seed=9)), tmp_path / "hh.csv")
    res, said = _import(store, path)
    assert res.rows == 80 and not any(DIRECT in line for line in said)
    assert len(households_of(store)) == 80
    assert import_log(store).iloc[-1].outcome == "loaded"
