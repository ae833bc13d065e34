"""A mentor checks feedback in the browser: highlights as they type, then a CSV batch."""

from __future__ import annotations

import csv
import json

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import open_page, pick_person, upload, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_mentor_checks_feedback_and_runs_a_batch(page, tmp_path):
    open_page(page, "Check feedback", as_="(mentor)")
    box = page.get_by_role("textbox", name="Your feedback")
    box.fill("You're lazy and you always miss deadlines.")
    box.press("Control+Enter")
    wait_idle(page)
    highlight = page.locator('[data-testid="feedback-highlight"] mark')
    assert highlight.count() >= 2
    assert "Suggested SBI rewrite" in page.content()
    page.screenshot(path=str(tmp_path / "check.png"), full_page=True)

    # a learned judgment (no rule fires) is highlighted on its clause, not on the whole text
    box.fill("During the site visit you walked past the spill twice, which tells me you just do not "
             "care about safety.")
    box.press("Control+Enter")
    wait_idle(page)
    expect(highlight.first).to_contain_text("which tells me you just do not care about safety.")
    assert not any("walked past" in m for m in highlight.all_inner_texts())

    page.get_by_role("tab", name="Batch (CSV)").click()
    csv_file = tmp_path / "batch.csv"
    csv_file.write_text("id,text\n1,Great job!\n2,\"In Monday's stand-up you shared the blocker first, "
                        "so Ana unblocked it by noon.\"\n3,\n"
                        "4,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\") great job\"\n")
    upload(page, csv_file)
    page.get_by_role("button", name="Check all").click()
    wait_idle(page)
    page.locator('[data-testid="stMetric"]').first.wait_for()  # under load the results land a rerun later
    metrics = page.locator('[data-testid="stMetric"]').all_inner_texts()
    assert any("Could not check" in m and "1" in m for m in metrics), metrics
    assert "row 3:" in page.content() and "empty" in page.content()
    page.screenshot(path=str(tmp_path / "batch.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    saved = tmp_path / "out.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4"]
    assert rows[2]["result"] == "could not check" and rows[2]["problem"]
    assert all(not v or v[0] not in "=+-@" for r in rows for v in r.values())
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSONL").click()
    jsonl = tmp_path / "out.jsonl"
    download.value.save_as(jsonl)
    parsed = [json.loads(line, parse_constant=_no_nan) for line in jsonl.read_text().splitlines()]
    assert [p["id"] for p in parsed] == ["1", "2", "3", "4"] and "error" in parsed[2]

    bad = tmp_path / "bad.csv"
    bad.write_text("id,body\n1,hello\n")
    upload(page, bad)
    page.get_by_role("button", name="Check all").click()
    wait_idle(page)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text='no "text" column')).to_be_visible()
    assert page.locator('[data-testid="stMetric"]').count() == 0  # the old table is gone


def _no_nan(name: str) -> None:
    raise AssertionError(f"invalid JSON constant {name} in the JSONL download")


def test_switching_mentor_clears_the_feedback_box(page):
    open_page(page, "Check feedback", as_="(mentor)")
    box = page.get_by_role("textbox", name="Your feedback")
    box.fill("UNSENTWORD you were late to the demo again.")
    box.press("Control+Enter")
    wait_idle(page)
    pick_person(page, "(mentor)", nth=1)
    page.get_by_role("link", name="Check feedback").first.click()
    wait_idle(page)
    # elements of the previous run may linger for a moment under load (seen once in a full run);
    # what must never happen is that the other mentor's words stay on the page
    expect(page.locator("body")).not_to_contain_text("UNSENTWORD", timeout=30_000)
    assert "UNSENTWORD" not in page.content()
