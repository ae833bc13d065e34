"""Signing in with a password in Chromium: refusal, sign-in, reload keeps the session, sign-out."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, copy_of, new_context, serve, sign_in, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
PASSWORD = "correct horse battery"
SHOTS = Path(os.environ.get("COACH_SHOTS", "/tmp/shots/sign-in"))


@pytest.fixture(scope="module")
def password_server(tmp_path_factory: pytest.TempPathFactory, demo_home: Path) -> Iterator[str]:
    home = copy_of(demo_home, tmp_path_factory)
    subprocess.run([sys.executable, "-m", "coach.cli", "--home", str(home), "users", "add", "lena",
                    "--name", "Lena Lead", "--role", "facilitator", "--role", "mentor",
                    "--password-stdin"], input=PASSWORD + "\n", text=True, cwd=ROOT, check=True,
                   capture_output=True)
    with serve(home, COACH_AUTH="password") as url:
        yield url


def test_password_sign_in_reload_and_sign_out(browser, password_server) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(browser, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(password_server)
    wait_idle(page)
    assert page.get_by_role("link", name="Program dashboard").count() == 0
    sign_in(page, "lena", "not the password")
    page.screenshot(path=str(SHOTS / "refused.png"))
    assert page.get_by_text("Wrong username or password").is_visible()
    sign_in(page, "lena", PASSWORD)
    page.get_by_role("link", name="Program dashboard").first.wait_for()
    page.screenshot(path=str(SHOTS / "signed-in.png"))
    page.reload()
    wait_idle(page)
    page.get_by_role("link", name="Program dashboard").first.wait_for()  # the session survived
    page.get_by_role("button", name="Sign out").click()
    wait_idle(page)
    page.get_by_role("button", name="Sign in").wait_for()
    page.reload()
    wait_idle(page)
    page.screenshot(path=str(SHOTS / "signed-out.png"))
    assert page.get_by_role("button", name="Sign in").is_visible()
    context.close()
