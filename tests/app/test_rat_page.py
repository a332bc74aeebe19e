"""The RAT page headless (AppTest): the strategy column, its summary, and saving it.

Rendering is checked through the frame (app.py). The saves run the page script on its
own with the frame's session state seeded (``page_app``): through the frame, AppTest
runs the page once outside it first (ui/state.py ``current``), and that run's
``st.rerun`` uses up a button click before the framed run sees it.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from planning import rat
from store.db import Store
from tests.app.conftest import REPO, TIMEOUT_S, app_env, make_app  # noqa: F401  (fixture)
from ui import auth
from ui import charts_planning as cp
from ui.i18n import text
from ui.state import Filters


@pytest.fixture()
def rat_env(app_env, small_store_path, monkeypatch):  # noqa: F811
    """The app on a private copy of the small store (the page writes to it)."""
    path = app_env / "rat.duckdb"
    shutil.copyfile(small_store_path, path)
    monkeypatch.setenv("RPKD_DB", str(path))
    return path


def framed_app(env, lang: str) -> AppTest:
    """The RAT page through the frame, signed in as a planner."""
    at = make_app("planner", env.parent / "accounts.toml", lang=lang)
    at.run()
    at.switch_page("pages/rat.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def page_app(env, lang: str) -> AppTest:
    """pages/rat.py alone, signed in as a planner, with what the frame puts in the session."""
    auth.save_account(env.parent / "accounts.toml", "u-planner", "planner", "a-long-pw-123")
    at = AppTest.from_file(str(REPO / "pages/rat.py"), default_timeout=TIMEOUT_S)
    at.session_state[auth.SESSION_KEY] = {"user": "u-planner", "via": "password"}
    at.session_state["_framed"] = True
    at.session_state["_filters"] = Filters(lang, None, None, None)
    at.session_state["lang"] = lang
    at.session_state["role"] = "planner"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def stored(path) -> pd.DataFrame:
    with Store(path).read() as con:
        return rat.current_plan(con, 2026)


def summary_table(at: AppTest, lang: str) -> pd.DataFrame:
    """The per-strategy summary (the dataframe headed by the strategy)."""
    head = text("pl_col_strategy", lang)
    (df,) = [d.value for d in at.dataframe if head in d.value.columns]
    return df


def edit(at: AppTest, rows: dict[int, dict]) -> None:
    """Cell edits in the RAT editor, as the grid sends them."""
    (editor,) = at.data_editor
    at.session_state[editor.key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, [e.message for e in at.exception]


def save(at: AppTest) -> None:
    at.button(key="rat_save").click().run()
    assert not at.exception, [e.message for e in at.exception]


def test_draft_strategy_is_summarised_and_a_changed_one_is_saved(rat_env):
    at = page_app(rat_env, "id")
    at.button(key="rat_draft").click().run()
    (editor,) = at.data_editor
    rows = editor.value
    umkm = int(rows.index[rows["programme_code"] == "UMKM-MAMA"][0])
    assert rows.loc[umkm, "strategy"] == "umk"  # the draft's default
    shown = summary_table(at, "id").set_index(text("pl_col_strategy", "id"))
    actions = shown[text("pl_col_actions", "id")]
    # One row per strategy of the draft (each spans one programme group), then the total.
    for code in ("beban", "pendapatan", "umk", "sinergi"):
        assert actions[text(f"pl_strategy_{code}", "id")] == str((rows["strategy"] == code).sum())
    assert actions[text("pl_rat_strategy_total", "id")] == str(len(rows))

    save(at)  # the draft as it stands: every row carries a strategy
    first = stored(rat_env)
    assert len(first) == len(rows) and first["strategy"].notna().all()
    assert set(first["saved_by"]) == {"u-planner"}

    # The planner sets another strategy on the UMKM-MAMA row and saves: a second version.
    (editor,) = at.data_editor
    row = int(editor.value.index[editor.value["programme_code"] == "UMKM-MAMA"][0])
    edit(at, {row: {"strategy": "pendapatan"}})
    save(at)
    after = stored(rat_env).set_index("programme_code")
    assert after.loc["UMKM-MAMA", "strategy"] == "pendapatan"
    assert after.loc["UMKM-MAMA", "version"] == 2
    assert (after.drop(index="UMKM-MAMA")["version"] == 1).all()
    done = text("pl_rat_saved", "id", created=0, updated=1, deleted=0, unchanged=len(first) - 1)
    assert done in [s.value for s in at.success]


def test_clearing_a_strategy_is_refused_naming_row_and_column(rat_env):
    store = Store(rat_env)
    with store.read() as con:
        rat.save_plan(store, rat.draft_from_programmes(con, 2026).head(2), plan_year=2026,
                      user="sari")  # fmt: skip
    at = page_app(rat_env, "en")
    edit(at, {1: {"strategy": None}})
    save(at)
    (err,) = at.error
    assert "Row 2, Strategy: a value is required" in err.value
    assert stored(rat_env)["version"].tolist() == [1, 1]


def test_old_actions_show_not_set_and_save_with_a_warning(rat_env):
    store = Store(rat_env)
    with store.read() as con:
        draft = rat.draft_from_programmes(con, 2026).head(3)
    rat.save_plan(store, draft, plan_year=2026, user="sari")
    with store.write() as con:  # as a version saved before strategies were recorded
        con.execute("UPDATE rat_actions SET strategy = NULL WHERE action_id = 'RAT2026-0002'")

    at = framed_app(rat_env, "en")
    assert text("pl_rat_strategy_unset_note", "en", n=1) in [w.value for w in at.warning]
    (editor,) = at.data_editor
    assert list(editor.value["strategy"])[1] == cp.STRATEGY_UNSET  # shown as "(not set)"
    assert cp.strategy_label(cp.STRATEGY_UNSET, "en", short=True) == "(not set)"
    assert "(not set)" in set(summary_table(at, "en")[text("pl_col_strategy", "en")])

    # Another row's target changes: the save goes through; the old row is a warning.
    at = page_app(rat_env, "en")
    edit(at, {0: {"target_value": 7.0}})
    save(at)
    assert not at.error, [e.value for e in at.error]
    assert "Row 2, Strategy: no strategy yet" in " ".join(w.value for w in at.warning)
    plan = stored(rat_env).set_index("action_id")
    assert plan.loc["RAT2026-0001", "target_value"] == 7.0
    assert plan.loc["RAT2026-0001", "version"] == 2
    assert pd.isna(plan.loc["RAT2026-0002", "strategy"])
