"""FGT indices and their linearised SEs: hand-computed frames, an oracle, properties."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.design import LONELY_PSU as LONELY
from analytics.design import Z_95
from analytics.poverty import FGT_COLUMNS, fgt_by

Z = 100.0  # poverty line of the hand-computed frames, Rp/capita/month


def connect(households: pd.DataFrame, districts: pd.DataFrame | None = None, con=None):
    """DuckDB with ``households`` (and ``districts``) tables; a new in-memory one by default.

    Property tests pass a shared connection: opening a database costs ~30 ms.
    """
    con = con or duckdb.connect()
    con.register("hh_frame", households)
    con.execute("CREATE OR REPLACE TABLE households AS SELECT * FROM hh_frame")
    con.unregister("hh_frame")
    if districts is not None:
        con.register("d_frame", districts)
        con.execute("CREATE OR REPLACE TABLE districts AS SELECT * FROM d_frame")
        con.unregister("d_frame")
    return con


def tiny(**extra) -> pd.DataFrame:
    """Four households; person weights v = weight * hh_size = 2, 1, 2, 3 (W = 8).

    y = 50, 80, 100, 200 with z = 100: h1 and h2 are poor (h3 sits exactly on the
    line and is not poor: strict inequality).
    """
    df = pd.DataFrame(
        {
            "year": [2024] * 4,
            "hh_id": ["h1", "h2", "h3", "h4"],
            "district_code": ["94.04.01", "94.04.02", "94.04.01", "94.04.02"],
            "hh_size": [2, 1, 1, 3],
            "consumption_pc_rp": [50.0, 80.0, 100.0, 200.0],
            "weight": [1.0, 1.0, 2.0, 1.0],
        }
    )
    for k, v in extra.items():
        df[k] = v
    return df


def row(df: pd.DataFrame, group: str = "all") -> pd.Series:
    return df.set_index("group").loc[group]


# ------------------------------------------------------------------ hand-computed


def test_estimates_by_hand():
    r = row(fgt_by(connect(tiny()), line_rp=Z, year=2024))
    # Poor persons: h1 (v=2) + h2 (v=1) = 3 of W = 8.
    assert r["households"] == 4
    assert r["population"] == pytest.approx(8.0)
    assert r["poor"] == pytest.approx(3.0)
    assert r["p0"] == pytest.approx(3 / 8)
    # Gaps (z-y)/z: h1 0.5, h2 0.2 -> P1 = (2*0.5 + 1*0.2)/8 = 0.15
    assert r["p1"] == pytest.approx(0.15)
    # P2 = (2*0.25 + 1*0.04)/8 = 0.0675
    assert r["p2"] == pytest.approx(0.0675)
    # Gini: sorted y 50,80,100,200 with v 2,1,2,3; r = 2,3,5,8.
    # sum v r y = 200+240+1000+4800 = 6240; sum v^2 y = 200+80+400+1800 = 2480;
    # sum v y = 980; G = (12480 - 2480)/(8*980) - 1 = 27/98.
    assert r["gini"] == pytest.approx(27 / 98)


def test_se_each_household_its_own_psu():
    # No strata, no psu: one stratum of 4 PSUs. Scores u = v (f - 3/8) / 8 for P0,
    # in units of 1/64: 10, 5, -6, -9 (sum 0). V = 4/3 * 242/4096 = 121/1536.
    r = row(fgt_by(connect(tiny()), line_rp=Z, year=2024))
    assert r["p0_se"] == pytest.approx(math.sqrt(121 / 1536))
    assert r["n_psu"] == 4
    assert r["p0_ci_low"] == pytest.approx(3 / 8 - Z_95 * math.sqrt(121 / 1536))
    assert r["p0_ci_high"] == pytest.approx(3 / 8 + Z_95 * math.sqrt(121 / 1536))


STRATIFIED = {"strata": ["A", "A", "A", "B"], "psu": ["a1", "a1", "a2", "b1"]}


@pytest.mark.parametrize(
    ("lonely_psu", "var"),
    [
        # PSU totals of the P0 scores (1/64 units): a1 = 10+5 = 15, a2 = -6, b1 = -9.
        # Stratum A: mean 4.5, deviations 10.5, -10.5 -> 2/1 * 220.5 = 441.
        # Stratum B has one PSU: "adjust" centres it at the grand mean (0) -> 81.
        pytest.param("adjust", (441 + 81) / 4096, id="adjust"),
        pytest.param("certainty", 441 / 4096, id="certainty"),
        pytest.param("remove", 441 / 4096, id="remove"),
    ],
)
def test_lonely_psu_by_hand(lonely_psu, var):
    df = fgt_by(connect(tiny(**STRATIFIED)), line_rp=Z, year=2024, lonely_psu=lonely_psu)
    assert row(df)["p0_se"] == pytest.approx(math.sqrt(var))
    assert row(df)["n_psu"] == 3


@pytest.mark.parametrize(
    ("lonely_psu", "se_d2"),
    [
        # District 94.04.02 = {h2 in a1, h4 in b1}: N = 4, P0 = 1/4, scores
        # h2: 1*(3/4)/4 = 0.1875, h4: 3*(-1/4)/4 = -0.1875. Stratum A keeps BOTH
        # design PSUs (a2 has no household of the domain: total 0): mean 0.09375,
        # 2/1 * 2 * 0.09375^2 = 0.03515625. Stratum B (lonely): 0.1875^2.
        pytest.param("adjust", math.sqrt(0.03515625 + 0.03515625), id="adjust"),
        pytest.param("certainty", math.sqrt(0.03515625), id="certainty"),
    ],
)
def test_domain_over_full_design_by_hand(lonely_psu, se_d2):
    df = fgt_by(
        connect(tiny(**STRATIFIED)), line_rp=Z, year=2024, by="district", lonely_psu=lonely_psu
    )
    assert list(df["group"]) == ["94.04.01", "94.04.02"]
    # District 94.04.01 = {h1 in a1, h3 in a2}: P0 = 1/2, scores +-0.25 in stratum A
    # -> 2 * (0.25^2 + 0.25^2) = 0.25; stratum B holds none of it.
    assert row(df, "94.04.01")["p0"] == pytest.approx(0.5)
    assert row(df, "94.04.01")["p0_se"] == pytest.approx(0.5)
    assert row(df, "94.04.02")["p0"] == pytest.approx(0.25)
    assert row(df, "94.04.02")["p0_se"] == pytest.approx(se_d2)
    assert list(df["n_psu"]) == [2, 2]


def test_null_psu_is_its_own_psu():
    # h3's PSU is unknown: it becomes a PSU of its own in stratum A, exactly as
    # a2 was in the stratified frame, so the SE is the "adjust" value there.
    df = tiny(strata=["A", "A", "A", "B"], psu=["a1", "a1", None, "b1"])
    r = row(fgt_by(connect(df), line_rp=Z, year=2024))
    assert r["p0_se"] == pytest.approx(math.sqrt((441 + 81) / 4096))
    assert r["n_psu"] == 3


def test_no_weight_column_means_weight_one():
    df = tiny().drop(columns="weight")
    r = row(fgt_by(connect(df), line_rp=Z, year=2024))
    # v = hh_size = 2, 1, 1, 3: poor persons 3 of 7.
    assert r["population"] == pytest.approx(7.0)
    assert r["p0"] == pytest.approx(3 / 7)


def test_line_multiple_scales_the_line():
    con = connect(tiny())
    a = fgt_by(con, line_rp=50.0, line_multiple=2.0, year=2024)
    b = fgt_by(con, line_rp=100.0, year=2024)
    pd.testing.assert_frame_equal(a, b)


def test_output_columns_exactly():
    df = fgt_by(connect(tiny()), line_rp=Z, year=2024)
    assert list(df.columns) == FGT_COLUMNS
    assert FGT_COLUMNS[:11] == [
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
    assert df["households"].dtype.kind == "i" and df["n_psu"].dtype.kind == "i"
    assert df["group"].tolist() == ["all"]


def test_include_gini_false_skips_it():
    df = fgt_by(connect(tiny()), line_rp=Z, year=2024, include_gini=False)
    assert df["gini"].isna().all()
    assert row(df)["p0"] == pytest.approx(3 / 8)


# ------------------------------------------------------------------ groupings


def test_zone_needs_the_districts_join():
    districts = pd.DataFrame(
        {"district_code": ["94.04.01", "94.04.02"], "zone": ["lowland", "coastal"]}
    )
    df = fgt_by(connect(tiny(), districts), line_rp=Z, year=2024, by="zone")
    assert list(df["group"]) == ["coastal", "lowland"]
    assert row(df, "lowland")["p0"] == pytest.approx(0.5)


def test_zone_uses_named_districts_relation():
    districts = pd.DataFrame({"district_code": ["94.04.01", "94.04.02"], "zone": ["a", "b"]})
    con = connect(tiny())
    con.register("my_zones", districts)
    df = fgt_by(con, line_rp=Z, year=2024, by="zone", districts="my_zones")
    assert list(df["group"]) == ["a", "b"]


def test_welfare_decile_ordered_numerically_as_text():
    deciles = [10, 2, 1, 2]
    df = fgt_by(connect(tiny(welfare_decile=deciles)), line_rp=Z, year=2024, by="welfare_decile")
    assert list(df["group"]) == ["1", "2", "10"]


def test_boolean_groups_and_missing_keys():
    flags = pd.array([True, False, None, True], dtype="boolean")
    df = fgt_by(connect(tiny(head_female=flags)), line_rp=Z, year=2024, by="head_female")
    assert list(df["group"][:2]) == ["false", "true"]
    assert pd.isna(df["group"].iloc[2])  # missing key: its own group, last
    assert df["population"].sum() == pytest.approx(8.0)


def test_missing_consumption_stays_in_the_design():
    # h3's consumption is unknown: it leaves the estimates but its PSU still counts
    # (R: svymean(na.rm=TRUE)). Remaining: h1, h2 poor (v 2, 1), h4 not (v 3).
    df = tiny()
    df.loc[2, "consumption_pc_rp"] = None
    r = row(fgt_by(connect(df), line_rp=Z, year=2024))
    assert r["households"] == 3
    assert r["p0"] == pytest.approx(0.5)
    # Scores (v (f - 1/2) / 6): 1/6, 1/12, 0 (h3), -1/4 over n = 4 PSUs:
    # V = 4/3 * (1/36 + 1/144 + 1/16) = 4/3 * 14/144.
    assert r["p0_se"] == pytest.approx(math.sqrt(4 / 3 * 14 / 144))


def test_group_without_any_consumption_is_kept_empty():
    # Village v2 (h4 only) has no consumption: it stays a row, with no estimates.
    df = tiny(village_code=["v1", "v1", "v1", "v2"])
    df.loc[3, "consumption_pc_rp"] = None
    out = fgt_by(connect(df), line_rp=Z, year=2024, by="village")
    assert list(out["group"]) == ["v1", "v2"]
    assert row(out, "v2")["households"] == 0 and row(out, "v2")["n_psu"] == 0
    assert pd.isna(row(out, "v2")["p0"]) and pd.isna(row(out, "v2")["gini"])
    # v1: y 50, 80, 100 with v 2, 1, 2: pairs sum v v |dy| = 60 + 200 + 40 = 300,
    # G = 300 / (5 * 380) = 3/19.
    assert row(out, "v1")["gini"] == pytest.approx(3 / 19)


def test_duplicate_district_in_zone_table_refused():
    districts = pd.DataFrame(
        {"district_code": ["94.04.01", "94.04.01", "94.04.02"], "zone": ["a", "b", "c"]}
    )
    with pytest.raises(ValueError, match="more than once"):
        fgt_by(connect(tiny(), districts), line_rp=Z, year=2024, by="zone")


def test_year_filter_and_year_required_when_several():
    df = pd.concat([tiny(), tiny().assign(year=2025, consumption_pc_rp=1000.0)])
    con = connect(df)
    assert row(fgt_by(con, line_rp=Z, year=2024))["p0"] == pytest.approx(3 / 8)
    assert row(fgt_by(con, line_rp=Z, year=2025))["p0"] == 0
    with pytest.raises(ValueError, match="several years"):
        fgt_by(con, line_rp=Z)
    assert row(fgt_by(connect(tiny()), line_rp=Z))["p0"] == pytest.approx(3 / 8)


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("households; DROP TABLE x", id="statement"),
        pytest.param("households --", id="comment"),
        pytest.param('"households"', id="quoted"),
        pytest.param("main.households", id="qualified"),
        pytest.param("1households", id="digit"),
        pytest.param("", id="empty"),
    ],
)
def test_relation_name_injection_refused(name):
    con = connect(tiny())
    con.execute("CREATE TABLE x AS SELECT 1 AS a")
    with pytest.raises(ValueError):
        fgt_by(con, name, line_rp=Z, year=2024)
    with pytest.raises(ValueError):
        fgt_by(con, line_rp=Z, year=2024, by="zone", districts=name)
    assert con.execute("SELECT count(*) FROM x").fetchone() == (1,)


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"by": "province"}, id="by"),
        pytest.param({"lonely_psu": "average"}, id="lonely"),
        pytest.param({"line_rp": 0.0}, id="zero-line"),
        pytest.param({"line_rp": float("nan")}, id="nan-line"),
        pytest.param({"line_multiple": -1.0}, id="negative-multiple"),
    ],
)
def test_bad_arguments_refused(kwargs):
    args = {"line_rp": Z, "year": 2024} | kwargs
    with pytest.raises(ValueError):
        fgt_by(connect(tiny()), **args)


def test_year_is_bound_not_formatted():
    # A string year would be SQL if formatted; bound, it is just a failed cast.
    with pytest.raises((duckdb.Error, ValueError, TypeError)):
        fgt_by(connect(tiny()), line_rp=Z, year="2024 OR 1=1")


# ------------------------------------------------------------------ oracle + properties


def oracle(df: pd.DataFrame, z: float, by: str | None, lonely: str = "adjust") -> pd.DataFrame:
    """Plain pandas transcription of the R survey linearisation (slow, obvious)."""
    v = df["weight"] * df["hh_size"]
    y = df["consumption_pc_rp"]
    gap = np.clip((z - y) / z, 0, None)
    f = {"p0": (y < z).astype(float), "p1": gap, "p2": gap**2}
    keys = df[by] if by else pd.Series("all", index=df.index)
    h = df["strata"] if "strata" in df else pd.Series("", index=df.index)
    psu = df["psu"] if "psu" in df else df["hh_id"]
    n_h = pd.DataFrame({"h": h, "psu": psu}).drop_duplicates().groupby("h").size()
    rows = []
    for g in sorted(keys.unique()):
        d = (keys == g).astype(float)
        big_n = (v * d).sum()
        out = {"group": g, "population": big_n}
        for name, fk in f.items():
            r = (v * d * fk).sum() / big_n
            u = v * d * (fk - r) / big_n
            totals = u.groupby([h, psu]).sum()
            var = 0.0
            for stratum, tot in totals.groupby(level=0):
                n = n_h[stratum]
                if n > 1:
                    var += n / (n - 1) * ((tot - tot.sum() / n) ** 2).sum()
                elif lonely == "adjust":
                    var += float((tot**2).sum())
            out[name] = r
            out[f"{name}_se"] = math.sqrt(var)
        rows.append(out)
    return pd.DataFrame(rows)


@st.composite
def surveys(draw, min_size=1, max_size=30):
    n = draw(st.integers(min_size, max_size))
    ints = st.integers
    return pd.DataFrame(
        {
            "year": [2024] * n,
            "hh_id": [f"h{i}" for i in range(n)],
            "district_code": draw(
                st.lists(st.sampled_from(["d1", "d2", "d3"]), min_size=n, max_size=n)
            ),
            "hh_size": draw(st.lists(ints(1, 8), min_size=n, max_size=n)),
            # Multiples of 25 so that some households sit exactly on the line (100).
            "consumption_pc_rp": [
                25.0 * k for k in draw(st.lists(ints(0, 12), min_size=n, max_size=n))
            ],
            "weight": draw(st.lists(st.floats(0.5, 50, allow_nan=False), min_size=n, max_size=n)),
            "strata": draw(st.lists(st.sampled_from(["s1", "s2", "s3"]), min_size=n, max_size=n)),
            "psu": draw(st.lists(st.sampled_from(["p1", "p2", "p3"]), min_size=n, max_size=n)),
        }
    )


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def db():
    con = duckdb.connect()
    yield con
    con.close()


@SETTINGS
@given(df=surveys(), by=st.sampled_from([None, "district_code"]), lonely=st.sampled_from(LONELY))
def test_matches_pandas_oracle(db, df, by, lonely):
    got = fgt_by(
        connect(df, con=db),
        line_rp=Z,
        year=2024,
        by="district" if by else "regency",
        lonely_psu=lonely,
        include_gini=False,
    )
    want = oracle(df, Z, by, lonely)
    assert list(got["group"]) == list(want["group"])
    for col in ["population", "p0", "p1", "p2", "p0_se", "p1_se", "p2_se"]:
        np.testing.assert_allclose(got[col], want[col], rtol=1e-9, atol=1e-12, err_msg=col)


@SETTINGS
@given(df=surveys())
def test_fgt_ordering(db, df):
    for r in fgt_by(connect(df, con=db), line_rp=Z, year=2024, by="district").itertuples():
        assert 1 >= r.p0 >= r.p1 >= r.p2 >= 0
        assert 0 <= r.poor <= r.population * (1 + 1e-12)


@SETTINGS
@given(df=surveys())
def test_group_populations_add_up(db, df):
    con = connect(df, con=db)
    total = row(fgt_by(con, line_rp=Z, year=2024, include_gini=False))
    parts = fgt_by(con, line_rp=Z, year=2024, by="district", include_gini=False)
    assert parts["population"].sum() == pytest.approx(total["population"], rel=1e-12)
    assert parts["poor"].sum() == pytest.approx(total["poor"], rel=1e-12, abs=1e-9)
    assert parts["households"].sum() == total["households"]


@SETTINGS
@given(df=surveys(), keep_psu=st.booleans())
def test_duplicating_rows_with_half_weight(db, df, keep_psu):
    """Splitting each household into two halves leaves every estimate unchanged.

    With PSUs kept, each PSU total is unchanged, hence so are the SEs. Without a
    psu column each household is its own PSU: the halves become two PSUs with
    identical totals, n doubles and the SEs shrink, so only estimates are compared.
    """
    if not keep_psu:
        df = df.drop(columns="psu")
    half = df.assign(weight=df["weight"] / 2)
    doubled = pd.concat([half, half.assign(hh_id=half["hh_id"] + "b")], ignore_index=True)
    a = fgt_by(connect(df, con=db), line_rp=Z, year=2024, by="district")
    b = fgt_by(connect(doubled, con=db), line_rp=Z, year=2024, by="district")
    cols = ["population", "poor", "p0", "p1", "p2", "gini"]
    if keep_psu:
        cols += ["p0_se", "p1_se", "p2_se"]
    np.testing.assert_allclose(b[cols], a[cols], rtol=1e-9, atol=1e-12)


@SETTINGS
@given(df=surveys(), lonely=st.sampled_from(LONELY))
def test_lonely_strata_do_not_crash(db, df, lonely):
    # Put the first household alone in its own stratum and PSU.
    df.loc[0, "strata"] = "alone"
    out = fgt_by(connect(df, con=db), line_rp=Z, year=2024, by="district", lonely_psu=lonely)
    assert np.isfinite(out[["p0_se", "p1_se", "p2_se"]].to_numpy()).all()
    assert (out[["p0_se", "p1_se", "p2_se"]] >= 0).all().all()
