"""The schema is declared once: DDL, checks and the stored tables agree."""

import dataclasses

import duckdb
import pytest

from store import schema
from store.db import Store, StoreBusy, create_schema, table_counts


def test_ddl_creates_every_declared_table_with_its_columns():
    con = duckdb.connect()
    create_schema(con)
    for name, table in schema.TABLES.items():
        if table.extra.get("virtual"):
            continue
        cols = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]
        assert cols == table.column_names, name


def test_every_column_is_described_and_typed():
    for table in schema.TABLES.values():
        for c in table.columns:
            assert c.description, (table.name, c.name)
            assert c.type in schema.DUCK_TYPES, (table.name, c.name)


def test_importable_tables_are_declared():
    assert set(schema.IMPORTABLE) <= set(schema.TABLES)


def test_aliases_do_not_collide_within_a_table():
    from ingest.stage import norm_header

    for table in schema.TABLES.values():
        seen = {}
        for c in table.columns:
            for name in (c.name, *map(norm_header, c.aliases)):
                assert seen.setdefault(name, c.name) == c.name, (table.name, name)


def test_write_is_all_or_nothing(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    with store.write() as con:
        con.execute("INSERT INTO meta VALUES ('a', '1')")
    before = store.path.read_bytes()
    with pytest.raises(RuntimeError), store.write() as con:
        con.execute("INSERT INTO meta VALUES ('b', '2')")
        raise RuntimeError("boom")
    assert store.path.read_bytes() == before
    with store.read() as con:
        assert dict(con.execute("SELECT key, value FROM meta").fetchall())["a"] == "1"
        assert table_counts(con)["meta"] == 2  # schema_version + a


def test_second_writer_is_refused_when_not_waiting(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    with store.write():
        pass
    with store.write(), pytest.raises(StoreBusy), store.write(wait=False):
        pass


def test_reader_sees_the_new_file_after_a_write(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    with store.write():
        pass
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM meta WHERE key = 'x'").fetchone()[0] == 0
    with store.write() as con:
        con.execute("INSERT INTO meta VALUES ('x', 'y')")
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM meta WHERE key = 'x'").fetchone()[0] == 1


def test_an_older_store_gains_the_tables_declared_since(tmp_path):
    from store.db import upgrade_if_needed

    store = Store(tmp_path / "old.duckdb")
    with store.write() as con:
        con.execute("DROP TABLE rat_actions")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    assert upgrade_if_needed(store) is True
    with store.read() as con:
        assert con.execute("SELECT count(*) FROM rat_actions").fetchone()[0] == 0
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == (
            schema.SCHEMA_VERSION
        )
    assert upgrade_if_needed(store) is False


def test_every_table_and_column_has_an_indonesian_description():
    """The interface is Indonesian by default: every description has its Indonesian."""
    missing = [t.name for t in schema.TABLES.values() if not t.description_id.strip()]
    missing += [
        f"{t.name}.{c.name}"
        for t in schema.TABLES.values()
        for c in t.columns
        if not c.description_id.strip()
    ]
    assert not missing, f"add description_id in store/schema.py for: {missing}"


def test_describe_gives_the_language_asked_for():
    hh = schema.HOUSEHOLDS
    size = hh.column("hh_size")
    assert size.describe("id") == "Jumlah anggota rumah tangga"
    assert size.describe("en") == size.description == "Household members"
    assert hh.describe("id") == hh.description_id and hh.describe("en") == hh.description
    assert hh.column("dep_water").describe("id").startswith("Mengalami deprivasi: ")
    # A column declared without Indonesian falls back to English rather than to nothing.
    assert schema.Column("x", "int", "Only English").describe("id") == "Only English"


def test_a_complete_store_runs_no_ddl_and_an_incomplete_one_is_completed(tmp_path, monkeypatch):
    # At the current version with every declared table and column, the writer runs
    # no DDL; a table dropped behind its back, or a column declared since, is
    # created at the next write (even without a version bump).
    store = Store(tmp_path / "s.duckdb")
    with store.write():
        pass
    real = schema.all_ddl

    def no_ddl():
        raise AssertionError("a complete store needs no DDL")

    monkeypatch.setattr(schema, "all_ddl", no_ddl)
    with store.write():
        pass
    monkeypatch.setattr(schema, "all_ddl", real)
    con = duckdb.connect(str(store.path))
    con.execute("DROP TABLE rat_actions")
    con.close()
    extra = schema.Column("note_test", "text", "a column declared later")
    later = dataclasses.replace(schema.IMPORT_LOG, columns=(*schema.IMPORT_LOG.columns, extra))
    monkeypatch.setitem(schema.TABLES, "import_log", later)
    with store.write():
        pass
    with store.read() as con:
        cols = [r[0] for r in con.execute("DESCRIBE import_log").fetchall()]
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "note_test" in cols
    assert "rat_actions" in tables
