"""A mentor checks feedback in the browser: highlights as they type, then a CSV batch."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_page, upload, wait_idle

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

    page.get_by_role("tab", name="Batch (CSV)").click()
    csv_file = tmp_path / "batch.csv"
    csv_file.write_text("id,text\n1,Great job!\n2,\"In Monday's stand-up you shared the blocker first, "
                        "so Ana unblocked it by noon.\"\n")
    upload(page, csv_file)
    page.get_by_role("button", name="Check all").click()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    saved = tmp_path / "out.csv"
    download.value.save_as(saved)
    lines = saved.read_text().splitlines()
    assert lines[0].startswith("id,text,vague,judgmental") and len(lines) == 3
