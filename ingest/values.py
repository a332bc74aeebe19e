"""Reading values as Indonesian spreadsheets write them, as vectorised SQL.

Every function here returns a DuckDB SQL expression over a staged VARCHAR
column, so a million rows are typed at DuckDB speed, never row by row in Python.

Numbers. Indonesian Excel writes ``1.234.567,5`` (thousands dot, decimal comma);
other tools write ``1234567.5`` or ``1,234,567.5``. Most values say by
themselves which mark is the decimal one:

* ``1.234.567`` or ``1.234,5``: several dots, or a dot before a comma: Indonesian;
* ``1,234,567`` or ``1,234.5``: the other way round;
* ``0,25``, ``1234,5``, ``12,3456``: a comma that cannot be a thousands mark
  (a group of other than three digits, or a leading ``0``): decimal comma; same
  for the dot.

Only ``d.ddd`` / ``dd,ddd`` (1 to 3 digits, one mark, exactly three digits) is
ambiguous; the file's decimal mark decides it (:func:`detect_decimal_mark`, or
the user's ``--decimal``). ``Rp``, spaces and non-breaking spaces are dropped;
``nan``, ``inf``, ``1_000`` and Excel error values are not numbers.
"""

from __future__ import annotations

import re

import duckdb

# A thousands group never starts with 0; "0.125" is a decimal.
_SIGN = "[+-]?"
_GROUP_DOT = f"{_SIGN}[1-9][0-9]{{0,2}}(\\.[0-9]{{3}})+(,[0-9]+)?"  # 1.234.567,5
_GROUP_COMMA = f"{_SIGN}[1-9][0-9]{{0,2}}(,[0-9]{{3}})+(\\.[0-9]+)?"  # 1,234,567.5
_DEC_COMMA = f"{_SIGN}[0-9]+,[0-9]+"  # 1234,5
_DEC_DOT = f"{_SIGN}([0-9]+\\.[0-9]+|[0-9]+(\\.[0-9]+)?[eE][+-]?[0-9]+)"  # 1234.5, 1.5e-05
# Ambiguous on its own: one mark followed by exactly three digits.
_AMBIGUOUS = f"{_SIGN}[1-9][0-9]{{0,2}}[.,][0-9]{{3}}"

TRUE_WORDS = ("1", "true", "t", "ya", "y", "yes", "benar", "b", "iya")
FALSE_WORDS = ("0", "false", "f", "tidak", "tdk", "n", "no", "bukan", "salah", "s")
# Booleans whose Indonesian source column carries a category rather than yes/no,
# keyed by (table, column) and the header aliases that carry that category.
CATEGORY_BOOLS: dict[tuple[str, str], dict] = {
    ("households", "head_female"): {
        # BPS coding of sex: 1 = laki-laki, 2 = perempuan.
        "headers": ("jenis_kelamin_krt", "jk_krt"),
        "true": ("2", "p", "perempuan", "wanita", "female", "f"),
        "false": ("1", "l", "laki laki", "laki", "pria", "lelaki", "male", "m"),
    },
}
# Extra words for yes/no booleans that value labels or registries commonly use.
EXTRA_WORDS: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("households", "oap"): (
        ("oap", "orang asli papua", "papua", "asli papua"),
        ("non oap", "bukan oap", "non papua", "bukan papua", "bukan orang asli papua"),
    ),
    ("households", "head_female"): (("perempuan", "wanita"), ("laki laki", "pria")),
}
EXCEL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!")


def lit(s: str) -> str:
    """A SQL string literal."""
    return "'" + str(s).replace("'", "''") + "'"


def clean_number_sql(src: str) -> str:
    """The text of a number without ``Rp``, spaces and a trailing ``,-`` (``Rp 50.000,-``)."""
    t = f"trim({src})"
    return (
        f"regexp_replace(regexp_replace({t}, '^[Rr][Pp]\\.?|[\\s\\x{{00A0}}\\x{{202F}}]', '', 'g'), "
        f"'([.,])-$', '\\100')"
    )


_INT_OR_DEC_DOT = f"{_SIGN}[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?"  # 1234, 1234.5, 1.5e-05
_INT_OR_DEC_COMMA = f"{_SIGN}[0-9]+(,[0-9]+)?"  # 1234, 1234,5


def _number_order(c: str, decimal_mark: str) -> list[tuple[str, str]]:
    """(pattern, conversion to a text DOUBLE reads) in the order they are tried."""
    group_dot = f"replace(replace({c}, '.', ''), ',', '.')"
    group_comma = f"replace({c}, ',', '')"
    dec_comma = f"replace({c}, ',', '.')"
    # Whole numbers share the first pattern with the file's own decimal form: the
    # usual cell costs one regular expression. No two patterns overlap except the
    # ambiguous 1.234 / 1,234, which the order settles for the file's decimal mark.
    if decimal_mark == ",":
        order = [
            (_INT_OR_DEC_COMMA, dec_comma),
            (_GROUP_DOT, group_dot),
            (_DEC_DOT, c),
            (_GROUP_COMMA, group_comma),
        ]
    else:
        order = [
            (_INT_OR_DEC_DOT, c),
            (_GROUP_COMMA, group_comma),
            (_GROUP_DOT, group_dot),
            (_DEC_COMMA, dec_comma),
        ]
    return order


def _number_case(c: str, decimal_mark: str) -> str:
    whens = " ".join(
        f"WHEN regexp_full_match({c}, {lit(rx)}) THEN TRY_CAST({conv} AS DOUBLE)"
        for rx, conv in _number_order(c, decimal_mark)
    )
    return f"(CASE {whens} END)"


def int_plain_sql(src: str) -> str:
    """BIGINT from the usual whole-number cell (up to 15 characters, written as a
    computer writes it: ``7``, ``-12``, not ``007`` or ``+5``); NULL for anything else. Where it is not NULL it equals
    ``int_sql(number_sql(src, mark))`` for either mark (far below 9e15, a whole number)."""
    # Written as BIGINT writes it back (no sign, zeros or spaces to read): that integer.
    i = f"TRY_CAST({src} AS BIGINT)"
    return f"(CASE WHEN strlen({src}) <= 15 AND {i}::VARCHAR = {src} THEN {i} END)"


def number_plain_sql(src: str, decimal_mark: str) -> str:
    """DOUBLE from the usual cell, a whole number or one in the file's own decimal form
    (``1234``, ``1234,5``) with nothing around it; NULL for anything else.

    Where it is not NULL it equals :func:`number_sql` (the same first pattern: nothing
    in it for ``trim`` to remove); where it is, the full reading decides."""
    rx, conv = _number_order(src, decimal_mark)[0]
    return f"(CASE WHEN regexp_full_match({src}, {lit(rx)}) THEN TRY_CAST({conv} AS DOUBLE) END)"


def number_case_sql(t: str, decimal_mark: str) -> str:
    """DOUBLE from a trimmed text ``t`` written without ``Rp``, spaces or ``,-``; NULL
    otherwise. :func:`number_sql` is this, then the same on the cleaned text.

    For a large column, write each step once, in its own projection (as
    ``ingest.checks`` does): DuckDB computes an expression written twice in one
    projection once for every row, even where a CASE or COALESCE would skip it."""
    if decimal_mark not in (",", "."):
        raise ValueError(f"decimal mark must be ',' or '.', got {decimal_mark!r}")
    return _number_case(t, decimal_mark)


def number_sql(src: str, decimal_mark: str) -> str:
    """DOUBLE from Indonesian or plain text; NULL where it is not a number.

    ``decimal_mark`` (``','`` or ``'.'``) only decides the ambiguous ``1.234``.
    The text is read as it is first; only when that fails are ``Rp``, spaces and a
    trailing ``,-`` removed and the text read again (evaluated for those rows only).
    """
    if decimal_mark not in (",", "."):
        raise ValueError(f"decimal mark must be ',' or '.', got {decimal_mark!r}")
    return number_from_trimmed_sql(f"trim({src})", decimal_mark)


def number_from_trimmed_sql(t: str, decimal_mark: str) -> str:
    """:func:`number_sql` for an already trimmed text ``t`` (a column of a subquery)."""
    if decimal_mark not in (",", "."):
        raise ValueError(f"decimal mark must be ',' or '.', got {decimal_mark!r}")
    return (
        f"coalesce({_number_case(t, decimal_mark)}, "
        f"{_number_case(clean_number_sql(t), decimal_mark)})"
    )


def int_sql(number: str) -> str:
    """BIGINT from a DOUBLE expression: NULL unless it is a whole number in range."""
    return (
        f"(CASE WHEN {number} = round({number}) AND abs({number}) < 9.0e15 "
        f"THEN {number}::BIGINT END)"
    )


def norm_word_sql(src: str) -> str:
    """Lower case, trimmed, with '-', '_' and runs of spaces as one space."""
    return f"regexp_replace(lower(trim({src})), '[\\s_\\-]+', ' ', 'g')"


def norm_word(s: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(s).strip().lower())


def bool_words(
    table: str, column: str, header: str | None, *, one_two: bool = False
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(true words, false words) for a boolean column read from ``header``.

    ``one_two``: the column uses the BPS questionnaire coding 1 = ya, 2 = tidak.
    """
    from ingest.stage import norm_header

    cat = CATEGORY_BOOLS.get((table, column))
    if cat and header is not None and norm_header(header) in cat["headers"]:
        return tuple(cat["true"]), tuple(cat["false"])
    trues, falses = list(TRUE_WORDS), list(FALSE_WORDS)
    extra = EXTRA_WORDS.get((table, column))
    if extra:
        trues += extra[0]
        falses += extra[1]
    if one_two:
        falses.append("2")
    return tuple(trues), tuple(falses)


def bool_sql(src: str, trues: tuple[str, ...], falses: tuple[str, ...]) -> str:
    """BOOLEAN from yes/no words, any case and spacing; NULL for anything else.

    Large files reach this only once per distinct text (``ingest.checks`` maps
    low-cardinality columns), so the expression is kept short rather than fast.
    """
    w = norm_word_sql(src)
    # Numbers written as 1,0 / 1.0 (a float column exported as text) count as 1 / 0.
    w = f"regexp_replace({w}, '^([0-9]+)[.,]0+$', '\\1')"
    tl = ", ".join(lit(norm_word(x)) for x in dict.fromkeys(trues))
    fl = ", ".join(lit(norm_word(x)) for x in dict.fromkeys(falses))
    return (
        f"(CASE WHEN list_contains([{tl}], {w}) THEN TRUE "
        f"WHEN list_contains([{fl}], {w}) THEN FALSE END)"
    )


def date_sql(src: str) -> str:
    """DATE from dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or ISO yyyy-mm-dd (time part ignored)."""
    t = f"trim({src})"
    return (
        f"coalesce(try_strptime({t}, '%d/%m/%Y')::DATE, try_strptime({t}, '%d-%m-%Y')::DATE, "
        f"try_strptime({t}, '%d.%m.%Y')::DATE, try_strptime({t}, '%Y-%m-%d')::DATE, "
        f"try_strptime({t}, '%Y-%m-%d %H:%M:%S')::DATE, "
        f"try_strptime({t}, '%d/%m/%Y %H:%M:%S')::DATE)"
    )


def text_sql(src: str) -> str:
    return f"NULLIF(trim({src}), '')"


def excel_error_sql(src: str) -> str:
    """TRUE for an Excel error value (#N/A, #DIV/0!, ...)."""
    t = f"trim({src})"
    errs = ", ".join(lit(e) for e in EXCEL_ERRORS)
    return f"(CASE WHEN prefix({t}, '#') THEN upper({t}) IN ({errs}) ELSE FALSE END)"


def checked_text_sql(src: str) -> str:
    """Trimmed text, NULL when empty or an Excel error value."""
    return checked_trimmed_sql(f"trim({src})")


def plain_text_sql(src: str) -> str:
    """The text itself where :func:`checked_text_sql` would keep it as it is (ASCII, not
    starting with a space, ``#``, ``!`` or a quote, not ending with a space); NULL
    otherwise, for the full check. Cheaper than ``trim``, which copies every text."""
    return (
        f"(CASE WHEN ascii({src}) BETWEEN 36 AND 126 AND NOT suffix({src}, ' ') "
        f"AND strlen({src}) = length({src}) THEN {src} END)"
    )


def checked_trimmed_sql(t: str) -> str:
    """:func:`checked_text_sql` of an already trimmed text ``t`` (a column: inside a
    CASE, DuckDB would trim once per written ``trim``)."""
    errs = ", ".join(lit(e) for e in EXCEL_ERRORS)
    return (
        f"(CASE WHEN prefix({t}, '#') AND upper({t}) IN ({errs}) THEN NULL "
        f"ELSE NULLIF({t}, '') END)"
    )


# Rows whose numbers decide a file's decimal mark: thousands of numeric cells are
# plenty for a file-wide convention, and the read is single-threaded (the cost of a
# larger sample shows on small deliveries).
DECIMAL_SAMPLE_ROWS = 10_000


def detect_decimal_mark(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    sources: list[str],
    default: str,
    *,
    sample_rows: int = DECIMAL_SAMPLE_ROWS,
) -> tuple[str, int, int]:
    """Decide the decimal mark of a text file from every numeric column.

    Counts values that can only be read one way (``1.234,5``, ``0,25``,
    ``1.234.567`` say comma; ``1,234.5``, ``0.25``, ``1,234,567`` say dot) in
    the first ``sample_rows`` rows.
    Returns (mark, comma evidence, dot evidence); ``default`` on a tie.
    """
    if not sources:
        return default, 0, 0
    comma_rx = (
        f"{_SIGN}[1-9][0-9]{{0,2}}(\\.[0-9]{{3}}){{2,}}(,[0-9]+)?"
        f"|{_SIGN}[1-9][0-9]{{0,2}}(\\.[0-9]{{3}})+,[0-9]+"
        f"|{_SIGN}[0-9]+,[0-9]+"
    )
    dot_rx = (
        f"{_SIGN}[1-9][0-9]{{0,2}}(,[0-9]{{3}}){{2,}}(\\.[0-9]+)?"
        f"|{_SIGN}[1-9][0-9]{{0,2}}(,[0-9]{{3}})+\\.[0-9]+"
        f"|{_SIGN}[0-9]+\\.[0-9]+"
    )
    amb = lit(_AMBIGUOUS)
    parts_c, parts_d, trimmed = [], [], []
    for i, s in enumerate(sources):
        t = f"_dm{i}"  # trimmed once, below (a CASE would trim once per mention)
        trimmed.append(f"trim({s}) AS {t}")
        # Plain digits (most cells) say nothing: skip the regexes for them.
        marked = f"(contains({t}, ',') OR contains({t}, '.'))"
        for parts, rx in ((parts_c, comma_rx), (parts_d, dot_rx)):
            parts.append(
                f"count_if(CASE WHEN {marked} THEN regexp_full_match({t}, {lit(rx)}) "
                f"AND NOT regexp_full_match({t}, {amb}) ELSE FALSE END)"
            )
    # The first rows decide as well as all of them, at a fraction of the cost.
    n_comma, n_dot = con.execute(
        f"SELECT {' + '.join(parts_c)}, {' + '.join(parts_d)} FROM (SELECT "
        f"{', '.join(trimmed)} FROM (SELECT * FROM {relation} LIMIT {int(sample_rows)}) "
        f"AS {relation})"
    ).fetchone()
    n_comma, n_dot = int(n_comma or 0), int(n_dot or 0)
    if n_comma > n_dot:
        return ",", n_comma, n_dot
    if n_dot > n_comma:
        return ".", n_comma, n_dot
    return default, n_comma, n_dot


def parse_numbers(values: list[str | None], decimal_mark: str) -> list[float | None]:
    """Parse texts with the same SQL the import uses (for tests and the import page)."""
    from ingest.stage import staging

    with staging() as (con, _):
        rows = con.execute(
            f"SELECT {number_sql('v', decimal_mark)} FROM unnest(?::VARCHAR[]) "
            "WITH ORDINALITY AS u(v, i) ORDER BY i",
            [list(values)],
        ).fetchall()
    return [r[0] for r in rows]


def parse_bools(values: list[str | None], trues: tuple[str, ...], falses: tuple[str, ...]):
    """Read yes/no texts with the import's SQL (for tests)."""
    from ingest.stage import staging

    with staging() as (con, _):
        rows = con.execute(
            f"SELECT {bool_sql('v', trues, falses)} FROM unnest(?::VARCHAR[]) "
            "WITH ORDINALITY AS u(v, i) ORDER BY i",
            [list(values)],
        ).fetchall()
    return [r[0] for r in rows]
