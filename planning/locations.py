"""Priority locations: the indicators a planner may weigh, per district or village.

One row per area with the candidate indicators of
:func:`analytics.priority.priority_ranking`, computed by the same analytics as
the other pages, then the ranking. The page (pages/prioritas.py) and
``rpkd priority`` both call :func:`priority_table`, so they show the same
numbers.

Indicators (``INDICATORS``):

* ``p0``, ``p1``: FGT headcount and gap (proportions), :func:`analytics.poverty.fgt_by`;
* ``mpi_m0``: Alkire-Foster adjusted headcount (0-1), :func:`analytics.mpi.mpi_by`
  with the shipped structure (data/reference/mpi_structure.csv), k = 1/3;
* ``coverage_gap``: 1 - share of poor households (below the line) that at least
  one programme reaches, :func:`analytics.reach.reach_by`;
* ``budget_per_poor_rp``: realised spending attributed to the district
  (:func:`analytics.budget.budget_by`, regency-wide rows apportioned) per poor
  person, Rp per year. Districts only: budgets are not kept by village.

Areas resting on fewer than ``min_households`` sample households have every
indicator blanked (``suppressed``) and are not ranked: a survey estimate on a
handful of households should not send money anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import numpy as np
import pandas as pd

from analytics.budget import budget_by
from analytics.mpi import DEFAULT_K, mpi_by
from analytics.poverty import fgt_by
from analytics.priority import priority_ranking
from analytics.reach import reach_by
from config import REFERENCE_DIR

INDICATORS = ("p0", "p1", "mpi_m0", "coverage_gap", "budget_per_poor_rp")
DEFAULT_WEIGHTS = {"p0": 0.4, "p1": 0.2, "mpi_m0": 0.2, "coverage_gap": 0.2}
LEVELS = ("district", "village")
MPI_STRUCTURE = REFERENCE_DIR / "mpi_structure.csv"


def available(level: str) -> tuple[str, ...]:
    """Indicators that exist at ``level``."""
    return INDICATORS if level == "district" else INDICATORS[:-1]


def parse_weights(text: str) -> dict[str, float]:
    """'p0=0.4,p1=0.2' -> {'p0': 0.4, 'p1': 0.2}; raises ValueError on bad input."""
    out: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in INDICATORS:
            raise ValueError(
                f"expected INDICATOR=WEIGHT with INDICATOR in {INDICATORS}, got {part!r}"
            )
        try:
            out[key] = float(value)
        except ValueError:
            raise ValueError(f"weight of {key} is not a number: {value!r}") from None
    if not out:
        raise ValueError("no weights given")
    return out


def area_indicators(
    con: duckdb.DuckDBPyConnection,
    *,
    level: str,
    year: int,
    line_rp: float,
    min_households: int = 10,
) -> pd.DataFrame:
    """Candidate indicators per area.

    Returns:
        One row per area of ``level`` (every district or village of the store, with
        or without households), ordered by code: ``code``, ``name``,
        ``district_code``, ``district_name``, ``zone``, ``households`` (sample
        households), ``population``, ``poor`` (weighted persons), ``p0``,
        ``p0_ci_low``, ``p0_ci_high``, ``p1`` (proportions), ``mpi_m0`` (0-1),
        ``coverage`` and ``coverage_gap`` (proportions of poor households),
        ``budget_per_poor_rp`` (Rp per poor person per year; NaN for villages) and
        ``suppressed`` (bool: fewer than ``min_households`` sample households).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    if level == "district":
        areas = con.execute(
            "SELECT district_code AS code, name, district_code, name AS district_name, zone "
            "FROM districts ORDER BY district_code"
        ).df()
    else:
        areas = con.execute(
            "SELECT v.village_code AS code, v.name, v.district_code, d.name AS district_name, "
            "d.zone FROM villages v JOIN districts d USING (district_code) ORDER BY v.village_code"
        ).df()
    fgt = fgt_by(con, line_rp=line_rp, year=year, by=level, include_gini=False)
    fgt = fgt[fgt["group"].notna()].rename(columns={"group": "code"})
    df = areas.merge(
        fgt[["code", "households", "population", "poor", "p0", "p0_ci_low", "p0_ci_high", "p1"]],
        on="code",
        how="left",
    )
    structure = pd.read_csv(MPI_STRUCTURE)
    mpi = mpi_by(con, year=year, structure=structure, k=DEFAULT_K, by=level)
    df["mpi_m0"] = df["code"].map(mpi.set_index("group")["m0"])
    reach = reach_by(
        con, year=year, by=level, poor_definition="line", line_rp=line_rp, programmes=None
    )
    any_prog = reach[(reach["programme_code"] == "(any)") & reach["group"].notna()]
    df["coverage"] = df["code"].map(any_prog.set_index("group")["coverage"])
    df["coverage_gap"] = 1 - df["coverage"]
    if level == "district":
        money = budget_by(con, year=year, by="district", line_rp=line_rp)
        realised = df["code"].map(money.set_index("group")["realised_rp"])
        df["budget_per_poor_rp"] = realised / df["poor"].where(df["poor"] > 0)
    else:
        df["budget_per_poor_rp"] = np.nan
    df["households"] = df["households"].fillna(0).astype("int64")
    small = df["households"] < int(min_households)
    for c in ("population", "poor", "p0", "p0_ci_low", "p0_ci_high", "p1", "mpi_m0", "coverage"):
        df[c] = df[c].astype(float).mask(small)
    df["coverage_gap"] = df["coverage_gap"].astype(float).mask(small)
    df["budget_per_poor_rp"] = df["budget_per_poor_rp"].astype(float).mask(small)
    df["suppressed"] = small.to_numpy()
    return df.reset_index(drop=True)


def priority_table(
    con: duckdb.DuckDBPyConnection,
    *,
    level: str,
    year: int,
    line_rp: float,
    weights: Mapping[str, float] | tuple[tuple[str, float], ...],
    min_households: int = 10,
) -> pd.DataFrame:
    """:func:`area_indicators` ranked by :func:`analytics.priority.priority_ranking`.

    Weights on an indicator that does not exist at ``level`` are refused. Areas
    without any ranked indicator (suppressed) come last with an empty rank.
    """
    weights = dict(weights)  # a tuple of pairs too, so that the page can cache the call
    bad = [k for k in weights if k not in available(level)]
    if bad:
        raise ValueError(f"not available by {level}: {', '.join(bad)}")
    areas = area_indicators(
        con, level=level, year=year, line_rp=line_rp, min_households=min_households
    )
    ranked = priority_ranking(areas, weights, code_col="code")
    ranked = ranked.sort_values(["rank", "code"], na_position="last").reset_index(drop=True)
    return ranked
