"""Drafts are private to their author; settings and dismissals per program (fake heads, real DB)."""

from __future__ import annotations

import numpy as np
import pytest

from coach.access import Actor
from coach.demo import load_demo
from coach.errors import AccessDeniedError, InputError
from coach.feedback.checker import FeedbackChecker
from coach.feedback.classifier import Head, Heads
from coach.feedback.features import FEATURE_NAMES
from coach.feedback.report import Flag
from coach.feedback.service import FeedbackService, batch_csv, batch_jsonl
from coach.feedback.settings import FeedbackSettings
from coach.store.people import get_actor, list_people


def fake_heads(dim: int) -> Heads:
    size = dim + len(FEATURE_NAMES)
    zero = Head(np.zeros(size, dtype=np.float32), 0.0, 0.5)
    return Heads({k: zero for k in ("vague", "judgmental", "situation", "behavior", "impact")},
                 np.zeros(len(FEATURE_NAMES), np.float32), np.ones(len(FEATURE_NAMES), np.float32),
                 "fake", "test")


@pytest.fixture
def service(ctx, fake_embedder):  # type: ignore[no-untyped-def]
    from coach.nlp import get_nlp

    load_demo(ctx.db)
    checker = FeedbackChecker(get_nlp, lambda: fake_embedder, heads=fake_heads(fake_embedder.dim))
    return FeedbackService(ctx.db, checker)


def actors(ctx, role):  # type: ignore[no-untyped-def]
    return [get_actor(ctx.db, p.handle) for p in list_people(ctx.db, role=role)]


def test_drafts_are_visible_only_to_their_author(ctx, service):
    mentor, other = actors(ctx, "mentor")[:2]
    draft_id = service.save_draft(mentor, "Great job on the demo!")
    assert next(d.id for d in service.drafts(mentor)) == draft_id
    assert draft_id not in [d.id for d in service.drafts(other)]
    with pytest.raises(AccessDeniedError, match="Only the author"):
        service.draft(other, draft_id)
    facilitator = actors(ctx, "facilitator")[0]
    with pytest.raises(AccessDeniedError):
        service.draft(facilitator, draft_id)
    assert service.draft(mentor, draft_id).text == "Great job on the demo!"


def test_program_settings_need_a_facilitator(ctx, service):
    mentor = actors(ctx, "mentor")[0]
    facilitator = actors(ctx, "facilitator")[0]
    wanted = FeedbackSettings(disabled=frozenset({"idiom"}), sensitivity=0.7, allow=("Acme",))
    with pytest.raises(AccessDeniedError):
        service.save_settings(mentor, wanted)
    service.save_settings(facilitator, wanted)
    assert service.settings_for(mentor) == wanted


def test_dismissals_are_reported_without_names(ctx, service):
    mentor = actors(ctx, "mentor")[0]
    flag = Flag(0, 5, "Great", "vague-praise", "medium", "m", "s", "vague-praise")
    with pytest.raises(InputError, match="why the flag is wrong"):
        service.dismiss(mentor, flag, reason=" ")
    service.dismiss(mentor, flag, reason="It is our product name")
    service.dismiss(mentor, flag, reason="It is our product name")
    facilitator = actors(ctx, "facilitator")[0]
    [row] = service.dismissal_report(facilitator)
    assert (row.detector, row.count, row.reasons) == ("vague-praise", 2, ["It is our product name"])
    with pytest.raises(AccessDeniedError):
        service.dismissal_report(mentor)


def test_settings_validation():
    with pytest.raises(InputError, match="Unknown flag categories"):
        FeedbackSettings(disabled=frozenset({"rude"}))
    with pytest.raises(InputError, match="between 0 and 1"):
        FeedbackSettings(sensitivity=2)
    assert FeedbackSettings(allow=("Acme Lazy",)).allows("the acme lazy tool", 9, 13)


def test_operator_without_person_cannot_save_drafts(service):
    with pytest.raises(InputError, match="choose who you are"):
        service.save_draft(Actor(id=None, role="admin"), "text")


def test_about_lists_only_the_mentors_own_mentees(ctx, service):
    from coach.reflection.checkins import pairs_for

    for mentor in actors(ctx, "mentor"):
        own = {p.mentee_id for p in pairs_for(ctx.db, mentor) if p.my_role == "mentor"}
        assert {pid for pid, _ in service.about_options(mentor)} == own
    mentor = actors(ctx, "mentor")[0]
    strangers = [p.id for p in list_people(ctx.db, role="mentee")
                 if p.id not in {pid for pid, _ in service.about_options(mentor)}]
    with pytest.raises(AccessDeniedError, match="not one of your mentees"):
        service.save_draft(mentor, "In the demo you skipped the intro.", about_id=strangers[0])


def test_drafts_can_be_edited_deleted_and_marked_sent(ctx, service):
    mentor, other = actors(ctx, "mentor")[:2]
    draft_id = service.save_draft(mentor, "Great job.")
    service.update_draft(mentor, draft_id, "In Tuesday's demo you showed the numbers first.")
    [mine] = [d for d in service.drafts(mentor) if d.id == draft_id]
    assert mine.text.startswith("In Tuesday's demo") and mine.updated_at and mine.status == "draft"
    with pytest.raises(AccessDeniedError):
        service.update_draft(other, draft_id, "Hijacked.")
    with pytest.raises(AccessDeniedError):
        service.mark_sent(other, draft_id)
    with pytest.raises(AccessDeniedError):
        service.delete_draft(other, draft_id)
    service.mark_sent(mentor, draft_id)
    [sent] = [d for d in service.drafts(mentor) if d.id == draft_id]
    assert sent.status == "sent" and sent.sent_at is not None
    with pytest.raises(InputError, match="marked as sent"):
        service.update_draft(mentor, draft_id, "Changed after sending.")
    service.delete_draft(mentor, draft_id)
    assert draft_id not in [d.id for d in service.drafts(mentor)]


def test_batch_downloads_are_valid_json_and_safe_csv(ctx, service):
    import csv
    import io
    import json

    mentor = actors(ctx, "mentor")[0]
    items = [("1", "=HYPERLINK(\"http://evil\", \"click\") great job"), ("2", ""),
             ("3", "In Tuesday's call you interrupted Ana twice, so she could not finish."),
             ("@4", "-1 point for you")]
    rows = service.check_batch(mentor, items)
    assert [r.ok for r in rows] == [True, False, True, True]
    assert "empty" in rows[1].error
    jsonl = batch_jsonl(rows)
    parsed = [json.loads(line) for line in jsonl.splitlines()]  # strict: NaN would fail below
    assert "NaN" not in jsonl and [p["id"] for p in parsed] == ["1", "2", "3", "@4"]
    assert parsed[1] == {"id": "2", "text": "", "error": rows[1].error}
    table = list(csv.DictReader(io.StringIO(batch_csv(rows))))
    assert table[1]["result"] == "could not check" and "empty" in table[1]["problem"]
    for cell in (c for row in table for c in row.values()):
        assert not cell or cell[0] not in "=+-@", cell
