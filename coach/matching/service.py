"""The matching service: only facilitators and admins may run, view or publish matches.

A run is stored as a draft (options and result); publishing it turns its matches into the program's
mentor-mentee pairs. A draft replaces the pairs of its whole cohort: other active pairs of matched
mentees end today, and mentees it left unmatched keep their current mentor only while that mentor has
room (``coach.matching.publish``, shown before publishing); nothing is deleted; an ended pair of the
same two people is reopened (the pairs table keeps one row per two people, and the run's stored result
records the period it had before).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, cast

import numpy as np
from sqlalchemy import select

from coach.access import Actor, require_role
from coach.errors import ConflictError, NotFoundError
from coach.matching.engine import run_match
from coach.matching.options import MatchOptions
from coach.matching.profiles import Exclusion, Pin, Problem
from coach.matching.program import program_problem
from coach.matching.publish import PreviousPair, PublishPlan, check_capacity, publish_plan
from coach.matching.result import MatchResult
from coach.nlp.cache import cached_encode
from coach.nlp.embedder import Embedder
from coach.store.db import Database
from coach.store.models import MatchRun, Pair, Person, Program

ROLES = ("facilitator", "admin")
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class RunInfo:
    id: int
    created_at: datetime
    status: str
    source: str
    matches: int
    unmatched: int
    published_at: datetime | None


@dataclass(frozen=True)
class PublishSummary:
    run_id: int
    created: int
    reopened: int
    kept: int
    ended: int
    kept_previous: tuple[PreviousPair, ...] = ()  # unmatched mentees who keep their current mentor
    ended_previous: tuple[PreviousPair, ...] = ()  # unmatched mentees whose current pair ends


def with_constraints(problem: Problem, *, pins: Sequence[tuple[str, str]] = (),
                     forbid: Sequence[tuple[str, str]] = ()) -> Problem:
    """The problem with extra pins and forbidden pairs set by the facilitator while reviewing."""
    return replace(problem,
                   pins=(*problem.pins, *(Pin(a, b) for a, b in pins if Pin(a, b) not in problem.pins)),
                   exclusions=(*problem.exclusions, *(Exclusion(a, b, "forbidden by the facilitator")
                                                      for a, b in forbid)))


class MatchingService:
    def __init__(self, db: Database, embedder_factory: Callable[[], Embedder]) -> None:
        self.db = db
        self._embedder_factory = embedder_factory

    def _encode(self, progress: Progress | None) -> Callable[[list[str]], np.ndarray]:
        def encode(texts: list[str]) -> np.ndarray:
            def report(done: int, total: int, _stage: str) -> None:
                if progress:
                    progress(done / max(total, 1), f"embedding {done}/{total} phrases")

            return cached_encode(self.db, self._embedder_factory(), texts, batch_size=64, progress=report)

        return encode

    def program_problem(self, actor: Actor, *, cohort: str | None = None, rematch: bool = False) -> Problem:
        require_role(actor, *ROLES, action="match mentors and mentees")
        with self.db.session() as session:
            return program_problem(session, cohort=cohort, rematch=rematch)

    def cohorts(self, actor: Actor) -> list[str]:
        require_role(actor, *ROLES, action="match mentors and mentees")
        with self.db.session() as session:
            return sorted({c for c in session.scalars(select(Person.cohort)).all() if c})

    def run(self, actor: Actor, problem: Problem, options: MatchOptions, *,
            progress: Progress | None = None, save: bool = True) -> tuple[int | None, MatchResult]:
        """Match the cohort; with ``save``, store it as a draft and return its run id."""
        require_role(actor, *ROLES, action="run mentor matching")
        result = run_match(problem, options, self._encode(progress), progress=progress)
        if not save:
            return None, result
        people = {m.id: m.person_id for m in problem.mentees}
        people.update({m.id: m.person_id for m in problem.mentors})
        payload = {**result.to_dict(), "person_ids": {k: v for k, v in people.items() if v is not None},
                   "cohort_person_ids": sorted(m.person_id for m in problem.mentees
                                               if m.person_id is not None),
                   "pins": [[p.mentee_id, p.mentor_id] for p in problem.pins],
                   "exclusions": [[e.mentee_id, e.mentor_id, e.reason] for e in problem.exclusions]}
        with self.db.session() as session:
            program = session.scalar(select(Program.id).order_by(Program.id))
            row = MatchRun(program_id=program, run_by=actor.id, source=problem.source[:300],
                           parameters=options.to_dict(), result=payload, status="draft")
            session.add(row)
            session.flush()
            return row.id, result

    def runs(self, actor: Actor, *, limit: int = 20) -> list[RunInfo]:
        require_role(actor, *ROLES, action="view matching runs")
        with self.db.session() as session:
            rows = session.scalars(select(MatchRun).order_by(MatchRun.id.desc()).limit(limit)).all()
            return [RunInfo(r.id, r.created_at, r.status, r.source, len(r.result.get("matches", [])),
                            len(r.result.get("unmatched", [])), r.published_at) for r in rows]

    def get_run(self, actor: Actor, run_id: int) -> tuple[RunInfo, MatchOptions, MatchResult]:
        require_role(actor, *ROLES, action="view matching runs")
        with self.db.session() as session:
            r = session.get(MatchRun, run_id)
            if r is None:
                raise NotFoundError(f"No matching run {run_id}; the Matching page lists the runs.")
            info = RunInfo(r.id, r.created_at, r.status, r.source, len(r.result.get("matches", [])),
                           len(r.result.get("unmatched", [])), r.published_at)
            return info, MatchOptions.from_dict(r.parameters), MatchResult.from_dict(r.result)

    def publish_plan(self, actor: Actor, run_id: int) -> PublishPlan:
        """What publishing a draft does: the pairs of its unmatched mentees that stay and that end."""
        require_role(actor, *ROLES, action="publish matches")
        with self.db.session() as session:
            return publish_plan(session, self._draft(session, run_id).result)

    @staticmethod
    def _draft(session: Any, run_id: int) -> MatchRun:
        run = session.get(MatchRun, run_id)
        if run is None:
            raise NotFoundError(f"No matching run {run_id}; the Matching page lists the runs.")
        if run.status != "draft":
            raise ConflictError(f"Run {run_id} was already published on {run.published_at:%Y-%m-%d}; "
                                "run the matching again for a new draft.")
        return cast(MatchRun, run)

    def publish(self, actor: Actor, run_id: int, *, today: date | None = None) -> PublishSummary:
        """Turn a draft's matches into active pairs; the rest of its cohort keeps a pair only where the
        mentor still has room (see :mod:`coach.matching.publish`)."""
        require_role(actor, *ROLES, action="publish matches")
        day = today or datetime.now(UTC).date()
        with self.db.session() as session:
            run = self._draft(session, run_id)
            plan = publish_plan(session, run.result)
            created = reopened = kept = ended = 0
            history: list[dict[str, Any]] = []
            for mentee_id, mentor_ids in plan.boards.items():
                for pair in session.scalars(select(Pair).where(Pair.mentee_id == mentee_id,
                                                               Pair.ended.is_(None))).all():
                    if pair.mentor_id not in mentor_ids:
                        pair.ended = day
                        ended += 1
                for mentor_id in mentor_ids:
                    found = session.scalar(select(Pair).where(Pair.mentee_id == mentee_id,
                                                              Pair.mentor_id == mentor_id))
                    if found is None:
                        session.add(Pair(mentor_id=mentor_id, mentee_id=mentee_id, started=day))
                        created += 1
                    elif found.ended is not None:
                        history.append({"pair_id": found.id, "started": found.started.isoformat(),
                                        "ended": found.ended.isoformat()})
                        found.started, found.ended = day, None
                        reopened += 1
                    else:
                        kept += 1
            ending = [p.pair_id for p in plan.ended_previous]
            for pair in session.scalars(select(Pair).where(Pair.id.in_(ending))).all():
                pair.ended = day
                ended += 1
            if run.source.startswith("program"):
                self._check_capacity(session, {m for ids in plan.boards.values() for m in ids} |
                                     {p.mentor_person_id for p in plan.kept_previous}, run_id)
            run.status = "published"
            run.published_at = datetime.now(UTC).replace(tzinfo=None)
            run.published_by = actor.id
            run.result = {**run.result, "published": {
                "date": day.isoformat(), "created": created, "reopened": reopened, "kept": kept,
                "ended": ended, "reopened_history": history,
                "kept_previous": [asdict(p) for p in plan.kept_previous],
                "ended_previous": [asdict(p) for p in plan.ended_previous]}}
            return PublishSummary(run_id, created, reopened, kept, ended, plan.kept_previous,
                                  plan.ended_previous)

    _check_capacity = staticmethod(check_capacity)
