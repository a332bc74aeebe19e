"""What-if: a static microsimulation on the household data.

A scenario changes each household's consumption per capita by a transfer
(added or removed) and the poverty indicators are computed again, before and
after, by zone and for the regency, with the same functions as everywhere else
(:func:`analytics.poverty.fgt_by`). Static means first-round effects only: no
behavioural response, no change in prices, transfers fully consumed and shared
equally within the household (Rp per household per year / 12 / household size
is added to consumption per capita per month). Every result carries these
assumptions as structured items (:class:`Assumption`: a key and raw values),
worded by the interface in its language and by :func:`english` for the CLI.

Scenarios:

* ``add``: a transfer of ``amount_rp_year`` per household per year to those
  selected by ``who``: ``decile`` (welfare_decile <= ``decile_k``), ``zone``
  (every household of ``zone``, optionally also decile <= k), ``all``, or
  ``current`` (the current beneficiaries of ``programme_code``).
* ``remove``: the programme ``programme_code`` stops; each beneficiary loses
  the amount recorded in ``beneficiaries.amount_rp`` for that year.
* ``perfect``: a budget ``budget_rp_year`` given with perfect targeting, poorest
  first: every poor person is raised to a common floor L (<= z) such that the
  cost equals the budget ("water-filling"; minimises P2 for the money). With a
  budget at or above the poverty-gap closure cost (P1 x z x population x 12)
  every gap is closed and P0 = 0; only the closure cost is spent.
* ``move``: ``amount_rp_year`` moves from ``from_zone`` to ``to_zone``: current
  transfers in ``from_zone`` are cut pro rata to free that amount, and the same
  amount goes in equal parts to households of ``to_zone`` with decile <= k.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from analytics.design import check_identifier
from analytics.poverty import fgt_by

KINDS = ("add", "remove", "perfect", "move")
WHO = ("decile", "zone", "all", "current")
OUT_INDICATORS = ("p0", "p1", "p2", "gini", "poor", "population")


@dataclass(frozen=True)
class Scenario:
    """One what-if. Amounts are Rp per year; see the module docstring for each kind."""

    kind: str
    amount_rp_year: float = 0.0
    who: str = "decile"
    decile_k: int = 4
    zone: str | None = None
    programme_code: str | None = None
    budget_rp_year: float = 0.0
    from_zone: str | None = None
    to_zone: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.who not in WHO:
            raise ValueError(f"who must be one of {WHO}, got {self.who!r}")
        if self.amount_rp_year < 0 or self.budget_rp_year < 0:
            raise ValueError("amounts must be >= 0")
        if not 1 <= int(self.decile_k) <= 10:
            raise ValueError("decile_k must be 1-10")


@dataclass(frozen=True)
class Assumption:
    """One assumption of a run, language-free: a key and its raw values.

    ``values`` keeps numbers unformatted (names say the unit: ``*_rp`` rupiah,
    ``*_rp_year`` rupiah per year) and zones as codes; the interface words them
    in its language (``ui/texts/planning.py`` key ``pl_sim_asm_<key>``), the CLI
    in English (:func:`english`).
    """

    key: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class SimulationResult:
    """Before/after indicators by group ('all' + zones), cost, recipients, assumptions.

    ``assumption_items`` are the structured assumptions (:class:`Assumption`);
    ``assumptions`` gives them as English sentences (CLI, logs).
    """

    table: pd.DataFrame
    cost_rp_year: float
    recipients_households: float
    closure_cost_rp_year: float
    assumption_items: list[Assumption] = field(default_factory=list)

    @property
    def assumptions(self) -> list[str]:
        """The assumptions as English sentences."""
        return english(self.assumption_items)


def household_frame(
    con, households, beneficiaries, districts, year, programme_code
) -> pd.DataFrame:
    """Households of a year with zone, current transfers and the named programme's amounts."""
    for rel in (households, beneficiaries, districts):
        check_identifier(rel)
    return con.execute(
        f"""
        SELECT h.hh_id, h.district_code, d.zone, h.hh_size, h.weight, h.consumption_pc_rp,
               h.welfare_decile, h.strata, h.psu, h.village_code, h.year,
               coalesce(b.total_rp, 0) AS transfers_rp_year,
               coalesce(b.programme_rp, 0) AS programme_rp_year,
               coalesce(b.in_programme, 0) > 0 AS in_programme
        FROM {households} h
        JOIN {districts} d USING (district_code)
        LEFT JOIN (
            SELECT hh_id, sum(coalesce(amount_rp, 0)) AS total_rp,
                   sum(coalesce(amount_rp, 0)) FILTER (WHERE programme_code = ?) AS programme_rp,
                   count(*) FILTER (WHERE programme_code = ?) AS in_programme
            FROM {beneficiaries} WHERE year = ? GROUP BY hh_id
        ) b USING (hh_id)
        WHERE h.year = ?
        ORDER BY h.hh_id
        """,
        [programme_code, programme_code, year, year],
    ).df()


def transfer_per_household(df: pd.DataFrame, s: Scenario, line_rp: float) -> np.ndarray:
    """Rp per household per year that each household gains (negative: loses)."""
    n = len(df)
    dec = df["welfare_decile"].fillna(99).to_numpy()
    zone = df["zone"].to_numpy()
    if s.kind == "add":
        if s.who == "decile":
            sel = dec <= s.decile_k
        elif s.who == "zone":
            if s.zone is None:
                raise ValueError("who='zone' needs a zone")
            sel = (zone == s.zone) & (dec <= s.decile_k if s.decile_k < 10 else True)
        elif s.who == "all":
            sel = np.ones(n, dtype=bool)
        else:
            if not s.programme_code:
                raise ValueError("who='current' needs a programme_code")
            sel = df["in_programme"].to_numpy(dtype=bool)
        return np.where(sel, s.amount_rp_year, 0.0)
    if s.kind == "remove":
        if not s.programme_code:
            raise ValueError("kind='remove' needs a programme_code")
        return -df["programme_rp_year"].to_numpy(dtype=float)
    if s.kind == "perfect":
        return _water_fill(df, line_rp, s.budget_rp_year)
    # move
    if not s.from_zone or not s.to_zone:
        raise ValueError("kind='move' needs from_zone and to_zone")
    w = df["weight"].to_numpy()
    current = df["transfers_rp_year"].to_numpy()
    in_from = zone == s.from_zone
    available = float((w * current)[in_from].sum())
    cut_share = min(1.0, s.amount_rp_year / available) if available > 0 else 0.0
    moved = cut_share * available
    out = np.where(in_from, -cut_share * current, 0.0)
    to = (zone == s.to_zone) & (dec <= s.decile_k)
    n_to = float(w[to].sum())
    if n_to > 0:
        out = out + np.where(to, moved / n_to, 0.0)
    return out


def _water_fill(df: pd.DataFrame, line_rp: float, budget_rp_year: float) -> np.ndarray:
    """Raise the poorest to a common floor L <= z at a total cost of the budget."""
    y = df["consumption_pc_rp"].to_numpy(dtype=float)
    v = (df["weight"] * df["hh_size"]).to_numpy(dtype=float)  # persons
    m = df["hh_size"].to_numpy(dtype=float)
    z = float(line_rp)
    poor = y < z
    if not poor.any() or budget_rp_year <= 0:
        return np.zeros(len(y))

    def cost(level: float) -> float:  # Rp per year
        return float((v * np.clip(level - y, 0, None) * 12)[poor].sum())

    if cost(z) <= budget_rp_year:
        level = z
    else:
        lo, hi = float(y[poor].min()), z
        for _ in range(100):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if cost(mid) <= budget_rp_year else (lo, mid)
        level = lo
    gain_pc_month = np.where(poor, np.clip(level - y, 0, None), 0.0)
    return gain_pc_month * m * 12


def simulate(
    con: duckdb.DuckDBPyConnection,
    scenario: Scenario,
    *,
    year: int,
    line_rp: float,
    households: str = "households",
    beneficiaries: str = "beneficiaries",
    districts: str = "districts",
) -> SimulationResult:
    """Run one scenario; indicators before and after for the regency and each zone.

    Returns:
        A :class:`SimulationResult` whose ``table`` has one row per group
        (``all``, then zones) with ``<ind>_before``, ``<ind>_after`` and
        ``<ind>_change`` for p0, p1, p2 (proportions), gini, poor and population
        (weighted persons); ``cost_rp_year`` is the weighted annual cost (negative
        for a removal: money saved), ``recipients_households`` the weighted number
        of households whose transfer changes.
    """
    df = household_frame(con, households, beneficiaries, districts, year, scenario.programme_code)
    if df.empty:
        raise ValueError(f"no households in {year}")
    gain = transfer_per_household(df, scenario, line_rp)
    after = df.copy()
    after["consumption_pc_rp"] = np.maximum(
        0.0, df["consumption_pc_rp"].to_numpy() + gain / 12 / df["hh_size"].to_numpy()
    )
    cols = [
        "year", "hh_id", "district_code", "village_code", "hh_size", "weight",
        "consumption_pc_rp", "welfare_decile", "strata", "psu",
    ]  # fmt: skip
    results = {}
    scratch = duckdb.connect(":memory:")
    try:
        zones = df[["district_code", "zone"]].drop_duplicates()
        scratch.register("sim_districts", zones)
        for label, frame in (("before", df), ("after", after)):
            scratch.register("sim_households", frame[cols])
            parts = [
                fgt_by(scratch, "sim_households", line_rp=line_rp, year=year, by=by,
                       districts="sim_districts")
                for by in ("regency", "zone")
            ]  # fmt: skip
            results[label] = pd.concat(parts, ignore_index=True).set_index("group")
            scratch.unregister("sim_households")
    finally:
        scratch.close()
    table = pd.DataFrame(index=results["before"].index)
    for ind in OUT_INDICATORS:
        table[f"{ind}_before"] = results["before"][ind]
        table[f"{ind}_after"] = results["after"][ind]
        table[f"{ind}_change"] = table[f"{ind}_after"] - table[f"{ind}_before"]
    table = table.reset_index()
    w = df["weight"].to_numpy()
    before_all = results["before"].loc["all"]
    closure = float(before_all["p1"] * line_rp * before_all["population"] * 12)
    return SimulationResult(
        table=table,
        cost_rp_year=float((w * gain).sum()),
        recipients_households=float(w[gain != 0].sum()),
        closure_cost_rp_year=closure,
        assumption_items=assumptions(scenario, line_rp),
    )


# English wording of each assumption key; rupiah amounts as "1,166,466 Rp".
ENGLISH = {
    "static": "Static microsimulation: first-round effects only; no behavioural response, "
    "no price effects.",
    "transfer": "A transfer is fully consumed and shared equally: Rp per household per year / 12 "
    "/ household size is added to consumption per capita per month.",
    "line": "Poverty line {line_rp:,.0f} Rp per capita per month; poor means consumption strictly "
    "below it.",
    "costs": "Costs are weighted (survey weights), Rp per year, before administration costs.",
    "add_decile": "Adds {amount_rp_year:,.0f} Rp per household per year to households in welfare "
    "deciles 1-{decile_k}.",
    "add_zone": "Adds {amount_rp_year:,.0f} Rp per household per year to households of zone "
    "{zone}.",
    "add_zone_deciles": "Adds {amount_rp_year:,.0f} Rp per household per year to households of "
    "zone {zone} in deciles 1-{decile_k}.",
    "add_all": "Adds {amount_rp_year:,.0f} Rp per household per year to every household.",
    "add_current": "Adds {amount_rp_year:,.0f} Rp per household per year to the current "
    "beneficiaries of {programme_code} (current targeting).",
    "remove": "Stops {programme_code}: each beneficiary loses the amount recorded for the year.",
    "perfect": "Perfect targeting of {budget_rp_year:,.0f} Rp per year, poorest first: every poor "
    "person is raised to a common floor (at most the line); no leakage, no administration cost.",
    "move": "Moves {amount_rp_year:,.0f} Rp per year from {from_zone} (current transfers cut pro "
    "rata) to households of {to_zone} in deciles 1-{decile_k} (equal amounts).",
}


def assumptions(s: Scenario, line_rp: float) -> list[Assumption]:
    """The model's assumptions and the scenario, as structured items (no wording).

    Always ``static``, ``transfer``, ``line`` (``line_rp``: Rp per capita per
    month) and ``costs``, then one item for the scenario: ``add_<who>`` (with
    ``add_zone_deciles`` when a zone is limited to deciles 1-k), ``remove``,
    ``perfect`` or ``move``, carrying the scenario's own values.
    """
    out = [
        Assumption("static"),
        Assumption("transfer"),
        Assumption("line", {"line_rp": float(line_rp)}),
        Assumption("costs"),
    ]
    if s.kind == "add":
        amount = {"amount_rp_year": float(s.amount_rp_year)}
        if s.who == "decile":
            out.append(Assumption("add_decile", {**amount, "decile_k": int(s.decile_k)}))
        elif s.who == "zone" and s.decile_k < 10:
            values = {**amount, "zone": s.zone, "decile_k": int(s.decile_k)}
            out.append(Assumption("add_zone_deciles", values))
        elif s.who == "zone":
            out.append(Assumption("add_zone", {**amount, "zone": s.zone}))
        elif s.who == "all":
            out.append(Assumption("add_all", amount))
        else:
            out.append(Assumption("add_current", {**amount, "programme_code": s.programme_code}))
    elif s.kind == "remove":
        out.append(Assumption("remove", {"programme_code": s.programme_code}))
    elif s.kind == "perfect":
        out.append(Assumption("perfect", {"budget_rp_year": float(s.budget_rp_year)}))
    else:
        values = {
            "amount_rp_year": float(s.amount_rp_year),
            "from_zone": s.from_zone,
            "to_zone": s.to_zone,
            "decile_k": int(s.decile_k),
        }
        out.append(Assumption("move", values))
    return out


def english(items: list[Assumption]) -> list[str]:
    """Assumptions as English sentences (the CLI's wording; amounts as '2,400 Rp')."""
    return [ENGLISH[a.key].format(**a.values) for a in items]
