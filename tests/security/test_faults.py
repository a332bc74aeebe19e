"""Faults: reading during an import, two imports at once, a killed import, a bad store."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from store.db import Store, StoreBusy
from tests.conftest import REPO
from tests.security.conftest import app_test

pytestmark = pytest.mark.slow

COUNTS_SQL = (
    "SELECT count(*), coalesce(sum(hh_size), 0), count(*) FILTER (WHERE year = ?) FROM households"
)


def households_frame(year: int, n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    districts = np.array(["94.04.01", "94.04.02", "94.04.03", "94.04.10", "94.04.12"])
    return pd.DataFrame(
        {
            "year": year,
            "hh_id": [f"F{year}-{i:07d}" for i in range(n)],
            "district_code": districts[rng.integers(0, len(districts), n)],
            "hh_size": rng.integers(1, 9, n),
            "consumption_pc_rp": rng.integers(300_000, 4_000_000, n).astype(float),
            "weight": 1.0,
        }
    )


@pytest.fixture()
def store_copy(small_store_path, tmp_path) -> Path:
    db = tmp_path / "store.duckdb"
    shutil.copy(small_store_path, db)
    return db


def counts(store: Store, year: int) -> tuple[int, int, int]:
    with store.read() as con:
        return tuple(int(v) for v in con.execute(COUNTS_SQL, [year]).fetchone())


def test_readers_see_all_old_or_all_new_while_an_import_runs(store_copy):
    from ingest.load import import_delivery

    store = Store(store_copy)
    year = 2031
    new = households_frame(year, 60_000, seed=1)
    old = counts(store, year)
    expected_new = (old[0] + len(new), old[1] + int(new.hh_size.sum()), len(new))

    seen: list[tuple[int, int, int]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        r = Store(store_copy)  # its own reader, as another app session's would be
        while not stop.is_set():
            try:
                seen.append(counts(r, year))
            except BaseException as exc:  # noqa: BLE001 - any failure is the finding
                errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    t0 = time.perf_counter()
    import_delivery(store, "households", new, file_name="during.csv", user="test")
    took = time.perf_counter() - t0
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join(timeout=30)

    assert not errors, errors
    assert set(seen) <= {old, expected_new}, set(seen) - {old, expected_new}
    assert seen.count(old) > 5, "the readers kept reading while the import ran"
    assert seen[-1] == expected_new
    assert took > 0


def test_two_imports_at_once_are_serialised(store_copy, tmp_path):
    """Two `rpkd import` processes started together: both load, one after the other."""
    files = []
    for year in (2032, 2033):
        f = tmp_path / f"hh_{year}.csv"
        households_frame(year, 40_000, seed=year).to_csv(f, index=False)
        files.append(f)
    env = {**os.environ, "RPKD_DB": str(store_copy), "RPKD_STATE_DIR": str(tmp_path / "s")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "cli.main", "import", "households", str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for f in files
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    con = duckdb.connect(str(store_copy), read_only=True)
    got = dict(
        con.execute(
            "SELECT year, count(*) FROM households WHERE year IN (2032, 2033) GROUP BY 1"
        ).fetchall()
    )
    logged = con.execute(
        "SELECT count(*) FROM import_log WHERE outcome = 'loaded' AND file_name LIKE 'hh_203%'"
    ).fetchone()[0]
    con.close()
    assert got == {2032: 40_000, 2033: 40_000}
    assert logged == 2


def test_a_writer_that_will_not_wait_is_refused_clearly(store_copy):
    store = Store(store_copy)
    holding = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with store.write():
            holding.set()
            release.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    assert holding.wait(30)
    try:
        with pytest.raises(StoreBusy, match="Another import or build"):
            with Store(store_copy).write(wait=False):
                pass
    finally:
        release.set()
        t.join()


def kill_while_writing(store_copy: Path, tmp_path: Path) -> None:
    """Start `rpkd import` of a big file and SIGKILL it once its private copy exists."""
    f = tmp_path / "big.csv"
    households_frame(2034, 400_000, seed=5).to_csv(f, index=False)
    env = {**os.environ, "RPKD_DB": str(store_copy), "RPKD_STATE_DIR": str(tmp_path / "s")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "import", "households", str(f)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=REPO,
    )
    # Wait until the writer has its private copy open, then kill it.
    deadline = time.monotonic() + 300
    writing = []
    while time.monotonic() < deadline and proc.poll() is None:
        writing = [p for p in store_copy.parent.iterdir() if ".writing-" in p.name]
        if writing:
            time.sleep(0.05)
            break
        time.sleep(0.005)
    assert writing, "the import never reached the write step (or finished too fast to kill)"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL


def test_an_import_killed_midway_leaves_the_store_usable(store_copy, tmp_path):
    """SIGKILL while the copy is being written: the store is as before, and the next import works."""
    before = counts(Store(store_copy), 2034)
    size_before = store_copy.stat().st_size
    kill_while_writing(store_copy, tmp_path)
    store = Store(store_copy)
    assert counts(store, 2034) == before
    assert store_copy.stat().st_size == size_before
    # Usable: the lock is free and a new import goes through.
    from ingest.load import import_delivery

    res = import_delivery(store, "households", households_frame(2034, 500), user="test")
    assert res.rows == 500
    assert counts(store, 2034)[2] == 500


def test_a_killed_import_leaves_no_copy_behind_after_the_next_write(store_copy, tmp_path):
    kill_while_writing(store_copy, tmp_path)
    from ingest.load import import_delivery

    import_delivery(Store(store_copy), "households", households_frame(2035, 100), user="test")
    assert [p.name for p in store_copy.parent.iterdir() if ".writing-" in p.name] == []


def test_rpkd_status_on_a_garbage_store_says_how_to_rebuild(tmp_path):
    bad = tmp_path / "garbage.duckdb"
    bad.write_bytes(os.urandom(64 * 1024))
    r = subprocess.run(
        [sys.executable, "-m", "cli.main", "status", "--db", str(bad)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert r.returncode == 1
    assert "cannot be read" in r.stderr and "rpkd demo" in r.stderr
    assert "Traceback" not in r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "cli.main", "status", "--db", str(tmp_path / "no" / "x.duckdb")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )
    assert r.returncode == 1
    assert "no store" in r.stderr and "rpkd demo" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("kind", ["garbage", "empty", "unbuildable"])
def test_the_app_explains_a_bad_store_instead_of_a_traceback(tmp_path, monkeypatch, kind):
    if kind == "garbage":
        db = tmp_path / "garbage.duckdb"
        db.write_bytes(os.urandom(64 * 1024))
    elif kind == "empty":
        db = tmp_path / "empty.duckdb"
        db.write_bytes(b"")
    else:  # the directory cannot exist: its parent is a file
        (tmp_path / "afile").write_text("not a directory")
        db = tmp_path / "afile" / "store.duckdb"
    monkeypatch.setenv("RPKD_DB", str(db))
    monkeypatch.setenv("RPKD_ACCOUNTS", str(tmp_path / "none.toml"))
    monkeypatch.setenv("RPKD_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.chdir(REPO)
    at = app_test(None)
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    msg = at.error[0].value
    assert str(db) in msg
    assert "rpkd demo" in msg
    assert len(at.metric) == 0
