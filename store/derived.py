"""Derived tables, kept in step with the households by the store writer.

The store is written rarely (an import, a demo build) and read all the time,
so what does not depend on a query's parameters is computed once, at write
time, inside the same copy-on-write transaction (:meth:`store.db.Store.write`
calls :func:`refresh` before it commits):

* ``households.psu_key``: the household's PSU (``strata`` + ``psu``) as a
  number within its year, so that grouping households by PSU is an integer
  hash rather than a hash of two text columns;
* ``design_cells``: per year, PSU, district and village, the households and
  weighted persons (the poverty line does not enter: a cell's population is the
  same for every line);
* ``design_gini``: the person-weighted Gini per year for the regency, each
  zone, district and village (it needs every household sorted by consumption,
  which is the slow part of the indicators, and it does not depend on the line
  either);
* ``derived_state``: per year, an order-free fingerprint of the columns these
  depend on and of the district -> zone mapping.

:func:`refresh` compares the fingerprints with the households as they are and
rebuilds only the years that changed, whoever wrote them (the checked import,
the benchmark generator, a test). ``analytics.poverty.fgt_by`` uses the tables
only when ``derived_state`` matches the year's row count and zones, and falls
back to the general computation otherwise; the two are checked equal in
``tests/store/test_derived.py``.
"""

from __future__ import annotations

import duckdb
import numpy as np

# The household columns the derived tables depend on (psu_key among them: a write
# that changes only the numbers is checked again).
DESIGN_COLUMNS = (
    "psu_key",
    "strata",
    "psu",
    "district_code",
    "village_code",
    "hh_size",
    "consumption_pc_rp",
    "weight",
)

# Groupings whose Gini is kept (and that fgt_by's stored path serves).
GINI_GROUPINGS = ("regency", "zone", "district", "village")


def zones_hash(con: duckdb.DuckDBPyConnection) -> str:
    """Hash of the district -> zone mapping (the zone Gini depends on it)."""
    return con.execute(
        "SELECT coalesce(md5(string_agg(district_code || '=' || coalesce(zone, ''), ',' "
        "ORDER BY district_code)), '') FROM districts"
    ).fetchone()[0]


def fingerprints(
    con: duckdb.DuckDBPyConnection, year: int | None = None
) -> dict[int, tuple[int, str]]:
    """Year -> (household rows, order-free hash of the design columns); one year or all."""
    cols = ", ".join(DESIGN_COLUMNS)
    where = "" if year is None else f"WHERE year = {int(year)}"
    rows = con.execute(
        f"SELECT year, count(*), sum(hash({cols}))::VARCHAR FROM households {where} GROUP BY year"
    ).fetchall()
    return {int(y): (int(n), str(fp)) for y, n, fp in rows}


def refresh(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Rebuild the derived tables of every year whose households or zones changed.

    Args:
        con: A read-write connection inside the writer's transaction.

    Returns:
        The years rebuilt (those removed from households are dropped silently).
    """
    zones = zones_hash(con)
    current = fingerprints(con)
    stored = {
        int(y): (int(n), fp, z)
        for y, n, fp, z in con.execute(
            "SELECT year, household_rows, fingerprint, zones FROM derived_state"
        ).fetchall()
    }
    for year in set(stored) - set(current):
        _drop(con, year)
    changed = sorted(y for y, (n, fp) in current.items() if stored.get(y) != (n, fp, zones))
    for year in changed:
        _rebuild(con, year, current[year], zones)
    return changed


def _drop(con: duckdb.DuckDBPyConnection, year: int) -> None:
    for t in ("design_cells", "design_gini", "derived_state"):
        con.execute(f"DELETE FROM {t} WHERE year = ?", [year])


def keyed(
    con: duckdb.DuckDBPyConnection, source: str, columns: list[str], *, keys: str | None = None
) -> str:
    """SQL selecting ``columns`` of the rows of ``source`` (households to be inserted),
    then their ``psu_key``, numbered per year in (strata, psu) order, as :func:`refresh` numbers
    them; so a writer inserting a whole year sets the keys as it inserts, and
    :func:`refresh` finds them right and leaves them (an UPDATE of every row of the
    year costs more than the numbering). ``source``: a table or view name; ``keys``:
    one holding at least its distinct (year, strata, psu), if there is one (cheaper)."""
    _number_psus(con, keys or source, per_year=True)
    picked = ", ".join(f"s.{c}" for c in columns)
    return (
        f"SELECT {picked}, k.psu_key FROM {source} AS s LEFT JOIN _psu_keys AS k "
        "ON k.year = s.year AND k.psu = s.psu AND k.strata IS NOT DISTINCT FROM s.strata"
    )


def _number_psus(con: duckdb.DuckDBPyConnection, source: str, *, per_year: bool) -> None:
    """``_psu_keys``: each distinct (strata, psu) of ``source`` and its number, 1..n in
    (strata, psu) order (per year with ``per_year``); households without a PSU get none.
    The one numbering rule, for the import (:func:`keyed`) and :func:`refresh`."""
    year = "year, " if per_year else ""
    over = "PARTITION BY year ORDER BY strata, psu" if per_year else "ORDER BY strata, psu"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _psu_keys AS
            SELECT {year}strata, psu, row_number() OVER ({over}) AS psu_key
            FROM (SELECT DISTINCT {year}strata, psu FROM {source} WHERE psu IS NOT NULL)"""
    )


def _rebuild(con: duckdb.DuckDBPyConnection, year: int, state: tuple[int, str], zones: str) -> None:
    _drop(con, year)
    p = {"year": year}
    # One pass over the year's households: the cells by PSU text and number. The
    # poverty line does not enter; v as in analytics.design.household_base (NULL when
    # consumption is missing).
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _cells AS
           SELECT psu_key, strata, psu, district_code, village_code,
                  count(v) AS households, coalesce(sum(v), 0) AS population
           FROM (SELECT psu_key, strata, psu, district_code, village_code,
                        CASE WHEN consumption_pc_rp IS NOT NULL THEN weight * hh_size END AS v
                 FROM households WHERE year = $year)
           GROUP BY ALL""",
        p,
    )
    if not _keys_valid(con):
        _rekey(con, year)
        state = fingerprints(con, year)[year]  # the numbers are part of it
    con.execute(
        """INSERT INTO design_cells BY NAME
           SELECT *, $year AS year,
                  dense_rank() OVER (ORDER BY strata NULLS LAST) - 1 AS stratum_key,
                  dense_rank() OVER (ORDER BY district_code NULLS LAST) - 1 AS district_key,
                  dense_rank() OVER (ORDER BY village_code NULLS LAST) - 1 AS village_key
           FROM (SELECT psu_key, strata, district_code, village_code,
                        sum(households) AS households, sum(population) AS population
                 FROM _cells GROUP BY ALL)""",
        p,
    )
    con.execute("DROP TABLE temp._cells")
    nested = con.execute(
        """SELECT count(*) = count(DISTINCT psu_key) AND count(psu_key) = count(*)
           FROM design_cells WHERE year = $year""",
        p,
    ).fetchone()[0]
    # The stored path serves nested designs only: other years need no Gini table.
    for by, rows in (gini_rows(con, year) if nested else {}).items():
        if rows:
            groups, ginis = zip(*rows, strict=True)
            con.execute(
                "INSERT INTO design_gini SELECT ?, ?, unnest(?::VARCHAR[]), unnest(?::DOUBLE[])",
                [year, by, list(groups), list(ginis)],
            )
    con.execute(
        "INSERT INTO derived_state VALUES (?, ?, ?, ?, ?)",
        [year, state[0], state[1], zones, bool(nested)],
    )


def _keys_valid(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the year's ``psu_key`` (in ``_cells``) numbers its PSUs 1..n, one number
    per (strata, psu), none for a household without a PSU."""
    return con.execute(
        """SELECT count_if(psu IS NULL OR psu_key IS NULL) = 0
                  AND count(DISTINCT psu_key) = count(*)
                  AND count(DISTINCT {'s': strata, 'p': psu}) = count(*)
                  AND coalesce(min(psu_key) = 1 AND max(psu_key) = count(*), TRUE)
           FROM (SELECT DISTINCT psu_key, strata, psu FROM _cells
                 WHERE psu IS NOT NULL OR psu_key IS NOT NULL)"""
    ).fetchone()[0]


def _rekey(con: duckdb.DuckDBPyConnection, year: int) -> None:
    """Number the year's PSUs again (households and ``_cells``), in (strata, psu) order;
    only the rows whose number changes are written."""
    p = {"year": year}
    _number_psus(con, "_cells", per_year=False)
    for table, where in (("households", "households.year = $year AND "), ("_cells", "")):
        con.execute(
            f"""UPDATE {table} SET psu_key = k.psu_key FROM _psu_keys AS k
               WHERE {where}{table}.psu = k.psu AND {table}.strata IS NOT DISTINCT FROM k.strata
                 AND {table}.psu_key IS DISTINCT FROM k.psu_key""",
            p if where else None,
        )
        con.execute(
            f"UPDATE {table} SET psu_key = NULL WHERE {where}psu IS NULL AND psu_key IS NOT NULL",
            p if where else None,
        )


def gini_rows(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, list[tuple]]:
    """Person-weighted Gini per standard grouping of one year's households.

    Needs the year's ``design_cells`` (one row per PSU: a nested design). Each
    household takes its group from its PSU's cell (an array lookup by PSU number);
    DuckDB sorts the households by consumption once; then, per
    grouping, a stable sort by group number keeps the consumption order inside
    each group, and each group's running sum gives the formula of
    :func:`analytics.inequality.gini_frame` (a running sum per group, not one
    over all households, so that a small group keeps full precision).

    Returns:
        grouping -> list of (group key as text or None, gini), keys sorted,
        the missing key last; only groups with households that have consumption.
    """
    p = {"year": year}
    labels_of = con.execute(
        """SELECT DISTINCT c.district_key, c.district_code, c.village_key, c.village_code, d.zone
           FROM design_cells AS c LEFT JOIN districts AS d USING (district_code)
           WHERE c.year = $year AND c.households > 0""",
        p,
    ).fetchall()
    cells = con.execute(
        """SELECT psu_key, district_key, village_key FROM design_cells
           WHERE year = $year AND households > 0""",
        p,
    ).fetchnumpy()
    got = con.execute(
        """SELECT consumption_pc_rp AS y, weight * hh_size AS v, psu_key
           FROM households
           WHERE year = $year AND consumption_pc_rp IS NOT NULL
             AND weight IS NOT NULL AND hh_size IS NOT NULL
           ORDER BY y""",
        p,
    ).fetchnumpy()
    y = np.asarray(got["y"], dtype=np.float64)
    v = np.asarray(got["v"], dtype=np.float64)
    if len(y) == 0:
        return {}
    psu = np.asarray(got["psu_key"], dtype=np.int64)
    vy = v * y
    out = {"regency": [("all", _gini_groups(vy, v, np.zeros(len(y), np.int64), 1)[0])]}
    # Stored number -> group number in sorted label order (missing label last), then
    # PSU number -> group number (a nested design: one cell per PSU).
    cell_psu = np.asarray(cells["psu_key"], dtype=np.int64)
    psu_group = np.zeros(int(cell_psu.max()) + 1, np.int64)
    for by, key, pos in (
        ("district", "district_key", (0, 1)),
        ("village", "village_key", (2, 3)),
        ("zone", "district_key", (0, 4)),
    ):
        labels, to_group = number_groups({(r[pos[0]], r[pos[1]]) for r in labels_of})
        psu_group[cell_psu] = to_group[np.asarray(cells[key], dtype=np.int64)]
        codes = psu_group[psu]
        out[by] = list(zip(labels, _gini_groups(vy, v, codes, len(labels)), strict=True))
    return out


def number_groups(pairs) -> tuple[list, np.ndarray]:
    """Group labels in sorted order (a missing label last) and a stored number -> group map.

    Args:
        pairs: (stored number, label) pairs, e.g. ``design_cells.district_key`` with
            the district code or its zone (several numbers may share a label).

    Returns:
        ``labels`` and an array ``to_group`` with ``to_group[number]`` the position of
        that number's label in ``labels``.
    """
    pairs = list(pairs)
    labels = sorted({lab for _, lab in pairs}, key=lambda x: (x is None, x or ""))
    index = {lab: i for i, lab in enumerate(labels)}
    to_group = np.zeros(max((k for k, _ in pairs), default=-1) + 1, np.int64)
    for k, lab in pairs:
        to_group[k] = index[lab]
    return labels, to_group


def _gini_groups(vy: np.ndarray, v: np.ndarray, codes: np.ndarray, n: int) -> list[float]:
    """Gini per group code 0..n-1 of households already sorted by y (``vy`` = v * y)."""
    if n == 1:
        vys, vs, bounds = vy, v, np.array([0, len(v)])
    else:
        small = codes.astype(np.int16) if n < 2**15 else codes
        order = np.argsort(small, kind="stable")
        vys, vs = vy[order], v[order]
        bounds = np.concatenate(([0], np.cumsum(np.bincount(small, minlength=n))))
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        vyg, vv = vys[lo:hi], vs[lo:hi]
        w, s_vy = vv.sum(), vyg.sum()
        r = np.cumsum(vv)  # weight up to and including i, within the group
        with np.errstate(divide="ignore", invalid="ignore"):
            out.append(float((2 * np.dot(vyg, r) - np.dot(vyg, vv)) / (w * s_vy) - 1))
    return out


def usable(con: duckdb.DuckDBPyConnection, year: int, *, zones: bool = True) -> bool:
    """True if the derived tables of ``year`` describe the households as they are now.

    Cheap (a count of the year's rows and a hash of 18 districts): the writer
    keeps them in step, this guards against a store written some other way. A
    year whose households lack PSUs, or whose PSUs span villages, is not usable
    (the general computation handles it). ``zones=False`` skips the zone check
    (for groupings that do not use zones).
    """
    try:
        row = con.execute(
            "SELECT household_rows, zones, nested FROM derived_state WHERE year = ?", [year]
        ).fetchone()
    except duckdb.CatalogException:
        return False
    if row is None or not row[2]:
        return False
    n = con.execute("SELECT count(*) FROM households WHERE year = ?", [year]).fetchone()[0]
    return n == row[0] and (not zones or zones_hash(con) == row[1])
