"""A facilitator matches in the browser: a bad CSV (cp1252, next to a mentees file with a BOM) gets a
row-level problem table; program data is matched and published with a confirmation."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_page, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MENTORS = ("id,name,expertise,bio,languages,timezone,capacity\n"
           "m1,Ana Silva,public speaking; presenting to executives,,en;pt,Europe/Lisbon,1\n"
           "m2,Bo Chen,python programming; data pipelines,,English,UTC+08:00,2\n")
MENTEES = ("id,name,goals,background,languages,timezone\n"
           "e1,Eve Adams,get better at presenting to executives,,en,America/New_York\n"
           "e2,Fay Lim,learn python for data pipelines,,en,Asia/Singapore\n")


def test_facilitator_matches_and_publishes(page, tmp_path):
    open_page(page, "Matching", as_="(facilitator)")
    page.get_by_text("Upload CSV files").click()
    wait_idle(page)
    bad = tmp_path / "mentors.csv"
    bad.write_text(MENTORS.replace(",1\n", ",one\n"), encoding="cp1252")
    good_mentees = tmp_path / "mentees.csv"
    good_mentees.write_bytes(b"\xef\xbb\xbf" + MENTEES.encode())  # with a BOM
    inputs = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    inputs.nth(0).set_input_files(str(bad))
    wait_idle(page)
    inputs.nth(1).set_input_files(str(good_mentees))
    wait_idle(page)
    page.get_by_text("1 problem(s) in the files").wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "bad.png"), full_page=True)
    # program data: the mentees still waiting for a mentor (the spring intake), then publish
    page.get_by_text("Program data").click()
    wait_idle(page)
    page.get_by_role("button", name="Run matching").click()
    wait_idle(page, 300_000)
    page.get_by_role("button", name="Publish these pairs…").click()
    wait_idle(page)
    page.get_by_role("button", name="Confirm publish").click()
    wait_idle(page)
    page.get_by_text("Published run").wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "published.png"), full_page=True)
