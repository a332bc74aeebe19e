"""Chart figures kept across reruns: a page's second visit rebuilds none of its charts.

``cached(builder, *args, **kwargs)`` returns the figure ``builder(*args, **kwargs)``
built for equal arguments before, whatever the session. ``builder`` is a chart
builder of ``ui/charts_*.py``: a pure function of its arguments (frames, numbers,
texts) returning a plotly figure. The arguments are the cache key, compared by
content as Streamlit hashes them (a frame by its values and columns); a
GeoDataFrame by its geometry (WKB), its other columns and its CRS. Nothing else
may change the figure: no session state, no clock, no store read inside the
builder (pass the data in).

Building the village map takes 0.1-0.3 CPU seconds (plotly checks every trace);
comparing its arguments takes a few milliseconds. On a 1,000,000-household store the
script of the Peta page went from ~0.64 to ~0.29 CPU seconds on a second visit.

The figure is shared (``st.cache_resource``): callers must not change it.
``st.plotly_chart`` copies it (``Figure.to_dict``) before sending it, so showing
it is safe; to adjust one, pass the adjustment to the builder instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import geopandas as gpd
import pandas as pd
import plotly.graph_objects as go
import shapely
import streamlit as st

# Measured (tracemalloc): a village map keeps ~5.3 MB of Python objects, a district map
# ~2 MB, the other charts well under 1 MB. 32 figures (the map pages hold up to four
# each, per language and view) cost at most ~170 MB, if every one were a village map.
MAX_FIGURES = 32


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


@st.cache_resource(
    show_spinner=False, max_entries=MAX_FIGURES, hash_funcs={gpd.GeoDataFrame: geoframe_digest}
)
def _built(name: str, args: tuple, kwargs: dict, _builder: Callable[..., go.Figure]) -> go.Figure:
    return _builder(*args, **kwargs)


def cached(builder: Callable[..., go.Figure], *args: object, **kwargs: object) -> go.Figure:
    """``builder(*args, **kwargs)``, built once for equal arguments (see the module text).

    Do not change the figure returned: it is shared with every later call.
    """
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _built(name, args, kwargs, builder)
