"""Data rights: a person exports all their data, and deletes their account.

- ``export(actor)``: only the person themself (an admin may not read someone's notes this way).
  Profile, goals with milestones, reflections with every revision and goal link, feedback drafts,
  comments they wrote, the check-ins of their pairs, and autosaved text they have not saved yet.
  ``write_export`` writes it as JSON and Markdown (user text is quoted as text, never as links or HTML).
- ``delete_account(actor, handle)``: the person themself, or an admin on their request. Their text
  leaves the database (reflections, revisions, links, drafts, dismissed flags, comments they wrote and
  comments on their reflections, goals and milestones, profile text, check-in notes of their pairs,
  autosaved unsaved text; their names, ids and matching reasons in stored match runs),
  the embeddings cache (rows keyed by the hash of any of that text) and the cached theme runs (all
  dropped, so the next run is computed without them). The person row stays as an anonymous
  tombstone ("Deleted person N") so others' records keep their references; sign-in is gone. The
  audit entry records counts only, never the text. Everything happens in one transaction.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from coach.access import Actor, require_role
from coach.errors import AccessDeniedError, InputError, NotFoundError
from coach.matching.phrases import split_phrases
from coach.nlp.cache import text_hash
from coach.people.accounts import actor_of
from coach.people.audit import record
from coach.reflection.reflections import note_text
from coach.store.db import Database
from coach.store.models import (
    AuthSession,
    AutosavedText,
    CheckIn,
    Credential,
    EmbeddingCache,
    FeedbackDraft,
    FlagDismissal,
    Goal,
    GuidanceDocument,
    MatchRun,
    Milestone,
    Note,
    NoteGoalLink,
    NoteRevision,
    Pair,
    Person,
    PersonRole,
    ReflectionComment,
    ThemeRun,
)

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class DeletionReport:
    handle: str
    notes: int = 0
    revisions: int = 0
    drafts: int = 0
    comments: int = 0
    goals: int = 0
    milestones: int = 0
    embeddings: int = 0
    theme_runs: int = 0
    checkin_notes: int = 0
    sessions: int = 0
    autosaves: int = 0
    match_runs: int = 0

    def summary(self) -> str:
        counts = {k: v for k, v in asdict(self).items() if k != "handle"}
        return ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in counts.items())


@dataclass
class PersonalData:
    """Everything the coach holds about one person, as plain values (JSON-ready)."""

    exported_at: str
    profile: dict[str, Any]
    goals: list[dict[str, Any]] = field(default_factory=list)
    reflections: list[dict[str, Any]] = field(default_factory=list)
    drafts: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    autosaved: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _person(session: Session, handle: str) -> Person:
    ref = (handle or "").strip().lower()
    person = session.scalar(select(Person).where(Person.handle == ref))
    if person is None and ref.isdigit():
        person = session.get(Person, int(ref))
    if person is None:
        raise NotFoundError(f"No account {handle!r}. `coach people list` shows the handles.")
    return person


def _require_self(actor: Actor, person: Person, *, action: str) -> None:
    if actor.id is None or actor.id != person.id:
        raise AccessDeniedError(f"Only {person.name or person.handle} may {action}: a person's "
                                "notes, goals and drafts are private, also to admins and facilitators.")


def _pair_ids(session: Session, person_id: int) -> list[int]:
    return list(session.scalars(select(Pair.id).where(
        or_(Pair.mentor_id == person_id, Pair.mentee_id == person_id))).all())


class DataRightsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def person_actor(self, handle: str) -> Actor:
        """The actor for a handle, for the CLI run by the person at the server (``--as``)."""
        with self.db.session() as session:
            person = _person(session, handle)
            if not person.active:
                raise NotFoundError(f"The account {handle!r} was removed or deleted.")
            return actor_of(session, person)

    # -- export ------------------------------------------------------------------------------
    def export(self, actor: Actor, handle: str | None = None) -> PersonalData:
        with self.db.session() as session:
            person = _person(session, handle or actor.handle or str(actor.id or ""))
            _require_self(actor, person, action="export their data")
            data = self._collect(session, person)
            record(session, actor, "data exported", target=person.handle,
                   detail=f"{len(data.reflections)} reflections, {len(data.goals)} goals, "
                          f"{len(data.drafts)} drafts")
            return data

    def _collect(self, session: Session, person: Person) -> PersonalData:
        pid = person.id
        profile = {k: _value(getattr(person, k)) for k in (
            "handle", "name", "email", "role", "cohort", "timezone", "work_start", "work_end", "bio",
            "skills", "interests", "languages", "capacity", "created_at")}
        profile["roles"] = sorted(session.scalars(select(PersonRole.role).where(
            PersonRole.person_id == pid)).all()) or [person.role]
        data = PersonalData(exported_at=datetime.now().replace(microsecond=0).isoformat(), profile=profile)
        goal_titles: dict[int, str] = {}
        for goal in session.scalars(select(Goal).where(Goal.owner_id == pid).order_by(Goal.id)).all():
            goal_titles[goal.id] = goal.title
            milestones = session.scalars(select(Milestone).where(Milestone.goal_id == goal.id)
                                         .order_by(Milestone.id)).all()
            data.goals.append({
                "id": goal.id, "title": goal.title, "description": goal.description,
                "status": goal.status, "target_date": _value(goal.target_date),
                "skills_needed": goal.skills_needed, "created_at": _value(goal.created_at),
                "milestones": [{"title": m.title, "due": _value(m.due), "done": m.done,
                                "done_at": _value(m.done_at), "archived": m.archived} for m in milestones]})
        for note in session.scalars(select(Note).where(Note.author_id == pid).order_by(Note.id)).all():
            revisions = session.scalars(select(NoteRevision).where(NoteRevision.note_id == note.id)
                                        .order_by(NoteRevision.version)).all()
            links = session.scalars(select(NoteGoalLink).where(NoteGoalLink.note_id == note.id)).all()
            comments = session.scalars(select(ReflectionComment).where(
                ReflectionComment.note_id == note.id).order_by(ReflectionComment.id)).all()
            data.reflections.append({
                "id": note.id, "session_date": _value(note.session_date), "what": note.what,
                "so_what": note.so_what, "now_what": note.now_what,
                "shared_with_mentor": note.shared_with_mentor, "version": note.version,
                "created_at": _value(note.created_at), "updated_at": _value(note.updated_at),
                "revisions": [{"version": r.version, "what": r.what, "so_what": r.so_what,
                               "now_what": r.now_what, "edited_at": _value(r.edited_at)} for r in revisions],
                "goal_links": [{"goal_id": link.goal_id, "goal": goal_titles.get(link.goal_id, ""),
                                "source": link.source, "confidence": round(link.confidence, 4)}
                               for link in links],
                "comments_on_it": [{"by_me": c.author_id == pid, "text": c.text,
                                    "created_at": _value(c.created_at)} for c in comments]})
        for draft in session.scalars(select(FeedbackDraft).where(FeedbackDraft.author_id == pid)
                                     .order_by(FeedbackDraft.id)).all():
            about = session.get(Person, draft.about_id) if draft.about_id else None
            data.drafts.append({"id": draft.id, "text": draft.text, "status": draft.status,
                                "about": about.name if about else "", "created_at": _value(draft.created_at),
                                "sent_at": _value(draft.sent_at)})
        for comment in session.scalars(select(ReflectionComment).where(
                ReflectionComment.author_id == pid).order_by(ReflectionComment.id)).all():
            data.comments.append({"on_reflection": comment.note_id, "text": comment.text,
                                  "created_at": _value(comment.created_at)})
        for pair in session.scalars(select(Pair).where(or_(Pair.mentor_id == pid, Pair.mentee_id == pid))
                                    .order_by(Pair.id)).all():
            other = session.get(Person, pair.mentee_id if pair.mentor_id == pid else pair.mentor_id)
            for checkin in session.scalars(select(CheckIn).where(CheckIn.pair_id == pair.id)
                                           .order_by(CheckIn.at)).all():
                data.checkins.append({"with": other.name if other else "", "at": _value(checkin.at),
                                      "done": checkin.done, "notes": checkin.notes})
        for row in session.scalars(select(AutosavedText).where(AutosavedText.person_id == pid)
                                   .order_by(AutosavedText.kind, AutosavedText.key)).all():
            data.autosaved.append({"kind": row.kind, "field": row.key, "text": row.text,
                                   "updated_at": _value(row.updated_at)})
        return data

    def write_export(self, actor: Actor, out_dir: Path, handle: str | None = None) -> list[Path]:
        """``<handle>-data.json`` and ``<handle>-data.md`` in ``out_dir`` (created when missing)."""
        if out_dir.exists() and not out_dir.is_dir():
            raise InputError(f"{out_dir} is a file: give a folder for the export (--out DIR).")
        data = self.export(actor, handle)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            stem = data.profile["handle"]
            json_path, md_path = out_dir / f"{stem}-data.json", out_dir / f"{stem}-data.md"
            json_path.write_text(json.dumps(data.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
            md_path.write_text(to_markdown(data), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"Could not write the export to {out_dir}: {exc.strerror}. Choose a folder "
                             "you can write to.") from exc
        return [json_path, md_path]

    # -- deletion ----------------------------------------------------------------------------
    def delete_account(self, actor: Actor, handle: str) -> DeletionReport:
        with self.db.session() as session:
            person = _person(session, handle)
            if actor.id != person.id or actor.id is None:
                require_role(actor, "admin", action="delete someone else's account")
            old_handle = person.handle
            report = self._delete(session, person)
            record(session, actor, "account deleted", target=f"person {person.id}", detail=report.summary())
            return DeletionReport(**{**asdict(report), "handle": old_handle})

    def _delete(self, session: Session, person: Person) -> DeletionReport:
        pid = person.id
        texts: set[str] = set()
        notes = session.scalars(select(Note).where(Note.author_id == pid)).all()
        note_ids = [n.id for n in notes]
        revisions = session.scalars(select(NoteRevision).where(NoteRevision.note_id.in_(note_ids))).all() \
            if note_ids else []
        parts = [(n.what, n.so_what, n.now_what) for n in notes]
        parts += [(r.what, r.so_what, r.now_what) for r in revisions]
        for what, so_what, now_what in parts:
            texts.update(_variants(what, so_what, now_what))
            texts.add(note_text(what, so_what, now_what))
        drafts = session.scalars(select(FeedbackDraft).where(FeedbackDraft.author_id == pid)).all()
        texts.update(t for d in drafts for t in _variants(d.text))
        comment_filter = or_(ReflectionComment.author_id == pid, ReflectionComment.note_id.in_(note_ids)) \
            if note_ids else ReflectionComment.author_id == pid
        comments = session.scalars(select(ReflectionComment).where(comment_filter)).all()
        texts.update(t for c in comments for t in _variants(c.text))
        goals = session.scalars(select(Goal).where(Goal.owner_id == pid)).all()
        goal_ids = [g.id for g in goals]
        milestones = session.scalars(select(Milestone).where(Milestone.goal_id.in_(goal_ids))).all() \
            if goal_ids else []
        for goal in goals:
            own = [m.title for m in milestones if m.goal_id == goal.id]
            texts.update(_variants(goal.title, goal.description, *own))
            texts.add(". ".join(p for p in (goal.title, goal.description, *own) if p))
            texts.add(" ".join(p for p in (goal.title, goal.description, *own) if p))
        texts.update(_variants(person.bio, *person.skills, *person.interests))
        pair_ids = _pair_ids(session, pid)
        checkins = session.scalars(select(CheckIn).where(CheckIn.pair_id.in_(pair_ids), CheckIn.notes != "")
                                   ).all() if pair_ids else []
        texts.update(t for c in checkins for t in _variants(c.notes))

        hashes = sorted({text_hash(t) for t in texts if t})
        embeddings = 0
        for start in range(0, len(hashes), 500):
            result = session.execute(delete(EmbeddingCache).where(
                EmbeddingCache.text_hash.in_(hashes[start:start + 500])))
            embeddings += int(getattr(result, "rowcount", 0) or 0)
        theme_runs = int(getattr(session.execute(delete(ThemeRun)), "rowcount", 0) or 0)
        if note_ids:
            session.execute(delete(NoteGoalLink).where(NoteGoalLink.note_id.in_(note_ids)))
        if goal_ids:
            session.execute(delete(NoteGoalLink).where(NoteGoalLink.goal_id.in_(goal_ids)))
        session.execute(delete(ReflectionComment).where(comment_filter))
        if note_ids:
            session.execute(delete(NoteRevision).where(NoteRevision.note_id.in_(note_ids)))
            session.execute(delete(Note).where(Note.id.in_(note_ids)))
        session.execute(delete(FlagDismissal).where(FlagDismissal.person_id == pid))
        session.execute(delete(FeedbackDraft).where(FeedbackDraft.author_id == pid))
        if goal_ids:
            session.execute(delete(Milestone).where(Milestone.goal_id.in_(goal_ids)))
            session.execute(delete(Goal).where(Goal.id.in_(goal_ids)))
        if checkins:
            session.execute(update(CheckIn).where(CheckIn.id.in_([c.id for c in checkins])).values(notes=""))
        if pair_ids:
            session.execute(update(Pair).where(Pair.id.in_(pair_ids), Pair.ended.is_(None))
                            .values(ended=date.today()))
        session.execute(update(GuidanceDocument).where(GuidanceDocument.added_by == pid)
                        .values(added_by=None))
        sessions = int(getattr(session.execute(delete(AuthSession).where(AuthSession.person_id == pid)),
                               "rowcount", 0) or 0)
        session.execute(delete(Credential).where(Credential.person_id == pid))
        autosaves = int(getattr(session.execute(delete(AutosavedText).where(
            AutosavedText.person_id == pid)), "rowcount", 0) or 0)
        match_runs = _scrub_match_runs(session, person)
        session.execute(delete(PersonRole).where(PersonRole.person_id == pid))
        person.handle, person.name, person.email = f"deleted-{pid}", f"Deleted person {pid}", ""
        person.bio, person.skills, person.interests, person.languages = "", [], [], []
        person.active = False
        session.flush()
        return DeletionReport(handle="", notes=len(notes), revisions=len(revisions), drafts=len(drafts),
                              comments=len(comments), goals=len(goals), milestones=len(milestones),
                              embeddings=embeddings, theme_runs=theme_runs, checkin_notes=len(checkins),
                              sessions=sessions, autosaves=autosaves, match_runs=match_runs)


_GONE = "removed: the account was deleted"


def _scrub_match_runs(session: Session, person: Person) -> int:
    """Take the person out of every stored match run (drafts and published): their id and name become
    the tombstone's, the reasons of their matches (which quote their goals and bio) are dropped, and
    their name or handle anywhere else in a run (another mentee's reason) is replaced. Returns the
    number of runs changed."""
    pid, handle, name = person.id, person.handle, person.name
    tomb_id, tomb_name = f"deleted-{pid}", f"Deleted person {pid}"
    words = [(re.compile(rf"(?<![\w.@-]){re.escape(handle)}(?![\w-])"), tomb_id)] if handle else []
    if len(name.strip()) >= 2:
        words.insert(0, (re.compile(re.escape(name.strip())), tomb_name))

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            for pattern, replacement in words:
                value = pattern.sub(replacement, value)
            return value
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            return {scrub(k): scrub(v) for k, v in value.items()}
        return value

    changed = 0
    for run in session.scalars(select(MatchRun)).all():
        result = json.loads(json.dumps(run.result or {}))
        ids = {k for k, v in (result.get("person_ids") or {}).items() if v == pid} | {handle}
        for match in result.get("matches", []):
            for side in ("mentee", "mentor"):
                if match.get(f"{side}_id") in ids:
                    match[f"{side}_id"], match[f"{side}_name"] = tomb_id, tomb_name
                    match["reasons"] = [_GONE]
        for item in result.get("unmatched", []):
            if item.get("mentee_id") in ids:
                item.update(mentee_id=tomb_id, mentee_name=tomb_name, reason=_GONE)
        for row in [*result.get("pins", []), *result.get("exclusions", [])]:
            if any(x in ids for x in row[:2]):
                row[:2] = [tomb_id if x in ids else x for x in row[:2]]
                if len(row) > 2:
                    row[2] = _GONE
        if "person_ids" in result:
            result["person_ids"] = {(tomb_id if k in ids else k): v for k, v in result["person_ids"].items()}
        result, parameters = scrub(result), scrub(run.parameters or {})
        if result != run.result or parameters != run.parameters:
            run.result, run.parameters = result, parameters
            changed += 1
    return changed


def _variants(*parts: str) -> set[str]:
    """The strings a service may have embedded for this text: whole, stripped, sentences, phrases."""
    out: set[str] = set()
    for part in parts:
        if not part:
            continue
        out.update({part, part.strip()})
        out.update(s.strip() for s in _SENTENCE.split(part) if s.strip())
        out.update(split_phrases(part))
    return out


def _quote(text: str) -> str:
    """User text as a Markdown block quote that renders as text (no links, images or HTML)."""
    escaped = re.sub(r"([\\`*_{}\[\]()<>#!|])", r"\\\1", text or "")
    return "\n".join(f"> {line}" if line else ">" for line in escaped.splitlines()) or "> (empty)"


def to_markdown(data: PersonalData) -> str:
    p = data.profile
    lines = [f"# Data held about {p['name']} ({p['handle']})", "",
             f"Exported {data.exported_at}. The JSON file next to this one holds the same data.", "",
             "## Profile", ""]
    for key, value in p.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        lines.append(f"- {key}: {_inline(shown)}")
    lines += ["", f"## Goals ({len(data.goals)})", ""]
    for g in data.goals:
        lines += [f"### {_inline(g['title'])} ({g['status']})", "", _quote(g["description"]), ""]
        lines += [f"- [{'x' if m['done'] else ' '}] {_inline(m['title'])} (due {m['due'] or '-'})"
                  for m in g["milestones"]]
        lines.append("")
    lines += [f"## Reflections ({len(data.reflections)})", ""]
    for r in data.reflections:
        shared = "shared with mentor" if r["shared_with_mentor"] else "private"
        lines += [f"### Reflection {r['id']}, {r['session_date']} ({shared}, version {r['version']})", ""]
        for label, key in (("What happened", "what"), ("So what", "so_what"), ("Now what", "now_what")):
            if r[key]:
                lines += [f"**{label}**", "", _quote(r[key]), ""]
        lines += [f"- linked to goal: {_inline(link['goal'])} ({link['source']})" for link in r["goal_links"]]
        for rev in r["revisions"]:
            lines += [f"#### Earlier version {rev['version']} ({rev['edited_at']})", "",
                      _quote(note_text(rev["what"], rev["so_what"], rev["now_what"])), ""]
        for c in r["comments_on_it"]:
            lines += [f"- comment {'by you' if c['by_me'] else 'by your mentor'} ({c['created_at']}):", "",
                      _quote(c["text"]), ""]
    lines += [f"## Feedback drafts ({len(data.drafts)})", ""]
    for d in data.drafts:
        about = f", about {_inline(d['about'])}" if d["about"] else ""
        lines += [f"### Draft {d['id']} ({d['status']}{about})", "", _quote(d["text"]), ""]
    lines += [f"## Comments you wrote ({len(data.comments)})", ""]
    for c in data.comments:
        lines += [f"- on reflection {c['on_reflection']} ({c['created_at']}):", "", _quote(c["text"]), ""]
    lines += [f"## Check-ins ({len(data.checkins)})", ""]
    for c in data.checkins:
        lines.append(f"- {c['at']} with {_inline(c['with'])}: {'held' if c['done'] else 'planned'}")
        if c["notes"]:
            lines += ["", _quote(c["notes"]), ""]
    lines += ["", f"## Unsaved text kept by autosave ({len(data.autosaved)})", ""]
    for a in data.autosaved:
        lines += [f"### {a['kind']}: {a['field']} ({a['updated_at']})", "", _quote(a["text"]), ""]
    return "\n".join(lines).rstrip() + "\n"


def _inline(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]()<>#!|])", r"\\\1", " ".join((text or "").split()))
