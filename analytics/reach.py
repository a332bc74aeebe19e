"""Targeting: who the programmes reach, who they miss, and how they overlap.

A household is *reached* by a programme in a year when its ``hh_id`` is on the
programme's beneficiary list for that year. "Poor" is always stated
(:func:`analytics.rows.poor_rule`): below the line (``consumption_pc_rp < z``)
or bottom welfare deciles (``welfare_decile <= k``). For a programme and a group
(DOMAIN.md):

* coverage = poor reached / all poor;
* exclusion error = poor not reached / all poor (= 1 - coverage);
* inclusion error (leakage) = reached but not poor / all reached.

Conventions:

* Weighting: ``"household"`` (default) counts each household by its weight w,
  because programmes enrol and pay households and their lists count households;
  ``"person"`` counts its person weight v = w * hh_size (how many people the
  programme touches). On a registry w = 1, so household counts are plain counts.
* Households whose poverty cannot be classified (NULL consumption or decile) are
  left out of every numerator and denominator and counted in ``unclassified``.
* Beneficiaries whose ``hh_id`` is not among the year's households cannot be
  classified or placed; they are left out here and counted by
  :func:`beneficiary_match`.
* The row with ``programme_code = '(any)'`` treats all programmes together: a
  household is reached when at least one programme reaches it.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from analytics.design import check_identifier, relation_columns
from analytics.rows import check_weighting, household_rows, poor_rule

ANY = "(any)"

REACH_COLUMNS = [
    "programme_code",
    "group",
    "poor_definition",
    "unit",
    "poor",
    "nonpoor",
    "unclassified",
    "reached",
    "poor_reached",
    "poor_not_reached",
    "nonpoor_reached",
    "coverage",
    "exclusion_error",
    "inclusion_error",
    "households_reached",
]


def _classified(
    con: duckdb.DuckDBPyConnection,
    households: str,
    *,
    year: int,
    by: str,
    districts: str,
    poor_definition: str,
    line_rp: float | None,
    decile_k: int,
    weighting: str,
) -> tuple[str, dict, str]:
    """SQL of households with ``hh_id, grp, u`` (unit weight) and ``poor`` (bool/NULL)."""
    rule = poor_rule(poor_definition, line_rp=line_rp, decile_k=decile_k)
    unit = check_weighting(weighting)
    rows = household_rows(
        con, households, year=year, by=by, districts=districts, columns=[rule.column]
    )
    sql = f"""
        SELECT hh_id, grp, district_code, w, {unit} AS u, {rule.sql} AS poor FROM ({rows.sql})
    """
    return sql, {**rows.params, **rule.params}, rule.statement


def _lists(beneficiaries: str) -> str:
    ben = check_identifier(beneficiaries)
    return f"SELECT DISTINCT programme_code, hh_id::VARCHAR AS hh_id FROM {ben} WHERE year = $year"


# Programme sets as bit masks -------------------------------------------------
#
# Matching a million beneficiary rows to a million households on a text
# ``hh_id`` is the expensive step of reach and budget figures. It is done once:
# the year's list rows are reduced to one row per listed household holding the
# set of its programmes as bits (code number i is bit i % 64 of word i // 64,
# words ``m0``, ``m1``, ...), that row is joined to the household, and the
# households are summed into *cells* (group, poor, programme set). A few
# thousand cells then give every per-programme figure (a programme's households
# are the cells whose set holds its bit), and each household is counted once
# per programme whatever duplicates the lists hold.


def mask_words(n_codes: int) -> int:
    """Number of 64-bit words holding a set of ``n_codes`` programme codes (at least 1)."""
    return max(1, -(-int(n_codes) // 64))


def mask_columns(words: int, prefix: str = "") -> str:
    """The mask word columns ``m0, m1, ...`` (each prefixed with ``prefix``)."""
    return ", ".join(f"{prefix}m{k}" for k in range(words))


def mask_aggregates(words: int, index: str = "c.i") -> str:
    """Aggregates setting bit ``index`` (the code number, 0-based) in words ``m0, ...``.

    Every word of a household with any code is non-NULL (0 when no code of
    that word), so ``m0 IS NULL`` after an outer join means "on no list".
    """
    if words == 1:
        return f"bit_or(1::UBIGINT << {index}::UBIGINT) AS m0"
    return ", ".join(
        f"coalesce(bit_or(1::UBIGINT << ({index} % 64)::UBIGINT) FILTER (WHERE {index} // 64 = {k}),"
        f" 0::UBIGINT) AS m{k}"
        for k in range(words)
    )


def mask_has(words: int, index: str = "c.i", prefix: str = "") -> str:
    """SQL condition: the set in words ``{prefix}m0, ...`` holds code number ``index``."""
    word = f"{prefix}m0"
    if words > 1:
        cases = " ".join(f"WHEN {k} THEN {prefix}m{k}" for k in range(words))
        word = f"(CASE {index} // 64 {cases} END)"
    return f"(({word} >> ({index} % 64)::UBIGINT) & 1::UBIGINT) = 1"


def code_numbers(relation: str, where: str = "") -> str:
    """SQL numbering the distinct ``programme_code`` of a relation 0, 1, ... (column ``i``).

    ``where`` (SQL, may use ``$year``) filters the relation's rows. Codes are
    numbered in sorted order, NULL last, so two evaluations agree.
    """
    rel = check_identifier(relation)
    cond = f" WHERE {where}" if where else ""
    return f"""
        SELECT programme_code,
               (row_number() OVER (ORDER BY programme_code NULLS LAST) - 1)::INTEGER AS i
        FROM (SELECT DISTINCT programme_code FROM {rel}{cond})
    """


def reach_by(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    beneficiaries: str = "beneficiaries",
    *,
    year: int,
    by: str = "regency",
    poor_definition: str = "line",
    line_rp: float | None = None,
    decile_k: int = 4,
    weighting: str = "household",
    programmes: str | None = "programmes",
    districts: str = "districts",
) -> pd.DataFrame:
    """Coverage, exclusion and inclusion errors per programme and group.

    Args:
        con: An open DuckDB connection.
        households: Household relation (``hh_id``, ``district_code``, ``hh_size``,
            ``weight`` if any, and ``consumption_pc_rp`` or ``welfare_decile``).
        beneficiaries: Beneficiary relation (``programme_code``, ``year``, ``hh_id``).
        year: The year (households and lists of the same year are matched).
        by: ``"regency"``, ``"zone"``, ``"district"``, ``"village"`` (or another key of
            :data:`analytics.design.GROUPINGS`).
        poor_definition: ``"line"`` or ``"decile"``.
        line_rp: Poverty line, Rp per capita per month (needed for ``"line"``).
        decile_k: Highest welfare decile counted as poor (``"decile"``).
        weighting: ``"household"`` (default) or ``"person"``; sets the unit of the
            counts.
        programmes: Programme relation whose codes are all listed even without
            beneficiaries that year (coverage 0); ``None`` to list only programmes
            with beneficiaries.
        districts: Districts relation, for ``by="zone"``.

    Returns:
        One row per programme (``'(any)'`` last) and group, with columns
        ``programme_code``, ``group`` (str), ``poor_definition`` (the rule in words),
        ``unit`` (``'households'`` or ``'persons'``), then in that unit (weighted):
        ``poor``, ``nonpoor``, ``unclassified`` (households of the group),
        ``reached`` (classified households reached), ``poor_reached``,
        ``poor_not_reached``, ``nonpoor_reached``; the proportions ``coverage``,
        ``exclusion_error`` (NaN when the group has no poor) and
        ``inclusion_error`` (NaN when nobody is reached); ``households_reached``
        (int, sample households on the list, classified or not).
    """
    hh, params, statement = _classified(
        con,
        households,
        year=year,
        by=by,
        districts=districts,
        poor_definition=poor_definition,
        line_rp=line_rp,
        decile_k=decile_k,
        weighting=weighting,
    )
    ben = check_identifier(beneficiaries)
    codes = "SELECT programme_code FROM idx"
    if programmes is not None:
        prog = check_identifier(programmes)
        codes += f" UNION SELECT programme_code FROM {prog}"
    n_codes = con.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT programme_code FROM {ben} WHERE year = $year)",
        {"year": params["year"]},
    ).fetchone()[0]
    words = mask_words(n_codes)
    sql = f"""
        WITH hh AS ({hh}),
        idx AS MATERIALIZED ({code_numbers(ben, "year = $year")}),
        per AS (
            SELECT b.hh_id::VARCHAR AS hh_id, {mask_aggregates(words)}
            FROM {ben} AS b JOIN idx AS c ON c.programme_code IS NOT DISTINCT FROM b.programme_code
            WHERE b.year = $year GROUP BY 1
        ),
        cells AS MATERIALIZED (
            SELECT hh.grp, hh.poor, {mask_columns(words, "per.")}, sum(hh.u) AS u, count(*) AS n
            FROM hh LEFT JOIN per USING (hh_id) GROUP BY ALL
        ),
        groups AS (
            SELECT grp, coalesce(sum(u) FILTER (WHERE poor), 0) AS poor,
                   coalesce(sum(u) FILTER (WHERE NOT poor), 0) AS nonpoor,
                   coalesce(sum(u) FILTER (WHERE poor IS NULL), 0) AS unclassified
            FROM cells GROUP BY grp
        ),
        hits AS (
            SELECT c.programme_code, x.grp,
                   coalesce(sum(u) FILTER (WHERE poor), 0) AS poor_reached,
                   coalesce(sum(u) FILTER (WHERE NOT poor), 0) AS nonpoor_reached,
                   sum(n) AS households_reached
            FROM cells AS x JOIN idx AS c ON {mask_has(words, prefix="x.")} GROUP BY ALL
            UNION ALL
            SELECT '{ANY}', grp,
                   coalesce(sum(u) FILTER (WHERE poor), 0),
                   coalesce(sum(u) FILTER (WHERE NOT poor), 0), sum(n)
            FROM cells WHERE m0 IS NOT NULL GROUP BY grp
        ),
        codes AS ({codes} UNION SELECT '{ANY}')
        SELECT c.programme_code, g.grp::VARCHAR AS "group", g.poor, g.nonpoor, g.unclassified,
               coalesce(x.poor_reached, 0) AS poor_reached,
               coalesce(x.nonpoor_reached, 0) AS nonpoor_reached,
               coalesce(x.households_reached, 0)::BIGINT AS households_reached
        FROM codes AS c CROSS JOIN groups AS g
        LEFT JOIN hits AS x
               ON x.programme_code = c.programme_code AND x.grp IS NOT DISTINCT FROM g.grp
        ORDER BY c.programme_code = '{ANY}', c.programme_code, g.grp NULLS LAST
    """
    df = con.execute(sql, params).df()
    df["poor_definition"] = statement
    df["unit"] = "households" if weighting == "household" else "persons"
    df["reached"] = df["poor_reached"] + df["nonpoor_reached"]
    df["poor_not_reached"] = df["poor"] - df["poor_reached"]
    poor = df["poor"].where(df["poor"] > 0)
    reached = df["reached"].where(df["reached"] > 0)
    df["coverage"] = df["poor_reached"] / poor
    df["exclusion_error"] = df["poor_not_reached"] / poor
    df["inclusion_error"] = df["nonpoor_reached"] / reached
    return df[REACH_COLUMNS]


def unreached_poor(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    beneficiaries: str = "beneficiaries",
    *,
    year: int,
    by: str = "district",
    poor_definition: str = "line",
    line_rp: float | None = None,
    decile_k: int = 4,
    weighting: str = "household",
    districts: str = "districts",
) -> pd.DataFrame:
    """Poor households that no programme reaches, by group (district or village).

    Args:
        con: An open DuckDB connection.
        households: Household relation (see :func:`reach_by`).
        beneficiaries: Beneficiary relation.
        year: The year.
        by: ``"district"`` (default), ``"village"``, ``"zone"`` or ``"regency"``.
        poor_definition: ``"line"`` or ``"decile"``.
        line_rp: Poverty line, Rp per capita per month (for ``"line"``).
        decile_k: Highest decile counted as poor (for ``"decile"``).
        weighting: ``"household"`` (default) or ``"person"``.
        districts: Districts relation, for ``by="zone"``.

    Returns:
        One row per group, ordered by the group key, with columns ``group``,
        ``poor_definition``, ``unit``, ``poor``, ``poor_reached`` (by at least one
        programme), ``poor_not_reached`` (weighted, in ``unit``) and
        ``share_not_reached`` (proportion of the group's poor; NaN without poor).
    """
    df = reach_by(
        con,
        households,
        beneficiaries,
        year=year,
        by=by,
        poor_definition=poor_definition,
        line_rp=line_rp,
        decile_k=decile_k,
        weighting=weighting,
        programmes=None,
        districts=districts,
    )
    df = df[df["programme_code"] == ANY].reset_index(drop=True)
    df = df.rename(columns={"exclusion_error": "share_not_reached"})
    cols = ["group", "poor_definition", "unit", "poor", "poor_reached", "poor_not_reached"]
    return df[[*cols, "share_not_reached"]]


def programmes_per_poor(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    beneficiaries: str = "beneficiaries",
    *,
    year: int,
    by: str = "regency",
    poor_definition: str = "line",
    line_rp: float | None = None,
    decile_k: int = 4,
    weighting: str = "household",
    districts: str = "districts",
) -> pd.DataFrame:
    """Convergence: how many programmes reach each poor household (distribution).

    Args:
        con: An open DuckDB connection.
        households: Household relation (see :func:`reach_by`).
        beneficiaries: Beneficiary relation.
        year: The year.
        by: Grouping, as in :func:`reach_by`.
        poor_definition: ``"line"`` or ``"decile"``.
        line_rp: Poverty line, Rp per capita per month (for ``"line"``).
        decile_k: Highest decile counted as poor (for ``"decile"``).
        weighting: ``"household"`` (default) or ``"person"``.
        districts: Districts relation, for ``by="zone"``.

    Returns:
        One row per group and number of programmes (0, 1, 2, ... up to the most
        seen in the group), ordered by group then ``programmes``, with columns
        ``group``, ``poor_definition``, ``unit``, ``programmes`` (int, distinct
        programmes reaching the household), ``poor`` (weighted poor in ``unit``)
        and ``share`` (proportion of the group's poor; sums to 1 per group).
    """
    hh, params, statement = _classified(
        con,
        households,
        year=year,
        by=by,
        districts=districts,
        poor_definition=poor_definition,
        line_rp=line_rp,
        decile_k=decile_k,
        weighting=weighting,
    )
    sql = f"""
        WITH hh AS ({hh}),
        lists AS ({_lists(beneficiaries)}),
        n AS (SELECT hh_id, count(*) AS k FROM lists GROUP BY hh_id),
        per AS (
            SELECT hh.grp, coalesce(n.k, 0)::BIGINT AS programmes, sum(hh.u) AS poor
            FROM hh LEFT JOIN n USING (hh_id) WHERE hh.poor GROUP BY ALL
        )
        SELECT grp::VARCHAR AS "group", programmes, poor,
               poor / sum(poor) OVER (PARTITION BY grp) AS share
        FROM per ORDER BY grp NULLS LAST, programmes
    """
    df = con.execute(sql, params).df()
    df.insert(1, "poor_definition", statement)
    df.insert(2, "unit", "households" if weighting == "household" else "persons")
    return df


def overlap_matrix(
    con: duckdb.DuckDBPyConnection,
    beneficiaries: str = "beneficiaries",
    *,
    year: int,
) -> pd.DataFrame:
    """Overlap between programme lists: share of A's beneficiaries also in B.

    Counts are of listed households (unweighted, whether or not they match a
    household record): overlap is a property of the lists themselves.

    Args:
        con: An open DuckDB connection.
        beneficiaries: Beneficiary relation (``programme_code``, ``year``, ``hh_id``).
        year: The year.

    Returns:
        Long frame, one row per ordered pair (A, B) including A = B, ordered by
        A then B, with columns ``programme_a``, ``programme_b``, ``households_a``
        (int, households on A's list), ``households_both`` (int, on both lists)
        and ``share_of_a`` (proportion of A's households also on B's list; 1 on
        the diagonal). Not symmetric: divide by B's count for the other view.
    """
    sql = f"""
        WITH lists AS ({_lists(beneficiaries)}),
        size AS (SELECT programme_code, count(*) AS n FROM lists GROUP BY ALL),
        pairs AS (
            SELECT a.programme_code AS programme_a, b.programme_code AS programme_b,
                   count(*) AS both_n
            FROM lists AS a JOIN lists AS b USING (hh_id) GROUP BY ALL
        )
        SELECT sa.programme_code AS programme_a, sb.programme_code AS programme_b,
               sa.n::BIGINT AS households_a, coalesce(p.both_n, 0)::BIGINT AS households_both,
               coalesce(p.both_n, 0) / sa.n AS share_of_a
        FROM size AS sa CROSS JOIN size AS sb
        LEFT JOIN pairs AS p
               ON p.programme_a = sa.programme_code AND p.programme_b = sb.programme_code
        ORDER BY 1, 2
    """
    return con.execute(sql, {"year": int(year)}).df()


def beneficiary_match(
    con: duckdb.DuckDBPyConnection,
    households: str = "households",
    beneficiaries: str = "beneficiaries",
    *,
    year: int,
) -> pd.DataFrame:
    """How many listed households match a household record of the same year.

    Args:
        con: An open DuckDB connection.
        households: Household relation (``year``, ``hh_id``).
        beneficiaries: Beneficiary relation (``programme_code``, ``year``, ``hh_id``).
        year: The year.

    Returns:
        One row per programme with beneficiaries, ordered by code, with columns
        ``programme_code``, ``listed`` (int, distinct households on the list),
        ``matched``, ``unmatched`` (int) and ``match_rate`` (proportion).
    """
    hh = check_identifier(households)
    if "hh_id" not in relation_columns(con, hh):
        raise ValueError(f"{hh} has no column hh_id")
    sql = f"""
        WITH lists AS ({_lists(beneficiaries)}),
        ids AS (SELECT DISTINCT hh_id::VARCHAR AS hh_id FROM {hh} WHERE year = $year)
        SELECT programme_code, count(*)::BIGINT AS listed,
               count(ids.hh_id)::BIGINT AS matched,
               (count(*) - count(ids.hh_id))::BIGINT AS unmatched,
               count(ids.hh_id) / count(*) AS match_rate
        FROM lists LEFT JOIN ids USING (hh_id) GROUP BY ALL ORDER BY 1
    """
    return con.execute(sql, {"year": int(year)}).df()
