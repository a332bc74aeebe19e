"""The embedded Mimika default: synthetic data calibrated to the published figures.

SYNTHETIC. No real household is in it. What is calibrated:

* regency P0 per year equals the published BPS figure (interpolated where none
  was published) by construction, within sampling discreteness;
* district populations are proportional to the reference (Dukcapil 2025,
  Census 2020 where 2025 is missing), scaled to the BPS population basis of the
  year (published poor people / published P0) so that the number of poor
  people matches too; highland P0 well above coastal, coastal above lowland;
* about 90,000 households a year, near the real ~91,700 families;
* programmes of several agencies and funding sources, targeted by welfare
  decile with realistic errors (some poor missed, some non-poor reached);
  budgets per programme, district and year, allocated and realised.

Everything goes through ``ingest.load.import_delivery``: the same checks as a
real delivery.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from config import REFERENCE_DIR
from ingest.load import import_delivery
from ingest.reference import init_store
from store import schema
from store.db import Store

# Relative poverty level of each zone (P0 zone / P0 lowland), chosen so that the
# highland is well above the coast, and the coast above the lowland (Timika).
ZONE_RELATIVE_P0 = {"lowland": 1.0, "coastal": 2.6, "highland": 3.9}
ZONE_SIGMA = {"lowland": 0.50, "coastal": 0.42, "highland": 0.40}
OAP_SHARE = {"lowland": 0.38, "coastal": 0.86, "highland": 0.95}

PROGRAMMES = pd.DataFrame(
    [
        (
            "PKH",
            "Program Keluarga Harapan",
            "Dinas Sosial (Kemensos)",
            "APBN",
            "social_assistance",
            "desil 1-2, keluarga dengan komponen",
        ),
        (
            "SEMBAKO",
            "Bantuan Pangan Non Tunai / Sembako",
            "Dinas Sosial (Kemensos)",
            "APBN",
            "social_assistance",
            "desil 1-4",
        ),
        (
            "PBI-JKN",
            "Penerima Bantuan Iuran JKN",
            "Dinas Kesehatan (Kemenkes/BPJS)",
            "APBN",
            "social_assistance",
            "desil 1-5",
        ),
        (
            "PIP",
            "Program Indonesia Pintar",
            "Dinas Pendidikan (Kemendikdasmen)",
            "APBN",
            "social_assistance",
            "anak sekolah desil 1-4",
        ),
        (
            "BLT-DD",
            "BLT Dana Desa",
            "Dinas Pemberdayaan Masyarakat Kampung",
            "Dana Desa",
            "other",
            "kampung, desil 1-3",
        ),
        (
            "BANSOS-DAERAH",
            "Bantuan Sosial Daerah",
            "Dinas Sosial",
            "APBD",
            "social_assistance",
            "desil 1-3 belum menerima",
        ),
        (
            "KARTU-SEHAT",
            "Jaminan Kesehatan Daerah (Kartu Mimika Sehat)",
            "Dinas Kesehatan",
            "Otsus",
            "social_assistance",
            "OAP desil 1-5",
        ),
        (
            "BEASISWA-OAP",
            "Beasiswa Pendidikan Anak OAP",
            "Dinas Pendidikan",
            "Otsus",
            "empowerment",
            "anak OAP",
        ),
        (
            "BIBIT-TANI",
            "Bantuan Bibit dan Alat Pertanian",
            "Dinas Pertanian dan Ketahanan Pangan",
            "APBD",
            "empowerment",
            "petani kampung dataran rendah dan tinggi",
        ),
        (
            "RTLH",
            "Rehabilitasi Rumah Tidak Layak Huni",
            "Dinas PUPR dan Perumahan",
            "APBD",
            "other",
            "rumah tidak layak, desil 1-4",
        ),
        (
            "UMKM-MAMA",
            "Modal Usaha Mama-Mama Papua",
            "Dinas Koperasi dan UKM",
            "Otsus",
            "empowerment",
            "perempuan OAP pelaku usaha mikro",
        ),
        (
            "YPMAK-SEHAT",
            "YPMAK Kesehatan dan Gizi Kampung",
            "YPMAK (CSR PT Freeport Indonesia)",
            "CSR",
            "social_assistance",
            "kampung pesisir dan pegunungan",
        ),
    ],
    columns=["programme_code", "name", "opd", "funding_source", "programme_group", "target_rule"],
)


def published_p0(year: int) -> float:
    """Published regency P0 (proportion) for a year, interpolated linearly where missing."""
    s = pd.read_csv(REFERENCE_DIR / "official_series.csv", dtype={"area_code": str})
    s = s[(s.area_code == "94.04") & (s.indicator == "p0")]
    # The disputed 2016 figure (17.72) is left out: 14.72 fits the published poor count.
    s = s[s.status == "reported"].set_index("year")["value"].sort_index()
    if year in s.index:
        return float(s.loc[year]) / 100
    if year < s.index.min() or year > s.index.max():
        raise ValueError(
            f"no published P0 near {year}; demo years must lie in {s.index.min()}-{s.index.max()}"
        )
    return float(np.interp(year, s.index.to_numpy(), s.to_numpy())) / 100


def published_population(year: int) -> float | None:
    """BPS population basis of a year: published poor people / published P0."""
    s = pd.read_csv(REFERENCE_DIR / "official_series.csv", dtype={"area_code": str})
    s = s[(s.area_code == "94.04") & (s.year == year) & (s.status == "reported")]
    vals = dict(zip(s.indicator, s.value, strict=False))
    if "poor_people" in vals and "p0" in vals:
        return vals["poor_people"] / (vals["p0"] / 100)
    return None


def poverty_line(year: int) -> float:
    lines = pd.read_csv(REFERENCE_DIR / "poverty_lines.csv").set_index("year")["line_rp"]
    if year not in lines.index:
        raise ValueError(f"no poverty line for {year}; add it with `rpkd import poverty_lines`")
    return float(lines.loc[year])


def _districts() -> pd.DataFrame:
    d = pd.read_csv(REFERENCE_DIR / "mimika_districts.csv", dtype={"code": str, "bps_code": str})
    growth = (d.population_2025 / d.population_2020).median()
    d["population"] = d.population_2025.fillna((d.population_2020 * growth).round())
    return d.rename(columns={"code": "district_code"})


def _villages() -> pd.DataFrame:
    from geo.boundaries import load_villages

    v = load_villages()
    return pd.DataFrame(
        {
            "village_code": v["village_code"],
            "district_code": v["district_code"],
            "village_type": v["village_type"],
        }
    )


def _weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cw = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cw, q * cw[-1])])


def households_for_year(
    year: int, n: int, rng: np.random.Generator, *, place_seed: int = 0
) -> pd.DataFrame:
    """Synthetic households of one year, calibrated to that year's published P0."""
    d = _districts()
    v = _villages()
    share = d.population / d.population.sum()
    counts = np.floor(share * n).astype(int)
    counts[np.argsort(-(share * n - counts))[: n - counts.sum()]] += 1
    zone_of = dict(zip(d.district_code, d.zone, strict=True))
    # Facts of the place (village sizes and effects) come from place_seed, not the year,
    # so a village keeps its size and relative position across years.
    place_rng = np.random.default_rng([place_seed, 0])
    parts = []
    for code, k in zip(d.district_code, counts, strict=True):
        vil = v[v.district_code == code]
        size = place_rng.gamma(2.0, 0.5, len(vil))
        pull = np.where(vil.village_type == "kelurahan", 5.0, 1.0) * size
        idx = rng.choice(len(vil), size=k, p=pull / pull.sum())
        parts.append(
            pd.DataFrame(
                {
                    "district_code": code,
                    "village_code": vil.village_code.to_numpy()[idx],
                    "village_type": vil.village_type.to_numpy()[idx],
                }
            )
        )
    hh = pd.concat(parts, ignore_index=True)
    hh = hh.sort_values(["district_code", "village_code"], kind="stable").reset_index(drop=True)
    hh["zone"] = hh.district_code.map(zone_of)
    m = len(hh)
    base_size = hh.zone.map({"lowland": 2.6, "coastal": 3.2, "highland": 3.6}).to_numpy()
    hh["hh_size"] = 1 + rng.poisson(base_size)
    # Weights bring each district's weighted persons to its share of the BPS
    # population basis (published poor people / published P0), so that both the
    # published P0 and the published number of poor people are reproduced.
    total = published_population(year) or d.population.sum()
    basis = d.population / d.population.sum() * total
    pop = hh.district_code.map(dict(zip(d.district_code, basis, strict=True)))
    hh["weight"] = (pop / hh.groupby("district_code").hh_size.transform("sum")).round(4)
    # Design: strata = district x (kelurahan | kampung); PSUs of ~40 households per village.
    hh["strata"] = hh.district_code + "-" + np.where(hh.village_type == "kelurahan", "U", "R")
    pos = hh.groupby("village_code").cumcount()
    hh["psu"] = hh.village_code + "-" + (pos // 40).astype(str).str.zfill(3)

    z = poverty_line(year)
    target = published_p0(year)
    # Zone P0 levels keep ZONE_RELATIVE_P0 and average (person-weighted) to the target.
    persons = (hh.weight * hh.hh_size).groupby(hh.zone).sum()
    rel = pd.Series(ZONE_RELATIVE_P0)
    scale = target * persons.sum() / (rel * persons).sum()
    zone_p0 = (rel * scale).to_dict()

    village_effect = {
        c: e for c, e in zip(v.village_code, place_rng.normal(0, 0.18, len(v)), strict=True)
    }
    log_y = (
        hh.village_code.map(village_effect).to_numpy()
        - 0.045 * (hh.hh_size.to_numpy() - 4)
        + rng.normal(0, 1, m) * hh.zone.map(ZONE_SIGMA).to_numpy()
    )
    y = np.empty(m)
    vw = (hh.weight * hh.hh_size).to_numpy()
    for zone, p0 in zone_p0.items():
        sel = (hh.zone == zone).to_numpy()
        # Place the zone's p0-quantile (person-weighted) just above the line.
        qv = _weighted_quantile(log_y[sel], vw[sel], p0)
        y[sel] = np.exp(log_y[sel] - qv) * z * 1.000001
    hh["consumption_pc_rp"] = y.round(0)

    proxy = np.log(y) + rng.normal(0, 0.35, m)
    order = np.argsort(proxy)
    cum = np.cumsum(vw[order]) / vw.sum()
    dec = np.empty(m, dtype=int)
    dec[order] = np.minimum(10, np.floor(cum * 10 - 1e-12).astype(int) + 1)
    hh["welfare_decile"] = dec
    poorness = np.clip(np.log(z) - np.log(y), -2, 2)
    hh["head_female"] = rng.random(m) < (0.12 + 0.05 * (poorness > 0))
    hh["oap"] = rng.random(m) < hh.zone.map(OAP_SHARE).to_numpy()
    zone_dep = hh.zone.map({"lowland": -0.6, "coastal": 0.4, "highland": 0.9}).to_numpy()
    base = {
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
    for col in schema.DEPRIVATIONS:
        p = 1 / (1 + np.exp(-(base[col] + 1.6 * poorness + zone_dep)))
        hh[col] = rng.random(m) < p
    hh["year"] = year
    hh["hh_id"] = "MMK" + pd.Series(np.arange(1, m + 1)).astype(str).str.zfill(7)
    cols = [c.name for c in schema.HOUSEHOLDS.columns if not c.derived]
    return hh[cols + ["zone", "village_type"]]


def _reach_probability(hh: pd.DataFrame, code: str, rng: np.random.Generator) -> np.ndarray:
    d = hh.welfare_decile.to_numpy()
    kampung = (hh.village_type == "kampung").to_numpy()
    oap = hh.oap.to_numpy()
    zone = hh.zone.to_numpy()
    by_decile: Callable[[list[float]], np.ndarray] = lambda p: np.asarray(p)[d - 1]  # noqa: E731
    if code == "PKH":
        return by_decile([0.55, 0.45, 0.18, 0.10, 0.04, 0.02, 0.01, 0.01, 0.0, 0.0])
    if code == "SEMBAKO":
        return by_decile([0.62, 0.58, 0.40, 0.30, 0.10, 0.05, 0.02, 0.01, 0.01, 0.0])
    if code == "PBI-JKN":
        return by_decile([0.80, 0.78, 0.70, 0.62, 0.45, 0.25, 0.12, 0.06, 0.03, 0.02])
    if code == "PIP":
        return by_decile([0.35, 0.33, 0.25, 0.20, 0.06, 0.03, 0.01, 0.0, 0.0, 0.0]) * (
            hh.hh_size.to_numpy() >= 3
        )
    if code == "BLT-DD":
        return by_decile([0.50, 0.42, 0.30, 0.08, 0.04, 0.02, 0.01, 0.0, 0.0, 0.0]) * kampung
    if code == "BANSOS-DAERAH":
        return by_decile([0.15, 0.12, 0.10, 0.05, 0.04, 0.03, 0.02, 0.02, 0.01, 0.01])
    if code == "KARTU-SEHAT":
        return by_decile([0.45, 0.40, 0.35, 0.30, 0.25, 0.15, 0.10, 0.08, 0.05, 0.04]) * oap
    if code == "BEASISWA-OAP":
        return (
            by_decile([0.10, 0.10, 0.09, 0.09, 0.08, 0.07, 0.06, 0.05, 0.05, 0.04])
            * oap
            * (hh.hh_size.to_numpy() >= 3)
        )
    if code == "BIBIT-TANI":
        return np.where(kampung & (zone != "coastal"), 0.12, 0.0) * by_decile(
            [1.2, 1.1, 1.0, 1.0, 0.9, 0.8, 0.6, 0.5, 0.3, 0.2]
        )
    if code == "RTLH":
        return np.where(hh.dep_housing.to_numpy(), 0.06, 0.005) * by_decile(
            [1.5, 1.3, 1.1, 1.0, 0.6, 0.4, 0.2, 0.1, 0.0, 0.0]
        )
    if code == "UMKM-MAMA":
        return np.where(oap & hh.head_female.to_numpy(), 0.10, 0.0)
    if code == "YPMAK-SEHAT":
        return np.where(kampung & (zone != "lowland"), 0.35, 0.0)
    raise KeyError(code)


AMOUNT_RP = {
    "PKH": 3_000_000,
    "SEMBAKO": 2_400_000,
    "PBI-JKN": 42_000 * 12,
    "PIP": 750_000,
    "BLT-DD": 3_600_000,
    "BANSOS-DAERAH": 1_800_000,
    "KARTU-SEHAT": 1_200_000,
    "BEASISWA-OAP": 2_500_000,
    "BIBIT-TANI": 4_000_000,
    "RTLH": 25_000_000,
    "UMKM-MAMA": 5_000_000,
    "YPMAK-SEHAT": 2_000_000,
}


def beneficiaries_for_year(hh: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    parts = []
    for code in PROGRAMMES.programme_code:
        p = np.clip(_reach_probability(hh, code, rng), 0, 1)
        sel = rng.random(len(hh)) < p
        amount = AMOUNT_RP[code] * (
            hh.hh_size.to_numpy()[sel] if code == "PBI-JKN" else np.ones(sel.sum())
        )
        parts.append(
            pd.DataFrame(
                {
                    "programme_code": code,
                    "year": hh.year.to_numpy()[sel],
                    "hh_id": hh.hh_id.to_numpy()[sel],
                    "amount_rp": amount.astype(float),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def budgets_for_year(hh: pd.DataFrame, ben: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    b = ben.merge(hh[["hh_id", "district_code"]], on="hh_id")
    spent = b.groupby(["programme_code", "district_code"], as_index=False).amount_rp.sum()
    spent = spent.merge(
        PROGRAMMES[["programme_code", "opd", "funding_source"]], on="programme_code"
    )
    rate = np.clip(rng.normal(0.88, 0.07, len(spent)), 0.55, 1.0)
    overhead = rng.uniform(1.04, 1.18, len(spent))
    spent["realised_rp"] = (spent.amount_rp * overhead).round(-3)
    spent["allocated_rp"] = (spent.realised_rp / rate).round(-3)
    spent["year"] = int(hh.year.iloc[0])
    return spent[
        [
            "year",
            "programme_code",
            "district_code",
            "opd",
            "funding_source",
            "allocated_rp",
            "realised_rp",
        ]
    ]


def build_demo(
    path: str | os.PathLike,
    *,
    households: int = 90_000,
    seed: int = 2025,
    years: tuple[int, ...] = (2023, 2024, 2025),
    progress: Callable[[str, float], None] | None = None,
) -> Store:
    """Build the demo store at ``path`` (built aside, then swapped in)."""
    path = Path(path)
    building = Store(path.with_name(f".{path.name}.building-{os.getpid()}"))
    if building.path.exists():
        building.path.unlink()
    say = progress or (lambda msg, frac: None)
    try:
        say("reference data", 0.02)
        init_store(building)
        import_delivery(
            building, "programmes", PROGRAMMES, file_name="demo:programmes", source_kind="demo"
        )
        for i, year in enumerate(years):
            rng = np.random.default_rng([seed, year])
            say(f"households {year}", 0.1 + 0.85 * i / len(years))
            hh = households_for_year(year, households, rng, place_seed=seed)
            ben = beneficiaries_for_year(hh, rng)
            bud = budgets_for_year(hh, ben, rng)
            cols = [c.name for c in schema.HOUSEHOLDS.columns if not c.derived]
            import_delivery(
                building,
                "households",
                hh[cols],
                file_name=f"demo:households:{year}",
                source_kind="demo",
            )
            import_delivery(
                building,
                "beneficiaries",
                ben,
                file_name=f"demo:beneficiaries:{year}",
                source_kind="demo",
            )
            import_delivery(
                building, "budgets", bud, file_name=f"demo:budgets:{year}", source_kind="demo"
            )
        with building.write() as con:
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('demo', ?)",
                [f"seed={seed}; households={households}; years={','.join(map(str, years))}"],
            )
        os.replace(building.path, path)
        say("done", 1.0)
    finally:
        building.path.unlink(missing_ok=True)
        building.lock_path.unlink(missing_ok=True)
    return Store(path)
