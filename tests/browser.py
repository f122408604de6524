"""Real browsers and servers for the tests: the system Chromium (Debian package) through
Playwright, never a downloaded one, and JupyterLab on 127.0.0.1 with a token."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = Path(__file__).resolve().parents[1] / "test-artefacts"


def need_chromium() -> str:
    """The system Chromium's path; a skip with the reason where it is missing (a failure
    under make test, which installs it)."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    reason = "Chromium is not installed (make test installs the Debian package chromium)"
    if os.environ.get("INFOLIB_REQUIRE_CHROMIUM"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def browser_page():
    from playwright.sync_api import sync_playwright

    path = need_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def jupyterlab(root: Path):
    """JupyterLab serving ``root`` on 127.0.0.1; yields (base URL, token)."""
    port, token = free_port(), secrets.token_hex(16)
    runtime = root.parent / "jupyter-runtime"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime)}
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    proc = subprocess.Popen(
        [jupyter, "lab", "--no-browser", "--ip", "127.0.0.1", f"--port={port}",
         f"--ServerApp.token={token}", "--allow-root", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--ServerApp.disable_check_xsrf=False"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:  # until the server answers, or stops
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab did not start: {proc.stderr.read()[-2000:]}")
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).read()
                break
            except OSError:
                time.sleep(0.3)
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def run_all_cells(page, url: str) -> None:
    """Open the notebook at ``url`` in JupyterLab and run all its cells from the Run menu, as a
    user would; returns once the run has started (a cell is numbered or running)."""
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell")
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()  # the kernel is connected
    for _attempt in range(3):  # a click while the session settles can be dropped: retry
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.jp-InputPrompt')]"
                ".some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))", timeout=20_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: click again
            continue
