"""Audit log: who signed in, imported or downloaded what, and when.

Where it lives and why: an SQLite file ``audit.sqlite3`` in the settings'
``state_dir`` (``RPKD_STATE_DIR``, default ``data/state/``), in WAL mode, and
NOT in the analytic DuckDB store. Audit events are frequent, tiny writes from
many sessions at once (every sign-in, every download); the DuckDB store is
copy-on-write (``store.db.Store.write`` copies the whole file and swaps it), so
one audit row there would cost a full copy of the store and would queue behind
a running import. SQLite in WAL mode appends a row in well under a millisecond,
lets readers (the audit page, ``rpkd audit``) read while sessions write, and
keeps the log when the store is rebuilt or replaced.

What is recorded: ``at_utc`` (ISO 8601, UTC), ``user_name``, ``role``,
``event`` (one of :data:`EVENTS`), ``detail`` (JSON: table, file, rows, query,
format...) and the Streamlit ``session`` id when there is one. Callers must not
put personal data (names, NIK) into ``detail``: describe what was taken (table,
filters, row count), never the rows themselves.

Recording fails open: if the log cannot be written (disk full, read-only
state directory) :func:`record` reports it on stderr and returns ``False``
rather than blocking a download or a sign-in page with a traceback.

This module does not import streamlit at import time, so ``rpkd audit`` and
the tests use it without a running app.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd

FILE_NAME = "audit.sqlite3"

#: The events written by the app and the CLI.
EVENTS = (
    "signin_ok",  # a password or OIDC sign-in succeeded
    "signin_failed",  # wrong user name or password
    "signin_locked",  # refused without checking: too many recent failures for that name
    "signout",
    "import",  # an import attempt (detail.outcome: loaded / refused / failed)
    "download",  # a file taken from the app (detail: what, format, rows)
    "account",  # an account added or changed with `rpkd user add`
)

_DDL = """
CREATE TABLE IF NOT EXISTS audit (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at_utc    TEXT NOT NULL,
    user_name TEXT,
    role      TEXT,
    event     TEXT NOT NULL,
    detail    TEXT,
    session   TEXT
);
CREATE INDEX IF NOT EXISTS audit_event_user_at ON audit (event, user_name, at_utc);
"""

COLUMNS = ["id", "at_utc", "user_name", "role", "event", "detail", "session"]


def audit_path(state_dir: str | Path | None = None) -> Path:
    """The audit file in ``state_dir`` (default: the configured settings' state_dir)."""
    if state_dir is None:
        from config import load_settings

        state_dir = load_settings().state_dir
    return Path(state_dir) / FILE_NAME


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@contextlib.contextmanager
def connect(path: str | Path | None = None) -> Iterator[sqlite3.Connection]:
    """An SQLite connection on the audit file (created with its table, WAL mode)."""
    p = Path(path) if path is not None else audit_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    if not p.exists():
        # Owner-only: the log names users and what they took. SQLite gives the
        # -wal and -shm files the same permissions.
        os.close(os.open(p, os.O_CREAT | os.O_WRONLY, 0o600))
    con = sqlite3.connect(p, timeout=10.0, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.executescript(_DDL)
        yield con
    finally:
        con.close()


def _session_id() -> str | None:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        return ctx.session_id if ctx is not None else None
    except Exception:
        return None


def _who() -> tuple[str | None, str | None]:
    """The signed-in user and role of the running Streamlit session, if any."""
    if _session_id() is None:
        return None, None
    try:
        from ui import auth

        ident = auth.identity()
        role = auth.current_role()
        return (ident.user if ident else role), role
    except Exception:
        return None, None


def context() -> dict[str, str | None]:
    """Who runs this script now: ``{"user", "role", "session"}`` for :func:`record`.

    Capture it in the page script and pass it on (``record(..., **ctx)``) when the
    event is recorded later, outside the script run: Streamlit runs a download
    button's data callable in a worker thread that has no session, so
    :func:`record` could not tell who it was.
    """
    user, role = _who()
    return {"user": user, "role": role, "session": _session_id()}


def record(
    event: str,
    detail: dict | str | None = None,
    *,
    user: str | None = None,
    role: str | None = None,
    session: str | None = None,
    path: str | Path | None = None,
    at: datetime | None = None,
) -> bool:
    """Append one event; ``user``/``role``/``session`` default to the running session's.

    Returns True when written, False (with a line on stderr) when the log could
    not be written. ``detail`` is stored as JSON; keep personal data out of it.
    In a deferred download callable pass :func:`context` captured in the page.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}; known: {', '.join(EVENTS)}")
    if user is None and role is None:
        user, role = _who()
    text = (
        None
        if detail is None
        else json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True)
    )
    try:
        with connect(path) as con:
            con.execute(
                "INSERT INTO audit (at_utc, user_name, role, event, detail, session) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [_iso(at or _now()), user, role, event, text, session or _session_id()],
            )
        return True
    except (sqlite3.Error, OSError) as exc:
        print(f"rpkd: audit log not written ({event}): {exc}", file=sys.stderr)
        return False


def read(
    *,
    limit: int = 1000,
    event: str | None = None,
    user: str | None = None,
    since: datetime | None = None,
    path: str | Path | None = None,
) -> pd.DataFrame:
    """The latest events first, optionally filtered (all values bound)."""
    p = Path(path) if path is not None else audit_path()
    if not p.exists():
        return pd.DataFrame(columns=COLUMNS)
    where, params = [], []
    if event:
        where.append("event = ?")
        params.append(event)
    if user:
        where.append("user_name = ?")
        params.append(user)
    if since is not None:
        where.append("at_utc >= ?")
        params.append(_iso(since))
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(max(int(limit), 0))
    with connect(p) as con:
        rows = con.execute(sql, params).fetchall()
    return pd.DataFrame(rows, columns=COLUMNS)


def count_since(
    event: str,
    user: str,
    seconds: float,
    *,
    path: str | Path | None = None,
    now: datetime | None = None,
) -> int:
    """How many ``event`` rows for ``user`` in the last ``seconds`` (rate limiting)."""
    p = Path(path) if path is not None else audit_path()
    if not p.exists():
        return 0
    since = (now or _now()) - timedelta(seconds=seconds)
    with connect(p) as con:
        return con.execute(
            "SELECT count(*) FROM audit WHERE event = ? AND user_name = ? AND at_utc >= ?",
            [event, user, _iso(since)],
        ).fetchone()[0]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def for_export(df: pd.DataFrame) -> pd.DataFrame:
    """The log with text cells that a spreadsheet would run as a formula quoted (``'=...``).

    A user name or file name such as ``=HYPERLINK(...)`` ends up in the log as
    typed; opening the exported CSV in Excel must not execute it.
    """
    return df.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)


def for_display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The log as the audit page shows it: events and roles in words of ``lang`` and the
    column headers in ``lang``. The stored log keeps the codes."""
    from ui import labels
    from ui.i18n import text

    out = labels.localise(df, lang, event=labels.event, role=labels.role)
    return out.rename(columns={c: text(f"audit_col_{c}", lang) for c in out.columns})


def with_event_label(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The log for download: every column as stored (``event`` keeps its code, for
    scripts) and ``event_label``, the event in words of ``lang``, right after it."""
    from ui import labels

    out = df.copy()
    out.insert(
        out.columns.get_loc("event") + 1,
        "event_label",
        [labels.event(e, lang) for e in df["event"]],
    )
    return out
