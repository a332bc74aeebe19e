"""The tables an analyst can take from Data & Unduh: how each is built, filtered and described.

Aggregates come first and are open to every planning role; household rows only to
the roles in :data:`HOUSEHOLD_ROLES`. Area estimates from the survey (district,
village, MPI by district) are blanked where fewer than ``min_cell_households``
sample households stand behind them (``ui.suppress``), as on the map.

Each builder takes a :class:`Query` (year, zone, district, poverty line) and
returns a frame with ``year`` first and names joined to codes; the zone and
district filters apply to every table that has those columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from store import schema

HOUSEHOLD_ROLES = ("analyst", "steward", "admin")

# Units of analytic output columns (descriptions are in ui/texts/data.py as col_<name>).
UNITS: dict[str, str] = {
    "year": "year",
    "households": "sample households",
    "households_missing": "sample households",
    "households_reached": "sample households",
    "n_psu": "PSUs",
    "population": "persons (weighted)",
    "poor": "persons (weighted)",
    "mpi_poor": "persons (weighted)",
    "gini": "0-1",
    "k": "0-1",
    "a": "0-1",
    "m0": "0-1",
    "m0_se": "0-1",
    "coverage": "proportion",
    "exclusion_error": "proportion",
    "inclusion_error": "proportion",
    "realisation_rate": "proportion",
    "share_to_poor": "proportion",
    "budget_share": "proportion",
    "poor_share": "proportion",
    "allocation_to_need": "ratio",
    "suppressed": "true/false",
}
for _a in ("p0", "p1", "p2", "h"):
    for _s in ("", "_se", "_ci_low", "_ci_high"):
        UNITS[f"{_a}{_s}"] = "proportion"


@dataclass(frozen=True)
class Query:
    """What the analyst asked for: the shared filters and the poverty line of the year."""

    year: int
    zone: str | None
    district: str | None
    line_rp: float | None
    min_cell: int


@dataclass(frozen=True)
class TableSpec:
    """One downloadable table."""

    key: str  # also the file name stem
    title_key: str  # ui/texts/data.py
    build: Callable[[Query], pd.DataFrame]
    sources: tuple[str, ...]  # store tables it is computed from (provenance rows)
    household_level: bool = False
    note_key: str | None = None
    filtered: bool = True  # False: reference tables, all years and areas


def tables_for(role: str | None) -> list[TableSpec]:
    """The tables ``role`` may download, aggregates first."""
    return [t for t in TABLES if not t.household_level or role in HOUSEHOLD_ROLES]


def _filter(df: pd.DataFrame, q: Query) -> pd.DataFrame:
    if q.zone and "zone" in df.columns:
        df = df[df["zone"] == q.zone]
    if q.district and "district_code" in df.columns:
        df = df[df["district_code"] == q.district]
    return df.reset_index(drop=True)


def _with_year(df: pd.DataFrame, year: int) -> pd.DataFrame:
    df = df.copy()
    df.insert(0, "year", year)
    return df


def _suppress(df: pd.DataFrame, q: Query, value_cols: list[str]) -> pd.DataFrame:
    from ui.suppress import suppress_small

    return suppress_small(df, min_households=q.min_cell, value_cols=value_cols)


def _districts() -> pd.DataFrame:
    from ui import data

    d = data.named("districts")[["district_code", "name", "zone"]]
    return d.rename(columns={"name": "district_name"})


def _villages() -> pd.DataFrame:
    from ui import data

    v = data.named("villages")
    return v[["village_code", "name", "district_code", "district_name", "zone"]].rename(
        columns={"name": "village_name"}
    )


_FGT_ESTIMATES = [
    f"{a}{s}" for a in ("p0", "p1", "p2") for s in ("", "_se", "_ci_low", "_ci_high")
] + ["gini", "poor"]


def _fgt(q: Query, by: str) -> pd.DataFrame:
    from analytics.poverty import fgt_by
    from ui import data

    if q.line_rp is None:
        return pd.DataFrame()
    return data.computed(fgt_by, line_rp=q.line_rp, year=q.year, by=by)


def _ind_regency(q: Query) -> pd.DataFrame:
    return _with_year(_fgt(q, "regency"), q.year)


def _ind_zone(q: Query) -> pd.DataFrame:
    df = _fgt(q, "zone").rename(columns={"group": "zone"})
    return _filter(_with_year(df, q.year), Query(q.year, q.zone, None, q.line_rp, q.min_cell))


def _ind_district(q: Query) -> pd.DataFrame:
    df = _fgt(q, "district").rename(columns={"group": "district_code"})
    df = _districts().merge(df, on="district_code", how="right")
    return _filter(_with_year(_suppress(df, q, _FGT_ESTIMATES), q.year), q)


def _ind_village(q: Query) -> pd.DataFrame:
    df = _fgt(q, "village").rename(columns={"group": "village_code"})
    df = _villages().merge(df, on="village_code", how="right")
    return _filter(_with_year(_suppress(df, q, _FGT_ESTIMATES), q.year), q)


def _reach_district(q: Query) -> pd.DataFrame:
    from analytics.reach import reach_by
    from ui import data

    if q.line_rp is None:
        return pd.DataFrame()
    df = data.computed(reach_by, year=q.year, by="district", line_rp=q.line_rp)
    df = df.rename(columns={"group": "district_code"})
    df = df.merge(_districts(), on="district_code", how="left")
    first = ["programme_code", "district_code", "district_name", "zone"]
    df = df[first + [c for c in df.columns if c not in first]]
    # Small cells: every estimate of a district with few sample households, and the
    # inclusion error (reached but not poor / reached) where few sampled households
    # were reached.
    df = _suppress(df.merge(_district_sample(q), on="district_code", how="left"), q, _REACH)
    few = pd.to_numeric(df["households_reached"], errors="coerce") < q.min_cell
    df.loc[few, "inclusion_error"] = float("nan")
    df["suppressed"] = df["suppressed"] | few
    return _filter(_with_year(df, q.year), q)


_REACH = [
    "poor",
    "nonpoor",
    "unclassified",
    "reached",
    "poor_reached",
    "poor_not_reached",
    "nonpoor_reached",
    "coverage",
    "exclusion_error",
    "inclusion_error",
]
# Budget columns that come from the sample (weighted households), not the budget books.
_BUDGET_SAMPLE = [
    "beneficiary_households",
    "poor_households_reached",
    "cost_per_beneficiary_hh_rp",
    "cost_per_poor_hh_reached_rp",
    "amount_paid_rp",
    "amount_to_poor_rp",
    "share_to_poor",
    "poor_households",
    "poor_share",
    "allocation_to_need",
]


def _district_sample(q: Query) -> pd.DataFrame:
    """Sample households per district: the count small-cell suppression rests on."""
    df = _fgt(q, "district")
    return df[["group", "households"]].rename(columns={"group": "district_code"})


def _budget(q: Query, by: str) -> pd.DataFrame:
    from analytics.budget import budget_by
    from ui import data

    if q.line_rp is None:
        return pd.DataFrame()
    df = data.computed(budget_by, year=q.year, by=by, line_rp=q.line_rp)
    if by == "district":
        df = df.rename(columns={"group": "district_code"})
        df = _districts().merge(df, on="district_code", how="right")
        df = df.merge(_district_sample(q), on="district_code", how="left")
        return _filter(_with_year(_suppress(df, q, _BUDGET_SAMPLE), q.year), q)
    return _with_year(df.rename(columns={"group": "programme_code"}), q.year)


def mpi_shipped_structure(con, *, year: int, by: str) -> pd.DataFrame:
    """:func:`analytics.mpi.mpi_by` with the shipped structure (data/reference) and k = 1/3.

    A module-level function of hashable arguments, so ``data.computed`` caches it.
    """
    from analytics.mpi import mpi_by
    from config import REFERENCE_DIR

    structure = pd.read_csv(REFERENCE_DIR / "mpi_structure.csv")
    return mpi_by(con, year=year, structure=structure, by=by)


def _mpi_district(q: Query) -> pd.DataFrame:
    from ui import data

    df = data.computed(mpi_shipped_structure, year=q.year, by="district")
    df = df.rename(columns={"group": "district_code"})
    df = _districts().merge(df, on="district_code", how="right")
    est = [c for c in df.columns if c in ("h", "h_se", "a", "m0", "m0_se", "mpi_poor")]
    est += [c for c in df.columns if c.startswith(("uncensored_", "censored_", "contribution_"))]
    return _filter(_with_year(_suppress(df, q, est), q.year), q)


def _named(name: str) -> Callable[[Query], pd.DataFrame]:
    def build(q: Query) -> pd.DataFrame:
        from ui import data

        return data.named(name)

    return build


def _households(q: Query) -> pd.DataFrame:
    from ui import data

    return data.named("household_rows", q.year, q.zone, q.district)


TABLES: list[TableSpec] = [
    TableSpec(
        "indikator_kabupaten", "tbl_ind_regency", _ind_regency, ("households", "poverty_lines")
    ),
    TableSpec(
        "indikator_zona", "tbl_ind_zone", _ind_zone, ("households", "poverty_lines", "districts")
    ),
    TableSpec(
        "indikator_distrik",
        "tbl_ind_district",
        _ind_district,
        ("households", "poverty_lines", "districts"),
        note_key="note_district",
    ),
    TableSpec(
        "indikator_kampung",
        "tbl_ind_village",
        _ind_village,
        ("households", "poverty_lines", "villages"),
        note_key="note_village",
    ),
    TableSpec(
        "mpi_distrik",
        "tbl_mpi_district",
        _mpi_district,
        ("households", "districts"),
        note_key="note_district",
    ),
    TableSpec(
        "jangkauan_program_distrik",
        "tbl_reach_district",
        _reach_district,
        ("households", "beneficiaries", "programmes", "poverty_lines", "districts"),
    ),
    TableSpec(
        "anggaran_program",
        "tbl_budget_programme",
        lambda q: _budget(q, "programme"),
        ("budgets", "beneficiaries", "households", "poverty_lines"),
    ),
    TableSpec(
        "anggaran_distrik",
        "tbl_budget_district",
        lambda q: _budget(q, "district"),
        ("budgets", "beneficiaries", "households", "poverty_lines", "districts"),
    ),
    TableSpec(
        "seri_resmi",
        "tbl_official",
        _named("official_series"),
        ("official_series",),
        filtered=False,
    ),
    TableSpec(
        "garis_kemiskinan", "tbl_lines", _named("poverty_lines"), ("poverty_lines",), filtered=False
    ),
    TableSpec("target_rpkd", "tbl_targets", _named("targets"), ("targets",), filtered=False),
    TableSpec(
        "rumah_tangga",
        "tbl_households",
        _households,
        ("households", "districts"),
        household_level=True,
        note_key="note_households",
    ),
]


def column_docs(columns: list[str], lang: str) -> dict[str, tuple[str, str]]:
    """Description and unit of each column: page text first, then the store schema."""
    from ui.i18n import TEXT, text
    from ui.texts.data import UNITS_ID

    schema_cols: dict[str, schema.Column] = {}
    for table in schema.TABLES.values():
        for c in table.columns:
            schema_cols.setdefault(c.name, c)
    docs = {}
    for col in columns:
        base = col
        prefix = ""
        for p in ("uncensored_", "censored_", "contribution_"):
            if col.startswith(p):
                base, prefix = col[len(p) :], text(f"col_prefix_{p[:-1]}", lang) + ": "
        sc = schema_cols.get(base)
        if f"col_{col}" in TEXT:
            desc = text(f"col_{col}", lang)
        elif sc is not None:
            desc = prefix + sc.describe(lang)
        else:
            desc = ""
        unit = UNITS.get(col) or ("proportion" if prefix else (sc.unit if sc else ""))
        if lang == "id":
            unit = UNITS_ID.get(unit, unit)
        docs[col] = (desc, unit)
    return docs
