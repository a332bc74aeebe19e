"""Alkire-Foster MPI: hand-computed frames, the default structure, properties."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics.mpi import check_structure, mpi_by, mpi_indicators
from analytics.poverty import fgt_by
from config import REFERENCE_DIR
from store.schema import DEPRIVATIONS

# Three indicators: a (dimension X, 1/2), b and c (dimension Y, 1/4 each).
STRUCT = pd.DataFrame(
    {
        "indicator": ["dep_a", "dep_b", "dep_c"],
        "dimension": ["X", "Y", "Y"],
        "weight": ["1/2", "1/4", 0.25],
    }
)


def connect(households: pd.DataFrame, districts: pd.DataFrame | None = None):
    con = duckdb.connect()
    con.register("hh_frame", households)
    con.execute("CREATE TABLE households AS SELECT * FROM hh_frame")
    if districts is not None:
        con.register("d_frame", districts)
        con.execute("CREATE TABLE districts AS SELECT * FROM d_frame")
    return con


def tiny() -> pd.DataFrame:
    """Person weights v = weight * hh_size = 2, 1, 2, 3 (W = 8).

    Scores c = 1/2 (a), 1/4 (b), 1/2 (b + c), 0.
    """
    return pd.DataFrame(
        {
            "year": [2024] * 4,
            "hh_id": ["h1", "h2", "h3", "h4"],
            "district_code": ["D1", "D2", "D1", "D2"],
            "hh_size": [2, 1, 1, 3],
            "weight": [1.0, 1.0, 2.0, 1.0],
            "dep_a": [True, False, False, False],
            "dep_b": [False, True, True, False],
            "dep_c": [False, False, True, False],
        }
    )


def test_by_hand_k_one_third():
    r = mpi_by(connect(tiny()), year=2024, structure=STRUCT).iloc[0]
    # poor: h1 (c=1/2, v=2) and h3 (c=1/2, v=2); H = 4/8
    assert r["group"] == "all"
    assert r["households"] == 4 and r["households_missing"] == 0
    assert r["population"] == pytest.approx(8)
    assert r["mpi_poor"] == pytest.approx(4)
    assert r["h"] == pytest.approx(0.5)
    # M0 = (2 * 1/2 + 2 * 1/2) / 8 = 0.25; A = M0 / H = 0.5
    assert r["m0"] == pytest.approx(0.25)
    assert r["a"] == pytest.approx(0.5)
    # censored a: h1 -> 2/8; b: h3 only (h2 is censored out) -> 2/8; c: h3 -> 2/8
    assert r["censored_dep_a"] == pytest.approx(0.25)
    assert r["censored_dep_b"] == pytest.approx(0.25)
    assert r["censored_dep_c"] == pytest.approx(0.25)
    # uncensored b: h2 + h3 = (1 + 2) / 8
    assert r["uncensored_dep_b"] == pytest.approx(0.375)
    # contributions w_j CH_j / M0: a 0.5*0.25/0.25, b and c 0.25*0.25/0.25
    assert r["contribution_dep_a"] == pytest.approx(0.5)
    assert r["contribution_dep_b"] == pytest.approx(0.25)
    assert r["contribution_dep_c"] == pytest.approx(0.25)


def test_by_hand_k_one_quarter():
    r = mpi_by(connect(tiny()), year=2024, structure=STRUCT, k=0.25).iloc[0]
    # h2 (c = 1/4, v = 1) joins: H = 5/8; M0 = (1 + 0.25 + 1) / 8 = 0.28125; A = 0.45
    assert r["h"] == pytest.approx(5 / 8)
    assert r["m0"] == pytest.approx(0.28125)
    assert r["a"] == pytest.approx(0.45)
    assert r["k"] == 0.25


def test_by_district():
    df = mpi_by(connect(tiny()), year=2024, structure=STRUCT, by="district").set_index("group")
    # D1: h1 (v=2, c=1/2), h3 (v=2, c=1/2): H = 1, M0 = 1/2
    assert df.loc["D1", "h"] == pytest.approx(1.0)
    assert df.loc["D1", "m0"] == pytest.approx(0.5)
    # D2: h2 (v=1, c=1/4), h4 (v=3, 0): nobody poor; A undefined
    assert df.loc["D2", "h"] == 0
    assert np.isnan(df.loc["D2", "a"])
    assert np.isnan(df.loc["D2", "contribution_dep_a"])
    assert df["population"].sum() == pytest.approx(8)


def test_by_zone():
    districts = pd.DataFrame({"district_code": ["D1", "D2"], "zone": ["coastal", "highland"]})
    df = mpi_by(connect(tiny(), districts), year=2024, structure=STRUCT, by="zone")
    assert list(df["group"]) == ["coastal", "highland"]


def test_missing_flag_drops_household():
    hh = tiny()
    hh["dep_c"] = hh["dep_c"].astype(object)
    hh.loc[3, "dep_c"] = None  # h4 (v=3) has a missing flag: left out
    r = mpi_by(connect(hh), year=2024, structure=STRUCT).iloc[0]
    assert r["households"] == 3 and r["households_missing"] == 1
    # W = 5; poor h1, h3 -> H = 4/5
    assert r["population"] == pytest.approx(5)
    assert r["h"] == pytest.approx(0.8)


def test_other_year_ignored():
    hh = pd.concat([tiny(), tiny().assign(year=2023, dep_a=True)], ignore_index=True)
    r = mpi_by(connect(hh), year=2024, structure=STRUCT).iloc[0]
    assert r["h"] == pytest.approx(0.5)


def test_long_form():
    df = mpi_by(connect(tiny()), year=2024, structure=STRUCT, by="district")
    long = mpi_indicators(df, STRUCT)
    assert list(long.columns) == [
        "group",
        "indicator",
        "dimension",
        "weight",
        "label_id",
        "label_en",
        "uncensored_headcount",
        "censored_headcount",
        "contribution",
    ]
    assert list(long["group"]) == ["D1"] * 3 + ["D2"] * 3
    assert long.loc[long["group"] == "D1", "contribution"].sum() == pytest.approx(1)


def test_default_structure_file():
    st_ = check_structure(pd.read_csv(REFERENCE_DIR / "mpi_structure.csv"))
    assert list(st_["indicator"]) == list(DEPRIVATIONS)
    assert st_["weight"].sum() == pytest.approx(1)
    dims = st_.groupby("dimension")["weight"].sum()
    assert dims.to_dict() == pytest.approx(
        {"education": 1 / 3, "health": 1 / 3, "living_standards": 1 / 3}
    )
    for col in ("label_id", "label_en", "description"):
        assert st_[col].notna().all()


def test_six_living_standard_flags_reach_one_third():
    """Six flags of weight 1/18 sum to 1/3 only up to rounding: the tolerance counts them."""
    structure = pd.read_csv(REFERENCE_DIR / "mpi_structure.csv")
    row = {c: False for c in DEPRIVATIONS}
    for c in DEPRIVATIONS[4:]:
        row[c] = True
    hh = pd.DataFrame([{"year": 2024, "hh_id": "x", "district_code": "D", "hh_size": 1, **row}])
    r = mpi_by(connect(hh), year=2024, structure=structure).iloc[0]
    assert r["h"] == 1.0
    assert r["a"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    "change, message",
    [
        pytest.param({"weight": ["1/2", "1/4", "1/8"]}, "sum to 1", id="sum"),
        pytest.param({"weight": ["1/2", "3/4", "-1/4"]}, "positive", id="negative"),
        pytest.param({"weight": ["half", "1/4", "1/4"]}, "fraction", id="text"),
        pytest.param({"indicator": ["dep_a", "dep_a", "dep_c"]}, "repeats", id="dup"),
        pytest.param({"indicator": ["dep_a", "dep_b; DROP", "dep_c"]}, "relation", id="name"),
    ],
)
def test_bad_structures(change, message):
    bad = STRUCT.copy()
    for k, v in change.items():
        bad[k] = v
    with pytest.raises(ValueError, match=message):
        check_structure(bad)


def test_bad_k_and_missing_column():
    con = connect(tiny())
    with pytest.raises(ValueError, match="k must"):
        mpi_by(con, year=2024, structure=STRUCT, k=0)
    with pytest.raises(ValueError, match="lacks"):
        mpi_by(
            con,
            year=2024,
            structure=pd.DataFrame({"indicator": ["dep_z"], "dimension": ["X"], "weight": [1]}),
        )


# ------------------------------------------------------------------ properties

frames = st.lists(
    st.tuples(
        st.integers(1, 8),  # hh_size
        st.floats(0.5, 3.0),  # weight
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.sampled_from(["D1", "D2", "D3"]),
    ),
    min_size=2,
    max_size=30,
)


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": 2024,
            "hh_id": [f"h{i}" for i in range(len(rows))],
            "hh_size": [r[0] for r in rows],
            "weight": [r[1] for r in rows],
            "dep_a": [r[2] for r in rows],
            "dep_b": [r[3] for r in rows],
            "dep_c": [r[4] for r in rows],
            "district_code": [r[5] for r in rows],
        }
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames, st.sampled_from([0.2, 0.25, 1 / 3, 0.5, 0.75, 1.0]))
def test_properties(rows, k):
    con = connect(frame(rows))
    reg = mpi_by(con, year=2024, structure=STRUCT, k=k).iloc[0]
    # M0 = H * A; 0 <= M0 <= H; censored <= uncensored
    if reg["h"] > 0:
        assert reg["m0"] == pytest.approx(reg["h"] * reg["a"])
        contrib = sum(reg[f"contribution_dep_{x}"] for x in "abc")
        assert contrib == pytest.approx(1)
    assert 0 <= reg["m0"] <= reg["h"] + 1e-12
    for x in "abc":
        assert reg[f"censored_dep_{x}"] <= reg[f"uncensored_dep_{x}"] + 1e-12
    dist = mpi_by(con, year=2024, structure=STRUCT, k=k, by="district")
    assert dist["population"].sum() == pytest.approx(reg["population"])
    assert dist["mpi_poor"].sum() == pytest.approx(reg["mpi_poor"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frames)
def test_single_indicator_matches_fgt_headcount(rows):
    """With one indicator of weight 1, H is a headcount: same estimate and SE as P0.

    Consumption is set to 0 where deprived and 2 otherwise, so y < 1 iff deprived.
    """
    hh = frame(rows)
    hh["consumption_pc_rp"] = np.where(hh["dep_a"], 0.0, 2.0)
    con = connect(hh)
    one = pd.DataFrame({"indicator": ["dep_a"], "dimension": ["X"], "weight": [1.0]})
    m = mpi_by(con, year=2024, structure=one, by="district").set_index("group")
    f = fgt_by(con, line_rp=1.0, year=2024, by="district", include_gini=False)
    f = f.set_index("group")
    assert np.allclose(m["h"], f["p0"])
    assert np.allclose(m["h_se"], f["p0_se"], equal_nan=True)
