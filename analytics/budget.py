"""What the money buys: budget efficiency by programme, OPD, funding source and place.

Money comes from the ``budgets`` relation (allocation and realisation per
programme, district and year); the households it reached from the
``beneficiaries`` lists matched to the year's ``households`` (whose poverty is
classified by a stated rule, :func:`analytics.rows.poor_rule`).

Conventions (state them beside every figure):

* Attribution: a beneficiary household of programme p living in district d is
  paid from p's budget row for d when there is one, else from p's regency-wide
  row (``district_code`` NULL). Beneficiaries with neither (the programme has no
  budget row that covers them this year) are left out of this table: their cost
  is unknown. Beneficiaries without a household record are left out too (see
  :func:`analytics.reach.beneficiary_match`).
* Regency-wide rows (NULL ``district_code``) for a grouping by district or zone:
  with ``regency_wide="apportion"`` (default) each row is split over districts in
  proportion to the weighted households it pays for there (its attributed
  beneficiaries); a row with no such household stays in a group
  ``'regency-wide'``. With ``"separate"`` every regency-wide row, and the
  beneficiaries it pays for, form the group ``'regency-wide'``. The apportioned
  part of each group's allocation is shown in ``apportioned_rp``.
* Costs use realised spending: cost per beneficiary household = realised /
  beneficiary households; cost per poor household reached = realised / poor
  households reached (so leakage makes it dearer).
* Households are weighted by their household weight w (1 on a registry); a
  household reached by several programmes of a group counts once in that group.
* Share reaching the poor = sum of ``amount_rp`` paid to poor households / sum
  of ``amount_rp`` paid (benefits as listed, Rp per year; NULL amounts ignored).
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd

from analytics.design import check_identifier
from analytics.poverty import fgt_by
from analytics.reach import mask_aggregates, mask_columns, mask_has, mask_words
from analytics.rows import PoorRule, household_rows, poor_rule

BUDGET_GROUPINGS = ("programme", "opd", "funding_source", "district", "zone")
GAP_GROUPINGS = ("regency", "zone", "district")
REGENCY_WIDE_RULES = ("apportion", "separate")
REGENCY_WIDE = "regency-wide"

BUDGET_COLUMNS = [
    "group",
    "poor_definition",
    "allocated_rp",
    "realised_rp",
    "realisation_rate",
    "apportioned_rp",
    "beneficiary_households",
    "poor_households_reached",
    "cost_per_beneficiary_hh_rp",
    "cost_per_poor_hh_reached_rp",
    "amount_paid_rp",
    "amount_to_poor_rp",
    "share_to_poor",
    "budget_share",
    "poor_households",
    "poor_share",
    "allocation_to_need",
]

GAP_COLUMNS = [
    "group",
    "population",
    "p1",
    "line_rp",
    "gap_closure_cost_rp",
    "allocated_rp",
    "realised_rp",
    "realised_to_gap_ratio",
]


def _class_key(by: str) -> str:
    """SQL, over ``kd``/``kr`` (a programme's district and regency-wide budget keys), of the
    group a funded list row of that programme lands in, for grouping ``by``."""
    if by in ("opd", "funding_source"):
        return f"coalesce(kd.{by}, kr.{by})"
    if by in ("district", "zone"):
        return "CASE WHEN kd.programme_code IS NOT NULL OR $apportion THEN 'own' ELSE 'rw' END"
    return "NULL::VARCHAR"


def _classes(budgets_cte: str, by: str) -> str:
    """SQL numbering the budgeted programmes' *classes* ``i`` (0, 1, ...) for grouping ``by``.

    Two programmes are in one class when a list row of either does the same thing
    for a household of any district: paid or not, and landing in the same group
    (the budget keys of ``budgets_cte`` decide; districts without a budget row all
    behave alike, stood for by a NULL district). A class's households and
    benefits are then summed together, which costs far less than one sum per
    programme. By programme, and for programmes with a regency-wide row (whose
    apportioning shares are per programme), each programme is its own class.
    Yields ``programme_code, i`` (one row per programme).
    """
    alone = "true" if by == "programme" else "bool_or(kr.programme_code IS NOT NULL)"
    return f"""
        WITH dk AS (
            SELECT DISTINCT district_code FROM {budgets_cte} WHERE district_code IS NOT NULL
            UNION ALL SELECT NULL
        ),
        prog AS (
            SELECT DISTINCT programme_code FROM {budgets_cte} WHERE programme_code IS NOT NULL
        ),
        sig AS (
            SELECT p.programme_code, {alone} AS alone,
                   list(struct_pack(
                       paid := kd.programme_code IS NOT NULL OR kr.programme_code IS NOT NULL,
                       grp := {_class_key(by)}) ORDER BY d.district_code NULLS LAST) AS s
            FROM prog AS p CROSS JOIN dk AS d
            LEFT JOIN keys AS kd
                   ON kd.programme_code = p.programme_code AND kd.district_code = d.district_code
            LEFT JOIN keys AS kr
                   ON kr.programme_code = p.programme_code AND kr.district_code IS NULL
            GROUP BY p.programme_code
        )
        SELECT programme_code,
               (dense_rank() OVER (ORDER BY CASE WHEN alone THEN programme_code END NULLS LAST,
                                            CASE WHEN NOT alone THEN s END) - 1)::INTEGER AS i
        FROM sig
    """


def _ctes(
    con: duckdb.DuckDBPyConnection,
    *,
    budgets: str,
    beneficiaries: str,
    households: str,
    districts: str,
    year: int,
    rule: PoorRule,
    regency_wide: str,
    by: str = "district",
    amounts: bool = True,
) -> tuple[str, dict]:
    """CTEs ``bud``, ``hh``, ``cells``, ``funded`` (attributed beneficiaries) and ``money``.

    ``money`` holds budget rows with a ``district_code`` each: district rows as they
    are, regency-wide rows split over districts (apportion) or under
    ``'regency-wide'``.

    The list rows of budgeted programmes are matched to households once: each
    listed household gets the set of programme classes (:func:`_classes`, for
    grouping ``by``) listing it, as bits (:func:`analytics.reach.mask_aggregates`),
    and its benefits per class; ``cells`` sums the year's households by
    (``district_code``, ``poor``, class set) into ``w`` (weighted households)
    and ``a<i>`` (weighted benefits of class i, Rp per year). ``funded`` holds
    one row per cell and class paying its households from a budget row:
    ``cell``, ``district_code``, ``poor``, ``w``, ``programme_code`` (the class's
    first programme; the programme itself when by programme or when it has a
    regency-wide row), ``wa`` (weighted benefits), ``place`` (the households'
    district, or ``'regency-wide'`` when the row is regency-wide and not
    apportioned), ``via_regency_row``, ``opd``, ``funding_source``. A household
    counts once per cell and class, however often the lists repeat it. With
    ``amounts=False`` benefits are not summed (``wa`` is NULL).

    Households are matched to lists only when a figure needs them: ``money``
    reads ``funded`` only to apportion regency-wide rows, so a year without such
    rows (or ``regency_wide="separate"``) gives ``money`` from the budget alone.
    """
    if regency_wide not in REGENCY_WIDE_RULES:
        raise ValueError(f"regency_wide must be one of {REGENCY_WIDE_RULES}, got {regency_wide!r}")
    bud = check_identifier(budgets)
    ben = check_identifier(beneficiaries)
    check_identifier(districts)
    rows = household_rows(con, households, year=year, by="district", columns=[rule.column])
    params = {**rows.params, **rule.params, "apportion": regency_wide == "apportion"}
    head = f"""
        bud AS (
            SELECT programme_code, district_code, opd, funding_source, allocated_rp, realised_rp
            FROM {bud} WHERE year = $year
        ),
        keys AS (
            SELECT programme_code, district_code, min(opd) AS opd,
                   min(funding_source) AS funding_source
            FROM bud GROUP BY ALL
        ),
        idx AS MATERIALIZED ({_classes("bud", by)})
    """
    head_params = {"year": params["year"]}
    if "$apportion" in head:
        head_params["apportion"] = params["apportion"]
    n, regency_rows = con.execute(
        f"""WITH {head} SELECT (SELECT count(DISTINCT i) FROM idx),
                               (SELECT count(*) FROM bud WHERE district_code IS NULL)""",
        head_params,
    ).fetchone()
    words = mask_words(n)
    summed = range(n) if amounts else ()
    sums = "".join(f", sum(b.amount_rp) FILTER (WHERE c.i = {i}) AS a{i}" for i in summed)
    wsums = "".join(f", sum(hh.w * per.a{i}) AS a{i}" for i in summed)
    shares = "SELECT programme_code, district_code, NULL::DOUBLE AS share FROM keys WHERE false"
    if regency_rows and regency_wide == "apportion":
        shares = """
            SELECT programme_code, district_code,
                   sum(w) / sum(sum(w)) OVER (PARTITION BY programme_code) AS share
            FROM funded WHERE via_regency_row GROUP BY programme_code, district_code
        """
    if summed:
        amount = "CASE r.i " + " ".join(f"WHEN {i} THEN cl.a{i}" for i in range(n)) + " END"
    else:
        amount = "NULL::DOUBLE"
    sql = f"""{head},
        rep AS (SELECT i, min(programme_code) AS programme_code FROM idx GROUP BY i),
        hh AS (SELECT hh_id, district_code, w, {rule.sql} AS poor FROM ({rows.sql})),
        per AS (
            SELECT b.hh_id::VARCHAR AS hh_id, {mask_aggregates(words)}{sums}
            FROM {ben} AS b JOIN idx AS c ON c.programme_code = b.programme_code
            WHERE b.year = $year GROUP BY 1
        ),
        cells AS MATERIALIZED (
            SELECT row_number() OVER () AS cell, * FROM (
                SELECT hh.district_code, hh.poor, {mask_columns(words, "per.")},
                       sum(hh.w) AS w{wsums}
                FROM hh LEFT JOIN per USING (hh_id) GROUP BY ALL
            )
        ),
        x AS (
            SELECT cl.cell, cl.district_code, cl.poor, cl.w, r.programme_code, {amount} AS wa
            FROM cells AS cl JOIN rep AS r ON {mask_has(words, "r.i", prefix="cl.")}
        ),
        funded AS (
            SELECT x.*,
                   CASE WHEN kd.programme_code IS NOT NULL THEN x.district_code
                        WHEN $apportion THEN x.district_code
                        ELSE '{REGENCY_WIDE}' END AS place,
                   kd.programme_code IS NULL AS via_regency_row,
                   coalesce(kd.opd, kr.opd) AS opd,
                   coalesce(kd.funding_source, kr.funding_source) AS funding_source
            FROM x
            LEFT JOIN keys AS kd
                   ON kd.programme_code = x.programme_code
                  AND kd.district_code = x.district_code
            LEFT JOIN keys AS kr
                   ON kr.programme_code = x.programme_code AND kr.district_code IS NULL
            WHERE kd.programme_code IS NOT NULL OR kr.programme_code IS NOT NULL
        ),
        shares AS ({shares}),
        money AS (
            SELECT programme_code, opd, funding_source, district_code,
                   allocated_rp, realised_rp, 0.0 AS apportioned_rp
            FROM bud WHERE district_code IS NOT NULL
            UNION ALL
            SELECT b.programme_code, b.opd, b.funding_source,
                   coalesce(s.district_code, '{REGENCY_WIDE}'),
                   b.allocated_rp * coalesce(s.share, 1.0),
                   b.realised_rp * coalesce(s.share, 1.0),
                   CASE WHEN s.district_code IS NULL THEN 0.0
                        ELSE b.allocated_rp * s.share END
            FROM bud AS b LEFT JOIN shares AS s USING (programme_code)
            WHERE b.district_code IS NULL
        )
    """
    return sql, params


def _zone(col: str, districts: str) -> tuple[str, str]:
    """Zone key of a district code column (keeping the regency-wide marker) and its join."""
    key = f"CASE WHEN {col} = '{REGENCY_WIDE}' THEN '{REGENCY_WIDE}' ELSE dz.zone END"
    return key, f"LEFT JOIN {districts} AS dz ON dz.district_code = {col}"


def budget_by(
    con: duckdb.DuckDBPyConnection,
    budgets: str = "budgets",
    beneficiaries: str = "beneficiaries",
    households: str = "households",
    *,
    year: int,
    by: str = "programme",
    poor_definition: str = "line",
    line_rp: float | None = None,
    decile_k: int = 4,
    regency_wide: str = "apportion",
    districts: str = "districts",
) -> pd.DataFrame:
    """Budget efficiency by programme, OPD, funding source, district or zone.

    Args:
        con: An open DuckDB connection.
        budgets: Budget relation (``year``, ``programme_code``, ``district_code``,
            ``opd``, ``funding_source``, ``allocated_rp``, ``realised_rp``).
        beneficiaries: Beneficiary relation (``programme_code``, ``year``, ``hh_id``,
            ``amount_rp``).
        households: Household relation (``hh_id``, ``district_code``, ``hh_size``,
            ``weight`` if any, and ``consumption_pc_rp`` or ``welfare_decile``).
        year: Budget year (lists and households of the same year).
        by: ``"programme"``, ``"opd"``, ``"funding_source"`` (the budget row's OPD and
            source), ``"district"`` or ``"zone"``.
        poor_definition: ``"line"`` or ``"decile"`` (see
            :func:`analytics.rows.poor_rule`).
        line_rp: Poverty line, Rp per capita per month (for ``"line"``).
        decile_k: Highest welfare decile counted as poor (for ``"decile"``).
        regency_wide: ``"apportion"`` (default) or ``"separate"``: how budget rows
            without a district enter a grouping by district or zone (module doc).
        districts: Districts relation (``district_code``, ``zone``).

    Returns:
        One row per group, ordered by the group key (``'regency-wide'`` last), with
        columns ``group`` (str), ``poor_definition`` (the rule in words),
        ``allocated_rp``, ``realised_rp`` (Rp in the year), ``realisation_rate``
        (realised / allocated, proportion), ``apportioned_rp`` (Rp of the
        allocation apportioned from regency-wide rows; NaN unless by district or
        zone), ``beneficiary_households``, ``poor_households_reached`` (weighted
        households paid from these budgets), ``cost_per_beneficiary_hh_rp``,
        ``cost_per_poor_hh_reached_rp`` (Rp per household per year, from realised
        spending), ``amount_paid_rp``, ``amount_to_poor_rp`` (benefits listed, Rp
        per year, weighted), ``share_to_poor`` (proportion), ``budget_share``
        (group's share of the year's allocation, proportion), and for district
        and zone only (NaN otherwise): ``poor_households`` (weighted poor
        households living in the group, reached or not), ``poor_share`` (their
        share of the regency's poor households) and ``allocation_to_need``
        (budget_share / poor_share: above 1, more money than the group's share
        of the poor). Ratios with a zero denominator are NaN.

    Raises:
        ValueError: Unknown ``by``, poverty rule or ``regency_wide``; bad names.
    """
    if by not in BUDGET_GROUPINGS:
        raise ValueError(f"by must be one of {BUDGET_GROUPINGS}, got {by!r}")
    rule = poor_rule(poor_definition, line_rp=line_rp, decile_k=decile_k)
    ctes, params = _ctes(
        con,
        budgets=budgets,
        beneficiaries=beneficiaries,
        households=households,
        districts=districts,
        year=year,
        rule=rule,
        regency_wide=regency_wide,
        by=by,
    )
    spatial = by in ("district", "zone")
    mjoin = bjoin = njoin = ""
    if by == "programme":
        mkey = bkey = "x.programme_code"
    elif by in ("opd", "funding_source"):
        mkey = bkey = f"x.{by}"
    elif by == "district":
        mkey, bkey, nkey = "x.district_code", "x.place", "x.district_code"
    else:
        mkey, mjoin = _zone("x.district_code", districts)
        bkey, bjoin = _zone("x.place", districts)
        nkey, njoin = _zone("x.district_code", districts)
    need = "SELECT NULL::VARCHAR AS k, NULL::DOUBLE AS poor_households WHERE false"
    if spatial:
        need = f"""SELECT {nkey} AS k, coalesce(sum(w) FILTER (WHERE poor), 0) AS poor_households
                   FROM cells AS x {njoin} GROUP BY ALL"""
    sql = f"""
        WITH {ctes},
        m AS (
            SELECT {mkey} AS k, sum(allocated_rp) AS allocated_rp,
                   sum(realised_rp) AS realised_rp, sum(apportioned_rp) AS apportioned_rp
            FROM money AS x {mjoin} GROUP BY ALL
        ),
        per_cell AS (
            SELECT {bkey} AS k, x.cell, any_value(w) AS w, any_value(poor) AS poor,
                   sum(wa) AS wa
            FROM funded AS x {bjoin} GROUP BY ALL
        ),
        b AS (
            SELECT k, sum(w) AS beneficiary_households,
                   coalesce(sum(w) FILTER (WHERE poor), 0) AS poor_households_reached,
                   coalesce(sum(wa), 0) AS amount_paid_rp,
                   coalesce(sum(wa) FILTER (WHERE poor), 0) AS amount_to_poor_rp
            FROM per_cell GROUP BY k
        ),
        need AS ({need}),
        gk AS (SELECT k FROM m UNION SELECT k FROM b UNION SELECT k FROM need)
        SELECT gk.k::VARCHAR AS "group",
               coalesce(m.allocated_rp, 0) AS allocated_rp,
               coalesce(m.realised_rp, 0) AS realised_rp,
               coalesce(m.apportioned_rp, 0) AS apportioned_rp,
               coalesce(b.beneficiary_households, 0) AS beneficiary_households,
               coalesce(b.poor_households_reached, 0) AS poor_households_reached,
               coalesce(b.amount_paid_rp, 0) AS amount_paid_rp,
               coalesce(b.amount_to_poor_rp, 0) AS amount_to_poor_rp,
               need.poor_households,
               (SELECT coalesce(sum(w) FILTER (WHERE poor), 0) FROM cells) AS poor_total
        FROM gk
        LEFT JOIN m ON m.k IS NOT DISTINCT FROM gk.k
        LEFT JOIN b ON b.k IS NOT DISTINCT FROM gk.k
        LEFT JOIN need ON need.k IS NOT DISTINCT FROM gk.k
        ORDER BY gk.k = '{REGENCY_WIDE}', gk.k NULLS LAST
    """
    df = con.execute(sql, params).df()
    df["poor_definition"] = rule.statement

    def ratio(a: pd.Series, b: pd.Series) -> pd.Series:
        return a / b.where(b > 0)

    df["realisation_rate"] = ratio(df["realised_rp"], df["allocated_rp"])
    df["cost_per_beneficiary_hh_rp"] = ratio(df["realised_rp"], df["beneficiary_households"])
    df["cost_per_poor_hh_reached_rp"] = ratio(df["realised_rp"], df["poor_households_reached"])
    df["share_to_poor"] = ratio(df["amount_to_poor_rp"], df["amount_paid_rp"])
    total = df["allocated_rp"].sum()
    df["budget_share"] = df["allocated_rp"] / total if total > 0 else float("nan")
    if spatial:
        df.loc[df["group"] == REGENCY_WIDE, "poor_households"] = float("nan")
        poor_total = float(df["poor_total"].iloc[0]) if len(df) else 0.0
        df["poor_share"] = df["poor_households"] / poor_total if poor_total else float("nan")
        df["allocation_to_need"] = ratio(df["budget_share"], df["poor_share"])
    else:
        for c in ("apportioned_rp", "poor_households", "poor_share", "allocation_to_need"):
            df[c] = float("nan")
    df["poor_households"] = df["poor_households"].astype(float)
    return df[BUDGET_COLUMNS]


def gap_closure_cost(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    budgets: str = "budgets",
    beneficiaries: str = "beneficiaries",
    *,
    year: int,
    line_rp: float,
    by: str = "regency",
    regency_wide: str = "apportion",
    districts: str = "districts",
) -> pd.DataFrame:
    """Poverty-gap closure cost against actual spending.

    The closure cost is the yearly transfer that would lift every poor person
    exactly to the line with perfect targeting: ``P1 * z * population * 12``
    (P1 person-weighted from :func:`analytics.poverty.fgt_by`, z in Rp per
    capita per month). It is set against all spending in ``budgets`` for the
    year (every programme there is a poverty programme); by district or zone,
    regency-wide rows are placed as in :func:`budget_by`.

    Args:
        con: An open DuckDB connection.
        households: Household relation (as for ``fgt_by``, plus ``hh_id``).
        budgets: Budget relation.
        beneficiaries: Beneficiary relation (used to apportion regency-wide rows).
        year: The year.
        line_rp: Poverty line z, Rp per capita per month.
        by: ``"regency"`` (group ``'all'``), ``"zone"`` or ``"district"``.
        regency_wide: ``"apportion"`` or ``"separate"``, as in :func:`budget_by`.
        districts: Districts relation.

    Returns:
        One row per group (``'regency-wide'`` last when money stays unplaced),
        with columns ``group`` (str), ``population`` (weighted persons), ``p1``
        (poverty gap index, proportion), ``line_rp`` (Rp/capita/month),
        ``gap_closure_cost_rp`` (Rp per year), ``allocated_rp``, ``realised_rp``
        (Rp in the year) and ``realised_to_gap_ratio`` (realised / closure
        cost; 1 would close the gap if perfectly targeted; NaN when the cost is 0).

    Raises:
        ValueError: Unknown ``by``, non-positive line, bad names.
    """
    if by not in GAP_GROUPINGS:
        raise ValueError(f"by must be one of {GAP_GROUPINGS}, got {by!r}")
    z = float(line_rp)
    if not math.isfinite(z) or z <= 0:
        raise ValueError(f"line_rp must be positive, got {line_rp}")
    fgt = fgt_by(
        con, households, line_rp=z, year=year, by=by, districts=districts, include_gini=False
    )
    gap = fgt[["group", "population", "p1"]].copy()
    gap["line_rp"] = z
    gap["gap_closure_cost_rp"] = gap["p1"] * z * gap["population"] * 12
    rule = poor_rule("line", line_rp=z)
    ctes, params = _ctes(
        con,
        budgets=budgets,
        beneficiaries=beneficiaries,
        households=households,
        districts=districts,
        year=year,
        rule=rule,
        regency_wide=regency_wide,
        amounts=False,
    )
    key, join = {"regency": ("'all'", ""), "district": ("x.district_code", "")}.get(by) or _zone(
        "x.district_code", check_identifier(districts)
    )
    money = con.execute(
        f"""WITH {ctes}
            SELECT ({key})::VARCHAR AS "group", sum(allocated_rp) AS allocated_rp,
                   sum(realised_rp) AS realised_rp
            FROM money AS x {join} GROUP BY ALL""",
        params,
    ).df()
    out = gap.merge(money, on="group", how="outer", sort=False)
    out["_rw"] = out["group"] == REGENCY_WIDE
    out = out.sort_values(["_rw", "group"], na_position="last", kind="stable").drop(columns="_rw")
    out[["allocated_rp", "realised_rp"]] = out[["allocated_rp", "realised_rp"]].fillna(0.0)
    cost = out["gap_closure_cost_rp"]
    out["realised_to_gap_ratio"] = out["realised_rp"] / cost.where(cost > 0)
    return out[GAP_COLUMNS].reset_index(drop=True)
