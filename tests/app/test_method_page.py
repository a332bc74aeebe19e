"""The Methodology page in Indonesian: MPI table, tables' headers and the data dictionary."""

from __future__ import annotations

import pandas as pd

from config import REFERENCE_DIR
from store import schema
from tests.app.conftest import make_app


def open_method(lang: str):
    at = make_app(lang=lang)
    at.run()
    at.switch_page("pages/metodologi.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_the_page_reads_indonesian(app_env):
    at = open_method("id")
    csv = pd.read_csv(REFERENCE_DIR / "mpi_structure.csv", dtype=str)
    frames = [d.value for d in at.dataframe]
    mpi = next(f for f in frames if "Keterangan" in f.columns and "Bobot" in f.columns)
    assert list(mpi.columns) == ["Dimensi", "Indikator", "Bobot", "Keterangan"]
    assert list(mpi["Keterangan"]) == list(csv["description_id"])
    assert set(mpi["Dimensi"]) == {"Pendidikan", "Kesehatan", "Standar hidup"}
    # The data dictionary tab: one expander per documented table, described in Indonesian.
    assert "Kamus data" in [t.label for t in at.tabs]
    labels = [e.label for e in at.expander]
    assert f"`households` — {schema.HOUSEHOLDS.description_id}" in labels
    hh = next(f for f in frames if "Kolom" in f.columns and "hh_size" in set(f["Kolom"]))
    assert "Jumlah anggota rumah tangga" in set(hh["Keterangan"])
    shown = " ".join(str(m.value) for m in [*at.markdown, *at.latex])
    assert "dalam zona" in shown and r"\text{within}" not in shown
    assert "SINTETIS" in shown and "No real household" not in shown


def test_the_page_reads_english(app_env):
    at = open_method("en")
    frames = [d.value for d in at.dataframe]
    mpi = next(f for f in frames if "Weight" in f.columns)
    assert set(mpi["Dimension"]) == {"Education", "Health", "Living standards"}
    labels = [e.label for e in at.expander]
    assert f"`households` — {schema.HOUSEHOLDS.description}" in labels
