"""Progress views: who may see them and what they count."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from coach.access import OPERATOR
from coach.errors import AccessDeniedError
from coach.reflection.progress import progress_for
from coach.store.models import CheckIn, Goal, Note, NoteGoalLink, Pair, Person
from coach.store.people import get_actor

TODAY = date(2026, 11, 29)


@pytest.mark.parametrize(("viewer", "mentee", "allowed"), [
    ("mateo", "mateo", True),
    ("chidi", "mateo", True),
    ("maria", "mateo", False),
    ("kofi", "mateo", False),
    ("noor", "mateo", False),
    ("tomasz", "mateo", False),
    ("ana", "ana", True),
    ("maria", "ana", True),
])
def test_who_may_see_progress(db, viewer, mentee, allowed):
    call = lambda: progress_for(db, get_actor(db, viewer), get_actor(db, mentee).id, today=TODAY)  # noqa: E731
    if allowed:
        assert call().mentee_id == get_actor(db, mentee).id
    else:
        with pytest.raises(AccessDeniedError):
            call()


def test_facilitators_and_the_operator_are_refused_with_a_reason(db):
    with pytest.raises(AccessDeniedError, match="facilitators see anonymized program summaries"):
        progress_for(db, get_actor(db, "noor"), get_actor(db, "ana").id, today=TODAY)
    with pytest.raises(AccessDeniedError, match="only the mentee and their current mentor"):
        progress_for(db, OPERATOR, get_actor(db, "ana").id, today=TODAY)


def test_overdue_pair_checkins_and_cadence(db):
    progress = progress_for(db, get_actor(db, "chidi"), get_actor(db, "mateo").id, today=TODAY)
    assert progress.checkins == [("2026-07", 1, 1), ("2026-08", 1, 1), ("2026-09", 1, 1),
                                 ("2026-10", 0, 1), ("2026-11", 0, 1)]
    assert progress.cadence_kept == pytest.approx(0.6)


@pytest.mark.parametrize(("mentee", "kept"), [("kofi", 1.0), ("ana", 10 / 11), ("mateo", 0.6)])
def test_cadence_kept_is_a_share(db, mentee, kept):
    progress = progress_for(db, get_actor(db, mentee), get_actor(db, mentee).id, today=TODAY)
    assert 0.0 <= progress.cadence_kept <= 1.0
    assert progress.cadence_kept == pytest.approx(kept, abs=1e-4)


def test_goals_and_milestones(db):
    progress = progress_for(db, get_actor(db, "kofi"), get_actor(db, "kofi").id, today=TODAY)
    by_title = {g.title: g for g in progress.goals}
    design = by_title["Lead the design review for the claims-service migration"]
    assert (design.status, design.milestones_done, design.milestones_total) == ("active", 3, 4)
    assert design.target_date == date(2026, 11, 30)
    assert design.milestones[-1][0].startswith("Draft phase two") and design.milestones[-1][2] is None
    assert design.milestones[0][2] == date(2026, 8, 15)


def test_reflections_per_month_count_only_readable_notes(db):
    mateo_id = get_actor(db, "mateo").id
    own = progress_for(db, get_actor(db, "mateo"), mateo_id, today=TODAY)
    mentor = progress_for(db, get_actor(db, "chidi"), mateo_id, today=TODAY)
    with db.session() as session:
        total = session.scalar(select(func.count()).select_from(Note).where(Note.author_id == mateo_id))
        shared = session.scalar(select(func.count()).select_from(Note).where(
            Note.author_id == mateo_id, Note.shared_with_mentor.is_(True)))
    assert sum(n for _, n in own.reflections_per_month) == total
    assert sum(n for _, n in mentor.reflections_per_month) == shared
    months = [m for m, _ in own.reflections_per_month]
    assert months == ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    with db.session() as session:
        dates = session.scalars(select(Note.session_date).where(Note.author_id == mateo_id)).all()
    written = Counter(f"{d:%Y-%m}" for d in dates)
    assert dict(own.reflections_per_month) == {m: written.get(m, 0) for m in months}
    assert any(n == 0 for _, n in own.reflections_per_month) or set(written) == set(months)


@pytest.fixture
def linked(ctx):
    """A mentee with two mentors, a goal linked to one shared and two private notes."""
    db = ctx.db
    with db.session() as session:
        mentee = Person(handle="lm", name="Linked Mentee", role="mentee")
        first = Person(handle="m1", name="First Mentor", role="mentor")
        second = Person(handle="m2", name="Second Mentor", role="mentor")
        session.add_all([mentee, first, second])
        session.flush()
        pair_1 = Pair(mentor_id=first.id, mentee_id=mentee.id, started=date(2026, 10, 1), cadence_days=14)
        pair_2 = Pair(mentor_id=second.id, mentee_id=mentee.id, started=date(2026, 11, 1), cadence_days=7)
        goal = Goal(owner_id=mentee.id, title="Write a thesis", status="active")
        other = Goal(owner_id=mentee.id, title="Run a marathon", status="active")
        session.add_all([pair_1, pair_2, goal, other])
        notes = [Note(author_id=mentee.id, session_date=date(2026, 11, d), shared_with_mentor=s, what="x")
                 for d, s in ((3, True), (10, False), (17, False))]
        session.add_all(notes)
        session.flush()
        session.add_all([NoteGoalLink(note_id=n.id, goal_id=goal.id) for n in notes])
        session.add_all([CheckIn(pair_id=pair_1.id, at=datetime(2026, 10, 1, 9), done=True),
                         CheckIn(pair_id=pair_2.id, at=datetime(2026, 11, 2, 9), done=True),
                         CheckIn(pair_id=pair_2.id, at=datetime(2026, 12, 20, 9), done=False)])
        session.flush()
        mentee_id = mentee.id
    return db, mentee_id


@pytest.mark.parametrize(("viewer", "per_goal"), [
    ("lm", {"Write a thesis": 3, "Run a marathon": 0}),
    ("m1", {"Write a thesis": 1, "Run a marathon": 0}),
])
def test_reflections_per_goal_respect_sharing(linked, viewer, per_goal):
    db, mentee_id = linked
    assert progress_for(db, get_actor(db, viewer), mentee_id, today=TODAY).reflections_per_goal == per_goal


def test_a_mentor_sees_only_their_own_pairs_checkins(linked):
    db, mentee_id = linked
    first = progress_for(db, get_actor(db, "m1"), mentee_id, today=TODAY)
    # pair 1: due 1, 15, 29 Oct and 12, 26 Nov; met once
    assert first.checkins == [("2026-10", 1, 3), ("2026-11", 0, 2)]
    assert first.cadence_kept == pytest.approx(0.2)
    own = progress_for(db, get_actor(db, "lm"), mentee_id, today=TODAY)
    # both pairs; pair 2 weekly from 1 Nov: 1, 8, 15, 22, 29 Nov
    assert own.checkins == [("2026-10", 1, 3), ("2026-11", 1, 7)]
    assert own.cadence_kept == pytest.approx(0.2)


def test_no_pairs_means_nothing_was_missed(ctx):
    with ctx.db.session() as session:
        session.add(Person(handle="solo", name="Solo", role="mentee"))
    progress = progress_for(ctx.db, get_actor(ctx.db, "solo"), get_actor(ctx.db, "solo").id, today=TODAY)
    assert (progress.goals, progress.checkins, progress.reflections_per_month) == ([], [], [])
    assert progress.cadence_kept == 1.0
