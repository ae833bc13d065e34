"""End-to-end: `streamlit run` on a free port, driven by Playwright in Debian's chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("COACH_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo program, created once per test session; each module's server gets a copy."""
    home = tmp_path_factory.mktemp("e2e-demo")
    env = {**os.environ, "COACH_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    subprocess.run([sys.executable, "-m", "coach.cli", "--home", str(home), "demo"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=1200)
    return home


@contextmanager
def serve(home: Path, **extra_env: str) -> Iterator[str]:
    """`streamlit run app.py` on a free port over ``home``; yields its URL once healthy."""
    port = free_port()
    env = {**os.environ, "COACH_HOME": str(home), "HF_HUB_OFFLINE": "1", **extra_env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("streamlit did not become healthy within 120 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def copy_of(demo_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("e2e-home") / "home"
    shutil.copytree(demo_home, home)
    return home


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_home: Path) -> Iterator[str]:
    with serve(copy_of(demo_home, tmp_path_factory)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    if os.environ.get("COACH_SKIP_BROWSER") == "1":
        pytest.skip("COACH_SKIP_BROWSER=1: browser tests skipped on purpose")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian chromium is not installed at {CHROMIUM}: `make test` installs it when run "
                    "as root (apt-get install chromium); or set COACH_SKIP_BROWSER=1 to skip on purpose.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


#: how long a locator waits for the page (Playwright's default is 30 s; a 2-core CI machine running the
#: whole suite beside the server can take longer to rerun a script; a missing element still fails)
LOCATOR_TIMEOUT_MS = 90_000


def new_context(browser, **options):  # type: ignore[no-untyped-def]
    """A browser context whose locators wait ``LOCATOR_TIMEOUT_MS``."""
    context = browser.new_context(**options)
    context.set_default_timeout(LOCATOR_TIMEOUT_MS)
    return context


def wait_idle(page, timeout: float = 60_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script has finished running after an interaction."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=timeout)


def pick_person(page, text: str, *, nth: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Pick the ``nth`` person whose option contains ``text`` in the sidebar's Who am I?."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.keyboard.type(text)  # the list is virtualized: filter it so the option is rendered
    page.wait_for_timeout(300)
    page.get_by_role("option", name=text).nth(nth).click()
    wait_idle(page)
    settled(page)


def settled(page) -> None:  # type: ignore[no-untyped-def]
    """After a switch of person or role: wait for the one-off "Switching…" run to give way to the page.

    On a loaded machine the switch's run may not have started yet when this is called, so the notice
    is first awaited (briefly: on a fast machine it may have come and gone already); an interaction
    made while the notice's timer is about to rerun the app can be lost (seen once in CI: a Sign out
    click that never signed out)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    notice = page.get_by_text("Switching…")
    try:
        notice.wait_for(state="attached", timeout=5_000)
    except PlaywrightTimeout:
        pass  # came and went before we looked
    notice.wait_for(state="detached", timeout=60_000)
    wait_idle(page)


def open_page(page, link: str, *, as_: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Pick a person in the sidebar (``as_``: part of the option text), then open a page."""
    if as_ is not None:
        pick_person(page, as_)
    page.get_by_role("link", name=link).first.click()
    wait_idle(page)


def sign_in(page, handle: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Fill the sign-in form (COACH_AUTH=password) and submit it."""
    page.get_by_role("textbox", name="Username", exact=True).fill(handle)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_idle(page)


def upload(page, path) -> None:  # type: ignore[no-untyped-def]
    """Upload ``path`` and wait until the uploader shows it and the script has rerun with it."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.locator('[data-testid="stFileUploader"]').get_by_text(Path(path).name).first.wait_for(
        timeout=60_000)
    wait_idle(page)


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    context = new_context(browser, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(server)
    wait_idle(page)
    yield page
    context.close()
