"""`rpkd user add|list` (local accounts) and `rpkd audit` (the audit log)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from cli.common import CliError, emit, settings


def register(sub: argparse._SubParsersAction) -> None:
    from ui.auth import ROLES

    p = sub.add_parser("user", help="manage local accounts (argon2id hashes in the accounts file)")
    usub = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")

    a = usub.add_parser("add", help="add an account or change its role and password")
    a.add_argument("name", help="user name: lower-case letters, digits, '.', '_', '-'")
    a.add_argument("--role", required=True, choices=ROLES)
    a.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (no prompt)",
    )
    _add_accounts(a)
    a.set_defaults(func=cmd_user_add)

    ls = usub.add_parser("list", help="user names and roles (never the hashes)")
    _add_accounts(ls)
    ls.add_argument("--format", choices=("json", "csv", "table"), default="table")
    ls.set_defaults(func=cmd_user_list)

    p = sub.add_parser("audit", help="show the audit log: sign-ins, imports, downloads")
    p.add_argument("--format", choices=("json", "csv", "table"), default="table")
    p.add_argument("--limit", type=int, default=100, metavar="N", help="latest N events (100)")
    p.add_argument("--event", choices=_events(), help="only this kind of event")
    p.add_argument("--user", help="only this user")
    p.add_argument("--state-dir", type=Path, help="directory of audit.sqlite3 (settings)")
    p.set_defaults(func=cmd_audit)


def _events() -> tuple[str, ...]:
    from ui.audit import EVENTS

    return EVENTS


def _add_accounts(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--accounts",
        type=Path,
        metavar="TOML",
        help="accounts file (default: $RPKD_ACCOUNTS or data/accounts.toml)",
    )


def _accounts_path(args: argparse.Namespace) -> Path:
    return args.accounts or settings(args).accounts_path


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError("no terminal to prompt for a password: use --password-stdin", 2)
    first = getpass.getpass(f"password for {args.name}: ")
    again = getpass.getpass("again: ")
    if first != again:
        raise CliError("the two passwords differ; nothing was changed")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    from ui import audit
    from ui.auth import AccountsError, save_account

    password = _read_password(args)
    path = _accounts_path(args)
    try:
        account = save_account(path, args.name, args.role, password)
    except (AccountsError, ValueError) as exc:
        raise CliError(f"{exc}; nothing was changed") from exc
    audit.record(
        "account",
        {"action": "add", "account": account.name, "new_role": account.role},
        user=_os_user(),
        role="cli",
        path=audit.audit_path(settings(args).state_dir),
    )
    print(f"{account.name}: role {account.role}, saved in {path}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    import pandas as pd

    from ui.auth import AccountsError, load_accounts

    try:
        acc = load_accounts(_accounts_path(args))
    except AccountsError as exc:
        raise CliError(str(exc)) from exc
    rows = [{"user": a.name, "role": a.role, "via": "password"} for a in acc.users.values()]
    rows += [{"user": e, "role": r, "via": "oidc"} for e, r in acc.oidc.items()]
    emit(pd.DataFrame(rows, columns=["user", "role", "via"]), args.format)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from ui import audit

    path = audit.audit_path(args.state_dir or settings(args).state_dir)
    if args.limit < 1:
        raise CliError("--limit must be at least 1", 2)
    if not path.exists():
        print(f"no audit log yet at {path}", file=sys.stderr)
    df = audit.read(limit=args.limit, event=args.event, user=args.user, path=path)
    if args.format == "csv":
        df = audit.for_export(df)
    emit(df, args.format)
    return 0


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"
