"""Headline indicators of one area and year: value, change, distance to the RPKD target.

The pure half (:func:`values_from`, :func:`target_for`, :func:`headline_table`, the
formatters) works on frames, so the summary page and the printable brief show the
same numbers and tests need no app. The loaders at the bottom read through
``ui.data`` (cached per store version).

Units as held here (and as BPS shows them): ``p0`` and ``d1_share`` proportions
(0-1, shown as percent), ``poor`` persons, ``p1`` and ``p2`` index x100, ``gini``
0-1. The ``targets`` table holds percent (``unit='percent'``) or index values; a
percent target is divided by 100 to compare with a proportion.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ui import fmt

INDICATORS = ("p0", "poor", "p1", "p2", "gini", "d1_share")
# Whether a fall is good news (drives the colour of the change).
LOWER_IS_BETTER = {
    "p0": True,
    "poor": True,
    "p1": True,
    "p2": True,
    "gini": True,
    "d1_share": False,
}
TABLE_COLUMNS = [
    "indicator",
    "value",
    "previous",
    "change",
    "target",
    "target_placeholder",
    "gap",
]


@dataclass(frozen=True)
class Area:
    """The area the headline is about: the regency, a zone or a district."""

    by: str  # fgt_by grouping: regency | zone | district
    code: str  # 'all', a zone code or a district code
    target_area: str | None  # area in the targets table ('all', a zone), None for a district


def area_of(zone: str | None, district: str | None) -> Area:
    """The narrowest area the filters name (district before zone before regency)."""
    if district:
        return Area("district", district, None)
    if zone:
        return Area("zone", zone, zone)
    return Area("regency", "all", "all")


def area_label(area: Area, lang: str, district_names: Mapping[str, str]) -> str:
    """'Kabupaten Mimika', 'Zona Dataran tinggi', 'Distrik Mimika Baru' (or English)."""
    from ui.i18n import text

    if area.by == "district":
        return text("sum_area_district", lang, name=district_names.get(area.code, area.code))
    if area.by == "zone":
        return text("sum_area_zone", lang, zone=text(f"zone_{area.code}", lang))
    return text("sum_area_regency", lang)


def _num(x: object) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def values_from(fgt_row: Mapping, d1_share: float | None) -> dict[str, float | None]:
    """Headline values from one row of ``fgt_by`` and the decile-1 consumption share."""
    p1, p2 = _num(fgt_row.get("p1")), _num(fgt_row.get("p2"))
    return {
        "p0": _num(fgt_row.get("p0")),
        "poor": _num(fgt_row.get("poor")),
        "p1": None if p1 is None else 100 * p1,
        "p2": None if p2 is None else 100 * p2,
        "gini": _num(fgt_row.get("gini")),
        "d1_share": _num(d1_share),
    }


def target_for(
    targets: pd.DataFrame, indicator: str, area: str | None, year: int
) -> tuple[float | None, bool | None]:
    """The target of ``indicator`` for ``area`` in ``year``, in the headline's unit.

    Returns ``(value, is_placeholder)``, or ``(None, None)`` when there is none.
    """
    if area is None or targets.empty:
        return None, None
    hit = targets[
        (targets["indicator"] == indicator)
        & (targets["area"] == area)
        & (targets["year"].astype(int) == int(year))
    ]
    if hit.empty:
        return None, None
    row = hit.iloc[0]
    value = float(row["target_value"])
    if str(row["unit"]).lower() == "percent":
        value /= 100
    return value, bool(row["is_placeholder"])


def target_path(targets: pd.DataFrame, indicator: str, area: str | None) -> pd.DataFrame:
    """All target years of ``indicator`` for ``area``: ``year``, ``target``, ``is_placeholder``."""
    cols = ["year", "target", "is_placeholder"]
    if area is None or targets.empty:
        return pd.DataFrame(columns=cols)
    hit = targets[(targets["indicator"] == indicator) & (targets["area"] == area)]
    scale = hit["unit"].str.lower().map(lambda u: 0.01 if u == "percent" else 1.0)
    out = pd.DataFrame(
        {
            "year": hit["year"].astype(int),
            "target": hit["target_value"].astype(float) * scale,
            "is_placeholder": hit["is_placeholder"].astype(bool),
        }
    )
    return out.sort_values("year").reset_index(drop=True)


def headline_table(
    current: Mapping[str, float | None],
    previous: Mapping[str, float | None] | None,
    targets: pd.DataFrame,
    target_area: str | None,
    year: int,
) -> pd.DataFrame:
    """One row per headline indicator: value, previous year, change, target and gap.

    ``change`` = value - previous; ``gap`` = value - target (positive: above the
    target). Both in the indicator's unit (a proportion for ``p0``: 0.0048 is
    0.48 percentage points). Missing pieces are NaN/None.
    """
    rows = []
    for ind in INDICATORS:
        value = _num(current.get(ind))
        prev = None if previous is None else _num(previous.get(ind))
        target, placeholder = target_for(targets, ind, target_area, year)
        rows.append(
            {
                "indicator": ind,
                "value": value,
                "previous": prev,
                "change": None if value is None or prev is None else value - prev,
                "target": target,
                "target_placeholder": placeholder,
                "gap": None if value is None or target is None else value - target,
            }
        )
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def format_value(indicator: str, value: float | None, lang: str) -> str:
    """An indicator's value as shown: '13,70 %', '31.310', '3,65', '0,311'."""
    if indicator in ("p0", "d1_share"):
        return fmt.pct(value, 2, lang)
    if indicator == "poor":
        return fmt.num(value, 0, lang)
    if indicator in ("p1", "p2"):
        return fmt.num(value, 2, lang)
    return fmt.num(value, 3, lang)


def format_change(indicator: str, delta: float | None, lang: str) -> str:
    """A change or gap in the indicator's unit: '+0,48 poin', '-1.234', '+0,012'."""
    if indicator in ("p0", "d1_share"):
        return fmt.pp(delta, 2, lang)
    if indicator == "poor":
        return fmt.signed(delta, 0, lang)
    if indicator in ("p1", "p2"):
        return fmt.signed(delta, 2, lang)
    return fmt.signed(delta, 3, lang)


# --- loaders (streamlit, cached through ui.data) -------------------------------------


def _fgt(year: int, by: str) -> pd.DataFrame | None:
    from analytics.poverty import fgt_by
    from ui import data

    line = data.poverty_line(year)
    if line is None:
        return None
    return data.computed(fgt_by, line_rp=line, year=year, by=by)


def estimates(area: Area, year: int) -> tuple[dict[str, float | None], pd.Series] | None:
    """Headline values and the full ``fgt_by`` row (for CIs) of ``area`` in ``year``."""
    from analytics.inequality import decile_shares
    from ui import data

    df = _fgt(year, area.by)
    if df is None:
        return None
    row = df[df["group"] == area.code]
    if row.empty:
        return None
    shares = data.computed(decile_shares, year=year, by=area.by)
    d1 = shares[(shares["group"] == area.code) & (shares["decile"] == 1)]["share"]
    return values_from(row.iloc[0], d1.iloc[0] if len(d1) else None), row.iloc[0]


def p0_trend(area: Area, years: list[int]) -> pd.DataFrame:
    """Computed P0 of ``area`` for every year with data: year, p0, p0_ci_low, p0_ci_high."""
    rows = []
    for y in years:
        df = _fgt(y, area.by)
        if df is None:
            continue
        hit = df[df["group"] == area.code]
        if len(hit):
            r = hit.iloc[0]
            rows.append(
                {"year": y, "p0": r.p0, "p0_ci_low": r.p0_ci_low, "p0_ci_high": r.p0_ci_high}
            )
    return pd.DataFrame(rows, columns=["year", "p0", "p0_ci_low", "p0_ci_high"])


def zones(year: int) -> pd.DataFrame | None:
    """``fgt_by(by='zone')`` for ``year`` (one row per zone)."""
    return _fgt(year, "zone")


# --- charts (built once per store version and shared by every session) ---------------


def trend_chart(lang: str, zone: str | None, district: str | None, area_label: str):
    """The summary page's P0 trend figure of the area the filters name (a plotly Figure).

    Built through ``ui.figures.cached``: the same figure object serves every session with
    these arguments, so it must not be changed after it is returned.
    """
    from ui import charts_summary, data

    area = area_of(zone, district)
    targets = data.named("targets")
    return charts_summary.trend_figure(
        p0_trend(area, data.years()),
        data.named("official_series"),
        target_path(targets, "p0", area.target_area),
        lang=lang,
        area_label=area_label,
        area_zone=zone,
    )


def zone_chart(lang: str, year: int, selected: str | None):
    """The summary page's zone comparison figure for ``year``, or None without zones.

    Shared like :func:`trend_chart`: do not change the returned figure.
    """
    from ui import charts_summary

    z = zones(year)
    if z is None or not len(z):
        return None
    regency = estimates(area_of(None, None), year)
    return charts_summary.zone_figure(
        z, lang=lang, year=year, selected=selected, regency=regency[1] if regency else None
    )
