"""Accounts in Chromium (COACH_AUTH=password): an admin made with `coach users add` signs in, adds a
person on People & access (a bad username first), finds it in the audit log, switches role, signs out
(an empty sign-in form); the new person signs in with the password the admin set. A mentee follows a
deep link, downloads their data and deletes their account."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, copy_of, new_context, serve, settled, sign_in, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SHOTS = Path(os.environ.get("COACH_SHOTS", "/tmp/shots/accounts"))
ADMIN_PASSWORD = "correct horse battery"
NEW_PASSWORD = "a long new passphrase"


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory: pytest.TempPathFactory, demo_home: Path) -> Iterator[str]:
    home = copy_of(demo_home, tmp_path_factory)
    subprocess.run([sys.executable, "-m", "coach.cli", "--home", str(home), "users", "add", "ada",
                    "--name", "Ada Admin", "--role", "admin", "--role", "mentor", "--password-stdin"],
                   input=ADMIN_PASSWORD + "\n", text=True, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "coach.cli", "--home", str(home), "users", "set-password", "ana",
                    "--password-stdin"], input=NEW_PASSWORD + "\n", text=True, cwd=ROOT, check=True,
                   capture_output=True)
    with serve(home, COACH_AUTH="password") as url:
        yield url


def test_admin_adds_a_person_who_then_signs_in(browser, admin_server) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(browser, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(admin_server)
    wait_idle(page)
    sign_in(page, "ada", ADMIN_PASSWORD)
    page.get_by_role("link", name="People & access").first.click()
    wait_idle(page)
    page.get_by_role("tab", name="Add a person").click()
    page.locator(".st-key-adm_add_handle input").fill("Zoe Zhang!")
    page.get_by_role("textbox", name="Name", exact=True).fill("Zoe Zhang")
    page.locator(".st-key-adm_add_roles input").click()  # open the list (the input, not the label)
    page.get_by_role("option", name="mentee").first.click(timeout=60_000)
    page.keyboard.press("Escape")
    page.locator(".st-key-adm_add_password input").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Add person").click()
    wait_idle(page)
    assert page.get_by_text("is not valid").is_visible()
    assert page.get_by_role("textbox", name="Name", exact=True).input_value() == "Zoe Zhang"  # kept
    page.locator(".st-key-adm_add_handle input").fill("zoe.z")
    page.locator(".st-key-adm_add_password input").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Add person").click()
    wait_idle(page)
    page.get_by_text("Added Zoe Zhang (zoe.z) as mentee.").wait_for()
    page.screenshot(path=str(SHOTS / "e2e-added.png"))
    page.get_by_role("tab", name="Audit log").click()
    page.locator(".st-key-adm_audit_who input").fill("zoe")
    page.keyboard.press("Enter")
    wait_idle(page)
    page.screenshot(path=str(SHOTS / "e2e-audit.png"))
    page.get_by_text("1 entry, newest first.").wait_for()  # still on the Audit log tab after the rerun
    page.get_by_role("button", name="Download CSV").wait_for()
    # role switch: as mentor the admin page is gone
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="mentor").click()
    wait_idle(page)
    settled(page)
    page.get_by_role("link", name="My mentees").first.wait_for()  # the mentor's pages
    assert page.get_by_role("link", name="People & access").count() == 0
    page.get_by_role("button", name="Sign out").click()
    wait_idle(page)
    page.get_by_role("button", name="Sign in").wait_for()  # the form holds nothing of the admin's
    assert page.get_by_role("textbox", name="Username").input_value() == ""
    assert page.get_by_role("textbox", name="Password").input_value() == ""
    sign_in(page, "zoe.z", NEW_PASSWORD)
    page.get_by_role("link", name="Reflect").first.wait_for()
    assert page.get_by_text("Signed in as Zoe Zhang").is_visible()
    assert page.get_by_role("link", name="People & access").count() == 0
    page.screenshot(path=str(SHOTS / "e2e-new-person-signed-in.png"))
    context.close()


def test_mentee_deep_link_export_delete_and_an_empty_form_after(browser, admin_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A mentee (password set by the operator) opens a deep link in a second tab (still signed in),
    downloads their data, deletes the account after a wrong and a right confirmation, and the sign-in
    form then holds nothing of theirs; the deleted account cannot sign in."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(browser, viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(admin_server)
    wait_idle(page)
    sign_in(page, "ana", NEW_PASSWORD)
    page.get_by_role("link", name="Your data").first.wait_for()
    other = context.new_page()  # a deep link in a new tab keeps the session (cookie)
    other.goto(admin_server.rstrip("/") + "/my_goals")
    wait_idle(other)
    other.get_by_role("heading", name="My goals").wait_for()
    other.close()
    page.get_by_role("link", name="Your data").first.click()
    wait_idle(page)
    page.get_by_role("button", name="Prepare my download").click()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    saved = tmp_path / "ana.json"
    download.value.save_as(saved)
    assert '"handle": "ana"' in saved.read_text()
    page.locator(".st-key-mydata_confirm input").fill("an")
    page.get_by_role("button", name="Delete my account for good").click()
    wait_idle(page)
    page.get_by_text("Nothing was deleted").wait_for()
    page.locator(".st-key-mydata_confirm input").fill("ana")
    page.get_by_role("button", name="Delete my account for good").click()
    wait_idle(page)
    page.get_by_text("Your account ana was deleted").wait_for()
    # the settled page has an empty form (under load the rerun that drops the old values can land a
    # moment after the message: wait for it, and fail if the old values stay)
    # exact names: until that rerun lands, the old page's "To confirm, type your username (ana)" box
    # is still there and matches "Username" as a substring
    expect(page.get_by_role("textbox", name="Username", exact=True)).to_have_value("", timeout=20_000)
    expect(page.get_by_role("textbox", name="Password", exact=True)).to_have_value("", timeout=20_000)
    page.screenshot(path=str(SHOTS / "e2e-deleted.png"))
    sign_in(page, "ana", NEW_PASSWORD)
    page.get_by_text("Wrong username or password").wait_for()
    context.close()
