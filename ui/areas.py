"""Cached loaders for the planner pages: boundaries from the store and area indicators.

Thin glue between ``ui.data`` (cached store reads and analytics calls) and the
pure reshaping of ``ui.indicators``; no computation of its own.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from analytics.budget import budget_by
from analytics.mpi import DEFAULT_K, mpi_by
from analytics.poverty import fgt_by
from analytics.reach import reach_by
from config import REFERENCE_DIR, load_settings
from geo.boundaries import from_geojson_column
from geo.maps import zone_outlines
from ui import charts_map, data, fmt, indicators
from ui.i18n import t
from ui.suppress import suppress_small

MPI_STRUCTURE_FILE = REFERENCE_DIR / "mpi_structure.csv"


def min_cell() -> int:
    """Smallest number of sample households an area estimate may rest on (settings)."""
    return load_settings().min_cell_households


def mpi_default(con, *, year: int, by: str, k: float = DEFAULT_K) -> pd.DataFrame:
    """:func:`analytics.mpi.mpi_by` with the shipped structure (hashable arguments only,
    so that ``data.computed`` can cache it)."""
    structure = pd.read_csv(MPI_STRUCTURE_FILE)
    return mpi_by(con, year=year, structure=structure, k=k, by=by)


@st.cache_data(show_spinner=False, max_entries=8)
def _boundaries(sig: tuple[int, int], level: str) -> gpd.GeoDataFrame:
    if level == "district":
        df = data.named("districts_geo").rename(columns={"district_code": "code"})
        df["district_code"] = df["code"]
        df["district_name"] = df["name"]
    else:
        geo = data.named("villages_geo")
        names = data.named("districts").set_index("district_code")["name"]
        df = geo.rename(columns={"village_code": "code"})
        df["district_name"] = df["district_code"].map(names)
    return from_geojson_column(df, "code")


def boundaries(level: str) -> gpd.GeoDataFrame:
    """Areas of ``level`` (district or village) from the store: ``code``, ``name``,
    ``zone``, ``district_code``, ``district_name``, ``geometry`` (WGS84)."""
    return _boundaries(data.signature(), level)


@st.cache_data(show_spinner=False, max_entries=4)
def _outlines(sig: tuple[int, int]) -> gpd.GeoDataFrame:
    return zone_outlines(boundaries("district"))


def outlines(zone: str | None = None) -> gpd.GeoDataFrame:
    """Zone outlines (all, or only ``zone``'s)."""
    out = _outlines(data.signature())
    return out if zone is None else out[out["zone"] == zone]


def fgt(level: str, year: int, line_rp: float) -> pd.DataFrame:
    """FGT indices by ``level`` (regency, zone, district, village)."""
    return data.computed(fgt_by, line_rp=line_rp, year=year, by=level)


def has_year(year: int) -> bool:
    """Household data and a poverty line exist for ``year``."""
    return year in data.years() and data.poverty_line(year) is not None


def quadrant(
    mode: str, year: int, line_rp: float, *, zone: str | None, min_households: int
) -> tuple[pd.DataFrame, float, float]:
    """Districts for the quadrant typology (``charts_map.quadrant_frame``, small districts
    blanked) and the regency reference values (x: P0 %, y: change in points or P1 x100)."""

    def district_rows(y: int, z: float) -> pd.DataFrame:
        df = fgt("district", y, z).rename(columns={"group": "code"})
        return suppress_small(df, min_households=min_households, value_cols=("p0", "p1"))

    dist = boundaries("district")
    dist = dist if zone is None else dist[dist["zone"] == zone]
    reg = fgt("regency", year, line_rp).iloc[0]
    prev = None
    y_ref = 100 * float(reg["p1"])
    if mode == "change":
        prev_line = data.poverty_line(year - 1)
        prev = district_rows(year - 1, prev_line)
        y_ref = 100 * (float(reg["p0"]) - float(fgt("regency", year - 1, prev_line)["p0"].iloc[0]))
    frame = charts_map.quadrant_frame(district_rows(year, line_rp), dist, mode=mode, prev=prev)
    return frame, 100 * float(reg["p0"]), y_ref


def area_values(key: str, level: str, year: int, line_rp: float) -> pd.DataFrame:
    """The indicator ``key`` by ``level`` as an area frame (see ``ui.indicators``).

    An indicator that does not exist at ``level`` (spending by village) gives an
    empty frame: every area then shows 'no data'.
    """
    ind = indicators.INDICATORS[key]
    if level not in ind.levels:
        return indicators.from_spending(None, "value", None)
    sample = indicators.from_fgt(fgt(level, year, line_rp), "p0")
    if key in ("p0", "p1", "p2"):
        return indicators.from_fgt(fgt(level, year, line_rp), key)
    if key in ("mpi_m0", "mpi_h"):
        return indicators.from_mpi(data.computed(mpi_default, year=year, by=level), key[4:], sample)
    if key == "coverage":
        reach = data.computed(
            reach_by, year=year, by=level, line_rp=line_rp, poor_definition="line", programmes=None
        )
        return indicators.from_reach(reach, sample)
    if key == "spend_per_poor":
        spend = data.computed(budget_by, year=year, by="district", line_rp=line_rp)
        per_poor = indicators.spend_per_poor(spend, fgt(level, year, line_rp))
        return indicators.from_spending(per_poor, "spend_per_poor_rp", sample)
    raise KeyError(key)


def show_table(
    df: pd.DataFrame,
    columns: dict[str, tuple[str, int | str]],
    lang: str,
    *,
    max_rows: int = 20,
) -> None:
    """``st.dataframe`` with sortable numbers shown in the interface's number format.

    ``columns`` maps a column to ``(label, decimals)`` for numbers or ``(label, "text")``.
    Shows up to ``max_rows`` rows without scrolling. Indonesian: a Styler formats numbers as 1.234,5 (sorting stays numeric); English:
    printf formats through ``column_config``.
    """
    config = {}
    number_cols = {c: d for c, (_, d) in columns.items() if d != "text"}
    for col, (label, dec) in columns.items():
        if dec == "text":
            config[col] = st.column_config.TextColumn(label)
        elif lang == "id":
            # The Styler below formats the numbers; a column format would override it.
            config[col] = st.column_config.NumberColumn(label)
        else:
            config[col] = st.column_config.NumberColumn(label, format=f"%,.{dec}f")
    shown = df[list(columns)]
    height = 35 * (min(len(shown), max_rows) + 1) + 3  # every row up to max_rows, no scroll
    if lang == "id":
        styler = shown.style
        for col, dec in number_cols.items():
            styler = styler.format(
                lambda v, d=dec: fmt.num(v, d, lang), subset=[col], na_rep=fmt.DASH
            )
        st.dataframe(styler, column_config=config, hide_index=True, width="stretch", height=height)
    else:
        st.dataframe(shown, column_config=config, hide_index=True, width="stretch", height=height)


def poor_definition_picker(year: int, line_rp: float, lang: str) -> tuple[dict, str]:
    """Widgets to choose what "poor" means (below the line, or decile <= k).

    Returns the keyword arguments for the reach and budget analytics
    (``poor_definition``, ``line_rp``, ``decile_k``) and the rule in words,
    which the page states next to every figure that depends on it.
    """
    c1, c2 = st.columns([2, 1])
    def_names = {d: t(f"reach_def_{d}") for d in ("line", "decile")}
    definition = c1.radio(
        t("reach_poor_def"), list(def_names), format_func=def_names.__getitem__, horizontal=True
    )
    k = c2.slider(t("reach_decile_k"), 1, 10, 4) if definition == "decile" else 4
    rule = (
        t("reach_rule_line", year=year, line=fmt.rp(line_rp, lang))
        if definition == "line"
        else t("reach_rule_decile", k=k)
    )
    return {"poor_definition": definition, "line_rp": line_rp, "decile_k": k}, rule
