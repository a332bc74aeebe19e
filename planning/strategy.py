"""RPKD strategies of RAT actions: the draft default, and the plan grouped by strategy.

Permendagri 53/2020 names four strategies (codes in :data:`store.schema.RAT_STRATEGIES`):
``beban`` (cut the expenditure burden of the poor), ``pendapatan`` (raise their income),
``umk`` (develop and sustain micro and small enterprises) and ``sinergi`` (align poverty
policies and programmes). Versions saved before the strategy was recorded have none; they
form a last group, "(belum diisi)".
"""

from __future__ import annotations

import math
import re

import pandas as pd

from planning.checks import References
from store.schema import PROGRAMME_GROUPS, RAT_STRATEGIES

#: An empowerment programme whose code or name matches this builds micro and small
#: enterprises (strategy ``umk``); other empowerment programmes raise income.
UMK_PATTERN = re.compile(
    r"\bumkm?\b|\bukm\b|usaha\s+mikro|usaha\s+kecil|modal\s+usaha|koperasi|wirausaha",
    re.IGNORECASE,
)
SUMMARY_COLUMNS = ["strategy", "programme_group", "actions", "budget_rp", "share"]


def default_strategy(programme_group: str | None, programme_code: str | None = None,
                     name: str | None = None) -> str:  # fmt: skip
    """The strategy a draft row starts with: a default the planner changes on the page.

    Social assistance cuts the burden of spending (``beban``); an empowerment programme
    builds micro and small enterprises (``umk``) when its code or name says so (UMKM,
    UKM, usaha mikro/kecil, modal usaha, koperasi, wirausaha: e.g. UMKM-MAMA), else it
    raises income (``pendapatan``); everything else, village funds included, aligns
    policies and programmes (``sinergi``).
    """
    if programme_group == "social_assistance":
        return "beban"
    if programme_group == "empowerment":
        words = " ".join(str(v) for v in (programme_code, name) if _text(v))
        return "umk" if UMK_PATTERN.search(words) else "pendapatan"
    return "sinergi"


def _text(v: object) -> bool:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return False
    return bool(str(v).strip())


def strategy_of(value: object) -> str | None:
    """The strategy code of a cell (lower case), or None when blank or not a known code."""
    if not _text(value):
        return None
    code = str(value).strip().lower()
    return code if code in RAT_STRATEGIES else None


def group_of(programme_code: object, refs: References) -> str | None:
    """The Permendagri 53/2020 group of an action (None without a known programme)."""
    if not _text(programme_code):
        return None
    return refs.programmes.get(str(programme_code).strip())


def grouped(plan: pd.DataFrame, refs: References) -> list[tuple[str | None, str | None, list]]:
    """The plan's row positions by strategy, then programme group, in RPKD order.

    Returns ``(strategy, programme_group, [row positions])`` for each pair with actions:
    strategies in :data:`RAT_STRATEGIES` order then None (not set), groups in
    :data:`PROGRAMME_GROUPS` order then None (no known programme); rows keep their order.
    """
    strategies = [strategy_of(v) for v in plan.get("strategy", pd.Series([None] * len(plan)))]
    groups = [group_of(c, refs) for c in plan["programme_code"]]
    out = []
    for s in (*RAT_STRATEGIES, None):
        for g in (*PROGRAMME_GROUPS, None):
            rows = [i for i in range(len(plan)) if strategies[i] == s and groups[i] == g]
            if rows:
                out.append((s, g, rows))
    return out


def budget_by_strategy(plan: pd.DataFrame, refs: References) -> pd.DataFrame:
    """Actions and budget per strategy and programme group (the page summary).

    Returns:
        ``strategy`` (code, None = not set), ``programme_group`` (None = no known
        programme), ``actions`` (count), ``budget_rp`` (sum, Rp; blank budgets count 0)
        and ``share`` (of the plan's budget, proportion; NaN when the plan's budget is 0),
        in :func:`grouped` order.
    """
    budget = pd.to_numeric(plan["budget_rp"], errors="coerce").fillna(0.0).astype(float)
    total = float(budget.sum())
    rows = []
    for s, g, pos in grouped(plan, refs):
        rp = float(budget.iloc[pos].sum())
        rows.append(
            {
                "strategy": s,
                "programme_group": g,
                "actions": len(pos),
                "budget_rp": rp,
                "share": rp / total if total > 0 else math.nan,
            }
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
