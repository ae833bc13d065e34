"""Export a person's own journal (goals, milestones and reflections) as Markdown or printable HTML.

Only the actor's own data goes in: their goals and the notes they wrote. Nobody exports someone
else's journal, not even a mentor or an admin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape

from sqlalchemy import select

from coach.access import Actor
from coach.errors import AccessDeniedError, NotFoundError
from coach.reflection.agenda import md_inline
from coach.reflection.checkins import fmt_day, today_utc
from coach.reflection.goals import live_milestones
from coach.store.db import Database
from coach.store.models import Goal, Note, NoteGoalLink, Person

_LIST_START = re.compile(r"^(\d*)([-+=.)])(\s|$)")
_STAGES = (("what", "What?"), ("so_what", "So what?"), ("now_what", "Now what?"))


@dataclass(frozen=True)
class _Milestone:
    title: str
    due: date | None
    done: bool
    done_at: date | None


@dataclass(frozen=True)
class _Goal:
    title: str
    description: str
    status: str
    target_date: date | None
    milestones: list[_Milestone]


@dataclass(frozen=True)
class _Note:
    session_date: date
    kind: str
    what: str
    so_what: str
    now_what: str
    shared: bool
    goals: list[str]


@dataclass(frozen=True)
class _Journal:
    name: str
    as_of: date
    goals: list[_Goal]
    notes: list[_Note]


def _load(db: Database, actor: Actor, today: date | None) -> _Journal:
    if actor.id is None:
        raise AccessDeniedError("A journal belongs to a person. Sign in as the person whose journal it "
                                "is; the local operator has none.")
    with db.session() as session:
        person = session.get(Person, actor.id)
        if person is None:
            raise NotFoundError(f"No person with id {actor.id}; the account may have been removed.")
        goal_rows = session.scalars(select(Goal).where(Goal.owner_id == actor.id)
                                    .order_by(Goal.created_at, Goal.id)).all()
        goals = [_Goal(title=g.title, description=g.description, status=g.status, target_date=g.target_date,
                       milestones=[_Milestone(m.title, m.due, m.done, m.done_at) for m in live_milestones(g)])
                 for g in goal_rows]
        note_rows = session.scalars(select(Note).where(Note.author_id == actor.id)
                                    .order_by(Note.session_date, Note.id)).all()
        titles = {g.id: g.title for g in goal_rows}
        linked: dict[int, list[str]] = {}
        if note_rows:
            for note_id, goal_id in session.execute(
                    select(NoteGoalLink.note_id, NoteGoalLink.goal_id)
                    .where(NoteGoalLink.note_id.in_([n.id for n in note_rows]),
                           NoteGoalLink.source.in_(("auto", "user")))).all():
                if goal_id in titles:  # only the actor's own goals
                    linked.setdefault(note_id, []).append(titles[goal_id])
        notes = [_Note(session_date=n.session_date, kind=n.kind, what=n.what, so_what=n.so_what,
                       now_what=n.now_what, shared=n.shared_with_mentor, goals=sorted(linked.get(n.id, [])))
                 for n in note_rows]
        return _Journal(name=person.name, as_of=today or today_utc(), goals=goals, notes=notes)


def _goal_meta(goal: _Goal) -> str:
    return f"{goal.status}, target {fmt_day(goal.target_date)}"


def _milestone_meta(m: _Milestone) -> str:
    meta = f"due {fmt_day(m.due)}"
    if m.done:
        meta += f", done {fmt_day(m.done_at)}" if m.done_at else ", done"
    return meta


def _md_block(text: str) -> str:
    """User text as Markdown paragraphs (one per line), escaped so it cannot start a list or heading."""
    paragraphs = [md_inline(line) for line in text.splitlines() if line.strip()]
    paragraphs = [_LIST_START.sub(r"\1\\\2\3", p, count=1) for p in paragraphs]
    return "\n\n".join(paragraphs) if paragraphs else "_(empty)_"


def _marker(note: _Note) -> str:
    return "shared with mentor" if note.shared else "private"


def export_markdown(db: Database, actor: Actor, *, today: date | None = None) -> str:
    """The actor's own journal as Markdown: goals with milestones, then reflections by date."""
    journal = _load(db, actor, today)
    lines = [f"# Reflection journal: {md_inline(journal.name)}", "",
             f"Exported {fmt_day(journal.as_of)}. This file holds private reflections; keep it safe.", "",
             "## Goals", ""]
    if not journal.goals:
        lines.extend(["_No goals yet._", ""])
    for goal in journal.goals:
        lines.extend([f"### {md_inline(goal.title)}", "", f"_{_goal_meta(goal)}_", ""])
        if goal.description.strip():
            lines.extend([md_inline(goal.description), ""])
        if goal.milestones:
            lines.extend(f"- [{'x' if m.done else ' '}] {md_inline(m.title)} ({_milestone_meta(m)})"
                         for m in goal.milestones)
            lines.append("")
        else:
            lines.extend(["_No milestones yet._", ""])
    lines.extend(["## Reflections", ""])
    if not journal.notes:
        lines.extend(["_No reflections yet._", ""])
    for note in journal.notes:
        kind = "" if note.kind == "reflection" else f" ({md_inline(note.kind)})"
        lines.extend([f"### {fmt_day(note.session_date)}{kind} · {_marker(note)}", ""])
        for attr, label in _STAGES:
            lines.extend([f"**{label}**", "", _md_block(getattr(note, attr)), ""])
        if note.goals:
            lines.extend([f"_Linked goals: {'; '.join(md_inline(g) for g in note.goals)}_", ""])
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; color: #1b1b1b; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #bbb; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .3rem; }
.meta { color: #555; font-size: .9rem; }
.badge { font-size: .8rem; border: 1px solid #888; border-radius: .6rem; padding: 0 .45rem; }
.badge.private { border-color: #a33; color: #a33; }
ul.milestones { list-style: none; padding-left: 0; }
ul.milestones li::before { content: "\\2610  "; }
ul.milestones li.done::before { content: "\\2611  "; }
article { page-break-inside: avoid; break-inside: avoid; margin-bottom: 1.2rem; }
dt { font-weight: bold; }
dd { margin: 0 0 .5rem 0; }
dd, .text { white-space: pre-wrap; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { page-break-after: avoid; break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _text(value: str) -> str:
    return escape(value.strip(), quote=True) if value.strip() else "<em>(empty)</em>"


def export_html(db: Database, actor: Actor, *, today: date | None = None) -> str:
    """The actor's own journal as one self-contained, printable HTML page (all user text escaped)."""
    journal = _load(db, actor, today)
    name = escape(journal.name, quote=True)
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Reflection journal: {name}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>Reflection journal: {name}</h1>",
           f'<p class="meta">Exported {fmt_day(journal.as_of)}. This page holds private reflections; '
           "keep it safe.</p>", "<h2>Goals</h2>"]
    if not journal.goals:
        out.append("<p><em>No goals yet.</em></p>")
    for goal in journal.goals:
        out.extend(["<section>", f"<h3>{escape(goal.title, quote=True)}</h3>",
                    f'<p class="meta">{escape(_goal_meta(goal), quote=True)}</p>'])
        if goal.description.strip():
            out.append(f'<p class="text">{_text(goal.description)}</p>')
        if goal.milestones:
            out.append('<ul class="milestones">')
            out.extend(f'<li class="{"done" if m.done else "open"}">{escape(m.title, quote=True)} '
                       f'<span class="meta">({escape(_milestone_meta(m))})</span></li>'
                       for m in goal.milestones)
            out.append("</ul>")
        else:
            out.append("<p><em>No milestones yet.</em></p>")
        out.append("</section>")
    out.append("<h2>Reflections</h2>")
    if not journal.notes:
        out.append("<p><em>No reflections yet.</em></p>")
    for note in journal.notes:
        kind = "" if note.kind == "reflection" else f" ({escape(note.kind, quote=True)})"
        marker = _marker(note)
        out.extend(["<article>",
                    f'<h3>{fmt_day(note.session_date)}{kind} <span class="badge '
                    f'{"shared" if note.shared else "private"}">{marker}</span></h3>', "<dl>"])
        for attr, label in _STAGES:
            out.append(f"<dt>{label}</dt><dd>{_text(getattr(note, attr))}</dd>")
        out.append("</dl>")
        if note.goals:
            joined = "; ".join(escape(g, quote=True) for g in note.goals)
            out.append(f'<p class="meta">Linked goals: {joined}</p>')
        out.append("</article>")
    out.extend(["</body>", "</html>", ""])
    return "\n".join(out)
