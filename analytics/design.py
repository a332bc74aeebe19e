"""Survey-design plumbing shared by the analytics modules.

Three things live here so that every estimator handles them the same way:

* identifiers: relation names are checked against :data:`IDENTIFIER` before they
  reach SQL; values (year, poverty line) are always bound parameters;
* the household *base* relation: one row per household with its group key
  ``grp``, stratum ``h``, PSU ``psu``, person weight ``v`` (persons) and
  consumption ``y`` (Rp per capita per month), see :func:`household_base`;
* :func:`domain_means`: person-weighted means of per-household values by group,
  with Taylor-linearised standard errors for a stratified design whose PSUs are
  sampled with replacement, as R's
  ``svydesign(ids=~psu, strata=~strata, weights=~v, nest=TRUE)`` followed by
  ``svymean`` / ``svyby(..., svymean)``.

Design conventions (the contract in DOMAIN.md):

* PSUs are nested in strata (``nest=TRUE``): a PSU is identified by
  ``(strata, psu)``.
* No ``psu`` column, or a NULL ``psu``: that household is its own PSU.
  No ``strata`` column: one stratum; NULL ``strata`` values form one stratum.
* Domains are estimated over the full design: a stratum's PSU count ``n_h``
  includes PSUs with no household of the domain (their score total is zero).
* Households with a NULL consumption, weight or size stay in the design (their
  PSU counts in ``n_h``) but contribute nothing to any estimate, as
  ``svymean(..., na.rm=TRUE)`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: Two-sided 95 % standard normal quantile (R: ``qnorm(0.975)``).
Z_95 = 1.959963984540054

#: Allowed ``lonely_psu`` treatments for strata with a single PSU in the design.
LONELY_PSU = ("adjust", "certainty", "remove")

#: ``by`` value -> household column holding the group key (``None``: whole regency,
#: ``"zone"``: taken from the districts relation).
GROUPINGS: dict[str, str | None] = {
    "regency": None,
    "zone": "zone",
    "district": "district_code",
    "village": "village_code",
    "head_female": "head_female",
    "oap": "oap",
    "welfare_decile": "welfare_decile",
}

REQUIRED_COLUMNS = ("year", "district_code", "hh_size", "consumption_pc_rp")


def check_identifier(name: str) -> str:
    """Return ``name`` if it is a plain SQL identifier, else raise ``ValueError``.

    Args:
        name: A table or view name.

    Returns:
        The same name, safe to put into SQL text.

    Raises:
        ValueError: ``name`` is not a string matching ``^[A-Za-z_][A-Za-z0-9_]*$``.
    """
    if not isinstance(name, str) or not IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a plain relation name: {name!r}")
    return name


def relation_columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    """Column names of a relation (table or view), without reading its rows.

    Args:
        con: An open DuckDB connection.
        relation: Relation name (checked with :func:`check_identifier`).

    Returns:
        The column names, in order.
    """
    rel = check_identifier(relation)
    return [d[0] for d in con.execute(f"SELECT * FROM {rel} LIMIT 0").description]


def check_lonely_psu(lonely_psu: str) -> str:
    """Validate a ``lonely_psu`` option (see :func:`domain_means`)."""
    if lonely_psu not in LONELY_PSU:
        raise ValueError(f"lonely_psu must be one of {LONELY_PSU}, got {lonely_psu!r}")
    return lonely_psu


@dataclass(frozen=True)
class Base:
    """SQL for the household base relation and its bound parameters.

    ``sql`` is a SELECT yielding one row per household with columns
    ``grp`` (group key, typed as stored; ``'all'`` for the regency), ``h``
    (stratum key), ``psu`` (PSU key within the stratum), ``v`` (person weight =
    weight * hh_size, persons; NULL when the household has no usable consumption)
    and ``y`` (consumption per capita, Rp per month).
    """

    sql: str
    params: dict = field(default_factory=dict)
    by: str = "regency"


def household_base(
    con: duckdb.DuckDBPyConnection,
    households: str,
    *,
    year: int | None,
    by: str,
    districts: str = "districts",
) -> Base:
    """Build the household base relation for one year and one grouping.

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.
        year: Survey year to keep. ``None`` is allowed only when the relation holds a
            single year (pooling years would mix populations).
        by: One of :data:`GROUPINGS`.
        districts: Name of the districts relation (``district_code``, ``zone``),
            used only when ``by == "zone"``.

    Returns:
        A :class:`Base`.

    Raises:
        ValueError: Bad relation name, unknown ``by``, missing columns, a districts
            relation repeating a district, or ``year`` is ``None`` while the
            relation holds several years.
    """
    rel = check_identifier(households)
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {tuple(GROUPINGS)}, got {by!r}")
    cols = set(relation_columns(con, rel))
    missing = [c for c in REQUIRED_COLUMNS if c not in cols]
    if missing:
        raise ValueError(f"{rel} lacks column(s) {missing}")

    join = ""
    if by == "regency":
        grp = "'all'"
    elif by == "zone":
        dist = check_identifier(districts)
        dcols = set(relation_columns(con, dist))
        if not {"district_code", "zone"} <= dcols:
            raise ValueError(f"{dist} must have columns district_code and zone")
        dup = con.execute(
            f"SELECT count(*) - count(DISTINCT district_code) FROM {dist}"
        ).fetchone()[0]
        if dup:
            # A repeated district would count its households twice.
            raise ValueError(f"{dist} lists a district_code more than once")
        join = f"LEFT JOIN {dist} AS d ON d.district_code = hh.district_code"
        grp = "d.zone"
    else:
        col = GROUPINGS[by]
        if col not in cols:
            raise ValueError(f"{rel} has no column {col!r} needed for by={by!r}")
        grp = f"hh.{col}"

    params: dict = {}
    keep = "true"
    if year is None:
        years = con.execute(f"SELECT DISTINCT year FROM {rel} LIMIT 2").fetchall()
        if len(years) > 1:
            raise ValueError(f"{rel} holds several years: pass year=")
    else:
        keep = "hh.year = $year"
        params["year"] = int(year)

    # Handling NULL psu or consumption costs a read of hh_id and a CASE per row;
    # ask first (EXISTS stops early and uses min/max/null statistics of tables).
    has_psu, has_hh_id = "psu" in cols, "hh_id" in cols
    null_psu, null_y = con.execute(
        f"""SELECT EXISTS (FROM {rel} AS hh WHERE {keep} AND {"hh.psu IS NULL" if has_psu else "false"}),
                   EXISTS (FROM {rel} AS hh WHERE {keep} AND hh.consumption_pc_rp IS NULL)""",
        params,
    ).fetchone()
    strata = "hh.strata::VARCHAR" if "strata" in cols else "NULL::VARCHAR"
    if has_psu and not null_psu:
        psu = "hh.psu::VARCHAR"
    elif has_psu and has_hh_id:
        psu = "coalesce(hh.psu::VARCHAR, '#hh:' || hh.hh_id)"
    elif has_hh_id:
        psu = "hh.hh_id::VARCHAR"
    else:
        raise ValueError(f"{rel} needs psu without NULLs or hh_id to form PSUs")
    weight = "hh.weight" if "weight" in cols else "1.0::DOUBLE"
    v = f"{weight} * hh.hh_size"
    if null_y:
        v = f"CASE WHEN hh.consumption_pc_rp IS NOT NULL THEN {v} END"

    sql = f"""
        SELECT {grp} AS grp, {strata} AS h, {psu} AS psu, {v} AS v,
               hh.consumption_pc_rp AS y
        FROM {rel} AS hh {join}
        WHERE {keep}
    """
    return Base(sql=sql, params=params, by=by)


def domain_means(
    con: duckdb.DuckDBPyConnection,
    base: Base,
    values: dict[str, str | tuple[str, str]],
    *,
    params: dict | None = None,
    lonely_psu: str = "adjust",
) -> pd.DataFrame:
    """Person-weighted means of per-household values by group, with linearised SEs.

    For each group (domain) d and value f, the estimate is the ratio
    ``R_d = sum v_i 1(i in d) f_i / sum v_i 1(i in d)``. Its variance is
    ``sum_h n_h/(n_h-1) * sum_j (U_hj - Ubar_h)^2`` where ``U_hj`` is the total over
    PSU j of stratum h of the score ``u_i = v_i 1(i in d) (f_i - R_d) / N_d``, ``n_h``
    counts all PSUs of the stratum in the design and ``Ubar_h = sum_j U_hj / n_h``.
    The work is two SQL aggregations: households -> (group, stratum, PSU) cells,
    then cells -> groups.

    Strata with a single PSU in the design (``lonely_psu``):

    * ``"adjust"`` (default, R ``options(survey.lonely.psu="adjust")``): the PSU
      total is centred at the grand mean of PSU totals instead of its stratum mean.
      For linearised scores the grand mean is exactly zero (scores sum to zero over
      the design), so the stratum contributes ``U^2``.
    * ``"certainty"``: the PSU was taken with certainty; the stratum contributes 0.
    * ``"remove"``: the stratum is left out of the variance; as in R this also
      contributes 0, so the variance equals ``"certainty"``.

    A stratum with several PSUs in the design but only one holding households of
    the domain is *not* lonely (R's default ``survey.adjust.domain.lonely=FALSE``).

    Args:
        con: An open DuckDB connection.
        base: From :func:`household_base`.
        values: Output name -> SQL expression of the per-household value in terms of
            the base columns (``y``) and named parameters, e.g.
            ``{"p0": "(y < $z)::DOUBLE"}``; or a pair ``(expression, condition)``
            for a value that is 0 where the condition is false, e.g.
            ``("($z - y) / $z", "y < $z")`` (summed with FILTER, cheaper than a
            product with an indicator). A NULL value counts as 0. Expressions are
            code, never user input.
        params: Extra named parameters used by ``values``.
        lonely_psu: One of :data:`LONELY_PSU`.

    Returns:
        One row per group, ordered by the group key as stored (NULL last): ``grp``
        (the key as text: codes, ``'all'``, ``'true'``/``'false'``, ``'3'``; NA if missing),
        ``households`` (sample count with usable data), ``population`` (sum of v,
        persons), then for each value ``<name>`` (mean), ``<name>_total`` (sum of v*f)
        and ``<name>_se``; then ``n_psu`` (PSUs holding households of the group).
    """
    check_lonely_psu(lonely_psu)
    sums = []
    for n, spec in values.items():
        check_identifier(n)
        expr, cond = (spec, None) if isinstance(spec, str) else spec
        where = f" FILTER (WHERE {cond})" if cond else ""
        sums.append(f"coalesce(sum(v * ({expr})){where}, 0) AS t_{n}")
    cell = f"""
        SELECT grp, h, psu, count(v) AS n_hh, coalesce(sum(v), 0) AS nv, {", ".join(sums)}
        FROM ({base.sql}) AS base GROUP BY grp, h, psu
    """
    return cell_means(con, cell, list(values), {**base.params, **(params or {})}, lonely_psu)


def cell_means(
    con: duckdb.DuckDBPyConnection,
    cell_sql: str,
    names: list[str],
    params: dict,
    lonely_psu: str = "adjust",
) -> pd.DataFrame:
    """Domain means and linearised SEs from design cells (the second step of :func:`domain_means`).

    Args:
        con: An open DuckDB connection.
        cell_sql: A SELECT giving one row per (group, stratum, PSU) cell: ``grp``,
            ``h``, ``psu``, ``n_hh`` (households with usable data), ``nv`` (sum of
            person weights) and ``t_<name>`` (sum of v * value) for each name. Every
            PSU of the design must have at least one cell (it counts in ``n_h``).
        names: Value names (plain identifiers).
        params: Parameters bound to ``cell_sql``.
        lonely_psu: One of :data:`LONELY_PSU`.

    Returns:
        As :func:`domain_means`.
    """
    check_lonely_psu(lonely_psu)
    for name in names:
        check_identifier(name)
    # The cells are few (one per PSU and group): the rest is array arithmetic.
    cells = con.execute(
        f"SELECT grp::VARCHAR AS grp_text, * FROM ({cell_sql}) AS cell", params
    ).df()
    g, _ = _codes(cells["grp"])
    h, _ = _codes(cells["h"])
    psu, _ = _codes(cells["psu"])
    n_s = int(h.max()) + 1 if len(h) else 0
    # n_h: distinct PSUs of each stratum, over all groups.
    width = int(psu.max()) + 1 if len(psu) else 1
    n_h = np.bincount(np.unique(h * width + psu) // width, minlength=n_s)
    _, first = np.unique(g, return_index=True)
    text = cells["grp_text"].to_numpy(dtype=object)[first]
    return pd.DataFrame(
        cell_estimates(
            g,
            [None if pd.isna(x) else x for x in text],
            h,
            n_h,
            cells["n_hh"].to_numpy(np.int64),
            cells["nv"].to_numpy(np.float64),
            {n: cells[f"t_{n}"].to_numpy(np.float64) for n in names},
            lonely_psu,
        )
    )


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Sorted integer codes of a key column, a missing key as the last code."""
    codes, uniques = pd.factorize(values, sort=True)
    if (codes < 0).any():
        codes = np.where(codes < 0, len(uniques), codes)
    return codes.astype(np.int64), uniques


def cell_estimates(
    g: np.ndarray,
    labels: list,
    h: np.ndarray,
    n_h: np.ndarray,
    n_hh: np.ndarray,
    nv: np.ndarray,
    totals: dict[str, np.ndarray],
    lonely_psu: str,
) -> dict[str, object]:
    """The variance formula of :func:`domain_means`, on arrays of design cells.

    Args:
        g: Group number of each cell, 0..len(labels)-1 (the output order).
        labels: Group key as text per group number (None for a missing key).
        h: Stratum number of each cell.
        n_h: PSUs of the design per stratum number (all groups).
        n_hh: Households with usable data per cell.
        nv: Persons (sum of v) per cell.
        totals: Value name -> sum of v * value per cell.
        lonely_psu: One of :data:`LONELY_PSU`.

    Returns:
        The columns of :func:`domain_means` (name -> array or list), one entry per
        group number.
    """
    n_g = len(labels)
    pop = np.bincount(g, weights=nv, minlength=n_g)
    gh = g * max(len(n_h), 1) + h
    _, gh, m = np.unique(gh, return_inverse=True, return_counts=True)
    nh_cell = n_h[h].astype(np.float64)
    m_cell = m[gh].astype(np.float64)
    many = nh_cell > 1
    factor = np.where(many, nh_cell / np.where(many, nh_cell - 1, 1), 0.0)
    out: dict = {
        "grp": list(labels),
        "households": np.bincount(g, weights=n_hh, minlength=n_g).astype(np.int64),
        "population": pop,
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        for n, t in totals.items():
            tt = np.bincount(g, weights=t, minlength=n_g)
            u = (t - tt[g] / pop[g] * nv) / pop[g]
            ub = np.bincount(gh, weights=u)[gh] / nh_cell
            contrib = np.where(
                many,
                factor * ((u - ub) ** 2 + (nh_cell - m_cell) * ub**2 / m_cell),
                u**2 if lonely_psu == "adjust" else 0.0,
            )
            out[n] = tt / pop
            out[f"{n}_total"] = tt
            out[f"{n}_se"] = np.sqrt(np.bincount(g, weights=contrib, minlength=n_g))
    out["n_psu"] = np.bincount(g, weights=(n_hh > 0), minlength=n_g).astype(np.int64)
    return out
