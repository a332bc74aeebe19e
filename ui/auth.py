"""Who is using the app, and what they may see.

Roles, least to most: ``viewer`` (regent's office), ``planner``, ``analyst``
(household-level rows), ``steward`` (imports), ``admin`` (audit log). Two more
states are not assignable: ``open`` (no accounts configured: the app runs as
an open demo, aggregates only) and ``anonymous`` (accounts configured, nobody
signed in: only the sign-in page).

Accounts live in a TOML file (``settings.accounts_path``, ``RPKD_ACCOUNTS``)::

    [users.sari]
    role = "analyst"
    password_hash = "$argon2id$v=19$m=65536,t=3,p=4$..."

    [oidc]                     # optional: e-mail -> role for Streamlit's st.login
    "kepala.bappeda@mimikakab.go.id" = "planner"

Passwords are hashed with argon2id (argon2-cffi); verification is argon2's
own (constant time), and an unknown user name is checked against a dummy hash
so that the answer takes as long as for a real one. Failed sign-ins are
limited per user name (:data:`MAX_FAILURES` in :data:`WINDOW_S` seconds),
counted in the audit log so the limit holds across sessions and restarts.

The role is derived again on every run from the session's identity and the
accounts file, so a changed or removed account takes effect at once, and no
widget or URL parameter can raise it.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
import tomllib
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ui import audit

#: Assignable roles, least to most.
ROLES = ("viewer", "planner", "analyst", "steward", "admin")
OPEN = "open"
ANONYMOUS = "anonymous"

#: Actions beyond seeing a page, and the least role allowed each.
ACTIONS = {
    "household_rows": "analyst",
    "import": "steward",
    "audit": "admin",
}

MAX_FAILURES = 5
WINDOW_S = 300.0
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
SESSION_KEY = "auth"

_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so timing does not tell.
_DUMMY_HASH = _HASHER.hash("not-a-real-account")


class AccountsError(ValueError):
    """The accounts file cannot be read; the message says what to fix."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str


@dataclass(frozen=True)
class Accounts:
    """Local accounts and the OIDC e-mail -> role map."""

    users: dict[str, Account] = field(default_factory=dict)
    oidc: dict[str, str] = field(default_factory=dict)

    @property
    def configured(self) -> bool:
        """False: nobody to sign in, the app runs as an open demo."""
        return bool(self.users or self.oidc)


@dataclass(frozen=True)
class Identity:
    """A signed-in user: name (or e-mail for OIDC), role and how they signed in."""

    user: str
    role: str
    via: str  # "password" or "oidc"


@dataclass(frozen=True)
class SignInResult:
    ok: bool
    role: str | None = None
    reason: str = ""  # "", "bad_credentials", "locked", "bad_name"


# ----------------------------------------------------------------- pure part


def rank(role: str) -> int:
    """0 for open/anonymous, 1..5 from viewer to admin."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def allows(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` (a key of :data:`ACTIONS`)."""
    return rank(role) >= rank(ACTIONS[action])


def normalise_username(name: str) -> str:
    return str(name).strip().lower()


def valid_username(name: str) -> bool:
    return bool(USERNAME_RE.fullmatch(name))


def hash_password(password: str) -> str:
    """An argon2id hash (salted, with the library's default cost)."""
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """argon2 verification; False on a mismatch or an unreadable hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def parse_accounts(data: dict, source: str = "accounts") -> Accounts:
    """Accounts from parsed TOML; raises :class:`AccountsError` on a bad entry."""
    users: dict[str, Account] = {}
    for name, entry in (data.get("users") or {}).items():
        n = normalise_username(name)
        if not valid_username(n) or not isinstance(entry, dict):
            raise AccountsError(f"{source}: bad user entry [users.{name}]")
        role = entry.get("role")
        h = entry.get("password_hash", "")
        if role not in ROLES:
            raise AccountsError(
                f"{source}: [users.{name}] role must be one of {', '.join(ROLES)}, got {role!r}"
            )
        if not (isinstance(h, str) and h.startswith("$argon2")):
            raise AccountsError(
                f"{source}: [users.{name}] needs an argon2 password_hash (use `rpkd user add`)"
            )
        users[n] = Account(n, role, h)
    oidc: dict[str, str] = {}
    for email, role in (data.get("oidc") or {}).items():
        if role not in ROLES:
            raise AccountsError(
                f"{source}: [oidc] {email!r} role must be one of {', '.join(ROLES)}, got {role!r}"
            )
        oidc[str(email).strip().lower()] = role
    return Accounts(users, oidc)


_cache: dict[str, tuple[tuple[int, int], Accounts]] = {}
_cache_lock = threading.Lock()


def load_accounts(path: str | Path) -> Accounts:
    """The accounts file (empty when missing), re-read when it changes."""
    p = Path(path)
    try:
        st_ = p.stat()
    except FileNotFoundError:
        return Accounts()
    sig = (st_.st_mtime_ns, st_.st_size)
    with _cache_lock:
        hit = _cache.get(str(p))
        if hit and hit[0] == sig:
            return hit[1]
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise AccountsError(f"{p}: cannot read the accounts file ({exc})") from exc
    acc = parse_accounts(data, str(p))
    with _cache_lock:
        _cache[str(p)] = (sig, acc)
    return acc


def role_for_email(email: str | None, oidc: dict[str, str], *, verified: bool | None = True) -> str:
    """The role an OIDC identity maps to; ``anonymous`` when unmapped or unverified.

    Matching is on the whole address, case-insensitively. An identity whose
    provider says the e-mail is not verified gets no role.
    """
    if not email or verified is False:
        return ANONYMOUS
    return oidc.get(str(email).strip().lower(), ANONYMOUS)


# In-process failure times per user name: the limit still holds if the audit
# log cannot be written.
_failures: dict[str, deque[float]] = {}
_fail_lock = threading.Lock()


def _recent_failures(name: str, audit_file: Path | None) -> int:
    now = time.monotonic()
    with _fail_lock:
        q = _failures.setdefault(name, deque())
        while q and now - q[0] > WINDOW_S:
            q.popleft()
        mem = len(q)
    try:
        logged = audit.count_since("signin_failed", name, WINDOW_S, path=audit_file)
    except Exception:
        logged = 0
    return max(mem, logged)


def _note_failure(name: str) -> None:
    with _fail_lock:
        _failures.setdefault(name, deque()).append(time.monotonic())


def authenticate(
    accounts: Accounts, name: str, password: str, *, audit_file: Path | None = None
) -> SignInResult:
    """Check a user name and password; records the outcome in the audit log."""
    n = normalise_username(name)
    if not valid_username(n):
        # Not a possible account: record under a fixed label, not the raw input.
        audit.record("signin_failed", {"reason": "bad_name"}, user="?", role="", path=audit_file)
        return SignInResult(False, reason="bad_name")
    if _recent_failures(n, audit_file) >= MAX_FAILURES:
        audit.record(
            "signin_locked", {"window_s": WINDOW_S}, user=n, role=ANONYMOUS, path=audit_file
        )
        return SignInResult(False, reason="locked")
    acc = accounts.users.get(n)
    ok = verify_password(acc.password_hash if acc else _DUMMY_HASH, password)
    if ok and acc is not None:
        audit.record("signin_ok", {"via": "password"}, user=n, role=acc.role, path=audit_file)
        return SignInResult(True, role=acc.role)
    _note_failure(n)
    audit.record(
        "signin_failed", {"reason": "bad_credentials"}, user=n, role=ANONYMOUS, path=audit_file
    )
    return SignInResult(False, reason="bad_credentials")


# --------------------------------------------------------- accounts file I/O


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dump_accounts(acc: Accounts) -> str:
    """TOML text for ``acc`` (names and e-mails quoted)."""
    out = [
        "# RPKD dashboard accounts. Written by `rpkd user add`; argon2id hashes only.",
        "# Keep this file out of the repository (data/accounts.toml is git-ignored).",
        "",
    ]
    for a in sorted(acc.users.values(), key=lambda a: a.name):
        out += [
            f"[users.{_toml_str(a.name)}]",
            f"role = {_toml_str(a.role)}",
            f"password_hash = {_toml_str(a.password_hash)}",
            "",
        ]
    if acc.oidc:
        out.append("[oidc]")
        out += [f"{_toml_str(e)} = {_toml_str(r)}" for e, r in sorted(acc.oidc.items())]
        out.append("")
    return "\n".join(out)


def save_account(path: str | Path, name: str, role: str, password: str) -> Account:
    """Add or replace one local account, writing the file atomically (mode 0600)."""
    n = normalise_username(name)
    if not valid_username(n):
        raise AccountsError(
            f"bad user name {name!r}: lower-case letters, digits, '.', '_' or '-', at most 64"
        )
    if role not in ROLES:
        raise AccountsError(f"role must be one of {', '.join(ROLES)}, got {role!r}")
    p = Path(path)
    current = load_accounts(p)
    account = Account(n, role, hash_password(password))
    users = {**current.users, n: account}
    text = dump_accounts(Accounts(users, current.oidc))
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return account


# ------------------------------------------------------------- Streamlit part


def _settings():
    from config import load_settings

    return load_settings()


def accounts() -> Accounts:
    """The configured accounts (an unreadable file counts as configured: fail closed)."""
    return load_accounts(_settings().accounts_path)


def oidc_available() -> bool:
    """An identity provider is configured in .streamlit/secrets.toml ([auth]) and usable."""
    try:
        from streamlit.auth_util import get_secrets_auth_section, is_authlib_installed

        return bool(get_secrets_auth_section()) and is_authlib_installed()
    except Exception:
        return False


def identity() -> Identity | None:
    """The signed-in identity of this session, re-checked against the accounts file."""
    import streamlit as st

    try:
        acc = accounts()
    except AccountsError:
        return None
    saved = st.session_state.get(SESSION_KEY)
    if isinstance(saved, dict) and saved.get("via") == "password":
        a = acc.users.get(str(saved.get("user", "")))
        if a is not None:
            return Identity(a.name, a.role, "password")
        st.session_state.pop(SESSION_KEY, None)
    if oidc_available():
        try:
            u = st.user
            if u.get("is_logged_in"):
                email = str(u.get("email") or "").strip().lower()
                role = role_for_email(email, acc.oidc, verified=u.get("email_verified"))
                _note_oidc_once(email, role)
                if role != ANONYMOUS:
                    return Identity(email, role, "oidc")
        except Exception:
            return None
    return None


def _note_oidc_once(email: str, role: str) -> None:
    """Audit an OIDC sign-in (or an unmapped address) once per session."""
    import streamlit as st

    if st.session_state.get("_auth_oidc_seen") == (email, role):
        return
    st.session_state["_auth_oidc_seen"] = (email, role)
    if role == ANONYMOUS:
        audit.record("signin_failed", {"via": "oidc", "reason": "unmapped"}, user=email, role=role)
    else:
        audit.record("signin_ok", {"via": "oidc"}, user=email, role=role)


def current_role() -> str:
    """``open`` with no accounts, the signed-in role, else ``anonymous``.

    Also mirrored into ``st.session_state["role"]`` for pages that read it; the
    value is overwritten on every run, so setting it has no effect.
    """
    import streamlit as st

    try:
        configured = accounts().configured
    except AccountsError:
        configured = True  # a broken accounts file must not open the app
    if not configured:
        role = OPEN
    else:
        ident = identity()
        role = ident.role if ident else ANONYMOUS
    st.session_state["role"] = role
    return role


def can(action: str) -> bool:
    """Whether the current session may do ``action`` (household_rows, import, audit)."""
    return allows(current_role(), action)


def sign_in(name: str, password: str) -> SignInResult:
    """Check the credentials and, on success, remember the identity in the session."""
    import streamlit as st

    res = authenticate(accounts(), name, password)
    if res.ok:
        st.session_state[SESSION_KEY] = {"user": normalise_username(name), "via": "password"}
    return res


def sign_out() -> None:
    """Forget the session's identity (and end an OIDC session)."""
    import streamlit as st

    ident = identity()
    if ident is not None:
        audit.record("signout", {"via": ident.via}, user=ident.user, role=ident.role)
    st.session_state.pop(SESSION_KEY, None)
    if ident is not None and ident.via == "oidc":
        st.logout()


def upload_too_large(size_bytes: int, limit_mb: int | None = None) -> str | None:
    """A clear message when an upload exceeds ``settings.max_upload_mb``, else None.

    The server refuses bigger uploads already (``server.maxUploadSize`` in
    .streamlit/config.toml); this check holds when that setting is raised or
    the file arrives another way.
    """
    from ui.i18n import t

    limit = _settings().max_upload_mb if limit_mb is None else limit_mb
    if size_bytes <= limit * 1024 * 1024:
        return None
    return t("upload_too_large", size_mb=size_bytes / 1024 / 1024, limit_mb=limit)
