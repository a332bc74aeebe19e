"""What the Methodology page shows about sources: read from the files that hold them.

Pure functions (no streamlit): the boundary licence notices (data/geo), the demo
generator's own description (ingest/demo.py), the MPI structure (data/reference)
and a summary of the published series by source.
"""

from __future__ import annotations

import pandas as pd

from config import GEO_DIR, REFERENCE_DIR

LICENCE_FILE = GEO_DIR / "LICENSE-boundaries.txt"
MPI_STRUCTURE_FILE = REFERENCE_DIR / "mpi_structure.csv"


def boundary_licence() -> str:
    """The licence notices that must travel with the boundary and code data (MIT)."""
    return LICENCE_FILE.read_text(encoding="utf-8")


def demo_description() -> str:
    """The demo generator's docstring: what is synthetic and what is calibrated."""
    import ingest.demo

    return (ingest.demo.__doc__ or "").strip()


def mpi_structure(lang: str) -> pd.DataFrame:
    """MPI indicators: dimension (code), indicator (label), weight (as written, e.g. 1/18)
    and description, label and description in ``lang`` (English where a structure file
    has no Indonesian description)."""
    df = pd.read_csv(MPI_STRUCTURE_FILE, dtype=str)
    label = "label_en" if lang == "en" else "label_id"
    desc = "description_id" if lang == "id" and "description_id" in df else "description"
    out = df[["dimension", label, "weight", desc]]
    return out.rename(columns={label: "indicator", desc: "description"})


#: Logical column types (store.schema.DUCK_TYPES keys) in words, per language.
TYPE_WORDS = {
    "id": {
        "text": "teks",
        "int": "bilangan bulat",
        "float": "angka",
        "bool": "ya/tidak",
        "date": "tanggal",
        "timestamp": "tanggal dan jam",
    },
    "en": {
        "text": "text",
        "int": "whole number",
        "float": "number",
        "bool": "yes/no",
        "date": "date",
        "timestamp": "date and time",
    },
}

#: The tables the data dictionary of the Methodology page lists: what is imported or shipped.
DICTIONARY_KINDS = ("imported", "reference")


def dictionary_tables(lang: str) -> list[tuple[str, str]]:
    """(name, description in ``lang``) of the tables the Methodology page documents, in
    schema order."""
    from store import schema

    return [(n, t.describe(lang)) for n, t in schema.TABLES.items() if t.kind in DICTIONARY_KINDS]


def table_dictionary(name: str, lang: str) -> pd.DataFrame:
    """One table's columns from ``store.schema``: column, type, unit, required (bool),
    description, words in ``lang``. Derived columns (filled by the store) are included."""
    from store import schema
    from ui.texts.data import UNITS_ID

    words = TYPE_WORDS["en" if lang == "en" else "id"]
    rows = []
    for c in schema.TABLES[name].columns:
        unit = UNITS_ID.get(c.unit, c.unit) if lang == "id" else c.unit
        rows.append((c.name, words[c.type], unit, c.required, c.describe(lang)))
    return pd.DataFrame(rows, columns=["column", "type", "unit", "required", "description"])


def _years(values: pd.Series) -> str:
    ys = sorted({int(y) for y in values})
    return f"{ys[0]}-{ys[-1]}" if len(ys) > 2 else ", ".join(map(str, ys))


def official_sources(official: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per area and indicator: the years covered, the sources and any dispute.

    Area names, indicators, sources and statuses are shown in ``lang`` (``ui.labels``);
    the file keeps its codes and English notes.
    """
    from ui import labels

    if official.empty:
        return pd.DataFrame(columns=["area_name", "indicator", "years", "source", "status"])
    rows = []
    for (area, ind), g in official.groupby(["area_name", "indicator"], sort=False):
        disputed = g.loc[g["status"] != "reported", ["year", "status"]]
        status = "; ".join(
            f"{y}: {labels.official_status(s, lang)}" for y, s in disputed.itertuples(index=False)
        )
        rows.append(
            {
                "area_name": labels.note(area, lang),
                "indicator": labels.indicator(ind, lang),
                "years": _years(g["year"]),
                "source": "; ".join(
                    labels.note(s, lang) for s in sorted(set(g["source"].astype(str)))
                ),
                "status": status or labels.official_status("reported", lang),
            }
        )
    return pd.DataFrame(rows)
