"""What the matcher works on: mentors, mentees, exclusions and pins (from CSV files or the program)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mentor:
    id: str
    name: str
    expertise: str
    bio: str
    languages: tuple[str, ...]
    timezone: str
    offset: float
    capacity: int
    hours: tuple[int, int] = (9, 17)
    attributes: dict[str, str] = field(default_factory=dict)
    person_id: int | None = None

    @property
    def offers(self) -> str:
        return " ".join(t for t in (self.expertise, self.bio) if t.strip())


@dataclass(frozen=True)
class Mentee:
    id: str
    name: str
    goals: str
    background: str
    languages: tuple[str, ...]
    timezone: str
    offset: float
    hours: tuple[int, int] = (9, 17)
    attributes: dict[str, str] = field(default_factory=dict)
    person_id: int | None = None
    #: shared reflections, used for the fit only with consent; never quoted in reasons
    reflections: tuple[str, ...] = ()

    @property
    def wants(self) -> str:
        return " ".join(t for t in (self.goals, self.background, *self.reflections) if t.strip())


@dataclass(frozen=True)
class Exclusion:
    mentee_id: str
    mentor_id: str
    reason: str = ""
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Pin:
    mentee_id: str
    mentor_id: str
    row: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Problem:
    """One cohort to match. ``source`` says where it came from (file names or 'program')."""

    mentors: tuple[Mentor, ...]
    mentees: tuple[Mentee, ...]
    exclusions: tuple[Exclusion, ...] = ()
    pins: tuple[Pin, ...] = ()
    source: str = "csv"
