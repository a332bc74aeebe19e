"""Chart builders and helpers of the Peta Disparitas page, on tiny inline frames."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from geo.maps import ZONE_COLOURS
from ui import charts_map
from ui.indicators import (
    INDICATORS,
    from_fgt,
    from_mpi,
    from_reach,
    restrict,
    spend_per_poor,
)
from ui.suppress import guard, pocket_codes, single_psu_intervals, suppress_small


def _areas() -> gpd.GeoDataFrame:
    """Three square 'districts' near Timika, one per zone."""
    return gpd.GeoDataFrame(
        {
            "code": ["94.04.01", "94.04.02", "94.04.03"],
            "name": ["Alpha", "Beta", "Gamma"],
            "zone": ["lowland", "coastal", "highland"],
            "district_code": ["94.04.01", "94.04.02", "94.04.03"],
            "district_name": ["Alpha", "Beta", "Gamma"],
        },
        geometry=[
            box(136.0, -4.6, 136.2, -4.4),
            box(136.2, -4.6, 136.4, -4.4),
            box(136.4, -4.6, 136.6, -4.4),
        ],
        crs="EPSG:4326",
    )


def _values() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["94.04.01", "94.04.02", "94.04.03"],
            "value": [0.10, 0.30, 0.45],
            "ci_low": [0.08, 0.25, 0.20],
            "ci_high": [0.12, 0.35, 0.70],
            "households": [500, 40, 6],
        }
    )


# --- suppression and pockets -------------------------------------------------------------


def test_suppress_small_blanks_only_cells_below_the_threshold():
    out = suppress_small(_values(), min_households=10)
    assert out["suppressed"].tolist() == [False, False, True]
    assert np.isnan(out.loc[2, ["value", "ci_low", "ci_high"]].astype(float)).all()
    assert out.loc[:1, "value"].tolist() == [0.10, 0.30]
    assert out.loc[2, "households"] == 6  # the count stays: it says why the cell is empty


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        pytest.param(9, True, id="one-below"),
        pytest.param(10, False, id="at-threshold"),
        pytest.param(np.nan, False, id="no-count-is-no-data"),
    ],
)
def test_suppress_small_threshold_edges(n, expected):
    df = pd.DataFrame({"code": ["a"], "value": [0.2], "households": [n]})
    out = suppress_small(df, min_households=10)
    assert bool(out.loc[0, "suppressed"]) is expected
    assert bool(np.isnan(out.loc[0, "value"])) is expected


def test_suppress_small_leaves_input_alone_and_checks_arguments():
    df = _values()
    suppress_small(df, min_households=10)
    assert df.loc[2, "value"] == 0.45
    with pytest.raises(ValueError):
        suppress_small(df, min_households=0)
    with pytest.raises(KeyError):
        suppress_small(df, min_households=10, n_col="n")


def test_pockets_significant_needs_the_whole_interval_above_the_regency():
    vals = suppress_small(_values(), min_households=10)
    # Beta: 0.25 > 0.2; Alpha 0.08 < 0.2; Gamma suppressed (its raw interval would qualify).
    assert pocket_codes(vals, regency_value=0.2) == ["94.04.02"]
    assert pocket_codes(vals, regency_value=0.26) == []


def test_pockets_top_quintile_needs_enough_sample_households():
    df = pd.DataFrame(
        {
            "code": list("abcdefghij"),
            "value": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95],
            "ci_low": np.nan,
            "households": [100] * 9 + [12],
        }
    )
    # Top fifth: i (0.9) and j (0.95); j rests on 12 < 30 households.
    assert pocket_codes(df, regency_value=0.5, rule="top_quintile") == ["i"]
    with pytest.raises(ValueError):
        pocket_codes(df, regency_value=0.5, rule="highest")


def test_single_psu_intervals_are_blanked_and_cannot_make_a_pocket():
    df = _values().assign(n_psu=[5, 1, 1], households=[500, 40, 40])
    out = single_psu_intervals(df)
    assert out["single_psu"].tolist() == [False, True, True]
    assert out["value"].tolist() == [0.10, 0.30, 0.45]  # the estimate stays
    assert np.isnan(out.loc[1, "ci_low"]) and out.loc[0, "ci_low"] == 0.08
    # Beta's raw interval (0.25-0.35) lies above 0.2, but a single PSU gives no interval.
    assert pocket_codes(guard(df, min_households=10), regency_value=0.2) == []


# --- reshaping -------------------------------------------------------------------------------


def test_from_fgt_and_from_mpi_carry_values_and_intervals():
    fgt = pd.DataFrame(
        {
            "group": ["94.04.01", None],
            "households": [50, 3],
            "n_psu": [4, 1],
            "p1": [0.03, 0.1],
            "p1_ci_low": [0.02, 0.0],
            "p1_ci_high": [0.04, 0.2],
        }
    )
    out = from_fgt(fgt, "p1")
    assert out.to_dict("records") == [
        {
            "code": "94.04.01",
            "value": 0.03,
            "ci_low": 0.02,
            "ci_high": 0.04,
            "households": 50.0,
            "n_psu": 4.0,
        }
    ]
    mpi = pd.DataFrame({"group": ["x"], "households": [20], "m0": [0.2], "m0_se": [0.01]})
    row = from_mpi(mpi, "m0", pd.DataFrame({"code": ["x"], "n_psu": [3.0]})).iloc[0]
    assert row["n_psu"] == 3.0
    assert row["ci_low"] == pytest.approx(0.2 - 1.959964 * 0.01)
    assert row["ci_high"] == pytest.approx(0.2 + 1.959964 * 0.01)


def test_from_reach_keeps_any_programme_rows_and_sample_counts():
    reach = pd.DataFrame(
        {
            "programme_code": ["PKH", "(any)", "(any)"],
            "group": ["a", "a", "b"],
            "coverage": [0.1, 0.6, 0.7],
        }
    )
    sample = pd.DataFrame({"code": ["a", "b"], "households": [30.0, 4.0], "n_psu": [3.0, 1.0]})
    out = from_reach(reach, sample)
    assert out["value"].tolist() == [0.6, 0.7]
    assert out["households"].tolist() == [30.0, 4.0]


def test_spend_per_poor_divides_realised_by_poor_persons():
    budget = pd.DataFrame({"group": ["a", "b", "regency-wide"], "realised_rp": [1e9, 5e8, 2e8]})
    fgt = pd.DataFrame({"group": ["a", "b"], "poor": [1000.0, 0.0]})
    out = spend_per_poor(budget, fgt)
    assert out["district_code"].tolist() == ["a", "b"]
    assert out.loc[0, "spend_per_poor_rp"] == pytest.approx(1e6)
    assert np.isnan(out.loc[1, "spend_per_poor_rp"])


def test_restrict_by_zone_and_district():
    areas = _areas()
    vals = _values()
    assert restrict(vals, areas, zone="coastal", district=None)["code"].tolist() == ["94.04.02"]
    assert restrict(vals, areas, zone=None, district="94.04.03")["code"].tolist() == ["94.04.03"]
    assert len(restrict(vals, areas, zone=None, district=None)) == 3


# --- figures ---------------------------------------------------------------------------------


def _trace_types(fig) -> set[str]:
    return {t.type for t in fig.data}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_indicator_map_is_offline_and_passes_values_through(lang):
    vals = suppress_small(_values(), min_households=10)
    fig = charts_map.indicator_map(
        _areas(), vals, INDICATORS["p0"], lang, min_households=10, pockets=["94.04.02"]
    )
    types = _trace_types(fig)
    assert "choropleth" not in types and "scattergeo" not in types
    assert "choroplethmap" in types
    assert fig.layout.map.style == "white-bg"
    coloured = fig.data[0]
    # P0 proportions are shown as percent; the suppressed area is not coloured.
    assert list(coloured.locations) == ["94.04.01", "94.04.02"]
    assert list(coloured.z) == pytest.approx([10.0, 30.0])
    no_data = [t for t in fig.data if t.type == "choroplethmap" and t.showscale is False]
    assert list(no_data[0].locations) == ["94.04.03"]
    assert fig.layout.separators == (",." if lang == "id" else ".,")
    assert fig.layout.font.size >= 14


def test_indicator_map_hover_in_the_interface_language():
    vals = suppress_small(_values(), min_households=10)
    fig_id = charts_map.indicator_map(_areas(), vals, INDICATORS["p0"], "id", min_households=10)
    fig_en = charts_map.indicator_map(_areas(), vals, INDICATORS["p0"], "en", min_households=10)
    hover_id, custom_id = fig_id.data[0].hovertemplate, fig_id.data[0].customdata
    hover_en = fig_en.data[0].hovertemplate
    assert "Rumah tangga sampel" in hover_id and "Sample households" in hover_en
    assert "Selang 95%" in hover_id and "95% interval" in hover_en
    # Indonesian number format in the hover text: 10,00 % and 8,00 % – 12,00 %.
    assert custom_id[0][2] == "10,00 %"
    assert "8,00 % – 12,00 %" in list(custom_id[0])
    suppressed_row = fig_id.data[1].customdata[0]
    assert any("disembunyikan" in str(c) for c in suppressed_row)
    assert fig_id.data[1].name == "tidak ada data / disembunyikan"
    assert fig_en.data[1].name == "no data / suppressed"


def test_indicator_map_higher_is_better_reverses_the_scale():
    vals = _values()
    worse = charts_map.indicator_map(_areas(), vals, INDICATORS["p0"], "en", min_households=1)
    better = charts_map.indicator_map(
        _areas(), vals, INDICATORS["coverage"], "en", min_households=1
    )
    worse_colours = [c for _, c in worse.data[0].colorscale]
    better_colours = [c for _, c in better.data[0].colorscale]
    assert better_colours == worse_colours[::-1]


def test_ranking_frame_worst_first_and_suppressed_last():
    vals = guard(_values().assign(n_psu=[1, 4, 4]), min_households=10)
    df = charts_map.ranking_frame(vals, _areas(), INDICATORS["p0"], "en", pockets=["94.04.02"])
    assert df["code"].tolist() == ["94.04.02", "94.04.01", "94.04.03"]
    assert df["value"].iloc[0] == pytest.approx(30.0)
    assert df["rank"].iloc[:2].tolist() == [1, 2] and np.isnan(df["rank"].iloc[2])
    assert df["pocket"].tolist() == ["✔", "", ""]
    assert df["note"].tolist() == ["", "no interval (a single PSU)", "suppressed"]
    assert df["zone"].tolist() == ["Coastal", "Lowland", "Highland"]


def test_quadrant_frame_and_chart():
    cur = pd.DataFrame(
        {
            "code": ["94.04.01", "94.04.02", "94.04.03"],
            "p0": [0.10, 0.30, np.nan],
            "p1": [0.02, 0.08, np.nan],
            "population": [1000.0, 500.0, 50.0],
        }
    )
    prev = cur.assign(p0=[0.12, 0.25, 0.4])
    q = charts_map.quadrant_frame(cur, _areas(), mode="change", prev=prev)
    assert q["x"].tolist()[:2] == pytest.approx([10.0, 30.0])
    assert q["y"].tolist()[:2] == pytest.approx([-2.0, 5.0])
    fig = charts_map.quadrant_chart(
        q,
        x_ref=13.7,
        y_ref=0.5,
        x_title="P0 (%)",
        y_title="Change (pp)",
        quadrant_labels={"hh": "HH", "hl": "HL", "lh": "LH", "ll": "LL"},
        lang="en",
    )
    # The suppressed (NaN) district is not drawn; one trace per zone shown, in its colour.
    assert [t.name for t in fig.data] == ["Coastal", "Lowland"]
    assert [t.marker.color for t in fig.data] == [ZONE_COLOURS["coastal"], ZONE_COLOURS["lowland"]]
    assert {s.type for s in fig.layout.shapes} == {"line"}
    xs = [s.x0 for s in fig.layout.shapes if s.x0 == s.x1]
    assert xs == [13.7]
    assert {a.text for a in fig.layout.annotations} == {
        "<i>HH</i>",
        "<i>HL</i>",
        "<i>LH</i>",
        "<i>LL</i>",
    }
    with pytest.raises(ValueError):
        charts_map.quadrant_frame(cur, _areas(), mode="change")


def test_theil_chart_parts_add_up_to_the_total():
    theil = pd.DataFrame(
        {
            "group": ["coastal", "highland", "lowland", "all"],
            "theil_t": [0.1, 0.08, 0.15, 0.16],
            "within": [0.01, 0.004, 0.13, 0.144],
            "between": [-0.01, -0.005, 0.031, 0.016],
            "population_share": [0.1, 0.05, 0.85, 1.0],
            "mean_consumption_pc_rp": [1.7e6, 1.4e6, 2.7e6, 2.5e6],
            "contribution": [0.0, -0.006, 1.006, 1.0],
        }
    )
    fig = charts_map.theil_chart(theil, "id")
    shares = [t.x[0] for t in fig.data]
    assert sum(shares) == pytest.approx(100.0)
    assert fig.data[0].name == "Antar zona"
    assert shares[0] == pytest.approx(10.0)
    table = charts_map.theil_table(theil, "en")
    assert table["zone"].tolist() == ["Coastal", "Highland", "Lowland", "All"]


def test_spending_map_neutral_scale_and_no_si_suffix():
    vals = _values().assign(value=[8e6, 1.1e7, 9e6], ci_low=np.nan, ci_high=np.nan)
    fig = charts_map.indicator_map(
        _areas(), vals, INDICATORS["spend_per_poor"], "id", min_households=1
    )
    assert fig.data[0].colorbar.tickformat == ",.0f"
    neutral = [c for _, c in fig.data[0].colorscale]
    p0 = charts_map.indicator_map(_areas(), _values(), INDICATORS["p0"], "id", min_households=1)
    assert neutral != [c for _, c in p0.data[0].colorscale]
    assert fig.data[0].customdata[0][2] == "Rp 8.000.000"
