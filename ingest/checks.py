"""Checks at the door, derived from the schema and run as SQL on the staged text.

Input: the ``raw`` table made by ``ingest.stage`` (VARCHAR columns + ``_row``).
Output: a typed table ``typed`` in the declared column order, and a list of
problems, each naming file, row (as the spreadsheet shows it), column, value
and what was expected. Nothing here writes to the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from ingest.stage import Staged, norm_header
from store import schema
from store.schema import Column, Table

TRUE_WORDS = ("1", "true", "t", "ya", "y", "yes", "benar", "b")
FALSE_WORDS = ("0", "false", "f", "tidak", "tdk", "n", "no", "bukan", "salah", "s")
# Value words for columns whose Indonesian alias carries a category, not a yes/no.
BOOL_VALUE_WORDS = {
    "head_female": (
        ("perempuan", "wanita", "p", "2", "female"),
        ("laki_laki", "laki-laki", "laki", "pria", "l", "1", "male"),
    ),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a delivery."""

    file: str
    row: int | None  # spreadsheet row; None for a file-level problem
    column: str | None
    value: str | None
    expected: str
    kind: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        val = "" if self.value is None else f": got {self.value!r}"
        return f"{where}{val}; expected {self.expected} [{self.kind}]"


PROBLEM_COLUMNS = ["file", "row", "column", "value", "expected", "kind"]


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a frame (for the CSV report and the import page)."""
    return pd.DataFrame([p.__dict__ for p in problems], columns=PROBLEM_COLUMNS)


def known_headers(table: Table) -> set[str]:
    """Every header (normalised) that maps to a column of ``table``."""
    names = set()
    for c in table.columns:
        names.add(c.name)
        names.update(norm_header(a) for a in c.aliases)
    if table.name == "households":
        names.add("nik")
    return names


def map_columns(
    table: Table, file_columns: list[str]
) -> tuple[dict[str, str], list[str], list[tuple[str, str]]]:
    """Map file headers to declared columns.

    Returns (declared -> file header, unknown headers, ambiguous (declared, header) pairs).
    """
    lookup: dict[str, str] = {}
    for c in table.columns:
        if c.derived:
            continue
        lookup[c.name] = c.name
        for a in c.aliases:
            lookup.setdefault(norm_header(a), c.name)
    if table.name == "households":
        lookup["nik"] = "nik"
    mapping: dict[str, str] = {}
    unknown, dupes = [], []
    for h in file_columns:
        target = lookup.get(norm_header(h))
        if target is None:
            unknown.append(h)
        elif target in mapping:
            dupes.append((target, h))
        else:
            mapping[target] = h
    return mapping, unknown, dupes


def _q(ident: str) -> str:
    return '"' + ident.replace('"', '""') + '"'


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _text(src: str) -> str:
    return f"NULLIF(trim({src}), '')"


def _number(src: str, decimal_mark: str) -> str:
    t = f"regexp_replace(trim({src}), '^[Rr][Pp]\\.?\\s*|\\s', '', 'g')"
    if decimal_mark == ",":
        t = f"replace(replace({t}, '.', ''), ',', '.')"
    else:
        t = f"replace({t}, ',', '')"
    return f"TRY_CAST(NULLIF({t}, '') AS DOUBLE)"


def _bool(src: str, col: str) -> str:
    t = f"lower(trim({src}))"
    trues, falses = TRUE_WORDS, FALSE_WORDS
    if col in BOOL_VALUE_WORDS:
        trues = BOOL_VALUE_WORDS[col][0] + TRUE_WORDS[1:]
        falses = BOOL_VALUE_WORDS[col][1] + FALSE_WORDS[1:]
    tl = ", ".join(_lit(w) for w in trues)
    fl = ", ".join(_lit(w) for w in falses)
    return f"CASE WHEN {t} IN ({tl}) THEN TRUE WHEN {t} IN ({fl}) THEN FALSE END"


def _date(src: str) -> str:
    t = f"trim({src})"
    return (
        f"coalesce(TRY_CAST(try_strptime({t}, '%d/%m/%Y') AS DATE), "
        f"TRY_CAST(try_strptime({t}, '%d-%m-%Y') AS DATE), TRY_CAST({t} AS DATE))"
    )


def typed_expr(col: Column, src: str, decimal_mark: str) -> str:
    """SQL expression turning the staged text ``src`` into the declared type."""
    if col.type == "text":
        return _text(src)
    if col.type == "float":
        return _number(src, decimal_mark)
    if col.type == "int":
        n = _number(src, decimal_mark)
        return f"CASE WHEN {n} = round({n}) THEN {n}::BIGINT END"
    if col.type == "bool":
        return _bool(src, col.name)
    if col.type == "date":
        return _date(src)
    raise ValueError(col.type)


def expected_text(col: Column) -> str:
    """What a value of ``col`` should look like, for the user."""
    base = {
        "text": "text",
        "int": "a whole number",
        "float": "a number (1.234,5 or 1234.5)",
        "bool": "yes/no (1/0, ya/tidak, true/false)",
        "date": "a date dd/mm/yyyy",
    }[col.type]
    if col.unit:
        base += f" in {col.unit}"
    return base


def detect_decimal_mark(
    con: duckdb.DuckDBPyConnection, sources: list[str], delimiter: str | None
) -> str:
    """Decide whether ',' or '.' is the decimal mark of a text file, from all numeric columns."""
    if not sources:
        return ","
    comma = " + ".join(
        f"count_if(regexp_full_match(trim({s}), '-?[0-9]{{1,3}}(\\.[0-9]{{3}})*,[0-9]+|-?[0-9]{{1,3}}(\\.[0-9]{{3}}){{2,}}'))"
        for s in sources
    )
    dot = " + ".join(
        f"count_if(regexp_full_match(trim({s}), '-?[0-9]{{1,3}}(,[0-9]{{3}})*\\.[0-9]+|-?[0-9]{{1,3}}(,[0-9]{{3}}){{2,}}') AND NOT regexp_full_match(trim({s}), '-?[0-9]{{1,3}}(\\.[0-9]{{3}})+'))"
        for s in sources
    )
    n_comma, n_dot = con.execute(f"SELECT {comma}, {dot} FROM raw").fetchone()
    if n_comma > n_dot:
        return ","
    if n_dot > n_comma:
        return "."
    return "," if delimiter == ";" else "."


def _district_lookup_sql() -> str:
    # Kemendagri code, BPS code, pre-2022 code and name (any case) -> Kemendagri code.
    return """
        SELECT district_code AS key, district_code AS code FROM ref_districts
        UNION SELECT bps_code, district_code FROM ref_districts
        UNION SELECT '91.09.' || substr(district_code, 7), district_code FROM ref_districts
        UNION SELECT lower(name), district_code FROM ref_districts
        UNION SELECT replace(district_code, '.', ''), district_code FROM ref_districts
    """


def check(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    staged: Staged,
    *,
    max_problems_per_kind: int = 10_000,
) -> tuple[list[Problem], int]:
    """Check the staged ``raw`` table against ``table``; create ``typed`` when clean.

    ``con`` must hold ``raw`` and the reference tables ``ref_districts`` and
    ``ref_villages`` (see ``ingest.load``). Returns (problems, rows).
    """
    f = staged.file_name
    problems: list[Problem] = []
    mapping, unknown, dupes = map_columns(table, staged.columns)
    for target, header in dupes:
        problems.append(
            Problem(
                f,
                staged.header_row,
                header,
                header,
                f"one column for {target} (already given by {mapping[target]!r})",
                "duplicate_column",
            )
        )
    for c in table.columns:
        if c.required and not c.derived and c.name not in mapping:
            names = ", ".join([c.name, *c.aliases[:3]])
            problems.append(
                Problem(
                    f,
                    staged.header_row,
                    c.name,
                    None,
                    f"a column {c.name} (or {names})",
                    "missing_column",
                )
            )
    if staged.rows == 0:
        problems.append(Problem(f, None, None, None, "at least one data row", "empty"))
    if problems:
        return problems, staged.rows

    declared = {c.name: c for c in table.columns}
    num_sources = [
        f"raw.{_q(h)}"
        for t, h in mapping.items()
        if t in declared and declared[t].type in ("int", "float")
    ]
    dm = staged.decimal_mark or detect_decimal_mark(con, num_sources, staged.delimiter)
    staged.decimal_mark = dm

    selects = ["raw._row AS _row"]
    for c in table.columns:
        if c.name in mapping:
            selects.append(f"{typed_expr(c, 'raw.' + _q(mapping[c.name]), dm)} AS {c.name}")
            selects.append(f"raw.{_q(mapping[c.name])} AS {_q('_src_' + c.name)}")
        elif c.derived:
            selects.append(f"NULL::{c.duck_type} AS {c.name}")
        elif c.default is not None:
            selects.append(f"{c.default!r}::{c.duck_type} AS {c.name}")
        else:
            selects.append(f"NULL::{c.duck_type} AS {c.name}")
    if "nik" in mapping:
        selects.append(f"NULLIF(trim(raw.{_q(mapping['nik'])}), '') AS nik")
    con.execute("DROP TABLE IF EXISTS parsed")
    con.execute(f"CREATE TEMP TABLE parsed AS SELECT {', '.join(selects)} FROM raw")

    # Code columns: normalise districts (BPS code, name, pre-2022 code accepted).
    if "district_code" in mapping:
        con.execute(f"CREATE OR REPLACE TEMP TABLE district_keys AS {_district_lookup_sql()}")
        con.execute(
            """UPDATE parsed SET district_code = k.code FROM district_keys k
               WHERE lower(parsed.district_code) = lower(k.key)"""
        )

    def add(sql: str, column: str, expected: str, kind: str, params: list | None = None) -> None:
        rows = con.execute(
            sql + f" ORDER BY _row LIMIT {int(max_problems_per_kind)}", params or []
        ).fetchall()
        for row, value in rows:
            problems.append(
                Problem(
                    f,
                    int(row),
                    mapping.get(column, column),
                    None if value is None else str(value),
                    expected,
                    kind,
                )
            )

    for c in table.columns:
        if c.name not in mapping:
            continue
        src = _q("_src_" + c.name)
        if c.required:
            add(
                f"SELECT _row, {src} FROM parsed WHERE {src} IS NULL OR trim({src}) = ''",
                c.name,
                f"a value ({c.description})",
                "missing_value",
            )
        add(
            f"SELECT _row, {src} FROM parsed WHERE {c.name} IS NULL AND {src} IS NOT NULL AND trim({src}) <> ''",
            c.name,
            expected_text(c),
            "bad_type",
        )
        if c.min is not None:
            op = "<=" if c.min_exclusive else "<"
            add(
                f"SELECT _row, {src} FROM parsed WHERE {c.name} {op} ?",
                c.name,
                f"{'>' if c.min_exclusive else '>='} {c.min:g}" + (f" {c.unit}" if c.unit else ""),
                "out_of_range",
                [c.min],
            )
        if c.max is not None:
            add(
                f"SELECT _row, {src} FROM parsed WHERE {c.name} > ?",
                c.name,
                f"<= {c.max:g}",
                "out_of_range",
                [c.max],
            )
        if c.allowed is not None:
            allowed = list(c.allowed)
            add(
                f"SELECT _row, {src} FROM parsed WHERE {c.name} IS NOT NULL AND NOT list_contains(?, {c.name})",
                c.name,
                "one of " + ", ".join(allowed),
                "not_allowed",
                [allowed],
            )

    if "district_code" in mapping:
        add(
            "SELECT _row, _src_district_code FROM parsed WHERE district_code IS NOT NULL "
            "AND district_code NOT IN (SELECT district_code FROM ref_districts)",
            "district_code",
            "a Mimika district: Kemendagri code (94.04.01), BPS code (9412030) or name",
            "unknown_code",
        )
    if "village_code" in mapping:
        add(
            "SELECT _row, _src_village_code FROM parsed WHERE village_code IS NOT NULL "
            "AND village_code NOT IN (SELECT village_code FROM ref_villages)",
            "village_code",
            "a Mimika village code (94.04.01.1001)",
            "unknown_code",
        )
        if "district_code" in mapping:
            add(
                "SELECT p._row, p._src_village_code || ' in ' || p.district_code FROM parsed p "
                "JOIN ref_villages v USING (village_code) WHERE p.district_code IS NOT NULL "
                "AND v.district_code <> p.district_code",
                "village_code",
                "a village inside the row's district",
                "village_not_in_district",
            )
    if "nik" in mapping:
        add(
            "SELECT _row, NULL FROM parsed WHERE nik IS NOT NULL AND NOT regexp_full_match(nik, '[0-9]{16}')",
            "nik",
            "a 16-digit NIK (value not shown: personal data)",
            "bad_type",
        )

    key = [k for k in table.primary_key if k in mapping or table.column(k).default is not None]
    if key and len(key) == len(table.primary_key):
        keys = ", ".join(key)
        shown = " || ' / ' || ".join(f"coalesce({k}::VARCHAR, '')" for k in key)
        add(
            f"SELECT _row, {shown} FROM (SELECT _row, {keys}, count(*) OVER (PARTITION BY {keys}) AS n, "
            f"row_number() OVER (PARTITION BY {keys} ORDER BY _row) AS k FROM parsed) WHERE n > 1 AND k > 1",
            key[-1],
            f"a unique {' + '.join(key)} within the file",
            "duplicate_in_file",
        )
    return problems, staged.rows


def typed_relation_sql(table: Table) -> str:
    """SELECT producing the declared columns, in order, from ``parsed``."""
    return "SELECT " + ", ".join(c.name for c in table.columns) + " FROM parsed"


def column_names_valid(names: list[str]) -> bool:
    return all(re.fullmatch(r"[a-z_][a-z0-9_]*", n) for n in names)


__all__ = ["Problem", "check", "problems_frame", "known_headers", "map_columns", "schema"]
