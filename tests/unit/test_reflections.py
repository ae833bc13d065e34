"""Goals and reflections over a real database with the fake embedder: access, history, conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from coach.demo import load_demo
from coach.errors import AccessDeniedError, ConflictError, InputError
from coach.reflection.goals import skill_gap
from coach.store.people import get_actor, list_people
from tests.fakes import FakeEmbedder

TODAY = date(2026, 11, 29)


@pytest.fixture
def world(ctx):  # type: ignore[no-untyped-def]
    load_demo(ctx.db)
    from coach.reflection.checkins import pairs_for

    mentee = get_actor(ctx.db, "mateo")
    [pair] = pairs_for(ctx.db, mentee)
    mentor = get_actor(ctx.db, pair.mentor_id)
    other_mentor = next(get_actor(ctx.db, p.handle) for p in list_people(ctx.db, role="mentor")
                        if p.id != mentor.id)
    facilitator = get_actor(ctx.db, list_people(ctx.db, role="facilitator")[0].handle)
    return ctx, mentee, mentor, other_mentor, facilitator


def test_create_goal_with_milestones_and_bad_dates(world):
    ctx, mentee, mentor, *_ = world
    goals = ctx.reflections.goals
    goal = goals.create(mentee, title="Present the Q1 roadmap to leadership",
                        target_date="2027-03-31", milestones=[("Draft", "2027-02-01")], today=TODAY)
    assert goal.milestones[0].title == "Draft"
    assert goal.id in [g.id for g in goals.goals(mentor, owner_id=mentee.id)]
    with pytest.raises(InputError, match="not a real date"):
        goals.create(mentee, title="x", target_date="2027-02-30", today=TODAY)
    with pytest.raises(InputError, match="in the past"):
        goals.create(mentee, title="x", target_date="2020-01-01", today=TODAY)
    with pytest.raises(InputError, match="after the goal's target date"):
        goals.create(mentee, title="x", target_date="2027-01-01",
                     milestones=[("late", "2027-06-01")], today=TODAY)
    with pytest.raises(InputError, match="no title"):
        goals.create(mentee, title="  ", today=TODAY)
    with pytest.raises(AccessDeniedError, match="Goals belong to mentees"):
        goals.create(mentor, title="Mentors do not own goals", today=TODAY)


def test_only_owner_changes_goal_and_outsiders_cannot_see(world):
    ctx, mentee, mentor, other_mentor, facilitator = world
    goals = ctx.reflections.goals
    goal = goals.goals(mentee)[0]
    with pytest.raises(AccessDeniedError):
        goals.set_status(mentor, goal.id, "done")
    for outsider in (other_mentor, facilitator):
        with pytest.raises(AccessDeniedError):
            goals.goals(outsider, owner_id=mentee.id)
    assert goals.set_status(mentee, goal.id, "paused").status == "paused"
    with pytest.raises(InputError, match="Unknown status"):
        goals.set_status(mentee, goal.id, "finished")


def test_reflection_privacy(world):
    ctx, mentee, mentor, other_mentor, facilitator = world
    service = ctx.reflections
    saved = service.save(mentee, what="In Monday's sync I presented the budget.", session_date=TODAY)
    note_id = saved.note.id
    assert not saved.note.shared
    with pytest.raises(AccessDeniedError, match="private to its author"):
        service.get(mentor, note_id)
    assert note_id not in [n.id for n in service.notes(mentor, author_id=mentee.id)]
    service.set_shared(mentee, note_id, True)
    assert service.get(mentor, note_id).id == note_id
    for outsider in (other_mentor, facilitator):
        with pytest.raises(AccessDeniedError):
            service.get(outsider, note_id)
        with pytest.raises(AccessDeniedError):
            service.notes(outsider, author_id=mentee.id)


def test_edits_keep_history_and_refuse_lost_updates(world):
    ctx, mentee, *_ = world
    service = ctx.reflections
    first = service.save(mentee, what="First version.", session_date=TODAY).note
    second = service.save(mentee, what="Second version.", note_id=first.id,
                          expected_version=first.version).note
    assert second.version == first.version + 1
    with pytest.raises(ConflictError, match="changed elsewhere"):
        service.save(mentee, what="Stale edit.", note_id=first.id, expected_version=first.version)
    assert service.get(mentee, first.id).what == "Second version."
    [rev] = service.history(mentee, first.id)
    assert rev.what == "First version."


def test_links_are_automatic_then_editable_and_kept(world):
    ctx, mentee, *_ = world
    service = ctx.reflections
    saved = service.save(mentee, what="I practised the presentation for the conference talk twice.",
                         session_date=TODAY)
    assert saved.note.links and saved.note.links[0].source == "auto"
    goals = service.goals.goals(mentee)
    chosen = [goals[-1].id]
    assert [link.goal_id for link in service.set_links(mentee, saved.note.id, chosen).links] == chosen
    again = service.save(mentee, what="Edited text about something else entirely.",
                         note_id=saved.note.id).note
    assert goals[-1].id in [link.goal_id for link in again.links if link.source == "user"]
    with pytest.raises(InputError, match="not yours"):
        service.set_links(mentee, saved.note.id, [999999])


def test_reflection_with_no_goals_yet_and_empty(ctx):
    load_demo(ctx.db)
    fatima = next(get_actor(ctx.db, p.handle) for p in list_people(ctx.db, role="mentee")
                  if not ctx.reflections.goals.goals(get_actor(ctx.db, p.handle)))
    saved = ctx.reflections.save(fatima, what="A first reflection without goals.", session_date=TODAY)
    assert saved.note.links == [] and saved.analysis.goals == []
    with pytest.raises(InputError, match="empty"):
        ctx.reflections.save(fatima, what="   ")
    with pytest.raises(InputError, match="limit is 10,000"):
        ctx.reflections.save(fatima, what="x" * 10_001)


def test_skill_gap():
    gaps = skill_gap(["Python", "public speaking"], ["python", "budgeting", "public speaking skills"],
                     FakeEmbedder(), close=0.6)
    assert [(g.skill, g.status) for g in gaps] == [("python", "have"), ("budgeting", "gap"),
                                                  ("public speaking skills", "close")]


def test_demo_notes_get_linked_once(ctx):
    load_demo(ctx.db)
    first = ctx.reflections.link_unlinked()
    assert first > 0
    assert ctx.reflections.link_unlinked() == 0
    mentee = get_actor(ctx.db, "mateo")
    assert all(n.links for n in ctx.reflections.notes(mentee))
