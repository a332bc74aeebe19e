"""Inequality of consumption per capita: Gini, Theil T, Palma, decile shares, Williamson.

Everything is person-weighted (``v = weight * hh_size``) over ``y`` =
``consumption_pc_rp`` (Rp per capita per month). Ranked statistics sort the
households by y in SQL: the Gini alone with one sort and a streaming running sum
(:func:`gini_frame`), deciles and Palma with a partitioned window; persons are continuous,
so a household straddling a decile boundary is split across the two deciles in
proportion to its person weight.
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd

from analytics.design import Base, household_base

_DECILES = range(1, 11)


def _ranked_sql(base: Base, *, full: bool) -> str:
    """SQL giving per group: households, population, gini and (``full``) more.

    ``full`` adds ``consumption_rp`` (sum v*y, Rp per month), ``vylny`` (sum
    v*y*ln y, for Theil) and ``c1``..``c10`` (consumption of each person-decile).
    """
    extra = ""
    total = ""
    if full:
        total = ", sum(v) OVER (PARTITION BY grp) AS w"
        parts = [
            "sum(v * y) AS consumption_rp",
            "sum(CASE WHEN y > 0 THEN v * y * ln(y) ELSE 0 END) AS vylny",
        ]
        for k in _DECILES:
            # Persons of this household in decile k: overlap of (cum - v, cum]
            # with ((k-1) w / 10, k w / 10].
            parts.append(
                f"sum(y * greatest(least(cum, w * {k / 10!r}) "
                f"- greatest(cum - v, w * {(k - 1) / 10!r}), 0)) AS c{k}"
            )
        extra = ", " + ", ".join(parts)
    return f"""
        WITH base AS ({base.sql}),
        ranked AS (
            SELECT grp, v, y,
                   sum(v) OVER (PARTITION BY grp ORDER BY y
                                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum
                   {total}
            FROM base WHERE v IS NOT NULL
        )
        SELECT * EXCLUDE (grp_key) REPLACE (grp::VARCHAR AS grp) FROM (
            SELECT grp, grp AS grp_key, count(*)::BIGINT AS households,
                   sum(v) AS population,
                   (2 * sum(v * cum * y) - sum(v * v * y)) / (sum(v) * sum(v * y)) - 1
                       AS gini
                   {extra}
            FROM ranked GROUP BY grp
        ) ORDER BY grp_key NULLS LAST
    """


def _gini_sorted_sql(base: Base) -> str:
    """Gini per group from ONE sort of all households by (hash of group, y).

    A streaming running sum over the sorted rows gives a cumulative weight ``cum``
    across groups; within group g, ``r_i = cum_i - off_g`` with ``off_g = min(cum -
    v)``, so ``sum v r y = sum v cum y - off_g sum v y``. This is about twice as fast
    as a partitioned window, but relies on DuckDB streaming the sorted rows in order,
    so the query also returns two checks: ``disorder`` (rows of a group whose y is
    below the previous row's) and ``gap`` (``max cum - off_g - W_g``, zero when the
    group's rows are contiguous). :func:`gini_frame` falls back to the window when
    either check fails.
    """
    return f"""
        WITH base AS ({base.sql}),
        s AS (
            SELECT grp, k, v, y,
                   sum(v) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
                   lag(k) OVER () AS prev_k, lag(y) OVER () AS prev_y
            FROM (SELECT grp, hash(grp) AS k, v, y FROM base WHERE v IS NOT NULL
                  ORDER BY k, y)
        )
        SELECT * EXCLUDE (grp_key) REPLACE (grp::VARCHAR AS grp) FROM (
            SELECT grp, grp AS grp_key, count(*)::BIGINT AS households,
                   sum(v) AS population,
                   (2 * (sum(v * cum * y) - min(cum - v) * sum(v * y)) - sum(v * v * y))
                       / (sum(v) * sum(v * y)) - 1 AS gini,
                   count(*) FILTER (WHERE k = prev_k AND y < prev_y) AS disorder,
                   max(cum) - min(cum - v) - sum(v) AS gap
            FROM s GROUP BY grp
        ) ORDER BY grp_key NULLS LAST
    """


def _sorted_stream_held(df: pd.DataFrame) -> bool:
    """True if the checks of :func:`_gini_sorted_sql` show rows came in sorted order."""
    # Rounding in a running sum over n rows stays far below 1e-9 of the total for
    # the n we meet (n * 1.1e-16 even in the worst case); a broken order moves at
    # least one whole household.
    tol = 1e-9 * float(df["population"].abs().sum())
    return bool((df["disorder"] == 0).all() and (df["gap"].abs() <= tol).all())


def gini_frame(con: duckdb.DuckDBPyConnection, base: Base, *, method: str = "sort") -> pd.DataFrame:
    """Person-weighted Gini per group of a household base relation.

    ``G = (2 sum v_i r_i y_i - sum v_i^2 y_i) / (W sum v_i y_i) - 1`` with households
    sorted by y and ``r_i`` the cumulative person weight up to and including i
    (DOMAIN.md). Tied y values give the same G whatever their order.

    Args:
        con: An open DuckDB connection.
        base: From :func:`analytics.design.household_base`.
        method: ``"sort"`` (default): one sort of all households and a streaming
            running sum, checked, with the window as fallback (see
            :func:`_gini_sorted_sql`); ``"window"``: a running sum per group with a
            partitioned SQL window. Both give the same values.

    Returns:
        Columns ``grp`` (group key as text), ``households``, ``population``
        (persons), ``gini`` (0-1), ordered by the group key (NULL last).
    """
    if method not in ("sort", "window"):
        raise ValueError(f"method must be 'sort' or 'window', got {method!r}")
    if method == "sort":
        df = con.execute(_gini_sorted_sql(base), base.params).df()
        if _sorted_stream_held(df):
            return df[["grp", "households", "population", "gini"]]
    return con.execute(_ranked_sql(base, full=False), base.params).df()


def gini_by(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    year: int | None = None,
    by: str = "regency",
    districts: str = "districts",
) -> pd.DataFrame:
    """Person-weighted Gini of consumption per capita, by group.

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.
        year: Survey year (``None`` only if the relation holds one year).
        by: Grouping, as in :func:`analytics.poverty.fgt_by`.
        districts: Districts relation, used for ``by="zone"``.

    Returns:
        Columns ``group`` (str), ``households`` (int), ``population`` (weighted
        persons), ``gini`` (0-1).
    """
    base = household_base(con, households, year=year, by=by, districts=districts)
    return gini_frame(con, base).rename(columns={"grp": "group"})


def _distribution(con, households, *, year, by, districts) -> pd.DataFrame:
    base = household_base(con, households, year=year, by=by, districts=districts)
    df = con.execute(_ranked_sql(base, full=True), base.params).df()
    df = df.rename(columns={"grp": "group"})
    df["mean_consumption_pc_rp"] = df["consumption_rp"] / df["population"]
    # Theil T = sum v (y/mu) ln(y/mu) / N = sum(v y ln y) / S - ln(mu), S = sum v y.
    # Undefined (NaN) for a group without consumption.
    with np.errstate(divide="ignore", invalid="ignore"):
        theil = df["vylny"] / df["consumption_rp"] - np.log(df["mean_consumption_pc_rp"])
    df["theil_t"] = np.where(df["consumption_rp"] > 0, theil, np.nan)
    return df


def decile_shares(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    year: int | None = None,
    by: str = "regency",
    districts: str = "districts",
) -> pd.DataFrame:
    """Share of total consumption held by each person-weighted decile, by group.

    Persons are ranked by consumption per capita; decile k holds the persons
    between the (k-1)/10 and k/10 quantiles of the group's population (a household
    on a boundary is split in proportion to its person weight).

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.
        year: Survey year (``None`` only if the relation holds one year).
        by: Grouping, as in :func:`analytics.poverty.fgt_by`.
        districts: Districts relation, used for ``by="zone"``.

    Returns:
        Long frame, 10 rows per group: ``group`` (str), ``decile`` (int, 1 =
        poorest), ``population`` (weighted persons in the decile, a tenth of the
        group's), ``consumption_rp`` (their total consumption, Rp per month),
        ``share`` (proportion of the group's consumption; sums to 1 per group).
    """
    df = _distribution(con, households, year=year, by=by, districts=districts)
    rows = []
    for k in _DECILES:
        part = pd.DataFrame(
            {
                "group": df["group"],
                "decile": k,
                "population": df["population"] / 10,
                "consumption_rp": df[f"c{k}"],
                "share": df[f"c{k}"] / df["consumption_rp"],
            }
        )
        part["_order"] = np.arange(len(df))
        rows.append(part)
    out = pd.concat(rows, ignore_index=True).sort_values(["_order", "decile"], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


def _palma_columns(df: pd.DataFrame) -> pd.DataFrame:
    total = df["consumption_rp"]
    df["top10_share"] = df["c10"] / total
    df["bottom40_share"] = (df["c1"] + df["c2"] + df["c3"] + df["c4"]) / total
    df["palma"] = df["top10_share"] / df["bottom40_share"]
    return df


def palma_ratio(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    year: int | None = None,
    by: str = "regency",
    districts: str = "districts",
) -> pd.DataFrame:
    """Palma ratio: consumption share of the top 10 % over that of the bottom 40 %.

    Shares are of persons ranked by consumption per capita (person-weighted; see
    :func:`decile_shares` for boundary households).

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.
        year: Survey year (``None`` only if the relation holds one year).
        by: Grouping, as in :func:`analytics.poverty.fgt_by`.
        districts: Districts relation, used for ``by="zone"``.

    Returns:
        Columns ``group`` (str), ``households`` (int), ``population`` (weighted
        persons), ``top10_share``, ``bottom40_share`` (proportions), ``palma``
        (ratio, unitless).
    """
    df = _palma_columns(_distribution(con, households, year=year, by=by, districts=districts))
    return df[["group", "households", "population", "top10_share", "bottom40_share", "palma"]]


def theil_decomposition(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    year: int | None,
    districts: str = "districts",
) -> pd.DataFrame:
    """Theil T of consumption per capita, split into between- and within-zone parts.

    ``T = sum_g s_g T_g + sum_g s_g ln(mu_g / mu)`` where ``s_g`` is zone g's share of
    total consumption, ``T_g`` the Theil T within zone g and ``mu_g``, ``mu`` the
    zone and regency means (person-weighted). Households with zero consumption add
    0 (the limit of y ln y). Households whose district is not in ``districts``
    form a zone with NA key.

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.
        year: Survey year (``None`` only if the relation holds one year).
        districts: Districts relation (``district_code``, ``zone``).

    Returns:
        One row per zone, then a last row with group ``'all'``. Columns:
        ``group`` (str), ``households`` (int), ``population`` (weighted persons),
        ``mean_consumption_pc_rp`` (Rp per capita per month), ``population_share``,
        ``consumption_share`` (proportions), ``theil_t`` (the zone's own Theil T;
        for ``'all'`` the regency's), ``within`` (s_g T_g; for ``'all'`` their sum),
        ``between`` (s_g ln(mu_g/mu); for ``'all'`` their sum) and ``contribution``
        ((within + between) / T, proportion of the regency's Theil T; 1 for
        ``'all'``). Units: Theil indices are unitless (0 = equality).
    """
    df = _distribution(con, households, year=year, by="zone", districts=districts)
    pop = df["population"].sum()
    cons = df["consumption_rp"].sum()
    mu = cons / pop
    theil = df["vylny"].sum() / cons - math.log(mu)
    df["population_share"] = df["population"] / pop
    df["consumption_share"] = df["consumption_rp"] / cons
    share = df["consumption_share"]
    # A zone with no consumption adds nothing (limit of s ln s as s -> 0).
    with np.errstate(divide="ignore", invalid="ignore"):
        df["within"] = np.where(share > 0, share * df["theil_t"], 0.0)
        df["between"] = np.where(share > 0, share * np.log(df["mean_consumption_pc_rp"] / mu), 0.0)
    df["contribution"] = (df["within"] + df["between"]) / theil
    total = {
        "group": "all",
        "households": int(df["households"].sum()),
        "population": pop,
        "mean_consumption_pc_rp": mu,
        "population_share": 1.0,
        "consumption_share": 1.0,
        "theil_t": theil,
        "within": df["within"].sum(),
        "between": df["between"].sum(),
        "contribution": 1.0,
    }
    cols = list(total)
    out = pd.concat([df[cols], pd.DataFrame([total])], ignore_index=True)
    out["households"] = out["households"].astype("int64")
    return out


def district_means(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    year: int | None = None,
) -> pd.DataFrame:
    """Mean consumption per capita and population per district (input to Williamson).

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.
        year: Survey year (``None`` only if the relation holds one year).

    Returns:
        Columns ``district_code`` (str), ``households`` (int), ``population``
        (weighted persons), ``mean_consumption_pc_rp`` (Rp per capita per month).
    """
    base = household_base(con, households, year=year, by="district")
    sql = f"""
        SELECT grp AS district_code, count(v)::BIGINT AS households,
               sum(v) AS population, sum(v * y) / sum(v) AS mean_consumption_pc_rp
        FROM ({base.sql}) WHERE v IS NOT NULL GROUP BY grp ORDER BY grp
    """
    return con.execute(sql, base.params).df()


def williamson_index(values_df: pd.DataFrame) -> float:
    """Williamson index of disparity between districts.

    ``V_w = sqrt(sum_j (Y_j - Ybar)^2 f_j / n) / Ybar`` with ``Y_j`` the district mean
    consumption per capita, ``f_j`` its population, ``n = sum f_j`` and ``Ybar`` the
    regency mean, taken as the population-weighted mean of the ``Y_j`` (for survey
    input this equals the regency's person-weighted mean consumption).

    Args:
        values_df: One row per district with columns ``district_code``,
            ``mean_consumption_pc_rp`` (Rp per capita per month) and ``population``
            (persons), e.g. from :func:`district_means`. Rows with a missing value
            are ignored.

    Returns:
        The index (unitless, 0 = no disparity); NaN if no population.

    Raises:
        ValueError: Missing columns or a negative population.
    """
    need = {"district_code", "mean_consumption_pc_rp", "population"}
    if not need <= set(values_df.columns):
        raise ValueError(f"values_df needs columns {sorted(need)}")
    df = values_df[["mean_consumption_pc_rp", "population"]].dropna()
    y = df["mean_consumption_pc_rp"].to_numpy(dtype=float)
    f = df["population"].to_numpy(dtype=float)
    if (f < 0).any():
        raise ValueError("population must not be negative")
    n = f.sum()
    if n <= 0:
        return float("nan")
    ybar = float((y * f).sum() / n)
    return float(math.sqrt(((y - ybar) ** 2 * f).sum() / n) / ybar)


def inequality_summary(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    year: int | None = None,
    by: str = "regency",
    districts: str = "districts",
) -> pd.DataFrame:
    """Headline inequality indicators per group, from one sort of the households.

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.
        year: Survey year (``None`` only if the relation holds one year).
        by: Grouping, as in :func:`analytics.poverty.fgt_by`.
        districts: Districts relation, used for ``by="zone"``.

    Returns:
        One row per group: ``group`` (str), ``households`` (int), ``population``
        (weighted persons), ``mean_consumption_pc_rp`` (Rp per capita per month),
        ``gini`` (0-1), ``theil_t`` (unitless), ``palma`` (ratio),
        ``top10_share``, ``bottom40_share`` (proportions of consumption) and
        ``williamson`` (between-district disparity; only for ``by="regency"``,
        NaN for other groupings).
    """
    df = _palma_columns(_distribution(con, households, year=year, by=by, districts=districts))
    df["williamson"] = float("nan")
    if by == "regency" and len(df):
        df["williamson"] = williamson_index(district_means(con, households, year=year))
    cols = [
        "group",
        "households",
        "population",
        "mean_consumption_pc_rp",
        "gini",
        "theil_t",
        "palma",
        "top10_share",
        "bottom40_share",
        "williamson",
    ]
    return df[cols]
