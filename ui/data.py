"""Cached data access for the pages: the store (read-only) and analytics results.

``st.cache_resource`` holds the Store; ``st.cache_data`` holds frames keyed by
the store file's signature (inode, mtime), so an import (which swaps the file)
invalidates every cached result at once without a restart.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.util
import re
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import streamlit as st

from config import load_settings
from store import queries
from store.db import Store, StoreBusy, StoreError, upgrade_if_needed


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    return Store(path)


def store() -> Store:
    """The configured store (``RPKD_DB`` or data/rpkd.duckdb)."""
    return _store(str(load_settings().db_path))


def signature() -> tuple[int, int]:
    """Changes whenever a writer replaced the store file."""
    st_ = store().path.stat()
    return (st_.st_ino, st_.st_mtime_ns)


class _Build:
    """The first-run build of the default store, in a background thread.

    One per process (``st.cache_resource``): a second visitor during the build
    watches the same progress instead of starting another build, and a visitor
    who closes the tab does not abort it.
    """

    def __init__(self, path: Path):
        self.path = path
        self.message, self.fraction = "", 0.0
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            if self._thread is None or (not self._thread.is_alive() and self.error):
                self.error = None
                self._thread = threading.Thread(target=self._run, name="rpkd-build", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        from ingest.demo import build_demo

        def progress(msg: str, frac: float) -> None:
            self.message, self.fraction = msg, min(max(frac, 0.0), 1.0)

        try:
            build_demo(self.path, progress=progress)
        except BaseException as exc:  # reported to every waiting session
            self.error = exc

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


@st.cache_resource(show_spinner=False)
def _build(path: str) -> _Build:
    return _Build(Path(path))


# The store file (path, inode, mtime) whose schema was last found current: the check
# opens a cursor, so it runs once per file version instead of on every script run.
_schema_checked: tuple | None = None


def ensure_store() -> None:
    """Build the embedded Mimika default on first run, with visible progress."""
    global _schema_checked
    s = store()
    if s.exists():
        with contextlib.suppress(OSError, StoreBusy):
            version = (str(s.path), *signature())
            if version != _schema_checked:
                upgrade_if_needed(s)  # an older store gains tables declared since
                _schema_checked = version
        return
    from ui.i18n import t

    build = _build(str(s.path))
    build.start()
    with st.status(t("building_store"), expanded=True) as box:
        bar = st.progress(0.0)
        while build.running:
            bar.progress(build.fraction, text=build.message)
            time.sleep(0.3)
        if build.error is not None or not s.exists():
            box.update(state="error")
            exc = build.error
            reason = getattr(exc, "strerror", None) or exc or "unknown error"
            raise StoreError(
                f"No store at {s.path}, and it cannot be built there ({reason}). "
                "Point RPKD_DB at a writable place, or build it with `rpkd demo --db PATH`."
            ) from exc
        bar.progress(1.0)
        box.update(state="complete")


@st.cache_data(show_spinner=False, max_entries=256)
def _named(sig: tuple[int, int], name: str, params: tuple) -> pd.DataFrame:
    with store().read() as con:
        return queries.run(con, name, params)


def named(name: str, *params: object) -> pd.DataFrame:
    """A named query from store/queries.py, cached per store version."""
    return _named(signature(), name, tuple(params))


@st.cache_data(show_spinner=False, max_entries=512)
def _computed(sig: tuple[int, int], fn_name: str, kwargs: tuple) -> pd.DataFrame:
    fn = _REGISTRY[fn_name]
    with store().read() as con:
        return fn(con, **dict(kwargs))


_REGISTRY: dict[str, Callable[..., object]] = {}


def computed(fn: Callable[..., pd.DataFrame], **kwargs: object) -> pd.DataFrame:
    """Call an analytics function ``fn(con, **kwargs)`` on the store, cached per store version.

    ``kwargs`` must be hashable values (numbers, strings, tuples).
    """
    key = f"{fn.__module__}.{fn.__qualname__}"
    _REGISTRY[key] = fn
    return _computed(signature(), key, tuple(sorted(kwargs.items())))


def years() -> list[int]:
    return [int(y) for y in named("household_years")["year"]]


def is_demo() -> bool:
    df = named("is_demo")
    return bool(df.iloc[0, 0]) if len(df) else False


def poverty_line(year: int) -> float | None:
    df = named("poverty_line", year)
    return float(df.iloc[0, 0]) if len(df) else None


# ------------------------------------------------------------ process warm-up

#: Top-level packages of this project whose modules are scanned for further imports.
_PROJECT_PACKAGES = ("analytics", "config", "geo", "planning", "store", "ui")
#: Imported by the charts inside functions (plotly loads its figure classes lazily).
_ALWAYS = ("plotly.graph_objects", "plotly.express", "plotly.io")
_warm_lock = threading.Lock()
_warmed = False


_IMPORT_RE = re.compile(
    r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)|import[ \t]+([^\n#]+))",
    re.MULTILINE,
)


def _imports_in(source: str) -> set[str]:
    """Absolute module names imported anywhere in ``source`` (also inside functions).

    A line scan rather than ``ast`` (ten times cheaper on the first run); a stray
    match in a docstring only names a module that :func:`modules_for` then skips
    when it does not exist.
    """
    out: set[str] = set()
    for module, names, plain in _IMPORT_RE.findall(source):
        if module:
            out.add(module)
            # `from ui import charts_map` names a module; `from x import f` a function.
            for item in names.strip("()").replace("\n", " ").split(","):
                name = item.split(" as ")[0].strip()
                if name.isidentifier():
                    out.add(f"{module}.{name}")
        else:
            out.update(i.split(" as ")[0].strip() for i in plain.split(","))
    return {m for m in out if m and all(part.isidentifier() for part in m.split("."))}


def modules_for(scripts: Iterable[str | Path]) -> list[str]:
    """The modules the page ``scripts`` need: their imports, and the imports of this
    project's modules among them (followed through, function-level imports included)."""
    todo: set[str] = set(_ALWAYS)
    for script in scripts:
        with contextlib.suppress(OSError):
            todo |= _imports_in(Path(script).read_text(encoding="utf-8"))
    found: set[str] = set()
    while todo:
        name = todo.pop()
        if name in found:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):  # a function name (`from x import f`), or broken
            spec = None
        if spec is None:
            continue
        found.add(name)
        if name.split(".")[0] in _PROJECT_PACKAGES and spec.origin and spec.origin.endswith(".py"):
            with contextlib.suppress(OSError):
                todo |= _imports_in(Path(spec.origin).read_text(encoding="utf-8")) - found
    return sorted(found)


def warm_process(scripts: Iterable[str | Path]) -> bool:
    """Once per server process: import what the pages need, then freeze the heap.

    Streamlit runs a full garbage collection (``gc.collect(2)``) after every script
    run (``runner.postScriptGC``), holding the GIL, so every session waits for it.
    Its cost grows with the number of live objects, most of them module-level
    (plotly's figure classes, pandas, geopandas, Streamlit): on the demo store it
    was about a quarter of the server's CPU under ten concurrent sessions. Importing
    the pages' modules up front and then calling :func:`gc.freeze` moves those
    long-lived objects out of the collector's sight; objects created later (one
    run's frames and figures) are still collected as before. Also saves the first
    visitor of each page its imports. Returns True for the call that did the work.
    """
    global _warmed
    with _warm_lock:
        if _warmed:
            return False
        for name in modules_for(scripts):
            with contextlib.suppress(Exception):  # a page that cannot import fails visibly later
                importlib.import_module(name)
        gc.collect()
        gc.freeze()
        _warmed = True
        return True


__all__ = [
    "store",
    "ensure_store",
    "named",
    "computed",
    "years",
    "is_demo",
    "poverty_line",
    "StoreError",
    "warm_process",
]
