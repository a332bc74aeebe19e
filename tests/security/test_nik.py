"""NIK is pseudonymised at import: the clear number is found nowhere afterwards.

End to end through `rpkd import` in a subprocess: the store file and any WAL,
``import_log``, the problem report, the command's own output and the audit log
are searched byte for byte for every NIK of the delivery (as text and as a
64-bit integer) and for the key. A positive control imports the same numbers
as household ids, to show the byte search does find such strings in a store.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import random
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

KEY = "test-only-nik-key-9f2c1e7a"  # generated for this test; real keys live in env/config
YEAR = 2026


def run_import(db: Path, csv: Path, state: Path, *, key: str | None, report: Path | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RPKD_")}
    env.update(
        {
            "RPKD_DB": str(db),
            "RPKD_STATE_DIR": str(state),
            "RPKD_CONFIG": str(db.parent / "no-such-rpkd.toml"),
        }
    )
    if key is not None:
        env["RPKD_NIK_KEY"] = key
    args = [sys.executable, "-m", "cli.main", "import", "households", str(csv)]
    if report is not None:
        args += ["--report", str(report)]
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=REPO, timeout=300)


def households_csv(path: Path, niks: list[str], *, ids: list[str] | None = None) -> Path:
    rng = random.Random(11)
    districts = ["94.04.01", "94.04.02", "94.04.03", "94.04.10"]
    rows = []
    for i, nik in enumerate(niks):
        rows.append(
            {
                "year": YEAR,
                "hh_id": ids[i] if ids else f"NIKTEST{i:05d}",
                "district_code": districts[i % len(districts)],
                "hh_size": 1 + i % 7,
                "consumption_pc_rp": 600_000 + rng.randrange(2_000_000),
                "weight": 1,
                "nik": nik,
            }
        )
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def make_niks(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    # 94 04 (Mimika) + date-like digits + serial, as a real NIK is built.
    return [f"9404{rng.randrange(10**12):012d}" for _ in range(n)]


def patterns(niks: list[str]) -> list[bytes]:
    out = []
    for n in niks:
        out.append(n.encode())
        out.append(struct.pack("<q", int(n)))  # if it were ever cast to a BIGINT
    return out


def files_under(*paths: Path) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():
            out += [f for f in p.rglob("*") if f.is_file()]
        elif p.exists():
            out.append(p)
    return out


def found_in(niks: list[str], files: list[Path], extra: list[str] = ()) -> list[str]:
    blobs = [f.read_bytes() for f in files] + [s.encode() for s in extra]
    pats = patterns(niks)
    return [p.hex() for p in pats if any(p in b for b in blobs)]


@pytest.fixture(scope="module")
def imported(tmp_path_factory, small_store_path):
    d = tmp_path_factory.mktemp("nik")
    db = d / "store.duckdb"
    shutil.copy(small_store_path, db)
    state = d / "state"
    niks = make_niks(400, seed=1)
    csv = households_csv(d / "dtsen_2026.csv", niks)
    res = run_import(db, csv, state, key=KEY)
    return {"dir": d, "db": db, "state": state, "niks": niks, "res": res}


def test_the_import_with_a_key_loads_and_hashes(imported):
    res = imported["res"]
    assert res.returncode == 0, res.stderr
    con = duckdb.connect(str(imported["db"]), read_only=True)
    got = dict(
        con.execute(
            "SELECT hh_id, nik_hash FROM households WHERE year = ? ORDER BY hh_id", [YEAR]
        ).fetchall()
    )
    con.close()
    assert len(got) == len(imported["niks"])
    for i in (0, 17, 399):
        nik = imported["niks"][i]
        keyed = hmac.new(KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()
        assert got[f"NIKTEST{i:05d}"] == keyed
        # Not a plain (unkeyed) hash, which anyone could reverse by trying every NIK.
        assert got[f"NIKTEST{i:05d}"] != hashlib.sha256(nik.encode()).hexdigest()


def test_no_clear_nik_in_the_store_file_or_wal(imported):
    files = [p for p in imported["dir"].iterdir() if p.name.startswith(("store.duckdb", "."))]
    assert imported["db"] in files
    assert found_in(imported["niks"], files) == []
    raw = b"".join(f.read_bytes() for f in files)
    assert KEY.encode() not in raw


def test_no_clear_nik_in_any_table_column(imported):
    con = duckdb.connect(str(imported["db"]), read_only=True)
    con.execute("CREATE TEMP TABLE niks (nik VARCHAR)")
    con.executemany("INSERT INTO niks VALUES (?)", [[n] for n in imported["niks"]])
    cols = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = 'main' "
        "AND data_type = 'VARCHAR'"
    ).fetchall()
    assert ("import_log", "message") in cols and ("households", "hh_id") in cols
    for table, column in cols:
        n = con.execute(
            f'SELECT count(*) FROM "{table}" t JOIN niks ON strpos(t."{column}", niks.nik) > 0'
        ).fetchone()[0]
        assert n == 0, (table, column)
    con.close()


def test_no_clear_nik_in_the_command_output_or_audit_log(imported):
    res = imported["res"]
    assert found_in(imported["niks"], [], [res.stdout, res.stderr]) == []
    assert KEY not in res.stdout + res.stderr
    audit_files = files_under(imported["state"])
    assert found_in(imported["niks"], audit_files) == []
    # The import was audited (so the log searched above is not empty).
    from ui import audit

    log = audit.read(path=imported["state"] / "audit.sqlite3", event="import")
    assert '"outcome": "loaded"' in log["detail"].iloc[-1]
    assert "dtsen_2026.csv" in log["detail"].iloc[-1]


def test_a_refused_delivery_reports_problems_without_the_nik(imported, tmp_path):
    niks = make_niks(50, seed=2)
    csv = households_csv(tmp_path / "bad.csv", niks)
    df = pd.read_csv(csv, dtype=str)
    df.loc[3, "nik"] = niks[3][:15]  # 15 digits: a malformed NIK
    df.loc[5, "hh_size"] = "0"  # another problem in a row with a good NIK
    df.to_csv(csv, index=False)
    report = tmp_path / "bad.problems.csv"
    res = run_import(imported["db"], csv, imported["state"], key=KEY, report=report)
    assert res.returncode == 1
    assert report.exists()
    text = report.read_text()
    assert "nik" in text.lower()  # the malformed NIK is reported, by row and column
    assert found_in(niks + [niks[3][:15]], [report], [res.stdout, res.stderr]) == []
    assert found_in(niks + [niks[3][:15]], [imported["db"]]) == []
    assert found_in(niks, files_under(imported["state"])) == []


def test_without_a_key_the_import_is_refused_clearly(imported, tmp_path):
    niks = make_niks(30, seed=3)
    csv = households_csv(tmp_path / "nokey.csv", niks, ids=[f"NOKEY{i}" for i in range(30)])
    db = tmp_path / "store.duckdb"
    shutil.copy(imported["db"], db)
    res = run_import(db, csv, tmp_path / "state", key=None)
    assert res.returncode == 1
    assert "RPKD_NIK_KEY" in res.stderr
    assert "Traceback" not in res.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert (
        con.execute("SELECT count(*) FROM households WHERE hh_id LIKE 'NOKEY%'").fetchone()[0] == 0
    )
    con.close()
    assert found_in(niks, [], [res.stdout, res.stderr]) == []
    # The delivery itself holds the numbers; no other file does.
    assert [f for f in files_under(tmp_path) if found_in(niks, [f])] == [csv]


def test_positive_control_the_byte_search_finds_stored_numbers(small_store_path, tmp_path):
    """The same numbers stored as household ids ARE found: the search above can fail."""
    niks = make_niks(400, seed=4)
    csv = households_csv(tmp_path / "control.csv", niks, ids=niks)
    csv.write_text(csv.read_text().replace(",nik\n", ",nik_unused\n"))
    db = tmp_path / "store.duckdb"
    shutil.copy(small_store_path, db)
    res = run_import(db, csv, tmp_path / "state", key=KEY)
    assert res.returncode == 0, res.stderr
    hits = found_in(niks, [db])
    assert len(hits) >= 0.9 * len(niks)
