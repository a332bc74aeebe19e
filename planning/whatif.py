"""What-if runs for the page and the CLI: one call, the same numbers in both.

Wraps :func:`analytics.simulate.simulate` (static microsimulation; its module
docstring states the model) with keyword arguments that can be cached, and adds
what a planner asks next: what the transfer costs in each zone and what each
person lifted out of poverty costs.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from analytics import simulate as sim
from analytics.simulate import Scenario, SimulationResult


def scenario(**fields: object) -> Scenario:
    """A :class:`Scenario` from keyword fields; ``None`` values take the defaults."""
    return Scenario(**{k: v for k, v in fields.items() if v is not None})


def run(
    con: duckdb.DuckDBPyConnection, *, year: int, line_rp: float, **fields: object
) -> SimulationResult:
    """:func:`analytics.simulate.simulate` of ``scenario(**fields)`` plus cost by zone.

    The result's ``table`` gains ``cost_rp_year`` (weighted Rp per year in the
    group; negative = money taken away), ``recipients_households`` (weighted
    households whose transfer changes) and ``cost_per_person_lifted_rp`` (cost /
    fall in poor persons; NaN when nobody is lifted out).
    """
    s = scenario(**fields)
    res = sim.simulate(con, s, year=year, line_rp=line_rp)
    # The household frame of the simulation itself, so the zone costs add up to its
    # total cost (same query, same transfers).
    hh = sim.household_frame(
        con, "households", "beneficiaries", "districts", year, s.programme_code
    )
    gain = sim.transfer_per_household(hh, s, line_rp)
    w = hh["weight"].to_numpy(dtype=float)
    per = pd.DataFrame({"zone": hh["zone"], "cost": w * gain, "rec": np.where(gain != 0, w, 0.0)})
    by_zone = per.groupby("zone")[["cost", "rec"]].sum()
    table = res.table.copy()
    cost = table["group"].map(by_zone["cost"])
    rec = table["group"].map(by_zone["rec"])
    is_all = table["group"] == "all"
    table["cost_rp_year"] = np.where(is_all, per["cost"].sum(), cost.fillna(0.0))
    table["recipients_households"] = np.where(is_all, per["rec"].sum(), rec.fillna(0.0))
    lifted = -table["poor_change"]
    table["cost_per_person_lifted_rp"] = table["cost_rp_year"] / lifted.where(lifted > 0)
    res.table = table
    return res
