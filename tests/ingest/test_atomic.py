"""All or nothing, even under kill -9; row numbers stay right in a large file.

`rpkd import` runs in a subprocess on a 150,000-row file and is killed with
SIGKILL while it stages, and again while it loads (after it has said
"loading", with its private copy of the store on disk). The store's content,
import_log included, is then identical, the store opens, and the same import
succeeds afterwards (the writer lock died with the process).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from ingest.load import ImportRefused, import_delivery
from store.db import Store
from tests.conftest import REPO
from tests.ingest.helpers import fingerprint

BIG_ROWS = 150_000  # more than one DuckDB row group (122,880 rows)
DISTRICTS = [f"94.04.{i:02d}" for i in range(1, 19)]


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    """150,000 households of 2023, Indonesian style (';', decimal comma), made by DuckDB."""
    path = tmp_path_factory.mktemp("big") / "households_2023.csv"
    codes = "[" + ", ".join(f"'{c}'" for c in DISTRICTS) + "]"
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT 2023 AS year, 'K' || lpad(i::VARCHAR, 7, '0') AS id_rt,
            {codes}[1 + i % 18] AS kode_kecamatan, 1 + i % 9 AS jumlah_art,
            replace((250000 + (i * 7919) % 4000000)::VARCHAR || ',5', '.', ',')
                AS pengeluaran_perkapita,
            '1,25' AS bobot, 1 + i % 10 AS desil, CASE WHEN i % 7 = 0 THEN 'P' ELSE 'L' END
                AS jenis_kelamin_krt
            FROM range({BIG_ROWS}) t(i)) TO '{path}' (HEADER, DELIMITER ';')"""
    )
    con.close()
    return path


def _env(db: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RPKD_")}
    env.update({"RPKD_DB": str(db), "RPKD_CONFIG": str(db.parent / "no-rpkd.toml")})
    return env


def _kill_when(db: Path, csv: Path, marker: str, delay: float) -> tuple[str, bool]:
    """Start `rpkd import`, SIGKILL it ``delay`` s after it prints ``marker``.

    Returns the stderr seen and whether its private copy of the store existed then.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "import", "households", str(csv)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=_env(db),
        cwd=REPO,
    )
    seen = []
    copy_existed = False
    try:
        for line in proc.stderr:
            seen.append(line)
            if line.startswith(marker):
                time.sleep(delay)
                copy = db.with_name(f".{db.name}.writing-{proc.pid}")
                copy_existed = copy.exists()
                os.kill(proc.pid, signal.SIGKILL)
                break
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    return "".join(seen), copy_existed


@pytest.mark.parametrize(
    ("marker", "delay"),
    [("staged", 0.0), ("loading", 0.05)],
    ids=["killed_while_checking", "killed_while_loading"],
)
def test_kill_9_leaves_the_store_as_it_was(store, big_csv, marker, delay):
    before = fingerprint(store.path)
    seen, copy_existed = _kill_when(store.path, big_csv, marker, delay)
    assert marker in seen
    assert copy_existed, "the kill came while the import held its private copy of the store"
    assert fingerprint(store.path) == before  # import_log included: nothing at all
    with store.read() as con:  # opens, and is the store it was
        assert con.execute("SELECT count(*) FROM households WHERE year = 2023").fetchone() == (0,)
    if marker != "loading":
        return
    # The lock died with the process: the same import now goes through.
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "import", "households", str(big_csv)],
        capture_output=True,
        text=True,
        env=_env(store.path),
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert f"loaded {BIG_ROWS:,} rows" in done.stdout
    with Store(store.path).read() as con:
        n, women, total = con.execute(
            "SELECT count(*), count_if(head_female), sum(consumption_pc_rp) FROM households "
            "WHERE year = 2023"
        ).fetchone()
    assert n == BIG_ROWS and women == sum(1 for i in range(BIG_ROWS) if i % 7 == 0)
    assert total == sum(250000 + (i * 7919) % 4000000 + 0.5 for i in range(BIG_ROWS))


def test_row_numbers_are_right_far_into_a_large_file(store, big_csv, tmp_path):
    """Several DuckDB row groups, inside the store transaction: the last row is still
    reported as the spreadsheet shows it (header = row 1)."""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        big_csv.read_bytes() + b"2023;Z0000001;94.04.01;0;1000;1;1;L\n"  # hh_size 0
    )
    before = fingerprint(store.path, exclude=("import_log",))
    with pytest.raises(ImportRefused) as info:
        import_delivery(store, "households", bad)
    assert [(p.kind, p.row, p.column) for p in info.value.problems] == [
        ("out_of_range", BIG_ROWS + 2, "jumlah_art")
    ]
    assert fingerprint(store.path, exclude=("import_log",)) == before
