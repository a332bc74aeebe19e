"""The analytics commands on a small demo store: keys, defaults, errors, docs in step."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from cli.main import main

REPO = Path(__file__).resolve().parents[2]
FIRST_KEYS = [
    "group",
    "households",
    "population",
    "poor",
    "p0",
    "p0_se",
    "p1",
    "p1_se",
    "p2",
    "p2_se",
    "gini",
]


@pytest.fixture(scope="module")
def db(small_store_path) -> str:
    """The session's small demo store (3,000 households a year, 2024-2025)."""
    return str(small_store_path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys, *argv: str) -> list[dict]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# ------------------------------------------------------------------ indicators


def test_indicators_keys_and_defaults(capsys, db):
    rows = as_json(capsys, "indicators", "--db", db)
    assert len(rows) == 1
    r = rows[0]
    assert list(r)[:11] == FIRST_KEYS
    assert r["group"] == "all"
    assert r["year"] == 2025  # latest year with households
    assert r["line_rp"] == 1166466.0  # poverty_lines 2025
    assert 0 < r["p0"] < 1 and r["p0_se"] > 0
    assert r["poor"] == pytest.approx(r["p0"] * r["population"])


@pytest.mark.parametrize("by", ["zone", "district", "village"])
def test_indicators_groups_sum_to_regency(capsys, db, by):
    reg = as_json(capsys, "indicators", "--db", db, "--year", "2024")[0]
    rows = as_json(capsys, "indicators", "--db", db, "--year", "2024", "--by", by)
    assert all(list(r)[:11] == FIRST_KEYS for r in rows)
    assert sum(r["population"] for r in rows) == pytest.approx(reg["population"])
    assert sum(r["poor"] for r in rows) == pytest.approx(reg["poor"])
    assert sum(r["households"] for r in rows) == reg["households"]
    if by == "district":
        assert all(re.fullmatch(r"94\.04\.\d\d", r["group"]) for r in rows)


def test_indicators_line_and_multiple(capsys, db):
    base = as_json(capsys, "indicators", "--db", db)[0]
    near = as_json(capsys, "indicators", "--db", db, "--line-multiple", "1.2")[0]
    assert near["line_rp"] == pytest.approx(1.2 * 1166466)
    assert near["p0"] >= base["p0"]
    fixed = as_json(capsys, "indicators", "--db", db, "--line", "1000000")[0]
    assert fixed["line_rp"] == 1000000
    assert fixed["p0"] <= base["p0"]


def test_indicators_csv_and_table(capsys, db):
    code, out, _ = run(capsys, "indicators", "--db", db, "--by", "zone", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0])[:11] == FIRST_KEYS
    assert {r["group"] for r in rows} == {"coastal", "lowland", "highland"}
    code, out, _ = run(capsys, "indicators", "--db", db)
    assert code == 0 and "p0_se" in out


# ------------------------------------------------------------------ reach, budget


def test_reach_views(capsys, db):
    rows = as_json(capsys, "reach", "--db", db, "--by", "zone")
    assert list(rows[0]) == [
        "programme_code",
        "group",
        "poor_definition",
        "unit",
        "poor",
        "nonpoor",
        "unclassified",
        "reached",
        "poor_reached",
        "poor_not_reached",
        "nonpoor_reached",
        "coverage",
        "exclusion_error",
        "inclusion_error",
        "households_reached",
    ]
    assert rows[-1]["programme_code"] == "(any)"
    assert rows[0]["poor_definition"].startswith("consumption_pc_rp < 1,166,466")
    dec = as_json(capsys, "reach", "--db", db, "--poor", "decile", "--decile-k", "3")
    assert dec[0]["poor_definition"] == "welfare_decile <= 3"
    per = as_json(capsys, "reach", "--db", db, "--weighting", "person")
    assert per[0]["unit"] == "persons"
    un = as_json(capsys, "reach", "--db", db, "--view", "unreached", "--by", "district")
    assert list(un[0]) == [
        "group",
        "poor_definition",
        "unit",
        "poor",
        "poor_reached",
        "poor_not_reached",
        "share_not_reached",
    ]
    conv = as_json(capsys, "reach", "--db", db, "--view", "convergence")
    assert sum(r["share"] for r in conv) == pytest.approx(1)
    ov = as_json(capsys, "reach", "--db", db, "--view", "overlap")
    assert list(ov[0]) == [
        "programme_a",
        "programme_b",
        "households_a",
        "households_both",
        "share_of_a",
    ]
    match = as_json(capsys, "reach", "--db", db, "--view", "match")
    assert list(match[0]) == ["programme_code", "listed", "matched", "unmatched", "match_rate"]


def test_budget_views(capsys, db):
    rows = as_json(capsys, "budget", "--db", db)
    assert list(rows[0])[:4] == ["group", "poor_definition", "allocated_rp", "realised_rp"]
    assert "cost_per_poor_hh_reached_rp" in rows[0]
    total = sum(r["allocated_rp"] for r in rows)
    for by in ("opd", "funding_source", "district", "zone"):
        grouped = as_json(capsys, "budget", "--db", db, "--by", by)
        assert sum(r["allocated_rp"] for r in grouped) == pytest.approx(total)
    zone = as_json(capsys, "budget", "--db", db, "--by", "zone")
    assert sum(r["poor_share"] for r in zone) == pytest.approx(1)
    gap = as_json(capsys, "budget", "--db", db, "--view", "gap")
    assert list(gap[0]) == [
        "group",
        "population",
        "p1",
        "line_rp",
        "gap_closure_cost_rp",
        "allocated_rp",
        "realised_rp",
        "realised_to_gap_ratio",
    ]
    assert gap[0]["gap_closure_cost_rp"] == pytest.approx(
        gap[0]["p1"] * gap[0]["line_rp"] * gap[0]["population"] * 12
    )
    code, _, err = run(capsys, "budget", "--db", db, "--view", "gap", "--by", "opd")
    assert code == 2 and "--by must be one of" in err


# ------------------------------------------------------------------ mpi, inequality, trend


def test_mpi(capsys, db, tmp_path):
    rows = as_json(capsys, "mpi", "--db", db, "--by", "zone")
    assert list(rows[0])[:11] == [
        "group",
        "households",
        "households_missing",
        "population",
        "mpi_poor",
        "h",
        "h_se",
        "a",
        "m0",
        "m0_se",
        "k",
    ]
    assert "contribution_dep_assets" in rows[0]
    long = as_json(capsys, "mpi", "--db", db, "--view", "indicators")
    assert len(long) == 10
    assert sum(r["contribution"] for r in long) == pytest.approx(1)
    higher = as_json(capsys, "mpi", "--db", db, "--k", "0.5")[0]
    base = as_json(capsys, "mpi", "--db", db)[0]
    assert higher["h"] <= base["h"]
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,dimension,weight\ndep_water,living,1/2\n")
    code, _, err = run(capsys, "mpi", "--db", db, "--structure", str(bad))
    assert code == 1 and "sum to 1" in err


def test_inequality(capsys, db):
    r = as_json(capsys, "inequality", "--db", db)[0]
    assert list(r)[:5] == ["group", "households", "population", "mean_consumption_pc_rp", "gini"]
    theil = as_json(capsys, "inequality", "--db", db, "--view", "theil")
    assert theil[-1]["group"] == "all"
    dec = as_json(capsys, "inequality", "--db", db, "--view", "deciles", "--by", "zone")
    assert len(dec) == 30


def test_trend(capsys, db):
    rows = as_json(capsys, "trend", "--db", db)
    assert {r["series"] for r in rows} == {"computed", "official", "target"}
    computed = [r for r in rows if r["series"] == "computed" and r["indicator"] == "p0"]
    assert [r["year"] for r in computed] == [2024, 2025]
    p0 = as_json(capsys, "trend", "--db", db, "--indicator", "p0", "--year", "2025")
    assert {r["indicator"] for r in p0} == {"p0"} and {r["year"] for r in p0} == {2025}
    official = [r for r in p0 if r["series"] == "official" and r["area"] == "94.04"]
    assert official[0]["value"] == pytest.approx(0.137)  # 13.70 % published
    target = [r for r in p0 if r["series"] == "target"]
    assert target[0]["is_placeholder"] is False


# ------------------------------------------------------------------ errors, docs


def test_errors(capsys, db, tmp_path):
    code, _, err = run(capsys, "indicators", "--db", db, "--year", "2031")
    assert code == 1 and "no households for 2031" in err
    code, _, err = run(capsys, "mpi", "--db", str(tmp_path / "none.duckdb"))
    assert code == 1 and "no store" in err
    code, _, err = run(capsys, "indicators", "--db", db, "--line", "0")
    assert code == 2


def test_every_key_is_documented(capsys, db):
    """Each key any analytics command prints appears in docs/cli.md (as `key`)."""
    doc = (REPO / "docs" / "cli.md").read_text()
    commands = [
        ["indicators"],
        ["reach"],
        ["reach", "--view", "unreached"],
        ["reach", "--view", "convergence"],
        ["reach", "--view", "overlap"],
        ["reach", "--view", "match"],
        ["budget"],
        ["budget", "--view", "gap"],
        ["mpi"],
        ["mpi", "--view", "indicators"],
        ["inequality"],
        ["inequality", "--view", "theil"],
        ["inequality", "--view", "deciles"],
        ["trend"],
    ]
    missing = []
    for argv in commands:
        assert f"## `rpkd {argv[0]}`" in doc
        for key in as_json(capsys, *argv, "--db", db)[0]:
            generic = re.sub(
                r"^(uncensored|censored|contribution)_dep_\w+$", r"\1_<indicator>", key
            )
            if f"`{generic}`" not in doc:
                missing.append((" ".join(argv), key))
    assert not missing, missing
