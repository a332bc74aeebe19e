"""Headline table: value, change from last year, distance to the RPKD target."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ui import headline

TARGETS = pd.DataFrame(
    {
        "indicator": ["p0", "p0", "p1", "gini", "p0"],
        "area": ["all", "all", "all", "all", "highland"],
        "year": [2025, 2026, 2025, 2025, 2025],
        "target_value": [13.7, 13.2, 3.65, 0.35, 38.0],
        "unit": ["percent", "percent", "index", "index", "percent"],
        "is_placeholder": [False, True, False, True, True],
        "source": ["BPS", "PLACEHOLDER", "BPS", "PLACEHOLDER", "PLACEHOLDER"],
    }
)
FGT_2025 = {"p0": 0.1400, "poor": 32000.0, "p1": 0.0300, "p2": 0.0100, "gini": 0.3100}
FGT_2024 = {"p0": 0.1450, "poor": 32500.0, "p1": 0.0320, "p2": 0.0110, "gini": 0.3000}


@pytest.mark.parametrize(
    ("zone", "district", "expected"),
    [
        pytest.param(None, None, headline.Area("regency", "all", "all"), id="regency"),
        pytest.param("highland", None, headline.Area("zone", "highland", "highland"), id="zone"),
        pytest.param(
            "highland", "94.04.05", headline.Area("district", "94.04.05", None), id="district"
        ),
    ],
)
def test_area_of(zone, district, expected):
    assert headline.area_of(zone, district) == expected


def test_values_from_scales_p1_p2_as_bps_does():
    v = headline.values_from(FGT_2025, 0.033)
    assert v["p0"] == 0.14
    assert v["p1"] == pytest.approx(3.0)
    assert v["p2"] == pytest.approx(1.0)
    assert v["d1_share"] == 0.033


def test_target_for_converts_percent_and_flags_placeholders():
    assert headline.target_for(TARGETS, "p0", "all", 2025) == (pytest.approx(0.137), False)
    assert headline.target_for(TARGETS, "p0", "all", 2026) == (pytest.approx(0.132), True)
    assert headline.target_for(TARGETS, "p1", "all", 2025) == (pytest.approx(3.65), False)
    assert headline.target_for(TARGETS, "p0", "highland", 2025) == (pytest.approx(0.38), True)
    assert headline.target_for(TARGETS, "p0", None, 2025) == (None, None)  # a district
    assert headline.target_for(TARGETS, "p2", "all", 2025) == (None, None)


def test_headline_table_changes_and_gaps():
    cur = headline.values_from(FGT_2025, 0.033)
    prev = headline.values_from(FGT_2024, 0.032)
    tab = headline.headline_table(cur, prev, TARGETS, "all", 2025).set_index("indicator")
    assert list(tab.index) == list(headline.INDICATORS)
    assert tab.loc["p0", "change"] == pytest.approx(-0.005)
    assert tab.loc["p0", "gap"] == pytest.approx(0.14 - 0.137)
    assert tab.loc["poor", "change"] == pytest.approx(-500)
    assert tab.loc["p1", "gap"] == pytest.approx(3.0 - 3.65)
    assert bool(tab.loc["gini", "target_placeholder"]) is True
    assert bool(tab.loc["p0", "target_placeholder"]) is False
    assert math.isnan(tab.loc["poor", "target"])  # no target for the count of poor
    assert tab.loc["d1_share", "change"] == pytest.approx(0.001)


def test_headline_table_without_previous_year():
    tab = headline.headline_table(headline.values_from(FGT_2025, None), None, TARGETS, "all", 2025)
    assert tab["change"].isna().all()
    assert pd.isna(tab.set_index("indicator").loc["d1_share", "value"])


def test_target_path_in_proportions():
    path = headline.target_path(TARGETS, "p0", "all")
    assert path["year"].tolist() == [2025, 2026]
    assert path["target"].tolist() == pytest.approx([0.137, 0.132])
    assert path["is_placeholder"].tolist() == [False, True]
    assert headline.target_path(TARGETS, "p0", None).empty


@pytest.mark.parametrize(
    ("ind", "value", "lang", "expected"),
    [
        ("p0", 0.137, "id", "13,70 %"),
        ("p0", 0.137, "en", "13.70%"),
        ("poor", 31310.4, "id", "31.310"),
        ("p1", 3.654, "id", "3,65"),
        ("gini", 0.3116, "en", "0.312"),
        ("d1_share", 0.0331, "id", "3,31 %"),
    ],
)
def test_format_value(ind, value, lang, expected):
    assert headline.format_value(ind, value, lang) == expected


@pytest.mark.parametrize(
    ("ind", "delta", "lang", "expected"),
    [
        ("p0", -0.0048, "id", "-0,48 poin"),
        ("p0", 0.0048, "en", "+0.48 pp"),
        ("poor", -780.2, "id", "-780"),
        ("p1", -0.08, "id", "-0,08"),
        ("gini", 0.0, "id", "0,000"),
    ],
)
def test_format_change(ind, delta, lang, expected):
    assert headline.format_change(ind, delta, lang) == expected


# --- the summary page's charts, read from the store ----------------------------------


def _store_fgt(path, by: str) -> pd.DataFrame:
    """fgt_by straight from the store file, for every year, without ui.data."""
    from analytics.poverty import fgt_by
    from store import queries
    from store.db import Store

    with Store(path).read() as con:
        years = [int(y) for y in queries.run(con, "household_years", ())["year"]]
        frames = []
        for y in years:
            line = float(queries.run(con, "poverty_line", (y,)).iloc[0, 0])
            frames.append(fgt_by(con, line_rp=line, year=y, by=by).assign(year=y))
    return pd.concat(frames, ignore_index=True)


def test_trend_chart_draws_the_filtered_area(small_store_env):
    from ui.chart_style import ZONE_COLOURS

    fig = headline.trend_chart("en", "highland", None, "Highland zone")
    computed = fig.data[0]
    assert "Highland zone" in computed.name
    assert computed.line.color == ZONE_COLOURS["highland"]
    zones = _store_fgt(small_store_env, "zone")
    want = zones[zones["group"] == "highland"].sort_values("year")
    assert list(computed.x) == want["year"].tolist()
    assert list(computed.y) == pytest.approx((100 * want["p0"]).tolist())


def test_zone_chart_highlights_and_is_none_without_data(small_store_env):
    from ui.chart_style import MUTED_OPACITY

    zones = _store_fgt(small_store_env, "zone")
    year = int(zones["year"].max())
    fig = headline.zone_chart("id", year, "coastal")
    p0 = fig.data[0]
    assert list(p0.marker.opacity) == [1.0, MUTED_OPACITY, MUTED_OPACITY]  # coastal first
    want = zones[zones["year"] == year].set_index("group").loc[["coastal", "lowland", "highland"]]
    assert list(p0.y) == pytest.approx((100 * want["p0"]).tolist())
    assert headline.zone_chart("id", 1990, None) is None
