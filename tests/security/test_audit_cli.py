"""The audit log file, `rpkd user add|list` and `rpkd audit`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading

import pandas as pd
import pytest

from tests.conftest import REPO
from ui import audit, auth

RPKD = [sys.executable, "-m", "cli.main"]


def run(args, *, env, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        RPKD + args,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=REPO,
        timeout=120,
    )


def test_the_log_is_sqlite_in_wal_mode_and_owner_only(tmp_path):
    path = tmp_path / "state" / "audit.sqlite3"
    assert audit.record("download", {"what": "p0_by_district", "rows": 18}, user="u", path=path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    df = audit.read(path=path)
    assert df.loc[0, "event"] == "download"
    assert json.loads(df.loc[0, "detail"]) == {"what": "p0_by_district", "rows": 18}


def test_unknown_events_are_a_programming_error(tmp_path):
    with pytest.raises(ValueError):
        audit.record("something_else", path=tmp_path / "a.sqlite3")


def test_many_sessions_can_write_at_once(tmp_path):
    path = tmp_path / "audit.sqlite3"
    audit.record("signout", user="x", path=path)  # create it first

    def burst(k: int) -> None:
        for i in range(50):
            assert audit.record("download", {"i": i}, user=f"user{k}", role="analyst", path=path)

    threads = [threading.Thread(target=burst, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    df = audit.read(limit=10_000, event="download", path=path)
    assert len(df) == 400
    assert df.groupby("user_name").size().eq(50).all()


def test_an_unwritable_log_does_not_break_the_caller(tmp_path, capsys):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert audit.record("download", {"what": "x"}, user="u", path=blocked / "a.sqlite3") is False
    assert "audit log not written" in capsys.readouterr().err


def test_exports_of_the_log_neutralise_formulas():
    df = pd.DataFrame(
        {
            "user_name": ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "ok", None],
            "rows": [1, 2, 3, 4, 5, 6],
        }
    )
    out = audit.for_export(df)
    assert list(out.user_name[:5]) == [
        '\'=HYPERLINK("http://x","y")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "ok",
    ]
    assert pd.isna(out.user_name.iloc[5])
    assert list(out.rows) == [1, 2, 3, 4, 5, 6]  # numbers stay numbers


@pytest.mark.slow
def test_user_add_reads_stdin_hashes_and_audits(tmp_path):
    acc = tmp_path / "accounts.toml"
    env = {"RPKD_ACCOUNTS": str(acc), "RPKD_STATE_DIR": str(tmp_path / "state")}
    r = run(
        ["user", "add", "Sari", "--role", "analyst", "--password-stdin"],
        env=env,
        stdin="a strong password\n",
    )
    assert r.returncode == 0, r.stderr
    assert "a strong password" not in acc.read_text()
    a = auth.load_accounts(acc).users["sari"]
    assert a.role == "analyst" and auth.verify_password(a.password_hash, "a strong password")

    r = run(["user", "list", "--format", "json"], env=env)
    assert r.returncode == 0
    assert json.loads(r.stdout) == [{"user": "sari", "role": "analyst", "via": "password"}]
    assert "argon2" not in r.stdout

    r = run(["audit", "--format", "json"], env=env)
    assert r.returncode == 0, r.stderr
    events = json.loads(r.stdout)
    assert events[0]["event"] == "account"
    assert json.loads(events[0]["detail"])["account"] == "sari"


@pytest.mark.slow
@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["--role", "analyst"], "", "--password-stdin"),  # no terminal to prompt on
        (["--role", "analyst", "--password-stdin"], "short\n", "at least 8"),
        (["--role", "root", "--password-stdin"], "long enough pw\n", "invalid choice"),
    ],
)
def test_user_add_refuses_clearly(tmp_path, args, stdin, message):
    acc = tmp_path / "accounts.toml"
    env = {"RPKD_ACCOUNTS": str(acc), "RPKD_STATE_DIR": str(tmp_path / "state")}
    r = run(["user", "add", "sari", *args], env=env, stdin=stdin)
    assert r.returncode in (1, 2)
    assert message in r.stderr
    assert "Traceback" not in r.stderr
    assert not acc.exists()


@pytest.mark.slow
def test_rpkd_audit_filters_and_formats(tmp_path):
    state = tmp_path / "state"
    path = state / "audit.sqlite3"
    audit.record("signin_ok", {"via": "password"}, user="ani", role="admin", path=path)
    audit.record("download", {"what": "rows"}, user='=cmd|" /C calc"!A0', role="x", path=path)
    audit.record("download", {"what": "p0"}, user="budi", role="planner", path=path)
    env = {"RPKD_STATE_DIR": str(state)}

    r = run(["audit", "--event", "download", "--format", "csv"], env=env)
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(__import__("io").StringIO(r.stdout))
    assert list(df.user_name) == ["budi", '\'=cmd|" /C calc"!A0']

    r = run(["audit", "--user", "ani", "--format", "json"], env=env)
    assert [e["event"] for e in json.loads(r.stdout)] == ["signin_ok"]

    r = run(["audit", "--limit", "1"], env=env)
    assert r.returncode == 0 and "budi" in r.stdout and "ani" not in r.stdout
