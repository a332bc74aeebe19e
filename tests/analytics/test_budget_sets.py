"""Budget figures when a household is on several lists, some of them unpaid where it lives.

budget_by matches list rows to households once, summing programmes that behave
alike in every district together; these hand-computed cases check that a
household counts once per group, that a programme without a budget row in the
household's district pays nothing there, and that repeated list rows add their
benefits but not the household.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.budget import budget_by, gap_closure_cost
from tests.analytics import test_budget

Z = 100.0  # poverty line, Rp/capita/month


def connect(budgets: list[tuple], ben: list[tuple]) -> duckdb.DuckDBPyConnection:
    """Households h1-h4 and the given budget rows (2024) and list rows.

    hh  y    weight district  poor (z = 100)
    h1  50   1      D1        yes
    h2  80   2      D2        yes
    h3  150  1      D1        no
    h4  200  3      D2        no
    """
    hh = pd.DataFrame(
        {
            "year": 2024,
            "hh_id": ["h1", "h2", "h3", "h4"],
            "district_code": ["D1", "D2", "D1", "D2"],
            "hh_size": [1, 1, 1, 1],
            "consumption_pc_rp": [50.0, 80.0, 150.0, 200.0],
            "weight": [1.0, 2.0, 1.0, 3.0],
        }
    )
    cols = ["programme_code", "district_code", "opd", "funding_source", "allocated_rp"]
    bud = pd.DataFrame(budgets, columns=cols).assign(year=2024)
    bud["realised_rp"] = bud["allocated_rp"] * 0.8
    lists = pd.DataFrame(ben, columns=["programme_code", "hh_id", "amount_rp"]).assign(year=2024)
    con = duckdb.connect()
    for name, frame in {
        "households": hh,
        "budgets": bud,
        "beneficiaries": lists,
        "districts": pd.DataFrame({"district_code": ["D1", "D2"], "zone": ["coast", "high"]}),
    }.items():
        con.register("f", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM f")
        con.unregister("f")
    return con


# A has rows in D1 (OPD X) and D2 (OPD Y); B only in D1 (OPD X): B's households in D2
# are not paid from any budget row. h1 is listed twice by A.
BUDGETS = [
    ("A", "D1", "X", "APBD", 100.0),
    ("A", "D2", "Y", "APBD", 200.0),
    ("B", "D1", "X", "APBN", 50.0),
]
LISTS = [
    ("A", "h1", 10.0),
    ("A", "h1", 5.0),
    ("A", "h2", 20.0),
    ("B", "h1", 7.0),
    ("B", "h2", 8.0),
    ("B", "h3", 9.0),
    ("B", "h4", 11.0),
]


def by(group_by: str) -> pd.DataFrame:
    return budget_by(connect(BUDGETS, LISTS), year=2024, line_rp=Z, by=group_by).set_index("group")


def test_by_district_counts_a_household_once_and_skips_unpaid_lists():
    df = by("district")
    d1, d2 = df.loc["D1"], df.loc["D2"]
    assert d1["allocated_rp"] == 150 and d2["allocated_rp"] == 200
    # D1: h1 (A twice, B) and h3 (B) -> 2 households, 1 poor
    assert d1["beneficiary_households"] == 2 and d1["poor_households_reached"] == 1
    assert d1["cost_per_beneficiary_hh_rp"] == pytest.approx(120 / 2)
    # paid in D1: h1 10 + 5 + 7, h3 9 -> 31, of which to the poor 22
    assert d1["amount_paid_rp"] == pytest.approx(31)
    assert d1["share_to_poor"] == pytest.approx(22 / 31)
    # D2: only A pays; h2 (w 2) counts, h4 (on B's list only) does not; B's 8 to h2 neither
    assert d2["beneficiary_households"] == 2 and d2["poor_households_reached"] == 2
    assert d2["amount_paid_rp"] == pytest.approx(20 * 2)
    assert d2["share_to_poor"] == 1
    # need: poor h1 (1) in D1, h2 (2) in D2
    assert d1["poor_share"] == pytest.approx(1 / 3) and d2["poor_share"] == pytest.approx(2 / 3)
    assert d1["allocation_to_need"] == pytest.approx((150 / 350) / (1 / 3))


def test_by_programme():
    df = by("programme")
    a, b = df.loc["A"], df.loc["B"]
    # A pays h1 (w 1) and h2 (w 2): 15 * 1 + 20 * 2
    assert a["beneficiary_households"] == 3 and a["poor_households_reached"] == 3
    assert a["amount_paid_rp"] == pytest.approx(55)
    # B pays only in D1: h1 and h3; 7 to the poor of 16
    assert b["beneficiary_households"] == 2 and b["poor_households_reached"] == 1
    assert b["share_to_poor"] == pytest.approx(7 / 16)
    assert b["cost_per_poor_hh_reached_rp"] == pytest.approx(40)


def test_by_opd_follows_the_district_row():
    df = by("opd")
    # X = A in D1 + B in D1: h1 (on both lists) once, h3
    assert df.loc["X", "allocated_rp"] == 150
    assert df.loc["X", "beneficiary_households"] == 2
    assert df.loc["X", "amount_paid_rp"] == pytest.approx(15 + 7 + 9)
    # Y = A in D2: h2
    assert df.loc["Y", "beneficiary_households"] == 2
    assert df.loc["Y", "amount_paid_rp"] == pytest.approx(40)


def test_zone_equals_its_districts():
    z = by("zone")
    d = by("district")
    for col in ("beneficiary_households", "amount_paid_rp", "amount_to_poor_rp", "poor_share"):
        assert z.loc["coast", col] == pytest.approx(d.loc["D1", col])
        assert z.loc["high", col] == pytest.approx(d.loc["D2", col])


def test_more_than_64_budgeted_programmes():
    """70 programmes, each its own class by programme: sets span two 64-bit words."""
    codes = [f"P{k:02d}" for k in range(70)]
    budgets = [(c, "D1", "X", "APBD", 10.0) for c in codes]
    ben = [("P69", "h1", 5.0), ("P69", "h3", 1.0), ("P00", "h3", 2.0), ("P65", "h2", 4.0)]
    con = connect(budgets, ben)
    df = budget_by(con, year=2024, line_rp=Z, by="programme").set_index("group")
    assert list(df.index) == codes
    assert df.loc["P69", "beneficiary_households"] == 2
    assert df.loc["P69", "share_to_poor"] == pytest.approx(5 / 6)
    assert df.loc["P00", "poor_households_reached"] == 0
    # h2 lives in D2, where P65 has no budget row
    assert df.loc["P65", "beneficiary_households"] == 0
    assert np.isnan(df.loc["P65", "cost_per_beneficiary_hh_rp"])
    d = budget_by(con, year=2024, line_rp=Z, by="district").set_index("group")
    assert d.loc["D1", "beneficiary_households"] == 2  # h1, h3
    assert d.loc["D1", "amount_paid_rp"] == pytest.approx(8)


def test_households_without_weight_column():
    """A registry without weights (w = 1) gives the weighted frame's figures with w = 1."""
    tables = test_budget.tables()
    plain = test_budget.connect(households=tables["households"].drop(columns="weight"))
    for group_by in ("district", "zone", "programme"):
        got = budget_by(plain, year=2024, line_rp=Z, by=group_by)
        want = budget_by(test_budget.connect(), year=2024, line_rp=Z, by=group_by)
        pd.testing.assert_frame_equal(got, want)
    d = budget_by(plain, year=2024, line_rp=Z, by="district").set_index("group")
    # one poor household in D1 (h1) and one in D2 (h2)
    assert d.loc["D1", "poor_share"] == pytest.approx(0.5)


def test_gap_closure_without_regency_wide_rows():
    con = connect(BUDGETS, LISTS)
    df = gap_closure_cost(con, year=2024, line_rp=Z, by="district").set_index("group")
    # money stays where it was budgeted: D1 0.8 * 150, D2 0.8 * 200
    assert df.loc["D1", "realised_rp"] == pytest.approx(120)
    assert df.loc["D2", "realised_rp"] == pytest.approx(160)
    # D1: h1 gap 0.5 (v 1), h3 -> P1 = 0.25; 0.25 * 100 * 2 persons * 12 = 600
    assert df.loc["D1", "gap_closure_cost_rp"] == pytest.approx(600)
