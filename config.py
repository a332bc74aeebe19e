"""Settings, read once at the edge (environment and an optional TOML file).

Precedence: command-line flag (``--db``) > environment (``RPKD_*``) > settings
file (``RPKD_CONFIG`` or ``./rpkd.toml``) > defaults.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent
DATA_DIR = REPO_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
GEO_DIR = DATA_DIR / "geo"
DEFAULT_DB = DATA_DIR / "rpkd.duckdb"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, in one typed object."""

    db_path: Path = DEFAULT_DB
    # Directory for app state that changes often (audit log, RAT drafts).
    state_dir: Path = DATA_DIR / "state"
    # Local accounts (TOML); none configured -> open demo mode (aggregates only).
    accounts_path: Path = DATA_DIR / "accounts.toml"
    # Key for the keyed hash of NIK; never stored in the repository.
    nik_key: str | None = None
    # Aggregates resting on fewer sample households are suppressed.
    min_cell_households: int = 10
    max_upload_mb: int = 200
    demo_households: int = 90_000
    demo_years: tuple[int, ...] = (2023, 2024, 2025)
    demo_seed: int = 2025
    extra: dict = field(default_factory=dict)


def _file_settings(env: dict[str, str]) -> dict:
    path = Path(env.get("RPKD_CONFIG", REPO_ROOT / "rpkd.toml"))
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh).get("rpkd", {})


def load_settings(
    db: str | os.PathLike | None = None, env: dict[str, str] | None = None
) -> Settings:
    """Build the settings from defaults, the settings file, environment and flags."""
    env = dict(os.environ if env is None else env)
    f = _file_settings(env)
    db_path = Path(db or env.get("RPKD_DB") or f.get("db_path") or DEFAULT_DB)
    return Settings(
        db_path=db_path.expanduser().resolve(),
        state_dir=Path(env.get("RPKD_STATE_DIR") or f.get("state_dir") or DATA_DIR / "state"),
        accounts_path=Path(
            env.get("RPKD_ACCOUNTS") or f.get("accounts_path") or DATA_DIR / "accounts.toml"
        ),
        nik_key=env.get("RPKD_NIK_KEY") or f.get("nik_key"),
        min_cell_households=int(env.get("RPKD_MIN_CELL") or f.get("min_cell_households") or 10),
        max_upload_mb=int(env.get("RPKD_MAX_UPLOAD_MB") or f.get("max_upload_mb") or 200),
    )
