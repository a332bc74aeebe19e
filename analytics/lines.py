"""Look-ups every indicator needs first: the poverty line of a year, the latest year.

The poverty line z is in Rp per capita per month (the ``poverty_lines`` table:
one published, interpolated or user-entered line per year for the regency).
"""

from __future__ import annotations

import duckdb

from analytics.design import check_identifier


def poverty_line_for(
    con: duckdb.DuckDBPyConnection, year: int, lines: str = "poverty_lines"
) -> float:
    """The poverty line of one year.

    Args:
        con: An open DuckDB connection.
        year: The year wanted.
        lines: Name of the poverty-line relation (``year``, ``line_rp``).

    Returns:
        The line z, Rp per capita per month.

    Raises:
        ValueError: Bad relation name, or no usable (positive) line for ``year``; the
            message lists the years that have one and says how to add it.
    """
    rel = check_identifier(lines)
    row = con.execute(
        f"SELECT line_rp FROM {rel} WHERE year = ? AND line_rp > 0", [int(year)]
    ).fetchone()
    if row is not None and row[0] is not None:
        return float(row[0])
    years = [r[0] for r in con.execute(f"SELECT year FROM {rel} ORDER BY year").fetchall()]
    have = f"{years[0]}-{years[-1]}" if years else "none"
    raise ValueError(
        f"no poverty line for {int(year)} in {rel} (years with a line: {have}); "
        "add one with `rpkd import poverty_lines FILE` or pass the line explicitly"
    )


def poverty_line_status(
    con: duckdb.DuckDBPyConnection, year: int, lines: str = "poverty_lines"
) -> str | None:
    """How the line of ``year`` was obtained: ``published``, ``interpolated``, ``user``.

    Args:
        con: An open DuckDB connection.
        year: The year wanted.
        lines: Name of the poverty-line relation (``year``, ``status``).

    Returns:
        The status text, or ``None`` when there is no line for the year.
    """
    rel = check_identifier(lines)
    row = con.execute(f"SELECT status FROM {rel} WHERE year = ?", [int(year)]).fetchone()
    return None if row is None else row[0]


def latest_year(con: duckdb.DuckDBPyConnection, households: str = "households") -> int:
    """The most recent year holding household records.

    Args:
        con: An open DuckDB connection.
        households: Name of the household relation.

    Returns:
        The latest ``year`` present.

    Raises:
        ValueError: Bad relation name or no household at all.
    """
    rel = check_identifier(households)
    row = con.execute(f"SELECT max(year) FROM {rel}").fetchone()
    if row is None or row[0] is None:
        raise ValueError(
            f"{rel} holds no household; load a delivery (`rpkd import households FILE`) "
            "or build the demo (`rpkd demo`)"
        )
    return int(row[0])
