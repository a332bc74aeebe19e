"""The RAT (annual action plan) in the store: current plan, history, checked saves.

``rat_actions`` is append-only. Every save writes, in one transaction
(:meth:`store.db.Store.write`), a new version of each action that changed, a
first version of each new action and a deleting version (``is_deleted``) of
each action removed; nothing is ever updated or dropped. The current plan of a
year is the latest version of each action whose latest version is not a
deletion; the history is every version.

Each action carries one of the four RPKD strategies (``strategy``); versions
saved before the column existed have none, and a store not yet written since
reads as if the column were there and empty.

Action identifiers are ``RAT<year>-<nnnn>``, numbered in order of creation.
A save names the version each edited action started from; if someone else
saved that action in between, the save is refused (``stale_version``) rather
than silently overwriting their work.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pandas as pd

from config import REFERENCE_DIR
from planning.checks import (
    EDIT_COLUMNS,
    NUMERIC,
    REGENCY_CODE,
    RatProblem,
    References,
    check_ceilings,
    check_rows,
    errors,
    normalise,
)
from planning.strategy import default_strategy
from store.db import Store

OPD_FILE = REFERENCE_DIR / "opd.csv"
DEFAULT_PLAN_YEAR = 2026
HISTORY_COLUMNS = [*EDIT_COLUMNS, "version", "plan_year", "is_deleted", "saved_at", "saved_by"]


class PlanRefused(ValueError):
    """A save with errors; nothing was written. ``problems`` lists them (and warnings)."""

    def __init__(self, problems: list[RatProblem]):
        self.problems = problems
        errs = errors(problems)
        lines = [f"RAT not saved: {len(errs)} problem(s)"] + [f"  {p}" for p in errs[:20]]
        super().__init__("\n".join(lines))


@dataclass
class SaveResult:
    """What a save wrote: action ids created, updated, deleted; warnings that remain."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[RatProblem] = field(default_factory=list)

    @property
    def versions_written(self) -> int:
        return len(self.created) + len(self.updated) + len(self.deleted)


# ------------------------------------------------------------------ reading


def shipped_opds() -> list[str]:
    """Agency names of data/reference/opd.csv."""
    if not OPD_FILE.exists():
        return []
    return [s.strip() for s in pd.read_csv(OPD_FILE, dtype=str)["opd"].dropna()]


def load_references(con: duckdb.DuckDBPyConnection, plan_year: int) -> References:
    """Known OPDs (programmes, budgets, opd.csv), locations, programmes and ceilings."""
    opds = {
        r[0].strip()
        for r in con.execute("SELECT opd FROM programmes UNION SELECT opd FROM budgets").fetchall()
        if r[0]
    }
    opds |= set(shipped_opds())
    districts = dict(con.execute("SELECT district_code, name FROM districts").fetchall())
    villages = {
        code: (name, vtype, dcode)
        for code, name, vtype, dcode in con.execute(
            "SELECT village_code, name, village_type, district_code FROM villages"
        ).fetchall()
    }
    programmes = dict(
        con.execute("SELECT programme_code, programme_group FROM programmes").fetchall()
    )
    ceilings = {
        s: float(v)
        for s, v in con.execute(
            "SELECT funding_source, ceiling_rp FROM rat_ceilings WHERE plan_year = ?",
            [int(plan_year)],
        ).fetchall()
    }
    return References(int(plan_year), frozenset(opds), districts, villages, programmes, ceilings)


def location_label(code: str | None, refs: References, lang: str = "id") -> str:
    """'Distrik Mimika Baru', 'Kampung Kwamki (Distrik Mimika Baru)', 'Kabupaten Mimika'."""
    if code is None:
        return ""
    if code == REGENCY_CODE:
        return "Seluruh Kabupaten Mimika" if lang == "id" else "Whole of Mimika Regency"
    if code in refs.districts:
        return (
            f"Distrik {refs.districts[code]}"
            if lang == "id"
            else f"{refs.districts[code]} district"
        )
    if code in refs.villages:
        name, vtype, dcode = refs.villages[code]
        kind = "Kelurahan" if vtype == "kelurahan" else "Kampung"
        district = refs.districts.get(dcode, dcode)
        return (
            f"{kind} {name} (Distrik {district})" if lang == "id" else f"{kind} {name} ({district})"
        )
    return code


def location_options(refs: References) -> list[str]:
    """Every code a RAT row may name: the regency, districts, then villages, by code."""
    return [REGENCY_CODE, *sorted(refs.districts), *sorted(refs.villages)]


def _latest_sql(where: str = "") -> str:
    return f"""
        SELECT * FROM rat_actions
        QUALIFY row_number() OVER (PARTITION BY action_id ORDER BY version DESC) = 1
        {where}
    """


def _with_strategy(df: pd.DataFrame) -> pd.DataFrame:
    """A store built before the strategy column and not written since: read it as empty."""
    if "strategy" not in df.columns:
        df["strategy"] = pd.Series([None] * len(df), index=df.index, dtype=object)
    return df


def current_plan(con: duckdb.DuckDBPyConnection, plan_year: int) -> pd.DataFrame:
    """The plan of ``plan_year``: latest version of each action not deleted, by action id.

    Columns: :data:`EDIT_COLUMNS`, then ``version``, ``saved_at``, ``saved_by``.
    ``strategy`` is None for versions saved before strategies were recorded.
    """
    df = con.execute(
        f"SELECT * FROM ({_latest_sql()}) WHERE plan_year = ? AND NOT is_deleted "
        "ORDER BY action_id",
        [int(plan_year)],
    ).df()
    df = _with_strategy(df)
    return df[[*EDIT_COLUMNS, "version", "saved_at", "saved_by"]].reset_index(drop=True)


def unset_strategy(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Action ids whose latest version has no strategy (saved before it was recorded)."""
    have = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'rat_actions' "
        "AND database_name = current_database() AND schema_name = 'main'"
    ).fetchall()}  # fmt: skip
    if "strategy" not in have:
        return {r[0] for r in con.execute("SELECT DISTINCT action_id FROM rat_actions").fetchall()}
    rows = con.execute(f"SELECT action_id FROM ({_latest_sql()}) WHERE strategy IS NULL")
    return {r[0] for r in rows.fetchall()}


def latest_versions(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    """action_id -> (latest version, who saved it), deleted actions included."""
    rows = con.execute(f"SELECT action_id, version, saved_by FROM ({_latest_sql()})").fetchall()
    return {a: (int(v), by) for a, v, by in rows}


def history(
    con: duckdb.DuckDBPyConnection, plan_year: int | None = None, action_id: str | None = None
) -> pd.DataFrame:
    """Every saved version (newest first), optionally of one plan year or one action."""
    where, params = [], []
    if plan_year is not None:
        where.append("plan_year = ?")
        params.append(int(plan_year))
    if action_id is not None:
        where.append("action_id = ?")
        params.append(action_id)
    sql = "SELECT * FROM rat_actions"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY saved_at DESC, action_id, version DESC"
    return _with_strategy(con.execute(sql, params).df())[HISTORY_COLUMNS]


def plan_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years with a plan or a ceiling, plus the default plan year, ascending."""
    years = {
        int(r[0])
        for r in con.execute(
            "SELECT plan_year FROM rat_actions UNION SELECT plan_year FROM rat_ceilings"
        ).fetchall()
    }
    return sorted(years | {default_plan_year(con)})


def default_plan_year(con: duckdb.DuckDBPyConnection) -> int:
    """The year after the latest household data (2026 for data up to 2025)."""
    row = con.execute("SELECT max(year) FROM households").fetchone()
    return DEFAULT_PLAN_YEAR if row is None or row[0] is None else int(row[0]) + 1


def draft_from_programmes(con: duckdb.DuckDBPyConnection, plan_year: int) -> pd.DataFrame:
    """A starting draft: one unsaved row per stored programme, carried over from the latest
    budget year before ``plan_year``.

    Each row names the programme, its OPD and funding source (of its budget rows, else of
    the programme), the households it listed that year as the target (indicator "Rumah
    tangga penerima", unit "rumah tangga"), its allocation that year as the budget, the
    whole regency as the location (``94.04``) and its target rule as the target group.
    The strategy is a default from the programme group
    (:func:`planning.strategy.default_strategy`: social assistance ``beban``,
    empowerment ``umk`` for micro-enterprise programmes such as UMKM-MAMA else
    ``pendapatan``, the rest ``sinergi``) which the planner changes where the RPKD
    says otherwise. Nothing is saved: the planner edits, then saves.
    """
    row = con.execute("SELECT max(year) FROM budgets WHERE year < ?", [int(plan_year)]).fetchone()
    base_year = row[0] if row and row[0] is not None else None
    df = con.execute(
        """
        WITH b AS (
            SELECT programme_code, sum(allocated_rp) AS budget_rp,
                   mode(opd) AS b_opd, mode(funding_source) AS b_source
            FROM budgets WHERE year = ? GROUP BY programme_code
        ),
        n AS (
            SELECT programme_code, count(DISTINCT hh_id) AS households
            FROM beneficiaries WHERE year = ? GROUP BY programme_code
        )
        SELECT p.programme_code, p.name AS activity, coalesce(b.b_opd, p.opd) AS opd,
               coalesce(b.b_source, p.funding_source) AS funding_source,
               coalesce(b.budget_rp, 0) AS budget_rp,
               coalesce(n.households, 0)::DOUBLE AS target_value,
               p.target_rule AS target_group, p.programme_group
        FROM programmes p
        LEFT JOIN b USING (programme_code) LEFT JOIN n USING (programme_code)
        ORDER BY CASE p.programme_group WHEN 'social_assistance' THEN 0
                 WHEN 'empowerment' THEN 1 ELSE 2 END, p.programme_code
        """,
        [base_year, base_year],
    ).df()
    df["action_id"] = None
    df["indicator"] = "Rumah tangga penerima"
    df["target_unit"] = "rumah tangga"
    df["location_code"] = REGENCY_CODE
    df["strategy"] = [
        default_strategy(g, c, n)
        for g, c, n in zip(df["programme_group"], df["programme_code"], df["activity"], strict=True)
    ]
    return df[list(EDIT_COLUMNS)]


# ------------------------------------------------------------------ saving


def _same(a: object, b: object) -> bool:
    a_blank = a is None or (isinstance(a, float) and math.isnan(a))
    b_blank = b is None or (isinstance(b, float) and math.isnan(b))
    if a_blank or b_blank:
        return a_blank and b_blank
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-6)
    return str(a) == str(b)


def _next_ids(con: duckdb.DuckDBPyConnection, plan_year: int, n: int) -> list[str]:
    prefix = f"RAT{int(plan_year)}-"
    ids = [r[0] for r in con.execute("SELECT DISTINCT action_id FROM rat_actions").fetchall()]
    nums = [int(m.group(1)) for a in ids if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", a))]
    start = max(nums, default=0) + 1
    return [f"{prefix}{k:04d}" for k in range(start, start + n)]


def save_plan(
    store: Store,
    rows: pd.DataFrame,
    *,
    plan_year: int,
    user: str,
    base_versions: Mapping[str, int] | None = None,
    deletions: Mapping[str, int | None] | None = None,
    now: datetime | None = None,
) -> SaveResult:
    """Check and save RAT rows for ``plan_year`` in one transaction, appending versions.

    Args:
        store: The store (written copy-on-write: all versions land together or none).
        rows: Submitted rows (:data:`EDIT_COLUMNS`). A row without ``action_id`` is a
            new action; a row with one replaces that action's content (a new version
            only if something changed).
        plan_year: The plan year every row belongs to.
        user: Who saves (``saved_by``).
        base_versions: action_id -> the version the editor started from; a newer
            stored version refuses the save (``stale_version``). Missing: no check.
        deletions: action_id -> version the editor started from (or None), for each
            action the planner removed; each gets a deleting version.
        now: Timestamp of the save (default: now, UTC).

    Returns:
        A :class:`SaveResult`; its ``warnings`` hold the ceiling checks of the plan as
        saved and the row warnings (unknown programme code; an action saved before
        strategies were recorded that still has none).

    Raises:
        PlanRefused: Any error (the store is unchanged); warnings are listed too.
    """
    if not str(user or "").strip():
        raise ValueError("user is required")
    base_versions = dict(base_versions or {})
    deletions = dict(deletions or {})
    when = (now or datetime.now(UTC)).replace(tzinfo=None)
    result = SaveResult()
    try:
        problems = _write(store, rows, plan_year, user, base_versions, deletions, when, result)
    except _NothingToWrite as done:
        problems = done.problems  # the copy is discarded: the store file stays as it was
    result.warnings = [p for p in problems if p.severity == "warning"]
    return result


class _NothingToWrite(Exception):
    def __init__(self, problems: list[RatProblem]):
        self.problems = problems


def _write(store, rows, plan_year, user, base_versions, deletions, when, result) -> list:
    """The body of :func:`save_plan`, inside one write transaction."""
    with store.write() as con:
        refs = load_references(con, plan_year)
        current = latest_versions(con)
        problems = check_rows(
            rows,
            refs,
            current=current,
            base_versions=base_versions,
            unset_strategy=unset_strategy(con),
        )
        norm = normalise(rows)
        stored = current_plan(con, plan_year).set_index("action_id")
        for aid, base in deletions.items():
            if aid not in stored.index:
                continue  # already gone: nothing to delete
            latest, by = current[aid]
            if base is not None and latest != base:
                params = (("saved_by", by), ("current", latest), ("base", base))
                problems.append(RatProblem("stale_version", None, "action_id", aid, params))
        kept = stored.drop(
            index=[a for a in [*deletions, *norm["action_id"].dropna()] if a in stored.index]
        ).reset_index()
        after = pd.concat([kept[list(EDIT_COLUMNS)], norm], ignore_index=True)
        problems += check_ceilings(after, refs)
        if errors(problems):
            raise PlanRefused(problems)
        new_ids = iter(_next_ids(con, plan_year, int(norm["action_id"].isna().sum())))
        out = []
        for _, r in norm.iterrows():
            aid = r["action_id"]
            if aid is None:
                aid = next(new_ids)
                version = 1
                result.created.append(aid)
            else:
                version = current[aid][0] + 1
                prev = stored.loc[aid] if aid in stored.index else None
                if prev is not None and all(
                    _same(r[c], prev[c]) for c in EDIT_COLUMNS if c != "action_id"
                ):
                    result.unchanged += 1
                    continue
                result.updated.append(aid)
            out.append({**r.to_dict(), "action_id": aid, "version": version, "is_deleted": False})
        for aid in deletions:
            if aid not in stored.index:
                continue
            prev = stored.loc[aid]
            fields = {c: prev[c] for c in EDIT_COLUMNS if c != "action_id"}
            out.append(
                {**fields, "action_id": aid, "version": current[aid][0] + 1, "is_deleted": True}
            )
            result.deleted.append(aid)
        if not out:
            raise _NothingToWrite(problems)
        df = pd.DataFrame(out)
        df["plan_year"] = int(plan_year)
        df["saved_at"] = when
        df["saved_by"] = str(user).strip()
        for c in NUMERIC:
            df[c] = df[c].astype(float)
        cols = ", ".join(HISTORY_COLUMNS)
        con.register("_rat_new", df[HISTORY_COLUMNS])
        con.execute(f"INSERT INTO rat_actions ({cols}) SELECT {cols} FROM _rat_new")
        con.unregister("_rat_new")
    return problems
