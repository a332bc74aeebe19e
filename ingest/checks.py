"""Checks at the door, derived from the schema and run as SQL on the staged text.

Input: the ``raw`` view made by ``ingest.stage`` (VARCHAR ``_c0``... + ``_row``)
and the lookup tables of ``ingest.codes``. Output:

* ``parsed``: one typed column per mapped store column, plus a ``_bad_<col>``
  flag per column (a value that is there but cannot be read), in one pass;
* ``problems``: every problem, complete, as a table (the CLI writes it to the
  report CSV), and the first ones per kind as :class:`Problem` objects;
* exact counts per kind.

Clean files cost two scans (typing, then one aggregate that counts every
check at once) plus a grouping for duplicate keys; the queries that list
problems only run for checks that failed. Nothing here writes to the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from ingest import values as V
from ingest.codes import norm_key_sql
from ingest.problems import PROBLEM_COLUMNS, Problem, problems_frame
from ingest.sniff import norm_header
from ingest.stage import Staged
from store import schema
from store.schema import Column, Table

__all__ = [
    "CheckResult",
    "Problem",
    "check",
    "known_headers",
    "map_columns",
    "problems_frame",
    "run_checks",
    "schema",
]

MAX_LISTED = 1000  # problems per kind kept as Python objects (all are in the table)
NIK_COLUMN = "nik"
NIK_ALIASES = ("nik", "nik_krt", "no_nik", "nomor_induk_kependudukan")


# What DuckDB's CSV reader takes as a BOOLEAN: the same meaning as the yes/no words
# here, so a column of these may be read typed (a faster read, nothing to parse).
DUCKDB_BOOL_WORDS = frozenset({"true", "false", "t", "f", "1", "0", "yes", "no", "y", "n"})


def type_plan(table: Table) -> Callable[[list[str], list[list[str]]], dict[int, str]]:
    """The yes/no columns of a CSV that DuckDB may read as BOOLEAN, judged on its first
    rows. A later value DuckDB cannot read sends the file back to the text path, and
    so does any problem (the report always comes from the text path): reading typed
    changes the speed, never the outcome."""

    def plan(names: list[str], body: list[list[str]]) -> dict[int, str]:
        mapping, _, dupes = map_columns_at(table, names)
        if dupes:
            return {}
        out = {}
        for c in table.columns:
            if c.type != "bool" or c.name not in mapping:
                continue
            i = mapping[c.name]
            cat = V.CATEGORY_BOOLS.get((table.name, c.name))
            if cat and norm_header(names[i]) in cat["headers"]:
                continue  # 1 = laki-laki: not a yes/no
            vals = [r[i] for r in body if i < len(r) and r[i] != ""]
            if vals and all(v == v.strip() and v.lower() in DUCKDB_BOOL_WORDS for v in vals):
                out[i] = "BOOLEAN"
        return out

    return plan


def _nik_headers(table: Table) -> tuple[str, ...]:
    return NIK_ALIASES if table.name == "households" else ()


def known_headers(table: Table) -> set[str]:
    """Every header (normalised) that maps to a column of ``table``."""
    names = set()
    for c in table.columns:
        if c.derived:
            continue
        names.add(c.name)
        names.update(norm_header(a) for a in c.aliases)
    names.update(_nik_headers(table))
    return names


def _lookup(table: Table) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for c in table.columns:
        if c.derived:
            continue
        lookup.setdefault(c.name, c.name)
        for a in c.aliases:
            lookup.setdefault(norm_header(a), c.name)
    for a in _nik_headers(table):
        lookup.setdefault(a, NIK_COLUMN)
    return lookup


def map_columns_at(
    table: Table, file_columns: list[str]
) -> tuple[dict[str, int], list[int], list[tuple[str, int]]]:
    """Like :func:`map_columns`, with positions (headers may repeat)."""
    lookup = _lookup(table)
    mapping: dict[str, int] = {}
    unknown: list[int] = []
    dupes: list[tuple[str, int]] = []
    for i, h in enumerate(file_columns):
        target = lookup.get(norm_header(h))
        if target is None:
            unknown.append(i)
        elif target in mapping:
            dupes.append((target, i))
        else:
            mapping[target] = i
    return mapping, unknown, dupes


def map_columns(
    table: Table, file_columns: list[str]
) -> tuple[dict[str, str], list[str], list[tuple[str, str]]]:
    """Map file headers to declared columns, case-insensitively, through the aliases.

    Returns (declared -> file header, unknown headers, (declared, header) pairs
    for a second column mapping to an already mapped declared column).
    """
    m, unknown, dupes = map_columns_at(table, file_columns)
    return (
        {t: file_columns[i] for t, i in m.items()},
        [file_columns[i] for i in unknown],
        [(t, file_columns[i]) for t, i in dupes],
    )


def expected_text(col: Column, header: str | None = None, table: str = "") -> str:
    """What a value of ``col`` should look like, for the user."""
    if col.type == "bool":
        cat = V.CATEGORY_BOOLS.get((table, col.name))
        if cat and header is not None and norm_header(header) in cat["headers"]:
            return "1 = laki-laki or 2 = perempuan (L/P, Laki-laki/Perempuan)"
        return "yes/no: 1/0, ya/tidak, true/false (or 1 = ya, 2 = tidak)"
    base = {
        "text": "text (not an Excel error value such as #N/A)",
        "int": "a whole number",
        "float": "a number such as 1.234.567,5 or 1234567.5",
        "date": "a date dd/mm/yyyy",
        "timestamp": "a date and time dd/mm/yyyy hh:mm:ss",
    }[col.type]
    return base + (f" ({col.unit})" if col.unit else "")


def range_text(col: Column) -> str:
    unit = f" {col.unit}" if col.unit else ""
    lo = None
    if col.min is not None:
        lo = f"more than {col.min:g}" if col.min_exclusive else f"at least {col.min:g}"
    if lo and col.max is not None and not col.min_exclusive:
        return f"between {col.min:g} and {col.max:g}{unit}"
    if lo and col.max is not None:
        return f"{lo} and at most {col.max:g}{unit}"
    return f"{lo}{unit}" if lo else f"at most {col.max:g}{unit}"


@dataclass
class CheckResult:
    """What the checks found; ``parsed`` exists in the connection when mapped."""

    problems: list[Problem]  # the first MAX_LISTED per kind, ordered by row
    counts: dict[str, int]  # exact, per kind
    mapping: dict[str, int] = field(default_factory=dict)  # store column -> file position
    decimal_mark: str | None = None
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.counts


def _q(ident: str) -> str:
    return '"' + ident.replace('"', '""') + '"'


def create_problems_table(con: duckdb.DuckDBPyConnection) -> None:
    """The (TEMP) table every problem goes into, columns as :data:`PROBLEM_COLUMNS`."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE problems (kind VARCHAR, "
        'file VARCHAR, row BIGINT, "column" VARCHAR, field VARCHAR, value VARCHAR, '
        "expected VARCHAR)"
    )


def add_problems(con: duckdb.DuckDBPyConnection, problems: list[Problem]) -> None:
    """Append problems found outside SQL (file level, store level) to ``problems``."""
    if problems:
        con.executemany(
            "INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?, ?)",
            [[getattr(p, c) for c in PROBLEM_COLUMNS] for p in problems],
        )


def listed_problems(
    con: duckdb.DuckDBPyConnection, per_kind: int = MAX_LISTED
) -> tuple[list[Problem], dict[str, int]]:
    """The first ``per_kind`` problems of each kind (by row) and the exact counts."""
    counts = dict(con.execute("SELECT kind, count(*) FROM problems GROUP BY kind").fetchall())
    rows = con.execute(
        f"""SELECT {", ".join(_q(c) for c in PROBLEM_COLUMNS)} FROM problems
        QUALIFY row_number() OVER (PARTITION BY kind ORDER BY row NULLS FIRST, "column") <= ?
        ORDER BY row NULLS FIRST, "column", kind""",
        [per_kind],
    ).fetchall()
    probs = [
        Problem(file=r[1], row=r[2], column=r[3], value=r[5], expected=r[6], kind=r[0], field=r[4])
        for r in rows
    ]
    return probs, {k: int(n) for k, n in counts.items()}


def _file_level(
    table: Table, staged: Staged, mapping: dict[str, int], dupes: list[tuple[str, int]]
) -> list[Problem]:
    f, hr = staged.file_name, staged.header_row or None
    out: list[Problem] = []
    for line, text, why in staged.malformed:
        kind, _, detail = why.partition(":")
        if kind.strip() == "UNCLOSED QUOTE":
            expected = detail.strip()
        else:
            expected = (
                f"a line split like the header ({len(staged.columns)} columns, delimiter "
                f"{staged.delimiter!r}); {kind.strip().lower()}: {detail.strip()}"
            )
        out.append(Problem(f, line, None, text or None, expected, "malformed_row"))
    if out:
        return out  # row numbers after a bad line cannot be trusted: fix these first
    for target, i in dupes:
        first = staged.columns[mapping[target]]
        out.append(
            Problem(
                f,
                hr,
                staged.columns[i],
                staged.columns[i],
                f"one column for {target} (already given by {first!r})",
                "duplicate_column",
                target,
            )
        )
    for c in table.columns:
        if c.required and not c.derived and c.name not in mapping and c.default is None:
            names = ", ".join([c.name, *c.aliases])
            out.append(
                Problem(
                    f,
                    hr,
                    c.name,
                    None,
                    f"a column ({c.description}) named one of: {names}",
                    "missing_column",
                    c.name,
                )
            )
    if staged.rows == 0 and not out:
        out.append(Problem(f, None, None, None, "at least one data row", "empty"))
    return out


def _values_without_header(con: duckdb.DuckDBPyConnection, staged: Staged) -> bool:
    """A value right of the last named column means a shifted row (a stray delimiter):
    the row cannot be read safely, so it is refused as malformed."""
    cols = [staged.source_at(i) for i in staged.unnamed]
    if not cols or staged.rows == 0:
        return False
    named = len(staged.columns) - len(staged.unnamed)
    found = " OR ".join(f"coalesce(trim({c}), '') <> ''" for c in cols)
    value = "concat_ws(' | ', " + ", ".join(f"NULLIF(trim({c}), '')" for c in cols) + ")"
    value = f"regexp_replace({value}, '(^|[^0-9])[0-9]{{16}}([^0-9]|$)', '\\1<16 digits hidden>\\2', 'g')"
    con.execute(
        f"""INSERT INTO problems SELECT 'malformed_row', ?, _row, NULL, NULL, {value},
            ? FROM raw WHERE {found}""",
        [
            staged.file_name,
            f"no value after the {named} named columns (a delimiter inside a value, "
            "or a shifted row?)",
        ],
    )
    return bool(con.execute("SELECT count(*) FROM problems").fetchone()[0])


def _unclosed_quotes(
    con: duckdb.DuckDBPyConnection, staged: Staged, mapping: dict[str, int]
) -> bool:
    """A quote opened and never closed swallows the following lines into one value:
    a value holding a line break *and* the delimiter. Refused as malformed, since every
    row after it is lost (rather than reporting the empty cells it leaves)."""
    if not staged.multiline or not staged.delimiter or staged.rows == 0:
        return False  # no value holds a line break: nothing to look for
    cols = [staged.source_at(i) for i in sorted(set(mapping.values())) if staged.is_text(i)]
    if not cols:
        return False
    d = V.lit(staged.delimiter)
    hit = " OR ".join(f"(contains({c}, chr(10)) AND contains({c}, {d}))" for c in cols)
    first = (
        "coalesce("
        + ", ".join(
            f"CASE WHEN contains({c}, chr(10)) AND contains({c}, {d}) THEN {c} END" for c in cols
        )
        + ")"
    )
    con.execute(
        f"""INSERT INTO problems SELECT 'malformed_row', ?, _row, NULL, NULL,
            left(split_part({first}, chr(10), 1), 60),
            'a closed quote: the value starting here runs over ' ||
            (length({first}) - length(replace({first}, chr(10), '')) + 1)::VARCHAR ||
            ' lines, taking the rows below it' FROM raw WHERE {hit}""",
        [staged.file_name],
    )
    return bool(con.execute("SELECT count(*) FROM problems").fetchone()[0])


def _one_two_columns(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    staged: Staged,
    mapping: dict[str, int],
    low: set[str],
) -> set[str]:
    """Boolean columns coded 1 = ya, 2 = tidak (BPS questionnaires): 2s and no 0s.

    Low-cardinality columns answer from their distinct values (``_vals_<col>``).
    """
    cands = []
    for c in table.columns:
        if c.type != "bool" or c.name not in mapping or not staged.is_text(mapping[c.name]):
            continue
        header = staged.columns[mapping[c.name]]
        cat = V.CATEGORY_BOOLS.get((table.name, c.name))
        if cat and norm_header(header) in cat["headers"]:
            continue
        cands.append(c.name)
    if not cands:
        return set()
    parts = []
    for name in cands:
        if name in low:
            parts.append(
                f"(SELECT count_if(trim(v) = '2') > 0 AND count_if(trim(v) = '0') = 0 "
                f"FROM _vals_{name})"
            )
        else:
            w = f"raw.{staged.source_at(mapping[name])}"  # exact: trimming costs a scan
            parts.append(f"(SELECT count_if({w} = '2') > 0 AND count_if({w} = '0') = 0 FROM raw)")
    flags = con.execute(f"SELECT {', '.join(parts)}").fetchone()
    return {n for n, flag in zip(cands, flags, strict=True) if flag}


# Columns with fewer distinct values than this (in a sample) are typed once per
# distinct value and joined back: a million yes/no cells cost a hash join, and the
# slow paths (regexes for "Ya ", "1,0", "Perempuan") run a handful of times.
LOW_CARDINALITY = 2000
CARDINALITY_SAMPLE = 100_000
MAP_MIN_ROWS = 20_000  # below this, the extra queries cost more than they save


def _low_cardinality(
    con: duckdb.DuckDBPyConnection, table: Table, staged: Staged, mapping: dict[str, int]
) -> set[str]:
    """Columns to type per distinct value; their distinct texts go to ``_vals_<col>``."""
    sources = {
        c.name: f"raw.{staged.source_at(mapping[c.name])}"
        for c in table.columns
        if c.name in mapping
        and staged.is_text(mapping[c.name])
        and c.name not in ("district_code", "village_code")
        and (c.type != "text" or c.allowed is not None)
    }
    if not sources or staged.rows < MAP_MIN_ROWS:
        return set()
    names = list(sources)
    counts = con.execute(
        "SELECT "
        + ", ".join(f"approx_count_distinct({sources[n]})" for n in names)
        + f" FROM (SELECT * FROM raw LIMIT {CARDINALITY_SAMPLE}) AS raw"
    ).fetchone()
    low = {n for n, k in zip(names, counts, strict=True) if k < LOW_CARDINALITY}
    for n in low:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _vals_{n} AS SELECT DISTINCT {sources[n]} AS v "
            f"FROM raw WHERE {sources[n]} IS NOT NULL"
        )
    return low


CASE_MAX = 32  # distinct texts typed by a CASE expression rather than a join


def _sql_value(t: object, duck_type: str) -> str:
    """A typed value as a SQL literal (for the CASE of a low-cardinality column)."""
    if t is None:
        return f"NULL::{duck_type}"
    if isinstance(t, bool):
        return "TRUE" if t else "FALSE"
    if isinstance(t, int):
        return f"{t}::{duck_type}"
    if isinstance(t, float):
        return f"{t!r}::DOUBLE"
    return f"{V.lit(str(t))}::{duck_type}"


def _value_map(con: duckdb.DuckDBPyConnection, n: str, typed: str) -> None:
    """TEMP table ``_map_<n>(v, t)``: each distinct source text ``v`` and its typed value."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _map_{n} AS SELECT v, {typed} AS t FROM _vals_{n}")


def _code_map(
    con: duckdb.DuckDBPyConnection, src: str, keys: str, name: str, relation: str = "raw"
) -> None:
    """Look each distinct code once (a file has 18 districts, not a million)."""
    extra = ", any_value(k.district_code) AS district_code" if keys == "village_keys" else ""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE {name} AS
        SELECT s.v AS v, any_value(k.code) AS code{extra}
        FROM (SELECT DISTINCT {src} AS v FROM {relation} WHERE {src} IS NOT NULL) s
        LEFT JOIN {keys} k ON k.key = {norm_key_sql("s.v")} GROUP BY s.v"""
    )


def _typed_expr(table: Table, c: Column, v: str, header: str, dm: str, one_two: set[str]) -> str:
    """SQL typing the text ``v`` as column ``c`` (codes excepted: see _code_map)."""
    if c.type in ("int", "float"):
        d = V.number_sql(v, dm)
        return V.int_sql(d) if c.type == "int" else d
    if c.type == "text" and c.allowed is not None:
        whens = " ".join(f"WHEN {V.lit(V.norm_word(a))} THEN {V.lit(a)}" for a in c.allowed)
        return f"CASE {V.norm_word_sql(v)} {whens} END"
    if c.type == "text":
        return V.checked_text_sql(v)
    if c.type == "bool":
        trues, falses = V.bool_words(table.name, c.name, header, one_two=c.name in one_two)
        return V.bool_sql(v, trues, falses)
    if c.type == "date":
        return V.date_sql(v)
    return f"TRY_CAST(trim({v}) AS {c.duck_type})"


class NotDirect(Exception):
    """The direct read found something the text path must look at (a problem, a line
    DuckDB rejected, an empty line): nothing is reported from the direct read."""


@dataclass
class DirectRead:
    """A CSV typed straight from DuckDB's reader into ``parsed`` (:mod:`ingest.direct`).

    ``relation``: the ``read_csv(...)`` call, columns named ``_c0``, ``_c1``, ...;
    ``head``: the first data rows as the sniffer split them (their distinct values
    of a column are typed once, as a CASE); ``first_row``: the spreadsheet row of the
    first record; ``verify(records)``: raises :class:`NotDirect` when the read does
    not account for every line of the file."""

    relation: str
    head: list[list[str]]
    first_row: int
    verify: Callable[[int], None]


def _head_pairs(
    con: duckdb.DuckDBPyConnection, typed: str, values: set[str]
) -> list[tuple[str, object]] | None:
    """(text, typed value) for the distinct texts of a column in the head of the file."""
    vals = sorted(v for v in values if v.strip())
    if not vals or len(vals) > CASE_MAX:
        return None
    return [
        (v, t)
        for v, t in con.execute(
            f"SELECT v, {typed} FROM unnest(?::VARCHAR[]) AS u(v)", [vals]
        ).fetchall()
    ]


class _Levels:
    """A SELECT written in levels, each using the columns of the levels below.

    Inside a CASE, DuckDB evaluates every written copy of an expression (it shares
    repeated expressions only outside CASE and AND/OR); so a value used several
    times (a number tested, rounded and cast) is computed once, in a level of its
    own, and the levels above use its column. A CASE branch or a later COALESCE
    argument runs only on the rows that reach it: costly fallbacks go there."""

    def __init__(self) -> None:
        self.levels: list[list[str]] = [[] for _ in range(6)]

    def add(self, level: int, expr: str, name: str) -> None:
        self.levels[level].append(f"{expr} AS {name}")

    def sql(self, source: str, top: list[str]) -> str:
        q = f"SELECT {', '.join(self.levels[0])} FROM {source}"
        for exprs in self.levels[1:]:
            if exprs:
                q = f"SELECT *, {', '.join(exprs)} FROM ({q})"
        return f"SELECT {', '.join(top)} FROM ({q})"


def _number_levels(lv: _Levels, c: Column, g: str, dm: str) -> str:
    """Add the steps reading the number in ``g`` as ``c``; return the result's name.

    The usual cell (``1234``, ``1234,5``) costs one regular expression; the full
    reading (:func:`values.number_sql`) runs only on the cells that one missed, in a
    CASE branch (evaluated for its rows alone, its repeated parts repeated)."""
    n = c.name
    if c.type == "int":
        plain, full = V.int_plain_sql(g), V.int_sql(V.number_sql(g, dm))
    else:
        plain, full = V.number_plain_sql(g, dm), V.number_sql(g, dm)
    lv.add(2, plain, f"_p_{n}")
    lv.add(
        3,
        f"CASE WHEN _p_{n} IS NOT NULL THEN _p_{n} WHEN {g} IS NOT NULL THEN {full} END",
        f"_gt_{n}",
    )
    return f"_gt_{n}"


def _build_parsed(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    staged: Staged,
    mapping: dict[str, int],
    dm: str,
    one_two: set[str],
    nik_key: str | None,
    low: set[str],
    direct: DirectRead | None = None,
) -> None:
    """The view ``parsed`` over the TEMP table ``parsed0``: the typed columns and, per
    column, ``_bad_<col>``: the cell holds something that could not be read (empty
    cells are not bad, only missing).

    From ``raw`` (the text path), or with ``direct`` straight from the file: codes are
    then looked up in the view, once per distinct code, and ``_row`` counts records.
    A direct read only needs to know whether any cell is bad, so its cells share one
    flag (every ``_bad_<col>`` of its view is that flag: any bad cell sends the file to
    the text path, and with none, each column's count is the same as with its own).
    Constant columns are added by the view: a stored column costs time to write."""
    lv = _Levels()
    top: list[str] = []
    view: list[str] = []  # columns of the view ``parsed`` beyond those of ``parsed0``
    joins: list[str] = []
    bads: list[str] = []  # direct: the per-column conditions making up ``_bad``
    if direct is None:
        lv.add(0, "raw._row", "_row")
        top.append("_row")

    def bad(n: str) -> str:
        # Only rows whose value came out NULL pay for looking at the source text.
        cond = (
            f"CASE WHEN _t_{n} IS NULL THEN _s_{n} IS NOT NULL AND trim(_s_{n}) <> '' "
            "ELSE FALSE END"
        )
        if direct is None:
            return f"{cond} AS _bad_{n}"
        bads.append(cond)
        view.append(f"_bad AS _bad_{n}")
        return ""

    for c in (c for c in table.columns if c.name in mapping):
        n = c.name
        src = f"raw.{staged.source_at(mapping[n])}"
        header = staged.columns[mapping[n]]
        lv.add(0, src, f"_s_{n}")
        if not staged.is_text(mapping[n]):
            # Read typed by DuckDB (a yes/no column): nothing to parse, nothing bad.
            top.append(f"_s_{n} AS {n}")
            view.append(f"FALSE AS _bad_{n}")
            continue
        if n in ("district_code", "village_code"):
            if direct is not None:
                top.append(f"_s_{n}")  # looked up in the view
                continue
            keys, name, alias = (
                ("district_keys", "_map_district", "md")
                if n == "district_code"
                else ("village_keys", "_map_village", "mv")
            )
            _code_map(con, src, keys, name)
            joins.append(f"LEFT JOIN {name} {alias} ON {alias}.v = {src}")
            lv.add(0, f"{alias}.code", f"_t_{n}")
            if n == "village_code":
                lv.add(0, "mv.district_code", "_vd")
                top.append("_vd")
            top += [f"_t_{n} AS {n}", bad(n)]
            continue
        general = _typed_expr(table, c, "v", header, dm, one_two)
        pairs = None
        if n in low:
            _value_map(con, n, general)
            pairs = con.execute(f"SELECT v, t FROM _map_{n} LIMIT {CASE_MAX + 1}").fetchall()
            if len(pairs) > CASE_MAX:
                alias = f"_m{len(joins)}"
                joins.append(f"LEFT JOIN _map_{n} {alias} ON {alias}.v = {src}")
                lv.add(0, f"{alias}.t", f"_t_{n}")
                top += [f"_t_{n} AS {n}", bad(n)]
                continue
        elif direct is not None and (c.type not in ("text", "int") or c.allowed is not None):
            # Yes/no words, allowed values, a weight per stratum: the few texts of the
            # first rows are typed once (whole numbers are cheaper to read than to look up).
            i = mapping[n]
            pairs = _head_pairs(con, general, {r[i] for r in direct.head if i < len(r)})
        g = f"_s_{n}"
        if pairs is not None:
            # A handful of texts (yes/no, a year) typed once: a CASE; other texts go on.
            whens = " ".join(f"WHEN {V.lit(v)} THEN {_sql_value(t, c.duck_type)}" for v, t in pairs)
            lv.add(0, f"CASE {src} {whens} END" if pairs else f"NULL::{c.duck_type}", f"_k_{n}")
            lv.add(1, f"CASE WHEN _k_{n} IS NULL THEN _s_{n} END", f"_g_{n}")
            g = f"_g_{n}"
        if c.type in ("int", "float"):
            typed = _number_levels(lv, c, g, dm)
        elif c.type == "text" and c.allowed is None:
            # Codes and names are mostly plain ASCII already: only the others are trimmed.
            lv.add(2, V.plain_text_sql(g), f"_tx_{n}")
            full = V.checked_text_sql(g)
            lv.add(3, f"CASE WHEN _tx_{n} IS NOT NULL THEN _tx_{n} ELSE {full} END", f"_gt_{n}")
            typed = f"_gt_{n}"
        else:
            typed = _typed_expr(table, c, g, header, dm, one_two)
            lv.add(2, f"CASE WHEN {g} IS NOT NULL THEN {typed} END", f"_gt_{n}")
            typed = f"_gt_{n}"
        lv.add(5, f"coalesce(_k_{n}, {typed})" if pairs is not None else typed, f"_t_{n}")
        top += [f"_t_{n} AS {n}", bad(n)]
    params: dict[str, bytes] = {}
    if NIK_COLUMN in mapping:
        src = f"raw.{staged.source_at(mapping[NIK_COLUMN])}"
        ok = f"regexp_full_match(trim({src}), '[0-9]{{16}}')"
        hashed = "NULL::VARCHAR"
        if nik_key:
            params = hmac_pads(nik_key)
            hashed = f"CASE WHEN {ok} THEN {hmac_sql(f'trim({src})')} END"
        # The clear NIK goes no further than this expression.
        lv.add(0, f"coalesce(trim({src}), '') <> '' AND NOT coalesce({ok}, FALSE)", "_bad_nik")
        lv.add(0, hashed, "_t_nik_hash")
        top += ["_bad_nik", "_t_nik_hash AS nik_hash"]
    if bads:
        top.append(f"({' OR '.join(bads)}) AS _bad")
    source = f"{direct.relation} AS raw" if direct is not None else "raw"
    sql = lv.sql(" ".join([source, *joins]), [c for c in top if c])
    con.execute(f"CREATE OR REPLACE TEMP TABLE parsed0 AS {sql}", params or None)
    if direct is None:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW parsed AS SELECT {', '.join(['*', *view])} FROM parsed0"
        )
        return
    records = int(con.execute("SELECT count(*) FROM parsed0").fetchone()[0])
    direct.verify(records)
    staged.rows = records
    _direct_view(con, mapping, direct.first_row, view)


def _direct_view(
    con: duckdb.DuckDBPyConnection,
    mapping: dict[str, int],
    first_row: int,
    extra: list[str],
) -> None:
    """``parsed`` over ``parsed0`` of a direct read: codes looked up, rows numbered."""
    base = int(con.execute("SELECT coalesce(min(rowid), 0) FROM parsed0").fetchone()[0])
    cols = [f"(p.rowid - {base} + {first_row}) AS _row"]
    codes = [n for n in ("district_code", "village_code") if n in mapping]
    cols.append("p.*" + (f" EXCLUDE ({', '.join(f'_s_{n}' for n in codes)})" if codes else ""))
    cols += extra
    joins = []
    for n in codes:
        keys, name, alias = (
            ("district_keys", "_map_district", "md")
            if n == "district_code"
            else ("village_keys", "_map_village", "mv")
        )
        _code_map(con, f"_s_{n}", keys, name, relation="parsed0")
        joins.append(f"LEFT JOIN {name} {alias} ON {alias}.v = p._s_{n}")
        cols += [
            f"{alias}.code AS {n}",
            f"CASE WHEN {alias}.code IS NULL THEN p._s_{n} IS NOT NULL AND trim(p._s_{n}) <> '' "
            f"ELSE FALSE END AS _bad_{n}",
        ]
        if n == "village_code":
            cols.append("mv.district_code AS _vd")
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW parsed AS SELECT {', '.join(cols)} "
        f"FROM parsed0 p {' '.join(joins)}"
    )


def hmac_pads(key: str) -> dict[str, bytes]:
    """The HMAC-SHA256 inner and outer keys (RFC 2104), bound as parameters: never in SQL text."""
    k = key.encode()
    if len(k) > 64:
        k = hashlib.sha256(k).digest()
    k = k.ljust(64, b"\0")
    return {
        "nik_ipad": bytes(b ^ 0x36 for b in k),
        "nik_opad": bytes(b ^ 0x5C for b in k),
    }


def hmac_sql(expr: str) -> str:
    """HMAC-SHA256 (hex) of a text in DuckDB's own SHA-256: vectorised, no Python per row;
    equal to ``hmac.new(key, text.encode(), sha256).hexdigest()`` (tested)."""
    return f"sha256($nik_opad || unhex(sha256($nik_ipad || encode({expr}))))"


def run_checks(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    staged: Staged,
    *,
    decimal: str | None = None,
    nik_key: str | None = None,
    nik_required_key: bool = True,
    max_problems_per_kind: int = MAX_LISTED,
    direct: DirectRead | None = None,
) -> CheckResult:
    """Check the staged ``raw`` against ``table``; build ``parsed`` and ``problems``.

    ``con`` must hold ``raw`` and the lookup tables of :func:`ingest.codes.load_references`.
    ``decimal`` (',' or '.') overrides the detected decimal mark.

    With ``direct``, ``parsed`` is read straight from the file (``raw`` then only
    serves the decimal mark, from the first rows) and every check is counted in one
    pass; any problem raises :class:`NotDirect`, for the text path to report.
    """
    f = staged.file_name
    create_problems_table(con)
    mapping, unknown, dupes = map_columns_at(table, staged.columns)
    if unknown:
        staged.notes.append(
            "columns not used: " + ", ".join(repr(staged.columns[i]) for i in unknown)
        )
    early = _file_level(table, staged, mapping, dupes)
    if NIK_COLUMN in mapping and not nik_key and nik_required_key and not early:
        early.append(
            Problem(
                f,
                staged.header_row or None,
                staged.columns[mapping[NIK_COLUMN]],
                None,
                "a key to pseudonymise NIK: set RPKD_NIK_KEY (or nik_key in rpkd.toml) "
                "and import again; the clear NIK is never stored",
                "nik_key_missing",
                "nik_hash",
            )
        )
    if early:
        if direct is not None:
            raise NotDirect("the file has problems")
        add_problems(con, early)
        probs, counts = listed_problems(con, max_problems_per_kind)
        return CheckResult(probs, counts, mapping, None, staged.rows)
    if _values_without_header(con, staged) or _unclosed_quotes(con, staged, mapping):
        probs, counts = listed_problems(con, max_problems_per_kind)
        return CheckResult(probs, counts, mapping, None, staged.rows)

    declared = {c.name: c for c in table.columns}
    num_sources = [
        f"raw.{staged.source_at(i)}"
        for t, i in mapping.items()
        if t in declared and declared[t].type in ("int", "float")
    ]
    if decimal:
        dm = decimal
    elif staged.decimal_mark:
        dm = staged.decimal_mark
    else:
        default = "," if staged.delimiter == ";" else "."
        dm, n_comma, n_dot = V.detect_decimal_mark(con, "raw", num_sources, default)
        how = (
            f"{n_comma:,} values say ',' and {n_dot:,} say '.'"
            if n_comma or n_dot
            else f"no value decides it; default for delimiter {staged.delimiter!r}"
        )
        staged.notes.append(
            f"decimal mark {dm!r} ({how}); a lone 1.234 is read as "
            + ("1234" if dm == "," else "1.234")
        )
    staged.decimal_mark = dm
    # A direct read types the head's texts once instead, and has no 2 = tidak columns
    # (a 2 there is a problem, sending the file to the text path, which finds them).
    low = _low_cardinality(con, table, staged, mapping) if direct is None else set()
    one_two = set() if direct else _one_two_columns(con, table, staged, mapping, low)
    for name in sorted(one_two):
        staged.notes.append(f"column {staged.columns[mapping[name]]!r} read as 1 = ya, 2 = tidak")
    _build_parsed(con, table, staged, mapping, dm, one_two, nik_key, low, direct)

    # Every check as (kind, store column, condition on parsed, expected text).
    checks: list[tuple[str, str, str, str]] = []
    for c in table.columns:
        if c.name not in mapping:
            continue
        n = c.name
        header = staged.columns[mapping[n]]
        bad = f"_bad_{n}"
        if c.required:
            checks.append(
                (
                    "missing_value",
                    n,
                    f"({n} IS NULL AND NOT _bad_{n})",
                    f"a value ({c.description})",
                )
            )
        if n == "district_code":
            checks.append(
                (
                    "unknown_code",
                    n,
                    bad,
                    "a Mimika district: Kemendagri code (94.04.01), BPS code (9412030), "
                    "pre-2022 code (91.09.01) or name",
                )
            )
        elif n == "village_code":
            checks.append(
                (
                    "unknown_code",
                    n,
                    bad,
                    "a Mimika village: Kemendagri code (94.04.01.1001) or pre-2022 code",
                )
            )
            if "district_code" in mapping:
                checks.append(
                    (
                        "village_not_in_district",
                        n,
                        "(village_code IS NOT NULL AND district_code IS NOT NULL "
                        "AND _vd <> district_code)",
                        "",  # built in SQL: names both districts
                    )
                )
        elif c.type == "text" and c.allowed is not None:
            checks.append(("not_allowed", n, bad, "one of: " + ", ".join(c.allowed)))
        else:
            checks.append(("bad_type", n, bad, expected_text(c, header, table.name)))
        if c.min is not None:
            op = "<=" if c.min_exclusive else "<"
            checks.append(("out_of_range", n, f"({n} {op} {c.min!r})", range_text(c)))
        if c.max is not None:
            checks.append(("out_of_range", n, f"({n} > {c.max!r})", range_text(c)))
    if NIK_COLUMN in mapping:
        checks.append(
            (
                "bad_type",
                NIK_COLUMN,
                "_bad_nik",
                "a 16-digit NIK (value not shown: personal data)",
            )
        )
    counts_sql = ", ".join(f"count_if({cond})" for _, _, cond, _ in checks) or "0"
    key = _key(table, mapping)
    # Keys seen twice, in the same pass: a hash per key (equal keys, equal hashes);
    # when this says so, _duplicates groups the keys themselves and lists them.
    repeats = "0"
    if key:
        hashed = f"hash({', '.join(key[0])})"
        repeats = f"count_if({key[1]}) - count(DISTINCT CASE WHEN {key[1]} THEN {hashed} END)"
    *found, repeated = con.execute(f"SELECT {counts_sql}, {repeats} FROM parsed").fetchone()
    if direct is not None:
        if any(found) or repeated:
            raise NotDirect("the file has problems")
        return CheckResult([], {}, mapping, dm, staged.rows)
    for (kind, n, cond, expected), k in zip(checks, found, strict=False):
        if not k:
            continue
        src = staged.source_at(mapping[n])
        value = "NULL" if n == NIK_COLUMN else f"r.{src}::VARCHAR"
        if kind == "village_not_in_district":
            exp_sql = (
                "'a village of district ' || district_code || ' (this one is in ' || _vd || ')'"
            )
        else:
            exp_sql = V.lit(expected)
        field_name = "nik_hash" if n == NIK_COLUMN else n
        con.execute(
            f"""INSERT INTO problems SELECT ?, ?, p._row, ?, ?, {value}, {exp_sql}
                FROM parsed p JOIN raw r USING (_row) WHERE {cond}""",
            [kind, f, staged.columns[mapping[n]], field_name],
        )
    if repeated:
        _duplicates(con, table, staged, mapping)
    probs, counts = listed_problems(con, max_problems_per_kind)
    return CheckResult(probs, counts, mapping, dm, staged.rows)


def _key(table: Table, mapping: dict[str, int]) -> tuple[list[str], str] | None:
    """The key columns the file has, and the condition that a row's key is given."""
    key = [k for k in table.primary_key if k in mapping]
    if not key or (table.primary_key and table.primary_key[0] not in mapping):
        return None
    present = " AND ".join(f"{k} IS NOT NULL" for k in key if table.column(k).required) or "true"
    return key, present


def _duplicates(
    con: duckdb.DuckDBPyConnection, table: Table, staged: Staged, mapping: dict[str, int]
) -> None:
    found = _key(table, mapping)
    if found is None:
        return
    key, present = found
    keys = ", ".join(key)
    n = con.execute(
        f"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM parsed WHERE {present} "
        f"GROUP BY {keys} HAVING count(*) > 1)"
    ).fetchone()[0]
    if not n:
        return
    shown = " || ' / ' || ".join(f"coalesce({k}::VARCHAR, '')" for k in key)
    last = key[-1]
    con.execute(
        f"""INSERT INTO problems SELECT 'duplicate_in_file', ?, _row, ?, ?, {shown},
            'a unique {" + ".join(key)} within the file (first on row ' || first || ')'
            FROM (SELECT _row, {keys}, min(_row) OVER (PARTITION BY {keys}) AS first
                  FROM parsed WHERE {present})
            WHERE _row > first""",
        [staged.file_name, staged.columns[mapping[last]], last],
    )


def incoming_sql(table: Table, mapping: dict[str, int]) -> str:
    """SELECT producing ``_row`` and the declared columns, in order, from ``parsed``."""
    cols = ["_row"]
    for c in table.columns:
        if c.name in mapping:
            expr = c.name
            if c.default is not None:
                expr = f"coalesce({c.name}, {c.default!r}::{c.duck_type})"
        elif c.derived and c.name == "nik_hash" and NIK_COLUMN in mapping:
            expr = "nik_hash"
        elif c.default is not None:
            expr = f"{c.default!r}::{c.duck_type}"
        else:
            expr = f"NULL::{c.duck_type}"
        cols.append(f"{expr} AS {c.name}")
    return f"SELECT {', '.join(cols)} FROM parsed"


def check(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    staged: Staged,
    *,
    max_problems_per_kind: int = MAX_LISTED,
) -> tuple[list[Problem], int]:
    """Check the staged file (kept for callers of the first version)."""
    res = run_checks(
        con, table, staged, max_problems_per_kind=max_problems_per_kind, nik_required_key=True
    )
    return res.problems, staged.rows
