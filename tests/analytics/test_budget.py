"""Budget efficiency and poverty-gap closure cost: hand-computed frames."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.budget import BUDGET_COLUMNS, GAP_COLUMNS, REGENCY_WIDE, budget_by, gap_closure_cost

Z = 100.0  # poverty line, Rp/capita/month


def tables() -> dict[str, pd.DataFrame]:
    """Four households, four budget rows, two listed programmes with a budget and one without.

    hh  y    size weight district  poor (z = 100)
    h1  50   2    1      D1        yes
    h2  80   1    1      D2        yes
    h3  150  1    1      D1        no
    h4  200  2    1      D2        no

    budgets: P D1 (alloc 1000, realised 800), P D2 (500, 500), Q regency-wide
    (900, 600), R D3 (100, 0). Lists: P -> h1 (100), h3 (100), h2 (50);
    Q -> h1 (30), h2 (30), h4 (60); S -> h4 (10) has no budget row.
    """
    hh = pd.DataFrame(
        {
            "year": 2024,
            "hh_id": ["h1", "h2", "h3", "h4"],
            "district_code": ["D1", "D2", "D1", "D2"],
            "hh_size": [2, 1, 1, 2],
            "consumption_pc_rp": [50.0, 80.0, 150.0, 200.0],
            "weight": 1.0,
        }
    )
    budgets = pd.DataFrame(
        [
            (2024, "P", "D1", "Sos", "APBD", 1000.0, 800.0),
            (2024, "P", "D2", "Sos", "APBD", 500.0, 500.0),
            (2024, "Q", None, "Kes", "APBN", 900.0, 600.0),
            (2024, "R", "D3", "Sos", "Otsus", 100.0, 0.0),
            (2023, "P", "D1", "Sos", "APBD", 7777.0, 7777.0),
        ],
        columns=[
            "year",
            "programme_code",
            "district_code",
            "opd",
            "funding_source",
            "allocated_rp",
            "realised_rp",
        ],
    )
    ben = pd.DataFrame(
        [
            ("P", "h1", 100.0),
            ("P", "h3", 100.0),
            ("P", "h2", 50.0),
            ("Q", "h1", 30.0),
            ("Q", "h2", 30.0),
            ("Q", "h4", 60.0),
            ("S", "h4", 10.0),
        ],
        columns=["programme_code", "hh_id", "amount_rp"],
    ).assign(year=2024)
    districts = pd.DataFrame(
        {"district_code": ["D1", "D2", "D3"], "zone": ["coastal", "highland", "lowland"]}
    )
    return {"households": hh, "budgets": budgets, "beneficiaries": ben, "districts": districts}


def connect(**replace) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, frame in {**tables(), **replace}.items():
        con.register("f", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM f")
        con.unregister("f")
    return con


def by(group_by: str, **kw) -> pd.DataFrame:
    return budget_by(connect(), year=2024, line_rp=Z, by=group_by, **kw).set_index("group")


def test_by_programme():
    df = by("programme")
    assert list(df.reset_index().columns) == BUDGET_COLUMNS
    assert list(df.index) == ["P", "Q", "R"]  # S has no budget row: left out
    p, q, r = df.loc["P"], df.loc["Q"], df.loc["R"]
    # P: allocated 1000 + 500, realised 800 + 500; rate 1300 / 1500
    assert p["allocated_rp"] == 1500 and p["realised_rp"] == 1300
    assert p["realisation_rate"] == pytest.approx(1300 / 1500)
    # P reaches h1, h3, h2 (3 households), of which poor h1, h2
    assert p["beneficiary_households"] == 3 and p["poor_households_reached"] == 2
    assert p["cost_per_beneficiary_hh_rp"] == pytest.approx(1300 / 3)
    assert p["cost_per_poor_hh_reached_rp"] == pytest.approx(650)
    # paid 100 + 100 + 50 = 250, to the poor 100 + 50 = 150
    assert p["amount_paid_rp"] == 250 and p["share_to_poor"] == pytest.approx(0.6)
    assert p["budget_share"] == pytest.approx(1500 / 2500)
    # Q (regency-wide row): 600 realised over h1, h2, h4; poor h1, h2
    assert q["cost_per_beneficiary_hh_rp"] == pytest.approx(200)
    assert q["cost_per_poor_hh_reached_rp"] == pytest.approx(300)
    assert q["share_to_poor"] == pytest.approx(60 / 120)
    # R: money, nobody reached
    assert r["realisation_rate"] == 0 and np.isnan(r["cost_per_beneficiary_hh_rp"])
    assert df["apportioned_rp"].isna().all() and df["poor_share"].isna().all()


def test_by_opd_and_source():
    opd = by("opd")
    # Sos = P + R: 1600 allocated, 1300 realised; its households h1, h3, h2
    assert opd.loc["Sos", "allocated_rp"] == 1600
    assert opd.loc["Sos", "beneficiary_households"] == 3
    assert opd.loc["Kes", "realised_rp"] == 600
    src = by("funding_source")
    assert src.loc["APBN", "allocated_rp"] == 900
    assert src.loc["Otsus", "realised_rp"] == 0
    assert src["allocated_rp"].sum() == 2500


def test_by_district_apportioned():
    df = by("district")
    # Q's regency-wide 900 follows its households: h1 in D1 (1/3), h2 and h4 in D2 (2/3)
    d1, d2, d3 = df.loc["D1"], df.loc["D2"], df.loc["D3"]
    assert d1["allocated_rp"] == pytest.approx(1000 + 300)
    assert d1["realised_rp"] == pytest.approx(800 + 200)
    assert d1["apportioned_rp"] == pytest.approx(300)
    assert d2["allocated_rp"] == pytest.approx(500 + 600)
    assert d2["apportioned_rp"] == pytest.approx(600)
    assert d3["allocated_rp"] == 100
    # D1 households reached: h1 (poor), h3 -> cost 1000 / 2, per poor 1000 / 1
    assert d1["beneficiary_households"] == 2
    assert d1["cost_per_beneficiary_hh_rp"] == pytest.approx(500)
    assert d1["cost_per_poor_hh_reached_rp"] == pytest.approx(1000)
    # D1 paid: h1 100 + 30 (poor), h3 100 -> 130 / 230
    assert d1["share_to_poor"] == pytest.approx(130 / 230)
    # need: one poor household in D1 and one in D2
    assert d1["poor_households"] == 1 and d1["poor_share"] == pytest.approx(0.5)
    # allocation vs need: 1300/2500 of the money for half of the poor
    assert d1["budget_share"] == pytest.approx(0.52)
    assert d1["allocation_to_need"] == pytest.approx(1.04)
    assert d2["allocation_to_need"] == pytest.approx(0.88)
    # D3 has money but no household record: need unknown
    assert np.isnan(d3["poor_share"])
    assert df["allocated_rp"].sum() == pytest.approx(2500)
    assert REGENCY_WIDE not in df.index


def test_by_district_separate():
    df = by("district", regency_wide="separate")
    assert list(df.index) == ["D1", "D2", "D3", REGENCY_WIDE]
    # D1 keeps P's own row and the households it pays: h1, h3
    assert df.loc["D1", "allocated_rp"] == 1000 and df.loc["D1", "apportioned_rp"] == 0
    assert df.loc["D1", "beneficiary_households"] == 2
    # D2: P's 500 pays h2 only
    assert df.loc["D2", "beneficiary_households"] == 1
    rw = df.loc[REGENCY_WIDE]
    assert rw["allocated_rp"] == 900 and rw["beneficiary_households"] == 3
    assert np.isnan(rw["poor_share"])
    assert df["allocated_rp"].sum() == pytest.approx(2500)


def test_by_zone():
    df = by("zone")
    assert list(df.index) == ["coastal", "highland", "lowland"]
    assert df.loc["coastal", "allocated_rp"] == pytest.approx(1300)
    assert df.loc["highland", "poor_share"] == pytest.approx(0.5)


def test_decile_definition():
    hh = tables()["households"].assign(welfare_decile=[1, 5, 2, 9])
    df = budget_by(connect(households=hh), year=2024, poor_definition="decile", decile_k=4)
    p = df.set_index("group").loc["P"]
    # poor by decile: h1, h3; P reaches both (and h2)
    assert p["poor_households_reached"] == 2
    assert set(df["poor_definition"]) == {"welfare_decile <= 4"}


def test_gap_closure_regency():
    df = gap_closure_cost(connect(), year=2024, line_rp=Z)
    assert list(df.columns) == GAP_COLUMNS
    r = df.iloc[0]
    # person weights 2, 1, 1, 2 (6); gaps h1 0.5, h2 0.2 -> P1 = (2*0.5 + 0.2) / 6 = 0.2
    assert r["population"] == pytest.approx(6)
    assert r["p1"] == pytest.approx(0.2)
    # 0.2 * 100 * 6 * 12 = 1440 Rp a year
    assert r["gap_closure_cost_rp"] == pytest.approx(1440)
    # realised 800 + 500 + 600 + 0 = 1900 (2023 ignored)
    assert r["realised_rp"] == pytest.approx(1900)
    assert r["realised_to_gap_ratio"] == pytest.approx(1900 / 1440)


def test_gap_closure_by_district():
    df = gap_closure_cost(connect(), year=2024, line_rp=Z, by="district").set_index("group")
    # D1: h1 (v 2, gap 0.5), h3 (v 1): P1 = 1/3 -> 1/3 * 100 * 3 * 12 = 1200
    assert df.loc["D1", "gap_closure_cost_rp"] == pytest.approx(1200)
    assert df.loc["D1", "realised_rp"] == pytest.approx(1000)
    # D2: h2 (v 1, gap 0.2), h4 (v 2): 0.2 * 100 * 12 = 240
    assert df.loc["D2", "gap_closure_cost_rp"] == pytest.approx(240)
    # D3: money but no household: no cost to compare
    assert np.isnan(df.loc["D3", "realised_to_gap_ratio"])
    assert df["realised_rp"].sum() == pytest.approx(1900)


def test_errors():
    con = connect()
    with pytest.raises(ValueError, match="by must"):
        budget_by(con, year=2024, line_rp=Z, by="village")
    with pytest.raises(ValueError, match="regency_wide"):
        budget_by(con, year=2024, line_rp=Z, regency_wide="drop")
    with pytest.raises(ValueError, match="line_rp"):
        gap_closure_cost(con, year=2024, line_rp=0)
