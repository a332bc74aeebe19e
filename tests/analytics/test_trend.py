"""Trend: computed, published and target series in one long frame, common units."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.lines import latest_year, poverty_line_for, poverty_line_status
from analytics.trend import TREND_COLUMNS, to_common_unit, trend


def connect(lines_years=(2023, 2024)) -> duckdb.DuckDBPyConnection:
    """Households of 2023 and 2024 (two districts, two zones), lines, published rows, targets.

    2023: y = 50, 150 (sizes 2, 2; weight 1), z = 100 -> P0 = 2/4 = 0.5, P1 = 2*0.5/4 = 0.25
    2024: y = 50, 90, 150, 150 (size 1 each; weight 1), z = 100 -> P0 = 2/4 = 0.5,
          P1 = (0.5 + 0.1) / 4 = 0.15
    """
    hh = pd.DataFrame(
        {
            "year": [2023, 2023, 2024, 2024, 2024, 2024],
            "hh_id": ["a", "b", "a", "b", "c", "d"],
            "district_code": ["D1", "D2", "D1", "D1", "D2", "D2"],
            "hh_size": [2, 2, 1, 1, 1, 1],
            "consumption_pc_rp": [50.0, 150.0, 50.0, 90.0, 150.0, 150.0],
            "weight": 1.0,
        }
    )
    lines = pd.DataFrame(
        {
            "year": list(lines_years),
            "line_rp": [100.0] * len(lines_years),
            "status": ["published", "interpolated"][: len(lines_years)],
            "source": "test",
        }
    )
    official = pd.DataFrame(
        [
            ("94.04", "Kabupaten Mimika", "p0", 2023, "March", 13.55, "percent", "reported"),
            ("94.04", "Kabupaten Mimika", "p0", 2025, "March", 13.70, "percent", "reported"),
            ("94.04", "Kabupaten Mimika", "p1", 2025, "March", 3.65, "index", "reported"),
            ("94.04", "Kabupaten Mimika", "unemployment", 2025, "August", 6.7, "percent", "ok"),
            ("ID", "Indonesia", "p0", 2025, "March", 8.47, "percent", "reported"),
            ("ID", "Indonesia", "gini", 2025, "March", 0.375, "index", "reported"),
            ("91", "Provinsi Papua", "p0", 2020, "March", 26.64, "percent", "reported"),
        ],
        columns=[
            "area_code",
            "area_name",
            "indicator",
            "year",
            "period",
            "value",
            "unit",
            "status",
        ],
    ).assign(source="test")
    targets = pd.DataFrame(
        [
            ("p0", "all", 2025, 13.7, "percent", False),
            ("p0", "all", 2026, 13.2, "percent", True),
            ("p1", "all", 2026, 3.5, "index", True),
            ("p0", "coastal", 2026, 23.0, "percent", True),
        ],
        columns=["indicator", "area", "year", "target_value", "unit", "is_placeholder"],
    ).assign(source="test")
    districts = pd.DataFrame({"district_code": ["D1", "D2"], "zone": ["coastal", "lowland"]})
    con = duckdb.connect()
    for name, frame in {
        "households": hh,
        "poverty_lines": lines,
        "official_series": official,
        "targets": targets,
        "districts": districts,
    }.items():
        con.register("f", frame)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM f")
        con.unregister("f")
    return con


def pick(df, series, indicator, area="all", year=None):
    sel = df[(df["series"] == series) & (df["indicator"] == indicator) & (df["area"] == area)]
    return sel if year is None else sel[sel["year"] == year].iloc[0]


def test_columns_and_series():
    df = trend(connect())
    assert list(df.columns) == TREND_COLUMNS
    assert list(dict.fromkeys(df["series"])) == ["computed", "official", "target"]
    # unemployment and Papua (91) are not asked for
    assert "unemployment" not in set(df["indicator"])
    assert "91" not in set(df["area"])


def test_computed_values():
    df = trend(connect())
    p0 = pick(df, "computed", "p0")
    assert list(p0["year"]) == [2023, 2024]
    assert list(p0["value"]) == pytest.approx([0.5, 0.5])
    assert pick(df, "computed", "p1", year=2023)["value"] == pytest.approx(0.25)
    r = pick(df, "computed", "p1", year=2024)
    assert r["value"] == pytest.approx(0.15)
    # change 0.15 - 0.25 over one year
    assert r["change"] == pytest.approx(-0.10) and r["change_per_year"] == pytest.approx(-0.10)
    assert r["status"] == "computed at the interpolated line"
    assert pick(df, "computed", "poor_people", year=2024)["value"] == pytest.approx(2)
    assert pick(df, "computed", "poverty_line", year=2023)["value"] == 100
    assert pick(df, "computed", "p0", year=2023)["value_se"] > 0
    assert set(pick(df, "computed", "p0")["unit"]) == {"proportion"}


def test_published_converted_to_proportions():
    df = trend(connect())
    # 13.55 % -> 0.1355; 13.70 % -> 0.1370; change over two years
    r = pick(df, "official", "p0", area="94.04", year=2025)
    assert r["value"] == pytest.approx(0.137)
    assert r["change"] == pytest.approx(0.0015)
    assert r["change_per_year"] == pytest.approx(0.00075)
    # P1 published as an index x100: 3.65 -> 0.0365
    assert pick(df, "official", "p1", area="94.04", year=2025)["value"] == pytest.approx(0.0365)
    # Gini keeps its 0-1 scale
    assert pick(df, "official", "gini", area="ID", year=2025)["value"] == pytest.approx(0.375)
    assert pick(df, "official", "p0", area="ID", year=2025)["period"] == "March"


def test_targets_carry_placeholder():
    df = trend(connect())
    t = pick(df, "target", "p0")
    assert list(t["value"]) == pytest.approx([0.137, 0.132])
    assert list(t["is_placeholder"]) == [False, True]
    assert list(t["status"]) == ["target", "placeholder"]
    assert pick(df, "target", "p1", year=2026)["value"] == pytest.approx(0.035)
    assert "coastal" not in set(df["area"])  # zone targets only with by="zone"


def test_by_zone():
    df = trend(connect(), by="zone", official=None)
    assert set(df["series"]) == {"computed", "target"}
    # 2024 coastal (D1): y = 50, 90 -> P0 = 1
    assert pick(df, "computed", "p0", area="coastal", year=2024)["value"] == 1
    assert pick(df, "target", "p0", area="coastal", year=2026)["value"] == pytest.approx(0.23)


def test_year_without_line():
    df = trend(connect(lines_years=(2023,)), targets=None)
    r = pick(df, "computed", "p0", year=2024)
    assert np.isnan(r["value"])
    assert r["status"] == "no poverty line for this year"


def test_to_common_unit():
    assert to_common_unit("p0", 13.7, "percent") == pytest.approx(0.137)
    assert to_common_unit("p2", 1.45, "index") == pytest.approx(0.0145)
    assert to_common_unit("gini", 0.38, "index") == 0.38
    with pytest.raises(ValueError):
        to_common_unit("p0", 31300, "people")


def test_lines_lookup():
    con = connect(lines_years=(2023,))
    assert poverty_line_for(con, 2023) == 100.0
    assert poverty_line_status(con, 2023) == "published"
    assert poverty_line_status(con, 2030) is None
    with pytest.raises(ValueError, match=r"no poverty line for 2024 .*2023-2023"):
        poverty_line_for(con, 2024)
    with pytest.raises(ValueError, match="relation"):
        poverty_line_for(con, 2023, lines="x;y")
    assert latest_year(con) == 2024
    con.execute("CREATE TABLE empty_hh AS SELECT * FROM households WHERE false")
    with pytest.raises(ValueError, match="no household"):
        latest_year(con, "empty_hh")
