"""Screenshot every page of ui/nav.PAGES in both languages with headless Chromium.

Usage::

    .venv/bin/rpkd demo --db /tmp/shots.duckdb          # a full demo store
    .venv/bin/python scripts/screenshots.py --db /tmp/shots.duckdb [--out docs/screenshots]

Starts ``streamlit run app.py`` on a free port against ``--db``, opens
``/<url_path>?lang=<id|en>`` for each page whose script exists and is open to
``--role`` (default ``open``: the pages a visitor without an account sees), waits
until Streamlit is idle, and writes ``<out>/<url_path>_<lang>.png`` (full page).
Uses Debian's Chromium (/usr/bin/chromium); never downloads a browser.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    db: Path, port: int | None = None, timeout_s: float = 60, env: dict | None = None
):
    """Run the app against ``db`` on a free port; yield its base URL; stop it after.

    ``env`` adds environment variables (e.g. ``RPKD_STATE_DIR``) for the server.
    """
    port = port or free_port()
    env = {**os.environ, **(env or {}), "RPKD_DB": str(db)}
    cmd = [
        str(REPO / ".venv" / "bin" / "streamlit"),
        "run",
        str(REPO / "app.py"),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{proc.stdout.read()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("streamlit did not become healthy in time")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_idle(page, timeout_ms: int = 60_000, settle_ms: int = 300) -> None:
    """Wait until the app has rendered and no script run is in progress.

    Checked twice, ``settle_ms`` apart: one run may trigger another (a query
    parameter written, a widget default set).
    """
    done = "[data-testid='stApp'][data-test-script-state='notRunning']"
    for _ in range(2):
        page.wait_for_selector(done, timeout=timeout_ms)
        page.wait_for_selector(
            "[data-testid='stStatusWidget']", state="detached", timeout=timeout_ms
        )
        page.wait_for_timeout(settle_ms)


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


def launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


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
        browser = launch(p)
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
