"""Goals with milestones: owned by the mentee, visible to their mentors; skill gaps.

Goals and milestones are edited and archived, never deleted: an archived goal leaves the lists
(``goals(..., include_archived=True)`` brings it back) and can be restored by setting a status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.access import Actor, require_owner
from coach.errors import AccessDeniedError, InputError, NotFoundError
from coach.nlp.embedder import Embedder
from coach.reflection.goal_quality import parse_target_date
from coach.store.db import Database
from coach.store.models import Goal, Milestone, Person, utcnow
from coach.store.people import mentor_ids_of

STATUSES = ("active", "done", "paused", "archived")
MAX_TITLE = 300


@dataclass(frozen=True)
class MilestoneView:
    id: int
    title: str
    due: date | None
    done: bool


@dataclass(frozen=True)
class GoalView:
    id: int
    owner_id: int
    title: str
    description: str
    target_date: date | None
    status: str
    skills_needed: list[str]
    milestones: list[MilestoneView] = field(default_factory=list)

    @property
    def text(self) -> str:
        """What goal linking embeds: title, description and milestones."""
        parts = [self.title, self.description, *[m.title for m in self.milestones]]
        return ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())


@dataclass(frozen=True)
class SkillGap:
    skill: str
    status: str  # have | close | gap
    matched: str | None


def live_milestones(goal: Goal) -> list[Milestone]:
    """A goal's milestones that are not archived (archived ones are kept, just not shown)."""
    return [m for m in goal.milestones if not m.archived]


def _view(goal: Goal) -> GoalView:
    return GoalView(goal.id, goal.owner_id, goal.title, goal.description, goal.target_date,
                    goal.status, list(goal.skills_needed or []),
                    [MilestoneView(m.id, m.title, m.due, m.done) for m in live_milestones(goal)])


def _title(title: str | None) -> str:
    clean = (title or "").strip()
    if not clean:
        raise InputError("The goal has no title. Write what you want to achieve.")
    if len(clean) > MAX_TITLE:
        raise InputError(f"The title is {len(clean)} characters; keep it under {MAX_TITLE} and "
                         "put the details in the description.")
    return clean


def _milestones(items: Sequence[tuple[str, str | date | None]], *, target: date | None,
                today: date | None) -> list[Milestone]:
    out = []
    for n, (title, due) in enumerate(items, start=1):
        if not title or not title.strip():
            raise InputError(f"Milestone {n} has no title. Describe the step, e.g. 'first draft "
                             "shared with my mentor'.")
        parsed = parse_target_date(due, today=today, field_name=f"due date of milestone {n}")
        if parsed and target and parsed > target:
            raise InputError(f"Milestone {n} is due {parsed}, after the goal's target date {target}. "
                             "Move the milestone earlier or the target later.")
        out.append(Milestone(title=title.strip(), due=parsed))
    return out


class GoalService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _can_view(self, session: Session, actor: Actor, owner_id: int) -> bool:
        return actor.id == owner_id or (actor.id is not None and actor.id in mentor_ids_of(session, owner_id))

    def goals(self, actor: Actor, *, owner_id: int | None = None,
              include_archived: bool = False) -> list[GoalView]:
        """A mentee's goals (default: the actor's own); mentors may view their mentees' goals."""
        owner = owner_id if owner_id is not None else actor.id
        if owner is None:
            raise InputError("Choose whose goals to show (a person id).")
        with self.db.session() as session:
            if not self._can_view(session, actor, owner):
                raise AccessDeniedError("Goals are visible to the mentee and their mentors only.")
            query = select(Goal).where(Goal.owner_id == owner)
            if not include_archived:
                query = query.where(Goal.status != "archived")
            rows = session.scalars(query.order_by(Goal.status, Goal.target_date, Goal.id)).all()
            return [_view(g) for g in rows]

    def create(self, actor: Actor, *, title: str, description: str = "",
               target_date: str | date | None = None,
               milestones: Sequence[tuple[str, str | date | None]] = (),
               skills_needed: Sequence[str] = (), today: date | None = None) -> GoalView:
        if actor.id is None or actor.role not in ("mentee", "admin"):
            raise AccessDeniedError("Goals belong to mentees: choose a mentee to set a goal.")
        title = _title(title)
        target = parse_target_date(target_date, today=today)
        goal = Goal(owner_id=actor.id, title=title, description=(description or "").strip(),
                    target_date=target, skills_needed=[s.strip() for s in skills_needed if s.strip()])
        goal.milestones = _milestones(milestones, target=target, today=today)
        with self.db.session() as session:
            session.add(goal)
            session.flush()
            return _view(goal)

    def _owned(self, session: Session, actor: Actor, goal_id: int) -> Goal:
        goal = session.get(Goal, goal_id)
        if goal is None:
            raise NotFoundError(f"No goal {goal_id}.")
        require_owner(actor, owner_id=goal.owner_id, what="goal")
        return goal

    def set_status(self, actor: Actor, goal_id: int, status: str) -> GoalView:
        if status not in STATUSES:
            raise InputError(f"Unknown status {status!r}: use one of {', '.join(STATUSES)}.")
        with self.db.session() as session:
            goal = self._owned(session, actor, goal_id)
            goal.status, goal.updated_at = status, utcnow()
            return _view(goal)

    def add_milestone(self, actor: Actor, goal_id: int, *, title: str, due: str | date | None,
                      today: date | None = None) -> GoalView:
        with self.db.session() as session:
            goal = self._owned(session, actor, goal_id)
            goal.milestones.extend(_milestones([(title, due)], target=goal.target_date, today=today))
            session.flush()
            return _view(goal)

    def update(self, actor: Actor, goal_id: int, *, title: str, description: str = "",
               target_date: str | date | None = None, skills_needed: Sequence[str] = (),
               today: date | None = None) -> GoalView:
        """Edit a goal's title, details, target date and needed skills (the owner only)."""
        clean = _title(title)
        with self.db.session() as session:
            goal = self._owned(session, actor, goal_id)
            target = goal.target_date if target_date == goal.target_date else parse_target_date(
                target_date, today=today)
            late = [m for m in live_milestones(goal) if m.due and target and m.due > target]
            if late:
                raise InputError(f"Milestone '{late[0].title}' is due {late[0].due}, after the new "
                                 f"target date {target}. Move the milestone first, or pick a later "
                                 "target.")
            goal.title, goal.description, goal.target_date = clean, (description or "").strip(), target
            goal.skills_needed = [s.strip() for s in skills_needed if s.strip()]
            goal.updated_at = utcnow()
            return _view(goal)

    def _owned_milestone(self, session: Session, actor: Actor, milestone_id: int) -> Milestone:
        milestone = session.get(Milestone, milestone_id)
        if milestone is None:
            raise NotFoundError(f"No milestone {milestone_id}.")
        self._owned(session, actor, milestone.goal_id)
        return milestone

    def update_milestone(self, actor: Actor, milestone_id: int, *, title: str,
                         due: str | date | None, today: date | None = None) -> None:
        with self.db.session() as session:
            milestone = self._owned_milestone(session, actor, milestone_id)
            goal = session.get(Goal, milestone.goal_id)
            assert goal is not None
            [fresh] = _milestones([(title, due if due != milestone.due else None)],
                                  target=goal.target_date, today=today)
            milestone.title = fresh.title
            milestone.due = milestone.due if due == milestone.due else fresh.due

    def archive_milestone(self, actor: Actor, milestone_id: int, *, archived: bool = True) -> None:
        """Hide a milestone from the goal (kept in the database, restorable)."""
        with self.db.session() as session:
            self._owned_milestone(session, actor, milestone_id).archived = archived

    def set_milestone_done(self, actor: Actor, milestone_id: int, done: bool, *,
                           today: date | None = None) -> None:
        with self.db.session() as session:
            milestone = session.get(Milestone, milestone_id)
            if milestone is None:
                raise NotFoundError(f"No milestone {milestone_id}.")
            self._owned(session, actor, milestone.goal_id)
            milestone.done = done
            milestone.done_at = (today or date.today()) if done else None

    # -- skills ----------------------------------------------------------------------------
    def skills(self, actor: Actor) -> list[str]:
        with self.db.session() as session:
            person = session.get(Person, actor.id) if actor.id else None
            return list(person.skills or []) if person else []

    def set_skills(self, actor: Actor, skills: Sequence[str]) -> None:
        if actor.id is None:
            raise InputError("Choose who you are before editing skills.")
        with self.db.session() as session:
            person = session.get(Person, actor.id)
            assert person is not None
            person.skills = sorted({s.strip() for s in skills if s.strip()}, key=str.lower)


def skill_gap(have: Sequence[str], need: Sequence[str], embedder: Embedder, *,
              close: float = 0.75) -> list[SkillGap]:
    """Each needed skill: already had (same words), close to one you have (embedding), or a gap."""
    have_clean = [h.strip() for h in have if h.strip()]
    lower = {h.lower(): h for h in have_clean}
    out: list[SkillGap] = []
    need_clean = [n.strip() for n in need if n.strip()]
    if not need_clean:
        return out
    vectors = embedder.encode([*need_clean, *have_clean]) if have_clean else None
    for i, skill in enumerate(need_clean):
        if skill.lower() in lower:
            out.append(SkillGap(skill, "have", lower[skill.lower()]))
            continue
        if vectors is not None:
            sims = vectors[len(need_clean) :] @ vectors[i]
            j = int(np.argmax(sims))
            if sims[j] >= close:
                out.append(SkillGap(skill, "close", have_clean[j]))
                continue
        out.append(SkillGap(skill, "gap", None))
    return out
