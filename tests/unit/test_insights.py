"""Program dashboard aggregates on programs built by hand: gates, cohorts, periods, access, no text."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from coach.access import OPERATOR, Actor
from coach.errors import AccessDeniedError, InputError
from coach.exports import to_json, write_csv
from coach.insights import CSV_FIELDS, InsightsQuery, InsightsService
from coach.store.models import CheckIn, FeedbackDraft, Goal, Milestone, Note, Pair, Person, Program

TODAY = date(2026, 12, 1)
SECRET = "ZEBRA-SECRET-7"


class Program_:
    """Builds a program row by row; ``people`` maps a handle to its id."""

    def __init__(self, db, name: str = "Test program") -> None:  # type: ignore[no-untyped-def]
        self.db = db
        with db.session() as s:
            program = Program(name=name)
            s.add(program)
            s.flush()
            self.program_id = program.id
        self.people: dict[str, int] = {}
        self.facilitator = self.person(f"fac-{name}", "facilitator", "")

    def person(self, handle: str, role: str, cohort: str) -> int:
        with self.db.session() as s:
            p = Person(program_id=self.program_id, handle=handle, name=f"Name {handle}",
                       email=f"{handle}@example.org", role=role, cohort=cohort)
            s.add(p)
            s.flush()
            self.people[handle] = p.id
            return p.id

    def mentees(self, cohort: str, n: int, prefix: str | None = None) -> list[int]:
        return [self.person(f"{prefix or cohort}-mentee-{i}", "mentee", cohort) for i in range(n)]

    def pair(self, mentor: int, mentee: int, started: date, cadence: int = 14,
             ended: date | None = None) -> int:
        with self.db.session() as s:
            pair = Pair(mentor_id=mentor, mentee_id=mentee, started=started, cadence_days=cadence,
                        ended=ended)
            s.add(pair)
            s.flush()
            return pair.id

    def add(self, *rows) -> None:  # type: ignore[no-untyped-def]
        with self.db.session() as s:
            s.add_all(rows)


def note(author: int, day: date, text: str = SECRET) -> Note:
    return Note(author_id=author, session_date=day, what=text)


def draft(author: int, day: date, *, vague: bool | None, judgmental: bool = False,
          sbi: float = 1.0) -> FeedbackDraft:
    result = None if vague is None else {"text": SECRET, "vague": vague, "judgmental": judgmental,
                                         "sbi_completeness": sbi}
    return FeedbackDraft(author_id=author, text=f"Draft {SECRET}", result=result,
                         created_at=datetime.combine(day, datetime.min.time()))


def dashboard(db, prog: Program_, **query):  # type: ignore[no-untyped-def]
    """The dashboard as the program's facilitator sees it."""
    facilitator = Actor(id=prog.facilitator, role="facilitator", name="Facilitator")
    return InsightsService(db).dashboard(facilitator, InsightsQuery(**query), today=TODAY)


def cells(dash, series: str) -> dict:  # type: ignore[no-untyped-def]
    return {c.key: c for c in dash.series[series].cells}


@pytest.fixture
def prog(ctx) -> Program_:  # type: ignore[no-untyped-def]
    return Program_(ctx.db)


@pytest.mark.parametrize(("role", "allowed"), [
    ("mentee", False), ("mentor", False), ("facilitator", True), ("admin", True)])
def test_only_facilitators_and_admins(ctx, prog, role, allowed):
    pid = prog.person(f"someone-{role}", role, "A")
    who = Actor(id=pid, role=role, name="Someone")
    if allowed:
        InsightsService(ctx.db).dashboard(who, today=TODAY)
    else:
        with pytest.raises(AccessDeniedError, match="program dashboard"):
            InsightsService(ctx.db).dashboard(who, today=TODAY)


@pytest.mark.parametrize(("writers", "notes_each", "shown"), [
    (4, 10, False),  # 40 notes from 4 people: notes are not people
    (5, 1, True),
    (6, 3, True),
])
def test_reflections_gate_counts_distinct_people(ctx, prog, writers, notes_each, shown):
    people = prog.mentees("A", 6)
    prog.add(*[note(p, date(2026, 10, 1 + j)) for p in people[:writers] for j in range(notes_each)])
    october = cells(dashboard(ctx.db, prog), "reflections")["2026-10"]
    assert october.shown is shown
    if shown:
        assert october.values == {"reflections": writers * notes_each, "writers": writers}
        assert october.participants == writers
    else:
        assert october.values == {} and october.participants is None
        assert october.hidden == "fewer than 5 people"


def test_cohort_cells_use_complementary_suppression(ctx, prog):
    a, b = prog.mentees("A", 6), prog.mentees("B", 6)
    # October: 6 writers in A, 2 in B. The program cell (8) is shown; B is too small, and showing A
    # would let anyone subtract A from the program and read B's two people, so A is hidden too.
    prog.add(*[note(p, date(2026, 10, 5)) for p in a + b[:2]])
    # November: 6 and 5 writers: everything shown.
    prog.add(*[note(p, date(2026, 11, 5)) for p in a + b[:5]])
    program = cells(dashboard(ctx.db, prog), "reflections")
    assert program["2026-10"].values["reflections"] == 8
    in_a = cells(dashboard(ctx.db, prog, cohort="A"), "reflections")
    in_b = cells(dashboard(ctx.db, prog, cohort="B"), "reflections")
    assert "cannot be worked out" in in_a["2026-10"].hidden
    assert in_b["2026-10"].hidden == "fewer than 5 people"
    assert in_a["2026-11"].values["reflections"] == 6
    assert in_b["2026-11"].values["reflections"] == 5


def test_cohort_view_withheld_when_the_rest_is_small(ctx, prog):
    prog.mentees("A", 10)
    prog.mentees("B", 3)
    dash = dashboard(ctx.db, prog, cohort="A")
    assert "outside cohort 'A' are fewer than 5" in dash.notice
    assert all(not s.cells for s in dash.series.values())
    small = dashboard(ctx.db, prog, cohort="B")
    assert "fewer than 5 mentees and mentors" in small.notice
    whole = dashboard(ctx.db, prog)
    assert not whole.notice and whole.headline()["mentees"] == 13


def test_headline_totals_only_count_cells_shown(ctx, prog):
    people = prog.mentees("A", 6)
    prog.add(*[note(p, date(2026, 9, 3)) for p in people])        # shown: 6 writers
    prog.add(*[note(people[0], date(2026, 10, d)) for d in range(1, 8)])  # hidden: 1 writer, 7 notes
    dash = dashboard(ctx.db, prog)
    assert dash.headline()["reflections"] == 6  # the hidden month is never added in
    assert any("Reflections per month" in n and "2026-10" in n for n in dash.notes)


def test_checkins_held_vs_planned_cadence(ctx, prog):
    mentor = prog.person("mentor-1", "mentor", "A")
    pairs = [prog.pair(mentor, m, date(2026, 10, 1), cadence=14) for m in prog.mentees("A", 5)]
    # Planned: Oct 1, 15, 29 and Nov 12, 26 (five per pair); two pairs held extra check-ins in October.
    prog.add(*[CheckIn(pair_id=p, at=datetime(2026, 10, d, 10), done=True)
               for p in pairs for d in (1, 15)])
    prog.add(*[CheckIn(pair_id=p, at=datetime(2026, 10, 20, 10), done=True) for p in pairs[:2]])
    prog.add(*[CheckIn(pair_id=p, at=datetime(2026, 11, 12, 10), done=True) for p in pairs[:1]])
    prog.add(CheckIn(pair_id=pairs[0], at=datetime(2026, 11, 30, 10), done=False))  # not held
    grid = cells(dashboard(ctx.db, prog), "checkins")
    assert grid["2026-10"].values == {"planned": 15, "held": 12, "kept": 12, "kept_share": 0.8}
    assert grid["2026-11"].values == {"planned": 10, "held": 1, "kept": 1, "kept_share": 0.1}
    pairs_per_month = cells(dashboard(ctx.db, prog), "active_pairs")
    assert pairs_per_month["2026-11"].values == {"pairs": 5}


def test_ended_pairs_plan_nothing_after_they_end(ctx, prog):
    mentor = prog.person("mentor-1", "mentor", "A")
    for m in prog.mentees("A", 5):
        prog.pair(mentor, m, date(2026, 9, 1), cadence=30, ended=date(2026, 9, 30))
    dash = dashboard(ctx.db, prog)
    assert cells(dash, "checkins")["2026-09"].values["planned"] == 5
    assert cells(dash, "active_pairs")["2026-10"].hidden == "fewer than 5 people"


def test_feedback_quality_over_checked_drafts(ctx, prog):
    mentors = [prog.person(f"mentor-{i}", "mentor", "A") for i in range(5)]
    prog.mentees("A", 5)
    day = date(2026, 11, 2)
    prog.add(*[draft(m, day, vague=i < 2, judgmental=i == 0, sbi=1.0 if i < 3 else 1 / 3)
               for i, m in enumerate(mentors)])
    prog.add(*[draft(m, day, vague=None) for m in mentors])  # saved without a result
    dash = dashboard(ctx.db, prog)
    nov = cells(dash, "feedback")["2026-11"].values
    assert (nov["checked"], nov["vague_share"], nov["judgmental_share"]) == (5, 0.4, 0.2)
    assert nov["sbi_completeness"] == pytest.approx((3 + 2 / 3) / 5, abs=1e-4)
    assert nov["sbi_complete_share"] == 0.6
    assert cells(dash, "unchecked")["2026-11"].values == {"unchecked": 5}
    head = dash.headline()
    assert (head["drafts_checked"], head["drafts_unchecked"], head["vague_share"]) == (5, 5, 0.4)


def test_goals_and_milestones(ctx, prog):
    owners = prog.mentees("A", 6)
    for i, owner in enumerate(owners):
        prog.add(Goal(owner_id=owner, title=SECRET, status="active" if i else "done", milestones=[
            Milestone(title=SECRET, due=date(2026, 10, 10), done=i % 2 == 0),
            Milestone(title="later", due=date(2027, 3, 1), done=False)]))
    dash = dashboard(ctx.db, prog)
    assert cells(dash, "milestones")["2026-10"].values == {"due": 6, "done": 3, "done_share": 0.5}
    goals = cells(dash, "goals")
    assert goals["done"].hidden == "fewer than 5 people"  # one owner
    assert goals["active"].values == {"goals": 5, "milestones": 10, "milestones_done": 2}
    assert dash.headline()["goals"] == 5  # the hidden "done" goal is not in the total


def test_period_is_whole_months(ctx, prog):
    people = prog.mentees("A", 5)
    prog.add(*[note(p, date(2026, m, 20)) for p in people for m in (8, 9, 10, 11)])
    dash = dashboard(ctx.db, prog, start=date(2026, 9, 25), end=date(2026, 10, 2))
    assert dash.months == ["2026-09", "2026-10"]
    assert dash.headline()["reflections"] == 10  # all of September and October, not a few days
    assert dashboard(ctx.db, prog, end=date(2030, 1, 1)).months[-1] == "2026-12"  # never past today


@pytest.mark.parametrize(("query", "message"), [
    ({"cohort": "Z"}, "no cohort 'Z' in this program. Cohorts: A"),
    ({"start": date(2026, 10, 1), "end": date(2026, 9, 1)}, "ends earlier"),
    ({"min_participants": 1}, "at least 2"),
])
def test_bad_filters_are_explained(ctx, prog, query, message):
    prog.mentees("A", 5)
    with pytest.raises(InputError, match=message):
        dashboard(ctx.db, prog, **query)


def test_empty_program_and_tiny_program(ctx, prog):
    assert "No mentees or mentors" in dashboard(ctx.db, prog).notice
    prog.mentees("A", 4)
    tiny = dashboard(ctx.db, prog)
    assert "fewer than 5 mentees and mentors" in tiny.notice and tiny.empty


def test_exports_carry_no_text_names_or_ids(ctx, prog):
    people = prog.mentees("A", 6)
    mentors = [prog.person(f"mentor-{i}", "mentor", "A") for i in range(5)]
    prog.add(*[note(p, date(2026, 11, 3)) for p in people])
    prog.add(*[draft(m, date(2026, 11, 3), vague=True) for m in mentors])
    dash = dashboard(ctx.db, prog)
    exported = to_json(dash.to_dict()) + write_csv(dash.rows(), CSV_FIELDS)
    assert SECRET not in exported
    assert "Name " not in exported and "example.org" not in exported and "mentee-0" not in exported
    parsed = json.loads(to_json(dash.to_dict()))
    assert parsed["series"]["reflections"]["cells"][-2]["values"] == {"reflections": 6, "writers": 6}
    csv_text = write_csv(dash.rows(), CSV_FIELDS)
    assert csv_text.splitlines()[0] == ",".join(CSV_FIELDS)
    assert "reflections,Reflections per month,2026-11,all cohorts,6,reflections,6," in csv_text
    assert "fewer than 5 people" in csv_text


def test_facilitator_sees_only_their_program(ctx, prog):
    prog.mentees("A", 5)
    other = Program_(ctx.db, name="Other")
    other.mentees("A", 7, prefix="other")
    assert dashboard(ctx.db, prog).headline()["mentees"] == 5
    assert dashboard(ctx.db, other).headline()["mentees"] == 7
    assert InsightsService(ctx.db).dashboard(OPERATOR, today=TODAY).headline()["mentees"] == 12


def test_empty_figure_is_not_reported_as_hidden(ctx, prog):
    prog.mentees("A", 6)
    dash = dashboard(ctx.db, prog)
    assert dash.series["feedback"].has_data is False  # nobody wrote drafts: an empty state
    people = [prog.person(f"mentor-{i}", "mentor", "A") for i in range(2)]
    prog.add(*[draft(m, date(2026, 11, 3), vague=True) for m in people])
    dash = dashboard(ctx.db, prog)
    assert dash.series["feedback"].has_data is True and not dash.series["feedback"].shown


def test_older_results_without_sbi_completeness_count_the_parts(ctx, prog):
    mentors = [prog.person(f"mentor-{i}", "mentor", "A") for i in range(5)]
    prog.mentees("A", 5)
    prog.add(*[FeedbackDraft(author_id=m, text=SECRET, created_at=datetime(2026, 11, 4),
                             result={"vague": False, "judgmental": False,
                                     "sbi": {"situation": "x", "behavior": None, "impact": "y"}})
               for m in mentors])
    nov = cells(dashboard(ctx.db, prog), "feedback")["2026-11"].values
    assert nov["sbi_completeness"] == pytest.approx(2 / 3, abs=1e-4) and nov["vague_share"] == 0.0


def test_archived_goals_and_milestones_are_left_out(ctx, prog):
    for owner in prog.mentees("A", 5):
        prog.add(Goal(owner_id=owner, title="kept", status="active", milestones=[
            Milestone(title="kept", due=date(2026, 10, 1), done=True),
            Milestone(title="archived", due=date(2026, 10, 2), done=False, archived=True)]))
        prog.add(Goal(owner_id=owner, title="gone", status="archived", milestones=[
            Milestone(title="of an archived goal", due=date(2026, 10, 3), done=False)]))
    dash = dashboard(ctx.db, prog)
    assert set(cells(dash, "goals")) == {"active"}
    assert cells(dash, "milestones")["2026-10"].values == {"due": 5, "done": 5, "done_share": 1.0}


def test_exports_are_audited_without_figures(ctx, prog):
    from coach.people import read_log

    prog.mentees("A", 5)
    service = InsightsService(ctx.db)
    dash = dashboard(ctx.db, prog, cohort="A")
    service.record_export(Actor(id=prog.facilitator, role="facilitator", handle="fac"), dash, fmt="csv")
    [entry] = read_log(ctx.db, OPERATOR, action="insights.export")
    assert (entry.actor, entry.target) == ("fac", "A")
    assert entry.detail.startswith("csv; ") and "groups of at least 5" in entry.detail
    with pytest.raises(AccessDeniedError):
        service.record_export(Actor(id=None, role="mentee"), dash, fmt="csv")
