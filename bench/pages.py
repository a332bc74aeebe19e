"""Page latency: every page of ``ui.nav.PAGES`` in headless Chromium against a given store.

Streamlit is started on a free local port (``bench.server``) with ``RPKD_DB``
pointing at the store, a throw-away accounts file holding one admin (so the steward and admin
pages can be opened too) and a throw-away state directory (audit log). The
browser opens the app (``app_load_s``: a full page load of the landing page,
JavaScript bundle included, on a server whose caches are cold), signs in on
the sign-in page, then visits each page by its sidebar link, as a user does:

* ``first_s``: the first visit of the page in this server process (its
  analytics are computed: cold ``st.cache_data``);
* later visits: ``samples`` more rounds over every page (default
  :data:`DEFAULT_SAMPLES`), so each page is reopened after visiting the others
  (warm cache: what a user exploring the dashboard waits). Reported per page:
  ``later_s`` (every later visit, in order), ``median_s``, ``best_s``,
  ``worst_s`` and ``samples`` (how many); ``second_s`` is the median (the key
  of the one-sample version, kept so older readers of the JSON still work).

The target of issue 7, every page under 2 s after its first load
(:func:`page_target`), is judged on each page's median of the later visits, so
that one noisy sample neither fails nor passes it.

A page has finished when the app's script state is ``notRunning`` (Streamlit's
``data-test-script-state`` on ``stApp``), the status widget is gone and every
Plotly chart has drawn its SVG; the time is measured from the click to that
moment, polled every 25 ms. Pages showing an exception are reported with
``exceptions`` > 0.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.server import REPO, launch_chromium, streamlit_server
from bench.steps import contention
from ui import nav

BENCH_USER = "bench-admin"
DEFAULT_SAMPLES = 5  # later visits per page
TARGET_S = 2.0  # issue 7: every page under 2 s after its first load (median of later visits)

# What the page shows right now: script state, status widget, charts not drawn yet, errors.
_PROBE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  return {
    state: app ? app.getAttribute("data-test-script-state") : null,
    status: !!document.querySelector("[data-testid='stStatusWidget']"),
    pending: charts.filter(c => !c.querySelector(".main-svg")).length,
    charts: charts.length,
    exceptions: document.querySelectorAll("[data-testid='stException']").length,
    path: location.pathname,
  };
}"""


def wait_done(page, t0: float, *, timeout_s: float = 120, settle_s: float = 0.5) -> dict:
    """Poll until the page has finished; return seconds since ``t0`` and what it showed."""
    deadline = time.perf_counter() + timeout_s
    done_at = None
    seen_running = False
    last = {}
    while time.perf_counter() < deadline:
        last = page.evaluate(_PROBE)
        now = time.perf_counter()
        if last["state"] in ("running", "rerunRequested"):
            seen_running = True
        finished = last["state"] == "notRunning" and not last["status"] and last["pending"] == 0
        if finished and done_at is None:
            done_at = now
        elif not finished:
            done_at = None
        if done_at is not None and now - done_at >= settle_s and (seen_running or now - t0 > 2):
            return {
                "seconds": round(done_at - t0, 3),
                "charts": last["charts"],
                "exceptions": last["exceptions"],
            }
        time.sleep(0.025)
    raise TimeoutError(f"page did not finish within {timeout_s} s (last state {last})")


def _nav_link(page, url_path: str, default: bool):
    links = page.locator("[data-testid='stSidebarNav'] a")
    for i in range(links.count()):
        a = links.nth(i)
        href = (a.get_attribute("href") or "").rstrip("/")
        if href.endswith("/" + url_path) or (default and href.count("/") <= 2):
            return a
    return None


def _goto_by_link(page, spec) -> dict:
    link = _nav_link(page, spec.url_path, spec.default)
    if link is None:
        raise LookupError(f"no sidebar link for {spec.url_path}")
    t0 = time.perf_counter()
    link.click()
    return wait_done(page, t0)


def _sign_in(page, password: str) -> None:
    """Sign in on the sign-in page, reached through the frame (the only page for anonymous)."""
    if "/masuk" not in page.evaluate("() => location.pathname"):
        link = _nav_link(page, "masuk", False)
        if link is not None:
            t0 = time.perf_counter()
            link.click()
            wait_done(page, t0)
    page.locator("[data-testid='stForm'] input[type='text']").first.fill(BENCH_USER)
    page.locator("[data-testid='stForm'] input[type='password']").first.fill(password)
    t0 = time.perf_counter()
    page.locator("[data-testid='stFormSubmitButton'] button").click()
    wait_done(page, t0)


def summarise_visits(row: dict) -> None:
    """Set ``median_s``, ``best_s``, ``worst_s``, ``samples`` and ``second_s`` (= median)
    of a page row from its ``later_s`` (seconds of the later visits); nothing if empty."""
    later = row.get("later_s") or []
    if not later:
        return
    row["median_s"] = round(statistics.median(later), 3)
    row["best_s"] = min(later)
    row["worst_s"] = max(later)
    row["samples"] = len(later)
    row["second_s"] = row["median_s"]


def page_target(rows: list[dict], bound_s: float = TARGET_S) -> dict:
    """Issue 7's page target judged on the medians of the later visits.

    Returns ``{"target", "value" (slowest median, seconds), "page" (its url_path),
    "met", "errors" (url_paths that failed)}``; ``met`` is None when no page was
    measured, False when a page failed or has no later visit, or a median is >= ``bound_s``.
    """
    medians = {r["url_path"]: r["median_s"] for r in rows if "median_s" in r}
    errors = [r["url_path"] for r in rows if "error" in r]
    unmeasured = [r["url_path"] for r in rows if "error" not in r and "median_s" not in r]
    out = {
        "target": f"every page < {bound_s:g} s after first load (median of later visits)",
        "value": None,
        "page": None,
        "met": None,
        "errors": errors,
    }
    if not medians and not errors:
        return out
    if medians:
        out["page"] = max(medians, key=medians.get)
        out["value"] = medians[out["page"]]
    out["met"] = not errors and not unmeasured and all(v < bound_s for v in medians.values())
    return out


def measure_pages(
    store: str | os.PathLike,
    *,
    samples: int | None = None,
    say: Callable[[str], None] = lambda m: None,
    screenshots: str | os.PathLike | None = None,
) -> dict:
    """Time every page of ``ui.nav.PAGES`` (that exists) against ``store``.

    Each page is visited once (``first_s``), then ``samples`` more times
    (default :data:`DEFAULT_SAMPLES`), one round over all pages per sample.

    Returns ``{"pages": [{url_path, script, first_s, later_s, median_s, best_s,
    worst_s, samples, second_s (= median_s), charts, exceptions} | {url_path,
    error, ...}], "samples", "target" (:func:`page_target`), "app_load_s",
    "notes", "contention_before", "contention_after"}`` (seconds); the contention
    factors (``bench.steps.contention``: wall over CPU time of a busy loop, 1.0
    on an idle core) are taken just before the server starts and after it stops.
    Screenshots (if asked) are taken on the first later visit.
    """
    from playwright.sync_api import sync_playwright

    from ui import auth

    samples = DEFAULT_SAMPLES if samples is None else int(samples)
    if samples < 1:
        raise ValueError(f"samples must be at least 1, not {samples}")
    store = Path(store).resolve()
    tmp = Path(tempfile.mkdtemp(prefix="rpkd-bench-pages-"))
    password = secrets.token_urlsafe(16)
    auth.save_account(tmp / "accounts.toml", BENCH_USER, "admin", password)
    env = {"RPKD_ACCOUNTS": str(tmp / "accounts.toml"), "RPKD_STATE_DIR": str(tmp / "state")}
    specs = [s for s in nav.PAGES if (REPO / s.script).exists()]
    notes = [f"not measured (no script yet): {s.url_path}" for s in nav.PAGES if s not in specs]
    rows: dict[str, dict] = {
        s.url_path: {"url_path": s.url_path, "script": s.script} for s in specs
    }
    out = {"pages": list(rows.values()), "samples": samples, "notes": notes, "app_load_s": None}
    out["contention_before"] = contention()
    try:
        with streamlit_server(store, env=env) as base, sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(base + "/")
            out["app_load_s"] = wait_done(page, t0)["seconds"]
            say(f"pages: app loaded in {out['app_load_s']:.2f} s; signing in")
            _sign_in(page, password)
            for visit in range(samples + 1):  # 0: first visit; then the later ones
                for spec in specs:
                    row = rows[spec.url_path]
                    if "error" in row:
                        continue
                    try:
                        res = _goto_by_link(page, spec)
                    except Exception as exc:  # report and go on with the other pages
                        row["error"] = f"{exc.__class__.__name__}: {str(exc)[:200]}"
                        continue
                    if visit == 0:
                        row["first_s"] = res["seconds"]
                    else:
                        row.setdefault("later_s", []).append(res["seconds"])
                    row["charts"] = res["charts"]
                    row["exceptions"] = max(row.get("exceptions", 0), res["exceptions"])
                    label = "first" if visit == 0 else f"later {visit}/{samples}"
                    say(f"pages: {spec.url_path} {label} {res['seconds']:.2f} s")
                    if screenshots and visit == 1:
                        Path(screenshots).mkdir(parents=True, exist_ok=True)
                        page.screenshot(
                            path=str(Path(screenshots) / f"{spec.url_path}.png"), full_page=True
                        )
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for row in rows.values():
        summarise_visits(row)
    out["target"] = page_target(out["pages"])
    out["contention_after"] = contention()
    return out


if __name__ == "__main__":
    import json

    n = int(sys.argv[2]) if len(sys.argv) > 2 else None  # python -m bench.pages STORE [SAMPLES]
    print(json.dumps(measure_pages(sys.argv[1], samples=n, say=print, screenshots=None), indent=2))
