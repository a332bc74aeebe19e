"""Summary charts and the printable brief: units, separators, zone colours, self-contained HTML."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pandas as pd
import pytest

from geo.maps import ZONE_COLOURS
from ui import brief, charts_summary, headline
from ui.chart_style import TICK_SIZE

COMPUTED = pd.DataFrame(
    {
        "year": [2024, 2025],
        "p0": [0.142, 0.137],
        "p0_ci_low": [0.138, 0.133],
        "p0_ci_high": [0.146, 0.141],
    }
)
OFFICIAL = pd.DataFrame(
    {
        "area_code": ["94.04", "94.04", "94", "ID", "94.04"],
        "area_name": ["Mimika", "Mimika", "Papua Tengah", "Indonesia", "Mimika"],
        "indicator": ["p0", "p0", "p0", "p0", "poverty_line"],
        "year": [2024, 2025, 2025, 2025, 2025],
        "value": [14.18, 13.70, 28.90, 8.47, 1166466.0],
        "status": ["reported"] * 5,
    }
)
TARGET = pd.DataFrame(
    {"year": [2025, 2026], "target": [0.137, 0.132], "is_placeholder": [False, True]}
)
ZONES = pd.DataFrame(
    {
        "group": ["coastal", "highland", "lowland"],  # fgt_by orders by code, not by zone
        "households": [100, 50, 700],
        "p0": [0.26, 0.40, 0.10],
        "p0_ci_low": [0.24, 0.37, 0.09],
        "p0_ci_high": [0.28, 0.43, 0.11],
        "p1": [0.06, 0.10, 0.02],
        "p1_ci_low": [0.055, 0.09, 0.018],
        "p1_ci_high": [0.065, 0.11, 0.022],
    }
)
REGENCY = pd.Series({"p0": 0.137, "p1": 0.03})


def _font_sizes(fig) -> list[float]:
    lay = fig.layout
    sizes = [lay.font.size, lay.legend.font.size]
    sizes += [ax.tickfont.size for ax in (lay.xaxis, lay.yaxis)]
    sizes += [a.font.size for a in lay.annotations if a.font.size is not None]
    return sizes


@pytest.mark.parametrize(("lang", "sep"), [("id", ",."), ("en", ".,")])
def test_trend_figure(lang, sep):
    fig = charts_summary.trend_figure(COMPUTED, OFFICIAL, TARGET, lang=lang, area_label="Mimika")
    assert fig.layout.separators == sep
    names = [tr.name for tr in fig.data]
    assert len(fig.data) == 5  # computed, BPS Mimika, Papua Tengah, Indonesia, target
    computed = fig.data[0]
    assert list(computed.y) == pytest.approx([14.2, 13.7])  # percent, not proportion
    assert list(computed.error_y.array) == pytest.approx([0.4, 0.4])
    assert list(computed.error_y.arrayminus) == pytest.approx([0.4, 0.4])
    mimika = fig.data[1]
    assert list(mimika.y) == [14.18, 13.70]  # the poverty line row is not drawn
    target = fig.data[-1]
    assert list(target.y) == pytest.approx([13.7, 13.2])
    assert list(target.marker.symbol) == ["circle", "circle-open"]  # placeholder is open
    assert "sementara" in names[-1] if lang == "id" else "placeholder" in names[-1]
    assert fig.layout.yaxis.ticksuffix == (" %" if lang == "id" else "%")
    assert min(_font_sizes(fig)) >= 14


def test_trend_takes_the_zone_colour():
    fig = charts_summary.trend_figure(
        COMPUTED,
        OFFICIAL.iloc[:0],
        TARGET.iloc[:0],
        lang="id",
        area_label="x",
        area_zone="highland",
    )
    assert len(fig.data) == 1
    assert fig.data[0].line.color == ZONE_COLOURS["highland"]


def test_zone_figure_colours_order_and_intervals():
    fig = charts_summary.zone_figure(ZONES, lang="id", year=2025, regency=REGENCY)
    p0, p1 = fig.data
    assert list(p0.marker.color) == [ZONE_COLOURS[z] for z in ("coastal", "lowland", "highland")]
    assert list(p0.y) == pytest.approx([26.0, 10.0, 40.0])
    assert list(p0.error_y.array) == pytest.approx([2.0, 1.0, 3.0])
    assert list(p1.y) == pytest.approx([6.0, 2.0, 10.0])  # P1 x100 as BPS shows it
    assert p0.x[0] == "Pesisir<br><b>26,00 %</b>"
    assert p1.x[2] == "Dataran tinggi<br><b>10,00</b>"
    assert any("13,70 %" in (a.text or "") for a in fig.layout.annotations)
    assert min(_font_sizes(fig)) >= TICK_SIZE


def test_zone_figure_highlights_the_selected_zone():
    fig = charts_summary.zone_figure(ZONES, lang="en", year=2025, selected="highland")
    assert list(fig.data[0].marker.opacity) == [0.35, 0.35, 1.0]
    assert fig.data[0].x[1] == "Lowland<br><b>10.00%</b>"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def _brief(is_demo: bool, lang: str = "id") -> str:
    rows = headline.headline_table(
        headline.values_from(
            {"p0": 0.137, "poor": 31310, "p1": 0.03, "p2": 0.01, "gini": 0.31}, 0.033
        ),
        headline.values_from(
            {"p0": 0.142, "poor": 32090, "p1": 0.031, "p2": 0.011, "gini": 0.3}, 0.032
        ),
        pd.DataFrame(
            {
                "indicator": ["p0"],
                "area": ["all"],
                "year": [2025],
                "target_value": [13.2],
                "unit": ["percent"],
                "is_placeholder": [True],
            }
        ),
        "all",
        2025,
    )
    return brief.brief_html(
        lang=lang,
        area_label="Kabupaten Mimika",
        year=2025,
        rows=rows,
        zones=ZONES,
        regency_p0=0.137,
        trend=COMPUTED,
        official=OFFICIAL,
        target=TARGET,
        is_demo=is_demo,
        line_rp=1166466,
        line_status="published",
        generated=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        source="test store",
    )


def test_brief_is_self_contained_and_small():
    html = _brief(is_demo=True)
    p = _Tags()
    p.feed(html)
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    assert not any(k in ("src", "href") for k, _ in p.attrs)
    # The only URL is the SVG namespace (an identifier, never fetched).
    for scheme in ("https://", "http://"):
        rest = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert scheme not in rest
    assert "@import" not in html and "url(" not in html
    assert p.tags.count("svg") == 2
    assert len(html.encode("utf-8")) < 40_000


def test_brief_numbers_and_demo_mark():
    html = _brief(is_demo=True)
    assert "DATA DEMO SINTETIS" in html
    assert "13,70 %" in html  # P0
    assert "-0,50 poin" in html  # change from 14.20 %
    assert "+0,50 poin" in html  # gap to the 13,2 % target
    assert "sementara" in html  # the placeholder target is marked
    assert "Rp 1.166.466" in html
    assert "DATA DEMO" not in _brief(is_demo=False)


def test_brief_in_english():
    html = _brief(is_demo=True, lang="en")
    assert 'lang="en"' in html and "SYNTHETIC DEMO DATA" in html and "13.70%" in html
