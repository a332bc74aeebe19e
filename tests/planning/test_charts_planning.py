"""Builders of the planning pages, without a browser: texts, units, figures."""

from __future__ import annotations

import pandas as pd
import pytest

from planning.checks import RatProblem
from ui import charts_planning as cp

LABELS = {"opd": "OPD penanggung jawab", "budget_rp": "Anggaran (Rp)"}


def test_problem_text_in_both_languages():
    p = RatProblem("unknown_opd", 3, "opd", "Dinas Entah", (("hint", ""),))
    assert cp.problem_text(p, "id", LABELS) == (
        "Baris 3, OPD penanggung jawab: OPD tidak dikenal: 'Dinas Entah'"
    )
    assert cp.problem_text(p, "en", {"opd": "Responsible agency (OPD)"}) == (
        "Row 3, Responsible agency (OPD): unknown OPD 'Dinas Entah'"
    )
    over = RatProblem(
        "over_ceiling", None, "budget_rp", "APBD",
        (("source", "APBD"), ("total", 1_500_000.0), ("ceiling", 1_000_000.0), ("over", 500_000.0)),
    )  # fmt: skip
    assert cp.problem_text(over, "id", LABELS) == (
        "Rencana, Anggaran (Rp): APBD: rencana Rp 1.500.000 melebihi pagu Rp 1.000.000 "
        "sebesar Rp 500.000"
    )


def test_every_problem_kind_has_a_translation():
    from planning.checks import KINDS
    from ui.i18n import TEXT

    for kind in KINDS:
        assert f"pl_rat_p_{kind}" in TEXT, kind


def test_ceiling_display_marks_overruns():
    summary = pd.DataFrame(
        {
            "funding_source": ["APBD", "other"],
            "budget_rp": [150.0, 10.0],
            "ceiling_rp": [100.0, float("nan")],
            "remaining_rp": [-50.0, float("nan")],
            "share_used": [1.5, float("nan")],
        }
    )
    out = cp.ceiling_display(summary, "id")
    assert list(out["over"]) == [True, False]
    assert out.loc[0, "remaining_rp"] == "Rp -50" and out.loc[0, "share_used"] == "150,0"
    assert out.loc[1, "ceiling_rp"] == "tidak ada pagu"


def sim_table() -> pd.DataFrame:
    rows = []
    for g, p0b, p0a in (("all", 0.2, 0.15), ("coastal", 0.3, 0.2), ("lowland", 0.1, 0.1)):
        r = {"group": g, "poor_change": -10.0, "cost_rp_year": 1e9,
             "cost_per_person_lifted_rp": 1e8}  # fmt: skip
        for ind in ("p0", "p1", "p2", "gini"):
            r[f"{ind}_before"], r[f"{ind}_after"] = p0b, p0a
            r[f"{ind}_change"] = p0a - p0b
        rows.append(r)
    return pd.DataFrame(rows)


def test_sim_table_is_in_display_units():
    out = cp.sim_table(sim_table(), "en")
    assert list(out["group"]) == ["Regency", "Coastal", "Lowland"]
    assert out.loc[0, "p0_after"] == pytest.approx(15.0)  # percent
    assert out.loc[0, "p1_change"] == pytest.approx(-5.0)  # index x100
    assert out.loc[0, "gini_after"] == pytest.approx(0.15)  # 0-1


def test_sim_chart_has_before_and_after_bars_per_group():
    fig = cp.sim_p0_chart(sim_table(), "id")
    before, after = fig.data
    assert list(before.x) == ["Kabupaten", "Pesisir", "Dataran rendah"]
    assert list(after.y) == pytest.approx([15.0, 20.0, 10.0])
    assert fig.layout.separators == ",."
    # The legend tells them apart by more than opacity (its swatch takes the first
    # bar's colour, the regency's black, for both).
    assert before.marker.pattern.shape == "/"
    assert not after.marker.pattern.shape


@pytest.mark.parametrize(
    ("fields", "lang", "expected"),
    [
        ({"kind": "add", "amount_rp_year": 2_400_000, "who": "decile", "decile_k": 2}, "id",
         "Tambah Rp 2.400.000 per rumah tangga per tahun untuk rumah tangga desil 1-2."),
        ({"kind": "move", "amount_rp_year": 5e9, "from_zone": "lowland", "to_zone": "highland",
          "decile_k": 4}, "en",
         "Move Rp 5,000,000,000 a year from the lowland zone (transfers cut pro rata) to "
         "households in deciles 1-4 of the highland zone."),
        ({"kind": "remove", "programme_code": "PKH"}, "id",
         "Hentikan PKH: setiap penerima kehilangan bantuan yang tercatat."),
    ],
)  # fmt: skip
def test_scenario_sentence(fields, lang, expected):
    assert cp.scenario_text(fields, lang) == expected


def trend_frame() -> pd.DataFrame:
    rows = [
        ("computed", "all", 2024, 0.14, None), ("computed", "all", 2025, 0.13, None),
        ("computed", "coastal", 2025, 0.25, None),
        ("target", "all", 2025, 0.137, False), ("target", "all", 2026, 0.132, True),
        ("target", "coastal", 2026, 0.24, True),
        ("official", "94.04", 2025, 0.137, None),
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=["series", "area", "year", "value", "is_placeholder"])
    df["indicator"] = "p0"
    return df


def test_progress_table_gap_is_data_minus_target():
    out = cp.progress_table(trend_frame(), "p0", "id")
    assert list(out["area"]) == ["Kabupaten", "Kabupaten", "Pesisir"]
    first = out.iloc[0]
    assert first["year"] == 2025
    assert (first["target"], first["computed"]) == pytest.approx((13.7, 13.0))
    assert first["gap"] == pytest.approx(-0.7) and first["official"] == pytest.approx(13.7)
    assert pd.isna(out.iloc[1]["gap"])  # no data for 2026 yet
    assert list(out["placeholder"]) == ["", "✔", "✔"]


def test_progress_chart_draws_the_simulated_point():
    fig = cp.progress_chart(trend_frame(), "p0", "en", simulated={"all": 0.12}, sim_year=2025)
    sim = [tr for tr in fig.data if tr.name == "Regency: with the simulation"]
    assert len(sim) == 1 and list(sim[0].y) == pytest.approx([12.0])
    assert any(tr.name == "BPS (published)" for tr in fig.data)


def test_quadrant_input_converts_units_and_classifies():
    ranked = pd.DataFrame(
        {
            "code": ["a", "b", "c"], "name": ["A", "B", "C"], "zone": ["coastal"] * 3,
            "p0": [0.1, 0.3, None], "coverage_gap": [0.5, 0.1, 0.2], "population": [1, 2, 3],
        }
    )  # fmt: skip
    q = cp.quadrant_input(ranked, "p0", "coverage_gap")
    assert list(q["code"]) == ["a", "b"]  # c has no P0
    assert list(q["x"]) == pytest.approx([10.0, 30.0])
    assert q.attrs["refs"] == pytest.approx((20.0, 30.0))
    assert list(q["quadrant"]) == ["II", "IV"]
