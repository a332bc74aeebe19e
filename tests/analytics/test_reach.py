"""Targeting: coverage, exclusion and inclusion errors, convergence, overlap."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.reach import (
    ANY,
    REACH_COLUMNS,
    beneficiary_match,
    overlap_matrix,
    programmes_per_poor,
    reach_by,
    unreached_poor,
)

Z = 100.0  # poverty line of the frames, Rp/capita/month


def households() -> pd.DataFrame:
    """Five households of 2024 (and a copy in 2023 that must be ignored).

    hh   y    size weight decile district   poor(line z=100)  poor(decile<=4)
    h1   50   2    1      1      D1         yes               yes
    h2   80   1    1      2      D2         yes               yes
    h3   100  1    2      3      D1         no (on the line)  yes
    h4   200  3    1      9      D2         no                no
    h5   10   1    1      NULL   D2         yes               unclassified
    """
    df = pd.DataFrame(
        {
            "year": 2024,
            "hh_id": ["h1", "h2", "h3", "h4", "h5"],
            "district_code": ["D1", "D2", "D1", "D2", "D2"],
            "village_code": ["V1", "V2", "V1", "V3", "V3"],
            "hh_size": [2, 1, 1, 3, 1],
            "consumption_pc_rp": [50.0, 80.0, 100.0, 200.0, 10.0],
            "weight": [1.0, 1.0, 2.0, 1.0, 1.0],
            "welfare_decile": pd.array([1, 2, 3, 9, None], dtype="Int64"),
        }
    )
    return pd.concat([df, df.assign(year=2023, consumption_pc_rp=1.0)], ignore_index=True)


def lists() -> pd.DataFrame:
    """A reaches h1, h3 and h9 (no household record); B reaches h1, h2, h4."""
    rows = [("A", "h1"), ("A", "h3"), ("A", "h9"), ("B", "h1"), ("B", "h2"), ("B", "h4")]
    df = pd.DataFrame(rows, columns=["programme_code", "hh_id"]).assign(year=2024)
    return pd.concat([df, df.assign(year=2023, programme_code="B")]).drop_duplicates()


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, frame in {
        "households": households(),
        "beneficiaries": lists(),
        "programmes": pd.DataFrame({"programme_code": ["A", "B", "C"]}),
        "districts": pd.DataFrame({"district_code": ["D1", "D2"], "zone": ["coastal", "lowland"]}),
    }.items():
        con.register("f", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM f")
        con.unregister("f")
    return con


def rows(df: pd.DataFrame, group: str = "all") -> pd.DataFrame:
    return df[df["group"] == group].set_index("programme_code")


def test_columns_and_order():
    df = reach_by(connect(), year=2024, line_rp=Z)
    assert list(df.columns) == REACH_COLUMNS
    assert list(df["programme_code"]) == ["A", "B", "C", ANY]
    assert set(df["poor_definition"]) == {"consumption_pc_rp < 100 Rp/capita/month"}
    assert set(df["unit"]) == {"households"}


def test_line_household_weighted():
    r = rows(reach_by(connect(), year=2024, line_rp=Z))
    # poor: h1, h2, h5 (weights 1 + 1 + 1 = 3); non-poor: h3 (2) + h4 (1) = 3
    assert r.loc["A", "poor"] == 3 and r.loc["A", "nonpoor"] == 3
    # A reaches h1 (poor, 1) and h3 (non-poor, weight 2); h9 has no record
    assert r.loc["A", "poor_reached"] == 1 and r.loc["A", "nonpoor_reached"] == 2
    assert r.loc["A", "households_reached"] == 2
    assert r.loc["A", "coverage"] == pytest.approx(1 / 3)
    assert r.loc["A", "exclusion_error"] == pytest.approx(2 / 3)
    assert r.loc["A", "inclusion_error"] == pytest.approx(2 / 3)  # 2 of 3 reached
    # B reaches h1, h2 (poor) and h4 (1, non-poor): coverage 2/3, leakage 1/3
    assert r.loc["B", "coverage"] == pytest.approx(2 / 3)
    assert r.loc["B", "inclusion_error"] == pytest.approx(1 / 3)
    # C has no beneficiary: coverage 0, leakage undefined
    assert r.loc["C", "coverage"] == 0 and np.isnan(r.loc["C", "inclusion_error"])
    # any programme: h1, h2 poor reached (2 of 3), h3 + h4 = 3 non-poor of 5 reached
    assert r.loc[ANY, "coverage"] == pytest.approx(2 / 3)
    assert r.loc[ANY, "inclusion_error"] == pytest.approx(3 / 5)
    assert r.loc[ANY, "poor_not_reached"] == 1  # h5


def test_line_person_weighted():
    df = reach_by(connect(), year=2024, line_rp=Z, weighting="person")
    r = rows(df)
    assert set(df["unit"]) == {"persons"}
    # person weights v = 2, 1, 2, 3, 1; poor persons h1 + h2 + h5 = 4
    assert r.loc["A", "poor"] == 4
    # A: poor reached h1 (2) -> 2/4; reached 2 + 2 = 4 of which non-poor 2 -> 0.5
    assert r.loc["A", "coverage"] == pytest.approx(0.5)
    assert r.loc["A", "inclusion_error"] == pytest.approx(0.5)
    # B: poor reached 2 + 1 = 3 of 4; non-poor h4 (3) of 6 reached
    assert r.loc["B", "coverage"] == pytest.approx(0.75)
    assert r.loc["B", "inclusion_error"] == pytest.approx(0.5)


def test_decile_definition():
    df = reach_by(connect(), year=2024, poor_definition="decile", decile_k=4)
    r = rows(df)
    assert set(df["poor_definition"]) == {"welfare_decile <= 4"}
    # poor h1, h2, h3 (1 + 1 + 2 = 4); non-poor h4 (1); h5 unclassified (1)
    assert (r.loc["A", "poor"], r.loc["A", "nonpoor"], r.loc["A", "unclassified"]) == (4, 1, 1)
    # A: h1 + h3 = 3 of 4 poor, nobody non-poor
    assert r.loc["A", "coverage"] == pytest.approx(0.75)
    assert r.loc["A", "inclusion_error"] == 0
    # B: h1 + h2 = 2 of 4; h4 of 3 reached is non-poor
    assert r.loc["B", "coverage"] == pytest.approx(0.5)
    assert r.loc["B", "inclusion_error"] == pytest.approx(1 / 3)
    # k = 1: only h1 is poor
    r1 = rows(reach_by(connect(), year=2024, poor_definition="decile", decile_k=1))
    assert r1.loc["A", "poor"] == 1 and r1.loc["A", "coverage"] == 1


def test_by_district_and_zone():
    df = reach_by(connect(), year=2024, line_rp=Z, by="district")
    d1, d2 = rows(df, "D1"), rows(df, "D2")
    # D1: poor h1 (1), non-poor h3 (2); A reaches both: coverage 1, leakage 2/3
    assert d1.loc["A", "coverage"] == 1
    assert d1.loc["A", "inclusion_error"] == pytest.approx(2 / 3)
    # D2: poor h2, h5; A reaches nobody there
    assert d2.loc["A", "coverage"] == 0 and np.isnan(d2.loc["A", "inclusion_error"])
    zone = reach_by(connect(), year=2024, line_rp=Z, by="zone")
    assert sorted(set(zone["group"])) == ["coastal", "lowland"]
    assert rows(zone, "coastal").loc["A", "coverage"] == 1


def test_unreached_poor():
    df = unreached_poor(connect(), year=2024, line_rp=Z).set_index("group")
    # D1: h1 reached; D2: h2 reached, h5 by nobody
    assert df.loc["D1", "poor_not_reached"] == 0
    assert df.loc["D2", "poor_not_reached"] == 1
    assert df.loc["D2", "share_not_reached"] == pytest.approx(0.5)
    v = unreached_poor(connect(), year=2024, line_rp=Z, by="village").set_index("group")
    assert v.loc["V3", "poor_not_reached"] == 1


def test_programmes_per_poor():
    df = programmes_per_poor(connect(), year=2024, line_rp=Z)
    # h5: 0 programmes, h2: 1 (B), h1: 2 (A and B); each weight 1
    assert list(df["programmes"]) == [0, 1, 2]
    assert list(df["poor"]) == [1, 1, 1]
    assert df["share"].sum() == pytest.approx(1)


def test_overlap_matrix():
    df = overlap_matrix(connect(), year=2024).set_index(["programme_a", "programme_b"])
    # A = {h1, h3, h9}, B = {h1, h2, h4}: one household in common
    assert df.loc[("A", "A"), "share_of_a"] == 1
    assert df.loc[("A", "B"), "households_both"] == 1
    assert df.loc[("A", "B"), "share_of_a"] == pytest.approx(1 / 3)
    assert df.loc[("B", "A"), "households_a"] == 3


def test_beneficiary_match():
    df = beneficiary_match(connect(), year=2024).set_index("programme_code")
    assert df.loc["A", "listed"] == 3 and df.loc["A", "unmatched"] == 1
    assert df.loc["A", "match_rate"] == pytest.approx(2 / 3)
    assert df.loc["B", "match_rate"] == 1


def test_errors():
    con = connect()
    with pytest.raises(ValueError, match="line_rp"):
        reach_by(con, year=2024)
    with pytest.raises(ValueError, match="decile_k"):
        reach_by(con, year=2024, poor_definition="decile", decile_k=11)
    with pytest.raises(ValueError, match="weighting"):
        reach_by(con, year=2024, line_rp=Z, weighting="people")
    with pytest.raises(ValueError, match="poor_definition"):
        reach_by(con, year=2024, line_rp=Z, poor_definition="mpi")
    with pytest.raises(ValueError, match="relation"):
        reach_by(con, "households; DROP TABLE x", year=2024, line_rp=Z)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.floats(0, 300),
            st.integers(1, 6),
            st.sampled_from(["D1", "D2"]),
            st.sets(st.sampled_from(["A", "B", "C"])),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_properties(data):
    hh = pd.DataFrame(
        {
            "year": 2024,
            "hh_id": [f"h{i}" for i in range(len(data))],
            "district_code": [d[2] for d in data],
            "hh_size": [d[1] for d in data],
            "consumption_pc_rp": [d[0] for d in data],
        }
    )
    ben = pd.DataFrame(
        [(p, f"h{i}", 2024) for i, d in enumerate(data) for p in sorted(d[3])],
        columns=["programme_code", "hh_id", "year"],
    )
    con = duckdb.connect()
    con.register("households", hh)
    con.register("beneficiaries", ben if len(ben) else ben.astype(str).assign(year=2024))
    con.register("programmes", pd.DataFrame({"programme_code": ["A", "B", "C"]}))
    df = reach_by(con, year=2024, line_rp=Z, by="district")
    ok = df["poor"] > 0
    # coverage + exclusion = 1; rates within [0, 1]
    assert np.allclose(df.loc[ok, "coverage"] + df.loc[ok, "exclusion_error"], 1)
    for c in ("coverage", "inclusion_error"):
        assert ((df[c].dropna() >= 0) & (df[c].dropna() <= 1 + 1e-12)).all()
    # '(any)' covers at least as many poor as any single programme
    best = df[df["programme_code"] != ANY].groupby("group")["poor_reached"].max()
    anyp = df[df["programme_code"] == ANY].set_index("group")["poor_reached"]
    assert (anyp >= best - 1e-9).all()
    # districts add up to the regency
    reg = reach_by(con, year=2024, line_rp=Z).set_index("programme_code")
    tot = df.groupby("programme_code")[["poor", "reached", "poor_reached"]].sum()
    assert np.allclose(tot.loc[reg.index], reg[["poor", "reached", "poor_reached"]])
