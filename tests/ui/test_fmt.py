"""Number formatting: Indonesian style by default, English on the switch."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ui import fmt


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(lambda: fmt.num(1234.5, 1), "1.234,5", id="num-id"),
        pytest.param(lambda: fmt.num(1234.5, 1, "en"), "1,234.5", id="num-en"),
        pytest.param(lambda: fmt.num(-1234567, 0), "-1.234.567", id="num-negative"),
        pytest.param(lambda: fmt.num(None), fmt.DASH, id="num-none"),
        pytest.param(lambda: fmt.num(math.nan), fmt.DASH, id="num-nan"),
        pytest.param(lambda: fmt.rp(1166466), "Rp 1.166.466", id="rp-id"),
        pytest.param(lambda: fmt.rp(1166466, "en"), "Rp 1,166,466", id="rp-en"),
        pytest.param(lambda: fmt.rp_short(6.42e12), "Rp 6,4 T", id="rp-short-triliun"),
        pytest.param(lambda: fmt.rp_short(196.1e9, "en"), "Rp 196.1 bn", id="rp-short-bn"),
        pytest.param(lambda: fmt.pct(0.137), "13,70 %", id="pct-id"),
        pytest.param(lambda: fmt.pct(0.137, lang="en"), "13.70%", id="pct-en"),
        pytest.param(lambda: fmt.pp(0.0048), "+0,48 poin", id="pp-up"),
        pytest.param(lambda: fmt.pp(-0.0123, lang="en"), "-1.23 pp", id="pp-down-en"),
        pytest.param(lambda: fmt.pp(-0.00001), "0,00 poin", id="pp-rounds-to-zero-no-sign"),
        pytest.param(lambda: fmt.signed(1234.4), "+1.234", id="signed-up"),
        pytest.param(lambda: fmt.signed(-0.123, 2), "-0,12", id="signed-down"),
        pytest.param(lambda: fmt.signed(0.0004, 3, "en"), "0.000", id="signed-zero"),
    ],
)
def test_formats(call, expected):
    assert call() == expected


def test_d3_format_separators():
    assert fmt.d3_format("id") == {"separators": ",."}
    assert fmt.d3_format("en") == {"separators": ".,"}


def test_table_style_formats_display_not_data():
    df = pd.DataFrame(
        {
            "year": [2025],
            "households": [90000],
            "population": [228539.0983],
            "p0": [0.13704],
            "allocated_rp": [1.5e9],
            "name": ["Mimika Baru"],
        }
    )
    html = fmt.table_style(df, "id").to_html()
    for shown in (">2025<", ">90.000<", ">228.539,1<", ">0,1370<", ">1.500.000.000<"):
        assert shown in html
    html_en = fmt.table_style(df, "en").to_html()
    assert ">228,539.1<" in html_en and ">0.1370<" in html_en
    assert df["p0"].iloc[0] == 0.13704  # the frame itself is untouched
