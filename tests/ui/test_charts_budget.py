"""Chart builders of the Efisiensi Anggaran page, on tiny inline frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.maps import ZONE_COLOURS
from ui import charts_budget


def _budget() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "group": ["APBD", "APBN"],
            "allocated_rp": [4.0e10, 1.9e11],
            "realised_rp": [3.6e10, 1.52e11],
            "realisation_rate": [0.9, 0.8],
            "cost_per_beneficiary_hh_rp": [2.0e6, 4.0e6],
            "cost_per_poor_hh_reached_rp": [8.0e6, 5.0e6],
            "beneficiary_households": [100.0, 200.0],
            "poor_households_reached": [25.0, 160.0],
            "share_to_poor": [0.3, 0.7],
        }
    )


@pytest.mark.parametrize(
    ("lang", "amount"), [("id", "Rp 152,0 M · 80 %"), ("en", "Rp 152.0 bn · 80%")]
)
def test_spending_bars_in_billions_with_rupiah_labels(lang, amount):
    fig = charts_budget.spending_bars(_budget(), lang)
    allocated, realised = fig.data
    assert {t.type for t in fig.data} == {"bar"}
    # Largest allocation on top (last on a horizontal bar axis); values in Rp billion.
    assert list(allocated.y) == ["APBD", "APBN"]
    assert list(allocated.x) == pytest.approx([40.0, 190.0])
    assert list(realised.x) == pytest.approx([36.0, 152.0])
    assert realised.text[1] == amount
    assert allocated.name == ("Alokasi (pagu)" if lang == "id" else "Allocated")
    assert fig.layout.xaxis.title.text == ("Rp miliar" if lang == "id" else "Rp billion")


def test_cost_chart_markers_in_millions_sorted_by_cost_per_poor():
    fig = charts_budget.cost_chart(_budget(), "en")
    line, per_benef, per_poor = fig.data
    assert list(per_poor.y) == ["APBN", "APBD"]
    assert list(per_poor.x) == pytest.approx([5.0, 8.0])
    assert list(per_benef.x) == pytest.approx([4.0, 2.0])
    # The two markers differ in shape, not only in shade.
    assert per_benef.marker.symbol != per_poor.marker.symbol
    assert per_poor.name == "Per poor household reached"


def test_need_scatter_zone_colours_suppressed_rows_dropped_and_diagonal():
    budget = pd.DataFrame(
        {
            "group": ["d1", "d2", "d3"],
            "budget_share": [0.5, 0.3, 0.2],
            "poor_share": [0.4, 0.4, np.nan],  # d3 suppressed
            "allocation_to_need": [1.25, 0.75, np.nan],
        }
    )
    areas = pd.DataFrame(
        {
            "code": ["d1", "d2", "d3"],
            "name": ["A", "B", "C"],
            "zone": ["lowland", "coastal", "coastal"],
        }
    )
    fig = charts_budget.need_scatter(budget, areas, "id", highlight="d2")
    diagonal, coastal, lowland = fig.data
    assert list(diagonal.x) == pytest.approx(list(diagonal.y))
    assert coastal.marker.color == ZONE_COLOURS["coastal"]
    assert list(coastal.text) == ["B"]  # C is suppressed
    assert list(lowland.y) == pytest.approx([50.0]) and list(lowland.x) == pytest.approx([40.0])
    assert list(coastal.marker.line.width) == [3]  # the highlighted district
    assert "1,25" in lowland.customdata[0]  # Indonesian decimal comma


def test_gap_chart_zone_order_colours_and_regency_total():
    gap = pd.DataFrame(
        {
            "group": ["highland", "coastal"],
            "gap_closure_cost_rp": [2e10, 1e10],
            "realised_rp": [4e10, 3e10],
            "realised_to_gap_ratio": [2.0, 3.0],
        }
    )
    total = pd.DataFrame(
        {
            "group": ["all"],
            "gap_closure_cost_rp": [3e10],
            "realised_rp": [7e10],
            "realised_to_gap_ratio": [7 / 3],
        }
    )
    fig = charts_budget.gap_chart(gap, "en", total=total)
    cost, realised = fig.data
    assert list(cost.x) == ["Coastal", "Highland", "Regency"]
    assert list(cost.y) == pytest.approx([10.0, 20.0, 30.0])
    assert list(realised.marker.color)[:2] == [ZONE_COLOURS["coastal"], ZONE_COLOURS["highland"]]
    assert cost.marker.pattern.shape == "/"
    assert realised.text[2] == "Rp 70.0 bn<br>(2.3×)"


def test_programme_table_units():
    budget = _budget().assign(group=["PKH", "RTLH"])
    programmes = pd.DataFrame(
        {
            "programme_code": ["PKH", "RTLH"],
            "name": ["Program Keluarga Harapan", "Rumah"],
            "opd": ["Dinas Sosial", "PUPR"],
            "funding_source": ["APBN", "APBD"],
        }
    )
    table = charts_budget.programme_table(budget, programmes)
    assert table["programme"].tolist() == ["RTLH", "PKH"]  # largest allocation first
    row = table.iloc[1]
    assert row["allocated_m"] == pytest.approx(40_000.0)
    assert row["rate_pct"] == pytest.approx(90.0)
    assert row["cost_poor_k"] == pytest.approx(8_000.0)
    assert row["name"] == "Program Keluarga Harapan"
