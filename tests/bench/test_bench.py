"""Benchmarks at small N: documented keys, the pandas baseline equals fgt_by, ratios.

No timing assertion here: the figures depend on the machine (docs/performance.md).
"""

from __future__ import annotations

import json

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.poverty import FGT_COLUMNS, fgt_by
from bench import baselines, data, runner
from ingest.load import import_delivery
from ingest.reference import init_store
from store.db import Store

STEP_KEYS = {"first_s", "median_s", "best_s", "cpu_s", "runs", "peak_rss_mb", "start_rss_mb"}


# ---------------------------------------------------------------- pandas baseline


def _fgt_equal(con, hh: pd.DataFrame, line: float) -> dict:
    ref = fgt_by(con, line_rp=line, year=2025, by="district")
    return baselines.compare(ref, baselines.pandas_fgt_by_district(hh, line_rp=line))


def test_pandas_baseline_equals_fgt_by_on_the_demo_store(small_store_path):
    with Store(small_store_path).read() as con:
        hh = baselines.load_households(con, year=2025)
        for line in (1_166_466.0, 800_000.0, 2_000_000.0):
            check = _fgt_equal(con, hh, line)
            assert check["equal"], check


def test_pandas_baseline_follows_the_design_conventions():
    """Missing PSUs (own PSU), a lonely stratum, a missing consumption, a district alone."""
    rng = np.random.default_rng(3)
    n = 400
    hh = pd.DataFrame(
        {
            "year": 2025,
            "hh_id": [f"H{i:04d}" for i in range(n)],
            "district_code": rng.choice(["94.04.01", "94.04.02", "94.04.03"], n),
            "strata": rng.choice(["A", "B", "C"], n),
            "psu": rng.choice(["p1", "p2", "p3", "p4"], n),
            "hh_size": rng.integers(1, 8, n),
            "weight": rng.uniform(0.5, 3.0, n),
            "consumption_pc_rp": rng.lognormal(13.8, 0.5, n).round(0),
        }
    )
    hh["psu"] = hh["psu"].astype(object)
    hh["strata"] = hh["strata"].astype(object)
    hh.loc[hh.index[:25], "psu"] = None  # own PSU each
    hh.loc[hh.strata == "C", "psu"] = "only"  # stratum with a single PSU
    hh.loc[hh.index[30:33], "consumption_pc_rp"] = np.nan  # in the design, no estimate
    hh.loc[hh.index[40], "strata"] = None
    hh.loc[hh.index[50], "district_code"] = "94.04.09"  # a district of one household
    con = duckdb.connect()
    con.register("f", hh)
    con.execute("CREATE TABLE households AS SELECT * FROM f")
    line = float(np.median(hh.consumption_pc_rp.dropna()))
    check = _fgt_equal(con, hh, line)
    assert check["equal"], check


def test_compare_sees_a_difference_and_a_reordering(small_store_path):
    with Store(small_store_path).read() as con:
        ref = fgt_by(con, line_rp=1_166_466.0, year=2025, by="district")
    assert baselines.compare(ref, ref.copy())["equal"]
    off = ref.copy()
    off.loc[3, "p1_se"] += 1e-8
    res = baselines.compare(ref, off)
    assert not res["equal"] and res["worst_column"] == "p1_se"
    off = ref.copy()
    off.loc[2, "population"] *= 1 + 1e-8
    assert baselines.compare(ref, off)["worst_column"] == "population"
    assert not baselines.compare(ref, ref.iloc[::-1].reset_index(drop=True))["equal"]
    assert list(ref.columns) == FGT_COLUMNS


def test_floor_is_p0_by_district(small_store_path):
    with Store(small_store_path).read() as con:
        floor = baselines.floor_p0(con, line_rp=1_166_466.0, year=2025)
        ref = fgt_by(con, line_rp=1_166_466.0, year=2025, by="district")
    got = floor.set_index("district_code")["p0"].sort_index()
    assert np.allclose(got.to_numpy(), ref.set_index("group")["p0"].to_numpy(), rtol=1e-12)


# ---------------------------------------------------------------- generator


@pytest.fixture(scope="module")
def bench_store(tmp_path_factory) -> Store:
    return data.build_store(tmp_path_factory.mktemp("bench") / "b.duckdb", 5000, seed=11)


def test_generated_store_has_the_schema_and_references(bench_store):
    with bench_store.read() as con:
        assert con.execute("SELECT count(*), count(DISTINCT hh_id) FROM households").fetchone() == (
            5000,
            5000,
        )
        # Codes come from the reference tables; villages sit in their district.
        assert (
            con.execute(
                "SELECT count(*) FROM households h LEFT JOIN villages v USING (village_code) "
                "WHERE v.district_code IS DISTINCT FROM h.district_code"
            ).fetchone()[0]
            == 0
        )
        assert (
            con.execute(
                "SELECT count(*) FROM beneficiaries b ANTI JOIN households h USING (year, hh_id)"
            ).fetchone()[0]
            == 0
        )
        assert con.execute("SELECT count(*) FROM budgets").fetchone()[0] > 0
        bad = con.execute(
            "SELECT count(*) FROM households WHERE hh_size < 1 OR weight <= 0 "
            "OR consumption_pc_rp < 0 OR welfare_decile NOT BETWEEN 1 AND 10"
        ).fetchone()[0]
        assert bad == 0
        assert (
            con.execute("SELECT value FROM meta WHERE key = 'demo'")
            .fetchone()[0]
            .startswith("bench synthetic")
        )
        # Highland poorer than lowland, as in the demo.
        p0 = dict(
            con.execute(
                "SELECT d.zone, sum(weight * hh_size * (consumption_pc_rp < 1166466)::DOUBLE) "
                "/ sum(weight * hh_size) FROM households h JOIN districts d USING (district_code) "
                "GROUP BY 1"
            ).fetchall()
        )
        assert p0["highland"] > p0["coastal"] > p0["lowland"]


def test_generation_is_reproducible(tmp_path):
    a = data.build_store(tmp_path / "a.duckdb", 1500, seed=5, with_beneficiaries=False)
    b = data.build_store(tmp_path / "b.duckdb", 1500, seed=5, with_beneficiaries=False)
    q = "SELECT * FROM households ORDER BY hh_id"
    with a.read() as ca, b.read() as cb:
        pd.testing.assert_frame_equal(ca.execute(q).df(), cb.execute(q).df())


def test_indonesian_csv_goes_through_the_checked_import(bench_store, tmp_path):
    csv = tmp_path / "hh.csv"
    rows = data.write_households_csv(bench_store, csv, year=2025)
    head = csv.read_text().splitlines()[:2]
    assert ";" in head[0] and "," in head[1].split(";")[6]  # weight with a decimal comma
    target = Store(tmp_path / "t.duckdb")
    init_store(target)
    res = import_delivery(target, "households", csv)
    assert res.rows == rows == 5000
    q = "SELECT count(*), sum(weight * hh_size), sum(consumption_pc_rp), count(DISTINCT psu), count_if(oap) FROM households"
    with bench_store.read() as a, target.read() as b:
        assert a.execute(q).fetchone() == pytest.approx(b.execute(q).fetchone(), rel=1e-12)


# ---------------------------------------------------------------- runner and CLI


def test_ratios_and_targets_from_step_medians():
    steps = {
        "floor": {"median_s": 0.02},
        "indicators": {"median_s": 0.05},
        "indicators_nogini": {"median_s": 0.04},
        "pandas": {"median_s": 1.0},
        "import": {"best_s": 3.0},
        "read_csv": {"best_s": 2.0},
    }
    r = runner.ratios(steps)
    assert r["general_vs_floor"] is None  # no general-path step: no ratio
    assert {k: v for k, v in r.items() if v is not None} == {
        "indicators_vs_floor": 2.5,
        "indicators_nogini_vs_floor": 2.0,
        "pandas_vs_indicators": 20.0,
        "pandas_vs_indicators_nogini": 25.0,
        "import_vs_read_csv": 1.5,
    }
    t = runner.check_targets(1_000_000, r)
    assert {k: v["met"] for k, v in t.items()} == {
        "indicators_vs_floor": True,
        "pandas_vs_indicators": True,
        "import_vs_read_csv": True,
    }
    assert set(runner.check_targets(5000, {**r, "import_vs_read_csv": 2.5})) == {
        "import_vs_read_csv"
    }
    assert runner.ratios({"floor": {"median_s": 0.0}})["indicators_vs_floor"] is None
    cpu = runner.ratios({"floor": {"cpu_s": 0.5}, "indicators": {"cpu_s": 2.0}}, cpu=True)
    assert cpu["indicators_vs_floor"] == 4.0 and cpu["pandas_vs_indicators"] is None


@pytest.mark.slow
def test_rpkd_bench_writes_the_documented_json(tmp_path):
    from cli.main import main

    out = tmp_path / "bench.json"
    code = main(
        [
            "bench",
            "--households",
            "2000",
            "--format",
            "json",
            "--out",
            str(out),
            "--workdir",
            str(tmp_path / "wd"),
        ]
    )
    assert code == 0
    res = json.loads(out.read_text())
    assert {"machine", "date", "year", "runs", "pages", "loadavg_at_start"} <= set(res)
    assert res["machine"]["nproc"] >= 1 and res["machine"]["memory_gb"] > 0
    (run,) = res["runs"]
    assert run["households"] == 2000
    expected = {
        "indicators_general",
        "indicators_general_nogini",
        "generate",
        "demo_frame",
        "write_csv",
        "import",
        "read_csv",
        "floor",
        "indicators",
        "indicators_nogini",
        "pandas",
    }
    assert expected <= set(run["steps"])
    for name in ("import", "read_csv", "floor", "indicators", "indicators_nogini", "pandas"):
        s = run["steps"][name]
        assert STEP_KEYS <= set(s), (name, s)
        assert 0 < s["best_s"] <= s["median_s"] and s["peak_rss_mb"] >= s["start_rss_mb"] > 0
    assert run["steps"]["import"]["rows"] == run["steps"]["read_csv"]["rows"] == 2000
    assert run["steps"]["pandas"]["check"]["equal"] is True
    assert run["steps"]["indicators_general"]["check"]["equal"] is True
    assert run["steps"]["indicators_general"]["path"] == "general"
    assert run["steps"]["indicators"]["path"] == "stored"
    r, s = run["ratios"], run["steps"]
    assert r["indicators_vs_floor"] == round(
        s["indicators"]["median_s"] / s["floor"]["median_s"], 2
    )
    assert r["pandas_vs_indicators"] == round(
        s["pandas"]["median_s"] / s["indicators"]["median_s"], 2
    )
    assert r["import_vs_read_csv"] == round(s["import"]["best_s"] / s["read_csv"]["best_s"], 2)
    assert set(run["ratios_cpu"]) == set(run["ratios"])
    assert set(run["targets"]) == {"import_vs_read_csv"}  # the others apply at 1,000,000
    assert not (tmp_path / "wd" / "n2000").exists()  # cleaned up without --keep
