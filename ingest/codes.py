"""District and village codes as deliveries write them, mapped to Kemendagri codes.

A district may be given by its Kemendagri code (``94.04.01``, or ``940401``),
its BPS code (``9412030``), its code before Papua Tengah was formed in 2022
(``91.09.01``) or its name (``Mimika Baru``, ``MIMIKA BARU``, ``Distrik Mimika
Baru``, ``Kecamatan Mimika Baru``). A village by its Kemendagri code
(``94.04.01.1001`` or ``9404011001``) or its pre-2022 code, which is not always
the same number (``91.09.01.1007`` is today's ``94.04.01.1003``).

The code lists are the shipped reference files (``data/reference/mimika_districts.csv``,
``data/geo/mimika_admin_codes.csv``), the same ones ``rpkd init`` loads into the
store's ``districts`` and ``villages`` (a test keeps them equal); they are read
once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache

import duckdb
import pandas as pd

from config import GEO_DIR, REFERENCE_DIR

NAME_PREFIXES = ("", "distrik ", "kecamatan ", "kec. ", "kec ", "district ")


def norm_key(s: str) -> str:
    return re.sub(r"\s+", " ", str(s).strip().lower())


def norm_key_sql(src: str) -> str:
    """How a staged code or name is looked up: trimmed, lower case, single spaces."""
    t = f"lower(trim({src}))"
    return (
        f"CASE WHEN contains({t}, '  ') OR contains({t}, chr(9)) OR contains({t}, chr(160)) "
        f"THEN trim(regexp_replace({t}, '[\\s\\x{{00A0}}]+', ' ', 'g')) ELSE {t} END"
    )


@lru_cache(maxsize=1)
def _frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    d = pd.read_csv(REFERENCE_DIR / "mimika_districts.csv", dtype=str)
    d = d.rename(columns={"code": "district_code"})[["district_code", "bps_code", "name"]]
    admin = pd.read_csv(GEO_DIR / "mimika_admin_codes.csv", dtype=str)
    v = admin.loc[admin.level == "desa", ["code", "parent_code", "code_pre2022"]]
    v = v.rename(columns={"code": "village_code", "parent_code": "district_code"})
    pre = admin.loc[admin.code_pre2022.notna(), ["code", "code_pre2022"]].set_index("code")

    dk: list[tuple[str, str]] = []
    for code, bps, name in d.itertuples(index=False):
        keys = [code, code.replace(".", ""), bps]
        if code in pre.index:
            old = pre.loc[code, "code_pre2022"]
            keys += [old, old.replace(".", "")]
        keys += [p + name for p in NAME_PREFIXES]
        dk += [(norm_key(k), code) for k in keys if isinstance(k, str)]
    vk: list[tuple[str, str, str]] = []
    for code, district, old in v.itertuples(index=False):
        keys = [code, code.replace(".", "")]
        if isinstance(old, str):
            keys += [old, old.replace(".", "")]
        vk += [(norm_key(k), code, district) for k in keys]

    def unique(rows: list[tuple], cols: list[str]) -> pd.DataFrame:
        # A key that could mean two places is no key.
        df = pd.DataFrame(rows, columns=cols).drop_duplicates()
        return df[~df.key.duplicated(keep=False)].reset_index(drop=True)

    return (
        d,
        v[["village_code", "district_code"]].reset_index(drop=True),
        unique(dk, ["key", "code"]),
        unique(vk, ["key", "code", "district_code"]),
    )


def reference_frames(store=None) -> dict[str, pd.DataFrame]:
    """Districts and villages codes are checked against (the shipped lists; see above)."""
    d, v, _, _ = _frames()
    return {"ref_districts": d.copy(), "ref_villages": v.copy()}


def load_references(con: duckdb.DuckDBPyConnection) -> None:
    """Make ``ref_districts``, ``ref_villages``, ``district_keys`` and ``village_keys``
    visible to ``con`` (registered frames: nothing is copied)."""
    d, v, dk, vk = _frames()
    for name, df in (
        ("ref_districts", d),
        ("ref_villages", v),
        ("district_keys", dk),
        ("village_keys", vk),
    ):
        con.register(name, df)
