"""Reflections: private by default, shareable with the mentor, linked to goals, with history.

Saving embeds the reflection, links it to the author's goals (auto links are replaced, the
mentee's own link choices are kept) and finds the guidance that fits it. A goal whose confidence
is below the calibrated ``LINK_THRESHOLD`` (``coach/reflection/linking.py``, the one source) is not
linked: the best one becomes a *suggestion* the mentee confirms or rejects (a rejected suggestion is
not offered again for that reflection). When the top two goals are too close to call, both are
suggested and the mentee is asked which one it is (:meth:`ReflectionService.choose_goal`); the
answer is a confirmed link, which later reflections of that mentee learn from.
Edits keep every earlier version; an edit based on an old version is refused (no lost update).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from coach.access import Actor, require_note_reader, require_owner
from coach.errors import AccessDeniedError, ConflictError, InputError, NotFoundError
from coach.guidance.service import GuidanceService
from coach.nlp.embedder import Embedder
from coach.reflection.analyze import ReflectionAnalysis, analyze_reflection, validate_reflection
from coach.reflection.goals import GoalService, live_milestones
from coach.reflection.linking import (
    GoalDoc,
    GoalLink,
    ReflectionParts,
    link_goals,
    links_automatically,
)
from coach.reflection.situations import prime_situations
from coach.store.db import Database
from coach.store.models import Goal, Note, NoteGoalLink, NoteRevision, utcnow
from coach.store.people import mentee_ids_of, mentor_ids_of

MAX_FIELD_CHARS = 10_000
#: what ``warm`` analyses (made up; never stored)
WARM_UP_PARTS = ("Ran my first team meeting today.", "I talked too much and nobody asked questions.",
                 "Next time I will ask one open question and wait.")
WARM_UP_GOAL = "Lead the weekly team meeting with confidence"
#: NoteGoalLink.source values: real links, a suggestion to confirm, and a suggestion turned down.
LINKED_SOURCES = ("auto", "user")
SUGGESTED = "suggested"
REJECTED = "rejected"


@dataclass(frozen=True)
class LinkView:
    goal_id: int
    title: str
    confidence: float
    source: str


@dataclass(frozen=True)
class NoteView:
    id: int
    author_id: int
    session_date: date
    what: str
    so_what: str
    now_what: str
    shared: bool
    version: int
    updated_at: datetime
    links: list[LinkView] = field(default_factory=list)
    suggestions: list[LinkView] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p for p in (self.what, self.so_what, self.now_what) if p.strip())


@dataclass
class Saved:
    note: NoteView
    analysis: ReflectionAnalysis
    #: goal id -> the sentence of the reflection that matched it best (the reason for the link)
    reasons: dict[int, str] = field(default_factory=dict)

    @property
    def question(self) -> str:
        """"Which goal is this reflection about: … or …?" when the coach asks, else ''."""
        return self.analysis.question


def auto_links(links: Sequence[GoalLink], *, user_linked: bool = False) -> list[tuple[str, GoalLink]]:
    """Links at or above the calibrated threshold (and close to the reflection in absolute terms:
    ``MIN_AUTO_SIMILARITY``); else the best goal as a suggestion (best first).

    When the top two goals are too close to call, both are suggestions (the mentee is asked).
    No suggestion when the mentee already chose a link themselves.
    """
    if links and links[0].ask and not user_linked:  # too close to call: ask which goal it is
        return [(SUGGESTED, link) for link in links[:2]]
    confident = [("auto", link) for link in links if links_automatically(link)]
    if confident or user_linked or not links:
        return confident
    return [(SUGGESTED, links[0])]


_PART_HEAD = re.compile(r"^\s*(what( happened)?|so what|now what)\s*\??\s*:\s*", re.I | re.M)


def parse_parts(text: str) -> ReflectionParts:
    """A reflection written as one text with "What:", "So what:" and "Now what:" headings (any case,
    each at the start of a line) split into its parts; without headings it is all "what happened"."""
    heads = list(_PART_HEAD.finditer(text))
    if not heads:
        return ReflectionParts(what=text.strip())
    found: dict[str, list[str]] = {"what": [text[: heads[0].start()].strip()], "so": [], "now": []}
    for head, nxt in zip(heads, [*heads[1:], None], strict=True):
        name = head.group(1).lower().split()[0]
        body = text[head.end(): nxt.start() if nxt else len(text)].strip()
        found[name if name in found else "what"].append(body)
    return ReflectionParts(*("\n".join(p for p in found[k] if p) for k in ("what", "so", "now")))


def note_text(what: str, so_what: str, now_what: str) -> str:
    return "\n\n".join(p.strip() for p in (what, so_what, now_what) if p and p.strip())


class ReflectionService:
    def __init__(self, db: Database, *, nlp_factory: Callable[[], Any],
                 embedder_factory: Callable[[], Embedder], guidance: Callable[[], GuidanceService]) -> None:
        self.db = db
        self._nlp = nlp_factory
        self._embedder = embedder_factory
        self._guidance = guidance
        self._primed = False
        self._prime_lock = threading.Lock()
        self.goals = GoalService(db)

    # -- reading ---------------------------------------------------------------------------
    def _view(self, session: Any, note: Note) -> NoteView:
        links = session.execute(select(NoteGoalLink, Goal.title).join(
            Goal, Goal.id == NoteGoalLink.goal_id).where(NoteGoalLink.note_id == note.id).order_by(
            NoteGoalLink.confidence.desc())).all()
        views = [LinkView(link.goal_id, title, round(link.confidence, 4), link.source)
                 for link, title in links]
        return NoteView(note.id, note.author_id, note.session_date, note.what, note.so_what,
                        note.now_what, note.shared_with_mentor, note.version, note.updated_at,
                        [v for v in views if v.source in LINKED_SOURCES],
                        [v for v in views if v.source == SUGGESTED])

    def get(self, actor: Actor, note_id: int) -> NoteView:
        with self.db.session() as session:
            note = session.get(Note, note_id)
            if note is None:
                raise NotFoundError(f"No reflection {note_id}.")
            require_note_reader(actor, author_id=note.author_id, shared=note.shared_with_mentor,
                                mentor_ids=mentor_ids_of(session, note.author_id))
            return self._view(session, note)

    def notes(self, actor: Actor, *, author_id: int | None = None) -> list[NoteView]:
        """The actor's own reflections, or (for a mentor) the ones a mentee shared."""
        if actor.id is None:
            raise InputError("Choose who you are first.")
        author = author_id if author_id is not None else actor.id
        with self.db.session() as session:
            query = select(Note).where(Note.author_id == author)
            if author != actor.id:
                if author not in mentee_ids_of(session, actor.id):
                    raise AccessDeniedError("Reflections are private to their author; a mentor sees "
                                            "only what their own mentee shares.")
                query = query.where(Note.shared_with_mentor.is_(True))
            rows = session.scalars(query.order_by(Note.session_date.desc(), Note.id.desc())).all()
            return [self._view(session, n) for n in rows]

    def history(self, actor: Actor, note_id: int) -> list[NoteRevision]:
        with self.db.session() as session:
            note = session.get(Note, note_id)
            if note is None:
                raise NotFoundError(f"No reflection {note_id}.")
            require_owner(actor, owner_id=note.author_id, what="reflection")
            return list(session.scalars(select(NoteRevision).where(
                NoteRevision.note_id == note_id).order_by(NoteRevision.version)).all())

    # -- analysis --------------------------------------------------------------------------
    def analyze(self, actor: Actor, text: str, *, goal_texts: Sequence[str | GoalDoc] | None = None,
                k_guidance: int = 3, parts: ReflectionParts | None = None) -> ReflectionAnalysis:
        if goal_texts is None:
            goal_texts = self._goal_docs(self._goals_of(actor))
        validate_reflection(text)  # bad input stores nothing, not even cached library vectors
        self._prime()
        return analyze_reflection(text, goal_texts, nlp=self._nlp(), embedder=self._embedder(),
                                  guidance=self._guidance(), k_guidance=k_guidance, parts=parts)

    def warm(self) -> None:
        """Do now what the first save after start-up would do: load the guidance index and the
        re-ranker, and encode the candidate passages, their sentences and situations (about 1,500
        sentences for the default library) into the vector cache. Touches no one's notes; the app
        calls it in the background at start-up."""
        parts = ReflectionParts(*WARM_UP_PARTS)
        self._prime()
        analyze_reflection(parts.text, [WARM_UP_GOAL], nlp=self._nlp(), embedder=self._embedder(),
                           guidance=self._guidance(), parts=parts)

    def _prime(self) -> None:
        """Once per service: the situation vectors from the database's embeddings cache. Only a
        speed-up: if another process stores the same vectors at that moment, the vectors are
        encoded in this process instead and the save goes on."""
        with self._prime_lock:
            if self._primed:
                return
            with contextlib.suppress(SQLAlchemyError):
                prime_situations(self.db, self._embedder())
            self._primed = True

    def _goal_docs(self, goals: Sequence[Any], *, exclude_note: int | None = None) -> list[GoalDoc]:
        """Everything the mentee wrote for each goal, with the reflections they themselves linked
        to it (confirmed or corrected links: per-mentee learning; goals are the author's own)."""
        confirmed: dict[int, list[str]] = {}
        if goals:
            with self.db.session() as session:
                rows = session.execute(select(NoteGoalLink.goal_id, Note).join(
                    Note, Note.id == NoteGoalLink.note_id).where(
                    NoteGoalLink.goal_id.in_([g.id for g in goals]), NoteGoalLink.source == "user",
                    Note.author_id == goals[0].owner_id).order_by(Note.id)).all()
                for goal_id, note in rows:
                    if note.id != exclude_note:
                        confirmed.setdefault(goal_id, []).append(
                            note_text(note.what, note.so_what, note.now_what))
        return [GoalDoc(g.title, g.description, tuple(m.title for m in g.milestones),
                        tuple(g.skills_needed), tuple(confirmed.get(g.id, [])[-5:])) for g in goals]

    def _goals_of(self, actor: Actor) -> list[Any]:
        if actor.id is None:
            return []
        return [g for g in self.goals.goals(actor) if g.status != "done"] or self.goals.goals(actor)

    # -- writing ---------------------------------------------------------------------------
    def save(self, actor: Actor, *, what: str, so_what: str = "", now_what: str = "",
             session_date: date | None = None, shared: bool = False, note_id: int | None = None,
             expected_version: int | None = None) -> Saved:
        if actor.id is None:
            raise InputError("Choose who you are before saving a reflection.")
        for name, value in (("What happened", what), ("So what", so_what), ("Now what", now_what)):
            if value and len(value) > MAX_FIELD_CHARS:
                raise InputError(f"'{name}' is {len(value):,} characters; the limit is "
                                 f"{MAX_FIELD_CHARS:,} per part. Shorten it or split the reflection.")
        text = note_text(what, so_what, now_what)
        goals = self._goals_of(actor)
        analysis = self.analyze(actor, text, goal_texts=self._goal_docs(goals, exclude_note=note_id),
                                parts=ReflectionParts(what, so_what, now_what))
        try:
            with self.db.session() as session:
                if note_id is None:
                    note = Note(author_id=actor.id, session_date=session_date or date.today(),
                                what=what.strip(), so_what=so_what.strip(), now_what=now_what.strip(),
                                shared_with_mentor=shared)
                    session.add(note)
                    session.flush()
                else:
                    note = self._editable(session, actor, note_id, expected_version)
                    session.add(NoteRevision(note_id=note.id, version=note.version, what=note.what,
                                             so_what=note.so_what, now_what=note.now_what))
                    note.what, note.so_what, note.now_what = what.strip(), so_what.strip(), now_what.strip()
                    note.shared_with_mentor = shared
                    note.updated_at = utcnow()
                    if session_date:
                        note.session_date = session_date
                    session.flush()
                self._relink(session, note.id, goals, analysis)
                reasons = {goals[link.index].id: link.evidence for link in analysis.goals
                           if link.evidence}
                return Saved(self._view(session, note), analysis, reasons)
        except StaleDataError as exc:
            raise ConflictError("This reflection was changed elsewhere while you were editing. "
                                "Reload it, then apply your edit again.") from exc

    def _editable(self, session: Any, actor: Actor, note_id: int, expected_version: int | None) -> Note:
        note = session.get(Note, note_id)
        if note is None:
            raise NotFoundError(f"No reflection {note_id}.")
        require_owner(actor, owner_id=note.author_id, what="reflection")
        if expected_version is not None and note.version != expected_version:
            raise ConflictError(f"This reflection was changed elsewhere (now version {note.version}, "
                                f"you edited version {expected_version}). Reload it, then apply your "
                                "edit again; nothing was lost.")
        return note

    def _relink(self, session: Any, note_id: int, goals: Sequence[Any],
                analysis: ReflectionAnalysis) -> None:
        kept = set(session.scalars(select(NoteGoalLink.goal_id).where(
            NoteGoalLink.note_id == note_id, NoteGoalLink.source.in_(("user", REJECTED)))).all())
        session.execute(delete(NoteGoalLink).where(NoteGoalLink.note_id == note_id,
                                                   NoteGoalLink.source.in_(("auto", SUGGESTED))))
        has_user_link = bool(session.scalars(select(NoteGoalLink.goal_id).where(
            NoteGoalLink.note_id == note_id, NoteGoalLink.source == "user")).first())
        for source, link in auto_links(analysis.goals, user_linked=has_user_link):
            goal = goals[link.index]
            if goal.id not in kept:
                session.add(NoteGoalLink(note_id=note_id, goal_id=goal.id,
                                         confidence=link.confidence, source=source))

    def confirm_suggestion(self, actor: Actor, note_id: int, goal_id: int, *, accept: bool) -> NoteView:
        """The mentee confirms (a real link) or turns down (never suggested again) a suggested goal."""
        with self.db.session() as session:
            note = session.get(Note, note_id)
            if note is None:
                raise NotFoundError(f"No reflection {note_id}.")
            require_owner(actor, owner_id=note.author_id, what="reflection")
            link = session.get(NoteGoalLink, (note_id, goal_id))
            if link is None or link.source != SUGGESTED:
                raise NotFoundError(f"Goal {goal_id} is not suggested for reflection {note_id} any "
                                    "more; reload the page.")
            link.source = "user" if accept else REJECTED
            session.flush()
            return self._view(session, note)

    def choose_goal(self, actor: Actor, note_id: int, goal_id: int | None) -> NoteView:
        """The mentee answers "which goal is this about?": the chosen goal becomes their own link
        (it teaches the linker about this mentee), the other suggestions are turned down.
        ``None`` means neither: every suggestion is turned down."""
        with self.db.session() as session:
            note = session.get(Note, note_id)
            if note is None:
                raise NotFoundError(f"No reflection {note_id}.")
            require_owner(actor, owner_id=note.author_id, what="reflection")
            suggested = session.scalars(select(NoteGoalLink).where(
                NoteGoalLink.note_id == note_id, NoteGoalLink.source == SUGGESTED)).all()
            if goal_id is not None and goal_id not in {link.goal_id for link in suggested}:
                raise NotFoundError(f"Goal {goal_id} is not one of the goals asked about for "
                                    f"reflection {note_id} any more; reload the page.")
            for link in suggested:
                link.source = "user" if link.goal_id == goal_id else REJECTED
            session.flush()
            return self._view(session, note)

    def restore(self, actor: Actor, note_id: int, version: int) -> Saved:
        """Bring back an older version's text as a new version (the current one goes to History)."""
        with self.db.session() as session:
            note = session.get(Note, note_id)
            if note is None:
                raise NotFoundError(f"No reflection {note_id}.")
            require_owner(actor, owner_id=note.author_id, what="reflection")
            rev = session.scalar(select(NoteRevision).where(NoteRevision.note_id == note_id,
                                                            NoteRevision.version == version))
            if rev is None:
                raise NotFoundError(f"Reflection {note_id} has no version {version}; History lists "
                                    "the versions you can restore.")
            what, so_what, now_what = rev.what, rev.so_what, rev.now_what
            current, shared = note.version, note.shared_with_mentor
        return self.save(actor, what=what, so_what=so_what, now_what=now_what, shared=shared,
                         note_id=note_id, expected_version=current)

    def set_links(self, actor: Actor, note_id: int, goal_ids: Sequence[int]) -> NoteView:
        """The mentee's own choice of linked goals (kept across later edits)."""
        with self.db.session() as session:
            note = session.get(Note, note_id)
            if note is None:
                raise NotFoundError(f"No reflection {note_id}.")
            require_owner(actor, owner_id=note.author_id, what="reflection")
            own = set(session.scalars(select(Goal.id).where(Goal.owner_id == note.author_id)).all())
            unknown = set(goal_ids) - own
            if unknown:
                raise InputError(f"Goals {sorted(unknown)} are not yours; link only your own goals.")
            previous = {link.goal_id: link.confidence for link in session.scalars(
                select(NoteGoalLink).where(NoteGoalLink.note_id == note_id)).all()}
            session.execute(delete(NoteGoalLink).where(NoteGoalLink.note_id == note_id))
            for goal_id in goal_ids:
                session.add(NoteGoalLink(note_id=note_id, goal_id=goal_id,
                                         confidence=previous.get(goal_id, 1.0), source="user"))
            session.flush()
            return self._view(session, note)

    def set_shared(self, actor: Actor, note_id: int, shared: bool) -> None:
        with self.db.session() as session:
            note = session.get(Note, note_id)
            if note is None:
                raise NotFoundError(f"No reflection {note_id}.")
            require_owner(actor, owner_id=note.author_id, what="reflection")
            # Sharing is not an edit of the text: no new version, so an open edit stays valid.
            session.execute(update(Note).where(Note.id == note_id).values(shared_with_mentor=shared))

    def link_unlinked(self) -> int:
        """Maintenance (demo data, imports): link every note that has no goal links yet.

        Runs as the system, not as a person; it writes only auto links and reads nothing out.
        """
        with self.db.session() as session:
            linked = set(session.scalars(select(NoteGoalLink.note_id)).all())
            notes = [n for n in session.scalars(select(Note)).all() if n.id not in linked]
            goals_by_owner: dict[int, list[Goal]] = {}
            for goal in session.scalars(select(Goal)).all():
                goals_by_owner.setdefault(goal.owner_id, []).append(goal)
            count = 0
            embedder = self._embedder()
            for note in notes:
                goals = goals_by_owner.get(note.author_id, [])
                if not goals:
                    continue
                docs = [GoalDoc(g.title, g.description, tuple(m.title for m in live_milestones(g)),
                                tuple(g.skills_needed or [])) for g in goals]
                links = link_goals(embedder, ReflectionParts(note.what, note.so_what, note.now_what), docs)
                for source, link in auto_links(links):
                    session.add(NoteGoalLink(note_id=note.id, goal_id=goals[link.index].id,
                                             confidence=link.confidence, source=source))
                count += 1
            return count
