"""Readable labels, per interface language, for codes and notes that come with the data.

The reference CSVs, the store and the audit log keep their codes (``published``,
``percent``, ``signin_ok``) and their notes as delivered; pages call these functions
when they show them. Texts live in ``ui/texts`` (``reference.py`` for the reference
files, ``auth.py`` for audit events, ``summary.py`` for poverty-line statuses); an
unknown code or note comes back as written, so nothing is hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from ui.i18n import TEXT, text
from ui.texts.reference import NOTE_RULES_ID

#: Indicator codes whose label is a core interface text (ui/i18n.py).
_CORE_INDICATORS = ("p0", "p1", "p2", "gini", "poor_people", "poverty_line")
_DECIMAL = re.compile(r"\d+\.\d+")


def _keyed(prefix: str, code: object, lang: str) -> str:
    """``TEXT[prefix + code]`` in ``lang``, or the code as written when there is none."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    key = f"{prefix}{code}"
    return text(key, lang) if key in TEXT else str(code)


def event(code: object, lang: str) -> str:
    """An audit event (``ui.audit.EVENTS``) in words: 'signin_ok' -> 'Berhasil masuk'."""
    return _keyed("audit_ev_", code, lang)


def role(code: object, lang: str) -> str:
    """A role code ('admin', 'analyst', ...) in words."""
    return _keyed("role_", code, lang)


def line_status(code: object, lang: str) -> str:
    """``poverty_lines.status`` (published / interpolated / user) in words."""
    return _keyed("status_", code, lang)


def unit(code: object, lang: str) -> str:
    """A unit code of ``targets`` or ``official_series`` ('percent') in words."""
    return _keyed("ref_unit_", code, lang)


def source_kind(code: object, lang: str) -> str:
    """``provenance.source_kind`` (demo / import) in words."""
    return _keyed("ref_kind_", code, lang)


def indicator(code: object, lang: str) -> str:
    """An indicator code of ``targets`` or ``official_series`` ('p0', 'ipm') in words."""
    if code in _CORE_INDICATORS:
        return text(str(code), lang)
    return _keyed("ref_ind_", code, lang)


def _localise_number(s: str) -> str:
    return s.replace(".", ",") if _DECIMAL.fullmatch(s) else s


def note(value: object, lang: str) -> str:
    """A free-text note of a reference file (source, area name, reason) in ``lang``.

    English notes are translated into Indonesian fragment by fragment
    (``ui.texts.reference.NOTE_RULES_ID``); in English, or where no rule matches, the
    note stays as written. Missing values give ''.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    s = str(value)
    if lang == "en":
        return s
    for pattern, template in NOTE_RULES_ID:

        def fill(m: re.Match[str], template: str = template) -> str:
            groups = ["", *(_localise_number(g or "") for g in m.groups())]
            return template.format(*groups)

        s = pattern.sub(fill, s)
    return s


def official_status(value: object, lang: str) -> str:
    """``official_series.status``: 'reported', or 'disputed: <reason>' with the reason as a
    note: 'diragukan: 14,72 lebih sesuai dengan 30,12 ribu penduduk miskin'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    s = str(value).strip()
    head, sep, reason = s.partition(":")
    key = f"ref_status_{head.strip()}"
    if key not in TEXT:
        return note(s, lang)
    label = text(key, lang)
    return f"{label}: {note(reason.strip(), lang)}" if sep and reason.strip() else label


def localise(df: pd.DataFrame, lang: str, **columns: Callable[[object, str], str]) -> pd.DataFrame:
    """A copy of ``df`` with each named column (that it has) passed through its label
    function: ``localise(lines, "id", status=line_status, source=note)``."""
    out = df.copy()
    for col, fn in columns.items():
        if col in out.columns:
            out[col] = [fn(v, lang) for v in out[col]]
    return out


def poverty_lines(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``poverty_lines`` rows for display: status and source in ``lang``."""
    return localise(df, lang, status=line_status, source=note)


def targets(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``targets`` rows for display: indicator, unit and source in ``lang``."""
    return localise(df, lang, indicator=indicator, unit=unit, source=note)


def official_series(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``official_series`` rows for display: area name, indicator, unit, status and source
    in ``lang`` (codes such as ``area_code`` and ``period`` untouched)."""
    return localise(
        df,
        lang,
        area_name=note,
        indicator=indicator,
        unit=unit,
        status=official_status,
        source=note,
    )
