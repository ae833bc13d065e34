"""Load ``demo_program.json`` into an empty database (idempotent: a second run adds nothing)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coach.store.db import Database
from coach.store.models import (
    CheckIn,
    FeedbackDraft,
    Goal,
    Milestone,
    Note,
    Pair,
    Person,
    Program,
)

DEMO_FILE = Path(__file__).parent / "demo_program.json"
#: More of the same program, same schema as DEMO_FILE, loaded after it when present (people in them
#: may refer to people of earlier files by key).
EXTRA_FILES = ("demo_cohort.json", "demo_intake.json", "demo_notes.json")


@dataclass(frozen=True)
class DemoSummary:
    created: bool
    people: int
    pairs: int
    goals: int
    notes: int
    drafts: int


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_demo(db: Database, *, path: Path = DEMO_FILE, extras: bool = True) -> DemoSummary:
    """Load the demo program (``path``, then the EXTRA_FILES beside it) into an empty database."""
    files = [path] + ([path.parent / name for name in EXTRA_FILES] if extras else [])
    datasets: list[dict[str, Any]] = [json.loads(f.read_text(encoding="utf-8"))
                                      for f in files if f.exists()]
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(Person)):
            counts = [session.scalar(select(func.count()).select_from(t)) or 0
                      for t in (Person, Pair, Goal, Note, FeedbackDraft)]
            return DemoSummary(False, *counts)
        first = datasets[0]
        program = Program(name=first["program"]["name"],
                          description=first["program"].get("description", ""))
        session.add(program)
        session.flush()
        people: dict[str, Person] = {}
        pairs: dict[tuple[str, str], Pair] = {}
        for data in datasets:
            _load_people(session, data, program.id, people)
            _load_pairs(session, data, people, pairs)
            _load_content(session, data, people, pairs)

        def total(key: str) -> int:
            return sum(len(data.get(key, [])) for data in datasets)

        return DemoSummary(True, len(people), len(pairs), total("goals"), total("notes"),
                           total("feedback_drafts"))


def _load_people(session: Session, data: dict[str, Any], program_id: int,
                 people: dict[str, Person]) -> None:
    for row in data.get("people", []):
        hours = row.get("working_hours", [9, 17])
        person = Person(program_id=program_id, handle=row["key"], name=row["name"],
                        email=row.get("email", ""), role=row["role"],
                        languages=row.get("languages", []),
                        timezone=row.get("timezone", "UTC"), work_start=hours[0],
                        work_end=hours[1], bio=row.get("bio", ""),
                        skills=row.get("skills", []), interests=row.get("interests", []),
                        capacity=row.get("capacity", 0), cohort=row.get("cohort", ""))
        session.add(person)
        people[row["key"]] = person
    session.flush()


def _load_pairs(session: Session, data: dict[str, Any], people: dict[str, Person],
                pairs: dict[tuple[str, str], Pair]) -> None:
    for row in data.get("pairs", []):
        pair = Pair(mentor_id=people[row["mentor"]].id, mentee_id=people[row["mentee"]].id,
                    started=_day(row["started"]), cadence_days=row.get("cadence_days", 14))
        session.add(pair)
        pairs[(row["mentor"], row["mentee"])] = pair
    session.flush()


def _load_content(session: Session, data: dict[str, Any], people: dict[str, Person],
                  pairs: dict[tuple[str, str], Pair]) -> None:
    for row in data.get("goals", []):
        goal = Goal(owner_id=people[row["owner"]].id, title=row["title"],
                    description=row.get("description", ""),
                    target_date=_day(row.get("target_date")),
                    status=row.get("status", "active"),
                    skills_needed=row.get("skills_needed", []))
        goal.milestones = [Milestone(title=m["title"], due=_day(m.get("due")),
                                     done=bool(m.get("done")),
                                     done_at=_day(m.get("due")) if m.get("done") else None)
                           for m in row.get("milestones", [])]
        session.add(goal)
    for row in data.get("notes", []):
        session.add(Note(author_id=people[row["author"]].id, kind=row.get("kind", "reflection"),
                         session_date=_day(row["date"]), what=row.get("what", ""),
                         so_what=row.get("so_what", ""), now_what=row.get("now_what", ""),
                         shared_with_mentor=bool(row.get("shared_with_mentor"))))
    for row in data.get("feedback_drafts", []):
        session.add(FeedbackDraft(author_id=people[row["author"]].id,
                                  about_id=people[row["about"]].id if row.get("about") else None,
                                  text=row["text"],
                                  created_at=datetime.fromisoformat(row["date"])))
    for row in data.get("checkins", []):
        pair = pairs[(row["mentor"], row["mentee"])]
        session.add(CheckIn(pair_id=pair.id, at=datetime.fromisoformat(row["date"]),
                            done=bool(row.get("done", True))))
    session.flush()
