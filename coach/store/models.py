"""Tables for the whole product. The database is the source of truth; indexes are rebuilt from it.

Shape of the program: people (by role) form mentoring pairs; mentees own goals with milestones and
write notes (reflections) linked to goals; mentors write feedback drafts that get checked; pairs
keep check-ins; guidance documents are split into passages that are embedded and indexed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("mentee", "mentor", "facilitator", "admin")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Program(Base):
    __tablename__ = "programs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Person(Base):
    __tablename__ = "people"
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"))
    handle: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    languages: Mapped[list[Any]] = mapped_column(default=list)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    work_start: Mapped[int] = mapped_column(Integer, default=9)
    work_end: Mapped[int] = mapped_column(Integer, default=17)
    bio: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list[Any]] = mapped_column(default=list)
    interests: Mapped[list[Any]] = mapped_column(default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    cohort: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Pair(Base):
    __tablename__ = "pairs"
    __table_args__ = (UniqueConstraint("mentor_id", "mentee_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    started: Mapped[date] = mapped_column(Date)
    ended: Mapped[date | None] = mapped_column(Date)
    cadence_days: Mapped[int] = mapped_column(Integer, default=14)
    mentor: Mapped[Person] = relationship(foreign_keys=[mentor_id])
    mentee: Mapped[Person] = relationship(foreign_keys=[mentee_id])


class CheckIn(Base):
    __tablename__ = "checkins"
    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")


class Goal(Base):
    __tablename__ = "goals"
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="active")
    skills_needed: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="Milestone.due"
    )


class Milestone(Base):
    __tablename__ = "milestones"
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"))
    title: Mapped[str] = mapped_column(String(300))
    due: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[date | None] = mapped_column(Date)
    archived: Mapped[bool] = mapped_column(Boolean, default=False,
                                           server_default=false())  # migration 3: never deleted
    goal: Mapped[Goal] = relationship(back_populates="milestones")


class Note(Base):
    """A session note or reflection. Private to its author unless shared with the mentor."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(20), default="reflection")
    session_date: Mapped[date] = mapped_column(Date)
    what: Mapped[str] = mapped_column(Text, default="")
    so_what: Mapped[str] = mapped_column(Text, default="")
    now_what: Mapped[str] = mapped_column(Text, default="")
    shared_with_mentor: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __mapper_args__ = {"version_id_col": version}


class NoteRevision(Base):
    __tablename__ = "note_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"))
    version: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(Text, default="")
    so_what: Mapped[str] = mapped_column(Text, default="")
    now_what: Mapped[str] = mapped_column(Text, default="")
    edited_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class NoteGoalLink(Base):
    __tablename__ = "note_goal_links"
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), primary_key=True)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    source: Mapped[str] = mapped_column(String(10), default="auto")  # auto | user


class FeedbackDraft(Base):
    """A mentor's feedback text and its latest check result. Visible only to its author."""

    __tablename__ = "feedback_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    about_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    checker_version: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="draft",
                                        server_default="draft")  # draft | sent (migration 3)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, default=utcnow)


class FlagDismissal(Base):
    __tablename__ = "flag_dismissals"
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    category: Mapped[str] = mapped_column(String(40))
    detector: Mapped[str] = mapped_column(String(60))
    span_text: Mapped[str] = mapped_column(String(400))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class GuidanceDocument(Base):
    __tablename__ = "guidance_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(500), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    added_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    passages: Mapped[list[GuidancePassage]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="GuidancePassage.ordinal"
    )


class GuidancePassage(Base):
    """A passage is immutable: changed text gets a new row (and a new index id)."""

    __tablename__ = "guidance_passages"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("guidance_documents.id"))
    key: Mapped[str] = mapped_column(String(200), unique=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    tags: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text)
    document: Mapped[GuidanceDocument] = relationship(back_populates="passages")


class EmbeddingCache(Base):
    __tablename__ = "embeddings"
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    model_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class IndexState(Base):
    """A revision counter per index; bumped whenever the indexed rows change."""

    __tablename__ = "index_state"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)


class ReflectionComment(Base):
    """A short comment on a shared reflection, visible to the mentoring pair only (migration 3)."""

    __tablename__ = "reflection_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MatchRun(Base):
    """A matching run (migration 4): its options, the draft result, and whether it was published."""

    __tablename__ = "match_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id"))
    run_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))  # None: the local operator
    source: Mapped[str] = mapped_column(String(300), default="program")
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | published
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"), nullable=True)


class ThemeRun(Base):
    """A cached themes result (gated and anonymized only), keyed by a hash of the notes it came from."""

    __tablename__ = "theme_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PersonRole(Base):
    """The roles a person holds (migration 7); ``people.role`` stays their first/primary role."""

    __tablename__ = "person_roles"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class Credential(Base):
    """A built-in account's password (argon2id hash only; migration 7)."""

    __tablename__ = "credentials"
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuthSession(Base):
    """A signed-in session: only the SHA-256 of its token is stored (migration 7)."""

    __tablename__ = "auth_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    client: Mapped[str] = mapped_column(String(120), default="")


class SignInAttempt(Base):
    """Sign-in attempts, for rate limits per account and per client (migration 7)."""

    __tablename__ = "signin_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(80))
    client: Mapped[str] = mapped_column(String(120), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEntry(Base):
    """Sensitive actions (sign-ins, exports, theme views, role changes, deletions; migration 7)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class AutosavedText(Base):
    """Text a person is typing but has not saved yet (migration 8): restored when they come back,
    private to them, removed when they save, discard or delete their account."""

    __tablename__ = "autosaves"
    __table_args__ = (UniqueConstraint("person_id", "kind", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
