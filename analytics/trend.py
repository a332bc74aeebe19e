"""Poverty over the years: computed from the store, published, and the RPKD targets.

One long frame so that a chart can draw the three side by side:

* ``computed``: P0, P1, P2, Gini, poor persons per year of household data, from
  :func:`analytics.poverty.fgt_by` at that year's line in ``poverty_lines``;
* ``official``: the published series (``official_series``: Mimika 94.04, Papua
  Tengah 94, Indonesia ID by default);
* ``target``: the RPKD targets (``targets``), with ``is_placeholder`` carried.

Units are made consistent with the rest of the analytics: **P0, P1 and P2 are
proportions (0-1)**. BPS publishes P0 in percent and P1, P2 as indices x100;
both are divided by 100 here (13.70 % -> 0.1370; P1 3.65 -> 0.0365). The Gini
stays on its 0-1 scale, poor people in persons, the line in Rp per capita per
month.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from analytics.design import check_identifier, relation_columns
from analytics.poverty import fgt_by

TREND_INDICATORS = ("p0", "p1", "p2", "gini", "poor_people", "poverty_line")
DEFAULT_OFFICIAL_AREAS = ("94.04", "94", "ID")

TREND_COLUMNS = [
    "series",
    "area",
    "area_name",
    "indicator",
    "year",
    "period",
    "value",
    "value_se",
    "unit",
    "status",
    "is_placeholder",
    "source",
    "change",
    "change_per_year",
]

# Indicator -> unit of ``value`` after conversion.
UNITS = {
    "p0": "proportion",
    "p1": "proportion",
    "p2": "proportion",
    "gini": "index_0_1",
    "poor_people": "persons",
    "poverty_line": "rp_per_capita_month",
}


def to_common_unit(indicator: str, value: float, unit: str) -> float:
    """Convert a published or target value to the unit of :data:`UNITS`.

    Args:
        indicator: ``p0``, ``p1``, ``p2``, ``gini``, ``poor_people`` or ``poverty_line``.
        value: The value as published.
        unit: Its unit as published: ``percent``, ``index``, ``people``,
            ``rupiah_per_capita_month`` (or already ``proportion``).

    Returns:
        The value in the common unit: P0-P2 as proportions (percent and x100
        indices divided by 100), others unchanged.

    Raises:
        ValueError: A unit that cannot be converted for that indicator.
    """
    u = (unit or "").strip().lower()
    if indicator in ("p0", "p1", "p2"):
        if u in ("percent", "index"):
            return value / 100.0
        if u == "proportion":
            return value
    elif indicator == "gini" and u in ("index", "index_0_1", "proportion"):
        return value
    elif indicator == "poor_people" and u in ("people", "persons"):
        return value
    elif indicator == "poverty_line" and u in ("rupiah_per_capita_month", "rp_per_capita_month"):
        return value
    raise ValueError(f"cannot convert {indicator} given in {unit!r}")


def _computed(
    con: duckdb.DuckDBPyConnection,
    households: str,
    lines: str,
    districts: str,
    by: str,
) -> pd.DataFrame:
    hh = check_identifier(households)
    ln = check_identifier(lines)
    years = [r[0] for r in con.execute(f"SELECT DISTINCT year FROM {hh} ORDER BY 1").fetchall()]
    known = {
        int(y): (float(z), status, source)
        for y, z, status, source in con.execute(
            f"SELECT year, line_rp, status, source FROM {ln} WHERE line_rp > 0"
        ).fetchall()
    }
    out = []
    for year in years:
        if year not in known:
            for ind in TREND_INDICATORS:
                out.append(
                    {
                        "area": "all",
                        "indicator": ind,
                        "year": year,
                        "value": np.nan,
                        "value_se": np.nan,
                        "status": "no poverty line for this year",
                        "source": f"{hh}, {ln}",
                    }
                )
            continue
        z, line_status, line_source = known[year]
        df = fgt_by(con, hh, line_rp=z, year=year, by=by, districts=districts)
        status = f"computed at the {line_status} line"
        for r in df.itertuples(index=False):
            area = r.group
            base = {"area": area, "year": year, "status": status, "source": f"{hh}, {ln}"}
            for ind in ("p0", "p1", "p2"):
                out.append(
                    {
                        **base,
                        "indicator": ind,
                        "value": getattr(r, ind),
                        "value_se": getattr(r, f"{ind}_se"),
                    }
                )
            out.append({**base, "indicator": "gini", "value": r.gini, "value_se": np.nan})
            out.append({**base, "indicator": "poor_people", "value": r.poor, "value_se": np.nan})
            out.append(
                {
                    **base,
                    "indicator": "poverty_line",
                    "value": z,
                    "value_se": np.nan,
                    "source": line_source,
                    "status": line_status,
                }
            )
    df = pd.DataFrame(
        out, columns=["area", "indicator", "year", "value", "value_se", "status", "source"]
    )
    df["series"] = "computed"
    df["area_name"] = np.where(df["area"] == "all", "regency (computed)", df["area"])
    df["period"] = None
    df["is_placeholder"] = pd.NA
    return df


def _official(con: duckdb.DuckDBPyConnection, official: str, areas: Sequence[str]) -> pd.DataFrame:
    rel = check_identifier(official)
    df = con.execute(
        f"""SELECT area_code AS area, area_name, indicator, year, period, value, unit,
                   status, source
            FROM {rel}
            WHERE list_contains($areas, area_code) AND list_contains($inds, indicator)
            ORDER BY area_code, indicator, year, period""",
        {"areas": list(areas), "inds": list(TREND_INDICATORS)},
    ).df()
    df["value"] = [
        to_common_unit(i, v, u)
        for i, v, u in zip(df["indicator"], df["value"], df["unit"], strict=True)
    ]
    df["series"] = "official"
    df["value_se"] = np.nan
    df["is_placeholder"] = pd.NA
    return df.drop(columns="unit")


def _targets(con: duckdb.DuckDBPyConnection, targets: str, by: str) -> pd.DataFrame:
    rel = check_identifier(targets)
    areas = ["all"] if by == "regency" else ["coastal", "lowland", "highland"]
    df = con.execute(
        f"""SELECT area, indicator, year, target_value AS value, unit, is_placeholder, source
            FROM {rel}
            WHERE list_contains($areas, area) AND list_contains($inds, indicator)
            ORDER BY area, indicator, year""",
        {"areas": areas, "inds": list(TREND_INDICATORS)},
    ).df()
    df["value"] = [
        to_common_unit(i, v, u)
        for i, v, u in zip(df["indicator"], df["value"], df["unit"], strict=True)
    ]
    df["series"] = "target"
    df["area_name"] = np.where(df["area"] == "all", "regency (RPKD target)", df["area"])
    df["period"] = None
    df["value_se"] = np.nan
    df["status"] = np.where(df["is_placeholder"], "placeholder", "target")
    return df.drop(columns="unit")


def trend(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    by: str = "regency",
    lines: str = "poverty_lines",
    official: str | None = "official_series",
    targets: str | None = "targets",
    districts: str = "districts",
    official_areas: Sequence[str] = DEFAULT_OFFICIAL_AREAS,
) -> pd.DataFrame:
    """Computed, published and target poverty series per year, with yearly change.

    Args:
        con: An open DuckDB connection.
        households: Household relation (every year in it is computed).
        by: ``"regency"`` (computed and target area ``'all'``) or ``"zone"``
            (computed and targets per zone; official series are regency-level and
            are still included).
        lines: Poverty-line relation (``year``, ``line_rp``, ``status``, ``source``).
        official: Published-series relation (``official_series`` layout), or
            ``None`` to leave it out.
        targets: Targets relation (``targets`` layout), or ``None``.
        districts: Districts relation, for ``by="zone"``.
        official_areas: Area codes of the published series to include.

    Returns:
        Long frame ordered by series (computed, official, target), area, indicator,
        period and year, with columns ``series``, ``area`` (``'all'`` or a zone for
        computed/target rows; the area code such as ``'94.04'`` for official
        ones), ``area_name``, ``indicator`` (``p0``, ``p1``, ``p2``, ``gini``,
        ``poor_people``, ``poverty_line``), ``year`` (int), ``period`` (the
        published period, e.g. ``'March'``; None otherwise), ``value`` (P0-P2 as
        proportions, Gini 0-1, poor people in persons, line in Rp per capita per
        month), ``value_se`` (design SE of computed P0-P2, NaN otherwise),
        ``unit``, ``status`` (official: ``reported`` or ``disputed: ...``;
        computed: which line was used, e.g. ``computed at the interpolated line``,
        or ``no poverty line for this year`` with NaN values; target:
        ``placeholder`` or ``target``), ``is_placeholder`` (bool for targets, NA
        otherwise), ``source``, ``change`` (value minus the previous available
        year's value of the same series, area, indicator and period) and
        ``change_per_year`` (change divided by the years between them).

    Raises:
        ValueError: Unknown ``by``, bad names, or a published unit that cannot be
            converted.
    """
    if by not in ("regency", "zone"):
        raise ValueError(f"by must be 'regency' or 'zone', got {by!r}")
    parts = [_computed(con, households, lines, districts, by)]
    if official is not None:
        if "area_code" not in relation_columns(con, check_identifier(official)):
            raise ValueError(f"{official} lacks column area_code")
        parts.append(_official(con, official, official_areas))
    if targets is not None:
        parts.append(_targets(con, targets, by))
    df = pd.concat([p for p in parts if len(p)], ignore_index=True)
    df["unit"] = df["indicator"].map(UNITS)
    df["year"] = df["year"].astype("int64")
    order = {"computed": 0, "official": 1, "target": 2}
    df["_s"] = df["series"].map(order)
    df["_p"] = df["period"].fillna("")
    df = df.sort_values(["_s", "area", "indicator", "_p", "year"], kind="stable")
    keys = ["_s", "area", "indicator", "_p"]
    prev_value = df.groupby(keys)["value"].shift()
    prev_year = df.groupby(keys)["year"].shift()
    df["change"] = df["value"] - prev_value
    df["change_per_year"] = df["change"] / (df["year"] - prev_year)
    return df[TREND_COLUMNS].reset_index(drop=True)
