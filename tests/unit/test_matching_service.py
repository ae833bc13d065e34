"""The matching service on program data: roles, drafts, publishing pairs (nothing deleted, reopen)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from coach.errors import AccessDeniedError, ConflictError, InputError
from coach.matching import MatchingService, MatchOptions, load_problem
from coach.store.models import MatchRun, Pair
from coach.store.people import get_actor


@pytest.fixture
def service(ctx):  # type: ignore[no-untyped-def]
    from coach.demo import load_demo

    load_demo(ctx.db, extras=False)
    return MatchingService(ctx.db, lambda: ctx.embedder)


@pytest.mark.parametrize("handle", ["mateo", "chidi"])
def test_only_facilitators_and_admins(service, handle):
    actor = get_actor(service.db, handle)
    with pytest.raises(AccessDeniedError):
        service.program_problem(actor)
    with pytest.raises(AccessDeniedError):
        service.runs(actor)


def test_program_data_mentees_without_pair_and_mentor_room(service):
    noor = get_actor(service.db, "noor")
    problem = service.program_problem(noor)
    assert [m.id for m in problem.mentees] == ["fatima"]
    caps = {m.id: m.capacity for m in problem.mentors}
    assert caps["chidi"] == 0 and caps["maria"] == 1  # chidi: capacity 2, two active pairs
    everyone = service.program_problem(noor, rematch=True)
    assert len(everyone.mentees) == 7 and {m.id: m.capacity for m in everyone.mentors}["chidi"] == 2


def test_reflections_used_only_when_shared(service):
    noor = get_actor(service.db, "noor")
    problem = service.program_problem(noor, rematch=True)
    ana = next(m for m in problem.mentees if m.id == "ana")
    assert ana.reflections and all(r.strip() for r in ana.reflections)
    from coach.store.models import Note

    with service.db.session() as session:
        private = {n.what for n in session.scalars(select(Note).where(Note.shared_with_mentor.is_(False)))}
    assert not any(p and p in r for p in private for r in ana.reflections)


def test_run_draft_publish_ends_old_pairs_and_reopens(service):
    noor = get_actor(service.db, "noor")
    problem = service.program_problem(noor, rematch=True)
    run_id, result = service.run(noor, problem, MatchOptions(objective="coverage"))
    assert run_id and result.stats["violations"] == 0
    with service.db.session() as session:
        before = {(p.mentee_id, p.mentor_id): p.ended for p in session.scalars(select(Pair))}
    summary = service.publish(noor, run_id, today=date(2026, 12, 1))
    assert summary.created + summary.reopened + summary.kept == len(result.matches)
    with service.db.session() as session:
        pairs = list(session.scalars(select(Pair)))
        active = {(p.mentee.handle, p.mentor.handle) for p in pairs if p.ended is None}
        assert len(pairs) >= len(before)  # nothing deleted
        assert active == {(m.mentee_id, m.mentor_id) for m in result.matches}
        assert sum(p.ended == date(2026, 12, 1) for p in pairs) == summary.ended
        assert session.get(MatchRun, run_id).status == "published"
        ended = next(p for p in pairs if p.ended is not None)
        ended_id, mentor_handle, mentee_handle = ended.id, ended.mentor.handle, ended.mentee.handle
    with pytest.raises(ConflictError):
        service.publish(noor, run_id)
    # an ended pair that is matched again is reopened, not duplicated
    csv_mentors = f"id,name,expertise,bio,languages,timezone,capacity\n{mentor_handle},M,x,,en,UTC,3\n"
    csv_mentees = f"id,name,goals,background,languages,timezone\n{mentee_handle},E,x,,en,UTC\n"
    run2, _ = service.run(noor, load_problem(mentors=csv_mentors, mentees=csv_mentees), MatchOptions())
    assert service.publish(noor, run2).reopened == 1
    with service.db.session() as session:
        assert session.get(Pair, ended_id).ended is None
        assert session.get(MatchRun, run2).result["published"]["reopened_history"][0]["pair_id"] == ended_id


def test_publishing_csv_ids_that_are_not_people_is_refused(service):
    noor = get_actor(service.db, "noor")
    problem = load_problem(mentors="id,name,expertise,bio,languages,timezone,capacity\nx1,X,a,,en,UTC,1\n",
                           mentees="id,name,goals,background,languages,timezone\ny1,Y,a,,en,UTC\n")
    run_id, _ = service.run(noor, problem, MatchOptions())
    with pytest.raises(InputError, match="not people in the program"):
        service.publish(noor, run_id)
    assert service.get_run(noor, run_id)[0].status == "draft"


def test_a_stale_draft_cannot_overfill_a_mentor(service):
    from coach.store.models import Person

    noor = get_actor(service.db, "noor")
    run_id, result = service.run(noor, service.program_problem(noor), MatchOptions(objective="coverage"))
    [match] = result.matches
    with service.db.session() as session:  # the program changes after the draft: the mentor is now full
        mentor = session.scalar(select(Person).where(Person.handle == match.mentor_id))
        mentor.capacity = session.scalar(select(func.count()).select_from(Pair).where(
            Pair.mentor_id == mentor.id, Pair.ended.is_(None)))
        before = session.scalar(select(func.count()).select_from(Pair).where(Pair.ended.is_(None)))
    with pytest.raises(ConflictError, match="Run the matching again"):
        service.publish(noor, run_id)
    with service.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Pair).where(Pair.ended.is_(None))) == before
        assert session.get(MatchRun, run_id).status == "draft"


def _active(session):  # type: ignore[no-untyped-def]
    rows = session.scalars(select(Pair).where(Pair.ended.is_(None)))
    return {(p.mentee.handle, p.mentor.handle) for p in rows}


def _publish_rematch(ctx, options, *, extras=True, pins=()):  # type: ignore[no-untyped-def]
    """Re-match everyone, publish, and check the outcome; returns (summary, pairs before)."""
    from coach.demo import load_demo
    from coach.matching import with_constraints
    from coach.store.models import Person

    load_demo(ctx.db, extras=extras)
    service = MatchingService(ctx.db, lambda: ctx.embedder)
    noor = get_actor(service.db, "noor")
    with service.db.session() as session:
        before = _active(session)
    problem = with_constraints(service.program_problem(noor, rematch=True), pins=pins)
    run_id, result = service.run(noor, problem, options)
    left_out = {u.mentee_id for u in result.unmatched} & {mentee for mentee, _ in before}
    assert left_out  # some mentees the draft leaves out have a mentor now
    plan = service.publish_plan(noor, run_id)
    assert {p.mentee_id for p in (*plan.kept_previous, *plan.ended_previous)} == left_out
    summary = service.publish(noor, run_id, today=date(2026, 12, 1))
    with service.db.session() as session:
        active = _active(session)
        people = session.scalars(select(Person).where(Person.role == "mentor"))
        mentors = {p.handle: p.capacity for p in people}
    load: dict[str, int] = {}
    for _, mentor in active:
        load[mentor] = load.get(mentor, 0) + 1
    assert all(load[m] <= mentors[m] for m in load)
    kept = {(p.mentee_id, p.mentor_id) for p in summary.kept_previous}
    assert kept == {(p.mentee_id, p.mentor_id) for p in plan.kept_previous} and kept <= before
    assert active == {(m.mentee_id, m.mentor_id) for m in result.matches} | kept
    assert not {mentee for mentee, _ in active} & {p.mentee_id for p in summary.ended_previous}
    return summary, before


def test_rematch_everyone_then_publish_respects_capacity(ctx):
    """The bug: re-match everyone (63 mentees, 57 places) then Publish was refused, because the mentees
    the draft left out kept their pairs on top of the draft's. Now their pairs end where the draft
    fills the mentor, and the preview names them."""
    summary, _ = _publish_rematch(ctx, MatchOptions())
    assert summary.ended_previous and all("places all go to" in p.why for p in summary.ended_previous)


def test_rematch_left_out_mentees_keep_their_mentor_where_there_is_room(ctx):
    """A demanding minimum score leaves most mentees out: they keep their current mentors."""
    summary, before = _publish_rematch(ctx, MatchOptions(min_score=0.99), extras=False,
                                       pins=[("ana", "maria")])
    assert summary.kept_previous and not summary.ended_previous
    assert {(p.mentee_id, p.mentor_id) for p in summary.kept_previous} == before - {("ana", "maria")}
