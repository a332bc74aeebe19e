"""`rpkd simulate`, `rpkd priority` and `rpkd rat list|import`: same numbers as the library,
and hand-computed what-if cases through the command line."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analytics.lines import latest_year, poverty_line_for
from analytics.simulate import Scenario, simulate
from cli.main import main
from planning.locations import priority_table


def run_json(capsys, *argv) -> object:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


# ---------------------------------------------------------------- simulate, by hand


def test_simulate_cli_hand_computed_transfer_to_decile_1(tiny_store, capsys):
    # z = 1,000. h1 (2 persons, y = 900) gains 2,400/12/2 = 100 -> 1,000: not poor (y < z).
    # h4 (1 person, y = 500) gains 200 -> 700: still poor. Poor 4 of 7 persons -> 2 of 7.
    out = run_json(capsys, "simulate", "--db", str(tiny_store.path), "--kind", "add",
                   "--amount", "2400", "--who", "decile", "--decile-k", "1", "--format", "json")  # fmt: skip
    assert out["year"] == 2025 and out["line_rp"] == 1000.0
    assert out["cost_rp_year"] == pytest.approx(4800.0)
    assert out["recipients_households"] == pytest.approx(2.0)
    # Closure cost: P1 = (2 x 0.10 + 1 x 0.05 + 1 x 0.50) / 7 = 0.75/7; x z x 7 persons x 12.
    assert out["closure_cost_rp_year"] == pytest.approx(0.75 / 7 * 1000 * 7 * 12)
    rows = {r["group"]: r for r in out["table"]}
    a = rows["all"]
    assert a["p0_before"] == pytest.approx(4 / 7) and a["p0_after"] == pytest.approx(2 / 7)
    assert a["p1_after"] == pytest.approx((0.05 + 0.30) / 7)
    assert a["poor_change"] == pytest.approx(-2.0)
    assert a["cost_per_person_lifted_rp"] == pytest.approx(4800.0 / 2)
    low, high, coast = rows["lowland"], rows["highland"], rows["coastal"]
    assert low["p0_before"] == pytest.approx(1.0) and low["p0_after"] == pytest.approx(1 / 3)
    assert low["cost_rp_year"] == pytest.approx(2400.0)
    assert low["cost_per_person_lifted_rp"] == pytest.approx(1200.0)
    assert high["p0_after"] == pytest.approx(1.0) and high["cost_rp_year"] == pytest.approx(2400.0)
    assert high["cost_per_person_lifted_rp"] is None  # nobody lifted out: no ratio
    assert coast["cost_rp_year"] == 0.0 and coast["p0_change"] == 0.0
    assert any("2,400 Rp per household per year" in s for s in out["assumptions"])


def test_simulate_cli_hand_computed_programme_removal(tiny_store, capsys):
    # Stopping X: h2 loses 600/12/1 = 50 -> 900 (still poor, deeper); h3 loses 3,600/12/3 = 100
    # -> 1,900 (not poor). Money saved 4,200; P0 unchanged; P1 rises by 0.05/7.
    out = run_json(capsys, "simulate", "--db", str(tiny_store.path), "--kind", "remove",
                   "--programme", "X", "--format", "json")  # fmt: skip
    assert out["cost_rp_year"] == pytest.approx(-4200.0)
    a = {r["group"]: r for r in out["table"]}["all"]
    assert a["p0_change"] == pytest.approx(0.0)
    assert a["p1_change"] == pytest.approx(0.05 / 7)


def test_simulate_cli_states_the_assumptions_in_english_sentences(tiny_store, capsys):
    out = run_json(capsys, "simulate", "--db", str(tiny_store.path), "--kind", "move",
                   "--amount", "3000", "--from-zone", "lowland", "--to-zone", "highland",
                   "--decile-k", "2", "--format", "json")  # fmt: skip
    assert out["assumptions"] == [
        "Static microsimulation: first-round effects only; no behavioural response, no price "
        "effects.",
        "A transfer is fully consumed and shared equally: Rp per household per year / 12 / "
        "household size is added to consumption per capita per month.",
        "Poverty line 1,000 Rp per capita per month; poor means consumption strictly below it.",
        "Costs are weighted (survey weights), Rp per year, before administration costs.",
        "Moves 3,000 Rp per year from lowland (current transfers cut pro rata) to households of "
        "highland in deciles 1-2 (equal amounts).",
    ]


def test_simulate_cli_csv_and_table_formats(tiny_store, capsys):
    capsys.readouterr()
    assert main(["simulate", "--db", str(tiny_store.path), "--kind", "perfect", "--budget",
                 "100000", "--format", "csv"]) == 0  # fmt: skip
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("group,p0_before,p0_after") and len(lines) == 5
    assert main(["simulate", "--db", str(tiny_store.path), "--kind", "perfect", "--budget",
                 "100000"]) == 0  # fmt: skip
    assert "closure_cost_rp_year" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--kind", "add"], id="add-needs-amount"),
        pytest.param(["--kind", "perfect"], id="perfect-needs-budget"),
        pytest.param(["--kind", "remove"], id="remove-needs-programme"),
        pytest.param(["--kind", "add", "--amount", "1", "--who", "zone"], id="zone-needs-zone"),
    ],
)
def test_simulate_cli_refuses_incomplete_scenarios(tiny_store, capsys, argv):
    assert main(["simulate", "--db", str(tiny_store.path), *argv]) == 2
    assert "rpkd:" in capsys.readouterr().err


# ---------------------------------------------------------------- simulate = library


@pytest.mark.parametrize(
    ("argv", "scenario"),
    [
        pytest.param(
            ["--kind", "add", "--amount", "1200000", "--who", "zone", "--zone", "highland",
             "--decile-k", "4"],
            Scenario("add", amount_rp_year=1_200_000, who="zone", zone="highland", decile_k=4),
            id="add-zone",
        ),
        pytest.param(
            ["--kind", "move", "--amount", "2000000000", "--from-zone", "lowland", "--to-zone",
             "highland"],
            Scenario("move", amount_rp_year=2e9, from_zone="lowland", to_zone="highland"),
            id="move",
        ),
        pytest.param(
            ["--kind", "perfect", "--budget", "20000000000"],
            Scenario("perfect", budget_rp_year=2e10),
            id="perfect",
        ),
    ],
)  # fmt: skip
def test_simulate_cli_equals_the_library_on_the_demo_store(
    small_store_path, capsys, argv, scenario
):
    out = run_json(capsys, "simulate", "--db", str(small_store_path), *argv, "--format", "json")
    from store.db import Store

    with Store(small_store_path).read() as con:
        year = latest_year(con)
        line = poverty_line_for(con, year)
        res = simulate(con, scenario, year=year, line_rp=line)
    assert out["year"] == year and out["line_rp"] == line
    assert out["cost_rp_year"] == pytest.approx(res.cost_rp_year)
    assert out["assumptions"] == res.assumptions
    got = pd.DataFrame(out["table"]).set_index("group")
    want = res.table.set_index("group")
    for col in want.columns:
        expected = pytest.approx(want[col].to_numpy(), rel=1e-9, abs=1e-6, nan_ok=True)
        assert got[col].to_numpy() == expected, col
    # Zone costs add up to the total.
    zones = got.drop(index="all")["cost_rp_year"]
    assert zones.sum() == pytest.approx(res.cost_rp_year, abs=1.0)
    if scenario.kind == "move":  # what one zone loses the other gains
        assert zones["lowland"] == pytest.approx(-2e9) and zones["highland"] == pytest.approx(2e9)


# ---------------------------------------------------------------- priority


def test_priority_cli_equals_the_library_and_weights_matter(small_store_path, capsys):
    db = str(small_store_path)
    out = run_json(capsys, "priority", "--db", db, "--weights", "p0=1", "--format", "json")
    from store.db import Store

    with Store(small_store_path).read() as con:
        year = latest_year(con)
        want = priority_table(con, level="district", year=year,
                              line_rp=poverty_line_for(con, year), weights={"p0": 1.0})  # fmt: skip
    got = pd.DataFrame(out)
    assert list(got["code"]) == list(want["code"])
    assert got["score"].to_numpy() == pytest.approx(want["score"].astype(float).to_numpy())
    # With P0 alone the ranking is the P0 ranking.
    ranked = got.dropna(subset=["p0"]).sort_values("p0", ascending=False)
    assert list(ranked["code"]) == list(got.dropna(subset=["rank"])["code"])
    assert set(got["weights_used"]) == {"p0=1.00"}
    by_gap = run_json(capsys, "priority", "--db", db, "--weights", "coverage_gap=1", "--format",
                      "json")  # fmt: skip
    assert [r["code"] for r in by_gap][:3] != list(got["code"])[:3]


def test_priority_cli_villages_and_refusals(small_store_path, capsys):
    db = str(small_store_path)
    out = run_json(capsys, "priority", "--db", db, "--level", "village", "--format", "json")
    assert len(out) == 152
    assert all(r["budget_per_poor_rp"] is None for r in out)
    small = [r for r in out if r["suppressed"]]
    assert small and all(r["rank"] is None and r["p0"] is None for r in small)
    assert all(r["households"] < 10 for r in small)
    capsys.readouterr()
    assert main(["priority", "--db", db, "--level", "village", "--weights",
                 "budget_per_poor_rp=1"]) == 2  # fmt: skip
    assert "not available by village" in capsys.readouterr().err
    assert main(["priority", "--db", db, "--weights", "p9=1"]) == 2


# ---------------------------------------------------------------- rat list / import


def test_rat_import_reads_indonesian_numbers_and_lists_the_plan(rat_store, tmp_path, capsys):
    f = tmp_path / "rat.csv"
    f.write_text(
        "Program/Kegiatan;Kode Program;Indikator;Target;Satuan;Kode Lokasi;Anggaran (Rp);"
        "Sumber Dana;OPD Penanggung Jawab;Kelompok Sasaran;Strategi\n"
        "Rehab RTLH;RTLH;Rumah direhab;120;unit;94.04.03;1.250.000.000;APBD;Dinas Sosial;"
        "desil 1-2;Beban\n"
        "Pelatihan nelayan;;Nelayan dilatih;37,5;orang;94.04.04;300.000.000,50;Otsus;"
        "Dinas Perikanan;;pendapatan\n",
        encoding="utf-8",
    )
    db = str(rat_store.path)
    assert main(["rat", "import", "--db", db, str(f), "--user", "sari"]) == 0
    assert "2 new" in capsys.readouterr().out
    listed = run_json(capsys, "rat", "list", "--db", db, "--format", "json")
    assert [r["budget_rp"] for r in listed] == [1_250_000_000.0, 300_000_000.5]
    assert [r["target_value"] for r in listed] == [120.0, 37.5]
    assert {r["saved_by"] for r in listed} == {"sari"}
    # The strategy column is read from "Strategi", codes in lower case.
    assert [r["strategy"] for r in listed] == ["beban", "pendapatan"]
    # Same file again: nothing changes (new actions again, since the file has no ids).
    hist = run_json(capsys, "rat", "list", "--db", db, "--history", "--format", "json")
    assert len(hist) == 2


def test_rat_import_with_errors_saves_nothing_and_names_row_and_column(rat_store, tmp_path, capsys):
    f = tmp_path / "bad.csv"
    f.write_text(
        "activity,indicator,target_value,target_unit,location_code,budget_rp,funding_source,opd\n"
        "A,B,1,unit,94.04.01,100,APBD,Dinas Sosial\n"
        "A,B,1,unit,94.04.77,-5,APBD,Dinas Entah\n",
        encoding="utf-8",
    )
    db = str(rat_store.path)
    assert main(["rat", "import", "--db", db, str(f)]) == 1
    err = capsys.readouterr().err
    assert "row 2, column location_code" in err
    assert "row 2, column budget_rp" in err
    assert "row 2, column opd" in err
    assert run_json(capsys, "rat", "list", "--db", db, "--format", "json") == []
