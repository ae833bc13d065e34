"""Goals and reflections over a real database with the fake embedder: access, history, conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from coach.demo import load_demo
from coach.errors import AccessDeniedError, ConflictError, InputError, NotFoundError
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
    proposed = saved.note.links or saved.note.suggestions
    assert proposed and proposed[0].source in ("auto", "suggested")
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
    assert all(n.links or n.suggestions for n in ctx.reflections.notes(mentee))


def test_low_confidence_goal_is_a_suggestion_the_mentee_confirms(world, monkeypatch):
    from coach.reflection import linking

    ctx, mentee, *_ = world
    monkeypatch.setattr(linking, "LINK_THRESHOLD", 1.01)  # nothing is confident enough
    saved = ctx.reflections.save(mentee, what="I practised the presentation twice.", session_date=TODAY)
    assert saved.note.links == [] and len(saved.note.suggestions) == 1
    goal_id = saved.note.suggestions[0].goal_id
    confirmed = ctx.reflections.confirm_suggestion(mentee, saved.note.id, goal_id, accept=True)
    assert [(link.goal_id, link.source) for link in confirmed.links] == [(goal_id, "user")]
    assert confirmed.suggestions == []
    other = ctx.reflections.save(mentee, what="Another note about the talk.", session_date=TODAY).note
    rejected = ctx.reflections.confirm_suggestion(mentee, other.id, other.suggestions[0].goal_id,
                                                  accept=False)
    assert rejected.links == [] and rejected.suggestions == []
    edited = ctx.reflections.save(mentee, what="Another note about the talk, edited.", note_id=other.id)
    assert other.suggestions[0].goal_id not in [s.goal_id for s in edited.note.suggestions]
    from coach.reflection import linking as linking_module

    monkeypatch.setattr(linking_module, "LINK_THRESHOLD", 0.0)  # everything is confident
    monkeypatch.setattr(linking_module, "MIN_AUTO_SIMILARITY", -1.0)
    sure = ctx.reflections.save(mentee, what="I practised the presentation.", session_date=TODAY).note
    assert sure.links and all(link.source == "auto" for link in sure.links) and not sure.suggestions


def test_restore_an_older_version_makes_a_new_one(world):
    ctx, mentee, mentor, *_ = world
    service = ctx.reflections
    first = service.save(mentee, what="First version.", session_date=TODAY).note
    second = service.save(mentee, what="Second version.", note_id=first.id,
                          expected_version=first.version).note
    restored = service.restore(mentee, first.id, first.version).note
    assert restored.what == "First version." and restored.version == second.version + 1
    assert [r.what for r in service.history(mentee, first.id)] == ["First version.", "Second version."]
    with pytest.raises(AccessDeniedError):
        service.restore(mentor, first.id, first.version)


def test_share_and_unshare_without_editing(world):
    ctx, mentee, mentor, *_ = world
    note = ctx.reflections.save(mentee, what="Private first.", session_date=TODAY).note
    ctx.reflections.set_shared(mentee, note.id, True)
    assert ctx.reflections.get(mentor, note.id).version == note.version
    ctx.reflections.set_shared(mentee, note.id, False)
    with pytest.raises(AccessDeniedError):
        ctx.reflections.get(mentor, note.id)


def test_comment_thread_is_for_the_pair_only(world):
    from coach.reflection.comments import add_comment, comments

    ctx, mentee, mentor, other_mentor, facilitator = world
    db = ctx.db
    note = ctx.reflections.save(mentee, what="I froze when asked about costs.", session_date=TODAY,
                                shared=True).note
    add_comment(db, mentor, note.id, "What would have helped you in that moment?")
    add_comment(db, mentee, note.id, "  A one-page budget.  ")
    assert [(c.author_id, c.text) for c in comments(db, mentee, note.id)] == [
        (mentor.id, "What would have helped you in that moment?"), (mentee.id, "A one-page budget.")]
    assert len(comments(db, mentor, note.id)) == 2
    for outsider in (other_mentor, facilitator):
        with pytest.raises(AccessDeniedError):
            comments(db, outsider, note.id)
        with pytest.raises(AccessDeniedError):
            add_comment(db, outsider, note.id, "Nosy.")
    with pytest.raises(InputError, match="empty"):
        add_comment(db, mentor, note.id, "   ")
    with pytest.raises(InputError, match="2,000"):
        add_comment(db, mentor, note.id, "x" * 2001)
    ctx.reflections.set_shared(mentee, note.id, False)  # un-shared: the mentor loses the thread too
    with pytest.raises(AccessDeniedError):
        comments(db, mentor, note.id)
    assert len(comments(db, mentee, note.id)) == 2


def test_goals_and_milestones_are_edited_and_archived_never_deleted(world):
    ctx, mentee, mentor, *_ = world
    goals = ctx.reflections.goals
    goal = goals.create(mentee, title="Give one talk", target_date="2027-06-30",
                        milestones=[("Outline", "2027-03-01"), ("Rehearse", "2027-05-01")], today=TODAY)
    edited = goals.update(mentee, goal.id, title="Give two talks at the Lisbon meetup",
                          description="Start small", target_date="2027-06-30", skills_needed=["speaking"],
                          today=TODAY)
    assert (edited.title, edited.description, edited.skills_needed) == (
        "Give two talks at the Lisbon meetup", "Start small", ["speaking"])
    with pytest.raises(InputError, match="after the new target date"):
        goals.update(mentee, goal.id, title="x", target_date="2027-04-01", today=TODAY)
    with pytest.raises(AccessDeniedError):
        goals.update(mentor, goal.id, title="Mentor edit", today=TODAY)
    outline, rehearse = edited.milestones
    goals.update_milestone(mentee, outline.id, title="Outline both talks", due="2027-02-15", today=TODAY)
    goals.archive_milestone(mentee, rehearse.id)
    [left] = next(g for g in goals.goals(mentee) if g.id == goal.id).milestones
    assert (left.title, str(left.due)) == ("Outline both talks", "2027-02-15")
    goals.set_status(mentee, goal.id, "archived")
    assert goal.id not in [g.id for g in goals.goals(mentee)]
    assert goal.id in [g.id for g in goals.goals(mentee, include_archived=True)]


def test_which_goal_question_is_answered_and_teaches_this_mentee(world, monkeypatch):
    from dataclasses import replace

    from coach.reflection import linking
    from coach.reflection.link_ranker import default_ranker

    ctx, mentee, mentor, *_ = world
    always_ask = replace(default_ranker(), ask_margin=1.01)  # the top two are always "too close"
    monkeypatch.setattr(linking, "default_ranker", lambda: always_ask)
    ctx.reflections.goals.create(mentee, title="Write the quarterly report", target_date="2027-03-31",
                                 today=TODAY)
    saved = ctx.reflections.save(mentee, what="I practised the presentation twice.", session_date=TODAY)
    assert "Which goal is this reflection about" in saved.question
    asked = [s.goal_id for s in saved.note.suggestions]
    assert len(asked) == 2 and saved.note.links == []
    assert set(asked) <= set(saved.reasons) and all(saved.reasons[g] for g in asked)
    assert saved.reasons[asked[0]] == "I practised the presentation twice."
    with pytest.raises(AccessDeniedError):
        ctx.reflections.choose_goal(mentor, saved.note.id, asked[1])
    answered = ctx.reflections.choose_goal(mentee, saved.note.id, asked[1])
    assert [(link.goal_id, link.source) for link in answered.links] == [(asked[1], "user")]
    assert answered.suggestions == []
    with pytest.raises(NotFoundError, match="not one of the goals asked about"):
        ctx.reflections.choose_goal(mentee, saved.note.id, asked[0])
    goals = ctx.reflections._goals_of(mentee)
    docs = ctx.reflections._goal_docs(goals)
    taught = next(d for g, d in zip(goals, docs, strict=True) if g.id == asked[1])
    assert taught.confirmed == ("I practised the presentation twice.",)  # feeds the next links
    neither = ctx.reflections.save(mentee, what="Another note about the talk.", session_date=TODAY).note
    declined = ctx.reflections.choose_goal(mentee, neither.id, None)
    assert declined.links == [] and declined.suggestions == []


def test_one_link_threshold_and_it_is_the_calibrated_one():
    import json
    from pathlib import Path

    from coach.reflection import linking, reflections

    root = Path(__file__).resolve().parents[2]
    calibrated = json.loads((root / "eval" / "results" / "link_threshold.json").read_text())
    assert linking.LINK_THRESHOLD == pytest.approx(calibrated["threshold"], abs=0.005)
    assert reflections.links_automatically is linking.links_automatically  # the one rule
    sources = [p for p in (root / "coach").rglob("*.py") if "LINK_THRESHOLD =" in p.read_text()]
    assert sources == [root / "coach" / "reflection" / "linking.py"]


def test_warm_up_encodes_the_library_and_stores_nothing(ctx):
    from sqlalchemy import func, select

    from coach.reflection import vector_cache
    from coach.reflection.situations import situations
    from coach.store.models import Note

    load_demo(ctx.db)
    with ctx.db.session() as session:
        notes = session.scalar(select(func.count()).select_from(Note))
    vector_cache.clear()
    ctx.reflections.warm()
    cached = {key[2] for key in vector_cache._cache}
    assert {s for ss in situations().values() for s in ss} <= cached
    with ctx.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Note)) == notes


def test_a_clash_while_caching_library_vectors_does_not_stop_a_save(world, monkeypatch):
    """Two processes storing the same situation vectors at once: this one encodes them itself."""
    from sqlalchemy.exc import IntegrityError

    import coach.reflection.reflections as reflections

    ctx, mentee, *_ = world

    def clash(db, embedder):  # type: ignore[no-untyped-def]
        raise IntegrityError("INSERT INTO embeddings", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(reflections, "prime_situations", clash)
    saved = ctx.reflections.save(mentee, what="Asked my lead for feedback on the demo.")
    assert saved.note.id and saved.analysis.guidance
