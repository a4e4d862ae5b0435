"""Real browser: `streamlit run app.py` on the fixture snapshot, driven by Debian chromium.

Opens every view, waits for its content, saves a full-page screenshot to
tests/e2e/screenshots/ (git-ignored) and asserts no exception is shown, no `alert()` fires
and no request reaches the hostile feed's tracking-pixel URL.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORT = {"width": 1440, "height": 3200}  # tall, so every chart is on screen and drawn
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
# url path -> (page title, number of plotly charts expected)
VIEWS = {
    "": ("Frontier Ledger", 0), "releases": ("Releases", 4), "compare": ("Compare", 3),
    "claims": ("Claims", 1), "terms": ("Terms", 1), "open_weights": ("Open weights", 2), "news": ("News", 0),
    "model": ("Muse Spark", 0), "sources": ("Sources", 1),
}

pytestmark = [
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason="Debian chromium not installed at /usr/bin/chromium"),
    pytest.mark.timeout(300),
]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("streamlit did not become healthy")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.fixtures.snapshot_builder import build

    data_dir = tmp_path_factory.mktemp("e2e-data")
    build(data_dir)
    port = _free_port()
    env = {**os.environ, "LEDGER_DATA_DIR": str(data_dir)}
    log = open(data_dir / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def _settle(page, title: str, charts: int) -> None:
    """Wait for the page title, every chart drawn, and the script run to finish."""
    page.get_by_role("heading", name=title).first.wait_for(timeout=45_000)
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot .plot-container').length >= {charts}"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45_000)
    page.wait_for_timeout(300)


def _screenshot(page, name: str) -> None:
    """Full-page screenshot: Streamlit scrolls inside stMain, so measure its content at a short
    viewport, then grow the viewport to fit it."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_timeout(300)
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": max(900, min(int(height), 8000))})
    page.wait_for_timeout(400)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size(VIEWPORT)


def test_every_view_renders_in_chromium(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    dialogs: list[str] = []
    beacons: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: beacons.append(r.url) if "127.0.0.1:1/" in r.url else None)
    page.goto(server, wait_until="domcontentloaded")
    for path, (title, charts) in VIEWS.items():
        if path:
            page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first.click()
        _settle(page, title, charts)
        _screenshot(page, path or "overview")
        body = page.inner_text("body")
        assert page.locator('[data-testid="stException"]').count() == 0, f"{path}: exception shown"
        assert "Traceback" not in body, f"{path}: traceback shown"
        assert page.locator(".js-plotly-plot").count() >= charts, f"{path}: charts missing"
    assert dialogs == [], f"hostile text executed script: {dialogs}"
    assert beacons == [], f"remote image from feed text was fetched: {beacons}"
    context.close()


def test_filters_live_in_the_url(server, browser):
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(f"{server}/compare?models=GPT-5&models=Claude+Opus+4.1", wait_until="domcontentloaded")
    _settle(page, "Compare", 3)
    chips = page.locator('[data-testid="stMultiSelect"]').first.inner_text()
    assert "GPT-5" in chips and "Claude Opus 4.1" in chips and "Muse Spark" not in chips
    _screenshot(page, "compare-from-url")
    page.close()
