"""The generated part of docs/import-formats.md: columns, aliases and problem kinds.

Run ``python -m ingest.formats_doc --write`` after changing ``store/schema.py``;
``tests/ingest/test_docs.py`` fails while the document and the schema disagree.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest.checks import NIK_ALIASES
from ingest.load import REPLACE_UNITS
from ingest.problems import KINDS
from ingest.values import CATEGORY_BOOLS
from store import schema

DOC = Path(__file__).resolve().parents[1] / "docs" / "import-formats.md"
BEGIN = "<!-- BEGIN GENERATED: python -m ingest.formats_doc --write -->"
END = "<!-- END GENERATED -->"

TYPE_WORDS = {
    "text": "text",
    "int": "whole number",
    "float": "number",
    "bool": "yes/no",
    "date": "date",
    "timestamp": "date and time",
}


def _rule(c: schema.Column) -> str:
    parts = []
    if c.allowed:
        parts.append("one of " + ", ".join(f"`{a}`" for a in c.allowed))
    if c.min is not None:
        parts.append(f"{'>' if c.min_exclusive else '>='} {c.min:g}")
    if c.max is not None:
        parts.append(f"<= {c.max:g}")
    if c.default is not None:
        parts.append(f"default {c.default!r}")
    return "; ".join(parts)


def _replace_unit(t: schema.Table) -> str:
    if t.name in REPLACE_UNITS:
        return " + ".join(REPLACE_UNITS[t.name])
    if t.partition:
        return t.partition
    if t.extra.get("virtual"):
        return "(updates districts.zone)"
    return " + ".join(t.primary_key) + " (row by row)"


def render() -> str:
    """The generated block (without the markers)."""
    out: list[str] = []
    out.append("### Problem kinds\n")
    out.append("| kind | meaning |")
    out.append("|---|---|")
    for kind, meaning in KINDS.items():
        out.append(f"| `{kind}` | {meaning} |")
    out.append("")
    for name in schema.IMPORTABLE:
        t = schema.TABLES[name]
        out.append(f"### `{name}`\n")
        out.append(f"{t.description}\n")
        keys = " + ".join(t.primary_key) or "-"
        out.append(
            f"Key: `{keys}` (unique within a file). `--replace` replaces: `{_replace_unit(t)}`.\n"
        )
        out.append("| column | type | unit | required | rule | also accepted as | meaning |")
        out.append("|---|---|---|---|---|---|---|")
        for c in t.columns:
            if c.derived:
                continue
            aliases = ", ".join(f"`{a}`" for a in c.aliases) or "-"
            cat = CATEGORY_BOOLS.get((name, c.name))
            if cat:
                aliases += " (" + ", ".join(f"`{h}`" for h in cat["headers"]) + ": 1 = L, 2 = P)"
            out.append(
                f"| `{c.name}` | {TYPE_WORDS[c.type]} | {c.unit or '-'} | "
                f"{'yes' if c.required else '-'} | {_rule(c) or '-'} | {aliases} | "
                f"{c.description} |"
            )
        if name == "households":
            nik = ", ".join(f"`{a}`" for a in NIK_ALIASES)
            out.append(
                f"| `nik` | 16 digits | - | - | stored only as `nik_hash` (HMAC-SHA256) | {nik} | "
                "Head's NIK; needs RPKD_NIK_KEY |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def current_block(text: str) -> str:
    start = text.index(BEGIN) + len(BEGIN)
    return text[start : text.index(END)].strip("\n") + "\n"


def write(path: Path = DOC) -> bool:
    """Rewrite the generated block; return True when it changed."""
    text = path.read_text()
    new = text[: text.index(BEGIN) + len(BEGIN)] + "\n" + render() + text[text.index(END) :]
    if new != text:
        path.write_text(new)
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--write", action="store_true", help="rewrite docs/import-formats.md")
    args = p.parse_args(argv)
    if args.write:
        print("updated" if write() else "up to date", DOC)
    else:
        sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
