"""A facilitator opens the Program dashboard, filters by cohort and downloads the aggregates as CSV;
a mentee does not get the page."""

from __future__ import annotations

import csv
import io

import pytest

from coach.insights import CSV_FIELDS
from tests.e2e.conftest import open_page, pick_person, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_facilitator_filters_and_downloads(page, tmp_path):
    open_page(page, "Program dashboard", as_="(facilitator)")
    page.get_by_text("Totals add up only the groups shown").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stMetric"]').count() == 6
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    charts.nth(2).wait_for(timeout=60_000)  # charts mount after the text: wait, then count
    assert charts.count() >= 3
    assert "Hidden to protect privacy" in page.content()
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
    cohort = page.get_by_role("option").nth(1)
    name = cohort.inner_text().strip()
    cohort.click()
    wait_idle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download aggregates (CSV)").click()
    path = tmp_path / "aggregates.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows and list(rows[0]) == list(CSV_FIELDS)
    assert {r["cohort"] for r in rows} == {name}
    assert all(r["participants"] == "" or int(r["participants"]) >= 5 for r in rows)
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_mentee_does_not_get_the_page(page):
    pick_person(page, "(mentee)")
    wait_idle(page)
    assert page.get_by_role("link", name="Reflect", exact=True).count() == 1
    assert page.get_by_role("link", name="Program dashboard").count() == 0
