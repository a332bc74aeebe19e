"""Monetary poverty: FGT indices with design-based standard errors.

Definitions (DOMAIN.md): person weight ``v = weight * hh_size``; a household is
poor iff ``y < z`` strictly; ``P_a = sum v 1(y<z) ((z-y)/z)^a / sum v``. All
indices here are proportions (0-1), not percent.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from analytics.design import Z_95, check_lonely_psu, domain_means, household_base
from analytics.inequality import gini_frame

FGT_COLUMNS = [
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
    "p0_ci_low",
    "p0_ci_high",
    "p1_ci_low",
    "p1_ci_high",
    "p2_ci_low",
    "p2_ci_high",
    "n_psu",
]

# Per-household FGT values, non-zero only for the poor (y < z strictly); $z is the
# bound poverty line (Rp/capita/month).
_FGT_VALUES = {
    "p0": ("1", "y < $z"),
    "p1": ("($z - y) / $z", "y < $z"),
    "p2": ("(($z - y) / $z) * (($z - y) / $z)", "y < $z"),
}


def _keys(s: pd.Series) -> list:
    """Group labels as hashable keys, missing ones as None."""
    return [None if pd.isna(x) else x for x in s]


def fgt_by(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    line_rp: float,
    year: int | None = None,
    by: str = "regency",
    districts: str = "districts",
    lonely_psu: str = "adjust",
    line_multiple: float = 1.0,
    include_gini: bool = True,
) -> pd.DataFrame:
    """FGT poverty indices (P0, P1, P2) with linearised standard errors, by group.

    Standard errors follow R ``svydesign(ids=~psu, strata=~strata, weights=~v,
    nest=TRUE)`` with ``svymean`` (regency) or ``svyby(..., svymean)`` (groups,
    estimated as domains of the full design); see
    :func:`analytics.design.domain_means` for the variance formula and the
    conventions for missing strata/PSUs.

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation (plain identifier).
        line_rp: Poverty line z, Rp per capita per month (> 0).
        year: Survey year. ``None`` only if the relation holds a single year.
        by: ``"regency"`` (one row, group ``'all'``), ``"zone"`` (via the districts
            relation), ``"district"``, ``"village"``, ``"head_female"``, ``"oap"`` or
            ``"welfare_decile"``.
        districts: Name of the districts relation (``district_code``, ``zone``);
            used only for ``by="zone"``.
        lonely_psu: Treatment of strata with a single PSU in the design:
            ``"adjust"`` (default; centred at the grand mean of PSU totals, i.e.
            contributes its squared score total, as R's
            ``survey.lonely.psu="adjust"``), ``"certainty"`` (contributes 0) or
            ``"remove"`` (left out of the variance; numerically equal to
            ``"certainty"``, as in R).
        line_multiple: Factor applied to the line (e.g. 1.5 for "near poor");
            z = ``line_rp * line_multiple``.
        include_gini: Compute the Gini (needs a sort of the households; set False
            to skip it when only poverty is wanted; the column is then NaN).

    Returns:
        One row per group, ordered by the group key, with columns:
        ``group`` (str: ``'all'``, zone, district or village code, or the value as
        text such as ``'true'`` or ``'3'``; NA for households with a missing key),
        ``households`` (int, sample households), ``population`` (weighted persons),
        ``poor`` (weighted poor persons), ``p0``, ``p0_se``, ``p1``, ``p1_se``,
        ``p2``, ``p2_se`` (proportions), ``gini`` (0-1, person-weighted over
        consumption per capita), ``p0_ci_low``, ``p0_ci_high``, ``p1_ci_low``,
        ``p1_ci_high``, ``p2_ci_low``, ``p2_ci_high`` (95 % normal intervals,
        estimate +/- 1.96 SE, not clipped to [0, 1]) and ``n_psu`` (int, PSUs
        holding households of the group).

    Raises:
        ValueError: Bad relation name, unknown ``by`` or ``lonely_psu``, a
            non-positive line, missing columns, or several years and no ``year``.
    """
    z = float(line_rp) * float(line_multiple)
    if not math.isfinite(z) or z <= 0:
        raise ValueError(f"poverty line must be positive, got {line_rp} x {line_multiple}")
    check_lonely_psu(lonely_psu)
    base = household_base(con, households, year=year, by=by, districts=districts)
    out = domain_means(con, base, _FGT_VALUES, params={"z": z}, lonely_psu=lonely_psu)
    out = out.rename(columns={"grp": "group", "p0_total": "poor"})
    out["gini"] = float("nan")
    if include_gini:
        # A group whose households all lack consumption has no Gini row: look up.
        gini = gini_frame(con, base)
        lookup = dict(zip(_keys(gini["grp"]), gini["gini"], strict=True))
        out["gini"] = [lookup.get(k, float("nan")) for k in _keys(out["group"])]
    for a in ("p0", "p1", "p2"):
        out[f"{a}_ci_low"] = out[a] - Z_95 * out[f"{a}_se"]
        out[f"{a}_ci_high"] = out[a] + Z_95 * out[f"{a}_se"]
    return out[FGT_COLUMNS]
