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
    names = list(values)
    for name in names:
        check_identifier(name)
    sums = []
    for n, spec in values.items():
        expr, cond = (spec, None) if isinstance(spec, str) else spec
        where = f" FILTER (WHERE {cond})" if cond else ""
        sums.append(f"coalesce(sum(v * ({expr})){where}, 0) AS t_{n}")
    grand = ", ".join(f"sum(t_{n}) OVER g AS tt_{n}" for n in names)
    scores = ", ".join(f"(t_{n} - tt_{n} / pop * nv) / pop AS u_{n}" for n in names)
    means = ", ".join(f"sum(u_{n}) OVER s / n_h AS ub_{n}" for n in names)
    outs = []
    for n in names:
        outs.append(f"any_value(tt_{n}) / any_value(pop) AS {n}")
        outs.append(f"any_value(tt_{n}) AS {n}_total")
        # Cells of a stratum absent from the group are zero scores: (n_h - m) of
        # them, each (0 - ubar)^2, spread over the m cells present.
        outs.append(
            f"sqrt(sum(CASE WHEN n_h > 1 THEN n_h / (n_h - 1)::DOUBLE * "
            f"((u_{n} - ub_{n}) ^ 2 + (n_h - m) * ub_{n} ^ 2 / m) "
            f"WHEN $lonely_adjust THEN u_{n} ^ 2 ELSE 0 END)) AS {n}_se"
        )
    sql = f"""
        WITH base AS ({base.sql}),
        cell AS (
            SELECT grp, h, psu, count(v) AS n_hh, coalesce(sum(v), 0) AS nv,
                   {", ".join(sums)}
            FROM base GROUP BY grp, h, psu
        ),
        cw AS (
            SELECT *, count(DISTINCT psu) OVER (PARTITION BY h) AS n_h,
                   sum(nv) OVER g AS pop, {grand}
            FROM cell WINDOW g AS (PARTITION BY grp)
        ),
        sc AS (SELECT *, {scores} FROM cw),
        dv AS (
            SELECT *, count(*) OVER s AS m, {means}
            FROM sc WINDOW s AS (PARTITION BY grp, h)
        )
        SELECT * EXCLUDE (grp_key) REPLACE (grp::VARCHAR AS grp) FROM (
            SELECT grp, grp AS grp_key, sum(n_hh)::BIGINT AS households,
                   any_value(pop) AS population, {", ".join(outs)},
                   count(*) FILTER (WHERE n_hh > 0)::BIGINT AS n_psu
            FROM dv GROUP BY grp
        ) ORDER BY grp_key NULLS LAST
    """
    bound = {**base.params, **(params or {}), "lonely_adjust": lonely_psu == "adjust"}
    return con.execute(sql, bound).df()
