"""Multidimensional poverty (Alkire-Foster M0) over the household deprivation flags.

Each household i carries deprivation flags d_ij (``dep_*`` columns, TRUE =
deprived) shared by all its members. With indicator weights w_j summing to 1
(the structure, ``data/reference/mpi_structure.csv`` by default: global MPI
adapted to our ten flags), its deprivation score is c_i = sum_j w_j d_ij and its
members are multidimensionally poor when c_i >= k (default k = 1/3). Everything
is person-weighted (v_i = weight * hh_size):

* H = sum v 1(c >= k) / sum v (headcount ratio, proportion of persons);
* A = sum v c 1(c >= k) / sum v 1(c >= k) (average intensity among the poor, 0-1);
* M0 = H * A = sum v c 1(c >= k) / sum v (adjusted headcount ratio, 0-1);
* censored headcount of j: CH_j = sum v d_j 1(c >= k) / sum v; uncensored: the
  same without 1(c >= k); contribution of j: w_j CH_j / M0 (sums to 1).

Missing flags: a household with any of the structure's flags missing (NULL) is
left out of the MPI (complete cases). It stays in the survey design (its PSU
counts), as ``svymean(..., na.rm=TRUE)`` does, and is counted in
``households_missing`` so the exclusion is visible. We chose this over
re-weighting the remaining indicators because re-weighting changes the meaning
of the score household by household and makes groups incomparable.

Scores are compared with k after a tolerance of 1e-9, so that six flags of
weight 1/18 reach k = 1/3 despite binary rounding.

Standard errors of H and M0 follow :func:`analytics.design.domain_means`
(Taylor linearisation, stratified design with PSUs with replacement, groups as
domains of the full design).
"""

from __future__ import annotations

import math
from fractions import Fraction

import duckdb
import pandas as pd

from analytics.design import Base, check_identifier, domain_means
from analytics.rows import household_rows

STRUCTURE_COLUMNS = ("indicator", "dimension", "weight")
#: Tolerance on score >= k (binary rounding of weights such as 1/18).
SCORE_TOLERANCE = 1e-9
DEFAULT_K = 1 / 3


def _weight(value) -> float:
    """A weight written as a number or a fraction such as ``1/18``."""
    if isinstance(value, str):
        try:
            return float(Fraction(value.strip()))
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"weight {value!r} is not a number or a fraction") from None
    return float(value)


def check_structure(structure: pd.DataFrame) -> pd.DataFrame:
    """Validate an MPI structure and return it with numeric weights.

    Args:
        structure: One row per indicator with columns ``indicator`` (a household
            column, plain identifier), ``dimension`` and ``weight`` (a number or a
            fraction text such as ``"1/18"``); other columns (labels, description)
            are kept.

    Returns:
        A copy with ``weight`` as float, in the given order.

    Raises:
        ValueError: Missing columns, no row, duplicated or badly named indicator,
            a weight that is not positive, or weights not summing to 1 (within 1e-6).
    """
    missing = [c for c in STRUCTURE_COLUMNS if c not in structure.columns]
    if missing:
        raise ValueError(f"MPI structure lacks column(s) {missing}")
    out = structure.copy().reset_index(drop=True)
    if out.empty:
        raise ValueError("MPI structure has no indicator")
    for name in out["indicator"]:
        check_identifier(name)
    dup = out["indicator"][out["indicator"].duplicated()].tolist()
    if dup:
        raise ValueError(f"MPI structure repeats indicator(s) {dup}")
    out["weight"] = [_weight(v) for v in out["weight"]]
    bad = out.loc[~(out["weight"] > 0), "indicator"].tolist()
    if bad:
        raise ValueError(f"MPI weights must be positive: {bad}")
    total = float(out["weight"].sum())
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ValueError(f"MPI weights must sum to 1, they sum to {total:.6f}")
    return out


def mpi_by(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    *,
    year: int,
    structure: pd.DataFrame,
    k: float = DEFAULT_K,
    by: str = "regency",
    districts: str = "districts",
    lonely_psu: str = "adjust",
) -> pd.DataFrame:
    """Alkire-Foster MPI (H, A, M0) and indicator breakdown, by group.

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation (needs the structure's
            indicator columns, ``hh_id``, ``district_code``, ``hh_size``; ``weight``,
            ``strata`` and ``psu`` when present).
        year: The year.
        structure: Indicators, dimensions and weights (see :func:`check_structure`).
        k: Poverty cut-off on the weighted deprivation score, 0 < k <= 1.
        by: ``"regency"`` (group ``'all'``), ``"zone"``, ``"district"``, ``"village"``
            (or another key of :data:`analytics.design.GROUPINGS`).
        districts: Districts relation, used for ``by="zone"``.
        lonely_psu: Single-PSU strata treatment, see
            :func:`analytics.design.domain_means`.

    Returns:
        One row per group, ordered by the group key, with columns ``group``
        (str), ``households`` (sample households with complete flags),
        ``households_missing`` (sample households left out for a missing flag),
        ``population`` (weighted persons with complete flags), ``mpi_poor``
        (weighted multidimensionally poor persons), ``h``, ``h_se`` (headcount
        ratio, proportion), ``a`` (average intensity among the poor, 0-1; NaN
        when nobody is poor), ``m0``, ``m0_se`` (adjusted headcount ratio, 0-1),
        ``k`` (the cut-off used), then for each indicator j in structure order
        ``uncensored_<j>``, ``censored_<j>`` (headcount ratios, proportions) and
        ``contribution_<j>`` (share of M0, proportion; NaN when M0 = 0).

    Raises:
        ValueError: Bad structure, k outside (0, 1], bad names or missing columns.
    """
    st = check_structure(structure)
    if not (0 < float(k) <= 1):
        raise ValueError(f"k must be within (0, 1], got {k}")
    inds = list(st["indicator"])
    rows = household_rows(con, households, year=year, by=by, districts=districts, columns=inds)
    params = {f"mw{i}": float(w) for i, w in enumerate(st["weight"])}
    complete = " AND ".join(f"{c} IS NOT NULL" for c in inds)
    score = " + ".join(f"$mw{i} * {c}::DOUBLE" for i, c in enumerate(inds))
    sql = f"""
        SELECT grp, h, psu, CASE WHEN {complete} THEN v END AS v,
               ({complete}) AS complete, {score} AS c, {", ".join(inds)}
        FROM ({rows.sql})
    """
    base = Base(sql=sql, params={**rows.params, **params}, by=by)
    poor = "(c >= $mk)::DOUBLE"
    values = {"h": poor, "m0": f"c * {poor}"}
    for i, c in enumerate(inds):
        values[f"unc{i}"] = f"{c}::DOUBLE"
        values[f"cen{i}"] = f"{c}::DOUBLE * {poor}"
    est = domain_means(
        con,
        base,
        values,
        params={"mk": float(k) - SCORE_TOLERANCE},
        lonely_psu=lonely_psu,
    )
    miss = con.execute(
        f"""SELECT grp::VARCHAR AS grp, count(*) FILTER (WHERE NOT complete) AS n
            FROM ({sql}) GROUP BY ALL""",
        base.params,
    ).df()
    missing = dict(zip(miss["grp"].fillna("\0"), miss["n"], strict=True))

    out = pd.DataFrame({"group": est["grp"], "households": est["households"]})
    out["households_missing"] = [int(missing.get(g, 0)) for g in est["grp"].fillna("\0")]
    out["population"] = est["population"]
    out["mpi_poor"] = est["h_total"]
    out["h"] = est["h"]
    out["h_se"] = est["h_se"]
    h = est["h"].where(est["h"] > 0)
    out["a"] = est["m0"] / h
    out["m0"] = est["m0"]
    out["m0_se"] = est["m0_se"]
    out["k"] = float(k)
    m0 = est["m0"].where(est["m0"] > 0)
    for i, (c, w) in enumerate(zip(inds, st["weight"], strict=True)):
        out[f"uncensored_{c}"] = est[f"unc{i}"]
        out[f"censored_{c}"] = est[f"cen{i}"]
        out[f"contribution_{c}"] = w * est[f"cen{i}"] / m0
    out["households"] = out["households"].astype("int64")
    out["households_missing"] = out["households_missing"].astype("int64")
    return out


def mpi_indicators(mpi: pd.DataFrame, structure: pd.DataFrame) -> pd.DataFrame:
    """The indicator columns of :func:`mpi_by`, one row per group and indicator.

    Args:
        mpi: A frame returned by :func:`mpi_by` with the same ``structure``.
        structure: The structure used (labels are carried when present).

    Returns:
        Long frame ordered by group then structure order, with columns ``group``,
        ``indicator``, ``dimension``, ``weight`` (0-1), ``label_id``, ``label_en``
        (text, empty when the structure has none), ``uncensored_headcount``,
        ``censored_headcount`` (proportions of persons) and ``contribution``
        (share of the group's M0, proportion; sums to 1 over indicators when
        M0 > 0).
    """
    st = check_structure(structure)
    parts = []
    for order, r in enumerate(st.itertuples(index=False)):
        c = r.indicator
        parts.append(
            pd.DataFrame(
                {
                    "group": mpi["group"],
                    "indicator": c,
                    "dimension": r.dimension,
                    "weight": r.weight,
                    "label_id": getattr(r, "label_id", "") if "label_id" in st else "",
                    "label_en": getattr(r, "label_en", "") if "label_en" in st else "",
                    "uncensored_headcount": mpi[f"uncensored_{c}"],
                    "censored_headcount": mpi[f"censored_{c}"],
                    "contribution": mpi[f"contribution_{c}"],
                    "_g": range(len(mpi)),
                    "_o": order,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True).sort_values(["_g", "_o"], kind="stable")
    return out.drop(columns=["_g", "_o"]).reset_index(drop=True)
