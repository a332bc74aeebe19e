"""`rpkd import`: exit codes, progress on stderr, problems by kind, the report CSV."""

from __future__ import annotations

import pandas as pd
import pytest

from cli.main import main
from tests.ingest.helpers import households_of, indonesian_text, plain_text, write_csv


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for var in ("RPKD_DB", "RPKD_NIK_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("RPKD_CONFIG", str(tmp_path / "no-rpkd.toml"))


def rpkd(*args: str) -> int:
    return main(["import", *map(str, args)])


def test_good_file_loads_with_progress(store, canonical_csv, canonical, capsys):
    assert rpkd("households", canonical_csv, "--db", store.path) == 0
    out, err = capsys.readouterr()
    assert f"loaded {len(canonical)} rows into households from {canonical_csv.name}" in out
    steps = [line.split()[0] for line in err.splitlines()]
    assert steps[:5] == ["checking", "staged", "checked", "loading", "loaded"]
    assert f"staged {len(canonical)} rows" in err and "no problems" in err
    assert len(households_of(store)) == len(canonical)
    assert not canonical_csv.with_name(canonical_csv.name + ".problems.csv").exists()


def test_refused_file_exits_1_with_counts_first_problems_and_report(
    store, canonical, tmp_path, capsys
):
    out = plain_text(canonical)
    out.loc[[3, 4, 5], "hh_size"] = "0"
    out.loc[7, "district_code"] = "Atlantis"
    bad = write_csv(out, tmp_path / "hh_bad.csv")
    assert rpkd("households", bad, "--db", store.path) == 1
    _, err = capsys.readouterr()
    assert "hh_bad.csv: refused, nothing was loaded (4 problems)" in err
    assert "out_of_range" in err and "unknown_code" in err
    counts = {
        parts[0]: parts[1]
        for parts in (line.split() for line in err.splitlines())
        if len(parts) > 2 and parts[0] in ("out_of_range", "unknown_code")
    }
    assert counts == {"out_of_range": "3", "unknown_code": "1"}
    assert "row 5, column 'hh_size': '0' is out of range; expected between 1 and 60" in err
    assert "row 9, column 'district_code': 'Atlantis' is not a known code" in err
    report = bad.with_name("hh_bad.csv.problems.csv")
    assert f"full report (4 rows): {report}" in err
    rows = pd.read_csv(report, dtype=str, keep_default_na=False)
    assert rows[["kind", "row", "column", "value"]].values.tolist() == [
        ["out_of_range", "5", "hh_size", "0"],
        ["out_of_range", "6", "hh_size", "0"],
        ["out_of_range", "7", "hh_size", "0"],
        ["unknown_code", "9", "district_code", "Atlantis"],
    ]
    assert households_of(store).empty


def test_report_path_can_be_chosen(store, canonical, tmp_path, capsys):
    bad = write_csv(plain_text(canonical).assign(year="20x4"), tmp_path / "hh.csv")
    report = tmp_path / "out" / "r.csv"
    report.parent.mkdir()
    assert rpkd("households", bad, "--db", store.path, "--report", report) == 1
    assert len(pd.read_csv(report)) == len(canonical)
    assert "and 28 more" not in capsys.readouterr().err  # the CLI lists 20, then the report


def test_year_present_needs_replace(store, canonical, tmp_path, capsys):
    path = write_csv(plain_text(canonical.assign(year=2025)), tmp_path / "hh2025.csv")
    assert rpkd("households", path, "--db", store.path) == 1
    err = capsys.readouterr().err
    assert "already_loaded" in err and "--replace" in err
    assert rpkd("households", path, "--db", store.path, "--replace") == 0
    assert "(replaced)" in capsys.readouterr().out
    assert len(households_of(store, 2025)) == len(canonical)


def test_decimal_option_decides_the_ambiguous_shape(store, canonical, tmp_path, capsys):
    """A ';' file whose weights all look like 12.345: comma by default, dot when told."""
    out = indonesian_text(canonical)
    out["consumption_pc_rp"] = "250000"
    out["weight"] = "12.345"
    path = write_csv(out, tmp_path / "w.csv", sep=";")
    assert rpkd("households", path, "--db", store.path) == 0
    assert set(households_of(store).weight) == {12345.0}
    assert rpkd("households", path, "--db", store.path, "--replace", "--decimal", "dot") == 0
    assert set(households_of(store).weight) == {12.345}


def test_missing_file_and_unknown_table(store, tmp_path, capsys):
    assert rpkd("households", tmp_path / "nope.csv", "--db", store.path) == 1
    assert "file not found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        rpkd("districts", tmp_path / "nope.csv", "--db", store.path)
    assert info.value.code == 2
