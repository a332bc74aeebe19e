"""Server settings and secrets: upload limit, no data export bypass, nothing secret tracked."""

from __future__ import annotations

import re
import subprocess
import tomllib

import pytest

from config import Settings
from tests.conftest import REPO


def server_config() -> dict:
    with (REPO / ".streamlit" / "config.toml").open("rb") as fh:
        return tomllib.load(fh)


def test_upload_limit_matches_the_settings():
    assert server_config()["server"]["maxUploadSize"] == Settings().max_upload_mb


def test_hardening_options_are_on():
    cfg = server_config()
    assert cfg["server"]["enableXsrfProtection"] is True
    assert cfg["client"]["showErrorDetails"] == "none"  # no tracebacks (paths, values) in pages
    assert cfg["client"]["disableDataExport"] is True  # downloads only through audited buttons


@pytest.mark.parametrize(
    "size_mb, limit_mb, refused", [(1, 200, False), (200, 200, False), (201, 200, True)]
)
def test_an_upload_over_the_limit_gets_a_clear_message(size_mb, limit_mb, refused):
    from ui.auth import upload_too_large

    msg = upload_too_large(size_mb * 1024 * 1024, limit_mb)
    if not refused:
        assert msg is None
    else:
        assert "201 MB" in msg and "200 MB" in msg and "rpkd import" in msg


def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    return out.splitlines()


def test_secrets_files_are_not_tracked_and_are_ignored():
    files = set(tracked_files())
    for name in ("rpkd.toml", "data/accounts.toml", ".streamlit/secrets.toml"):
        assert name not in files
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=REPO)
        assert ignored.returncode == 0, f"{name} is not git-ignored"


def test_no_nik_key_or_password_hash_is_committed():
    key_line = re.compile(r"""^\s*nik_key\s*=\s*["'][^"']{8,}["']""", re.M)
    real_hash = re.compile(
        r"\$argon2id\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{20,}"
    )
    for name in tracked_files():
        path = REPO / name
        if path.suffix not in {".py", ".toml", ".md", ".txt", ".cfg", ".ini", ".yml", ".yaml"}:
            continue
        text = path.read_text(errors="replace")
        assert not key_line.search(text), name
        assert not real_hash.search(text), name
