"""RAT persistence: append-only versions, current plan, history, and the checks."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pandas as pd
import pytest

from config import REFERENCE_DIR
from planning import rat
from planning.checks import REQUIRED, References, check_ceilings, check_rows

T0 = datetime(2026, 1, 5, 9, 0)
T1 = datetime(2026, 1, 6, 9, 0)


def action(**over) -> dict:
    row = {
        "activity": "Modal usaha mama-mama Papua",
        "programme_code": "UMKM-MAMA",
        "indicator": "Kelompok usaha dibantu",
        "target_value": 40,
        "target_unit": "kelompok",
        "location_code": "94.04.01",
        "budget_rp": 2_000_000_000.0,
        "funding_source": "Otsus",
        "opd": "Dinas Koperasi dan UKM",
        "target_group": "perempuan OAP",
        "strategy": "umk",
    }
    return {**row, **over}


def sha(store) -> str:
    return hashlib.sha256(store.path.read_bytes()).hexdigest()


def plan(store, year=2026) -> pd.DataFrame:
    with store.read() as con:
        return rat.current_plan(con, year)


def hist(store, year=2026) -> pd.DataFrame:
    with store.read() as con:
        return rat.history(con, year)


def test_first_save_creates_version_one_with_readable_ids(rat_store):
    rows = pd.DataFrame([action(), action(activity="RTLH", location_code="94.04.02")])
    res = rat.save_plan(rat_store, rows, plan_year=2026, user="sari", now=T0)
    assert res.created == ["RAT2026-0001", "RAT2026-0002"]
    cur = plan(rat_store)
    assert list(cur["action_id"]) == ["RAT2026-0001", "RAT2026-0002"]
    assert list(cur["version"]) == [1, 1]
    assert set(cur["saved_by"]) == {"sari"}
    assert cur.loc[1, "activity"] == "RTLH"


def test_edit_appends_a_version_and_keeps_the_old_one(rat_store):
    rat.save_plan(rat_store, pd.DataFrame([action(), action(activity="B")]), plan_year=2026,
                  user="sari", now=T0)  # fmt: skip
    cur = plan(rat_store)
    base = dict(zip(cur["action_id"], cur["version"], strict=True))
    edited = cur.copy()
    edited.loc[0, "budget_rp"] = 2_500_000_000.0
    res = rat.save_plan(rat_store, edited, plan_year=2026, user="budi", base_versions=base, now=T1)
    assert res.updated == ["RAT2026-0001"] and res.unchanged == 1 and not res.created
    cur = plan(rat_store)
    assert cur.set_index("action_id").loc["RAT2026-0001", "budget_rp"] == 2_500_000_000.0
    assert cur.set_index("action_id").loc["RAT2026-0001", "version"] == 2
    h = hist(rat_store)
    first = h[h["action_id"] == "RAT2026-0001"].sort_values("version")
    assert list(first["version"]) == [1, 2]
    assert list(first["budget_rp"]) == [2_000_000_000.0, 2_500_000_000.0]
    assert list(first["saved_by"]) == ["sari", "budi"]
    # The unchanged action kept its single version.
    assert len(h[h["action_id"] == "RAT2026-0002"]) == 1


def test_delete_appends_a_deleting_version(rat_store):
    rat.save_plan(rat_store, pd.DataFrame([action(), action(activity="B")]), plan_year=2026,
                  user="sari", now=T0)  # fmt: skip
    cur = plan(rat_store)
    res = rat.save_plan(
        rat_store, cur.iloc[1:], plan_year=2026, user="sari", deletions={"RAT2026-0001": 1}, now=T1
    )
    assert res.deleted == ["RAT2026-0001"]
    assert list(plan(rat_store)["action_id"]) == ["RAT2026-0002"]
    h = hist(rat_store)
    gone = h[h["action_id"] == "RAT2026-0001"].sort_values("version")
    assert list(gone["is_deleted"]) == [False, True]
    # A new action after a deletion does not reuse the deleted id.
    res = rat.save_plan(rat_store, pd.DataFrame([action()]), plan_year=2026, user="sari")
    assert res.created == ["RAT2026-0003"]


def test_plans_of_other_years_are_separate(rat_store):
    rat.save_plan(rat_store, pd.DataFrame([action()]), plan_year=2026, user="a")
    rat.save_plan(rat_store, pd.DataFrame([action()]), plan_year=2027, user="a")
    assert list(plan(rat_store, 2026)["action_id"]) == ["RAT2026-0001"]
    assert list(plan(rat_store, 2027)["action_id"]) == ["RAT2027-0001"]


def test_a_save_from_a_stale_version_is_refused_and_changes_nothing(rat_store):
    rat.save_plan(rat_store, pd.DataFrame([action()]), plan_year=2026, user="sari", now=T0)
    opened = plan(rat_store)
    base = {"RAT2026-0001": 1}
    mine, theirs = opened.copy(), opened.copy()
    theirs.loc[0, "target_value"] = 50
    rat.save_plan(rat_store, theirs, plan_year=2026, user="budi", base_versions=base, now=T1)
    before = sha(rat_store)
    mine.loc[0, "target_value"] = 45
    with pytest.raises(rat.PlanRefused) as exc:
        rat.save_plan(rat_store, mine, plan_year=2026, user="sari", base_versions=base)
    (p,) = exc.value.problems
    assert (p.kind, p.row, p.column) == ("stale_version", 1, "action_id")
    assert "budi" in p.message
    assert sha(rat_store) == before


@pytest.mark.parametrize(
    ("change", "kind", "column"),
    [
        pytest.param({"opd": "Dinas Sosal"}, "unknown_opd", "opd", id="opd"),
        pytest.param({"location_code": "94.04.99"}, "unknown_location", "location_code", id="loc"),
        pytest.param(
            {"location_code": "94.04.01.9999"}, "unknown_location", "location_code", id="village"
        ),
        pytest.param({"budget_rp": -1.0}, "negative", "budget_rp", id="negative"),
        pytest.param({"budget_rp": "banyak"}, "not_a_number", "budget_rp", id="nan"),
        pytest.param({"indicator": "  "}, "missing_value", "indicator", id="blank"),
        pytest.param({"target_unit": None}, "missing_value", "target_unit", id="none"),
        pytest.param({"funding_source": "APBDes"}, "unknown_source", "funding_source", id="src"),
    ],
)
def test_each_error_names_its_row_and_column_and_refuses_the_save(rat_store, change, kind, column):
    rows = pd.DataFrame([action(), action(activity="ok 2"), action(**change)], dtype=object)
    before = sha(rat_store)
    with pytest.raises(rat.PlanRefused) as exc:
        rat.save_plan(rat_store, rows, plan_year=2026, user="sari")
    errs = [p for p in exc.value.problems if p.severity == "error"]
    assert [(p.kind, p.row, p.column) for p in errs] == [(kind, 3, column)]
    assert f"row 3, column {column}" in str(exc.value)
    assert sha(rat_store) == before
    assert plan(rat_store).empty


def test_unknown_opd_suggests_the_close_name(rat_store):
    with pytest.raises(rat.PlanRefused) as exc:
        rat.save_plan(rat_store, pd.DataFrame([action(opd="Dinas Sosal")]), plan_year=2026,
                      user="x")  # fmt: skip
    assert "did you mean 'Dinas Sosial'" in exc.value.problems[0].message


def test_every_required_field_is_checked():
    refs = References(2026, frozenset({"Dinas Sosial"}), {"94.04.01": "Mimika Baru"}, {})
    empty = pd.DataFrame([{c: None for c in REQUIRED}])
    got = {p.column for p in check_rows(empty, refs) if p.kind == "missing_value"}
    assert set(REQUIRED) == {
        "activity", "indicator", "target_value", "target_unit",
        "location_code", "budget_rp", "funding_source", "opd",
    }  # fmt: skip
    # The strategy is required of a new row, though the store column stays nullable for
    # versions saved before it existed.
    assert got == set(REQUIRED) | {"strategy"}


def test_known_opds_come_from_programmes_budgets_and_the_shipped_list(rat_store):
    shipped = pd.read_csv(REFERENCE_DIR / "opd.csv")["opd"]
    with rat_store.read() as con:
        refs = rat.load_references(con, 2026)
        stored = {r[0] for r in con.execute("SELECT opd FROM programmes UNION SELECT opd FROM budgets").fetchall()}  # fmt: skip
    assert set(shipped) <= refs.opds
    assert stored <= refs.opds
    assert "Badan Perencanaan Pembangunan Daerah" in refs.opds
    # A village code, a district code and the regency are all valid locations.
    assert refs.is_location("94.04") and refs.is_location("94.04.01")
    assert refs.is_location(next(iter(refs.villages)))


def test_ceilings_are_loaded_at_init_from_the_shipped_file(rat_store):
    shipped = pd.read_csv(REFERENCE_DIR / "rat_ceilings.csv")
    assert shipped["source"].str.startswith("PLACEHOLDER").all()
    with rat_store.read() as con:
        refs = rat.load_references(con, 2026)
    assert refs.ceilings == dict(zip(shipped["funding_source"], shipped["ceiling_rp"], strict=True))


def test_over_the_ceiling_is_a_warning_with_the_amounts(rat_store):
    with rat_store.read() as con:
        otsus = rat.load_references(con, 2026).ceilings["Otsus"]
    rows = pd.DataFrame(
        [
            action(budget_rp=otsus - 1_000.0),
            action(budget_rp=3_000.0),
            action(funding_source="other"),
        ]
    )
    res = rat.save_plan(rat_store, rows, plan_year=2026, user="sari")
    assert len(res.created) == 3  # saved despite the warnings
    kinds = {(p.kind, p.value) for p in res.warnings}
    assert kinds == {("over_ceiling", "Otsus"), ("no_ceiling", "other")}
    over = next(p for p in res.warnings if p.kind == "over_ceiling")
    assert dict(over.params)["over"] == pytest.approx(2_000.0)
    assert over.column == "budget_rp"


def test_ceiling_check_counts_the_whole_plan_not_only_the_new_rows():
    refs = References(2026, frozenset(), {}, {}, ceilings={"APBD": 100.0})
    plan_rows = pd.DataFrame([{"funding_source": "APBD", "budget_rp": 60.0}] * 2)
    (p,) = check_ceilings(plan_rows, refs)
    assert dict(p.params)["total"] == 120.0 and dict(p.params)["over"] == 20.0
    assert check_ceilings(plan_rows.iloc[:1], refs) == []


def test_location_labels_name_the_place():
    refs = References(
        2026,
        frozenset(),
        {"94.04.01": "Mimika Baru"},
        {"94.04.01.1001": ("Kwamki", "kelurahan", "94.04.01")},
    )
    assert rat.location_label("94.04.01", refs) == "Distrik Mimika Baru"
    assert rat.location_label("94.04.01.1001", refs) == "Kelurahan Kwamki (Distrik Mimika Baru)"
    assert rat.location_label("94.04", refs) == "Seluruh Kabupaten Mimika"


def test_saving_an_unchanged_plan_leaves_the_store_file_alone(rat_store):
    rat.save_plan(rat_store, pd.DataFrame([action()]), plan_year=2026, user="sari", now=T0)
    cur = plan(rat_store)
    stat = rat_store.path.stat()
    res = rat.save_plan(
        rat_store, cur, plan_year=2026, user="budi", base_versions={"RAT2026-0001": 1}
    )
    assert res.versions_written == 0 and res.unchanged == 1
    after = rat_store.path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_draft_from_programmes_carries_last_years_figures(rat_store):
    with rat_store.read() as con:
        draft = rat.draft_from_programmes(con, 2026)
        refs = rat.load_references(con, 2026)
        alloc = dict(con.execute(
            "SELECT programme_code, sum(allocated_rp) FROM budgets WHERE year = 2025 GROUP BY 1"
        ).fetchall())  # fmt: skip
        listed = dict(con.execute(
            "SELECT programme_code, count(*) FROM beneficiaries WHERE year = 2025 GROUP BY 1"
        ).fetchall())  # fmt: skip
        n_prog = con.execute("SELECT count(*) FROM programmes").fetchone()[0]
    assert len(draft) == n_prog and draft["action_id"].isna().all()
    by_code = draft.set_index("programme_code")
    for code, rp in alloc.items():
        assert by_code.loc[code, "budget_rp"] == pytest.approx(rp)
        assert by_code.loc[code, "target_value"] == listed.get(code, 0)
    assert set(draft["location_code"]) == {"94.04"}
    # Social assistance first, as in the RAT matrix.
    groups = [refs.programmes[c] for c in draft["programme_code"]]
    assert groups == sorted(groups, key=["social_assistance", "empowerment", "other"].index)
    # A draft passes the checks as it stands: it can be saved at once.
    res = rat.save_plan(rat_store, draft, plan_year=2026, user="sari")
    assert len(res.created) == n_prog
