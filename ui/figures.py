"""Built objects (plotly figures above all) kept across reruns and shared by every session.

This is the UI's one cache for built objects: ``cached(builder, *args, **kwargs)``
returns ``builder(*args, **kwargs)`` as built before for the same key, whatever the
session. It replaces ``ui.data.shared`` (per store version) and the earlier
``figures.cached`` (per argument content), which sat side by side.

The key is ``(builder, store version, arguments by content)``:

* builder: its qualified name (``module.qualname``);
* store version: the store file's path, inode and mtime (as :func:`ui.data.signature`),
  or None when there is no store yet. An import swaps the file, so every entry built
  from the old file stops matching: a builder may read the store itself (through
  ``data.named`` / ``data.computed``, as ``headline.trend_chart`` does) and is still
  never served stale. Builders given their data as arguments are rebuilt once after an
  import too: that costs one build per figure and keeps one rule for all;
* arguments: compared by content as Streamlit hashes them (a frame by its values and
  columns, a dict by its items); a GeoDataFrame by :func:`geoframe_digest` (geometry as
  WKB, other columns, CRS). Keyword order does not matter.

Nothing else may change the result: no session state, no clock inside the builder.

Why one ``st.cache_resource`` and not ``st.cache_data``: ``st.cache_data`` hands every
caller an unpickled copy, and unpickling a figure validates it again, which costs as
much as building it. ``st.cache_resource`` hands out the object itself (so it is
shared: callers must not change it; ``st.plotly_chart`` copies it with
``Figure.to_dict`` before sending, so showing it is safe; to adjust a figure, pass the
adjustment to the builder). It also holds a lock per key while building, so sessions
asking for the same key at once wait for one build instead of each building.

Eviction and memory: at most ``MAX_ENTRIES`` entries, least recently used first
(Streamlit's resource cache refreshes an entry on every read). Entries of a replaced
store version are never read again, so they age out as new ones arrive. Memory is
bounded by the count times the largest entry: measured with tracemalloc, a village map
keeps ~5.3 MB of Python objects, a district map ~2 MB, the other charts well under 1 MB
(the Ringkasan trend and zone charts ~0.15 and ~0.25 MB); 48 entries cost at most ~255 MB if
every one were a village map, and far less in practice.

Building the village map takes 0.1-0.3 CPU seconds (plotly checks every trace);
hashing its arguments a few milliseconds. On a 1,000,000-household store the Peta
script went from ~0.64 to ~0.29 CPU seconds on a second visit; the Ringkasan script
from 0.37-0.53 to 0.13-0.23 CPU seconds (docs/load.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

import geopandas as gpd
import pandas as pd
import shapely
import streamlit as st

from ui import data

T = TypeVar("T")

#: Entries kept (least recently used evicted first); see the module text for the memory.
MAX_ENTRIES = 48


def geoframe_digest(gdf: gpd.GeoDataFrame) -> bytes:
    """Content digest of a GeoDataFrame: geometry (WKB), other columns and index, CRS."""
    h = hashlib.sha1()
    wkb = shapely.to_wkb(gdf.geometry.values)
    h.update(b"\x00".join(b"" if w is None else w for w in wkb))
    attrs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    h.update(pd.util.hash_pandas_object(attrs, index=True).to_numpy().tobytes())
    h.update(repr(list(attrs.columns)).encode())
    h.update(str(gdf.crs).encode())
    return h.digest()


def store_version() -> tuple[str, int, int] | None:
    """The store file's (path, inode, mtime ns), or None while there is no store file."""
    try:
        return (str(data.store().path), *data.signature())
    except OSError:
        return None


@st.cache_resource(
    show_spinner=False, max_entries=MAX_ENTRIES, hash_funcs={gpd.GeoDataFrame: geoframe_digest}
)
def _built(
    name: str, version: tuple | None, args: tuple, kwargs: tuple, _builder: Callable[..., T]
) -> T:
    return _builder(*args, **dict(kwargs))


def cached(builder: Callable[..., T], *args: object, **kwargs: object) -> T:
    """``builder(*args, **kwargs)``, built once per key (see the module text).

    Do not change the object returned: it is shared with every later call and session.
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _built(name, store_version(), args, tuple(sorted(kwargs.items())), builder)


def clear() -> None:
    """Drop every entry (tests; Streamlit's "Clear cache" menu does the same)."""
    _built.clear()
