"""Values of the reference CSVs (statuses, units, notes) read in the interface's language on
Metodologi and Ringkasan (ui.labels); the store keeps them as delivered."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.app.conftest import make_app, texts


def _frame_with(at, column: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, column
    return found[0]


def _method_page(lang: str):
    at = make_app(lang=lang)
    at.run()
    at.switch_page("pages/metodologi.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "interpolated", "interpolation_note", "percent", "placeholder", "area", "disputed"),
    [
        (
            "id",
            "interpolasi, belum ada angka BPS",
            "interpolasi geometris antara garis kemiskinan 2018 dan 2023",
            "persen",
            "SEMENTARA: belum ada target RPKD 2025-2029 yang dipublikasikan",
            "Provinsi Papua (sebelum pemekaran 2022)",
            "2016: diragukan: 14,72",
        ),
        (
            "en",
            "interpolated, no BPS figure",
            "geometric interpolation between the published 2018 and 2023 lines",
            "percent",
            "PLACEHOLDER: no published RPKD 2025-2029 target found",
            "Provinsi Papua (before 2022 split)",
            "2016: disputed: 14.72",
        ),
    ],
)
def test_methodology_reference_tables(
    app_env, lang, interpolated, interpolation_note, percent, placeholder, area, disputed
):
    at = _method_page(lang)
    lines = _frame_with(at, "line_rp").set_index("year")
    assert lines.loc[2019, "status"] == interpolated
    assert lines.loc[2019, "source"].startswith(interpolation_note)
    assert (lines.loc[2019, "source"] == lines.loc[2020, "source"]) and len(lines) > 4
    assert any(f"**{interpolated}**" in s for s in texts(at))  # the note names the shown status
    targets = _frame_with(at, "target_value")
    assert percent in set(targets["unit"])
    assert targets["source"].str.startswith(placeholder).any()
    official = _frame_with(at, "Wilayah" if lang == "id" else "Area")
    assert area in set(official.iloc[:, 0])
    statuses = official.iloc[:, -1]
    assert statuses.str.startswith(disputed).sum() == 1


@pytest.mark.parametrize(
    ("lang", "reported", "disputed"),
    [("id", "dilaporkan", "diragukan: 14,72"), ("en", "reported", "disputed: 14.72")],
)
def test_summary_trend_hover_status(app_env, lang, reported, disputed):
    at = make_app(lang=lang)
    at.run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    custom = [c for tr in spec["data"] for c in (tr.get("customdata") or []) if isinstance(c, str)]
    assert reported in custom
    assert any(c.startswith(disputed) for c in custom)
