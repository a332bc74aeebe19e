"""Load test: N concurrent headless Chromium sessions walk the main pages of the dashboard.

Usage::

    .venv/bin/rpkd demo --db /tmp/load.duckdb                # the full demo store
    .venv/bin/python scripts/load_test.py --db /tmp/load.duckdb --sessions 10 --rounds 3

Starts ``streamlit run app.py`` on a free localhost port against ``--db`` in open
demo mode (no accounts, so no sign-in), opens one Debian Chromium with
``--sessions`` browser contexts (each its own Streamlit session), and has every
session walk the pages ``--rounds`` times at once: the first page by URL (a new
session), the others by clicking the sidebar links, as a user does. A page's
render time runs from the navigation to the moment its title shows and the app
is idle (no script run in progress, no status widget). Prints p50/p95/max per
page and overall, and errors (timeouts, exceptions shown on a page); ``--json``
writes the raw timings. Bounded: sessions x rounds x pages navigations, then it
stops the server. Localhost only. Not a unit test (see docs/load.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from screenshots import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

MAIN_PAGES = ("ringkasan", "peta", "jangkauan", "anggaran", "unduh", "metodologi")
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
BUSY = "[data-testid='stStatusWidget']"


@dataclass
class Visit:
    session: int
    round: int
    page: str
    seconds: float | None
    error: str | None = None


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty list."""
    s = sorted(values)
    if len(s) == 1:
        return s[0]
    k = (len(s) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


async def wait_ready(page, title: str, timeout_ms: int) -> None:
    await page.locator("h1", has_text=title).first.wait_for(timeout=timeout_ms)
    for _ in range(2):  # one run may trigger another (URL filters written back)
        await page.wait_for_selector(IDLE, timeout=timeout_ms)
        await page.wait_for_selector(BUSY, state="detached", timeout=timeout_ms)
        await page.wait_for_timeout(100)


async def errors_on(page) -> str | None:
    n = await page.locator("[data-testid='stException']").count()
    return f"{n} exception(s) shown" if n else None


async def walk(browser, url: str, i: int, pages, rounds: int, timeout_ms: int) -> list[Visit]:
    ctx = await browser.new_context(viewport={"width": 1366, "height": 900})
    page = await ctx.new_page()
    page.set_default_timeout(timeout_ms)
    out: list[Visit] = []
    try:
        for r in range(rounds):
            for j, (path, title, default) in enumerate(pages):
                t0 = time.perf_counter()
                err = None
                try:
                    if r == 0 and j == 0:
                        await page.goto(
                            f"{url}/{'' if default else path}", wait_until="domcontentloaded"
                        )
                    else:
                        link = page.locator("[data-testid='stSidebarNav'] a", has_text=title)
                        await link.first.click(timeout=timeout_ms)
                    await wait_ready(page, title, timeout_ms)
                    err = await errors_on(page)
                except Exception as exc:  # noqa: BLE001 - a failed visit is a finding
                    err = f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:160]}"
                took = time.perf_counter() - t0
                out.append(Visit(i, r, path, None if err and "Timeout" in err else took, err))
    finally:
        await ctx.close()
    return out


async def run(url: str, sessions: int, rounds: int, pages, timeout_ms: int) -> list[Visit]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = await asyncio.gather(
                *(walk(browser, url, i, pages, rounds, timeout_ms) for i in range(sessions))
            )
        finally:
            await browser.close()
    return [v for r in results for v in r]


def report(visits: list[Visit], pages, wall_s: float, peak_rss_mb: float | None) -> str:
    lines = [
        "| page | visits | p50 s | p95 s | max s | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for path, _, _ in pages:
        vs = [v for v in visits if v.page == path]
        ok = [v.seconds for v in vs if v.seconds is not None and not v.error]
        errs = sum(1 for v in vs if v.error)
        if ok:
            lines.append(
                f"| {path} | {len(vs)} | {percentile(ok, 50):.2f} | {percentile(ok, 95):.2f} "
                f"| {max(ok):.2f} | {errs} |"
            )
        else:
            lines.append(f"| {path} | {len(vs)} | - | - | - | {errs} |")
    ok = [v.seconds for v in visits if v.seconds is not None and not v.error]
    errs = [v for v in visits if v.error]
    if ok:
        lines.append(
            f"| **all** | {len(visits)} | {percentile(ok, 50):.2f} | {percentile(ok, 95):.2f} "
            f"| {max(ok):.2f} | {len(errs)} |"
        )
    lines.append("")
    lines.append(
        f"wall time {wall_s:.1f} s"
        + (f", server peak RSS {peak_rss_mb:.0f} MB" if peak_rss_mb else "")
    )
    for v in errs[:10]:
        lines.append(f"error: session {v.session} round {v.round} {v.page}: {v.error}")
    return "\n".join(lines)


def _watch_rss(pid_file: list[int]):
    """Peak resident memory of the server process tree (psutil), sampled each 0.5 s."""
    import threading

    import psutil

    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            try:
                procs = [psutil.Process(pid) for pid in pid_file]
                procs += [c for p in procs for c in p.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in procs) / 1e6)
            except Exception:
                pass
            done.wait(0.5)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    return peak, done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="store to serve (rpkd demo --db ...)")
    ap.add_argument("--sessions", type=int, default=10, help="concurrent browser sessions (10)")
    ap.add_argument("--rounds", type=int, default=3, help="walks through the pages (3)")
    ap.add_argument("--pages", nargs="*", default=list(MAIN_PAGES), help="url paths to visit")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per page (120)")
    ap.add_argument("--url", help="use a running server instead (localhost only)")
    ap.add_argument("--json", type=Path, help="write every visit here")
    args = ap.parse_args(argv)
    if not (1 <= args.sessions <= 50 and 1 <= args.rounds <= 20):
        ap.error("--sessions 1..50 and --rounds 1..20 (bounded load)")
    if args.url and urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        ap.error("--url must be a localhost address")

    from ui.i18n import TEXT
    from ui.nav import PAGES

    by_path = {s.url_path: s for s in PAGES}
    unknown = [p for p in args.pages if p not in by_path or "open" not in by_path[p].roles]
    if unknown:
        ap.error(f"not open-demo pages: {unknown}")
    pages = [(p, TEXT[by_path[p].title_key][0], by_path[p].default) for p in args.pages]

    env = {"RPKD_ACCOUNTS": str(REPO / "data" / ".no-accounts-load-test.toml")}
    env["RPKD_STATE_DIR"] = os.environ.get("RPKD_STATE_DIR", "/tmp/rpkd-load-state")
    print(
        f"{args.sessions} sessions x {args.rounds} rounds x {len(pages)} pages on {args.db}",
        file=sys.stderr,
    )

    def go(url: str, pids: list[int]) -> tuple[list[Visit], float, float | None]:
        peak, done = _watch_rss(pids) if pids else ([None], None)
        t0 = time.perf_counter()
        visits = asyncio.run(run(url, args.sessions, args.rounds, pages, int(args.timeout * 1000)))
        wall = time.perf_counter() - t0
        if done is not None:
            done.set()
        return visits, wall, peak[0]

    if args.url:
        visits, wall, peak = go(args.url.rstrip("/"), [])
    else:
        import psutil

        with streamlit_server(args.db, env=env, timeout_s=120) as url:
            port = int(urlparse(url).port)
            pids = [
                c.pid
                for c in psutil.net_connections(kind="tcp")
                if c.laddr and c.laddr.port == port and c.status == "LISTEN" and c.pid
            ]
            visits, wall, peak = go(url, pids)

    text = report(visits, pages, wall, peak)
    print(text)
    if args.json:
        meta = {
            "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} CPUs",
            "python": platform.python_version(),
            "sessions": args.sessions,
            "rounds": args.rounds,
            "store": str(args.db),
            "wall_s": wall,
            "server_peak_rss_mb": peak,
        }
        args.json.write_text(
            json.dumps({"meta": meta, "visits": [asdict(v) for v in visits]}, indent=1)
        )
    bad = sum(1 for v in visits if v.error)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
