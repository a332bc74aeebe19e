"""The DuckDB store: one file, one writer, many readers.

Writes are copy-on-write: the writer takes an exclusive lock file, copies the
store to a temporary file beside it, opens that copy read-write, and only when
everything succeeded checkpoints it and atomically renames it over the store
(``os.replace``). So:

* a refused, failed or killed write leaves the store byte-for-byte as it was
  (the temporary copy is simply discarded);
* readers (the Streamlit app, a second CLI) never see half a write, and keep
  working while an import runs: they hold the old file open until they reopen;
* two writers are serialised by the lock (or refused with a clear message
  when ``wait=False``).

Pages open the store read-only (:meth:`Store.reader`) and take a cursor per
query.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from store import derived, schema


class StoreError(RuntimeError):
    """The store is missing, corrupt or busy; the message says what to do."""


class StoreBusy(StoreError):
    """Another writer holds the store."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    """A DuckDB store file on disk."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path).resolve()
        self._lock = threading.Lock()
        self._reader: tuple[tuple[int, int], duckdb.DuckDBPyConnection] | None = None

    # ---------------------------------------------------------------- state
    def exists(self) -> bool:
        return self.path.exists()

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    def _signature(self) -> tuple[int, int]:
        st = self.path.stat()
        return (st.st_ino, st.st_mtime_ns)

    # -------------------------------------------------------------- reading
    def reader(self) -> duckdb.DuckDBPyConnection:
        """A read-only connection, reopened when a writer has replaced the file.

        Callers should use :meth:`read` (a cursor per query) when sharing it across
        threads; a bare ``.cursor()`` must run ``USE store`` first.
        """
        if not self.exists():
            raise StoreError(
                f"No store at {self.path}. Build it with `rpkd demo` (embedded Mimika "
                "default) or `rpkd init` (empty, reference data only)."
            )
        with self._lock:
            sig = self._signature()
            if self._reader is None or self._reader[0] != sig:
                try:
                    # An in-memory instance with the store ATTACHed read-only, rather than
                    # duckdb.connect(path): DuckDB caches one instance per path in a process,
                    # which would keep serving the replaced file after a write.
                    con = duckdb.connect(":memory:")
                    path_sql = str(self.path).replace("'", "''")
                    con.execute(f"ATTACH '{path_sql}' AS store (READ_ONLY)")
                    con.execute("USE store")
                    # Group by PSU number (up to 2^20 PSUs) with a direct-indexed table
                    # rather than a hash table (analytics.poverty's stored path).
                    con.execute("SET GLOBAL perfect_ht_threshold = 20")
                    con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
                except (duckdb.Error, OSError) as exc:
                    raise StoreError(
                        f"The store at {self.path} cannot be read ({exc.__class__.__name__}: "
                        f"{str(exc).splitlines()[0]}). It may be corrupt or from another "
                        "version. Rebuild it: move the file away, then run `rpkd demo` or "
                        "`rpkd init` and re-import your deliveries."
                    ) from exc
                self._reader = (sig, con)
            return self._reader[1]

    @contextlib.contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the read-only connection."""
        cur = self.reader().cursor()
        cur.execute("USE store")
        try:
            yield cur
        finally:
            cur.close()

    # -------------------------------------------------------------- writing
    @contextlib.contextmanager
    def write(
        self, *, wait: bool = True, timeout_s: float = 600.0
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection on a private copy, swapped in on success.

        Everything done inside the ``with`` block lands together or not at all.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_fd = os.open(self.lock_path, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            self._acquire(lock_fd, wait=wait, timeout_s=timeout_s)
            # Holding the lock, any private copy beside the store belongs to a writer
            # that died (e.g. killed with SIGKILL): remove it.
            for stale in self.path.parent.glob(f".{self.path.name}.writing-*"):
                stale.unlink(missing_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.writing-{os.getpid()}")
            tmp_wal = tmp.with_name(tmp.name + ".wal")
            if self.exists():
                shutil.copyfile(self.path, tmp)
            con = duckdb.connect(str(tmp))
            try:
                # Idempotent: creates the schema in a new store and adds any table
                # declared since an older store was built (additive migrations).
                create_schema(con)
                con.execute("BEGIN TRANSACTION")
                yield con
                # Derived tables follow whatever the block wrote (store.derived).
                derived.refresh(con)
                # Commit straight into the file (a checkpoint) rather than through the
                # write-ahead log first: the copy is private, so the log's durability
                # buys nothing, and a small delivery would be written twice.
                con.execute("SET checkpoint_threshold = '1b'")
                con.execute("COMMIT")
                con.execute("CHECKPOINT")
                con.close()
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
                _fsync_dir(self.path.parent)
            except BaseException:
                with contextlib.suppress(Exception):
                    con.close()
                raise
            finally:
                for p in (tmp, tmp_wal):
                    p.unlink(missing_ok=True)
        finally:
            os.close(lock_fd)

    def _acquire(self, fd: int, *, wait: bool, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if not wait or time.monotonic() > deadline:
                    raise StoreBusy(
                        f"Another import or build is writing {self.path}; try again when it "
                        "has finished."
                    ) from None
                time.sleep(0.1)


def schema_version(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return None if row is None else row[0]


def upgrade_if_needed(store: Store) -> bool:
    """Bring an older store's schema up to date (new tables and columns); True if it did."""
    with store.read() as con:
        if schema_version(con) == schema.SCHEMA_VERSION:
            return False
    with store.write():
        pass  # write() runs create_schema, which adds what is missing
    return True


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every declared table and column (idempotent); record the schema version.

    Additive migrations: a table declared since the store was built is created,
    a column declared since is added (NULL in existing rows; derived columns are
    then filled by :func:`store.derived.refresh` before the write commits).
    A store at the current version that has every declared table and column is
    left as it is: one catalogue query instead of a statement per table.
    """
    have = _stored_columns(con)
    missing = [
        (table, c)
        for table in schema.TABLES.values()
        if not table.extra.get("virtual")
        for c in table.columns
        if c.name not in have.get(table.name, set())
    ]
    if not missing and _recorded_version(con) == schema.SCHEMA_VERSION:
        return
    for stmt in schema.all_ddl():
        con.execute(stmt)
    have = _stored_columns(con)
    for table, c in missing:
        if c.name not in have.get(table.name, set()):
            con.execute(f"ALTER TABLE {table.name} ADD COLUMN {c.name} {c.duck_type}")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [schema.SCHEMA_VERSION])


def _stored_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    have: dict[str, set[str]] = {}
    for t, c in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main'"
    ).fetchall():
        have.setdefault(t, set()).add(c)
    return have


def _recorded_version(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        return schema_version(con)
    except duckdb.CatalogException:
        return None


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every stored table (names from the schema allow-list)."""
    out = {}
    for name, t in schema.TABLES.items():
        if t.extra.get("virtual"):
            continue
        out[name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    return out
