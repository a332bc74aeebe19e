"""RPKD strategy of RAT actions: the draft default, the checks, the XLSX grouping, the page
summary builder, the CLI, and stores built before the column existed."""

from __future__ import annotations

import io
import json
import math
from datetime import datetime

import duckdb
import openpyxl
import pandas as pd
import pytest

from cli.main import main
from planning import rat
from planning.checks import References, check_rows
from planning.export import rat_workbook
from planning.strategy import budget_by_strategy, default_strategy
from store.db import Store, upgrade_if_needed
from tests.planning.test_rat import action, plan, sha
from ui import charts_planning as cp

# ---------------------------------------------------------------- draft default


@pytest.mark.parametrize(
    ("group", "code", "name", "want"),
    [
        ("social_assistance", "PKH", "Program Keluarga Harapan", "beban"),
        ("empowerment", "UMKM-MAMA", "Modal Usaha Mama-Mama Papua", "umk"),
        ("empowerment", "NL-01", "Bantuan modal usaha nelayan", "umk"),
        ("empowerment", "KOP", "Penguatan koperasi kampung", "umk"),
        ("empowerment", "BIBIT-TANI", "Bantuan Bibit dan Alat Pertanian", "pendapatan"),
        ("empowerment", "BEASISWA-OAP", "Beasiswa Pendidikan Anak OAP", "pendapatan"),
        # 'ukm' inside a word is not a micro-enterprise programme.
        ("empowerment", "PUKMAS", "Pelatihan kader", "pendapatan"),
        ("other", "BLT-DD", "BLT Dana Desa", "sinergi"),
        (None, None, None, "sinergi"),
    ],
)
def test_default_strategy_follows_group_and_programme(group, code, name, want):
    assert default_strategy(group, code, name) == want


def test_draft_rows_start_with_the_default_of_their_programme(rat_store):
    with rat_store.read() as con:
        draft = rat.draft_from_programmes(con, 2026)
        groups = dict(con.execute("SELECT programme_code, programme_group FROM programmes").fetchall())  # fmt: skip
    got = dict(zip(draft["programme_code"], draft["strategy"], strict=True))
    assert got["UMKM-MAMA"] == "umk"
    for code, strategy in got.items():
        want = {"social_assistance": "beban", "other": "sinergi"}.get(groups[code], "pendapatan")
        assert strategy == ("umk" if code == "UMKM-MAMA" else want), code
    assert set(got.values()) == {"beban", "pendapatan", "umk", "sinergi"}


# ---------------------------------------------------------------- checks


def test_unknown_strategy_is_an_error_naming_row_and_column(rat_store):
    rows = pd.DataFrame([action(), action(strategy="bansos")])
    before = sha(rat_store)
    with pytest.raises(rat.PlanRefused) as exc:
        rat.save_plan(rat_store, rows, plan_year=2026, user="sari")
    (p,) = [p for p in exc.value.problems if p.severity == "error"]
    assert (p.kind, p.row, p.column, p.value) == ("unknown_strategy", 2, "strategy", "bansos")
    assert "row 2, column strategy" in str(exc.value)
    assert "beban, pendapatan, umk, sinergi" in p.message
    assert sha(rat_store) == before


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_a_new_action_without_strategy_is_an_error(rat_store, blank):
    rows = pd.DataFrame([action(strategy=blank), action()], dtype=object)
    with pytest.raises(rat.PlanRefused) as exc:
        rat.save_plan(rat_store, rows, plan_year=2026, user="sari")
    errs = [(p.kind, p.row, p.column) for p in exc.value.problems if p.severity == "error"]
    assert errs == [("missing_value", 1, "strategy")]
    assert plan(rat_store).empty


def test_strategy_codes_are_read_in_any_case(rat_store):
    rat.save_plan(rat_store, pd.DataFrame([action(strategy=" Pendapatan ")]), plan_year=2026,
                  user="sari")  # fmt: skip
    assert list(plan(rat_store)["strategy"]) == ["pendapatan"]


def test_the_blank_strategy_rule_depends_on_what_is_stored():
    refs = References(2026, frozenset({"Dinas Koperasi dan UKM"}), {"94.04.01": "Mimika Baru"}, {})
    rows = pd.DataFrame([action(action_id="RAT2026-0001", strategy=None),
                         action(action_id="RAT2026-0002", strategy=None)])  # fmt: skip
    current = {"RAT2026-0001": (1, "sari"), "RAT2026-0002": (1, "sari")}
    got = check_rows(rows, refs, current=current, unset_strategy={"RAT2026-0001"})
    got = [p for p in got if p.column == "strategy"]
    assert [(p.kind, p.severity, p.row, p.column) for p in got] == [
        ("strategy_not_set", "warning", 1, "strategy"),
        ("missing_value", "error", 2, "strategy"),
    ]


def _drop_strategy(store: Store, where: str | None = None) -> None:
    """Make versions 'saved before the column': drop it (all) or blank it (``where``)."""
    con = duckdb.connect(str(store.path))
    try:
        if where is None:
            con.execute("ALTER TABLE rat_actions DROP COLUMN strategy")
        else:
            con.execute(f"UPDATE rat_actions SET strategy = NULL WHERE {where}")
    finally:
        con.close()


def test_an_old_plan_saves_with_warnings_until_its_strategies_are_chosen(rat_store):
    rat.save_plan(rat_store, pd.DataFrame([action(), action(activity="B")]), plan_year=2026,
                  user="sari")  # fmt: skip
    _drop_strategy(rat_store)  # versions written by a build without the column
    old = plan(rat_store)  # read before any write: the column reads as empty
    assert old["strategy"].isna().all()
    base = dict(zip(old["action_id"], old["version"], strict=True))

    # Saved as it stands: nothing changed, two warnings (one per action), no error.
    res = rat.save_plan(rat_store, old, plan_year=2026, user="budi", base_versions=base)
    assert res.versions_written == 0 and res.unchanged == 2
    warned = [(p.kind, p.row, p.column) for p in res.warnings if p.kind == "strategy_not_set"]
    assert warned == [("strategy_not_set", 1, "strategy"), ("strategy_not_set", 2, "strategy")]

    # The planner chooses one: a new version with it, the other still warned about.
    cur = plan(rat_store)
    edited = cur.copy()
    edited.loc[0, "strategy"] = "umk"
    res = rat.save_plan(rat_store, edited, plan_year=2026, user="budi", base_versions=base)
    assert res.updated == ["RAT2026-0001"] and res.unchanged == 1
    assert [p.row for p in res.warnings if p.kind == "strategy_not_set"] == [2]
    cur = plan(rat_store).set_index("action_id")
    assert cur.loc["RAT2026-0001", "strategy"] == "umk"
    assert cur.loc["RAT2026-0001", "version"] == 2
    assert cur["strategy"].isna().sum() == 1

    # Once chosen, clearing it again is an error, not a warning.
    cleared = plan(rat_store)
    cleared.loc[0, "strategy"] = None
    versions = dict(zip(cleared["action_id"], cleared["version"], strict=True))
    with pytest.raises(rat.PlanRefused) as exc:
        rat.save_plan(rat_store, cleared, plan_year=2026, user="budi", base_versions=versions)
    errs = [(p.kind, p.row, p.column) for p in exc.value.problems if p.severity == "error"]
    assert errs == [("missing_value", 1, "strategy")]


def test_deleting_an_old_action_keeps_its_empty_strategy(rat_store):
    rat.save_plan(rat_store, pd.DataFrame([action(), action(activity="B")]), plan_year=2026,
                  user="sari")  # fmt: skip
    _drop_strategy(rat_store, "action_id = 'RAT2026-0001'")
    cur = plan(rat_store)
    res = rat.save_plan(rat_store, cur.iloc[1:], plan_year=2026, user="sari",
                        deletions={"RAT2026-0001": 1})  # fmt: skip
    assert res.deleted == ["RAT2026-0001"]
    with rat_store.read() as con:
        h = rat.history(con, 2026, "RAT2026-0001").sort_values("version")
    assert list(h["is_deleted"]) == [False, True]
    assert h["strategy"].isna().all()


# ---------------------------------------------------------------- export and summary

# (activity, programme code, strategy, budget Rp); the programme groups are the demo's.
PLAN = [
    ("PKH graduasi", "PKH", "beban", 100.0),
    ("Sembako daerah", "SEMBAKO", "beban", 200.0),
    ("BLT kampung", "BLT-DD", "beban", 50.0),
    ("Modal mama-mama", "UMKM-MAMA", "umk", 400.0),
    ("Bibit", "BIBIT-TANI", "pendapatan", 30.0),
    ("Sensus kampung", None, "sinergi", 7.0),
    ("PIP lama", "PIP", "sinergi", 9.0),  # its strategy is blanked: an old version
]
BUDGET = {a: rp for a, _, _, rp in PLAN}


def _save_mixed_plan(store: Store) -> None:
    rows = pd.DataFrame(
        [action(activity=a, programme_code=c, strategy=s, budget_rp=rp, funding_source="APBD")
         for a, c, s, rp in PLAN]
    )  # fmt: skip
    rat.save_plan(store, rows, plan_year=2026, user="sari")
    _drop_strategy(store, "activity = 'PIP lama'")


def test_xlsx_groups_by_strategy_then_programme_group_with_subtotals(rat_store):
    _save_mixed_plan(rat_store)
    with rat_store.read() as con:
        data = rat_workbook(con, 2026, generated_at=datetime(2026, 2, 1, 10, 0))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    body = [r for r in wb["RAT 2026"].iter_rows(min_row=6, values_only=True)]
    outline = [r[0] if not isinstance(r[0], int) else r[1] for r in body]
    assert outline == [
        "I", "A", "PKH graduasi", "Sembako daerah", "Jumlah I.A",
        "B", "BLT kampung", "Jumlah I.B", "Jumlah I",
        "II", "A", "Bibit", "Jumlah II.A", "Jumlah II",
        "III", "A", "Modal mama-mama", "Jumlah III.A", "Jumlah III",
        "IV", "A", "Sensus kampung", "Jumlah IV.A", "Jumlah IV",
        "V", "A", "PIP lama", "Jumlah V.A", "Jumlah V",
        "JUMLAH TOTAL",
    ]  # fmt: skip
    headers = {r[0]: r[1] for r in body if r[0] in ("I", "II", "III", "IV", "V")}
    assert headers["I"].startswith("Strategi Mengurangi Beban Pengeluaran")
    assert headers["II"].startswith("Strategi Meningkatkan Pendapatan")
    assert headers["III"].startswith("Strategi Mengembangkan dan Menjamin")
    assert headers["IV"].startswith("Strategi Mensinergikan")
    assert headers["V"].startswith("Strategi (belum diisi)")
    groups = [r[1] for r in body if r[0] in ("A", "B")]
    assert groups[:2] == [
        "Kelompok Program Bantuan Sosial dan Jaminan Sosial",
        "Kelompok Program Lainnya (termasuk Dana Desa)",
    ]
    sub = {r[0]: r[6] for r in body if isinstance(r[0], str) and r[0].startswith("Jumlah")}
    b = BUDGET
    assert sub == {
        "Jumlah I.A": b["PKH graduasi"] + b["Sembako daerah"],
        "Jumlah I.B": b["BLT kampung"],
        "Jumlah I": b["PKH graduasi"] + b["Sembako daerah"] + b["BLT kampung"],
        "Jumlah II.A": b["Bibit"], "Jumlah II": b["Bibit"],
        "Jumlah III.A": b["Modal mama-mama"], "Jumlah III": b["Modal mama-mama"],
        "Jumlah IV.A": b["Sensus kampung"], "Jumlah IV": b["Sensus kampung"],
        "Jumlah V.A": b["PIP lama"], "Jumlah V": b["PIP lama"],
    }  # fmt: skip
    assert body[-1][0] == "JUMLAH TOTAL" and body[-1][6] == sum(b.values())
    notes = {r[0]: r[1] for r in wb["Keterangan"].iter_rows(values_only=True)}
    assert "Saat ini 1 kegiatan" in notes["Strategi"]


def test_page_summary_has_a_subtotal_per_strategy(rat_store):
    _save_mixed_plan(rat_store)
    with rat_store.read() as con:
        summary = budget_by_strategy(plan(rat_store), rat.load_references(con, 2026))
    total = sum(BUDGET.values())
    first = summary.iloc[0]
    assert (first["strategy"], first["programme_group"], first["actions"]) == (
        "beban", "social_assistance", 2,
    )  # fmt: skip
    assert first["share"] == pytest.approx(300.0 / total)
    assert summary["budget_rp"].sum() == pytest.approx(total)
    shown = cp.strategy_display(summary, "id")
    # Expenditure burden spans two groups (rows, then its subtotal); the others one each.
    assert list(shown["level"]) == ["group", "group", *["subtotal"] * 5, "total"]
    assert list(shown["programme_group"])[:3] == [
        "Bantuan sosial dan jaminan sosial", "Lainnya (termasuk Dana Desa)", "Jumlah strategi",
    ]  # fmt: skip
    assert list(shown["budget_rp"])[:2] == ["Rp 300", "Rp 50"]
    subtotals = shown[shown["level"] == "subtotal"]
    assert list(subtotals["strategy"]) == [
        "Mengurangi beban pengeluaran masyarakat miskin",
        "Meningkatkan pendapatan masyarakat miskin",
        "Mengembangkan dan menjamin keberlanjutan usaha mikro dan kecil",
        "Mensinergikan kebijakan dan program penanggulangan kemiskinan",
        "(belum diisi)",
    ]
    assert list(subtotals["budget_rp"])[0] == "Rp 350"
    assert list(subtotals["actions"])[0] == "3"
    assert shown.iloc[-1]["level"] == "total" and shown.iloc[-1]["share"] == "100,0"
    en = cp.strategy_display(summary, "en")
    assert en[en["level"] == "subtotal"]["strategy"].iloc[-1] == "(not set)"
    assert en.iloc[0]["programme_group"] == "Social assistance and security"


def test_strategy_labels_for_blank_and_unknown_codes():
    assert cp.strategy_label(None, "id") == "(belum diisi)"
    assert cp.strategy_label(math.nan, "en") == "(not set)"
    assert cp.strategy_label("", "en") == "(not set)"
    assert cp.strategy_label("umk", "en", short=True) == "3 Micro & small enterprises"


# ---------------------------------------------------------------- CLI


def test_cli_lists_exports_and_imports_the_strategy(rat_store, tmp_path, capsys):
    _save_mixed_plan(rat_store)
    db = str(rat_store.path)
    capsys.readouterr()
    assert main(["rat", "list", "--db", db, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["activity"]: r["strategy"] for r in rows}["Modal mama-mama"] == "umk"
    assert {r["activity"]: r["strategy"] for r in rows}["PIP lama"] is None

    assert main(["rat", "list", "--db", db, "--by-strategy", "--format", "json"]) == 0
    by = json.loads(capsys.readouterr().out)
    assert [(r["strategy"], r["programme_group"], r["actions"], r["budget_rp"]) for r in by][
        :2
    ] == [
        ("beban", "social_assistance", 2, 300.0),
        ("beban", "other", 1, 50.0),
    ]
    assert by[-1]["strategy"] is None and by[-1]["budget_rp"] == 9.0

    out = tmp_path / "rat.xlsx"
    assert main(["rat", "export", "--db", db, "--out", str(out)]) == 0
    std = capsys.readouterr()
    assert "beban: 3 action(s), 350 Rp" in std.out
    assert "not set: 1 action(s), 9 Rp" in std.out
    assert "1 action(s) saved before strategies were recorded" in std.err

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "activity;indicator;target_value;target_unit;location_code;budget_rp;funding_source;"
        "opd;strategi\nA;B;1;unit;94.04.01;100;APBD;Dinas Sosial;bansos\n",
        encoding="utf-8",
    )
    assert main(["rat", "import", "--db", db, str(bad)]) == 1
    assert "row 1, column strategy: unknown strategy 'bansos'" in capsys.readouterr().err


# ---------------------------------------------------------------- older stores


def _columns(path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'rat_actions'"
        ).fetchall())  # fmt: skip
    finally:
        con.close()


def _old_store(path, version: str) -> Store:
    """A store whose rat_actions has no strategy column and one saved action."""
    store = Store(path)
    with store.write():
        pass
    con = duckdb.connect(str(path))
    try:
        con.execute("ALTER TABLE rat_actions DROP COLUMN strategy")
        con.execute(
            "INSERT INTO rat_actions (action_id, version, plan_year, activity, indicator, "
            "target_value, target_unit, location_code, budget_rp, funding_source, opd, "
            "is_deleted, saved_at, saved_by) VALUES ('RAT2026-0001', 1, 2026, 'Lama', 'I', 1, "
            "'unit', '94.04', 5, 'APBD', 'Dinas Sosial', false, TIMESTAMP '2025-12-01', 'sari')"
        )
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [version])
    finally:
        con.close()
    assert "strategy" not in _columns(path)
    return store


def test_an_older_store_gains_the_strategy_column_on_upgrade(tmp_path):
    store = _old_store(tmp_path / "old.duckdb", "2")
    with store.read() as con:  # readable before the upgrade: the strategy reads as empty
        before = rat.current_plan(con, 2026)
        assert rat.unset_strategy(con) == {"RAT2026-0001"}
    assert list(before["activity"]) == ["Lama"] and before["strategy"].isna().all()
    assert upgrade_if_needed(store) is True
    assert _columns(store.path)["strategy"] == "VARCHAR"
    with store.read() as con:
        after = rat.current_plan(con, 2026)
        assert rat.unset_strategy(con) == {"RAT2026-0001"}
    assert after["strategy"].isna().all() and list(after["activity"]) == ["Lama"]


def test_a_store_at_the_current_version_gains_the_column_on_its_next_write(tmp_path):
    from store.schema import SCHEMA_VERSION

    store = _old_store(tmp_path / "v.duckdb", SCHEMA_VERSION)
    res = rat.save_plan(store, pd.DataFrame([action(opd="Dinas Sosial", location_code="94.04")]), plan_year=2026,
                        user="budi")  # fmt: skip
    assert res.created == ["RAT2026-0002"]
    assert _columns(store.path)["strategy"] == "VARCHAR"
    with store.read() as con:
        cur = rat.current_plan(con, 2026).set_index("action_id")
    assert cur.loc["RAT2026-0002", "strategy"] == "umk"
    assert cur.loc["RAT2026-0001", "strategy"] is None or pd.isna(
        cur.loc["RAT2026-0001", "strategy"]
    )
