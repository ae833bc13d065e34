"""A person picks who they are, searches guidance, and a mentor uploads a document."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_page, upload, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_search_guidance(page):
    open_page(page, "Guidance")
    page.get_by_label("What do you want help with?").fill("we are nine hours apart, no time to meet")
    page.get_by_role("button", name="Search").click()
    wait_idle(page)
    results = page.locator('[data-testid="stMarkdownContainer"] strong').all_inner_texts()
    assert any(t.startswith("1. ") for t in results)
    assert "time" in page.content().lower()


def test_mentor_uploads_a_document(page, tmp_path):
    open_page(page, "Guidance", as_="(mentor)")
    page.get_by_role("tab", name="Add documents").click()
    doc = tmp_path / "pairing-policy.md"
    doc.write_text("# Pairing policy\n\n## Meeting rhythm\n\nPairs meet every two weeks; "
                   "the mentee owns the agenda and sends it a day ahead.\n")
    upload(page, doc)
    page.get_by_role("button", name="Add documents").click()
    wait_idle(page)
    page.get_by_text("Pairing policy: added, 1 passages").wait_for(timeout=60_000)
    page.screenshot(path=str(tmp_path / "upload.png"))
