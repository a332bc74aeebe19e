"""Load test: N concurrent sessions walk the main pages of the dashboard.

Usage::

    .venv/bin/rpkd demo --db /tmp/load.duckdb                # the full demo store
    .venv/bin/python scripts/load_test.py --db /tmp/load.duckdb --sessions 10 --rounds 3
    .venv/bin/python scripts/load_test.py --db /tmp/load.duckdb --client protocol

Starts ``streamlit run app.py`` on a free localhost port against ``--db`` in open
demo mode (no accounts, so no sign-in), or uses ``--url`` (localhost only), and has
``--sessions`` Streamlit sessions walk the pages ``--rounds`` times at once.

``--client browser`` (default): one Debian Chromium with a browser context per
session; the first page by URL (a new session), the others by clicking the sidebar
links, as a user does. A page's time runs from the navigation to the moment its
title shows and the app is idle (no script run in progress, no status widget).
The browsers share the machine's CPUs with the server.

``--client protocol``: no browser; each session speaks Streamlit's websocket
protocol and asks for each page as loading its URL does. A page's time runs from
the request to the last message of the run: the server's side of a page view.

Prints p50/p95/max per page, overall and per round, errors (timeouts, exceptions
shown on a page), the server's peak memory and CPU seconds, the browsers' CPU
seconds and the load average before and after; ``--json`` writes the raw timings.
Bounded: sessions x rounds x pages requests, then it stops the server. Not a unit
test (see docs/load.md).
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

from bench.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

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


async def _page_run(ws, page_name: str, title: str) -> str | None:
    """Ask the server to run one page (as loading its URL does) and read every message
    of the run; returns an error text or None. Ends at the run's ``script_finished``
    (a run that only asked for another run is followed to the end of that one)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = ""
    msg.rerun_script.page_name = page_name
    await ws.send(msg.SerializeToString())
    exceptions, titled = 0, False
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await ws.recv())
        kind = fwd.WhichOneof("type")
        if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element = fwd.delta.new_element
            which = element.WhichOneof("type")
            exceptions += which == "exception"
            titled = titled or (which == "heading" and element.heading.body == title)
        elif kind == "script_finished":
            if fwd.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                return "compile error"
            break
    if exceptions:
        return f"{exceptions} exception(s) shown"
    return None if titled else "page title not shown"


async def walk_protocol(url: str, i: int, pages, rounds: int, timeout_ms: int) -> list[Visit]:
    """One session without a browser: Streamlit's own websocket protocol, page by page.

    A visit's time runs from the request to the last message of the run: the
    server's side of a page view (script run, serialisation, delivery), without
    any drawing. Widget values are not sent back, so the shared filters keep
    their defaults, as on a first visit.
    """
    import websockets

    out: list[Visit] = []
    ws_url = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None) as ws:
        for r in range(rounds):
            for path, title, default in pages:
                t0 = time.perf_counter()
                try:
                    err = await asyncio.wait_for(
                        _page_run(ws, "" if default else path, title), timeout_ms / 1000
                    )
                except Exception as exc:  # noqa: BLE001 - a failed visit is a finding
                    err = f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:160]}"
                    if isinstance(exc, TimeoutError):
                        out.append(Visit(i, r, path, None, err))
                        return out  # the socket is mid-run: this session stops here
                out.append(Visit(i, r, path, time.perf_counter() - t0, err))
    return out


async def run(
    url: str, sessions: int, rounds: int, pages, timeout_ms: int, client: str = "browser"
) -> list[Visit]:
    if client == "protocol":
        results = await asyncio.gather(
            *(walk_protocol(url, i, pages, rounds, timeout_ms) for i in range(sessions))
        )
        return [v for r in results for v in r]

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


def report(visits: list[Visit], pages, wall_s: float, usage: dict | None = None) -> str:
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
    for r in sorted({v.round for v in visits}):
        ok_r = [v.seconds for v in visits if v.round == r and v.seconds is not None and not v.error]
        if ok_r and len({v.round for v in visits}) > 1:
            n_r = sum(1 for v in visits if v.round == r)
            lines.append(
                f"| round {r + 1}{' (cold caches)' if r == 0 else ''} | {n_r} "
                f"| {percentile(ok_r, 50):.2f} | {percentile(ok_r, 95):.2f} | {max(ok_r):.2f} "
                f"| {sum(1 for v in visits if v.round == r and v.error)} |"
            )
    lines.append("")
    lines.append(f"wall time {wall_s:.1f} s")
    u = usage or {}
    if u.get("server_peak_rss_mb"):
        lines.append(
            f"server: peak RSS {u['server_peak_rss_mb']:.0f} MB, "
            f"CPU {u['server_cpu_s']:.1f} s ({u['server_cpu_s'] / wall_s:.2f} cores on average)"
        )
    if u.get("browser_cpu_s") is not None:
        lines.append(f"browser (Chromium, same machine): CPU {u['browser_cpu_s']:.1f} s")
    if u.get("load_before"):
        lines.append(
            f"load average (1 min) before {u['load_before']:.1f}, after {u['load_after']:.1f}, "
            f"on {os.cpu_count()} CPUs"
        )
    for v in errs[:10]:
        lines.append(f"error: session {v.session} round {v.round} {v.page}: {v.error}")
    return "\n".join(lines)


def _watch(server_pids: list[int]):
    """Sample, each 0.5 s, the server tree's resident memory and the CPU seconds of the
    server tree and of this script's other children (Playwright and Chromium).

    Returns ``(usage, stop)``: call ``stop()`` after the run; ``usage`` then holds
    ``server_peak_rss_mb``, ``server_cpu_s`` and ``browser_cpu_s`` (CPU spent during
    the run; a process that ended between two samples counts up to its last sample).
    """
    import threading

    import psutil

    me = psutil.Process()
    server = [psutil.Process(pid) for pid in server_pids]
    cpu: dict[int, float] = {}  # pid -> last user+system seconds seen
    start: dict[int, float] = {}  # pid -> seconds before the run (the server's warm-up)
    usage: dict = {"server_peak_rss_mb": None, "server_cpu_s": None, "browser_cpu_s": None}
    done = threading.Event()

    def tree(procs):
        return procs + [c for p in procs for c in p.children(recursive=True)]

    def sample(first: bool = False) -> None:
        try:
            srv = tree(server)
        except psutil.Error:
            srv = []
        srv_pids = {p.pid for p in srv}
        try:
            client = [c for c in me.children(recursive=True) if c.pid not in srv_pids]
        except psutil.Error:
            client = []
        rss = 0.0
        for p in srv + client:
            try:
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
                if first:
                    start[p.pid] = cpu[p.pid]
                if p.pid in srv_pids:
                    rss += p.memory_info().rss / 1e6
            except psutil.Error:
                pass
        if srv:
            usage["server_peak_rss_mb"] = max(usage["server_peak_rss_mb"] or 0.0, rss)
        usage["server_cpu_s"] = (
            sum(cpu[p] - start.get(p, 0.0) for p in cpu if p in srv_pids) if srv else None
        )
        seen_client = usage.setdefault("_client", set())
        seen_client.update(p.pid for p in client)
        usage["browser_cpu_s"] = sum(cpu[p] - start.get(p, 0.0) for p in seen_client if p in cpu)

    def loop() -> None:
        while not done.wait(0.5):
            sample()

    sample(first=True)
    t = threading.Thread(target=loop, daemon=True)
    t.start()

    def stop() -> None:
        done.set()
        t.join()
        sample()
        usage.pop("_client", None)

    return usage, stop


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="store to serve (rpkd demo --db ...)")
    ap.add_argument("--sessions", type=int, default=10, help="concurrent browser sessions (10)")
    ap.add_argument("--rounds", type=int, default=3, help="walks through the pages (3)")
    ap.add_argument("--pages", nargs="*", default=list(MAIN_PAGES), help="url paths to visit")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per page (120)")
    ap.add_argument("--url", help="use a running server instead (localhost only)")
    ap.add_argument(
        "--client",
        choices=("browser", "protocol"),
        default="browser",
        help="browser: Chromium contexts, drawing included (default); protocol: Streamlit's "
        "websocket protocol without a browser, the server's side of each page view only",
    )
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
        f"{args.sessions} {args.client} sessions x {args.rounds} rounds x {len(pages)} pages "
        f"on {args.db}",
        file=sys.stderr,
    )

    def go(url: str, pids: list[int]) -> tuple[list[Visit], float, dict]:
        usage, stop = _watch(pids)
        load_before = os.getloadavg()[0]
        t0 = time.perf_counter()
        visits = asyncio.run(
            run(url, args.sessions, args.rounds, pages, int(args.timeout * 1000), args.client)
        )
        wall = time.perf_counter() - t0
        stop()
        usage |= {"load_before": load_before, "load_after": os.getloadavg()[0]}
        if args.client == "protocol":
            usage["browser_cpu_s"] = None
        return visits, wall, usage

    if args.url:
        visits, wall, usage = go(args.url.rstrip("/"), [])
    else:
        import psutil

        with streamlit_server(args.db, env=env, timeout_s=120) as url:
            port = int(urlparse(url).port)
            pids = [
                c.pid
                for c in psutil.net_connections(kind="tcp")
                if c.laddr and c.laddr.port == port and c.status == "LISTEN" and c.pid
            ]
            visits, wall, usage = go(url, pids)

    text = report(visits, pages, wall, usage)
    print(text)
    if args.json:
        meta = {
            "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} CPUs",
            "python": platform.python_version(),
            "client": args.client,
            "sessions": args.sessions,
            "rounds": args.rounds,
            "store": str(args.db),
            "wall_s": wall,
            **usage,
        }
        args.json.write_text(
            json.dumps({"meta": meta, "visits": [asdict(v) for v in visits]}, indent=1)
        )
    bad = sum(1 for v in visits if v.error)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
