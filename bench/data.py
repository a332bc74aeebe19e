"""Synthetic N-household stores for benchmarks, generated inside DuckDB.

SYNTHETIC, like the demo (``ingest.demo``), but built for size rather than
calibration: 10,000,000 households are generated in chunks of
``CHUNK_HOUSEHOLDS`` by ``INSERT ... SELECT ... FROM range(a, b)``, so memory
stays bounded and nothing passes through Python row by row.

What is the same as the real store: the schema (the store is created by
``ingest.reference.init_store``: every declared table, the shipped districts,
villages, poverty lines and targets), the programmes (imported through the
checked import), the Mimika districts and villages, the design (strata =
district x kelurahan/kampung, PSUs of ``PSU_HOUSEHOLDS`` households per
village, as in the demo), zone contrasts (highland poorer than coastal, coastal
poorer than lowland) and a regency P0 near the published one.

What is NOT the same: households, beneficiaries and budgets are inserted with
plain SQL inside one ``Store.write()`` transaction, bypassing the per-row
checks of ``ingest.load.import_delivery``. That is the point of the fast path
(the checks are what the benchmark times separately, on a CSV: see
:func:`write_households_csv` and ``bench.runner``). The generated values are
valid by construction (codes from the reference tables, ranges respected).

Random draws are a hash of (household index, draw number, seed), not
``random()``: results do not depend on thread scheduling, so a store of a
given N and seed is the same on every run.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ingest import demo
from ingest.load import import_delivery
from ingest.reference import init_store
from store import schema
from store.db import Store

CHUNK_HOUSEHOLDS = 1_000_000
PSU_HOUSEHOLDS = 40
DEFAULT_YEAR = 2025
# Zone: (mean household size - 1, sigma of log consumption, OAP share, deprivation shift).
ZONE_PARAMS = {
    "lowland": (2.6, 0.50, 0.38, -0.6),
    "coastal": (3.2, 0.42, 0.86, 0.4),
    "highland": (3.6, 0.40, 0.95, 0.9),
}
DEP_BASE = {
    "dep_school_years": -1.6,
    "dep_school_attendance": -1.9,
    "dep_nutrition": -1.5,
    "dep_child_mortality": -2.6,
    "dep_cooking_fuel": -0.6,
    "dep_sanitation": -0.9,
    "dep_water": -1.1,
    "dep_electricity": -1.2,
    "dep_housing": -1.0,
    "dep_assets": -1.4,
}
# Reach probability by welfare decile (1..10), as in ingest.demo.
REACH_BY_DECILE = {
    "PKH": [0.55, 0.45, 0.18, 0.10, 0.04, 0.02, 0.01, 0.01, 0.0, 0.0],
    "SEMBAKO": [0.62, 0.58, 0.40, 0.30, 0.10, 0.05, 0.02, 0.01, 0.01, 0.0],
    "PBI-JKN": [0.80, 0.78, 0.70, 0.62, 0.45, 0.25, 0.12, 0.06, 0.03, 0.02],
    "PIP": [0.35, 0.33, 0.25, 0.20, 0.06, 0.03, 0.01, 0.0, 0.0, 0.0],
    "BLT-DD": [0.50, 0.42, 0.30, 0.08, 0.04, 0.02, 0.01, 0.0, 0.0, 0.0],
    "BANSOS-DAERAH": [0.15, 0.12, 0.10, 0.05, 0.04, 0.03, 0.02, 0.02, 0.01, 0.01],
    "KARTU-SEHAT": [0.45, 0.40, 0.35, 0.30, 0.25, 0.15, 0.10, 0.08, 0.05, 0.04],
    "BEASISWA-OAP": [0.10, 0.10, 0.09, 0.09, 0.08, 0.07, 0.06, 0.05, 0.05, 0.04],
    "BIBIT-TANI": [0.14, 0.13, 0.12, 0.12, 0.11, 0.10, 0.07, 0.06, 0.04, 0.02],
    "RTLH": [0.09, 0.08, 0.07, 0.06, 0.04, 0.02, 0.01, 0.01, 0.0, 0.0],
    "UMKM-MAMA": [0.10] * 10,
    "YPMAK-SEHAT": [0.35] * 10,
}
# Extra condition per programme (SQL on the household row), as in ingest.demo.
REACH_CONDITION = {
    "PIP": "hh_size >= 3",
    "BLT-DD": "village_type = 'kampung'",
    "KARTU-SEHAT": "oap",
    "BEASISWA-OAP": "oap AND hh_size >= 3",
    "BIBIT-TANI": "village_type = 'kampung' AND zone <> 'coastal'",
    "RTLH": "dep_housing",
    "UMKM-MAMA": "oap AND head_female",
    "YPMAK-SEHAT": "village_type = 'kampung' AND zone <> 'lowland'",
}


def _u(k: int, seed_sql: str = "$seed") -> str:
    """SQL uniform draw in [0, 1) number ``k`` for household ``i``."""
    return f"((hash(i, {int(k)}, {seed_sql}) >> 11)::DOUBLE / 9007199254740992.0)"


def _normal(k: int) -> str:
    """SQL standard normal draw (Box-Muller over draws k and k+1)."""
    return f"(sqrt(-2 * ln(1 - {_u(k)})) * cos(2 * pi() * {_u(k + 1)}))"


def village_plan(n: int, seed: int = 2025) -> pd.DataFrame:
    """Households per village for a store of ``n``: index ranges [lo, hi) and design facts.

    District shares follow the reference populations (as the demo); within a
    district kelurahan draw five times the households of a kampung. Weights
    scale each district's persons to its share of the published population
    basis, so weighted totals look like Mimika whatever ``n``.
    """
    d = demo._districts()
    v = demo._villages()
    rng = np.random.default_rng(seed)
    v = v.merge(d[["district_code", "zone", "population"]], on="district_code", validate="m:1")
    pull = np.where(v.village_type == "kelurahan", 5.0, 1.0) * rng.gamma(2.0, 0.5, len(v))
    v["share"] = (
        v.population
        / d.population.sum()
        * pull
        / v.groupby("district_code")["district_code"].transform(lambda s: pull[s.index].sum())
    )
    exact = v.share / v.share.sum() * n
    count = np.floor(exact).astype(int)
    count[np.argsort(-(exact - count).to_numpy())[: n - count.sum()]] += 1
    v["households"] = count
    v = v.sort_values(["district_code", "village_code"]).reset_index(drop=True)
    v["hi"] = v.households.cumsum()
    v["lo"] = v.hi - v.households
    v["effect"] = rng.normal(0, 0.18, len(v))
    # Persons the district should weigh (published basis), over its expected persons.
    basis = (demo.published_population(DEFAULT_YEAR) or d.population.sum()) * (
        d.population / d.population.sum()
    )
    basis = dict(zip(d.district_code, basis, strict=True))
    size = v.zone.map({z: 1 + p[0] for z, p in ZONE_PARAMS.items()})
    dist_persons = (v.households * size).groupby(v.district_code).transform("sum")
    v["weight"] = (v.district_code.map(basis) / dist_persons.where(dist_persons > 0)).fillna(1.0)
    return v[
        ["village_code", "district_code", "village_type", "zone", "lo", "hi", "effect", "weight"]
    ]


def _zone_mu(year: int) -> dict[str, float]:
    """Mean log(y/z) per zone so that zone P0 keeps demo.ZONE_RELATIVE_P0 near the published P0."""
    from statistics import NormalDist

    target = demo.published_p0(year)
    # Rough person shares of the zones (lowland holds about three quarters).
    shares = {"lowland": 0.75, "coastal": 0.13, "highland": 0.12}
    rel = demo.ZONE_RELATIVE_P0
    scale = target / sum(shares[z] * rel[z] for z in rel)
    return {
        z: -ZONE_PARAMS[z][1] * NormalDist().inv_cdf(min(0.95, rel[z] * scale)) for z in ZONE_PARAMS
    }


def households_sql(year: int) -> str:
    """SELECT households for index range [$lo, $hi) (parameters $lo, $hi, $seed, $z, $year).

    Columns: the declared household columns in order, then ``zone``,
    ``village_type`` and the index ``i`` (used to draw beneficiaries).
    """
    mu = _zone_mu(year)
    zone_case = lambda vals: (  # noqa: E731
        "CASE zone " + " ".join(f"WHEN '{z}' THEN {v!r}" for z, v in vals.items()) + " END"
    )
    size_base = zone_case({z: p[0] for z, p in ZONE_PARAMS.items()})
    sigma = zone_case({z: p[1] for z, p in ZONE_PARAMS.items()})
    oap = zone_case({z: p[2] for z, p in ZONE_PARAMS.items()})
    dep_shift = zone_case({z: p[3] for z, p in ZONE_PARAMS.items()})
    deps = ",\n".join(
        f"{_u(10 + j)} < 1 / (1 + exp(-({DEP_BASE[c]!r} + 1.6 * poorness + {dep_shift}))) AS {c}"
        for j, c in enumerate(schema.DEPRIVATIONS)
    )
    return f"""
        WITH r AS (SELECT range AS i FROM range($lo, $hi)),
        a AS (
            SELECT r.i, p.* EXCLUDE (lo, hi), r.i - p.lo AS pos
            FROM r ASOF JOIN _plan p ON r.i >= p.lo
        ),
        b AS (
            SELECT *, 1 + least(14, greatest(0, round({size_base} + sqrt({size_base}) * {_normal(1)})))::BIGINT
                   AS hh_size
            FROM a
        ),
        c AS (
            SELECT *, round($z * exp({zone_case(mu)} + effect - 0.045 * (hh_size - 4)
                                      + {sigma} * {_normal(3)})) AS y
            FROM b
        ),
        d AS (
            SELECT *, greatest(-2, least(2, ln($z) - ln(y))) AS poorness,
                   ln(y / $z) + 0.35 * {_normal(5)} AS proxy
            FROM c
        )
        SELECT $year::BIGINT AS year, 'B' || lpad(i::VARCHAR, 9, '0') AS hh_id, district_code,
               village_code, hh_size, y AS consumption_pc_rp, round(weight, 4) AS weight,
               district_code || CASE WHEN village_type = 'kelurahan' THEN '-U' ELSE '-R' END
                   AS strata,
               village_code || '-' || lpad((pos // {PSU_HOUSEHOLDS})::VARCHAR, 5, '0') AS psu,
               least(10, greatest(1, 1 + floor(10 / (1 + exp(-1.702 * (proxy - 0.55) / 0.62)))))::BIGINT
                   AS welfare_decile,
               {_u(7)} < 0.12 + 0.05 * (y < $z)::DOUBLE AS head_female,
               {_u(8)} < {oap} AS oap,
               {deps},
               NULL::VARCHAR AS nik_hash,
               zone, village_type, i
        FROM d
    """


def beneficiaries_sql() -> str:
    """INSERT beneficiaries of the households in the temporary table ``_chunk``."""
    parts = []
    for k, (code, probs) in enumerate(REACH_BY_DECILE.items()):
        cond = REACH_CONDITION.get(code, "TRUE")
        amount = "42000.0 * 12 * hh_size" if code == "PBI-JKN" else f"{demo.AMOUNT_RP[code]}.0"
        parts.append(
            f"SELECT '{code}' AS programme_code, year, hh_id, {amount} AS amount_rp FROM _chunk "
            f"WHERE ({cond}) AND {_u(30 + k)} < {probs!r}[welfare_decile]"
        )
    return f"""
        INSERT INTO beneficiaries (programme_code, year, hh_id, amount_rp)
        {" UNION ALL ".join(parts)}
    """


BUDGETS_SQL = """
    INSERT INTO budgets (year, programme_code, district_code, opd, funding_source,
                         allocated_rp, realised_rp)
    WITH spent AS (
        SELECT b.programme_code, h.district_code, sum(b.amount_rp) AS amount
        FROM beneficiaries b JOIN households h ON h.year = b.year AND h.hh_id = b.hh_id
        WHERE b.year = $year GROUP BY ALL
    ),
    r AS (
        SELECT s.*, p.opd, p.funding_source,
               (hash(s.programme_code, s.district_code, $seed) >> 11)::DOUBLE / 9007199254740992.0 AS u
        FROM spent s JOIN programmes p USING (programme_code)
    )
    SELECT $year, programme_code, district_code, opd, funding_source,
           round(round(amount * (1.04 + 0.14 * u), -3) / (0.70 + 0.28 * u), -3),
           round(amount * (1.04 + 0.14 * u), -3)
    FROM r
"""


def build_store(
    path: str | os.PathLike,
    households: int,
    *,
    year: int = DEFAULT_YEAR,
    seed: int = 2025,
    with_beneficiaries: bool = True,
    chunk: int = CHUNK_HOUSEHOLDS,
    progress=None,
) -> Store:
    """Build a benchmark store of ``households`` households in ``year`` at ``path``.

    Replaces any file at ``path``. The store has the full schema and reference
    data (``init_store``) and the demo programmes (checked import); households,
    beneficiaries and budgets are inserted by SQL in chunks (no per-row checks:
    see the module docstring). Provenance and meta say the data are synthetic,
    so the app shows its demo banner.
    """
    if households < 100:
        raise ValueError("households must be at least 100")
    say = progress or (lambda msg: None)
    path = Path(path)
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    store = Store(path)
    init_store(store)
    import_delivery(
        store, "programmes", demo.PROGRAMMES, file_name="bench:programmes", source_kind="demo"
    )
    plan = village_plan(households, seed)
    z = demo.poverty_line(year)
    with store.write() as con:
        con.register("_plan_df", plan)
        con.execute("CREATE TEMP TABLE _plan AS SELECT * FROM _plan_df")
        con.unregister("_plan_df")
        hh_sql = households_sql(year)
        # psu_key is set by the store writer (store.derived.refresh) at commit.
        cols = ", ".join(c.name for c in schema.HOUSEHOLDS.columns if c.name != "psu_key")
        ben_sql = beneficiaries_sql()
        for lo in range(0, households, chunk):
            hi = min(households, lo + chunk)
            say(f"households {lo:,}-{hi:,}")
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _chunk AS {hh_sql}",
                {"lo": lo, "hi": hi, "seed": seed, "z": z, "year": year},
            )
            con.execute(f"INSERT INTO households ({cols}) SELECT {cols} FROM _chunk")
            if with_beneficiaries:
                con.execute(ben_sql, {"seed": seed})
        con.execute("DROP TABLE IF EXISTS _chunk")
        if with_beneficiaries:
            say("budgets")
            con.execute(BUDGETS_SQL, {"year": year, "seed": seed})
        tables = ["households"] + (["beneficiaries", "budgets"] if with_beneficiaries else [])
        for t in tables:
            con.execute(
                "INSERT OR REPLACE INTO provenance VALUES (?, ?, 'demo', ?, NULL, now())",
                [t, year, f"bench:{t}:{households}"],
            )
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('demo', ?)",
            [f"bench synthetic; seed={seed}; households={households}; years={year}"],
        )
        con.execute("DROP TABLE _plan")
    say("done")
    return store


def write_households_csv(store: Store, csv_path: str | os.PathLike, *, year: int) -> int:
    """Write the store's households of ``year`` as an Indonesian-Excel CSV; return rows.

    ';' delimiter, decimal comma (weights such as ``3,4521``), booleans as 1/0,
    header row of column names: what a data steward exports from Excel with an
    Indonesian locale.
    """
    cols = [c for c in schema.HOUSEHOLDS.columns if not c.derived]
    exprs = []
    for c in cols:
        if c.type == "float":
            exprs.append(f"replace(printf('%.4f', {c.name}), '.', ',') AS {c.name}")
        elif c.type == "bool":
            exprs.append(f"{c.name}::INTEGER AS {c.name}")
        else:
            exprs.append(c.name)
    out = str(Path(csv_path)).replace("'", "''")
    with store.read() as con:
        n = con.execute("SELECT count(*) FROM households WHERE year = ?", [year]).fetchone()[0]
        con.execute(
            f"COPY (SELECT {', '.join(exprs)} FROM households WHERE year = {int(year)} "
            f"ORDER BY hh_id) TO '{out}' (FORMAT csv, DELIMITER ';', HEADER true)"
        )
    return int(n)
