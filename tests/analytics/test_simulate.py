"""The what-if simulator against hand-computed cases (z = 1,000 Rp per capita per month)."""

import duckdb
import pandas as pd
import pytest

from analytics.simulate import Assumption, Scenario, assumptions, english, simulate

Z = 1000.0


@pytest.fixture()
def con():
    c = duckdb.connect()
    hh = pd.DataFrame(
        {
            "year": 2025,
            "hh_id": ["h1", "h2", "h3", "h4"],
            "district_code": ["94.04.01", "94.04.01", "94.04.03", "94.04.02"],
            "village_code": None,
            "hh_size": [2, 1, 3, 1],
            "weight": [1.0, 1.0, 1.0, 1.0],
            "consumption_pc_rp": [900.0, 950.0, 2000.0, 500.0],
            "welfare_decile": [1, 2, 5, 1],
            "strata": None,
            "psu": None,
        }
    )
    districts = pd.DataFrame(
        {
            "district_code": ["94.04.01", "94.04.03", "94.04.02"],
            "zone": ["lowland", "coastal", "highland"],
        }
    )
    ben = pd.DataFrame(
        {
            "programme_code": ["X", "X"],
            "year": 2025,
            "hh_id": ["h3", "h2"],
            "amount_rp": [3600.0, 600.0],
        }
    )
    c.register("households", hh)
    c.register("districts", districts)
    c.register("beneficiaries", ben)
    yield c
    c.close()


def row(res, group="all"):
    return res.table.set_index("group").loc[group]


def test_transfer_to_decile_1_lifts_exactly_the_known_household(con):
    # h1 gains 2,400/12/2 = 100 per capita -> exactly 1,000: no longer poor (poor is y < z).
    # h4 gains 200 -> 700: still poor. Poor persons 4 of 7 before, 2 (h2, h4) of 7 after.
    res = simulate(
        con, Scenario("add", amount_rp_year=2400, who="decile", decile_k=1), year=2025, line_rp=Z
    )
    r = row(res)
    assert r.p0_before == pytest.approx(4 / 7)
    assert r.p0_after == pytest.approx(2 / 7)
    assert res.cost_rp_year == pytest.approx(2 * 2400)
    assert res.recipients_households == pytest.approx(2)
    # P1 after: h2 gap 0.05 (1 person), h4 gap 0.3 (1 person) -> 0.35/7.
    assert r.p1_after == pytest.approx(0.35 / 7)


def test_perfect_targeting_at_the_closure_cost_closes_every_gap(con):
    # Closure cost = P1 * z * population * 12 = (2*0.1 + 1*0.05 + 1*0.5)/7 * 1000 * 7 * 12 = 9,000.
    res = simulate(con, Scenario("perfect", budget_rp_year=1e9), year=2025, line_rp=Z)
    assert res.closure_cost_rp_year == pytest.approx(9000)
    assert res.cost_rp_year == pytest.approx(9000)  # only the closure cost is spent
    r = row(res)
    assert r.p0_after == 0 and r.p1_after == 0 and r.p2_after == 0


def test_perfect_targeting_with_half_the_money_raises_the_poorest_first(con):
    # Budget 4,500: the floor L solves 12 * (L - 500) = 4,500 -> L = 875 < 900, so only h4 gains.
    res = simulate(con, Scenario("perfect", budget_rp_year=4500), year=2025, line_rp=Z)
    r = row(res)
    assert res.cost_rp_year == pytest.approx(4500)
    assert r.p0_after == pytest.approx(4 / 7)  # nobody crosses the line
    assert r.p1_after == pytest.approx((2 * 0.1 + 0.05 + 0.125) / 7)
    assert r.p2_after < r.p2_before


def test_removing_a_programme_takes_the_recorded_amounts(con):
    # h2 loses 600/12/1 = 50 -> 900 (gap 0.1); h3 loses 3,600/12/3 = 100 -> 1,900 (not poor).
    res = simulate(con, Scenario("remove", programme_code="X"), year=2025, line_rp=Z)
    r = row(res)
    assert res.cost_rp_year == pytest.approx(-4200)
    assert r.p0_after == pytest.approx(r.p0_before)
    assert r.p1_after == pytest.approx((2 * 0.1 + 0.1 + 0.5) / 7)


def test_current_targeting_reaches_the_programme_beneficiaries(con):
    res = simulate(
        con,
        Scenario("add", amount_rp_year=1200, who="current", programme_code="X"),
        year=2025,
        line_rp=Z,
    )
    # h2 gains 100 -> 1,050 (not poor); h3 gains 33.3 (was not poor).
    assert row(res).p0_after == pytest.approx(3 / 7)
    assert res.cost_rp_year == pytest.approx(2400)


def test_moving_budget_between_zones_keeps_the_total(con):
    # Coastal (h3) has 3,600 of transfers; moving 3,600 to highland decile <= 4 (h4: +300 per capita).
    res = simulate(
        con,
        Scenario("move", amount_rp_year=3600, from_zone="coastal", to_zone="highland", decile_k=4),
        year=2025,
        line_rp=Z,
    )
    assert res.cost_rp_year == pytest.approx(0, abs=1e-9)
    assert row(res, "highland").p1_after == pytest.approx(0.2)  # 500 + 300 = 800 -> gap 0.2
    assert row(res, "coastal").p0_after == 0


def test_bad_scenarios_are_refused():
    with pytest.raises(ValueError):
        Scenario("gift")
    with pytest.raises(ValueError):
        Scenario("add", amount_rp_year=-1)
    with pytest.raises(ValueError):
        Scenario("add", decile_k=11)


def test_assumptions_are_spelled_out(con):
    res = simulate(
        con, Scenario("add", amount_rp_year=2400, who="decile", decile_k=1), year=2025, line_rp=Z
    )
    text = " ".join(res.assumptions)
    assert "Static" in text and "deciles 1-1" in text and "strictly below" in text


def test_assumptions_are_structured_and_carry_the_scenario_values(con):
    s = Scenario("move", amount_rp_year=2e9, from_zone="lowland", to_zone="highland", decile_k=3)
    res = simulate(con, s, year=2025, line_rp=Z)
    items = res.assumption_items
    assert [a.key for a in items] == ["static", "transfer", "line", "costs", "move"]
    assert items[2] == Assumption("line", {"line_rp": 1000.0})
    assert items[4].values == {
        "amount_rp_year": 2e9, "from_zone": "lowland", "to_zone": "highland", "decile_k": 3,
    }  # fmt: skip
    # No wording in the items: strings are only codes.
    assert all(isinstance(v, (int, float)) or v in ("lowland", "highland")
               for a in items for v in a.values.values())  # fmt: skip
    # The English sentences (CLI) are the items worded, amounts as "2,000,000,000 Rp".
    assert res.assumptions == english(items)
    assert res.assumptions[2] == (
        "Poverty line 1,000 Rp per capita per month; poor means consumption strictly below it."
    )
    assert res.assumptions[4] == (
        "Moves 2,000,000,000 Rp per year from lowland (current transfers cut pro rata) to "
        "households of highland in deciles 1-3 (equal amounts)."
    )


@pytest.mark.parametrize(
    ("scenario", "key", "values"),
    [
        (Scenario("add", amount_rp_year=5, who="decile", decile_k=2), "add_decile",
         {"amount_rp_year": 5.0, "decile_k": 2}),
        (Scenario("add", amount_rp_year=5, who="zone", zone="coastal", decile_k=3),
         "add_zone_deciles", {"amount_rp_year": 5.0, "zone": "coastal", "decile_k": 3}),
        (Scenario("add", amount_rp_year=5, who="zone", zone="coastal", decile_k=10), "add_zone",
         {"amount_rp_year": 5.0, "zone": "coastal"}),
        (Scenario("add", amount_rp_year=5, who="all"), "add_all", {"amount_rp_year": 5.0}),
        (Scenario("add", amount_rp_year=5, who="current", programme_code="X"), "add_current",
         {"amount_rp_year": 5.0, "programme_code": "X"}),
        (Scenario("remove", programme_code="X"), "remove", {"programme_code": "X"}),
        (Scenario("perfect", budget_rp_year=7), "perfect", {"budget_rp_year": 7.0}),
    ],
)  # fmt: skip
def test_each_scenario_has_its_own_assumption_item(scenario, key, values):
    last = assumptions(scenario, Z)[-1]
    assert (last.key, last.values) == (key, values)
    assert english([last])[0].endswith(".")  # every key has an English wording
