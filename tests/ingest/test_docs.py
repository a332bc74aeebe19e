"""docs/import-formats.md and the schema agree; every documented alias works."""

from __future__ import annotations

import re

import pytest

from ingest import formats_doc
from ingest.checks import known_headers, map_columns
from ingest.codes import reference_frames
from ingest.problems import KINDS
from ingest.sniff import norm_header
from store import schema

DOC = formats_doc.DOC.read_text()


def test_generated_block_is_up_to_date():
    assert formats_doc.current_block(DOC) == formats_doc.render(), (
        "run: python -m ingest.formats_doc --write"
    )


@pytest.mark.parametrize("table", schema.IMPORTABLE)
def test_every_column_and_alias_is_documented(table):
    for c in schema.TABLES[table].columns:
        if c.derived:
            continue
        assert f"`{c.name}`" in DOC, c.name
        for alias in c.aliases:
            assert f"`{alias}`" in DOC, (table, c.name, alias)


def test_every_problem_kind_and_import_option_is_documented():
    for kind in KINDS:
        assert f"`{kind}`" in DOC, kind
    from cli.main import build_parser

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    options = {
        opt
        for action in sub.choices["import"]._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt != "--help"
    }
    documented = set(re.findall(r"--[a-z]+", DOC.split("## Files")[0]))
    assert options <= documented, options - documented


@pytest.mark.parametrize("table", schema.IMPORTABLE)
def test_every_alias_maps_to_its_column_in_any_spelling(table):
    t = schema.TABLES[table]
    for c in t.columns:
        if c.derived:
            continue
        for alias in (c.name, *c.aliases):
            spellings = {alias, alias.upper(), alias.replace("_", " ").title(), f" {alias} (x) "}
            for s in spellings:
                mapping, unknown, _ = map_columns(t, [s])
                assert mapping == {c.name: s} and not unknown, (table, c.name, s)
            assert norm_header(alias) in known_headers(t)


def test_header_normalisation():
    assert norm_header("Jumlah ART") == "jumlah_art"
    assert norm_header("\ufeffJUMLAH-ART (orang)") == "jumlah_art"
    assert norm_header("Kode.Kecamatan [BPS]") == "kode_kecamatan"


def test_code_lists_are_the_stores(store):
    """Codes are checked against the shipped lists, which are what the store holds."""
    refs = reference_frames()
    with store.read() as con:
        d = con.execute("SELECT district_code, bps_code, name FROM districts ORDER BY 1").df()
        v = con.execute("SELECT village_code, district_code FROM villages ORDER BY 1").df()
    assert refs["ref_districts"].sort_values("district_code").values.tolist() == d.values.tolist()
    assert refs["ref_villages"].sort_values("village_code").values.tolist() == v.values.tolist()
