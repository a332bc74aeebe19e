"""Screenshot every page of ui/nav.PAGES in both languages with headless Chromium.

Usage::

    .venv/bin/rpkd demo --db /tmp/shots.duckdb          # a full demo store
    .venv/bin/python scripts/screenshots.py --db /tmp/shots.duckdb [--out docs/screenshots]

Starts ``streamlit run app.py`` on a free port against ``--db`` (``bench.server``), opens
``/<url_path>?lang=<id|en>`` for each page whose script exists and is open to
``--role`` (default ``open``: the pages a visitor without an account sees), waits
until Streamlit is idle, and writes ``<out>/<url_path>_<lang>.png`` (full page).
Uses Debian's Chromium (/usr/bin/chromium); never downloads a browser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.server import launch_chromium, streamlit_server, wait_idle  # noqa: E402


def full_screenshot(page, target: Path, width: int, height: int) -> None:
    """The whole page: Streamlit scrolls inside stMain, so grow the viewport to fit it."""
    content = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight, ...['stMain', 'stSidebarContent']"
        ".map(id => document.querySelector(`[data-testid='${id}']`))"
        ".filter(Boolean).map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": max(height, int(content))})
    page.wait_for_timeout(800)  # plotly re-lays out on resize
    page.screenshot(path=str(target))
    page.set_viewport_size({"width": width, "height": height})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="store to show (rpkd demo --db ...)")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    ap.add_argument("--role", default="open", help="pages open to this role (ui/nav.py)")
    ap.add_argument("--pages", nargs="*", help="url paths to take (default: all)")
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from ui.nav import pages_for

    specs = [s for s in pages_for(args.role) if (REPO / s.script).exists()]
    if args.pages:
        specs = [s for s in specs if s.url_path in args.pages]
    args.out.mkdir(parents=True, exist_ok=True)
    with streamlit_server(args.db) as url, sync_playwright() as p:
        browser = launch_chromium(p)
        ctx = browser.new_context(viewport={"width": args.width, "height": args.height})
        page = ctx.new_page()
        for spec in specs:
            for lang in ("id", "en"):
                # st.navigation serves the default page at "/" only.
                path = "" if spec.default else spec.url_path
                page.goto(f"{url}/{path}?lang={lang}")
                wait_idle(page)
                page.wait_for_timeout(1000)  # let plotly and MapLibre finish drawing
                target = args.out / f"{spec.url_path}_{lang}.png"
                full_screenshot(page, target, args.width, args.height)
                print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
