"""The demo's feedback drafts are checked once at demo-build time, so the dashboard's feedback
figures have data; through FeedbackService, as each draft's author (fake heads, real spaCy)."""

from __future__ import annotations

from sqlalchemy import select

from coach.access import OPERATOR
from coach.demo import load_demo
from coach.demo.drafts import check_unchecked_drafts
from coach.feedback.checker import FeedbackChecker
from coach.feedback.service import FeedbackService
from coach.insights import InsightsService
from coach.store.models import FeedbackDraft
from tests.unit.test_feedback_service import fake_heads


def test_demo_drafts_get_a_check_result_and_feed_the_dashboard(ctx, fake_embedder):  # type: ignore[no-untyped-def]
    from coach.nlp import get_nlp

    load_demo(ctx.db)
    before = InsightsService(ctx.db).dashboard(OPERATOR).headline()
    assert before["drafts_checked"] == 0  # the demo files hold only the texts
    service = FeedbackService(ctx.db, FeedbackChecker(get_nlp, lambda: fake_embedder,
                                                      heads=fake_heads(fake_embedder.dim)))
    seen: list[tuple[int, int]] = []
    checked = check_unchecked_drafts(ctx.db, service, progress=lambda d, t: seen.append((d, t)))
    with ctx.db.session() as session:
        drafts = session.scalars(select(FeedbackDraft)).all()
        assert checked == len(drafts) > 0 and all(d.result for d in drafts)
        texts = {d.id: d.text for d in drafts}
    assert seen[-1] == (checked, checked)
    after = InsightsService(ctx.db).dashboard(OPERATOR)
    assert after.headline()["drafts_checked"] > 0 and after.series["feedback"].shown
    assert check_unchecked_drafts(ctx.db, service) == 0  # a second run changes nothing
    with ctx.db.session() as session:
        assert {d.id: d.text for d in session.scalars(select(FeedbackDraft)).all()} == texts
