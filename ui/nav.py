"""The page registry: which pages exist, their titles and who may open them.

``app.py`` builds ``st.navigation`` from this list, keeping only the pages the
current role may see. Roles, from least to most: viewer (regent's office),
planner, analyst, steward, admin; ``open`` is the demo mode with no accounts
configured (aggregates only, no household rows, no import).
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("open", "viewer", "planner", "analyst", "steward", "admin")


@dataclass(frozen=True)
class PageSpec:
    """One page: its script, title key (ui.i18n), icon, url path and allowed roles."""

    script: str
    title_key: str
    icon: str
    url_path: str
    roles: tuple[str, ...]
    default: bool = False


EVERYONE = ROLES
PLANNING = ("open", "planner", "analyst", "steward", "admin")
# "anonymous": accounts are configured and nobody has signed in (ui.auth).
SIGNED_IN = ("viewer", "planner", "analyst", "steward", "admin")

PAGES: list[PageSpec] = [
    PageSpec(
        "pages/ringkasan.py",
        "page_summary",
        ":material/dashboard:",
        "ringkasan",
        EVERYONE,
        default=True,
    ),
    PageSpec("pages/peta.py", "page_map", ":material/map:", "peta", PLANNING),
    PageSpec(
        "pages/jangkauan.py", "page_reach", ":material/volunteer_activism:", "jangkauan", PLANNING
    ),
    PageSpec("pages/anggaran.py", "page_budget", ":material/payments:", "anggaran", PLANNING),
    PageSpec("pages/prioritas.py", "page_priority", ":material/place:", "prioritas", PLANNING),
    PageSpec("pages/simulasi.py", "page_sim", ":material/calculate:", "simulasi", PLANNING),
    PageSpec("pages/rat.py", "page_rat", ":material/edit_note:", "rat", PLANNING),
    PageSpec("pages/unduh.py", "page_data", ":material/download:", "unduh", PLANNING),
    PageSpec("pages/metodologi.py", "page_method", ":material/menu_book:", "metodologi", EVERYONE),
    PageSpec(
        "pages/impor.py", "page_import", ":material/upload_file:", "impor", ("steward", "admin")
    ),
    PageSpec("pages/audit.py", "page_audit", ":material/shield:", "audit", ("admin",)),
    PageSpec(
        "pages/masuk.py", "page_signin", ":material/login:", "masuk", ("anonymous", *SIGNED_IN)
    ),
]


def pages_for(role: str) -> list[PageSpec]:
    """The pages ``role`` may open, in menu order."""
    return [p for p in PAGES if role in p.roles]
