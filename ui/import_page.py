"""The import page's logic: the same check and load as ``rpkd import``, for an uploaded file.

No streamlit here, so the tests call these functions directly. The page saves
the upload to a temporary file (:func:`saved_upload`), previews it with
:func:`check_upload` (``ingest.load.check_delivery``: nothing touches the
store) and loads it with :func:`run_import` (``ingest.load.import_delivery``:
one copy-on-write transaction, or a refusal that changes nothing but
``import_log``). Every value shown or offered for download goes through
:func:`ingest.stage.mask_nik`, so a NIK that slipped into a message or a cell
is never displayed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from ingest import checks
from ingest.load import ImportRefused, check_delivery, import_delivery
from ingest.problems import Problem, count_kinds, localise, localise_value, problems_frame
from ingest.stage import mask_nik
from store import schema
from store.db import Store, StoreBusy, StoreError
from ui import audit

#: File types the uploader accepts (what ``ingest.stage`` reads).
UPLOAD_TYPES = ("csv", "txt", "tsv", "xlsx", "xlsm", "parquet", "dta", "sav", "zsav")
PREVIEW_ROWS = 20
#: Problems of one kind listed by the check (all are counted at load time).
MAX_LISTED = checks.MAX_LISTED
#: Columns of the problem report shown and downloaded (the CLI's CSV also has ``field``).
REPORT_COLUMNS = ["file", "row", "column", "value", "expected", "kind"]
#: Derived columns left out of the preview (the NIK hash is of no use to read).
HIDDEN_PREVIEW = ("nik_hash",)


def importable(lang: str = "en") -> dict[str, str]:
    """Table name -> its one-line description from ``store.schema`` in ``lang``, in CLI order."""
    return {name: schema.TABLES[name].describe(lang) for name in schema.IMPORTABLE}


def required_columns(table: str) -> list[str]:
    """The columns a delivery for ``table`` must have (store names)."""
    return [c.name for c in schema.TABLES[table].columns if c.required and not c.derived]


@contextmanager
def saved_upload(content: bytes, file_name: str) -> Iterator[Path]:
    """The upload written to a private temporary file (same suffix), removed afterwards.

    Only the suffix of ``file_name`` is used (the reader picks the format by
    it); an unsupported suffix raises ``ValueError``.
    """
    suffix = Path(file_name).suffix.lower()
    if suffix.lstrip(".") not in UPLOAD_TYPES:
        raise ValueError(f"unsupported file type {suffix!r}; allowed: {', '.join(UPLOAD_TYPES)}")
    fd, tmp = tempfile.mkstemp(prefix="rpkd-upload-", suffix=suffix)
    path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        yield path
    finally:
        path.unlink(missing_ok=True)


def _masked(value: object) -> object:
    return mask_nik(value) if isinstance(value, str) else value


def report_frame(problems: list[Problem] | pd.DataFrame) -> pd.DataFrame:
    """Problems as rows: file, row, column, value, expected, kind (NIK-like values hidden)."""
    df = problems if isinstance(problems, pd.DataFrame) else problems_frame(problems)
    df = df.reindex(columns=REPORT_COLUMNS).copy()
    for col in ("file", "column", "value", "expected"):
        df[col] = df[col].map(_masked).astype(object)
    df["row"] = pd.to_numeric(df["row"], errors="coerce").astype("Int64")
    return df.reset_index(drop=True)


def localised_report(report: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The report with its texts (``expected``, hidden NIKs in ``value``) in ``lang``.

    The import writes English (the CLI's report); the page shows and offers for
    download the interface's language. Kinds stay as codes (they are stable).
    """
    out = report.copy()
    if "expected" in out.columns:
        out["expected"] = out["expected"].map(lambda v: localise(v, lang)).astype(object)
    if "value" in out.columns:
        out["value"] = out["value"].map(lambda v: localise_value(v, lang)).astype(object)
    return out


def localised_notes(notes: list[str], lang: str) -> list[str]:
    """Reading and load notes in ``lang`` (English as the import writes them otherwise)."""
    return [localise(n, lang) for n in notes]


def counts_frame(counts: dict[str, int], capped: set[str] | None = None) -> pd.DataFrame:
    """Problems per kind, most first: kind, n, capped (n is a lower bound when capped)."""
    capped = capped or set()
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(
        [(k, int(n), k in capped) for k, n in rows], columns=["kind", "n", "capped"]
    ).astype({"n": "int64", "capped": bool})


@dataclass
class CheckOutcome:
    """What the preview found. ``counts`` per kind; ``capped``: kinds listed only up to
    ``ingest.checks.MAX_LISTED`` (their count is a lower bound)."""

    file_name: str
    rows: int
    columns: list[str]
    notes: list[str]
    report: pd.DataFrame
    counts: dict[str, int]
    capped: set[str] = field(default_factory=set)
    preview: pd.DataFrame | None = None

    @property
    def ok(self) -> bool:
        return not self.counts


def check_upload(
    table: str,
    path: Path,
    *,
    file_name: str,
    sheet: str | None = None,
    nik_key: str | None = None,
    store: Store | None = None,
) -> CheckOutcome:
    """Stage and check the file as ``rpkd import`` does, without touching the store.

    The preview holds the first :data:`PREVIEW_ROWS` typed rows (store column
    names, NIK already hashed and the hash left out) when the file is clean.
    """
    staged, problems, typed = check_delivery(
        table, path, store=store, file_name=file_name, sheet=sheet, nik_key=nik_key
    )
    counts = count_kinds(problems)
    capped = {k for k, n in counts.items() if n >= checks.MAX_LISTED}
    preview = None
    if typed is not None:
        head = typed.slice(0, PREVIEW_ROWS).to_pandas()
        preview = head.drop(columns=[c for c in HIDDEN_PREVIEW if c in head.columns])
    return CheckOutcome(
        file_name=file_name,
        rows=int(staged.rows),
        columns=[mask_nik(c) for c in staged.columns],
        notes=[mask_nik(n) for n in staged.notes],
        report=report_frame(problems),
        counts=counts,
        capped=capped,
        preview=preview,
    )


@dataclass
class ImportOutcome:
    """What the load did: ``outcome`` loaded / refused / failed; ``reason`` for a failure
    ("busy" when another import held the store, else the error class and first line)."""

    outcome: str
    rows: int = 0
    years: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    report: pd.DataFrame = field(default_factory=lambda: report_frame([]))
    counts: dict[str, int] = field(default_factory=dict)
    reason: str = ""


def run_import(
    store: Store,
    table: str,
    path: Path,
    *,
    file_name: str,
    replace: bool = False,
    sheet: str | None = None,
    nik_key: str | None = None,
    user: str | None = None,
    who: dict | None = None,
) -> ImportOutcome:
    """``import_delivery`` on the saved upload, and one ``import`` event in the audit log.

    ``who``: :func:`ui.audit.context` captured in the page (user, role, session).
    A refusal brings the complete problem list (the report ``rpkd import`` writes).
    """
    with tempfile.TemporaryDirectory(prefix="rpkd-report-") as tmp:
        report_path = Path(tmp) / "problems.csv"
        try:
            res = import_delivery(
                store,
                table,
                path,
                replace=replace,
                sheet=sheet,
                file_name=file_name,
                nik_key=nik_key,
                user=user,
                report=report_path,
            )
        except ImportRefused as exc:
            full = (
                pd.read_csv(exc.report, dtype=str, keep_default_na=False)
                if exc.report is not None and Path(exc.report).exists()
                else problems_frame(exc.problems)
            )
            out = ImportOutcome("refused", report=report_frame(full), counts=dict(exc.counts))
        except StoreBusy:
            out = ImportOutcome("failed", reason="busy")
        except (StoreError, duckdb.Error, OSError, ValueError) as exc:
            first = (str(exc).splitlines() or [""])[0]
            out = ImportOutcome("failed", reason=mask_nik(f"{exc.__class__.__name__}: {first}"))
        else:
            out = ImportOutcome(
                "loaded",
                rows=res.rows,
                years=list(res.years),
                notes=[mask_nik(n) for n in res.notes],
            )
    detail = {"table": table, "file": file_name, "outcome": out.outcome, "rows": out.rows}
    if out.outcome == "refused":
        detail["problems"] = sum(out.counts.values())
    elif out.outcome == "failed":
        detail["reason"] = "busy" if out.reason == "busy" else out.reason.split(":")[0]
    audit.record("import", detail, **(who or {}))
    return out
