"""What the indicators are measured against.

* The floor: bare DuckDB P0 by district, one GROUP BY, no standard error, no
  Gini. Nothing that computes P0 by district from the store can be faster by
  much, so ``fgt_by`` time / floor time says what the survey design and the
  extra indices cost.
* The usual alternative: the same indicators (P0, P1, P2 with linearised
  standard errors, Gini, counts) by district in plain pandas, written the way an
  analyst would: load the households into a frame, groupby district for the
  estimates, groupby district / stratum / PSU for the scores, groupby stratum
  for the variance, a sort for the Gini. :func:`compare` checks that its
  numbers equal ``analytics.poverty.fgt_by`` to 1e-9, so the timing
  comparison is between two correct implementations.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics.design import Z_95
from analytics.poverty import FGT_COLUMNS

FLOOR_SQL = """
    SELECT district_code, sum(v * (y < $z)::DOUBLE) / sum(v) AS p0
    FROM (SELECT district_code, weight * hh_size AS v, consumption_pc_rp AS y
          FROM households WHERE year = $year)
    GROUP BY 1
"""

LOAD_SQL = """
    SELECT hh_id, district_code, strata, psu, hh_size, weight, consumption_pc_rp
    FROM households WHERE year = $year
"""


def floor_p0(con: duckdb.DuckDBPyConnection, *, line_rp: float, year: int) -> pd.DataFrame:
    """Bare DuckDB P0 (proportion) by district: the floor."""
    return con.execute(FLOOR_SQL, {"z": float(line_rp), "year": int(year)}).df()


def load_households(con: duckdb.DuckDBPyConnection, *, year: int) -> pd.DataFrame:
    """The household columns the pandas baseline needs, as an analyst would fetch them."""
    return con.execute(LOAD_SQL, {"year": int(year)}).df()


def pandas_fgt_by_district(hh: pd.DataFrame, *, line_rp: float) -> pd.DataFrame:
    """P0, P1, P2 with linearised SEs, Gini and counts by district, in pandas.

    Same definitions and design conventions as ``analytics.poverty.fgt_by``
    (DOMAIN.md): person weight v = weight * hh_size; poor iff y < z; PSUs
    nested in strata, a missing PSU makes the household its own PSU; districts
    are domains of the full design (a stratum's PSU count includes PSUs with
    no household of the district); single-PSU strata contribute their squared
    score total ("adjust"). Households without consumption stay in the design
    but add nothing.

    Args:
        hh: Columns hh_id, district_code, strata, psu, hh_size, weight,
            consumption_pc_rp (Rp/capita/month).
        line_rp: Poverty line z, Rp per capita per month.

    Returns:
        ``analytics.poverty.FGT_COLUMNS``, one row per district ordered by code.
    """
    z = float(line_rp)
    df = pd.DataFrame(
        {
            "d": hh["district_code"],
            "h": hh["strata"].fillna("#none"),
            "psu": hh["psu"].fillna("#hh:" + hh["hh_id"]),
            "y": hh["consumption_pc_rp"],
        }
    )
    df["v"] = (hh["weight"] * hh["hh_size"]).where(hh["consumption_pc_rp"].notna())
    gap = ((z - df["y"]) / z).clip(lower=0)
    df["f0"] = (df["y"] < z).astype(float).where(df["y"].notna())
    df["f1"] = gap
    df["f2"] = gap**2
    for k in ("f0", "f1", "f2"):
        df["v" + k] = df["v"] * df[k]

    # Estimates per district.
    est = df.groupby("d").agg(
        households=("v", "count"),
        population=("v", "sum"),
        t0=("vf0", "sum"),
        t1=("vf1", "sum"),
        t2=("vf2", "sum"),
    )
    for a in (0, 1, 2):
        est[f"p{a}"] = est[f"t{a}"] / est["population"]

    # Scores summed per PSU (cell = district x stratum x PSU).
    cells = (
        df.groupby(["d", "h", "psu"])
        .agg(
            n_hh=("v", "count"),
            nv=("v", "sum"),
            t0=("vf0", "sum"),
            t1=("vf1", "sum"),
            t2=("vf2", "sum"),
        )
        .reset_index()
    )
    n_h = df.groupby("h")["psu"].nunique().rename("n_h")
    cells = cells.join(n_h, on="h").join(est[["population", "p0", "p1", "p2"]], on="d")
    for a in (0, 1, 2):
        cells[f"u{a}"] = (cells[f"t{a}"] - cells[f"p{a}"] * cells["nv"]) / cells["population"]

    # Variance per district: strata sums of squared deviations from the stratum mean,
    # PSUs of the stratum without households of the district counting as zero scores.
    per = cells.groupby(["d", "h"]).agg(
        m=("u0", "size"), n_h=("n_h", "first"), s0=("u0", "sum"), s1=("u1", "sum"), s2=("u2", "sum")
    )
    cells = cells.join(per[["m", "s0", "s1", "s2"]], on=["d", "h"])
    for a in (0, 1, 2):
        ubar = cells[f"s{a}"] / cells["n_h"]
        dev = (cells[f"u{a}"] - ubar) ** 2 + (cells["n_h"] - cells["m"]) * ubar**2 / cells["m"]
        lonely = cells[f"u{a}"] ** 2
        nh = cells["n_h"]
        cells[f"var{a}"] = np.where(nh > 1, nh / (nh - 1.0) * dev, lonely)
    var = cells.groupby("d")[["var0", "var1", "var2"]].sum()
    n_psu = cells[cells["n_hh"] > 0].groupby("d").size()

    # Gini per district: households sorted by consumption, cumulative persons.
    g = df.loc[df["v"].notna(), ["d", "v", "y"]].sort_values(["d", "y"], kind="stable")
    g["cum"] = g.groupby("d")["v"].cumsum()
    g["vcy"] = g["v"] * g["cum"] * g["y"]
    g["vvy"] = g["v"] * g["v"] * g["y"]
    g["vy"] = g["v"] * g["y"]
    gs = g.groupby("d")[["vcy", "vvy", "vy", "v"]].sum()
    gini = (2 * gs["vcy"] - gs["vvy"]) / (gs["v"] * gs["vy"]) - 1

    out = pd.DataFrame(
        {
            "group": est.index.astype(str),
            "households": est["households"].astype("int64").to_numpy(),
            "population": est["population"].to_numpy(),
            "poor": est["t0"].to_numpy(),
        }
    )
    for a in (0, 1, 2):
        out[f"p{a}"] = est[f"p{a}"].to_numpy()
        out[f"p{a}_se"] = np.sqrt(var[f"var{a}"].reindex(est.index).to_numpy())
    out["gini"] = gini.reindex(est.index).to_numpy()
    for a in (0, 1, 2):
        out[f"p{a}_ci_low"] = out[f"p{a}"] - Z_95 * out[f"p{a}_se"]
        out[f"p{a}_ci_high"] = out[f"p{a}"] + Z_95 * out[f"p{a}_se"]
    out["n_psu"] = n_psu.reindex(est.index).fillna(0).astype("int64").to_numpy()
    return out.sort_values("group").reset_index(drop=True)[FGT_COLUMNS]


def compare(a: pd.DataFrame, b: pd.DataFrame, *, tol: float = 1e-9) -> dict:
    """Largest scaled difference per column between two FGT frames.

    The difference of two numbers x, y is ``|x - y| / max(1, |x|, |y|)``: absolute
    for proportions, indices and SEs (below 1), relative for counts and
    populations. Returns ``{"equal": bool, "max_diff": float, "worst_column":
    str}``; equal means same groups in the same order and every number within
    ``tol`` (both NaN counts as equal).
    """
    if list(a["group"].astype(str)) != list(b["group"].astype(str)):
        return {"equal": False, "max_diff": float("inf"), "worst_column": "group"}
    worst, worst_col = 0.0, ""
    for c in FGT_COLUMNS[1:]:
        x = a[c].to_numpy(dtype=float)
        y = b[c].to_numpy(dtype=float)
        scale = np.maximum(np.maximum(np.abs(x), np.abs(y)), 1.0)
        both_nan = np.isnan(x) & np.isnan(y)
        d = np.where(both_nan, 0.0, np.abs(x - y) / scale)
        m = float(np.max(np.where(np.isnan(d), np.inf, d))) if len(d) else 0.0
        if m > worst:
            worst, worst_col = m, c
    return {"equal": worst <= tol, "max_diff": worst, "worst_column": worst_col}
