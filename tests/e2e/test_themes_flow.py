"""A facilitator opens Themes: progress while computing, anonymized themes, charts, downloads."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.e2e.conftest import open_page, wait_idle

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
SHOTS = Path(os.environ.get("COACH_SHOTS", "/tmp/shots/themes"))


def test_facilitator_sees_themes_and_downloads_them(page, tmp_path):  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    open_page(page, "Themes", as_="(facilitator)")
    wait_idle(page, timeout=600_000)
    page.get_by_text("Themes shown").wait_for(timeout=600_000)
    page.screenshot(path=str(SHOTS / "themes.png"), full_page=True)
    assert page.get_by_text("participants").count() > 0
    with page.expect_download() as info:
        page.get_by_role("button", name="Download themes (JSON)").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["themes"] and "note_ids" not in data["themes"][0]
    assert data["gates"] == {"min_participants": 5, "min_quote_participants": 10}
    # raising the threshold very high leaves nothing to show, said plainly
    page.get_by_text("Privacy thresholds").click()
    field = page.get_by_label("Show a theme with at least … participants")
    field.fill("100")
    field.press("Enter")
    wait_idle(page, timeout=600_000)
    page.get_by_text("Not enough participants to show themes yet").wait_for(timeout=600_000)
    page.screenshot(path=str(SHOTS / "themes-threshold.png"), full_page=True)
