"""Candidate faster implementations for the analytics owners (not used by the app).

Measured by ``rpkd bench`` (step ``candidate``) and checked equal to
``analytics.poverty.fgt_by`` to 1e-9 like the pandas baseline, so that a
change to ``analytics/design.py`` / ``analytics/inequality.py`` can be judged
on numbers. Same contract (DOMAIN.md), three differences in how it is
computed:

1. PSU key: ``household_base`` forms ``coalesce(psu, '#hh:' || hh_id)`` for
   every row, which makes DuckDB read and concatenate ``hh_id`` for all
   households. Here the ``hh_id`` fallback is used only when the year holds a
   NULL ``psu`` (one cheap count first); otherwise the key is ``psu`` alone.
2. Variance: ``domain_means`` runs three window passes over the cells
   (``count(DISTINCT psu) OVER (PARTITION BY h)``, sums over group and over
   group x stratum). Here the same quantities come from GROUP BYs and joins:
   per stratum ``n_h``; per group the totals; per group x stratum ``m``,
   ``S1 = sum U`` and ``S2 = sum U^2``; then
   ``var = sum_h n_h/(n_h-1) (S2 - S1^2/n_h)`` (the zero scores of absent
   PSUs included), lonely strata as before.
3. Gini: ``gini_frame`` computes the running person weight with
   ``sum(v) OVER (PARTITION BY grp ORDER BY y ROWS UNBOUNDED PRECEDING)``,
   DuckDB's window operator, the most expensive part of ``fgt_by``. Here DuckDB
   sorts (``ORDER BY group number, y``) and numpy takes the running sum.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics.design import GROUPINGS, Z_95, check_identifier, relation_columns
from analytics.poverty import FGT_COLUMNS


def _base_sql(con: duckdb.DuckDBPyConnection, households: str, by: str, year: int) -> str:
    """Base relation (grp, h, psu, v, y) as ``analytics.design.household_base``, PSU key aside."""
    rel = check_identifier(households)
    col = GROUPINGS.get(by)
    if col is None or by == "zone":
        raise ValueError("the candidate covers household-column groupings (district, village, ...)")
    cols = set(relation_columns(con, rel))
    strata = "strata::VARCHAR" if "strata" in cols else "NULL::VARCHAR"
    if "psu" not in cols:
        psu = "hh_id::VARCHAR"
    else:
        n_null = con.execute(
            f"SELECT count(*) FROM {rel} WHERE year = $year AND psu IS NULL", {"year": year}
        ).fetchone()[0]
        psu = "psu::VARCHAR" if n_null == 0 else "coalesce(psu::VARCHAR, '#hh:' || hh_id)"
    weight = "weight" if "weight" in cols else "1.0"
    return f"""
        SELECT {col} AS grp, {strata} AS h, {psu} AS psu,
               CASE WHEN consumption_pc_rp IS NOT NULL THEN {weight} * hh_size END AS v,
               consumption_pc_rp AS y
        FROM {rel} WHERE year = $year
    """


def fgt_cells_sql(base: str) -> str:
    """Cells -> per-group estimates and linearised SEs with GROUP BYs only."""
    return f"""
    WITH base AS ({base}),
    cell AS (
        SELECT grp, h, psu, count(v) AS n_hh, coalesce(sum(v), 0) AS nv,
               coalesce(sum(v * (y < $z)::DOUBLE), 0) AS t0,
               coalesce(sum(v * greatest($z - y, 0) / $z), 0) AS t1,
               coalesce(sum(v * (greatest($z - y, 0) / $z) ^ 2), 0) AS t2
        FROM base GROUP BY grp, h, psu
    ),
    nh AS (SELECT h, count(DISTINCT psu) AS n_h FROM cell GROUP BY h),
    g AS (
        SELECT grp, sum(nv) AS pop, sum(t0) AS tt0, sum(t1) AS tt1, sum(t2) AS tt2,
               sum(n_hh)::BIGINT AS households,
               count(*) FILTER (WHERE n_hh > 0)::BIGINT AS n_psu
        FROM cell GROUP BY grp
    ),
    sc AS (
        SELECT c.grp, c.h, nh.n_h,
               (t0 - tt0 / pop * nv) / pop AS u0,
               (t1 - tt1 / pop * nv) / pop AS u1,
               (t2 - tt2 / pop * nv) / pop AS u2
        FROM cell c JOIN g ON g.grp IS NOT DISTINCT FROM c.grp
        JOIN nh ON nh.h IS NOT DISTINCT FROM c.h
    ),
    gh AS (
        SELECT grp, h, any_value(n_h) AS n_h,
               sum(u0) AS s0, sum(u0 * u0) AS q0, sum(u1) AS s1, sum(u1 * u1) AS q1,
               sum(u2) AS s2, sum(u2 * u2) AS q2
        FROM sc GROUP BY grp, h
    ),
    var AS (
        SELECT grp,
               sum(CASE WHEN n_h > 1 THEN n_h / (n_h - 1.0) * (q0 - s0 * s0 / n_h)
                        WHEN $adj THEN q0 ELSE 0 END) AS var0,
               sum(CASE WHEN n_h > 1 THEN n_h / (n_h - 1.0) * (q1 - s1 * s1 / n_h)
                        WHEN $adj THEN q1 ELSE 0 END) AS var1,
               sum(CASE WHEN n_h > 1 THEN n_h / (n_h - 1.0) * (q2 - s2 * s2 / n_h)
                        WHEN $adj THEN q2 ELSE 0 END) AS var2
        FROM gh GROUP BY grp
    )
    SELECT g.grp::VARCHAR AS "group", households, pop AS population, tt0 AS poor,
           tt0 / pop AS p0, sqrt(greatest(var0, 0)) AS p0_se,
           tt1 / pop AS p1, sqrt(greatest(var1, 0)) AS p1_se,
           tt2 / pop AS p2, sqrt(greatest(var2, 0)) AS p2_se, n_psu
    FROM g JOIN var ON var.grp IS NOT DISTINCT FROM g.grp
    ORDER BY g.grp NULLS LAST
    """


def gini_sorted(con: duckdb.DuckDBPyConnection, base: str, params: dict) -> pd.DataFrame:
    """Person-weighted Gini per group: DuckDB sorts, numpy takes the running sums."""
    keys = con.execute(
        f"SELECT DISTINCT grp FROM ({base}) WHERE v IS NOT NULL ORDER BY grp NULLS LAST", params
    ).df()
    con.register("_gini_keys", keys.assign(gi=np.arange(len(keys), dtype=np.int32)))
    try:
        r = con.execute(
            f"""SELECT k.gi, b.v, b.y FROM ({base}) b
                JOIN _gini_keys k ON k.grp IS NOT DISTINCT FROM b.grp
                WHERE b.v IS NOT NULL ORDER BY k.gi, b.y""",
            params,
        ).fetchnumpy()
    finally:
        con.unregister("_gini_keys")
    gi, v, y = (np.asarray(r[c]) for c in ("gi", "v", "y"))
    k = len(keys)
    cum = np.cumsum(v)
    if len(gi):
        starts = np.flatnonzero(np.r_[True, np.diff(gi) != 0])
        before = np.r_[0.0, cum[starts[1:] - 1]]
        cum = cum - np.repeat(before, np.diff(np.r_[starts, len(gi)]))
    a = np.bincount(gi, v * cum * y, k)
    b = np.bincount(gi, v * v * y, k)
    w = np.bincount(gi, v, k)
    s = np.bincount(gi, v * y, k)
    with np.errstate(invalid="ignore", divide="ignore"):
        gini = (2 * a - b) / (w * s) - 1
    return pd.DataFrame({"group": keys["grp"].astype("string"), "gini": gini})


def fgt_by_candidate(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    line_rp: float,
    year: int,
    by: str = "district",
    lonely_psu: str = "adjust",
    include_gini: bool = True,
) -> pd.DataFrame:
    """``fgt_by`` for a household-column grouping, computed as in the module docstring."""
    rel = check_identifier(households)
    base = _base_sql(con, rel, by, int(year))
    params = {"year": int(year)}
    out = con.execute(
        fgt_cells_sql(base), {**params, "z": float(line_rp), "adj": lonely_psu == "adjust"}
    ).df()
    out["gini"] = gini_sorted(con, base, params)["gini"].to_numpy() if include_gini else np.nan
    for a in ("p0", "p1", "p2"):
        out[f"{a}_ci_low"] = out[a] - Z_95 * out[f"{a}_se"]
        out[f"{a}_ci_high"] = out[a] + Z_95 * out[f"{a}_se"]
    return out[FGT_COLUMNS]


# ------------------------------------------------- integer keys (a schema proposal)

KEYED_TABLE = "_hh_keyed"


def build_keyed(
    con: duckdb.DuckDBPyConnection, households: str = "households", *, year: int
) -> None:
    """What the import would store once per year: integer keys beside the text codes.

    ``d_id`` (district, numbered in code order), ``s_id`` (stratum) and
    ``psu_id`` (PSU within stratum, unique in the year), in a TEMP table of the
    year's households, plus ``_d_keys`` mapping ``d_id`` back to the code. Text
    codes stay the join and display keys; the integers are only for GROUP BY
    and sorting.
    """
    rel = check_identifier(households)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {KEYED_TABLE} AS
            SELECT dense_rank() OVER (ORDER BY district_code)::SMALLINT AS d_id,
                   district_code,
                   dense_rank() OVER (ORDER BY strata)::INTEGER AS s_id,
                   dense_rank() OVER (ORDER BY strata, coalesce(psu, '#hh:' || hh_id))::INTEGER
                       AS psu_id,
                   CASE WHEN consumption_pc_rp IS NOT NULL THEN weight * hh_size END AS v,
                   consumption_pc_rp AS y
            FROM {rel} WHERE year = $year""",
        {"year": int(year)},
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _d_keys AS SELECT DISTINCT d_id, district_code FROM {KEYED_TABLE}"
    )


def fgt_by_district_keyed(
    con: duckdb.DuckDBPyConnection, *, line_rp: float, include_gini: bool = True
) -> pd.DataFrame:
    """``fgt_by(by="district")`` on the table of :func:`build_keyed` (ENUM/integer keys)."""
    base = f"SELECT d_id AS grp, s_id AS h, psu_id AS psu, v, y FROM {KEYED_TABLE}"
    out = con.execute(fgt_cells_sql(base), {"z": float(line_rp), "adj": True}).df()
    codes = dict(con.execute("SELECT d_id::VARCHAR, district_code FROM _d_keys").fetchall())
    out["group"] = out["group"].map(codes)
    if include_gini:
        r = con.execute(
            f"""SELECT d_id - 1 AS gi, v, y FROM {KEYED_TABLE}
                WHERE v IS NOT NULL ORDER BY d_id, y"""
        ).fetchnumpy()
        gi, v, y = (np.asarray(r[c]) for c in ("gi", "v", "y"))
        k = int(gi.max()) + 1 if len(gi) else 0
        cum = np.cumsum(v)
        if len(gi):
            starts = np.flatnonzero(np.r_[True, np.diff(gi) != 0])
            before = np.r_[0.0, cum[starts[1:] - 1]]
            cum = cum - np.repeat(before, np.diff(np.r_[starts, len(gi)]))
        a, b = np.bincount(gi, v * cum * y, k), np.bincount(gi, v * v * y, k)
        w, s = np.bincount(gi, v, k), np.bincount(gi, v * y, k)
        with np.errstate(invalid="ignore", divide="ignore"):
            g = (2 * a - b) / (w * s) - 1
        present = np.flatnonzero(w > 0)
        out["gini"] = g[present][: len(out)] if len(present) == len(out) else np.nan
    else:
        out["gini"] = np.nan
    for a_ in ("p0", "p1", "p2"):
        out[f"{a_}_ci_low"] = out[a_] - Z_95 * out[f"{a_}_se"]
        out[f"{a_}_ci_high"] = out[a_] + Z_95 * out[f"{a_}_se"]
    return out[FGT_COLUMNS]
