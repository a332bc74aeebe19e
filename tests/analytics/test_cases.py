"""FGT estimates and SEs against the R survey reference case (../shared/cases).

The reference values were computed with R 4.2 / survey 4.1
(``svydesign(ids=~psu, strata=~strata, weights=~v, nest=TRUE)``, ``svymean`` and
``svyby``) and the Gini with numpy; we match them to 1e-6 relative (in practice
about 1e-14).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from analytics.poverty import fgt_by

# tests/analytics/test_cases.py -> repository root -> its parent, where CI puts shared/.
SHARED = Path(__file__).resolve().parents[3] / "shared"
CASE = SHARED / "cases" / "survey_small"
DISTRICTS_CSV = SHARED / "reference" / "mimika_districts.csv"

REL = 1e-6
METRICS = ("p0", "p1", "p2", "p0_se", "p1_se", "p2_se", "gini", "population")
# expected.json level -> fgt_by(by=...)
LEVELS = {"all": "regency", "district": "district", "zone": "zone"}


def _expected() -> dict:
    if not (CASE / "expected.json").exists():
        if os.environ.get("CI"):
            pytest.fail(f"reference case missing: {CASE}")
        return {}
    return json.loads((CASE / "expected.json").read_text())


EXPECTED = _expected()


def _params() -> list:
    if not EXPECTED:
        return [pytest.param(None, None, None, marks=pytest.mark.skip(f"no {CASE}"), id="missing")]
    return [
        pytest.param(level, group, metric, id=f"{level}-{group}-{metric}")
        for level, groups in EXPECTED["expected"].items()
        for group in groups
        for metric in METRICS
    ]


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    # Codes must stay text: DuckDB's sniffer would read 94.04.01 as a date.
    con.execute(
        """
        CREATE TABLE households AS
        SELECT * EXCLUDE (consumption_pc), consumption_pc AS consumption_pc_rp
        FROM read_csv($path, types = {'hh_id': 'VARCHAR', 'district_code': 'VARCHAR',
                                      'strata': 'VARCHAR', 'psu': 'VARCHAR'})
        """,
        {"path": str(CASE / "households.csv")},
    )
    con.execute(
        "CREATE TABLE districts AS SELECT code AS district_code, zone "
        "FROM read_csv($path, all_varchar = true)",
        {"path": str(DISTRICTS_CSV)},
    )
    yield con
    con.close()


@pytest.fixture(scope="module")
def results(con):
    out = {}
    for level, by in LEVELS.items():
        df = fgt_by(con, line_rp=EXPECTED["poverty_line"], year=EXPECTED["year"], by=by)
        out[level] = df.set_index("group")
    return out


@pytest.mark.parametrize(("level", "group", "metric"), _params())
def test_matches_r_survey(results, level, group, metric):
    want = EXPECTED["expected"][level][group][metric]
    got = results[level].loc[group, metric]
    assert got == pytest.approx(want, rel=REL)


@pytest.mark.parametrize("level", list(LEVELS))
def test_same_groups_as_reference(results, level):
    if not EXPECTED:
        pytest.skip(f"no {CASE}")
    assert sorted(results[level].index) == sorted(EXPECTED["expected"][level])


def test_sample_size(results):
    if not EXPECTED:
        pytest.skip(f"no {CASE}")
    assert results["all"].loc["all", "households"] == EXPECTED["households"]
    assert results["district"]["households"].sum() == EXPECTED["households"]
