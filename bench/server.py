"""The app served by ``streamlit run`` on a free local port, and Debian Chromium to look at it.

One launcher for the page benchmark (``bench/pages.py``), the screenshots
(``scripts/screenshots.py``) and the browser tests (``tests/browser``)::

    with streamlit_server(db, env={"RPKD_STATE_DIR": state}) as url:
        with sync_playwright() as p:
            browser = launch_chromium(p)
            ...

The server runs in its own process group with ``RPKD_DB`` set to the store;
its output goes to a temporary file (a pipe nobody reads would fill and block
the server) whose tail is shown if it exits before it is healthy. On leaving
the block the whole group gets SIGTERM, then SIGKILL after ``stop_timeout_s``.
Never downloads a browser: Chromium is Debian's (/usr/bin/chromium).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def streamlit_command(port: int, app: Path = APP) -> list[str]:
    """``streamlit run`` of ``app`` with this interpreter: headless, local address only,
    no usage statistics, no file watcher."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        HOST,
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


@contextmanager
def streamlit_server(
    db: str | os.PathLike,
    *,
    env: Mapping[str, str] | None = None,
    port: int | None = None,
    timeout_s: float = 60,
    poll_s: float = 0.2,
    stop_timeout_s: float = 10,
) -> Iterator[str]:
    """Serve the app against the store ``db``; yield its base URL (``http://127.0.0.1:PORT``).

    Args:
        db: The store (``RPKD_DB``); it wins over an ``RPKD_DB`` in ``env``.
        env: Extra environment variables for the server (``RPKD_STATE_DIR``,
            ``RPKD_ACCOUNTS``...), on top of this process's environment.
        port: Port to listen on; default a free one (:func:`free_port`).
        timeout_s: Seconds to wait for ``/_stcore/health`` to answer 200.
        poll_s: Seconds between health checks.
        stop_timeout_s: Seconds between SIGTERM and SIGKILL on exit.

    Raises:
        RuntimeError: The server exited before it was healthy (with its last output).
        TimeoutError: It did not become healthy within ``timeout_s``.
    """
    port = port or free_port()
    full_env = {**os.environ, **(env or {}), "RPKD_DB": str(Path(db))}
    url = f"http://{HOST}:{port}"
    with tempfile.TemporaryFile(mode="w+b", prefix="rpkd-streamlit-") as log:
        proc = subprocess.Popen(
            streamlit_command(port),
            cwd=REPO,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
        try:
            _wait_healthy(url, proc, log, timeout_s=timeout_s, poll_s=poll_s)
            yield url
        finally:
            _stop(proc, stop_timeout_s)


def _wait_healthy(url: str, proc: subprocess.Popen, log, *, timeout_s: float, poll_s: float):
    deadline = time.monotonic() + timeout_s
    while True:
        if proc.poll() is not None:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"streamlit exited early (code {proc.returncode}):\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"streamlit did not become healthy within {timeout_s} s")
        time.sleep(poll_s)


def _stop(proc: subprocess.Popen, timeout_s: float) -> None:
    """SIGTERM to the server's process group, SIGKILL if it is still there after ``timeout_s``."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)  # the group id is the server's pid (new session)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=timeout_s)
            break
        except subprocess.TimeoutExpired:
            continue
    proc.wait()


def launch_chromium(playwright):
    """Debian's headless Chromium through Playwright (``sync_playwright()`` object)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


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
