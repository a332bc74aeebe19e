"""--replace semantics, the import log, provenance, and a failure in the middle of a load."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

import ingest.load as load
from ingest.load import ImportRefused, import_delivery
from tests.ingest.helpers import fingerprint, households_of, import_log, plain_text, write_csv


def _count(store, sql: str, params=()) -> int:
    with store.read() as con:
        return int(con.execute(sql, list(params)).fetchone()[0])


def test_replace_swaps_the_year_in_one_transaction(store, canonical, tmp_path):
    old = households_of(store, 2025)
    kept_ben = _count(store, "SELECT count(*) FROM beneficiaries WHERE year = 2025")
    # The new delivery keeps half the old households (same ids) and adds new ones.
    new = canonical.assign(year=2025)
    new["hh_id"] = list(old.hh_id[: len(new) // 2]) + [f"N{i}" for i in range(len(new) // 2)]
    path = write_csv(plain_text(new), tmp_path / "hh2025.csv")
    with pytest.raises(ImportRefused) as info:
        import_delivery(store, "households", path)
    assert info.value.counts == {"already_loaded": 1}
    assert info.value.problems[0].value == "2025"

    res = import_delivery(store, "households", path, replace=True)
    assert res.replaced and res.years == [2025]
    got = households_of(store, 2025)
    assert sorted(got.hh_id) == sorted(new.hh_id)
    assert len(households_of(store, 2024)) == 0
    # Beneficiaries whose household went with the old delivery are removed, and said so.
    left = _count(store, "SELECT count(*) FROM beneficiaries WHERE year = 2025")
    dangling = _count(
        store,
        "SELECT count(*) FROM beneficiaries b ANTI JOIN households h USING (year, hh_id)",
    )
    assert dangling == 0 and 0 < left < kept_ben
    assert any(f"removed {kept_ben - left} beneficiary rows" in n for n in res.notes)
    assert "removed" in import_log(store).iloc[-1].message


def test_a_bad_replacement_leaves_the_old_year(store, canonical, tmp_path):
    before = fingerprint(store.path, exclude=("import_log",))
    out = plain_text(canonical.assign(year=2025))
    out.loc[20, "weight"] = "-1"
    path = write_csv(out, tmp_path / "bad2025.csv")
    with pytest.raises(ImportRefused):
        import_delivery(store, "households", path, replace=True)
    assert fingerprint(store.path, exclude=("import_log",)) == before


def test_a_failure_while_loading_changes_nothing_and_is_logged(store, canonical_csv, monkeypatch):
    before = fingerprint(store.path, exclude=("import_log",))

    def boom(con, table, replace):
        con.execute("DELETE FROM households")  # half-done work that must not land
        raise RuntimeError("disk full (simulated)")

    monkeypatch.setattr(load, "_apply", boom)
    with pytest.raises(RuntimeError):
        import_delivery(store, "households", canonical_csv)
    assert fingerprint(store.path, exclude=("import_log",)) == before
    last = import_log(store).iloc[-1]
    assert last.outcome == "failed" and "disk full" in last.message


def test_beneficiaries_replace_one_programme_at_a_time(store, tmp_path):
    with store.read() as con:
        ids = [
            r[0] for r in con.execute("SELECT hh_id FROM households ORDER BY 1 LIMIT 5").fetchall()
        ]
    pkh_before = _count(store, "SELECT count(*) FROM beneficiaries WHERE programme_code = 'PKH'")
    sembako = pd.DataFrame({"programme_code": "SEMBAKO", "year": 2025, "hh_id": ids})
    path = write_csv(sembako, tmp_path / "sembako.csv")
    # Another programme's list of the same year is not "already loaded".
    import_delivery(store, "beneficiaries", path)
    with pytest.raises(ImportRefused) as info:
        import_delivery(store, "beneficiaries", path)
    assert info.value.problems[0].value == "SEMBAKO / 2025"
    pkh = pd.DataFrame({"programme_code": "PKH", "year": 2025, "hh_id": ids[:2]})
    import_delivery(store, "beneficiaries", write_csv(pkh, tmp_path / "pkh.csv"), replace=True)
    assert _count(store, "SELECT count(*) FROM beneficiaries WHERE programme_code = 'PKH'") == 2
    assert pkh_before > 2
    assert _count(store, "SELECT count(*) FROM beneficiaries WHERE programme_code = 'SEMBAKO'") == 5


def test_keyed_tables_replace_only_their_keys(store, tmp_path):
    prog = pd.DataFrame(
        {
            "kode_program": ["PKH", "NEW"],
            "nama_program": ["PKH (ubah)", "Baru"],
            "perangkat_daerah": "Dinas Sosial",
            "sumber_dana": ["apbn", "Dana desa"],  # any case: stored as declared
            "kelompok_program": ["social_assistance", "other"],
        }
    )
    path = write_csv(prog, tmp_path / "prog.csv")
    with pytest.raises(ImportRefused) as info:
        import_delivery(store, "programmes", path)
    assert [(p.row, p.value) for p in info.value.problems] == [(2, "PKH")]
    import_delivery(store, "programmes", path, replace=True)
    with store.read() as con:
        rows = con.execute(
            "SELECT programme_code, name, funding_source FROM programmes "
            "WHERE programme_code IN ('PKH', 'NEW', 'SEMBAKO') ORDER BY 1"
        ).fetchall()
    assert rows[0] == ("NEW", "Baru", "Dana Desa")
    assert rows[1] == ("PKH", "PKH (ubah)", "APBN")
    assert rows[2][0] == "SEMBAKO"


def test_zone_mapping_reclassifies_districts(store, tmp_path):
    path = write_csv(
        pd.DataFrame({"distrik": ["Kwamki Narama", "9412010"], "zona": ["highland", "lowland"]}),
        tmp_path / "zones.csv",
    )
    import_delivery(store, "zone_mapping", path)
    with store.read() as con:
        got = dict(
            con.execute(
                "SELECT district_code, zone FROM districts WHERE district_code IN "
                "('94.04.13', '94.04.04')"
            ).fetchall()
        )
    assert got == {"94.04.13": "highland", "94.04.04": "lowland"}


def test_import_log_records_every_attempt(store, canonical, canonical_csv, tmp_path):
    n0 = len(import_log(store))
    sha = hashlib.sha256(canonical_csv.read_bytes()).hexdigest()
    import_delivery(store, "households", canonical_csv, user="steward-a")
    with pytest.raises(ImportRefused):
        import_delivery(store, "households", canonical_csv, user="steward-b")
    import_delivery(store, "households", canonical_csv, user="steward-a", replace=True)
    log = import_log(store).iloc[n0:]
    assert log.outcome.tolist() == ["loaded", "refused", "loaded"]
    assert set(log.file_name) == {canonical_csv.name}
    assert set(log.sha256) == {sha}
    assert log.rows.tolist() == [len(canonical)] * 3
    assert log.user_name.tolist() == ["steward-a", "steward-b", "steward-a"]
    assert log.import_id.is_monotonic_increasing
    assert "(replaced)" in log.message.iloc[-1] and "already_loaded" in log.message.iloc[1]
    with store.read() as con:
        prov = con.execute(
            "SELECT source_kind, file_name, sha256 FROM provenance "
            "WHERE table_name = 'households' AND year = 2024"
        ).fetchone()
    assert prov == ("import", canonical_csv.name, sha)


def test_unreadable_files_are_logged_too(store, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(ImportRefused):
        import_delivery(store, "households", path)
    last = import_log(store).iloc[-1]
    assert (last.outcome, last.file_name, last.rows) == ("refused", "empty.csv", 0)
    assert last.sha256 == hashlib.sha256(b"").hexdigest()


def test_rows_load_in_file_order(store, canonical_csv, canonical):
    import_delivery(store, "households", canonical_csv)
    with store.read() as con:
        ids = [
            r[0] for r in con.execute("SELECT hh_id FROM households WHERE year = 2024").fetchall()
        ]
    assert ids == canonical.hh_id.tolist()
