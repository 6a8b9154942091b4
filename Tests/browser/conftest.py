"""Fixtures for the browser tests: a real `guanxi serve` on a free loopback port and headless Chromium.

Environment:
  GUANXI_BIN  the guanxi executable to test (default: .build/debug/guanxi in the repository)
  CHROMIUM    the Chromium executable (default: /usr/bin/chromium, Debian's package)
"""

import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
ADMIN_PASSWORD = "admin-secret-2024"
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="session")
def server():
    """Starts the guanxi binary on a fresh data directory and yields its base URL."""
    binary = Path(os.environ.get("GUANXI_BIN") or REPO / ".build" / "debug" / "guanxi")
    if not binary.is_file():
        pytest.fail(f"guanxi executable not found at {binary}: build it first or set GUANXI_BIN")
    with tempfile.TemporaryDirectory(prefix="guanxi-browser-") as data_dir:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        environment = {
            key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "HOST", "GUANXI_PUBLIC_URL")
        }
        environment.update(
            GUANXI_DATA_DIR=data_dir,
            PORT=str(port),
            GUANXI_ADMIN_PASSWORD=ADMIN_PASSWORD,
            GUANXI_BCRYPT_COST="4",
            LOG_LEVEL="warning",
        )
        log_path = Path(data_dir) / "server.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(binary), "serve"], env=environment, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _healthy(url):
                if process.poll() is not None:
                    pytest.fail(f"guanxi serve exited with {process.returncode}:\n{log_path.read_text(errors='replace')}")
                if time.monotonic() > deadline:
                    pytest.fail(f"guanxi serve did not answer /health within {STARTUP_SECONDS} s:\n"
                                f"{log_path.read_text(errors='replace')}")
                time.sleep(0.1)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            headless=True,
            args=["--no-sandbox"],  # CI runs as root
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, server):
    """Factory: a page in a fresh browser context (own cookies) with the given Accept-Language locale."""
    contexts = []

    def make(locale: str):
        context = browser.new_context(
            base_url=server, locale=locale, viewport={"width": 1280, "height": 800}, device_scale_factor=1
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshot():
    """Saves a full-page screenshot to artifacts/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return save
