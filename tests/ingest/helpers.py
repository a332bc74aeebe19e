"""Helpers for the import tests: a canonical delivery, its variants, store fingerprints."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ingest.codes import reference_frames
from store import schema
from store.db import Store

YEAR = 2024  # the canonical delivery's year (the base store holds 2025)
HH_COLUMNS = [c.name for c in schema.HOUSEHOLDS.columns if not c.derived]
BOOLS = [c.name for c in schema.HOUSEHOLDS.columns if c.type == "bool"]
# Indonesian aliases a BPS / DTSEN extract uses (checked against the schema in test_docs).
ALIASES = {
    "year": "TAHUN",  # not an alias of households.year: stays as "year" below
    "hh_id": "ID_RT",
    "district_code": "Kode_Kecamatan",
    "village_code": "KODE DESA",
    "hh_size": "Jumlah ART",
    "consumption_pc_rp": "Pengeluaran_Perkapita",
    "weight": "BOBOT",
    "strata": "Strata",
    "psu": "PSU",
    "welfare_decile": "Desil",
    "head_female": "Jenis_Kelamin_KRT",
    "oap": "Status_OAP",
}


def canonical_households(n: int = 48, seed: int = 7) -> pd.DataFrame:
    """A small delivery exercising what real files hold: leading zeros, decimals,
    millions, empty optional cells, an accented name, Kwamki Narama."""
    rng = np.random.default_rng(seed)
    refs = reference_frames()
    villages = refs["ref_villages"]
    # Every third household in Kwamki Narama (94.04.13), the rest spread over the regency.
    kn = villages[villages.district_code == "94.04.13"].village_code.to_numpy()
    others = villages[villages.district_code != "94.04.13"]
    pick = others.sample(n, random_state=seed, replace=True)
    village = pick.village_code.to_numpy().copy()
    district = pick.district_code.to_numpy().copy()
    for i in range(0, n, 3):
        village[i] = kn[i % len(kn)]
        district[i] = "94.04.13"
    df = pd.DataFrame(
        {
            "year": YEAR,
            "hh_id": [f"00{i:05d}" for i in range(1, n + 1)],
            "district_code": district,
            "village_code": village,
            "hh_size": rng.integers(1, 12, n),
            "consumption_pc_rp": np.round(rng.uniform(250_000, 4_500_000, n), 2),
            "weight": np.round(rng.uniform(5, 400, n), 4),
            "strata": np.where(rng.random(n) < 0.3, "Kampung Amungmé", "Kota"),
            "psu": [f"{i % 7:04d}" for i in range(n)],
            "welfare_decile": pd.array(rng.integers(1, 11, n), dtype="Int64"),
        }
    )
    for c in BOOLS:
        df[c] = rng.random(n) < 0.35
    df.loc[[3, 10], "village_code"] = None  # village unknown: allowed
    df.loc[[5, 6], "welfare_decile"] = pd.NA  # not in the registry: allowed
    df.loc[0, "consumption_pc_rp"] = 1_234_567.25  # thousands and a decimal
    df.loc[1, "consumption_pc_rp"] = 999.5
    df.loc[2, "weight"] = 1.0
    return df[HH_COLUMNS]


# ------------------------------------------------------------------ writers


def id_number(x: float, decimals: int = 2) -> str:
    """A number as Indonesian Excel writes it: 1.234.567,25."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def plain_text(df: pd.DataFrame) -> pd.DataFrame:
    out = df.astype(object).copy()
    for c in BOOLS:
        out[c] = df[c].map({True: "true", False: "false"})
    out["welfare_decile"] = df.welfare_decile.astype(object).where(df.welfare_decile.notna(), "")
    return out.fillna("")


def indonesian_text(
    df: pd.DataFrame, *, names: bool = False, words: bool = False, aliases: bool = False
) -> pd.DataFrame:
    """The delivery as an Indonesian-locale export: 1.234.567,25; optionally district
    names (Kwamki Narama), Ya/Tidak and L/P words, and the Indonesian column names."""
    out = df.astype(object).copy()
    out["consumption_pc_rp"] = [id_number(v, 2) for v in df.consumption_pc_rp]
    out["weight"] = [id_number(v, 4) for v in df.weight]
    if names:
        d = reference_frames()["ref_districts"].set_index("district_code")["name"]
        out["district_code"] = df.district_code.map(d)
    for c in BOOLS:
        out[c] = df[c].map({True: "Ya", False: "Tidak"} if words else {True: 1, False: 0})
    if words:
        out["head_female"] = df.head_female.map({True: "P", False: "L"})
    out["welfare_decile"] = df.welfare_decile.astype(object).where(df.welfare_decile.notna(), "")
    out = out.fillna("")
    if aliases:
        ren = {k: v for k, v in ALIASES.items() if k != "year"}
        if not words:
            ren.pop("head_female")  # 1/0 means yes/no: keep the yes/no column name
        out = out.rename(columns=ren)
    return out


def write_csv(
    df: pd.DataFrame,
    path: Path,
    *,
    sep: str = ",",
    encoding: str = "utf-8",
    title_rows: list[str] = (),
    newline: str = "\n",
) -> Path:
    body = df.to_csv(index=False, sep=sep, lineterminator=newline)
    head = "".join(t + newline for t in title_rows)
    path.write_bytes((head + body).encode(encoding))
    return path


def write_xlsx(df: pd.DataFrame, path: Path, *, title: str | None = None) -> Path:
    """Numbers stored as numbers, codes as text; a merged title above the header."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data RT"
    r = 1
    if title:
        ws.cell(1, 1, title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        ws.cell(2, 1, "Sumber: DTSEN, diolah Bappeda")
        r = 4  # row 3 left empty, header on row 4
    for j, c in enumerate(df.columns, 1):
        ws.cell(r, j, c)
    for i, row in enumerate(df.itertuples(index=False), r + 1):
        for j, v in enumerate(row, 1):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                continue
            ws.cell(i, j, v.item() if hasattr(v, "item") else v)
    wb.create_sheet("Catatan").cell(1, 1, "Catatan")
    wb.save(path)
    return path


def stat_frame(df: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The delivery as a Stata / SPSS extract: 0/1 numbers, sex coded 1/2 with labels."""
    out = df.copy()
    for c in BOOLS:
        out[c] = df[c].astype(float)
    out["jenis_kelamin_krt"] = np.where(df.head_female, 2.0, 1.0)
    out = out.drop(columns=["head_female"])
    out["welfare_decile"] = df.welfare_decile.astype("float64")
    out["village_code"] = df.village_code.fillna("")
    labels = {
        "jenis_kelamin_krt": {1.0: "Laki-laki", 2.0: "Perempuan"},
        "oap": {0.0: "Bukan OAP", 1.0: "OAP"},
        "dep_water": {0.0: "Tidak", 1.0: "Ya"},
    }
    return out, labels


# ------------------------------------------------------------------ stores


def fingerprint(path: Path, *, exclude: tuple[str, ...] = ()) -> dict[str, tuple[int, str]]:
    """Row count and a hash of the ordered rows of every stored table."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"ATTACH '{path}' AS s (READ_ONLY)")
        out = {}
        for name, t in schema.TABLES.items():
            if t.extra.get("virtual") or name in exclude:
                continue
            n, text = con.execute(
                f"SELECT count(*), coalesce(string_agg(r, '\n' ORDER BY r), '') "
                f"FROM (SELECT CAST(x AS VARCHAR) AS r FROM s.{name} AS x)"
            ).fetchone()
            out[name] = (int(n), hashlib.sha256(text.encode()).hexdigest())
        return out
    finally:
        con.close()


def import_log(store: Store) -> pd.DataFrame:
    with store.read() as con:
        return con.execute("SELECT * FROM import_log ORDER BY import_id").df()


def households_of(store: Store, year: int = YEAR) -> pd.DataFrame:
    with store.read() as con:
        return con.execute(
            "SELECT * EXCLUDE (nik_hash) FROM households WHERE year = ? ORDER BY hh_id", [year]
        ).df()
