"""Checks on RAT rows before they are saved: each problem names the row and the column.

Pure functions over frames and a :class:`References` snapshot (what the store
knows: agencies, districts, villages, programmes, ceilings), so the builder
page, the CLI import and the tests apply the same rules.

Errors stop a save: a required value missing, a negative or non-numeric budget
or target, an unknown funding source, OPD, location, strategy or action, a new
or edited action without a strategy. Warnings do not: the plan's budget above
the ceiling of a funding source, a funding source without a ceiling for the plan
year, an unknown programme code, an action saved before strategies were recorded
that still has none (so an old plan still saves and exports). Ceilings are
placeholders until Bappeda enters the KUA-PPAS figures, so an overrun is shown
beside the plan rather than refusing the planner's work.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from store.schema import FUNDING_SOURCES, RAT_ACTIONS, RAT_STRATEGIES

#: Code standing for the whole regency (Kemendagri code of Kabupaten Mimika).
REGENCY_CODE = "94.04"

#: Columns a planner edits (the rest of ``rat_actions`` is filled on save).
EDIT_COLUMNS = (
    "action_id",
    "activity",
    "programme_code",
    "indicator",
    "target_value",
    "target_unit",
    "location_code",
    "budget_rp",
    "funding_source",
    "opd",
    "target_group",
    "strategy",
)
SYSTEM_COLUMNS = ("version", "plan_year", "is_deleted", "saved_at", "saved_by")
REQUIRED = tuple(
    c.name
    for c in RAT_ACTIONS.columns
    if c.required and c.name in EDIT_COLUMNS and c.name != "action_id"
)
NUMERIC = ("target_value", "budget_rp")
TEXT = tuple(c for c in EDIT_COLUMNS if c not in NUMERIC)

#: kind -> (severity, English template). Pages translate the kind (ui/texts/planning.py).
KINDS: dict[str, tuple[str, str]] = {
    "missing_value": ("error", "a value is required"),
    "not_a_number": ("error", "{value!r} is not a number"),
    "negative": ("error", "must not be negative, got {value}"),
    "unknown_source": ("error", "unknown funding source {value!r}; one of {allowed}"),
    "unknown_opd": ("error", "unknown OPD {value!r}{hint}"),
    "unknown_location": ("error", "no district or village has code {value!r}{hint}"),
    "unknown_action": ("error", "no action {value!r} in the plan; leave empty for a new action"),
    "duplicate_action": ("error", "action {value!r} appears twice"),
    "unknown_strategy": ("error", "unknown strategy {value!r}; one of {allowed}"),
    "stale_version": (
        "error",
        "action {value!r} was changed by {saved_by} (version {current}) since version "
        "{base} was opened; reload and edit again",
    ),
    "unknown_programme": ("warning", "unknown programme code {value!r}"),
    "strategy_not_set": (
        "warning",
        "no strategy: saved before strategies were recorded; choose one of {allowed}",
    ),
    "over_ceiling": (
        "warning",
        "{source}: planned {total:,.0f} Rp is above the ceiling {ceiling:,.0f} Rp by {over:,.0f} Rp",
    ),
    "no_ceiling": ("warning", "{source}: no ceiling for {year}; the budget is not checked"),
}


@dataclass(frozen=True)
class References:
    """What a RAT row may refer to (a snapshot of the store and data/reference/opd.csv).

    ``districts``: code -> name; ``villages``: code -> (name, kampung/kelurahan,
    district code); ``programmes``: code -> Permendagri 53/2020 group;
    ``ceilings``: funding source -> ceiling (Rp) for ``plan_year``.
    """

    plan_year: int
    opds: frozenset[str]
    districts: dict[str, str]
    villages: dict[str, tuple[str, str, str]]
    programmes: dict[str, str] = field(default_factory=dict)
    ceilings: dict[str, float] = field(default_factory=dict)

    def is_location(self, code: str) -> bool:
        return code == REGENCY_CODE or code in self.districts or code in self.villages


@dataclass(frozen=True)
class RatProblem:
    """One thing wrong with the plan. ``row`` is 1-based in the submitted table (None:
    the plan as a whole); ``column`` is the store column; ``params`` fill the template."""

    kind: str
    row: int | None
    column: str | None
    value: str | None = None
    params: tuple[tuple[str, object], ...] = ()

    @property
    def severity(self) -> str:
        return KINDS[self.kind][0]

    @property
    def message(self) -> str:
        return KINDS[self.kind][1].format(value=self.value, **dict(self.params))

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where) or 'plan'}: {self.message}"


def errors(problems: list[RatProblem]) -> list[RatProblem]:
    return [p for p in problems if p.severity == "error"]


def _blank(v: object) -> bool:
    if v is None or v is pd.NA:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and not v.strip()


def _hint(value: str, known) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def normalise(rows: pd.DataFrame) -> pd.DataFrame:
    """The edit columns only, text stripped (blank -> None), numbers as float (bad -> NaN).

    Missing columns are added empty. The raw values stay available to the checks,
    which read ``rows`` itself, so a message can quote what was typed.
    """
    out = pd.DataFrame(index=rows.index)
    for c in EDIT_COLUMNS:
        col = rows[c] if c in rows.columns else pd.Series(None, index=rows.index, dtype=object)
        if c in NUMERIC:
            out[c] = pd.to_numeric(col, errors="coerce").astype(float)
        else:
            texts = [None if _blank(v) else str(v).strip() for v in col]
            if c == "strategy":  # codes are lower case; keep an unknown one as typed
                texts = [_strategy_code(v) for v in texts]
            out[c] = pd.Series(texts, index=rows.index, dtype=object)
    return out.reset_index(drop=True)


def _strategy_code(v: str | None) -> str | None:
    return v.lower() if v is not None and v.lower() in RAT_STRATEGIES else v


def check_rows(
    rows: pd.DataFrame,
    refs: References,
    *,
    current: dict[str, tuple[int, str]] | None = None,
    base_versions: dict[str, int] | None = None,
    unset_strategy: Collection[str] = (),
) -> list[RatProblem]:
    """Row-level checks of submitted RAT rows.

    Args:
        rows: The submitted rows (any of :data:`EDIT_COLUMNS`; numbers may be text
            already parsed by the caller or numeric).
        refs: What the rows may refer to.
        current: action_id -> (latest version, saved_by) of every action stored
            (deleted ones too); ``None`` skips the action checks.
        base_versions: action_id -> the version the editor started from; an action
            whose stored version moved on since is a conflict (``stale_version``).
        unset_strategy: Action ids whose stored version has no strategy (saved before
            strategies were recorded): a blank strategy on such a row is a warning
            (``strategy_not_set``); on any other row it is an error (``missing_value``).

    Returns:
        Problems in row order, then column order.
    """
    raw = rows.reset_index(drop=True)
    norm = normalise(raw)
    out: list[RatProblem] = []
    seen: set[str] = set()
    for i in range(len(norm)):
        r = norm.iloc[i]
        n = i + 1

        def add(kind: str, col: str, value: object = None, n: int = n, **params: object) -> None:
            v = None if value is None else str(value)
            out.append(RatProblem(kind, n, col, v, tuple(params.items())))

        aid = None if _blank(r["action_id"]) else r["action_id"]
        if aid is not None and current is not None:
            if aid in seen:
                add("duplicate_action", "action_id", aid)
            elif aid not in current:
                add("unknown_action", "action_id", aid)
            elif base_versions and aid in base_versions:
                latest, by = current[aid]
                if latest != base_versions[aid]:
                    add(
                        "stale_version",
                        "action_id",
                        aid,
                        saved_by=by,
                        current=latest,
                        base=base_versions[aid],
                    )
            seen.add(aid)
        for col in EDIT_COLUMNS:
            if col == "action_id":
                continue
            value = r[col]
            rawv = raw[col].iloc[i] if col in raw.columns else None
            if col in NUMERIC:
                if _blank(rawv):
                    if col in REQUIRED:
                        add("missing_value", col)
                elif math.isnan(value):
                    add("not_a_number", col, rawv)
                elif col == "budget_rp" and value < 0:
                    add("negative", col, f"{value:,.0f}")
                continue
            if _blank(value):
                if col == "strategy":
                    if aid is not None and aid in unset_strategy:
                        add("strategy_not_set", col, allowed=", ".join(RAT_STRATEGIES))
                    else:
                        add("missing_value", col)
                elif col in REQUIRED:
                    add("missing_value", col)
                continue
            if col == "strategy" and value not in RAT_STRATEGIES:
                add("unknown_strategy", col, value, allowed=", ".join(RAT_STRATEGIES))
            elif col == "funding_source" and value not in FUNDING_SOURCES:
                add("unknown_source", col, value, allowed=", ".join(FUNDING_SOURCES))
            elif col == "opd" and value not in refs.opds:
                add("unknown_opd", col, value, hint=_hint(value, refs.opds))
            elif col == "location_code" and not refs.is_location(value):
                known = [*refs.districts, *refs.villages]
                add("unknown_location", col, value, hint=_hint(value, known))
            elif col == "programme_code" and value not in refs.programmes:
                add("unknown_programme", col, value)
    return out


def check_ceilings(plan: pd.DataFrame, refs: References) -> list[RatProblem]:
    """Plan-level check: the sum of ``budget_rp`` per funding source against its ceiling.

    Args:
        plan: The whole plan of ``refs.plan_year`` as it would stand after the save
            (``funding_source``, ``budget_rp``).
        refs: Carries the ceilings (Rp) of the plan year.

    Returns:
        One ``over_ceiling`` warning per source whose total exceeds its ceiling and
        one ``no_ceiling`` warning per source used without a ceiling, sources in
        :data:`store.schema.FUNDING_SOURCES` order.
    """
    norm = normalise(plan)
    totals = norm.groupby("funding_source")["budget_rp"].sum(min_count=1)
    out = []
    for source in FUNDING_SOURCES:
        if source not in totals.index:
            continue
        total = float(totals[source]) if pd.notna(totals[source]) else 0.0
        if source not in refs.ceilings:
            params = (("source", source), ("year", refs.plan_year))
            out.append(RatProblem("no_ceiling", None, "funding_source", source, params))
            continue
        ceiling = refs.ceilings[source]
        if total > ceiling:
            params = (
                ("source", source),
                ("total", total),
                ("ceiling", ceiling),
                ("over", total - ceiling),
            )
            out.append(RatProblem("over_ceiling", None, "budget_rp", source, params))
    return out


def budget_by_source(plan: pd.DataFrame, refs: References) -> pd.DataFrame:
    """Planned budget against the ceiling, per funding source used or with a ceiling.

    Returns:
        ``funding_source``, ``budget_rp`` (sum of the plan, Rp), ``ceiling_rp``
        (NaN without a ceiling), ``remaining_rp`` (ceiling - budget; negative = over)
        and ``share_used`` (budget / ceiling, proportion), in
        :data:`store.schema.FUNDING_SOURCES` order.
    """
    norm = normalise(plan)
    totals = norm.groupby("funding_source")["budget_rp"].sum()
    rows = []
    for source in FUNDING_SOURCES:
        if source not in totals.index and source not in refs.ceilings:
            continue
        budget = float(totals.get(source, 0.0))
        ceiling = refs.ceilings.get(source, math.nan)
        rows.append(
            {
                "funding_source": source,
                "budget_rp": budget,
                "ceiling_rp": ceiling,
                "remaining_rp": ceiling - budget,
                "share_used": budget / ceiling if ceiling and ceiling > 0 else math.nan,
            }
        )
    return pd.DataFrame(
        rows, columns=["funding_source", "budget_rp", "ceiling_rp", "remaining_rp", "share_used"]
    )
