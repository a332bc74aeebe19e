"""Priority locations: rank districts or villages for intervention.

A composite index of indicators the planner picks, each rescaled to 0-1 over
the candidate areas (min-max; 1 = most in need) and combined with weights the
planner can see and edit. The weights are normalised to sum to 1 and returned
with the result so the ranking can always be explained. Plus the quadrant
typology (two indicators against their regency references).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Indicator -> +1 when a higher value means more need, -1 when lower means more need.
DIRECTION = {
    "p0": 1,
    "p1": 1,
    "p2": 1,
    "poor": 1,
    "mpi_m0": 1,
    "mpi_h": 1,
    "coverage_gap": 1,  # 1 - coverage of the poor
    "coverage": -1,
    "budget_per_poor_rp": -1,  # less money per poor person = more need
    "p0_change": 1,  # rising poverty = more need
}


def rescale(values: pd.Series, direction: int) -> pd.Series:
    """Min-max to 0-1 with 1 = most in need; a constant column scores 0.5; NaN stays NaN."""
    v = values.astype(float)
    lo, hi = v.min(), v.max()
    if not np.isfinite(lo) or hi == lo:
        return pd.Series(np.where(v.isna(), np.nan, 0.5), index=v.index)
    s = (v - lo) / (hi - lo)
    return s if direction > 0 else 1 - s


def priority_ranking(
    areas: pd.DataFrame,
    weights: dict[str, float],
    *,
    code_col: str = "code",
    directions: dict[str, int] | None = None,
) -> pd.DataFrame:
    """Rank areas by a weighted composite of rescaled indicators.

    Args:
        areas: One row per area with ``code_col`` and one column per indicator named
            in ``weights``.
        weights: Indicator -> weight (>= 0, not all zero); normalised to sum to 1.
        code_col: The area code column.
        directions: Overrides of :data:`DIRECTION` (+1 higher = more need, -1 lower).

    Returns:
        ``areas`` with ``score_<ind>`` (0-1, 1 = most need) per indicator, ``score``
        (weighted mean over the indicators present; areas missing an indicator are
        scored on the others, reweighted), ``rank`` (1 = highest priority) and
        ``weights_used`` (the normalised weights as text), sorted by rank.
    """
    if not weights:
        raise ValueError("choose at least one indicator")
    if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise ValueError("weights must be >= 0 and not all zero")
    missing = [k for k in weights if k not in areas.columns]
    if missing:
        raise ValueError(f"indicators not in the table: {missing}")
    dirs = {**DIRECTION, **(directions or {})}
    total = sum(weights.values())
    w = {k: v / total for k, v in weights.items() if v > 0}
    out = areas.copy()
    num = pd.Series(0.0, index=out.index)
    den = pd.Series(0.0, index=out.index)
    for ind, wt in w.items():
        s = rescale(out[ind], dirs.get(ind, 1))
        out[f"score_{ind}"] = s
        num += s.fillna(0) * wt
        den += s.notna() * wt
    out["score"] = num / den.replace(0, np.nan)
    out["rank"] = out["score"].rank(ascending=False, method="min").astype("Int64")
    out["weights_used"] = ", ".join(f"{k}={v:.2f}" for k, v in w.items())
    return out.sort_values(["rank", code_col]).reset_index(drop=True)


QUADRANTS = {
    (True, True): "I",  # high x, high y
    (False, True): "II",
    (False, False): "III",
    (True, False): "IV",
}


def quadrant_typology(
    areas: pd.DataFrame, x: str, y: str, *, x_ref: float | None = None, y_ref: float | None = None
) -> pd.DataFrame:
    """Classify areas by two indicators against references (default: their means).

    Quadrant I: both above the reference (e.g. high poverty and rising: first
    priority); II: y above, x below; III: both below; IV: x above, y below.
    Returns ``areas`` with ``quadrant`` and the references used (``x_ref``, ``y_ref``).
    """
    xr = float(areas[x].mean()) if x_ref is None else float(x_ref)
    yr = float(areas[y].mean()) if y_ref is None else float(y_ref)
    out = areas.copy()
    out["quadrant"] = [
        None if (pd.isna(a) or pd.isna(b)) else QUADRANTS[(a > xr, b > yr)]
        for a, b in zip(out[x], out[y], strict=True)
    ]
    out["x_ref"], out["y_ref"] = xr, yr
    return out
