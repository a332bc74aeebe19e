"""bench.server: the one Streamlit launcher (bench/pages.py, scripts/screenshots.py, browser tests).

Most tests swap the Streamlit command for a tiny Python server so that starting,
waiting for health, a failed start and stopping the whole process group are
checked in a second; one slow test serves the real app.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
import urllib.request

import pytest

from bench import server

# Answers /_stcore/health with 200 (or never listens: HEALTHY=0), starts a child that
# sleeps, writes both pids and the RPKD_DB it sees to OUT, prints a line and runs on.
FAKE = textwrap.dedent(
    """
    import http.server, os, subprocess, sys, time
    port, out = int(sys.argv[1]), sys.argv[2]
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    with open(out, "w") as f:
        f.write(f"{os.getpid()} {child.pid} {os.environ.get('RPKD_DB')} {os.environ.get('X_EXTRA')}")
    print("fake server says hello", flush=True)
    if os.environ.get("EXIT_CODE"):
        sys.exit(int(os.environ["EXIT_CODE"]))
    if os.environ.get("HEALTHY") == "0":
        time.sleep(300)

    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/_stcore/health" else 404)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *a):
            pass

    http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
    """
)


@pytest.fixture()
def fake(tmp_path, monkeypatch):
    script = tmp_path / "fake.py"
    script.write_text(FAKE)
    out = tmp_path / "pids.txt"
    monkeypatch.setattr(
        server, "streamlit_command", lambda port: [sys.executable, str(script), str(port), out]
    )
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0): read its state.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_the_command_is_headless_on_the_local_address_without_a_watcher():
    cmd = server.streamlit_command(8765)
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert cmd[4] == str(server.REPO / "app.py")
    flags = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert flags == {
        "--server.headless": "true",
        "--server.port": "8765",
        "--server.address": "127.0.0.1",
        "--browser.gatherUsageStats": "false",
        "--server.fileWatcherType": "none",
    }


def test_free_port_can_be_bound():
    import socket

    port = server.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_serves_until_the_block_ends_then_stops_the_whole_group(fake, tmp_path, monkeypatch):
    monkeypatch.setenv("RPKD_DB", "/somewhere/else.duckdb")
    db = tmp_path / "store.duckdb"
    with server.streamlit_server(db, env={"X_EXTRA": "yes", "RPKD_DB": "ignored"}) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as r:
            assert r.status == 200
        pid, child, seen_db, extra = fake.read_text().split()
        assert seen_db == str(db)  # the store given wins over the environment
        assert extra == "yes"
        assert _alive(int(pid)) and _alive(int(child))
    assert _wait_gone(int(pid)) and _wait_gone(int(child))
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/_stcore/health", timeout=2)


def test_the_given_port_is_used(fake):
    port = server.free_port()
    with server.streamlit_server("x.duckdb", port=port) as url:
        assert url == f"http://127.0.0.1:{port}"


def test_an_early_exit_raises_with_the_output_and_leaves_nothing_running(fake, monkeypatch):
    monkeypatch.setenv("EXIT_CODE", "3")
    with pytest.raises(RuntimeError, match=r"code 3\)[\s\S]*fake server says hello"):
        with server.streamlit_server("x.duckdb"):
            pytest.fail("the block must not run")
    _, child, *_ = fake.read_text().split()
    assert _wait_gone(int(child))


def test_no_health_within_the_timeout_raises_and_stops_the_group(fake, monkeypatch):
    monkeypatch.setenv("HEALTHY", "0")
    t0 = time.monotonic()
    with pytest.raises(TimeoutError):
        with server.streamlit_server("x.duckdb", timeout_s=1.5, poll_s=0.05):
            pytest.fail("the block must not run")
    assert time.monotonic() - t0 < 20
    pid, child, *_ = fake.read_text().split()
    assert _wait_gone(int(pid)) and _wait_gone(int(child))


def test_an_error_in_the_block_still_stops_the_server(fake):
    with pytest.raises(KeyError):
        with server.streamlit_server("x.duckdb"):
            pid, child, *_ = fake.read_text().split()
            raise KeyError("the block failed")
    assert _wait_gone(int(pid)) and _wait_gone(int(child))


@pytest.mark.slow
def test_the_real_app_becomes_healthy_and_stops(small_store_path, tmp_path):
    env = {"RPKD_STATE_DIR": str(tmp_path / "state"), "RPKD_ACCOUNTS": str(tmp_path / "a.toml")}
    with server.streamlit_server(small_store_path, env=env) as url:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as r:
            assert r.status == 200
        with urllib.request.urlopen(url + "/", timeout=10) as r:
            assert b"<html" in r.read().lower()
    with pytest.raises(OSError):
        urllib.request.urlopen(url + "/_stcore/health", timeout=2)
