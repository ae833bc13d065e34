"""Feedback drafts, program settings and flag dismissals: the database side of the checker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.access import Actor, require_owner, require_role
from coach.errors import AccessDeniedError, CoachError, InputError, NotFoundError
from coach.exports import to_json, write_csv
from coach.feedback.checker import CHECKER_VERSION, FeedbackChecker
from coach.feedback.report import FeedbackReport, Flag
from coach.feedback.settings import FeedbackSettings
from coach.store.db import Database
from coach.store.models import FeedbackDraft, FlagDismissal, Person, Program, utcnow
from coach.store.people import mentee_ids_of

DRAFT_STATUSES = ("draft", "sent")


@dataclass(frozen=True)
class DraftInfo:
    id: int
    text: str
    about: str | None
    created_at: datetime
    vague: bool | None
    judgmental: bool | None
    about_id: int | None = None
    status: str = "draft"
    sent_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class BatchRow:
    """One row of a batch check: its report, or why it could not be checked."""

    id: str
    text: str
    report: FeedbackReport | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.report is not None

    def summary(self) -> dict[str, Any]:
        """A flat row for tables and CSV (no scores: those stay in the JSONL)."""
        r = self.report
        parts = r.sbi.texts() if r else {"situation": None, "behavior": None, "impact": None}
        return {"id": self.id, "result": "checked" if r else "could not check",
                "problem": self.error, "vague": r.vague if r else None,
                "judgmental": r.judgmental if r else None, **parts,
                "flags": ", ".join(sorted({f.category for f in r.flags if f.end > f.start})) if r else "",
                "rewrite": r.rewrite if r else "", "text": self.text}


BATCH_COLUMNS = ("id", "result", "problem", "vague", "judgmental", "situation", "behavior", "impact",
                 "flags", "rewrite", "text")


def batch_csv(rows: Sequence[BatchRow]) -> str:
    """The batch as CSV; every cell neutralized against formula injection."""
    return write_csv([r.summary() for r in rows], BATCH_COLUMNS)


def batch_jsonl(rows: Sequence[BatchRow]) -> str:
    """One strict JSON object per line (the full report, or ``{id, text, error}``), never NaN."""
    return "\n".join(to_json(r.report.to_dict() if r.report else
                              {"id": r.id, "text": r.text, "error": r.error}) for r in rows) + "\n"


@dataclass(frozen=True)
class DismissalCount:
    detector: str
    category: str
    count: int
    reasons: list[str]


class FeedbackService:
    def __init__(self, db: Database, checker: FeedbackChecker, *, llm_url: str | None = None,
                 llm_model: str = "local") -> None:
        self.db = db
        self.checker = checker
        self.llm_url = llm_url
        self.llm_model = llm_model

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_url)

    def llm_rewrite(self, text: str) -> str:
        """The optional LLM rewrite (COACH_LLM_URL), guarded: refused if judgmental or inventive."""
        from coach.feedback.rewriters import OpenAICompatibleRewriter, guarded_rewrite

        if not self.llm_url:
            raise InputError("No LLM endpoint is configured. Set COACH_LLM_URL to an "
                             "OpenAI-compatible server (e.g. http://127.0.0.1:8080/v1).")
        rewriter = OpenAICompatibleRewriter(self.llm_url, model=self.llm_model)
        return guarded_rewrite(rewriter, self.checker, self.checker.validate(text))

    # -- settings --------------------------------------------------------------------------
    def _program_id(self, actor: Actor) -> int | None:
        if actor.id is None:
            return None
        with self.db.session() as session:
            person = session.get(Person, actor.id)
            return person.program_id if person else None

    def settings_for(self, actor: Actor) -> FeedbackSettings:
        program_id = self._program_id(actor)
        if program_id is None:
            return FeedbackSettings()
        with self.db.session() as session:
            program = session.get(Program, program_id)
            data = (program.settings or {}).get("feedback") if program else None
        return FeedbackSettings.from_dict(data)

    def save_settings(self, actor: Actor, settings: FeedbackSettings) -> None:
        require_role(actor, "facilitator", "admin", action="change the program's checker settings")
        program_id = self._program_id(actor)
        if program_id is None:
            raise InputError("This person belongs to no program, so there are no program settings "
                             "to change.")
        with self.db.session() as session:
            program = session.get(Program, program_id)
            assert program is not None
            program.settings = {**(program.settings or {}), "feedback": settings.to_dict()}

    # -- checking and drafts ---------------------------------------------------------------
    def check(self, actor: Actor, text: str) -> FeedbackReport:
        return self.checker.check(text, settings=self.settings_for(actor))

    def about_options(self, actor: Actor) -> list[tuple[int, str]]:
        """Whom the actor's feedback can be about: their own current mentees (id, name), by name."""
        if actor.id is None:
            return []
        with self.db.session() as session:
            ids = mentee_ids_of(session, actor.id)
            if not ids:
                return []
            rows = session.scalars(select(Person).where(Person.id.in_(ids)).order_by(Person.name)).all()
            return [(p.id, p.name) for p in rows]

    def _check_about(self, actor: Actor, about_id: int | None) -> None:
        if about_id is not None and about_id not in {pid for pid, _ in self.about_options(actor)}:
            raise AccessDeniedError(f"Person {about_id} is not one of your mentees; feedback drafts "
                                    "can be about your own mentees only. Leave 'About' empty or pick "
                                    "one of your mentees.")

    def save_draft(self, actor: Actor, text: str, *, about_id: int | None = None,
                   report: FeedbackReport | None = None) -> int:
        require_role(actor, "mentor", "facilitator", "mentee", "admin", action="save feedback drafts")
        if actor.id is None:
            raise InputError("Drafts belong to a person: choose who you are first.")
        self._check_about(actor, about_id)
        report = report or self.check(actor, text)
        with self.db.session() as session:
            draft = FeedbackDraft(author_id=actor.id, about_id=about_id, text=text,
                                  result=report.to_dict(), checker_version=CHECKER_VERSION)
            session.add(draft)
            session.flush()
            return draft.id

    def drafts(self, actor: Actor) -> list[DraftInfo]:
        """The acting person's own drafts, newest first (nobody else's, ever)."""
        if actor.id is None:
            return []
        with self.db.session() as session:
            rows = session.scalars(select(FeedbackDraft).where(
                FeedbackDraft.author_id == actor.id).order_by(FeedbackDraft.created_at.desc(),
                                                              FeedbackDraft.id.desc())).all()
            names = {p.id: p.name for p in session.scalars(select(Person)).all()}
            return [DraftInfo(d.id, d.text, names.get(d.about_id) if d.about_id else None,
                              d.created_at, (d.result or {}).get("vague"),
                              (d.result or {}).get("judgmental"), d.about_id, d.status or "draft",
                              d.sent_at, d.updated_at) for d in rows]

    def draft(self, actor: Actor, draft_id: int) -> FeedbackDraft:
        with self.db.session() as session:
            return self._own_draft(session, actor, draft_id)

    def _own_draft(self, session: Session, actor: Actor, draft_id: int) -> FeedbackDraft:
        draft = session.get(FeedbackDraft, draft_id)
        if draft is None:
            raise NotFoundError(f"No feedback draft {draft_id}; it may have been deleted. Reload "
                                "**My drafts**.")
        require_owner(actor, owner_id=draft.author_id, what="feedback draft")
        return draft

    def update_draft(self, actor: Actor, draft_id: int, text: str, *,
                     about_id: int | None = None) -> FeedbackReport:
        """New text for one of the actor's drafts; it is checked again and the result stored."""
        self._check_about(actor, about_id)
        report = self.check(actor, text)
        with self.db.session() as session:
            draft = self._own_draft(session, actor, draft_id)
            if draft.status == "sent":
                raise InputError(f"Draft #{draft_id} is marked as sent, so its text stays as sent. "
                                 "Save a new draft for a follow-up.")
            draft.text, draft.about_id = text, about_id
            draft.result, draft.checker_version = report.to_dict(), CHECKER_VERSION
            draft.updated_at = utcnow()
        return report

    def delete_draft(self, actor: Actor, draft_id: int) -> None:
        with self.db.session() as session:
            session.delete(self._own_draft(session, actor, draft_id))

    def mark_sent(self, actor: Actor, draft_id: int, *, sent: bool = True) -> None:
        """Record that the feedback was given to the person (or undo that)."""
        with self.db.session() as session:
            draft = self._own_draft(session, actor, draft_id)
            draft.status = "sent" if sent else "draft"
            draft.sent_at = utcnow() if sent else None
            draft.updated_at = utcnow()

    def check_batch(self, actor: Actor, items: Sequence[tuple[str, str]], *,
                    progress: Callable[[int, int, str], None] | None = None) -> list[BatchRow]:
        """Check many rows with the program's settings; a bad row gets its reason, the rest are checked."""
        outcomes = self.checker.check_rows(items, settings=self.settings_for(actor), examples=0,
                                           progress=progress)
        return [BatchRow(id_, body, None, str(o)) if isinstance(o, CoachError) else BatchRow(id_, body, o)
                for (id_, body), o in zip(items, outcomes, strict=True)]

    # -- dismissals ------------------------------------------------------------------------
    def dismiss(self, actor: Actor, flag: Flag, *, reason: str) -> None:
        if actor.id is None:
            raise InputError("Choose who you are before dismissing a flag.")
        if not reason.strip():
            raise InputError("Say briefly why the flag is wrong (e.g. 'a product name'), so the "
                             "program can tune its settings.")
        with self.db.session() as session:
            session.add(FlagDismissal(program_id=self._program_id(actor), person_id=actor.id,
                                      category=flag.category, detector=flag.detector or flag.category,
                                      span_text=flag.text[:400], reason=reason.strip()[:1000]))

    def dismissal_report(self, actor: Actor) -> list[DismissalCount]:
        """Which detectors are dismissed most (no names, no feedback text)."""
        require_role(actor, "facilitator", "admin", action="see the dismissal report")
        program_id = self._program_id(actor)
        with self.db.session() as session:
            query = select(FlagDismissal)
            if program_id is not None:
                query = query.where(FlagDismissal.program_id == program_id)
            rows = session.scalars(query).all()
        counts = Counter((r.detector, r.category) for r in rows)
        reasons: dict[tuple[str, str], list[str]] = {}
        for r in rows:
            reasons.setdefault((r.detector, r.category), []).append(r.reason)
        return [DismissalCount(d, c, n, sorted(set(reasons[(d, c)]))[:10])
                for (d, c), n in counts.most_common()]
