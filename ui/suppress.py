"""Small-cell suppression and the poverty-pocket rule for area estimates.

Pure functions (no streamlit): the planner pages apply them to one-row-per-area
frames before anything is drawn, so that a map, a table and a chart show the
same cells. The threshold comes from the settings (``min_cell_households``,
default 10 sample households) and is passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

SUPPRESSED = "suppressed"

#: Pocket rules: ``"significant"`` (the area's 95 % interval lies wholly above the
#: regency value) or ``"top_quintile"`` (among the fifth of areas with the highest
#: value and resting on at least :data:`POCKET_MIN_HOUSEHOLDS` sample households).
POCKET_RULES = ("significant", "top_quintile")
POCKET_MIN_HOUSEHOLDS = 30


def suppress_small(
    df: pd.DataFrame,
    *,
    min_households: int,
    n_col: str = "households",
    value_cols: Iterable[str] = ("value", "ci_low", "ci_high"),
) -> pd.DataFrame:
    """Blank estimates resting on fewer than ``min_households`` sample households.

    Args:
        df: One row per area; ``n_col`` holds the sample households (count).
        min_households: Smallest count shown; cells below it are suppressed.
        n_col: Column with the sample household count. A missing count means no
            data (not suppressed: there is nothing to hide).
        value_cols: Columns set to NaN in suppressed rows (those present in ``df``).

    Returns:
        A copy with ``value_cols`` NaN where ``n_col < min_households`` and a bool
        column ``suppressed`` marking those rows. The count itself is kept: it is
        not disclosive and tells the reader why the cell is empty.
    """
    if min_households < 1:
        raise ValueError(f"min_households must be at least 1, got {min_households}")
    if n_col not in df.columns:
        raise KeyError(f"frame has no column {n_col!r} (columns: {list(df.columns)})")
    out = df.copy()
    n = pd.to_numeric(out[n_col], errors="coerce")
    small = (n < min_households).fillna(False).to_numpy(dtype=bool)
    for col in value_cols:
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
            out.loc[small, col] = np.nan
    out[SUPPRESSED] = small
    return out


def single_psu_intervals(
    df: pd.DataFrame,
    *,
    psu_col: str = "n_psu",
    interval_cols: Iterable[str] = ("ci_low", "ci_high"),
) -> pd.DataFrame:
    """Blank the intervals of estimates resting on a single primary sampling unit.

    A domain whose households all sit in one PSU has a linearised standard error of
    exactly zero (its scores sum to zero within that PSU): the design cannot say how
    uncertain it is, and a zero-width interval would look perfectly certain.

    Returns:
        A copy with ``interval_cols`` NaN where ``psu_col < 2`` and a bool column
        ``single_psu``. Without ``psu_col`` the frame is returned unchanged (with
        ``single_psu`` False).
    """
    out = df.copy()
    if psu_col not in out.columns:
        out["single_psu"] = False
        return out
    one = (pd.to_numeric(out[psu_col], errors="coerce") < 2).fillna(False).to_numpy(dtype=bool)
    for col in interval_cols:
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
            out.loc[one, col] = np.nan
    out["single_psu"] = one
    return out


def pocket_codes(
    df: pd.DataFrame,
    *,
    regency_value: float,
    rule: str = "significant",
    code_col: str = "code",
    n_col: str = "households",
    min_households: int = POCKET_MIN_HOUSEHOLDS,
) -> list[str]:
    """Areas marked as poverty pockets, from their P0 estimates.

    Args:
        df: One row per area with ``code_col``, ``value`` (P0, proportion),
            ``ci_low`` (lower end of its 95 % interval) and ``n_col`` (sample
            households). Suppressed rows (NaN value) are never pockets.
        regency_value: The regency's P0 (proportion) in the same year.
        rule: ``"significant"``: ``ci_low > regency_value`` (an area without an
            interval, e.g. a single PSU, is not a pocket under this rule). ``"top_quintile"``:
            value at or above the 80th percentile of the shown areas' values and
            at least ``min_households`` sample households.
        code_col: Column with the area code.
        n_col: Column with the sample household count.
        min_households: Floor on sample households for ``"top_quintile"``.

    Returns:
        The codes of the pockets, in the frame's order.
    """
    if rule not in POCKET_RULES:
        raise ValueError(f"rule must be one of {POCKET_RULES}, got {rule!r}")
    value = pd.to_numeric(df["value"], errors="coerce")
    if rule == "significant":
        hit = pd.to_numeric(df["ci_low"], errors="coerce") > regency_value
    else:
        shown = value.dropna()
        if shown.empty:
            return []
        cut = float(np.quantile(shown, 0.8))
        hit = (value >= cut) & (pd.to_numeric(df[n_col], errors="coerce") >= min_households)
    hit = hit.fillna(False) & value.notna()
    return df.loc[hit.to_numpy(dtype=bool), code_col].astype(str).tolist()


def guard(df: pd.DataFrame, *, min_households: int) -> pd.DataFrame:
    """Both rules an area frame goes through before it is shown: small cells suppressed
    (:func:`suppress_small`), single-PSU intervals blanked (:func:`single_psu_intervals`)."""
    return single_psu_intervals(suppress_small(df, min_households=min_households))


def suppress_targeting(
    reach: pd.DataFrame, *, min_households: int, group_households: pd.Series
) -> pd.DataFrame:
    """Small-cell rules for :func:`analytics.reach.reach_by` rows.

    Coverage and exclusion error rest on the group's sampled households (the poor
    among them): blank where the group has fewer than ``min_households``. The
    inclusion error rests on the sampled households the programme reached: blank
    where ``households_reached < min_households``.

    Args:
        reach: Rows with ``group``, ``coverage``, ``exclusion_error``,
            ``inclusion_error`` and ``households_reached``.
        min_households: The threshold.
        group_households: Sample households per group (index = group key).

    Returns:
        A copy with those cells NaN and a bool column ``suppressed`` (any cell blanked).
    """
    out = reach.copy()
    n = out["group"].map(group_households)
    small = (pd.to_numeric(n, errors="coerce") < min_households).fillna(False).to_numpy(bool)
    few = (pd.to_numeric(out["households_reached"], errors="coerce") < min_households).to_numpy(
        bool
    )
    for col in ("coverage", "exclusion_error", "inclusion_error"):
        out[col] = out[col].astype(float)
    out.loc[small, ["coverage", "exclusion_error", "inclusion_error"]] = np.nan
    out.loc[few, "inclusion_error"] = np.nan
    out[SUPPRESSED] = small | few
    return out
