"""Problems found in a delivery, in words a data steward can act on.

Every problem names the file, the row as the spreadsheet shows it, the column
as the file spells it (and the store column it maps to), the value found and
what was expected. Kinds are stable identifiers (tests and the report CSV use
them); :data:`KINDS` says what each means.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass
from functools import cache

import pandas as pd

# kind -> short description (used in summaries and docs/import-formats.md).
KINDS: dict[str, str] = {
    "unreadable": "the file cannot be read (format, encoding, no header)",
    "empty": "the file has no data rows",
    "malformed_row": "a line does not split into the header's columns (quotes, delimiters)",
    "missing_column": "a required column is absent",
    "duplicate_column": "two columns map to the same store column",
    "missing_value": "a required value is empty",
    "bad_type": "a value is not a number, whole number, yes/no, date or NIK as expected",
    "out_of_range": "a number is outside its allowed range",
    "not_allowed": "a value is not one of the allowed values",
    "unknown_code": "a district or village code (or name) that Mimika does not have",
    "village_not_in_district": "a village that lies in another district than the row says",
    "duplicate_in_file": "the same key (e.g. year + hh_id) twice in the file",
    "already_loaded": "the year (or key) is already in the store; use --replace",
    "unknown_reference": "a programme or household the store does not know",
    "nik_key_missing": "the file has NIK but no key is set to pseudonymise it",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a delivery."""

    file: str
    row: int | None  # spreadsheet row; None for a file-level problem
    column: str | None  # as written in the file
    value: str | None
    expected: str
    kind: str
    field: str | None = None  # store column the file column maps to

    @property
    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            col = f"column {self.column!r}"
            if self.field and self.field != self.column:
                col += f" ({self.field})"
            parts.append(col)
        return ", ".join(parts) or "file"

    @property
    def message(self) -> str:
        """One line for a person: where, what was found, what was expected."""
        verb = {
            "unreadable": "cannot be read",
            "empty": "has no data rows",
            "missing_value": "is empty",
            "missing_column": "is missing",
            "out_of_range": "is out of range",
            "not_allowed": "is not allowed",
            "unknown_code": "is not a known code",
            "village_not_in_district": "lies in another district",
            "duplicate_in_file": "is repeated",
            "already_loaded": "is already in the store",
            "unknown_reference": "is unknown",
            "bad_type": "cannot be read",
            "malformed_row": "cannot be split",
            "duplicate_column": "is a second column for the same field",
            "nik_key_missing": "cannot be stored",
        }.get(self.kind, "has a problem")
        if self.value is None:
            head = f"{self.where} {verb}"
        else:
            head = f"{self.where}: {_short(self.value)!r} {verb}"
        return f"{head}; expected {self.expected}"

    def __str__(self) -> str:
        return f"{self.file}, {self.message} [{self.kind}]"


def _short(s: str, n: int = 60) -> str:
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "\u2026"


PROBLEM_COLUMNS = ["kind", "file", "row", "column", "field", "value", "expected"]


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a frame (for the CSV report and the import page)."""
    return pd.DataFrame([asdict(p) for p in problems], columns=PROBLEM_COLUMNS)


def count_kinds(problems: list[Problem]) -> dict[str, int]:
    return dict(Counter(p.kind for p in problems))


def summary(counts: dict[str, int]) -> str:
    """'3 problems: out_of_range 2, unknown_code 1' (largest first)."""
    total = sum(counts.values())
    parts = ", ".join(
        f"{k} {n:,}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return f"{total:,} problem{'s' if total != 1 else ''}: {parts}"


# ------------------------------------------------------------------ Bahasa Indonesia
# The import writes its messages in English (the CLI, the report CSV and the tests
# read them). The import page shows them in the interface's language: each English
# text the checks, the stager and the loader produce has a pattern here and its
# Indonesian wording. Named groups carry the variable parts over; by name prefix,
# ``unit`` is a unit of the schema, ``desc`` a column description of the schema,
# ``num`` a count written with thousands commas, and ``sub`` a text that is itself
# translated (a StageError inside "a readable file: ..."). A text no pattern
# matches is shown as it is (tests/ingest/test_problems_id.py runs the corpus of
# bad files and fails on any text left in English).

#: The units declared in store/schema.py, in Bahasa Indonesia.
UNITS_ID: dict[str, str] = {
    "persons": "jiwa",
    "households": "rumah tangga",
    "Rp/capita/month": "Rp/kapita/bulan",
    "Rp/year": "Rp/tahun",
    "Rp": "Rp",
    "km2": "km2",
    "deg": "derajat",
}

#: DuckDB's CSV error kinds (lower case) as the "expected" text of a malformed row quotes them.
_CSV_ERRORS_ID = {
    "too many columns": "kolom terlalu banyak",
    "missing columns": "kolom kurang",
    "unquoted value": "tanda kutip tidak tertutup dengan benar",
    "invalid unicode": "pengodean karakter tidak valid",
    "invalid encoding": "pengodean karakter tidak valid",
    "line size over maximum": "baris melebihi ukuran maksimum",
    "cast error": "nilai tidak dapat dikonversi",
}

_NUM = r"-?\d[\d.e+-]*"
_REPLACE_BOX = "centang 'Ganti tahun yang sudah ada'"

_RULES_ID: list[tuple[str, str]] = [
    # expected values (ingest.checks)
    (
        r"1 = laki-laki or 2 = perempuan \(L/P, Laki-laki/Perempuan\)",
        "1 = laki-laki atau 2 = perempuan (L/P, Laki-laki/Perempuan)",
    ),
    (
        r"yes/no: 1/0, ya/tidak, true/false \(or 1 = ya, 2 = tidak\)",
        "ya/tidak: 1/0, ya/tidak, true/false (atau 1 = ya, 2 = tidak)",
    ),
    (
        r"text \(not an Excel error value such as #N/A\)",
        "teks (bukan nilai galat Excel seperti #N/A)",
    ),
    (r"a whole number", "bilangan bulat"),
    (r"a number such as 1\.234\.567,5 or 1234567\.5", "angka, misalnya 1.234.567,5 atau 1234567.5"),
    (r"a date dd/mm/yyyy", "tanggal dd/mm/yyyy"),
    (r"a date and time dd/mm/yyyy hh:mm:ss", "tanggal dan jam dd/mm/yyyy hh:mm:ss"),
    (rf"between (?P<a>{_NUM}) and (?P<b>{_NUM})(?P<unit> .+)?", "antara {a} dan {b}{unit}"),
    (
        rf"more than (?P<a>{_NUM}) and at most (?P<b>{_NUM})(?P<unit> .+)?",
        "lebih dari {a} dan paling banyak {b}{unit}",
    ),
    (
        rf"at least (?P<a>{_NUM}) and at most (?P<b>{_NUM})(?P<unit> .+)?",
        "paling sedikit {a} dan paling banyak {b}{unit}",
    ),
    (rf"more than (?P<a>{_NUM})(?P<unit> .+)?", "lebih dari {a}{unit}"),
    (rf"at least (?P<a>{_NUM})(?P<unit> .+)?", "paling sedikit {a}{unit}"),
    (rf"at most (?P<b>{_NUM})(?P<unit> .+)?", "paling banyak {b}{unit}"),
    (r"a value \((?P<desc>.+)\)", "ada nilai ({desc})"),
    (
        r"a Mimika district: Kemendagri code \(94\.04\.01\), BPS code \(9412030\), "
        r"pre-2022 code \(91\.09\.01\) or name",
        "distrik di Mimika: kode Kemendagri (94.04.01), kode BPS (9412030), kode sebelum 2022 "
        "(91.09.01) atau nama distrik",
    ),
    (
        r"a Mimika village: Kemendagri code \(94\.04\.01\.1001\) or pre-2022 code",
        "kampung/kelurahan di Mimika: kode Kemendagri (94.04.01.1001) atau kode sebelum 2022",
    ),
    (
        r"a village of district (?P<a>\S+) \(this one is in (?P<b>\S+)\)",
        "kampung/kelurahan di distrik {a} (yang tertulis berada di distrik {b})",
    ),
    (r"one of: (?P<values>.+)", "salah satu dari: {values}"),
    (
        r"a 16-digit NIK \(value not shown: personal data\)",
        "NIK 16 digit (nilai tidak ditampilkan: data pribadi)",
    ),
    (
        r"a unique (?P<key>.+) within the file \(first on row (?P<row>\d+)\)",
        "{key} yang unik dalam berkas (pertama kali muncul di baris {row})",
    ),
    (
        r"one column for (?P<col>\S+) \(already given by (?P<first>.+)\)",
        "hanya satu kolom untuk {col} (sudah diisi oleh kolom {first})",
    ),
    (
        r"a column \((?P<desc>.+)\) named one of: (?P<names>.+)",
        "kolom ({desc}) dengan salah satu nama: {names}",
    ),
    (r"at least one data row", "paling sedikit satu baris data"),
    (
        r"a line split like the header \((?P<n>\d+) columns, delimiter (?P<d>.+?)\); "
        r"(?P<csv>[^:]+): (?P<detail>.*)",
        "baris yang terbagi seperti baris judul kolom ({n} kolom, pemisah {d}); {csv}: {detail}",
    ),
    (
        r"the quote opened on this row \(or above\) closed; as it is, the (?P<num>[\d,]+) "
        r"lines? after it (?:were|was) not read",
        "tanda kutip yang dibuka di baris ini (atau di atasnya) ditutup; dalam keadaan sekarang, "
        "{num} baris sesudahnya tidak terbaca",
    ),
    (
        r"no value after the (?P<n>\d+) named columns \(a delimiter inside a value, "
        r"or a shifted row\?\)",
        "tidak ada nilai sesudah {n} kolom bernama (ada pemisah di dalam nilai, atau barisnya "
        "bergeser?)",
    ),
    (
        r"a closed quote: the value starting here runs over (?P<n>\d+) lines, "
        r"taking the rows below it",
        "tanda kutip yang ditutup: nilai yang dimulai di sini memanjang {n} baris dan menelan "
        "baris-baris di bawahnya",
    ),
    (
        r"a key to pseudonymise NIK: set RPKD_NIK_KEY \(or nik_key in rpkd\.toml\) and import "
        r"again; the clear NIK is never stored",
        "kunci untuk menyamarkan NIK: atur RPKD_NIK_KEY (atau nik_key di rpkd.toml) lalu impor "
        "lagi; NIK asli tidak pernah disimpan",
    ),
    # store level (ingest.load)
    (r"a readable file: (?P<sub>.+)", "berkas yang dapat dibaca: {sub}"),
    (
        r"a (?P<key>.+) not yet in (?P<t>\w+), or --replace to replace it in one transaction",
        "{key} yang belum ada di tabel {t}, atau " + _REPLACE_BOX + " untuk menggantinya dalam "
        "satu transaksi",
    ),
    (
        r"a (?P<key>.+) not yet in (?P<t>\w+), or --replace to overwrite it",
        "{key} yang belum ada di tabel {t}, atau " + _REPLACE_BOX + " untuk menimpanya",
    ),
    (
        r"a programme in the programmes table \(import programmes first\)",
        "program yang terdaftar di tabel programmes (impor programmes terlebih dahulu)",
    ),
    (
        r"a household of (?P<y>\d+) in the households table",
        "rumah tangga tahun {y} di tabel households",
    ),
    # files that cannot be read (ingest.stage, ingest.sniff, ingest.spreadsheet)
    (
        r"no header row found in the first (?P<n>\d+) rows \(expected column names such as "
        r"year, hh_id, district_code\)",
        "tidak ada baris judul kolom dalam {n} baris pertama (seharusnya ada nama kolom seperti "
        "year, hh_id, district_code)",
    ),
    (r"the file is empty", "berkas kosong"),
    (
        r"the file is binary, not a CSV \(is it an \.xlsx renamed to \.csv\?\)",
        "berkas biner, bukan CSV (apakah ini berkas .xlsx yang namanya diganti menjadi .csv?)",
    ),
    (
        r"could not find the delimiter \(; , tab or \|\) and a header row",
        "pemisah (; , tab atau |) dan baris judul kolom tidak ditemukan",
    ),
    (r"cannot open as XLSX: (?P<detail>.*)", "tidak dapat dibuka sebagai XLSX: {detail}"),
    (
        r"no sheet named (?P<s>'.*'); the sheets are: (?P<names>.*)",
        "tidak ada lembar bernama {s}; lembar yang ada: {names}",
    ),
    (r"sheet (?P<s>'.*') is empty", "lembar {s} kosong"),
    (
        r"cannot read as (?P<k>CSV|Parquet): (?P<detail>.*)",
        "tidak dapat dibaca sebagai {k}: {detail}",
    ),
    (
        r"cannot read as (?P<k>\S+) \((?P<e>[^)]*)\): (?P<detail>.*)",
        "tidak dapat dibaca sebagai {k} ({e}): {detail}",
    ),
    (r"the (?P<k>\S+) file has no variables", "berkas {k} tidak memiliki variabel"),
    (r"file not found", "berkas tidak ditemukan"),
    (
        r"old Excel \.xls is not supported: save it as \.xlsx or CSV",
        "format Excel lama .xls tidak didukung: simpan sebagai .xlsx atau CSV",
    ),
    (
        r"unsupported file type (?P<e>.+): use CSV, XLSX, Parquet, Stata \.dta or SPSS \.sav",
        "jenis berkas {e} tidak didukung: gunakan CSV, XLSX, Parquet, Stata .dta atau SPSS .sav",
    ),
    # reading notes
    (r"columns not used: (?P<cols>.+)", "kolom yang tidak dipakai: {cols}"),
    (
        r"decimal mark (?P<dm>'.') \((?P<sub>.+)\); a lone 1\.234 is read as (?P<as>\S+)",
        "tanda desimal {dm} ({sub}); nilai 1.234 yang berdiri sendiri dibaca sebagai {as}",
    ),
    (
        r"(?P<num>[\d,]+) values say ',' and (?P<num2>[\d,]+) say '\.'",
        "{num} nilai memakai ',' dan {num2} memakai '.'",
    ),
    (
        r"no value decides it; default for delimiter (?P<d>.+)",
        "tidak ada nilai yang menentukan; bawaan untuk pemisah {d}",
    ),
    (r"column (?P<c>'.*') read as 1 = ya, 2 = tidak", "kolom {c} dibaca sebagai 1 = ya, 2 = tidak"),
    (
        r"header found on row (?P<n>\d+) \(title rows above it skipped\)",
        "judul kolom ditemukan di baris {n} (baris judul di atasnya dilewati)",
    ),
    (
        r"(?P<num>[\d,]+) merged cell ranges filled into every row they span",
        "{num} rentang sel gabungan diisikan ke setiap baris yang dicakupnya",
    ),
    (r"value labels used for: (?P<cols>.+)", "label nilai dipakai untuk: {cols}"),
    (
        r"sheet (?P<s>'.*') read \(the workbook has: (?P<names>.*)\)",
        "lembar {s} yang dibaca (lembar dalam buku kerja: {names})",
    ),
    (
        r"removed (?P<num>[\d,]+) beneficiary rows whose household is not in the new delivery",
        "{num} baris penerima program dihapus karena rumah tangganya tidak ada dalam kiriman baru",
    ),
    # last: a text followed by a unit of the schema, "a whole number (persons)"
    (
        r"(?P<sub>.+) \((?P<unit>" + "|".join(map(re.escape, UNITS_ID)) + r")\)",
        "{sub} ({unit})",
    ),
]
_COMPILED_ID = [(re.compile(p, re.DOTALL), t) for p, t in _RULES_ID]
_NIK_HIDDEN = ("<16 digits hidden>", "<16 digit disembunyikan>")


@cache
def _descriptions_id() -> dict[str, str]:
    """English column description -> Indonesian, over every table of the schema."""
    from store import schema

    out: dict[str, str] = {}
    for table in schema.TABLES.values():
        for c in table.columns:
            if c.description_id:
                out.setdefault(c.description, c.description_id)
    return out


def _group_id(name: str, value: str | None) -> str:
    if value is None:
        return ""
    if name == "unit":  # "Rp/capita/month", or " persons" after a number
        unit = value.strip()
        return value[: len(value) - len(value.lstrip())] + UNITS_ID.get(unit, unit)
    if name == "desc":
        return _descriptions_id().get(value, value)
    if name.startswith("num"):
        return value.replace(",", ".")
    if name == "csv":
        return _CSV_ERRORS_ID.get(value.strip().lower(), value)
    if name == "sub":
        return indonesian(value) or value
    return value


def indonesian(text: str) -> str | None:
    """The Indonesian of an English import message, or None when no pattern matches."""
    for pattern, template in _COMPILED_ID:
        m = pattern.fullmatch(text)
        if m:
            return template.format(**{k: _group_id(k, v) for k, v in m.groupdict().items()})
    return None


def localise(text: object, lang: str) -> object:
    """An import message (expected text, reading note) in ``lang``; English unchanged.

    Anything that is not a string (a missing value) comes back as it is, and so
    does a text no pattern knows.
    """
    if lang != "id" or not isinstance(text, str) or not text:
        return text
    out = indonesian(text) or text
    return out.replace(*_NIK_HIDDEN)


def localise_value(value: object, lang: str) -> object:
    """A value found in the file, as shown: only the marker of a hidden NIK is translated."""
    if lang != "id" or not isinstance(value, str):
        return value
    return value.replace(*_NIK_HIDDEN)
