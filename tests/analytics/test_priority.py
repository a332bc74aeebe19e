"""Priority ranking and quadrant typology on hand-computed cases."""

import pandas as pd
import pytest

from analytics.priority import priority_ranking, quadrant_typology, rescale


def areas():
    return pd.DataFrame(
        {
            "code": ["A", "B", "C"],
            "p0": [0.10, 0.30, 0.20],
            "coverage": [0.9, 0.5, 0.7],
        }
    )


def test_rescale_puts_most_need_at_one():
    s = rescale(pd.Series([0.1, 0.3, 0.2]), +1)
    assert list(s) == pytest.approx([0.0, 1.0, 0.5])
    s = rescale(pd.Series([0.9, 0.5, 0.7]), -1)  # low coverage = more need
    assert list(s) == pytest.approx([0.0, 1.0, 0.5])


def test_weighted_ranking_by_hand():
    # p0 scores A 0, B 1, C 0.5; coverage scores A 0, B 1, C 0.5; weights 3:1 -> same order.
    out = priority_ranking(areas(), {"p0": 3, "coverage": 1})
    assert list(out["code"]) == ["B", "C", "A"]
    assert list(out["score"]) == pytest.approx([1.0, 0.5, 0.0])
    assert out["weights_used"].iloc[0] == "p0=0.75, coverage=0.25"


def test_weights_change_the_order():
    df = areas().assign(coverage=[0.2, 0.9, 0.5])  # A least covered
    # coverage scores: A 1, B 0, C 0.5714; p0: A 0, B 1, C 0.5
    by_cov = priority_ranking(df, {"p0": 0, "coverage": 1})
    assert by_cov["code"].iloc[0] == "A"
    by_p0 = priority_ranking(df, {"p0": 1, "coverage": 0})
    assert by_p0["code"].iloc[0] == "B"


def test_missing_indicator_is_scored_on_the_others():
    df = areas()
    df.loc[1, "coverage"] = None
    out = priority_ranking(df, {"p0": 1, "coverage": 1}).set_index("code")
    assert out.loc["B", "score"] == pytest.approx(1.0)  # p0 score only


def test_bad_weights_are_refused():
    with pytest.raises(ValueError):
        priority_ranking(areas(), {})
    with pytest.raises(ValueError):
        priority_ranking(areas(), {"p0": -1})
    with pytest.raises(ValueError):
        priority_ranking(areas(), {"mpi_m0": 1})


def test_quadrants_against_the_mean():
    df = pd.DataFrame({"code": list("ABCD"), "x": [1, 3, 1, 3], "y": [1, 1, 3, 3]})
    out = quadrant_typology(df, "x", "y").set_index("code")
    assert out["quadrant"].to_dict() == {"A": "III", "B": "IV", "C": "II", "D": "I"}
    assert out["x_ref"].iloc[0] == 2
