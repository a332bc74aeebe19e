"""Reading numbers, yes/no and dates as Indonesian spreadsheets write them.

Property tests (hypothesis): a float written the Indonesian way (thousands dots,
decimal comma) or the plain way reads back equal.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ingest import values as V
from tests.ingest.helpers import id_number

FLOATS = st.floats(min_value=-1e13, max_value=1e13, allow_nan=False, allow_infinity=False)
FAST = settings(max_examples=60, deadline=None)


@FAST
@given(st.lists(FLOATS, min_size=1, max_size=40), st.integers(0, 4))
def test_indonesian_format_reads_back_equal(xs, decimals):
    texts = [id_number(x, decimals) for x in xs]
    want = [float(f"{x:.{decimals}f}") for x in xs]
    assert V.parse_numbers(texts, ",") == want
    # With "Rp" and the ",-" of a price, as invoices and budget sheets write them.
    if decimals == 0:
        rp = [f"Rp {t},-" for t in texts]
        assert V.parse_numbers(rp, ",") == want


@FAST
@given(st.lists(FLOATS, min_size=1, max_size=40), st.integers(0, 4))
def test_plain_format_reads_back_equal(xs, decimals):
    texts = [f"{x:.{decimals}f}" for x in xs]
    want = [float(t) for t in texts]
    assert V.parse_numbers(texts, ".") == want
    # In a comma file a plain 1234.5 is still read right, unless it looks like 1.234.
    ok = [not re.fullmatch(r"-?[1-9][0-9]{0,2}\.[0-9]{3}", t) for t in texts]
    got = V.parse_numbers(texts, ",")
    assert [g for g, k in zip(got, ok, strict=True) if k] == [
        w for w, k in zip(want, ok, strict=True) if k
    ]


@FAST
@given(FLOATS)
def test_shortest_repr_reads_back_exactly(x):
    assume(x == x)
    assert V.parse_numbers([repr(x)], ".") == [x]


@pytest.mark.parametrize(
    ("text", "comma", "dot"),
    [
        ("1.234.567,5", 1234567.5, 1234567.5),
        ("1.234", 1234.0, 1.234),  # the only ambiguous shape: the file's mark decides
        ("1,234", 1.234, 1234.0),
        ("0,25", 0.25, 0.25),
        ("0.125", 0.125, 0.125),  # a thousands group never starts with 0
        ("1234.5", 1234.5, 1234.5),
        ("12,3456", 12.3456, 12.3456),
        ("1,234.5", 1234.5, 1234.5),
        ("Rp 50.000,-", 50000.0, 50000.0),
        ("Rp. 1.234.567,00", 1234567.0, 1234567.0),
        ("1 234 567", 1234567.0, 1234567.0),
        ("\u00a01\u00a0234", 1234.0, 1234.0),
        ("-3", -3.0, -3.0),
        ("+5", 5.0, 5.0),
        ("1.5e-05", 1.5e-05, 1.5e-05),
        ("3,0", 3.0, 3.0),
    ],
)
def test_number_shapes(text, comma, dot):
    assert V.parse_numbers([text], ",") == [comma]
    assert V.parse_numbers([text], ".") == [dot]


@pytest.mark.parametrize(
    "text",
    [
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "1_000",
        "#N/A",
        "#DIV/0!",
        "1.2.3",
        "12.34.567",
        "abc",
        "1,2,3",
        "--1",
        "",
    ],
)
def test_not_numbers(text):
    assert V.parse_numbers([text], ",") == [None]
    assert V.parse_numbers([text], ".") == [None]


def test_yes_no_words():
    trues, falses = V.bool_words("households", "oap", "oap")
    texts = [
        "1",
        "0",
        "Ya",
        "TIDAK",
        " ya ",
        "true",
        "False",
        "1,0",
        "0.0",
        "OAP",
        "Bukan OAP",
        "x",
        None,
    ]
    assert V.parse_bools(texts, trues, falses) == [
        True, False, True, False, True, True, False, True, False, True, False, None, None,
    ]  # fmt: skip


def test_sex_coded_column_reads_1_as_male_2_as_female():
    trues, falses = V.bool_words("households", "head_female", "Jenis_Kelamin_KRT")
    texts = ["1", "2", "L", "P", "Laki-laki", "PEREMPUAN", "laki laki", "0"]
    assert V.parse_bools(texts, trues, falses) == [
        False,
        True,
        False,
        True,
        False,
        True,
        False,
        None,
    ]
    # The yes/no column keeps 1 = yes.
    trues, falses = V.bool_words("households", "head_female", "head_female")
    assert V.parse_bools(["1", "0"], trues, falses) == [True, False]


def test_bps_one_two_coding():
    trues, falses = V.bool_words("households", "oap", "oap", one_two=True)
    assert V.parse_bools(["1", "2"], trues, falses) == [True, False]


def test_dates():
    from ingest.stage import staging

    with staging() as (con, _):
        got = con.execute(
            f"SELECT {V.date_sql('v')}::VARCHAR FROM unnest(?::VARCHAR[]) WITH ORDINALITY u(v, i) ORDER BY i",
            [
                [
                    "31/01/2025",
                    "1-2-2025",
                    "2025-03-04",
                    "05.06.2025",
                    "31/02/2025",
                    "02/13/2025",
                    "x",
                ]
            ],
        ).fetchall()
    assert [r[0] for r in got] == [
        "2025-01-31",
        "2025-02-01",
        "2025-03-04",
        "2025-06-05",
        None,
        None,
        None,
    ]


def test_decimal_mark_detection():
    from ingest.stage import staging

    with staging() as (con, _):
        con.execute("CREATE TEMP TABLE t AS SELECT * FROM (VALUES ('1.234'), ('0,5'), ('12')) v(x)")
        assert V.detect_decimal_mark(con, "t", ["t.x"], ".")[0] == ","
        con.execute(
            "CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM (VALUES ('1.234'), ('12')) v(x)"
        )
        assert V.detect_decimal_mark(con, "t", ["t.x"], ".")[0] == "."  # nothing decides: default
        con.execute(
            "CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM (VALUES ('1,234,567'), ('0.5')) v(x)"
        )
        assert V.detect_decimal_mark(con, "t", ["t.x"], ",")[0] == "."


PLAIN_CORPUS = [
    "0", "7", "007", "+5", "-5", "-0", "1234", "1234,5", "1234.5", "0,25", "0.25", ",5", "5,",
    "5.", ".5", "1.234", "1,234", "1.234.567,25", "1,234,567.25", "1e5", "1,5e3", "1_000",
    " 12", "12 ", "Rp 5.000,-", "nan", "inf", "-inf", "0x10", "+-5", "--5", "٥", "１２",
    "999999999999999", "1234567890123456", "9999999999999999", "12,0", "12.0", "", "abc",
]  # fmt: skip


@pytest.mark.parametrize("mark", [",", "."])
def test_the_usual_cell_reader_agrees_with_the_full_one(mark):
    """The direct path reads the usual cell with one pattern and leaves the rest to the
    full reading: wherever the short reading gives a value, it is the full one's."""
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        f"SELECT v, {V.number_plain_sql('v', mark)}, {V.number_sql('v', mark)}, "
        f"{V.int_plain_sql('v')}, {V.int_sql(V.number_sql('v', mark))} "
        "FROM unnest(?::VARCHAR[]) AS u(v)",
        [PLAIN_CORPUS],
    ).fetchall()
    for v, plain, full, plain_int, full_int in rows:
        assert plain is None or plain == full, (v, plain, full)
        assert plain_int is None or plain_int == full_int, (v, plain_int, full_int)
    # and it does read the usual cells
    read = {v for v, plain, *_ in rows if plain is not None}
    assert {"7", "1234", "1234" + mark + "5"} <= read
    assert {v for v, _, _, plain_int, _ in rows if plain_int is not None} >= {"7", "-5", "1234"}


TEXT_CORPUS = [
    "plain", "H0001", "94.04.01", " lead", "trail ", "#N/A", "#n/a", "#tag", "", " ", "é",
    "Amungmé", "a\u00a0", "\u00a0a", "a\t", "\ta", "!x", '"q"', "$5", "~", "a b",
    "\u3000x", "x\u2003",
]  # fmt: skip


def test_the_plain_text_reader_agrees_with_the_checked_one():
    import duckdb

    rows = (
        duckdb.connect()
        .execute(
            f"SELECT v, {V.plain_text_sql('v')}, {V.checked_text_sql('v')} "
            "FROM unnest(?::VARCHAR[]) AS u(v)",
            [TEXT_CORPUS],
        )
        .fetchall()
    )
    for v, plain, full in rows:
        assert plain is None or plain == full, (v, plain, full)
    assert {v for v, plain, _ in rows if plain is not None} >= {"plain", "H0001", "94.04.01"}
