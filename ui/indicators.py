"""Area indicators for the planner pages, in one shape, and their display units.

Pure reshaping (no streamlit, no store): each analytics result becomes a frame
with one row per area and the columns ``code``, ``value``, ``ci_low``,
``ci_high`` (proportions, indices or Rupiah as the analytics return them; the
interval NaN when there is none), ``households`` (sample households behind
the estimate) and ``n_psu`` (primary sampling units holding them). The pages suppress small cells on that frame
(:func:`ui.suppress.suppress_small`) and the chart builders scale it for
display (:func:`display`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.design import Z_95
from ui import fmt
from ui.i18n import TEXT

AREA_COLUMNS = ["code", "value", "ci_low", "ci_high", "households", "n_psu"]
LEVELS = ("district", "village")


@dataclass(frozen=True)
class Indicator:
    """How an indicator is labelled and shown.

    ``unit``: ``"pct"`` (proportion shown as percent), ``"index100"`` (index shown
    x100, as BPS shows P1 and P2), ``"index"`` (0-1 shown as is), ``"rp"``
    (Rupiah). ``higher_is_worse`` picks the direction of the colour scale and of
    the ranking (worst first); ``neutral`` draws the map in a scale that does not
    read as good or bad (spending).
    ``levels``: the area levels at which the indicator exists.
    """

    key: str
    label_key: str
    unit: str
    decimals: int
    higher_is_worse: bool = True
    neutral: bool = False
    levels: tuple[str, ...] = LEVELS


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("p0", "p0", "pct", 2),
        Indicator("p1", "p1", "index100", 2),
        Indicator("p2", "p2", "index100", 2),
        Indicator("mpi_m0", "ind_mpi_m0", "index", 3),
        Indicator("mpi_h", "ind_mpi_h", "pct", 2),
        Indicator("coverage", "ind_coverage", "pct", 1, higher_is_worse=False),
        Indicator(
            "spend_per_poor",
            "ind_spend_per_poor",
            "rp",
            0,
            higher_is_worse=False,
            neutral=True,
            levels=("district",),
        ),
    )
}


def tr(key: str, lang: str, **kwargs: object) -> str:
    """A text of :data:`ui.i18n.TEXT` in ``lang`` without the session (for chart builders)."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    s = pair[0] if lang == "id" else pair[1]
    return s.format(**kwargs) if kwargs else s


def zone_name(zone: str, lang: str) -> str:
    return tr(f"zone_{zone}", lang) if f"zone_{zone}" in TEXT else str(zone)


def display(values: pd.Series | float, unit: str) -> pd.Series | float:
    """Values in the unit they are shown in (percent, index x100, as is)."""
    return values * 100 if unit in ("pct", "index100") else values


def unit_suffix(unit: str, lang: str) -> str:
    """What follows a shown number: ``%`` for percent, nothing otherwise."""
    return "%" if unit == "pct" else ""


def axis_title(ind: Indicator, lang: str) -> str:
    """Indicator label with its unit, for a title or an axis."""
    unit = {
        "pct": "%",
        "index100": tr("unit_index100", lang),
        "index": tr("unit_index01", lang),
        "rp": "Rp",
    }[ind.unit]
    return f"{tr(ind.label_key, lang)} ({unit})"


def format_display(v: float | None, ind: Indicator, lang: str) -> str:
    """A value already in display units, as text (Indonesian or English)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return fmt.DASH
    if ind.unit == "rp":
        return fmt.rp(v, lang)
    s = fmt.num(v, ind.decimals, lang)
    return f"{s} %" if ind.unit == "pct" and lang == "id" else (s + "%" if ind.unit == "pct" else s)


def format_value(v: float | None, ind: Indicator, lang: str) -> str:
    """A value in analytics units (proportion, index, Rp) as shown text."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return fmt.DASH
    return format_display(display(float(v), ind.unit), ind, lang)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float) for c in AREA_COLUMNS}).astype({"code": str})


def from_fgt(fgt: pd.DataFrame, measure: str) -> pd.DataFrame:
    """``p0``/``p1``/``p2`` of :func:`analytics.poverty.fgt_by` as an area frame."""
    if measure not in ("p0", "p1", "p2"):
        raise ValueError(f"measure must be p0, p1 or p2, got {measure!r}")
    df = fgt[fgt["group"].notna()]
    return pd.DataFrame(
        {
            "code": df["group"].astype(str),
            "value": df[measure].astype(float),
            "ci_low": df[f"{measure}_ci_low"].astype(float),
            "ci_high": df[f"{measure}_ci_high"].astype(float),
            "households": df["households"].astype(float),
            "n_psu": df["n_psu"].astype(float),
        }
    ).reset_index(drop=True)


def from_mpi(mpi: pd.DataFrame, measure: str, sample: pd.DataFrame) -> pd.DataFrame:
    """``m0`` or ``h`` of :func:`analytics.mpi.mpi_by` with 95 % normal intervals;
    ``n_psu`` from ``sample`` (an area frame of the same level)."""
    if measure not in ("m0", "h"):
        raise ValueError(f"measure must be m0 or h, got {measure!r}")
    df = mpi[mpi["group"].notna()]
    value = df[measure].astype(float)
    half = Z_95 * df[f"{measure}_se"].astype(float)
    out = pd.DataFrame(
        {
            "code": df["group"].astype(str),
            "value": value,
            "ci_low": value - half,
            "ci_high": value + half,
            "households": df["households"].astype(float),
        }
    )
    out["n_psu"] = out["code"].map(sample.set_index("code")["n_psu"]).astype(float)
    return out.reset_index(drop=True)


def from_reach(reach: pd.DataFrame, sample: pd.DataFrame) -> pd.DataFrame:
    """Coverage of the poor by any programme (``'(any)'`` rows of
    :func:`analytics.reach.reach_by`); ``households`` from ``sample`` (an area
    frame of the same level, e.g. :func:`from_fgt`: sample households per area)."""
    df = reach[(reach["programme_code"] == "(any)") & reach["group"].notna()]
    out = pd.DataFrame(
        {
            "code": df["group"].astype(str),
            "value": df["coverage"].astype(float),
            "ci_low": np.nan,
            "ci_high": np.nan,
        }
    )
    for col in ("households", "n_psu"):
        out[col] = out["code"].map(sample.set_index("code")[col]).astype(float)
    return out.reset_index(drop=True)


def from_spending(spend: pd.DataFrame, value_col: str, sample: pd.DataFrame) -> pd.DataFrame:
    """A per-district Rupiah measure (``district_code``, ``value_col``) as an area frame;
    ``households`` (sample households of the poverty estimate behind it) from ``sample``."""
    if spend is None or spend.empty:
        return _empty()
    df = spend[spend["district_code"].notna()]
    out = pd.DataFrame(
        {
            "code": df["district_code"].astype(str),
            "value": df[value_col].astype(float),
            "ci_low": np.nan,
            "ci_high": np.nan,
        }
    )
    for col in ("households", "n_psu"):
        out[col] = out["code"].map(sample.set_index("code")[col]).astype(float)
    return out.reset_index(drop=True)


def restrict(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    *,
    zone: str | None,
    district: str | None,
    code_col: str = "code",
) -> pd.DataFrame:
    """Keep the rows of ``values`` whose area lies in ``zone`` and ``district``
    (None = all). ``areas`` gives each area's ``zone`` and ``district_code``."""
    keep = areas
    if zone:
        keep = keep[keep["zone"] == zone]
    if district:
        keep = keep[keep["district_code"] == district]
    return values[values[code_col].isin(set(keep[code_col]))].reset_index(drop=True)


def spend_per_poor(budget: pd.DataFrame, fgt: pd.DataFrame) -> pd.DataFrame:
    """Realised spending per poor person by district (Rp per poor person per year).

    Args:
        budget: :func:`analytics.budget.budget_by` with ``by="district"`` (``group``,
            ``realised_rp``; a ``'regency-wide'`` row, if any, is left out).
        fgt: :func:`analytics.poverty.fgt_by` by district (``group``, ``poor``:
            weighted poor persons).

    Returns:
        ``district_code``, ``realised_rp``, ``poor_persons``, ``spend_per_poor_rp``
        (NaN where a district has no poor person).
    """
    money = budget[["group", "realised_rp"]].rename(columns={"group": "district_code"})
    poor = fgt[["group", "poor"]].rename(columns={"group": "district_code", "poor": "poor_persons"})
    df = money.merge(poor, on="district_code", how="inner")
    df["spend_per_poor_rp"] = df["realised_rp"] / df["poor_persons"].where(df["poor_persons"] > 0)
    return df.reset_index(drop=True)
