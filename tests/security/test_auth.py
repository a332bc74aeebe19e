"""Accounts, password hashing, sign-in rate limit and the OIDC e-mail -> role map."""

from __future__ import annotations

import stat
import time
import tomllib

import pytest

from tests.security.conftest import PASSWORDS
from ui import audit, auth


def test_passwords_are_stored_as_argon2id_and_verified(tmp_path):
    path = tmp_path / "acc.toml"
    auth.save_account(path, "Sari", "analyst", "a long enough secret")
    text = path.read_text()
    assert "a long enough secret" not in text
    acc = auth.load_accounts(path)
    h = acc.users["sari"].password_hash
    assert h.startswith("$argon2id$")
    assert auth.verify_password(h, "a long enough secret")
    assert not auth.verify_password(h, "a long enough secreT")
    assert not auth.verify_password("not a hash", "a long enough secret")
    # Owner-only file: it names the accounts.
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saving_keeps_other_accounts_and_the_oidc_map(tmp_path):
    path = tmp_path / "acc.toml"
    path.write_text('[oidc]\n"Kepala@MimikaKab.go.id" = "viewer"\n')
    auth.save_account(path, "budi", "planner", "password-one")
    auth.save_account(path, "ani", "admin", "password-two")
    auth.save_account(path, "budi", "steward", "password-three")
    data = tomllib.loads(path.read_text())
    assert {k: v["role"] for k, v in data["users"].items()} == {"budi": "steward", "ani": "admin"}
    acc = auth.load_accounts(path)
    assert acc.oidc == {"kepala@mimikakab.go.id": "viewer"}
    assert auth.verify_password(acc.users["budi"].password_hash, "password-three")


@pytest.mark.parametrize(
    "name, role, password",
    [
        pytest.param("bad name", "analyst", "password-ok", id="space-in-name"),
        pytest.param("x" * 65, "analyst", "password-ok", id="name-too-long"),
        pytest.param("root']", "analyst", "password-ok", id="quote-in-name"),
        pytest.param("sari", "superuser", "password-ok", id="unknown-role"),
        pytest.param("sari", "open", "password-ok", id="open-is-not-assignable"),
        pytest.param("sari", "analyst", "short", id="short-password"),
    ],
)
def test_bad_accounts_are_refused(tmp_path, name, role, password):
    path = tmp_path / "acc.toml"
    with pytest.raises((auth.AccountsError, ValueError)):
        auth.save_account(path, name, role, password)
    assert not path.exists()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('[users.sari]\nrole = "root"\npassword_hash = "$argon2id$x"\n', id="role"),
        pytest.param('[users.sari]\nrole = "admin"\npassword_hash = "plain"\n', id="plain-pw"),
        pytest.param("[users.sari\n", id="not-toml"),
        pytest.param('[oidc]\n"a@b.c" = "god"\n', id="oidc-role"),
    ],
)
def test_a_broken_accounts_file_is_an_error_not_an_open_app(tmp_path, text):
    path = tmp_path / "acc.toml"
    path.write_text(text)
    with pytest.raises(auth.AccountsError):
        auth.load_accounts(path)


def test_no_file_means_open_demo(tmp_path):
    assert not auth.load_accounts(tmp_path / "missing.toml").configured
    assert auth.Accounts(oidc={"a@b.c": "viewer"}).configured


@pytest.mark.parametrize(
    "email, verified, expected",
    [
        ("kepala@mimikakab.go.id", True, "viewer"),
        ("  Kepala@MIMIKAKAB.go.id ", True, "viewer"),
        ("kepala@mimikakab.go.id", None, "viewer"),  # provider does not say: accept
        ("kepala@mimikakab.go.id", False, "anonymous"),  # provider says unverified
        ("analis@unimika.ac.id", True, "analyst"),
        ("someone@gmail.com", True, "anonymous"),
        ("kepala@mimikakab.go.id.evil.com", True, "anonymous"),
        ("", True, "anonymous"),
        (None, True, "anonymous"),
    ],
)
def test_oidc_email_maps_to_a_role(email, verified, expected):
    oidc = {"kepala@mimikakab.go.id": "viewer", "analis@unimika.ac.id": "analyst"}
    assert auth.role_for_email(email, oidc, verified=verified) == expected


def test_actions_need_the_least_role():
    assert [r for r in ("open", "anonymous", *auth.ROLES) if auth.allows(r, "household_rows")] == [
        "analyst",
        "steward",
        "admin",
    ]
    assert [r for r in ("open", *auth.ROLES) if auth.allows(r, "import")] == ["steward", "admin"]
    assert [r for r in ("open", *auth.ROLES) if auth.allows(r, "audit")] == ["admin"]


def test_sign_in_is_checked_and_audited(accounts_file, tmp_path):
    acc = auth.load_accounts(accounts_file)
    log = tmp_path / "audit.sqlite3"
    ok = auth.authenticate(acc, " Analyst ", PASSWORDS["analyst"], audit_file=log)
    assert ok.ok and ok.role == "analyst"
    bad = auth.authenticate(acc, "analyst", PASSWORDS["admin"], audit_file=log)
    assert not bad.ok and bad.role is None
    nobody = auth.authenticate(acc, "ghost", "whatever-password", audit_file=log)
    assert not nobody.ok and nobody.reason == bad.reason  # same answer as a wrong password
    events = audit.read(path=log)
    assert list(events.event) == ["signin_failed", "signin_failed", "signin_ok"]
    assert list(events.user_name) == ["ghost", "analyst", "analyst"]
    # The password never reaches the log.
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("audit.sqlite3*"))
    assert PASSWORDS["analyst"].encode() not in raw
    assert PASSWORDS["admin"].encode() not in raw


def test_five_failures_lock_the_name_for_five_minutes(accounts_file, tmp_path):
    acc = auth.load_accounts(accounts_file)
    log = tmp_path / "audit.sqlite3"
    for _ in range(auth.MAX_FAILURES):
        assert auth.authenticate(acc, "planner", "wrong-password", audit_file=log).reason == (
            "bad_credentials"
        )
    # Now even the right password is refused, without being checked.
    res = auth.authenticate(acc, "planner", PASSWORDS["planner"], audit_file=log)
    assert not res.ok and res.reason == "locked"
    # Other names are not affected.
    assert auth.authenticate(acc, "viewer", PASSWORDS["viewer"], audit_file=log).ok
    assert (audit.read(path=log).event == "signin_locked").sum() == 1


def test_the_lock_holds_across_processes_through_the_audit_log(accounts_file, tmp_path):
    """A restart (empty in-process counts) does not reset the limit; old failures expire."""
    acc = auth.load_accounts(accounts_file)
    log = tmp_path / "audit.sqlite3"
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    for i in range(auth.MAX_FAILURES):
        audit.record(
            "signin_failed",
            {"reason": "bad_credentials"},
            user="steward",
            role="anonymous",
            path=log,
            at=now - timedelta(seconds=10 * i),
        )
    auth._failures.clear()
    assert auth.authenticate(acc, "steward", PASSWORDS["steward"], audit_file=log).reason == (
        "locked"
    )
    # The same failures six minutes ago no longer count.
    log2 = tmp_path / "audit2.sqlite3"
    for i in range(auth.MAX_FAILURES):
        audit.record(
            "signin_failed",
            None,
            user="steward",
            role="anonymous",
            path=log2,
            at=now - timedelta(seconds=auth.WINDOW_S + 60 + i),
        )
    auth._failures.clear()
    assert auth.authenticate(acc, "steward", PASSWORDS["steward"], audit_file=log2).ok


def test_the_lock_holds_when_the_audit_log_cannot_be_written(accounts_file, tmp_path):
    acc = auth.load_accounts(accounts_file)
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the state directory should be")
    log = blocked / "audit.sqlite3"
    for _ in range(auth.MAX_FAILURES):
        auth.authenticate(acc, "admin", "wrong-password", audit_file=log)
    assert auth.authenticate(acc, "admin", PASSWORDS["admin"], audit_file=log).reason == "locked"


def test_unknown_names_take_as_long_as_known_ones(accounts_file, tmp_path):
    """argon2 runs for an unknown name too (dummy hash): timing does not reveal accounts."""
    acc = auth.load_accounts(accounts_file)
    log = tmp_path / "audit.sqlite3"

    def timed(name: str) -> float:
        auth._failures.clear()
        t0 = time.perf_counter()
        auth.authenticate(acc, name, "wrong-password", audit_file=log)
        return time.perf_counter() - t0

    known = min(timed("viewer") for _ in range(3))
    unknown = min(timed("nobody-here") for _ in range(3))
    assert unknown > 0.5 * known
    assert known > 0.005  # argon2 really ran (tens of milliseconds)
