"""Check-in agendas: what each side of the pair sees, questions from the prompt library, Markdown."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from coach.access import OPERATOR
from coach.errors import AccessDeniedError, InputError
from coach.reflection.agenda import Agenda, agenda_markdown, build_agenda, suggest_questions
from coach.reflection.prompts import PROMPTS_FILE
from coach.store.models import FeedbackDraft, Goal, Milestone, Note, Pair, Person
from coach.store.people import get_actor
from tests.helpers import pair_id

TODAY = date(2026, 11, 29)
PROMPTS = json.loads(PROMPTS_FILE.read_text(encoding="utf-8"))
QUESTION_TEXTS = {p["text"]: p for p in PROMPTS}


@pytest.fixture
def small(ctx):
    """A hand-built pair: one shared and one private reflection, a goal and a feedback draft."""
    db = ctx.db
    with db.session() as session:
        mentor = Person(handle="mo", name="Mo Mentor", role="mentor", timezone="Europe/Berlin")
        mentee = Person(handle="ee", name="Ee Mentee", role="mentee", timezone="America/Toronto")
        other = Person(handle="om", name="Other Mentor", role="mentor")
        session.add_all([mentor, mentee, other])
        session.flush()
        pair = Pair(mentor_id=mentor.id, mentee_id=mentee.id, started=date(2026, 9, 1), cadence_days=14)
        goal = Goal(owner_id=mentee.id, title="Give a <b>conference</b> talk", status="active",
                    target_date=date(2027, 3, 1))
        goal.milestones = [Milestone(title="Submit abstract", due=date(2026, 11, 20)),
                           Milestone(title="Book travel", due=date(2026, 12, 10)),
                           Milestone(title="Rehearse", due=date(2027, 2, 1)),
                           Milestone(title="Pick topic", due=date(2026, 10, 1), done=True,
                                     done_at=date(2026, 10, 1))]
        paused = Goal(owner_id=mentee.id, title="Paused goal", status="paused")
        session.add_all([pair, goal, paused])
        session.add_all([
            Note(author_id=mentee.id, session_date=date(2026, 11, 20), shared_with_mentor=False,
                 what="I was nervous before the presentation; the slides and the audience scared me.",
                 so_what="", now_what="PRIVATE-ACTION rehearse the talk twice"),
            Note(author_id=mentee.id, session_date=date(2026, 11, 10), shared_with_mentor=True,
                 what="Our time zone overlap is tiny and the schedule means late night calls.",
                 so_what="", now_what="SHARED-ACTION move status updates to async"),
            Note(author_id=mentor.id, session_date=date(2026, 11, 21), shared_with_mentor=True,
                 what="Mentor's own note", now_what="MENTOR-NOTE-ACTION"),
        ])
        session.add(FeedbackDraft(author_id=mentor.id, about_id=mentee.id, text="word " * 80,
                                  created_at=datetime(2026, 11, 1), status="sent"))
        session.add(FeedbackDraft(author_id=mentor.id, about_id=mentee.id,
                                  text="UNSENT-DRAFT your English is embarrassing",
                                  created_at=datetime(2026, 11, 3)))
        session.add(FeedbackDraft(author_id=other.id, about_id=mentee.id, text="OTHER-MENTOR-DRAFT",
                                  created_at=datetime(2026, 11, 2)))
        session.flush()
        pid = pair.id
    return db, pid


@pytest.mark.parametrize(("viewer", "present", "absent"), [
    ("ee", ["PRIVATE-ACTION rehearse the talk twice", "SHARED-ACTION move status updates to async"],
     ["MENTOR-NOTE-ACTION"]),
    ("mo", ["SHARED-ACTION move status updates to async"], ["PRIVATE-ACTION rehearse the talk twice",
                                                            "MENTOR-NOTE-ACTION"]),
])
def test_next_actions_respect_sharing(small, viewer, present, absent):
    db, pid = small
    agenda = build_agenda(db, get_actor(db, viewer), pid, today=TODAY)
    assert agenda.next_actions == present
    assert not set(absent) & set(agenda.next_actions)


def test_questions_only_use_what_the_viewer_may_read(small):
    db, pid = small
    mentee = build_agenda(db, get_actor(db, "ee"), pid, today=TODAY)
    mentor = build_agenda(db, get_actor(db, "mo"), pid, today=TODAY)
    themes = {who: {QUESTION_TEXTS[q]["theme"] for q in a.questions} for who, a in
              (("mentee", mentee), ("mentor", mentor))}
    assert "presenting" in themes["mentee"]  # from the private note
    assert "presenting" not in themes["mentor"]  # the mentor never saw it
    assert "time-zones" in themes["mentor"]
    for agenda in (mentee, mentor):
        assert 2 <= len(agenda.questions) <= 3
        assert len(set(agenda.questions)) == len(agenda.questions)
        assert all(QUESTION_TEXTS[q]["stage"] in ("so_what", "now_what") for q in agenda.questions)
    assert build_agenda(db, get_actor(db, "mo"), pid, today=TODAY) == mentor  # deterministic


@pytest.mark.parametrize(("texts", "theme"), [
    ([], "general"),
    (["Nothing to report."], "general"),
    (["My manager gave me feedback and criticism in the review."], "feedback"),
    (["We had a disagreement and I felt frustrated and ignored."], "conflict"),
])
def test_suggest_questions_themes(texts, theme):
    questions = suggest_questions(texts)
    assert 2 <= len(questions) <= 3
    assert QUESTION_TEXTS[questions[0]]["theme"] == theme
    assert suggest_questions(texts) == questions


def test_goals_milestones_and_feedback(small):
    db, pid = small
    agenda = build_agenda(db, get_actor(db, "mo"), pid, today=TODAY, horizon_days=30)
    assert [g.title for g in agenda.open_goals] == ["Give a <b>conference</b> talk"]
    assert (agenda.open_goals[0].milestones_done, agenda.open_goals[0].milestones_total) == (1, 4)
    assert [(m.title, m.overdue) for m in agenda.milestones_due] == [("Submit abstract", True),
                                                                     ("Book travel", False)]
    assert len(agenda.feedback) == 1 and agenda.feedback[0].endswith("…")
    assert len(agenda.feedback[0]) <= 160
    assert "OTHER-MENTOR-DRAFT" not in agenda.feedback
    assert not any("UNSENT-DRAFT" in f for f in agenda.feedback)
    short = build_agenda(db, get_actor(db, "mo"), pid, today=TODAY, horizon_days=0)
    assert [m.title for m in short.milestones_due] == ["Submit abstract"]
    assert build_agenda(db, get_actor(db, "ee"), pid, today=TODAY).feedback == []


def test_demo_mentor_sees_only_shared_reflections(db):
    pid = pair_id(db, "chidi", "mateo")
    mateo_id = get_actor(db, "mateo").id
    with db.session() as session:
        notes = session.scalars(select(Note).where(Note.author_id == mateo_id)
                                .order_by(Note.session_date.desc())).all()
        private = {n.now_what for n in notes if not n.shared_with_mentor}
        shared = [n.now_what for n in notes if n.shared_with_mentor][:3]
        newest = [n.now_what for n in notes][:3]
    mentor = build_agenda(db, get_actor(db, "chidi"), pid, today=TODAY)
    mentee = build_agenda(db, get_actor(db, "mateo"), pid, today=TODAY)
    assert private and not private & set(mentor.next_actions)
    assert mentor.next_actions == shared
    assert mentee.next_actions == newest
    assert mentor.feedback == [] and mentee.feedback == []  # the demo drafts are not sent


def test_unsent_drafts_never_reach_anything_shareable(db):
    """Agenda (page and download), journal and invite carry no draft text until it is marked sent."""
    from coach.reflection import checkins, journal

    mentor, mentee = get_actor(db, "maria"), get_actor(db, "ana")
    pid = pair_id(db, "maria", "ana")
    with db.session() as session:
        drafts = session.scalars(select(FeedbackDraft).where(FeedbackDraft.author_id == mentor.id,
                                                             FeedbackDraft.about_id == mentee.id)
                                 .order_by(FeedbackDraft.created_at.desc())).all()
        texts = [d.text for d in drafts]
        newest_id = drafts[0].id
    assert texts
    agenda = build_agenda(db, mentor, pid, today=TODAY)
    shareable = [agenda_markdown(agenda, mentor_name="M", mentee_name="A"),
                 journal.export_markdown(db, mentee), journal.export_html(db, mentee),
                 checkins.checkin_ics(db, mentor, pid, at=datetime(2027, 1, 5, 14, 0))]
    for text in texts:
        snippet = " ".join(text.split())[:40]
        assert not any(snippet in out for out in shareable)
    with db.session() as session:
        session.get(FeedbackDraft, newest_id).status = "sent"
    sent = build_agenda(db, mentor, pid, today=TODAY)
    assert len(sent.feedback) == 1 and sent.feedback[0][:40] == " ".join(texts[0].split())[:40]
    assert [g.title for g in agenda.open_goals] == ["Get better at communication"]
    due = [(m.title, m.overdue) for m in agenda.milestones_due]
    assert due == [("Read a book about communication", True)]


@pytest.mark.parametrize("who", ["noor", "tomasz", "maria", "kofi", None])
def test_non_members_are_refused(db, who):
    actor = OPERATOR if who is None else get_actor(db, who)
    with pytest.raises(AccessDeniedError):
        build_agenda(db, actor, pair_id(db, "chidi", "mateo"), today=TODAY)


def test_ended_pair_and_bad_horizon(small):
    db, pid = small
    with pytest.raises(InputError, match="horizon_days"):
        build_agenda(db, get_actor(db, "mo"), pid, horizon_days=-1)
    with db.session() as session:
        session.get(Pair, pid).ended = date(2026, 11, 25)
    with pytest.raises(InputError, match="ended on 2026-11-25"):
        build_agenda(db, get_actor(db, "mo"), pid, today=TODAY)


def test_markdown_has_every_section_and_escapes_user_text(small):
    db, pid = small
    agenda = build_agenda(db, get_actor(db, "mo"), pid, today=TODAY)
    text = agenda_markdown(agenda, mentor_name="Mo Mentor", mentee_name="Ee Mentee")
    assert text.startswith("# Check-in agenda: Mo Mentor / Ee Mentee\n")
    for heading in ("## Goals in progress", "## Milestones due soon",
                    "## Next actions from recent reflections", "## Feedback to discuss",
                    "## Questions to explore", "## Agreed next steps"):
        assert heading in text
    assert "- [ ] **Give a \\<b\\>conference\\</b\\> talk**" in text
    assert "<b>" not in text
    assert "due 20 Nov 2026, overdue" in text
    assert "- [ ] SHARED-ACTION move status updates to async" in text


def test_markdown_explains_empty_sections():
    empty = Agenda(pair_id=1, date=TODAY, open_goals=[], milestones_due=[], next_actions=[], feedback=[],
                   questions=[])
    text = agenda_markdown(empty, mentor_name="A", mentee_name="B")
    assert "No active goals yet" in text
    assert "No open milestones are due soon" in text
    assert "No recent reflections to draw on" in text
    assert "No feedback given since the last check-in" in text
    assert "Prepared 29 Nov 2026." in text
