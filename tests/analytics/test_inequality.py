"""Gini, Theil T (with its zone decomposition), Palma, decile shares, Williamson."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.design import household_base
from analytics.inequality import (
    _sorted_stream_held,
    decile_shares,
    district_means,
    gini_by,
    gini_frame,
    inequality_summary,
    palma_ratio,
    theil_decomposition,
    williamson_index,
)

# Consumption in Rp: zero or at least 1 (denormal floats only test float underflow).
RUPIAH = st.one_of(st.just(0.0), st.floats(1, 1e7, allow_nan=False))

DISTRICTS = pd.DataFrame(
    {"district_code": ["d1", "d2", "d3"], "zone": ["coastal", "highland", "highland"]}
)


def connect(households: pd.DataFrame, con=None):
    """DuckDB with ``households`` and ``districts`` tables (new in-memory by default)."""
    con = con or duckdb.connect()
    con.register("hh_frame", households)
    con.execute("CREATE OR REPLACE TABLE households AS SELECT * FROM hh_frame")
    con.unregister("hh_frame")
    con.register("d_frame", DISTRICTS)
    con.execute("CREATE OR REPLACE TABLE districts AS SELECT * FROM d_frame")
    con.unregister("d_frame")
    return con


def frame(y, v, district=None) -> pd.DataFrame:
    """Households with consumption y and person weight v (hh_size 1, weight v)."""
    n = len(y)
    return pd.DataFrame(
        {
            "year": [2024] * n,
            "hh_id": [f"h{i}" for i in range(n)],
            "district_code": district or ["d1"] * n,
            "hh_size": [1] * n,
            "consumption_pc_rp": [float(x) for x in y],
            "weight": [float(x) for x in v],
        }
    )


@pytest.fixture(scope="module")
def db():
    """One database for the property tests (opening one costs ~30 ms)."""
    con = duckdb.connect()
    yield con
    con.close()


def one(df: pd.DataFrame, group: str = "all") -> pd.Series:
    return df.set_index("group").loc[group]


def gini_numpy(y, v) -> float:
    """Mean-difference form: sum_ij v_i v_j |y_i - y_j| / (2 W sum v y)."""
    y, v = np.asarray(y, float), np.asarray(v, float)
    return float((np.outer(v, v) * np.abs(y[:, None] - y[None, :])).sum() / (2 * v.sum() * (v @ y)))


# ------------------------------------------------------------------ Gini


def test_gini_by_hand():
    # y 50, 80, 100, 200 with v 2, 1, 2, 3: pairs i<j sum v_i v_j |dy| = 2160,
    # G = 2 * 2160 / (2 * 8 * 980) = 27/98 (same frame as test_poverty).
    df = frame([200, 50, 100, 80], [3, 2, 2, 1])
    assert one(gini_by(connect(df), year=2024))["gini"] == pytest.approx(27 / 98)


def test_gini_equal_incomes_is_zero_and_one_rich_is_near_one():
    assert one(gini_by(connect(frame([7] * 5, [1, 2, 3, 4, 5]))))["gini"] == pytest.approx(
        0, abs=1e-12
    )
    # n persons, one holds everything: G = 1 - 1/n.
    assert one(gini_by(connect(frame([0, 0, 0, 10], [1] * 4))))["gini"] == pytest.approx(0.75)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, 20), st.floats(0.1, 10, allow_nan=False)), min_size=1, max_size=25
    )
)
def test_gini_matches_mean_difference_with_ties(db, pairs):
    y = [10.0 * a for a, _ in pairs]  # few distinct values: many ties
    v = [b for _, b in pairs]
    if sum(y) == 0:
        return
    got = one(gini_by(connect(frame(y, v), con=db), year=2024))["gini"]
    assert got == pytest.approx(gini_numpy(y, v), rel=1e-9, abs=1e-12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["d1", "d2", "d3", None]),
            st.integers(0, 30),
            st.floats(0.1, 10, allow_nan=False),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_gini_sort_once_equals_window(db, rows):
    """The one-sort Gini and the partitioned-window Gini agree, per group."""
    d, y, v = zip(*rows, strict=True)
    df = frame([1000.0 * a for a in y], v, list(d))
    df["village_code"] = df["district_code"]  # NULL keys allowed here
    con = connect(df, con=db)
    base = household_base(con, "households", year=2024, by="village")
    a = gini_frame(con, base, method="sort")
    b = gini_frame(con, base, method="window")
    assert a["grp"].fillna("-").tolist() == b["grp"].fillna("-").tolist()
    np.testing.assert_allclose(a["population"], b["population"], rtol=1e-12)
    np.testing.assert_allclose(a["gini"], b["gini"], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    ("disorder", "gap", "held"),
    [
        pytest.param([0, 0], [0.0, 1e-12], True, id="ordered"),
        pytest.param([0, 1], [0.0, 0.0], False, id="unsorted-within-group"),
        pytest.param([0, 0], [0.0, 1.0], False, id="group-not-contiguous"),
    ],
)
def test_sorted_stream_check(disorder, gap, held):
    checks = pd.DataFrame({"population": [50.0, 50.0], "disorder": disorder, "gap": gap})
    assert _sorted_stream_held(checks) is held


def test_gini_method_refused():
    con = connect(frame([1, 2], [1, 1]))
    base = household_base(con, "households", year=2024, by="regency")
    with pytest.raises(ValueError):
        gini_frame(con, base, method="numpy")


# ------------------------------------------------------------------ Theil


def test_theil_by_hand():
    # Zone coastal (d1): y = 1, 3 (v 1 each), mu = 2:
    #   T = (1/2) [ (1/2) ln(1/2) + (3/2) ln(3/2) ]
    # Zone highland (d2, d3): y = 4, 4: T = 0.
    df = frame([1, 3, 4, 4], [1, 1, 1, 1], district=["d1", "d1", "d2", "d3"])
    out = theil_decomposition(connect(df), year=2024).set_index("group")
    t_coastal = 0.5 * (0.5 * math.log(0.5) + 1.5 * math.log(1.5))
    assert out.loc["coastal", "theil_t"] == pytest.approx(t_coastal)
    assert out.loc["highland", "theil_t"] == pytest.approx(0, abs=1e-12)
    # Regency: mu = 3, T = (1/4) sum (y/3) ln(y/3).
    t_all = sum(y / 3 * math.log(y / 3) for y in (1, 3, 4, 4)) / 4
    assert out.loc["all", "theil_t"] == pytest.approx(t_all)
    # Shares of consumption: coastal 4/12, highland 8/12.
    assert out.loc["coastal", "consumption_share"] == pytest.approx(1 / 3)
    between = (1 / 3) * math.log(2 / 3) + (2 / 3) * math.log(4 / 3)
    assert out.loc["all", "between"] == pytest.approx(between)
    assert out.loc["all", "within"] == pytest.approx(t_coastal / 3)
    assert list(out.index) == ["coastal", "highland", "all"]


def test_theil_zone_with_zero_consumption():
    # Highland consumes nothing: its share is 0, so it adds 0 to both parts (limit
    # of s ln s); its own Theil T is undefined (NaN). Coastal: y = 2, 2 -> T = 0.
    df = frame([2, 2, 0], [1, 1, 1], district=["d1", "d1", "d2"])
    out = theil_decomposition(connect(df), year=2024).set_index("group")
    assert out.loc["highland", "within"] == 0 and out.loc["highland", "between"] == 0
    assert math.isnan(out.loc["highland", "theil_t"])
    # Regency: mu = 4/3; T = (1/3) * 2 * (3/2) ln(3/2) = ln(3/2), all of it between
    # zones: coastal holds all consumption, at a mean of 2 = 1.5 mu.
    assert out.loc["all", "theil_t"] == pytest.approx(math.log(1.5))
    assert out.loc["all", "between"] == pytest.approx(math.log(1.5))
    assert out.loc["all", "within"] + out.loc["all", "between"] == pytest.approx(
        out.loc["all", "theil_t"]
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["d1", "d2", "d3", "d9"]),  # d9 is not in districts: NA zone
            RUPIAH,
            st.floats(0.1, 100, allow_nan=False),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_theil_within_plus_between_is_total(db, rows):
    d, y, v = zip(*rows, strict=True)
    if sum(y) == 0:
        return
    out = theil_decomposition(connect(frame(y, v, list(d)), con=db), year=2024)
    assert (
        not out[["within", "between", "theil_t"]].isna().any().any()
        or (out["consumption_share"] == 0).any()
    )
    total = out[out["group"] == "all"].iloc[0]
    zones = out[out["group"] != "all"]
    assert total["within"] + total["between"] == pytest.approx(total["theil_t"], abs=1e-9)
    assert zones["contribution"].sum() == pytest.approx(1.0, abs=1e-6) or total["theil_t"] < 1e-9
    assert zones["population"].sum() == pytest.approx(total["population"])
    assert total["theil_t"] >= -1e-12


# ------------------------------------------------------------------ deciles, Palma


def test_decile_shares_split_boundary_households():
    # Five households of 2 persons, y = 1..5: each fills exactly two deciles
    # (W = 10, one person per decile); total consumption 2 * 15 = 30.
    df = decile_shares(connect(frame([3, 1, 5, 2, 4], [2] * 5)), year=2024)
    assert list(df["decile"]) == list(range(1, 11))
    want = np.array([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]) / 30
    np.testing.assert_allclose(df["share"], want)
    np.testing.assert_allclose(df["population"], 1.0)


def test_palma_by_hand():
    # Same frame: top 10 % share 5/30, bottom 40 % (1+1+2+2)/30 -> Palma 5/6.
    r = one(palma_ratio(connect(frame([3, 1, 5, 2, 4], [2] * 5)), year=2024))
    assert r["top10_share"] == pytest.approx(5 / 30)
    assert r["bottom40_share"] == pytest.approx(6 / 30)
    assert r["palma"] == pytest.approx(5 / 6)


def test_palma_fractional_weights():
    # Two households: y=1 with 3 persons, y=9 with 1 person (W=4, 0.4 persons per
    # decile). Bottom 40 % = 1.6 persons, all at y=1 -> 1.6; top 10 % = 0.4 persons
    # at y=9 -> 3.6; total 12. Palma = 3.6 / 1.6 = 2.25.
    r = one(palma_ratio(connect(frame([1, 9], [3, 1])), year=2024))
    assert r["palma"] == pytest.approx(2.25)
    assert r["top10_share"] == pytest.approx(3.6 / 12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(RUPIAH, st.floats(0.1, 100, allow_nan=False)),
        min_size=1,
        max_size=25,
    )
)
def test_decile_shares_sum_to_one_and_increase(db, rows):
    y, v = zip(*rows, strict=True)
    if sum(y) == 0:
        return
    df = decile_shares(connect(frame(y, v), con=db), year=2024)
    assert df["share"].sum() == pytest.approx(1.0)
    assert (np.diff(df["share"]) >= -1e-9).all()
    assert df["population"].sum() == pytest.approx(sum(v))


# ------------------------------------------------------------------ Williamson


def test_williamson_by_hand():
    # Y = 100, 200 with f = 1, 3: Ybar = 175;
    # sqrt((75^2 * 1 + 25^2 * 3) / 4) / 175 = sqrt(1875) / 175.
    df = pd.DataFrame(
        {
            "district_code": ["a", "b"],
            "mean_consumption_pc_rp": [100.0, 200.0],
            "population": [1.0, 3.0],
        }
    )
    assert williamson_index(df) == pytest.approx(math.sqrt(1875) / 175)


def test_williamson_equal_means_is_zero_and_bad_input_refused():
    df = pd.DataFrame(
        {
            "district_code": ["a", "b"],
            "mean_consumption_pc_rp": [5.0, 5.0],
            "population": [1.0, 9.0],
        }
    )
    assert williamson_index(df) == 0
    with pytest.raises(ValueError):
        williamson_index(df.drop(columns="population"))
    with pytest.raises(ValueError):
        williamson_index(df.assign(population=[-1.0, 2.0]))
    assert math.isnan(williamson_index(df.iloc[:0]))


def test_district_means_feed_williamson():
    df = frame([100, 100, 200], [1, 1, 3], district=["d1", "d1", "d2"])
    means = district_means(connect(df), year=2024)
    assert list(means["district_code"]) == ["d1", "d2"]
    np.testing.assert_allclose(means["mean_consumption_pc_rp"], [100, 200])
    np.testing.assert_allclose(means["population"], [2, 3])


# ------------------------------------------------------------------ summary


def test_inequality_summary_regency_and_zone():
    df = frame([1, 3, 4, 4, 10], [1, 1, 1, 2, 1], district=["d1", "d1", "d2", "d3", "d3"])
    con = connect(df)
    reg = inequality_summary(con, year=2024)
    assert list(reg.columns) == [
        "group",
        "households",
        "population",
        "mean_consumption_pc_rp",
        "gini",
        "theil_t",
        "palma",
        "top10_share",
        "bottom40_share",
        "williamson",
    ]
    r = one(reg)
    assert r["gini"] == pytest.approx(one(gini_by(con, year=2024))["gini"])
    assert r["theil_t"] == pytest.approx(one(theil_decomposition(con, year=2024))["theil_t"])
    assert r["palma"] == pytest.approx(one(palma_ratio(con, year=2024))["palma"])
    assert r["williamson"] == pytest.approx(williamson_index(district_means(con, year=2024)))
    zones = inequality_summary(con, year=2024, by="zone")
    assert list(zones["group"]) == ["coastal", "highland"]
    assert zones["williamson"].isna().all()


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c, n: gini_by(c, n, year=2024), id="gini_by"),
        pytest.param(lambda c, n: palma_ratio(c, n, year=2024), id="palma"),
        pytest.param(lambda c, n: decile_shares(c, n, year=2024), id="deciles"),
        pytest.param(lambda c, n: theil_decomposition(c, n, year=2024), id="theil"),
        pytest.param(lambda c, n: inequality_summary(c, n, year=2024), id="summary"),
        pytest.param(lambda c, n: district_means(c, n, year=2024), id="district_means"),
        pytest.param(
            lambda c, n: theil_decomposition(c, year=2024, districts=n), id="theil-districts"
        ),
    ],
)
def test_injection_refused(call):
    con = connect(frame([1, 2], [1, 1]))
    with pytest.raises(ValueError):
        call(con, "households; DROP TABLE districts")
    assert con.execute("SELECT count(*) FROM districts").fetchone() == (3,)
