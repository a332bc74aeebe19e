"""Monetary poverty: FGT indices with design-based standard errors.

Definitions (DOMAIN.md): person weight ``v = weight * hh_size``; a household is
poor iff ``y < z`` strictly; ``P_a = sum v 1(y<z) ((z-y)/z)^a / sum v``. All
indices here are proportions (0-1), not percent.
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd

from analytics.design import Z_95, cell_estimates, check_lonely_psu, domain_means, household_base
from analytics.inequality import gini_frame
from store import derived

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
    stored = (
        households == "households"
        and districts == "districts"
        and by in derived.GINI_GROUPINGS
        and year is not None
        and derived.usable(con, int(year), zones=by == "zone")
    )
    if stored:
        cols = _fgt_from_cells(con, int(year), by, z, lonely_psu)
    else:
        base = household_base(con, households, year=year, by=by, districts=districts)
        df = domain_means(con, base, _FGT_VALUES, params={"z": z}, lonely_psu=lonely_psu)
        cols = {c: df[c].to_numpy() for c in df.columns}
        cols["grp"] = [None if pd.isna(k) else k for k in df["grp"]]
    groups = cols["grp"]
    gini = np.full(len(groups), np.nan)
    if include_gini:
        if stored:
            rows = con.execute(
                "SELECT grp, gini FROM design_gini WHERE year = ? AND level = ?", [int(year), by]
            ).fetchall()
        else:
            g = gini_frame(con, base)
            rows = zip(_keys(g["grp"]), g["gini"], strict=True)
        # A group whose households all lack consumption has no Gini row.
        lookup = dict(rows)
        gini = np.array([lookup.get(k, np.nan) for k in groups], dtype=np.float64)
    out = {
        "group": pd.Series(groups, dtype="str"),
        "households": cols["households"],
        "population": cols["population"],
        "poor": cols["p0_total"],
    }
    for a in ("p0", "p1", "p2"):
        out[a], out[f"{a}_se"] = cols[a], cols[f"{a}_se"]
    out["gini"] = gini
    for a in ("p0", "p1", "p2"):
        out[f"{a}_ci_low"] = cols[a] - Z_95 * cols[f"{a}_se"]
        out[f"{a}_ci_high"] = cols[a] + Z_95 * cols[f"{a}_se"]
    out["n_psu"] = cols["n_psu"]
    return pd.DataFrame(out, columns=FGT_COLUMNS)


def _fgt_from_cells(
    con: duckdb.DuckDBPyConnection, year: int, by: str, z: float, lonely_psu: str
) -> pd.DataFrame:
    """:func:`fgt_by` on the stored households from the writer's design cells.

    The cells (``design_cells``: households and persons per PSU, with its
    stratum, district and village numbered) do not depend on the line, so only
    the poor households are read and summed, by their PSU number
    (``households.psu_key``); every other PSU enters with zero FGT totals. The
    estimator is :func:`analytics.design.cell_estimates`, as on the general
    path (the two are checked equal in tests/store/test_derived.py).
    """
    p = {"year": year, "z": z}
    sums = ", ".join(f"sum(v * ({expr})) AS t_{n}" for n, (expr, _c) in _FGT_VALUES.items())
    key = {"regency": "0", "zone": "district_key", "district": "district_key"}.get(
        by, "village_key"
    )
    poor = con.execute(
        f"""SELECT psu_key, {sums}
            FROM (SELECT psu_key, weight * hh_size AS v, consumption_pc_rp AS y
                  FROM households WHERE year = $year AND consumption_pc_rp < $z)
            GROUP BY psu_key""",
        p,
    ).fetchnumpy()
    got = con.execute(
        f"""SELECT psu_key, {key} AS g, stratum_key AS h, households AS n_hh, population AS nv
            FROM design_cells WHERE year = $year""",
        {"year": year},
    ).fetchnumpy()
    # One cell per PSU (nested design): put each PSU's poor totals on its cell.
    cell_keys = np.asarray(got["psu_key"], dtype=np.int64)
    at = np.zeros(int(cell_keys.max()) + 1 if len(cell_keys) else 0, np.int64)
    at[cell_keys] = np.arange(len(cell_keys))
    rows = at[np.asarray(poor["psu_key"], dtype=np.int64)]
    totals = {}
    for n in _FGT_VALUES:
        t = np.zeros(len(cell_keys))
        t[rows] = np.asarray(poor[f"t_{n}"], dtype=np.float64)
        totals[n] = t
    g = np.asarray(got["g"], dtype=np.int64)
    if by == "regency":
        labels: list = ["all"] if len(g) else []
    else:
        col = {"zone": "d.zone", "district": "c.district_code"}.get(by, "c.village_code")
        pairs = con.execute(
            f"""SELECT DISTINCT c.{key}, {col} FROM design_cells AS c
                LEFT JOIN districts AS d USING (district_code) WHERE c.year = $year""",
            {"year": year},
        ).fetchall()
        labels, to_group = derived.number_groups(pairs)
        g = to_group[g]
    h = np.asarray(got["h"], dtype=np.int64)
    return cell_estimates(
        g,
        labels,
        h,
        np.bincount(h),  # one cell per PSU: nested design (derived_state.nested)
        np.asarray(got["n_hh"], dtype=np.int64),
        np.asarray(got["nv"], dtype=np.float64),
        totals,
        lonely_psu,
    )
