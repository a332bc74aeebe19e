"""Reach counts each household once per programme: repeated list rows, many programmes.

reach_by matches list rows to households once, as a set of programmes per
household (bits of 64-bit words); these cases check the sets by hand.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.reach import ANY, reach_by
from tests.analytics.test_reach import Z, households, lists


def connect(ben: pd.DataFrame, programmes: list[str]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name, frame in {
        "households": households(),
        "beneficiaries": ben,
        "programmes": pd.DataFrame({"programme_code": programmes}),
        "districts": pd.DataFrame({"district_code": ["D1", "D2"], "zone": ["coastal", "lowland"]}),
    }.items():
        con.register("f", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM f")
        con.unregister("f")
    return con


def test_repeated_list_rows_count_once():
    once = lists()
    twice = pd.concat([once, once, once[once["programme_code"] == "A"]], ignore_index=True)
    a = reach_by(connect(once, ["A", "B"]), year=2024, line_rp=Z, by="district")
    b = reach_by(connect(twice, ["A", "B"]), year=2024, line_rp=Z, by="district")
    pd.testing.assert_frame_equal(a, b)
    d1 = b[b["group"] == "D1"].set_index("programme_code")
    # D1: A lists h1 (poor, w 1) and h3 (non-poor, w 2), each three times over
    assert d1.loc["A", "households_reached"] == 2
    assert d1.loc["A", "poor_reached"] == 1 and d1.loc["A", "nonpoor_reached"] == 2
    # (any) in D1: h1 (by A and B) and h3 -> two households, h1 once
    assert d1.loc[ANY, "households_reached"] == 2 and d1.loc[ANY, "reached"] == 3


def test_more_than_64_programmes():
    """70 listed programmes: codes past the first 64 live in a second word."""
    codes = [f"P{k:02d}" for k in range(70)]
    rows = [("P00", "h1"), ("P00", "h4"), ("P69", "h5"), ("P64", "h3")]
    rows += [(c, "h9") for c in codes[1:64]]  # on a list, no household record
    ben = pd.DataFrame(rows, columns=["programme_code", "hh_id"]).assign(year=2024)
    df = reach_by(connect(ben, codes), year=2024, line_rp=Z)
    r = df.set_index("programme_code")
    assert list(df["programme_code"]) == [*codes, ANY]
    # poor by the line: h1, h2, h5 (weights 1 each); non-poor h3 (2), h4 (1)
    assert r.loc["P69", "poor_reached"] == 1 and r.loc["P69", "households_reached"] == 1
    assert r.loc["P69", "coverage"] == pytest.approx(1 / 3)
    assert r.loc["P64", "nonpoor_reached"] == 2 and r.loc["P64", "coverage"] == 0
    assert r.loc["P00", "poor_reached"] == 1 and r.loc["P00", "nonpoor_reached"] == 1
    assert r.loc["P01", "households_reached"] == 0 and np.isnan(r.loc["P01", "inclusion_error"])
    # any: h1, h5 poor (2 of 3); h3 (2) and h4 (1) non-poor of 5 reached
    assert r.loc[ANY, "coverage"] == pytest.approx(2 / 3)
    assert r.loc[ANY, "inclusion_error"] == pytest.approx(3 / 5)
    assert r.loc[ANY, "households_reached"] == 4
