"""Chart builders of the Jangkauan Program page, on tiny inline frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.maps import ZONE_COLOURS
from ui import charts_reach
from ui.suppress import guard, suppress_targeting


def _reach() -> pd.DataFrame:
    rows = []
    for zone, cov in (("highland", 0.5), ("coastal", 0.2)):
        rows += [
            {"programme_code": "PKH", "group": zone, "coverage": cov, "inclusion_error": 0.1},
            {
                "programme_code": "RTLH",
                "group": zone,
                "coverage": cov / 2,
                "inclusion_error": np.nan,
            },
            {"programme_code": "(any)", "group": zone, "coverage": 0.9, "inclusion_error": 0.3},
        ]
    df = pd.DataFrame(rows)
    df["exclusion_error"] = 1 - df["coverage"]
    return df


@pytest.mark.parametrize(
    ("lang", "any_label"), [("id", "Program apa pun"), ("en", "Any programme")]
)
def test_targeting_chart_three_panels_zone_colours_and_percent(lang, any_label):
    fig = charts_reach.targeting_chart(_reach(), lang, names={"PKH": "Program Keluarga Harapan"})
    assert {t.type for t in fig.data} == {"bar"}
    # One trace per zone and measure; zones in the app's order (coastal before highland).
    assert len(fig.data) == 6
    assert [t.name for t in fig.data[::3]] == (
        ["Pesisir", "Dataran tinggi"] if lang == "id" else ["Coastal", "Highland"]
    )
    assert fig.data[0].marker.color == ZONE_COLOURS["coastal"]
    # Programmes ordered by coverage, '(any)' on top (last on a horizontal axis).
    coastal_cov = fig.data[0]
    assert list(coastal_cov.y) == ["RTLH", "PKH", any_label]
    assert list(coastal_cov.x) == pytest.approx([10.0, 20.0, 90.0])
    exclusion = fig.data[1]
    assert list(exclusion.x) == pytest.approx([90.0, 80.0, 10.0])
    inclusion = fig.data[2]
    assert np.isnan(inclusion.x[0])  # nobody reached: no inclusion error, not zero
    assert "Program Keluarga Harapan" in coastal_cov.text[1]
    titles = [a.text for a in fig.layout.annotations]
    assert titles == (
        ["Cakupan (%)", "Kesalahan eksklusi (%)", "Kesalahan inklusi (%)"]
        if lang == "id"
        else ["Coverage (%)", "Exclusion error (%)", "Inclusion error (%)"]
    )


def test_overlap_heatmap_values_and_blank_diagonal():
    overlap = pd.DataFrame(
        {
            "programme_a": ["A", "A", "B", "B"],
            "programme_b": ["A", "B", "A", "B"],
            "share_of_a": [1.0, 0.25, 0.5, 1.0],
        }
    )
    fig = charts_reach.overlap_heatmap(overlap, "id")
    (hm,) = fig.data
    assert hm.type == "heatmap"
    z = np.array(hm.z, dtype=float)
    assert np.isnan(z[0, 0]) and np.isnan(z[1, 1])
    assert z[0, 1] == pytest.approx(25.0) and z[1, 0] == pytest.approx(50.0)
    assert hm.text[0][1] == "25 %"  # Indonesian percent
    assert fig.layout.separators == ",."


def test_convergence_chart_shares_in_percent():
    per = pd.DataFrame(
        {
            "group": ["lowland", "lowland", "coastal"],
            "programmes": [0, 1, 0],
            "share": [0.25, 0.75, 1.0],
        }
    )
    fig = charts_reach.convergence_chart(per, "en")
    assert [t.name for t in fig.data] == ["Coastal", "Lowland"]
    assert list(fig.data[1].y) == pytest.approx([25.0, 75.0])
    assert fig.data[1].marker.color == ZONE_COLOURS["lowland"]


def test_unreached_frame_and_suppression():
    unreached = pd.DataFrame(
        {
            "group": ["a", "b"],
            "poor": [100.0, 3.0],
            "poor_not_reached": [10.0, 1.0],
            "share_not_reached": [0.1, 1 / 3],
        }
    )
    sample = pd.DataFrame({"code": ["a", "b"], "households": [200.0, 5.0], "n_psu": [8.0, 1.0]})
    out = guard(charts_reach.unreached_frame(unreached, sample), min_households=10)
    assert out["value"].iloc[0] == pytest.approx(0.1)
    assert out["suppressed"].tolist() == [False, True]
    assert np.isnan(out["value"].iloc[1])
    assert out["poor_not_reached"].iloc[0] == 10.0


def test_suppress_targeting_blanks_small_groups_and_few_recipients():
    reach = pd.DataFrame(
        {
            "programme_code": ["PKH", "RTLH", "PKH"],
            "group": ["big", "big", "small"],
            "coverage": [0.5, 0.1, 0.4],
            "exclusion_error": [0.5, 0.9, 0.6],
            "inclusion_error": [0.2, 0.3, 0.1],
            "households_reached": [50, 4, 30],
        }
    )
    n = pd.Series({"big": 500, "small": 8})
    out = suppress_targeting(reach, min_households=10, group_households=n)
    assert out["coverage"].tolist()[:2] == [0.5, 0.1]  # RTLH: coverage stays...
    assert np.isnan(out.loc[1, "inclusion_error"])  # ...but 4 recipients: no inclusion error
    assert out.loc[2, ["coverage", "exclusion_error", "inclusion_error"]].isna().all()
    assert out["suppressed"].tolist() == [False, True, True]
    assert out.loc[0, "inclusion_error"] == 0.2
