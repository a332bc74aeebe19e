"""Texts that come from the schema, the MPI structure and the import show in the interface's
language: the data dictionary (page and XLSX), the Methodology tables, the import page."""

from __future__ import annotations

import io
import re

import pandas as pd

from config import REFERENCE_DIR
from store import schema
from ui import catalogue, export, import_page, sources
from ui.texts.data import UNITS_ID
from ui.texts.method import DEMO_DESCRIPTION_ID, formula


def test_the_data_dictionary_reads_indonesian_from_the_schema():
    cols = ["hh_size", "consumption_pc_rp", "weight", "uncensored_dep_water", "households"]
    docs = catalogue.column_docs(cols, "id")
    assert docs["hh_size"] == ("Jumlah anggota rumah tangga", "jiwa")
    assert docs["consumption_pc_rp"] == ("Pengeluaran per kapita per bulan", "Rp/kapita/bulan")
    assert docs["weight"][0] == "Bobot sampel rumah tangga (1 untuk data registri)"
    desc, unit = docs["uncensored_dep_water"]
    assert desc.endswith(schema.HOUSEHOLDS.column("dep_water").description_id)
    assert unit == "proporsi"
    assert docs["households"][1] == "rumah tangga sampel"
    en = catalogue.column_docs(cols, "en")
    assert en["hh_size"] == ("Household members", "persons")
    assert en["households"][1] == "sample households"


def test_the_xlsx_data_dictionary_is_in_the_interface_language():
    df = pd.DataFrame({"hh_size": [3], "consumption_pc_rp": [1_000_000.0]})
    for lang, head, desc in [
        ("id", "keterangan", "Jumlah anggota rumah tangga"),
        ("en", "description", "Household members"),
    ]:
        cols = list(df.columns)
        dictionary = export.dictionary_frame(cols, catalogue.column_docs(cols, lang), lang)
        book = export.to_xlsx_bytes(df, dictionary=dictionary)
        sheet = pd.read_excel(io.BytesIO(book), sheet_name=export.DICTIONARY_SHEET)
        assert sheet.loc[0, head] == desc


def test_every_unit_shown_in_a_data_dictionary_has_its_indonesian():
    units = set(catalogue.UNITS.values()) | {
        c.unit for t in schema.TABLES.values() for c in t.columns if c.unit
    }
    assert units <= set(UNITS_ID), units - set(UNITS_ID)


def test_mpi_structure_descriptions_follow_the_language():
    csv = pd.read_csv(REFERENCE_DIR / "mpi_structure.csv", dtype=str)
    assert csv["description_id"].notna().all() and (csv["description_id"].str.strip() != "").all()
    id_, en = sources.mpi_structure("id"), sources.mpi_structure("en")
    assert list(id_.columns) == ["dimension", "indicator", "weight", "description"]
    assert list(id_["description"]) == list(csv["description_id"])
    assert list(en["description"]) == list(csv["description"])
    assert list(id_["indicator"]) == list(csv["label_id"])
    assert not set(id_["description"]) & set(en["description"])


def test_the_methodology_dictionary_lists_imported_and_shipped_tables():
    tables = dict(sources.dictionary_tables("id"))
    assert {"households", "poverty_lines", "villages"} <= set(tables)
    assert "import_log" not in tables  # system tables are not documented there
    assert tables["households"] == schema.HOUSEHOLDS.description_id
    d = sources.table_dictionary("households", "id").set_index("column")
    assert d.loc["hh_size", "description"] == "Jumlah anggota rumah tangga"
    assert d.loc["hh_size", "type"] == "bilangan bulat" and d.loc["hh_size", "unit"] == "jiwa"
    assert bool(d.loc["hh_size", "required"]) and not bool(d.loc["psu", "required"])
    en = sources.table_dictionary("households", "en").set_index("column")
    assert en.loc["hh_size", "type"] == "whole number" and en.loc["hh_size", "unit"] == "persons"


def test_the_import_page_table_help_is_indonesian():
    assert import_page.importable("id")["households"] == schema.HOUSEHOLDS.description_id
    assert import_page.importable()["households"] == schema.HOUSEHOLDS.description


def test_the_problem_report_shown_and_downloaded_follows_the_language():
    report = import_page.report_frame(
        pd.DataFrame(
            {
                "file": ["a.csv", "a.csv"],
                "row": [6, 7],
                "column": ["jumlah_art", "nik"],
                "value": ["banyak", "<16 digits hidden>"],
                "expected": [
                    "a whole number (persons)",
                    "a 16-digit NIK (value not shown: personal data)",
                ],
                "kind": ["bad_type", "bad_type"],
            }
        )
    )
    shown = import_page.localised_report(report, "id")
    assert list(shown["expected"]) == [
        "bilangan bulat (jiwa)",
        "NIK 16 digit (nilai tidak ditampilkan: data pribadi)",
    ]
    assert list(shown["value"]) == ["banyak", "<16 digit disembunyikan>"]
    assert list(shown["kind"]) == ["bad_type", "bad_type"]  # codes stay stable
    assert import_page.localised_report(report, "en").equals(report)
    assert "bilangan bulat (jiwa)" in export.to_csv_bytes(shown).decode()


def test_the_theil_formula_has_indonesian_words():
    assert r"\text{dalam zona}" in formula("theil", "id")
    assert "within" not in formula("theil", "id") and "between" not in formula("theil", "id")
    assert r"\text{within}" in formula("theil", "en")
    assert formula("fgt", "id") == formula("fgt", "en")


def test_the_demo_description_translation_keeps_the_generators_facts():
    """The Indonesian text follows ingest/demo.py's docstring: its numbers and sources."""
    import ingest.demo

    doc = ingest.demo.__doc__
    numbers = set(re.findall(r"\d[\d,]*\d|\d", doc))
    for n in numbers:
        assert n.replace(",", ".") in DEMO_DESCRIPTION_ID, n
    for word in ("BPS", "Dukcapil", "P0", "ingest.load.import_delivery", "SINTETIS"):
        assert word in DEMO_DESCRIPTION_ID, word


def test_every_mpi_dimension_has_a_label():
    from ui.i18n import TEXT

    dims = set(pd.read_csv(REFERENCE_DIR / "mpi_structure.csv", dtype=str)["dimension"])
    assert {f"m_mpi_dim_{d}" for d in dims} <= set(TEXT)
