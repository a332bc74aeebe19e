"""Household rows with a group key and design columns, and the statement of "poor".

The MPI, reach and budget modules need more from a household than consumption
(its identifier, deprivations, welfare decile), so they start from
:func:`household_rows` rather than :func:`analytics.design.household_base`. The
design columns follow the same conventions (DOMAIN.md and ``analytics.design``):
PSUs nested in strata, a NULL or absent ``psu`` makes the household its own PSU,
an absent ``strata`` column is one stratum.

"Poor" is always stated (:func:`poor_rule`): either below the poverty line
(``consumption_pc_rp < z``, strictly, survey definition) or in the bottom
welfare deciles (``welfare_decile <= k``, registry definition).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from analytics.design import GROUPINGS, Base, check_identifier, relation_columns

#: Groupings with a geographic meaning (the others of ``GROUPINGS`` also work).
SPATIAL = ("regency", "zone", "district", "village")
POOR_DEFINITIONS = ("line", "decile")
WEIGHTINGS = ("household", "person")


def household_rows(
    con: duckdb.DuckDBPyConnection,
    households: str,
    *,
    year: int,
    by: str,
    districts: str = "districts",
    columns: Sequence[str] = (),
) -> Base:
    """One row per household of a year, with its group key and design columns.

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.
        year: The year to keep.
        by: A key of :data:`analytics.design.GROUPINGS` (``regency``, ``zone``,
            ``district``, ``village``, ...).
        districts: Districts relation (``district_code``, ``zone``), joined for
            ``by="zone"`` only.
        columns: Further household columns to carry (plain identifiers that must
            exist in ``households``).

    Returns:
        A :class:`analytics.design.Base` whose SQL yields ``hh_id``,
        ``district_code``, ``grp`` (group key; ``'all'`` for the regency), ``h``
        (stratum), ``psu``, ``w`` (household weight, households), ``m`` (size,
        persons), ``v`` (person weight w*m, persons), then ``columns``. Parameter
        ``$year`` is bound in ``params``.

    Raises:
        ValueError: Bad names, unknown ``by`` or missing columns.
    """
    rel = check_identifier(households)
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {tuple(GROUPINGS)}, got {by!r}")
    cols = set(relation_columns(con, rel))
    need = {"year", "hh_id", "district_code", "hh_size", *columns}
    for c in columns:
        check_identifier(c)
    missing = sorted(need - cols)
    if missing:
        raise ValueError(f"{rel} lacks column(s) {missing}")
    join = ""
    if by == "regency":
        grp = "'all'"
    elif by == "zone":
        dist = check_identifier(districts)
        if not {"district_code", "zone"} <= set(relation_columns(con, dist)):
            raise ValueError(f"{dist} must have columns district_code and zone")
        join = f"LEFT JOIN {dist} AS d ON d.district_code = hh.district_code"
        grp = "d.zone"
    else:
        col = GROUPINGS[by]
        if col not in cols:
            raise ValueError(f"{rel} has no column {col!r} needed for by={by!r}")
        grp = f"hh.{col}"
    strata = "hh.strata::VARCHAR" if "strata" in cols else "NULL::VARCHAR"
    psu = "coalesce(hh.psu::VARCHAR, '#hh:' || hh.hh_id)" if "psu" in cols else "hh.hh_id"
    weight = "hh.weight" if "weight" in cols else "1.0"
    extra = "".join(f", hh.{c}" for c in columns)
    sql = f"""
        SELECT hh.hh_id::VARCHAR AS hh_id, hh.district_code, {grp} AS grp, {strata} AS h,
               {psu} AS psu, {weight} AS w, hh.hh_size AS m, {weight} * hh.hh_size AS v
               {extra}
        FROM {rel} AS hh {join}
        WHERE hh.year = $year
    """
    return Base(sql=sql, params={"year": int(year)}, by=by)


@dataclass(frozen=True)
class PoorRule:
    """Who counts as poor, as SQL over household columns, and in words.

    ``sql`` is TRUE (poor), FALSE (not poor) or NULL (cannot be classified: a
    missing consumption or decile) for a household row; ``params`` binds its
    values; ``statement`` says it for a reader, e.g. ``consumption_pc_rp <
    1166466 Rp/capita/month``.
    """

    definition: str
    sql: str
    params: dict
    statement: str
    column: str


def poor_rule(
    poor_definition: str = "line", *, line_rp: float | None = None, decile_k: int = 4
) -> PoorRule:
    """State who is poor.

    Args:
        poor_definition: ``"line"`` (consumption per capita strictly below the
            line; survey definition) or ``"decile"`` (DTSEN welfare decile <= k;
            registry definition).
        line_rp: Poverty line, Rp per capita per month; required for ``"line"``.
        decile_k: Highest decile counted as poor for ``"decile"`` (1-10; the
            usual assistance threshold is 4).

    Returns:
        A :class:`PoorRule` (SQL uses the named parameter ``$poor_z`` or
        ``$poor_k``).

    Raises:
        ValueError: Unknown definition, missing or non-positive line, k outside 1-10.
    """
    if poor_definition == "line":
        if line_rp is None or not math.isfinite(float(line_rp)) or float(line_rp) <= 0:
            raise ValueError("poor_definition='line' needs a positive line_rp")
        z = float(line_rp)
        return PoorRule(
            "line",
            "(consumption_pc_rp < $poor_z)",
            {"poor_z": z},
            f"consumption_pc_rp < {z:,.0f} Rp/capita/month",
            "consumption_pc_rp",
        )
    if poor_definition == "decile":
        k = int(decile_k)
        if not 1 <= k <= 10:
            raise ValueError(f"decile_k must be within 1-10, got {decile_k}")
        return PoorRule(
            "decile",
            "(welfare_decile <= $poor_k)",
            {"poor_k": k},
            f"welfare_decile <= {k}",
            "welfare_decile",
        )
    raise ValueError(f"poor_definition must be one of {POOR_DEFINITIONS}, got {poor_definition!r}")


def check_weighting(weighting: str) -> str:
    """Validate a weighting option and return the base column it weights by.

    Args:
        weighting: ``"household"`` (each household counts its weight w) or
            ``"person"`` (its person weight v = w * hh_size).

    Returns:
        ``"w"`` or ``"v"``.
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {WEIGHTINGS}, got {weighting!r}")
    return "w" if weighting == "household" else "v"
