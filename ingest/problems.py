"""Problems found in a delivery, in words a data steward can act on.

Every problem names the file, the row as the spreadsheet shows it, the column
as the file spells it (and the store column it maps to), the value found and
what was expected. Kinds are stable identifiers (tests and the report CSV use
them); :data:`KINDS` says what each means.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

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
