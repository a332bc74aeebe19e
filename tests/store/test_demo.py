"""The embedded default: calibrated to the published figures, built by the checked import."""

import duckdb
import pandas as pd
import pytest

from config import REFERENCE_DIR
from tests.conftest import SMALL_YEARS

P0_SQL = """
SELECT h.year,
       sum(weight * hh_size * (consumption_pc_rp < l.line_rp)::DOUBLE) / sum(weight * hh_size) AS p0,
       sum(weight * hh_size) AS population
FROM households h JOIN poverty_lines l USING (year) GROUP BY 1 ORDER BY 1
"""


def published(indicator: str) -> pd.Series:
    s = pd.read_csv(REFERENCE_DIR / "official_series.csv", dtype={"area_code": str})
    s = s[(s.area_code == "94.04") & (s.indicator == indicator)]
    return s.set_index("year")["value"]


@pytest.fixture(scope="module")
def con(small_store_path):
    c = duckdb.connect(str(small_store_path), read_only=True)
    yield c
    c.close()


def test_regency_p0_matches_published_within_half_a_point(con):
    got = con.execute(P0_SQL).df().set_index("year")
    pub = published("p0")
    for year in SMALL_YEARS:
        assert abs(100 * got.loc[year, "p0"] - pub.loc[year]) < 0.5, year


def test_zones_are_ordered_highland_coastal_lowland(con):
    df = (
        con.execute(
            """SELECT d.zone, sum(weight*hh_size*(consumption_pc_rp < l.line_rp)::DOUBLE)/sum(weight*hh_size) AS p0
           FROM households h JOIN districts d USING (district_code) JOIN poverty_lines l USING (year)
           WHERE year = 2025 GROUP BY 1"""
        )
        .df()
        .set_index("zone")["p0"]
    )
    assert df["highland"] > df["coastal"] + 0.05
    assert df["coastal"] > df["lowland"] + 0.05


def test_district_populations_are_proportional_to_the_reference(con):
    ref = pd.read_csv(REFERENCE_DIR / "mimika_districts.csv", dtype={"code": str}).set_index("code")
    ref_pop = ref.population_2025.fillna(ref.population_2020)
    got = (
        con.execute(
            "SELECT district_code, sum(weight*hh_size) AS pop FROM households WHERE year = 2025 GROUP BY 1"
        )
        .df()
        .set_index("district_code")["pop"]
    )
    share_ref = ref_pop / ref_pop.sum()
    share_got = got / got.sum()
    for code in ref.index:
        if pd.isna(ref.population_2025[code]):
            # No 2025 figure: the 2020 census count grown by the median district growth.
            assert share_ref[code] <= share_got[code] <= 1.5 * share_ref[code], code
        else:
            assert share_got[code] == pytest.approx(share_ref[code], rel=0.05), code


def test_every_demo_table_is_marked_as_demo(con):
    kinds = dict(
        con.execute(
            "SELECT table_name, min(source_kind) FROM provenance WHERE table_name IN "
            "('households','beneficiaries','budgets','programmes') GROUP BY 1"
        ).fetchall()
    )
    assert kinds == {t: "demo" for t in ("households", "beneficiaries", "budgets", "programmes")}


def test_programmes_span_agencies_sources_and_groups(con):
    df = con.execute("SELECT * FROM programmes").df()
    assert df.opd.nunique() >= 6
    assert {"APBN", "APBD", "Otsus", "Dana Desa", "CSR"} <= set(df.funding_source)
    assert set(df.programme_group) == {"social_assistance", "empowerment", "other"}
    assert {"PKH", "SEMBAKO", "PBI-JKN", "PIP", "BLT-DD"} <= set(df.programme_code)


def test_targeting_has_realistic_errors(con):
    # Some poor households missed and some non-poor reached by PKH.
    missed, leaked = con.execute(
        """SELECT count_if(b.hh_id IS NULL AND h.consumption_pc_rp < l.line_rp),
                  count_if(b.hh_id IS NOT NULL AND h.consumption_pc_rp >= l.line_rp)
           FROM households h JOIN poverty_lines l USING (year)
           LEFT JOIN beneficiaries b ON b.year = h.year AND b.hh_id = h.hh_id AND b.programme_code = 'PKH'
           WHERE h.year = 2025"""
    ).fetchone()
    assert missed > 0 and leaked > 0


def test_demo_is_deterministic_for_a_seed(tmp_path):
    from ingest.demo import build_demo

    sums = []
    for i in range(2):
        p = tmp_path / f"d{i}.duckdb"
        build_demo(p, households=500, seed=11, years=(2025,))
        c = duckdb.connect(str(p), read_only=True)
        sums.append(c.execute("SELECT sum(consumption_pc_rp), count(*) FROM households").fetchone())
        c.close()
    assert sums[0] == sums[1]
