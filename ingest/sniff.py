"""What a text file is before DuckDB reads it: hash, encoding, delimiter, header row.

One streaming pass (:func:`scan_file`) computes the SHA-256 for the import log,
checks that the whole file is valid UTF-8 (a Windows-1252 ``é`` on line 900,000
must not surprise the reader) and counts the lines. When the records DuckDB read
do not account for every line, :func:`blank_lines` finds the empty lines, which
DuckDB skips and which would otherwise shift the row numbers shown to the user. The head of the
file (:func:`sniff_text`) then gives the delimiter and the header row below any
title rows.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

SNIFF_BYTES = 256 * 1024
CHUNK = 1 << 20
DELIMITERS = (";", ",", "\t", "|")
HEADER_SEARCH_ROWS = 30


class StageError(ValueError):
    """The file cannot be read at all (format, encoding, no header)."""


def norm_header(name: object) -> str:
    """Header as matched against the schema: lower case, separators to '_'.

    ``"Jumlah ART"``, ``"JUMLAH_ART"`` and ``"jumlah-art (orang)"`` all give
    ``jumlah_art``: bracketed units and notes are dropped.
    """
    s = str(name).strip().lower().lstrip("\ufeff")
    s = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", s).strip()
    s = re.sub(r"[\s\-./]+", "_", s)
    return re.sub(r"[^0-9a-z_]", "", s).strip("_")


@dataclass
class FileScan:
    """Facts from one pass over the bytes of a file."""

    sha256: str
    size: int
    encoding: str  # utf-8, utf-8-sig, utf-16, cp1252
    lines: int = 0  # physical lines (text files only; a last line without "\n" counts)


def scan_file(path: Path, *, text: bool = True) -> FileScan:
    """Hash the file; for text, check it is UTF-8 and count its lines, in one pass.

    Pure-ASCII chunks (most of a delivery) skip the UTF-8 decoder. Empty lines are
    looked for only when the lines and the records read disagree (:func:`blank_lines`).
    """
    h = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as fh:
        first = fh.read(CHUNK)
        if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = False  # transcoded before reading; its lines are not counted
            encoding = "utf-16"
        else:
            encoding = "utf-8-sig" if first.startswith(codecs.BOM_UTF8) else "utf-8"
        decoder = codecs.getincrementaldecoder("utf-8")() if text else None
        newlines = 0
        last = b""
        chunk = first
        while chunk:
            h.update(chunk)
            size += len(chunk)
            if text:
                if decoder is not None:
                    pending = decoder.getstate()[0]
                    if pending or not chunk.isascii():
                        try:
                            decoder.decode(chunk)
                        except UnicodeDecodeError:
                            decoder = None
                            encoding = "cp1252"
                newlines += chunk.count(b"\n")
                last = chunk[-1:]
            chunk = fh.read(CHUNK)
        if text and decoder is not None:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                encoding = "cp1252"
    lines = newlines + (1 if last not in (b"", b"\n") else 0) if text else 0
    return FileScan(h.hexdigest(), size, encoding, lines)


def blank_lines(path: Path) -> list[int]:
    """1-based numbers of the empty lines of a file (a second pass, only when needed)."""
    out: list[int] = []
    with Path(path).open("rb") as fh:
        prev_tail = b""
        newlines = 0
        while chunk := fh.read(CHUNK):
            # An empty line is a newline directly followed by "\n" or "\r\n"; the two
            # bytes carried over catch one split across chunks (duplicates dropped below).
            buf = prev_tail + chunk
            seen, count = 0, newlines - prev_tail.count(b"\n")
            for m in re.finditer(rb"\n(?=\r?\n)", buf):
                count += buf.count(b"\n", seen, m.start() + 1)
                seen = m.start() + 1
                out.append(count + 1)
            newlines += chunk.count(b"\n")
            prev_tail = chunk[-2:]
    return sorted(set(out))


def head_encoding(path: Path) -> str:
    """The encoding the first megabyte suggests (the whole file is checked by scan_file)."""
    with Path(path).open("rb") as fh:
        head = fh.read(CHUNK)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # a cut last character is fine
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"


def read_head(path: Path, encoding: str) -> str:
    """The first SNIFF_BYTES of a text file, decoded (a cut last line dropped)."""
    with Path(path).open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
        more = bool(fh.read(1))
    if encoding == "utf-16":
        text = head.decode("utf-16", errors="ignore")
    elif encoding == "cp1252":
        text = head.decode("cp1252", errors="replace")
    else:
        text = head.decode("utf-8-sig", errors="ignore")
    if more and "\n" in text:
        text = text[: text.rindex("\n")]
    return text


def header_index(rows: list[list[str]], known: set[str]) -> int:
    """Index of the header row: the first with two known names (title rows above it)."""
    best, best_hits = None, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for c in row if norm_header(c) in known)
        if hits >= 2:
            return i
        if hits > best_hits:
            best, best_hits = i, hits
    if best is not None:
        return best
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in row if str(c).strip()) >= 2:
            return i
    raise StageError(
        f"no header row found in the first {HEADER_SEARCH_ROWS} rows "
        "(expected column names such as year, hh_id, district_code)"
    )


@dataclass
class Sniffed:
    delimiter: str
    header_index: int  # 0-based physical line of the header
    header: list[str]
    width: int  # fields per record (header, or wider data rows seen in the head)
    body: list[list[str]] = field(default_factory=list)  # the data rows of the head


def sniff_text(text: str, known: set[str]) -> Sniffed:
    """Delimiter and header row of a CSV from its head."""
    if not text.strip():
        raise StageError("the file is empty")
    if "\x00" in text[:4096]:
        raise StageError("the file is binary, not a CSV (is it an .xlsx renamed to .csv?)")
    # Physical lines, as DuckDB's ``skip`` counts them (not str.splitlines, which
    # also breaks on form feeds and U+2028).
    sep = "\n" if "\n" in text or "\r" not in text else "\r"
    lines = [ln.rstrip("\r") for ln in text.split(sep)[:200]]
    best = None
    for delim in DELIMITERS:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
        try:
            hi = header_index(rows, known)
        except StageError:
            continue
        header = rows[hi]
        hits = sum(1 for c in header if norm_header(c) in known)
        filled = sum(1 for c in header if c.strip())
        # Data rows should have as many fields as the header: consistent splits win.
        body = [r for r in rows[hi + 1 : hi + 51] if r]
        consistent = sum(1 for r in body if len(r) == len(header))
        score = (hits, consistent, filled)
        if filled > 1 and (best is None or score > best[0]):
            width = max([len(header), *(len(r) for r in body)])
            sample = [r for r in rows[hi + 1 :] if r]
            best = (score, Sniffed(delim, hi, header, width, sample))
    if best is None:
        raise StageError("could not find the delimiter (; , tab or |) and a header row")
    return best[1]
