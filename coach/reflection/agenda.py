"""A check-in agenda for a pair: open goals, milestones due, next actions, feedback and questions.

What goes in depends on who asks: the mentee sees their own reflections; the mentor sees only the
reflections the mentee shared, plus the feedback the mentor has marked as sent to the mentee.
Unsent drafts are private to their author and never go into an agenda (which may be shared).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.access import Actor, can_read_note
from coach.errors import InputError
from coach.reflection.checkins import fmt_day, member_pair, today_utc
from coach.reflection.goals import live_milestones
from coach.reflection.prompts import all_prompts
from coach.store.db import Database
from coach.store.models import FeedbackDraft, Goal, Note
from coach.store.people import mentor_ids_of

RECENT_NOTES = 3
RECENT_FEEDBACK = 3
MAX_QUESTIONS = 3
FEEDBACK_CHARS = 160
QUESTION_STAGES = ("so_what", "now_what")
FALLBACK_THEME = "general"
_FALLBACK_QUESTIONS = (
    "Why does this matter to you right now?",
    "What is one small thing you could try before your next check-in?",
    "What support, if any, would help you take that next step?",
)


@dataclass(frozen=True)
class AgendaGoal:
    id: int
    title: str
    target_date: date | None
    milestones_done: int
    milestones_total: int


@dataclass(frozen=True)
class AgendaMilestone:
    goal_title: str
    title: str
    due: date
    overdue: bool


@dataclass(frozen=True)
class Agenda:
    pair_id: int
    date: date
    open_goals: list[AgendaGoal]
    milestones_due: list[AgendaMilestone]
    next_actions: list[str]
    feedback: list[str]
    questions: list[str]


def _prompts() -> tuple[dict[str, Any], ...]:
    """The shared prompt library (``coach.reflection.prompts``), rows with a text and a theme."""
    try:
        rows = all_prompts()
    except (OSError, ValueError):
        return ()
    return tuple(r for r in rows if isinstance(r, dict) and r.get("text") and r.get("theme"))


def _shorten(text: str, limit: int = FEEDBACK_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.!?-")
    return f"{cut}…"


def _keyword_hits(text: str, keywords: list[str]) -> int:
    hits = 0
    for keyword in keywords:
        kw = str(keyword).strip().lower()
        if kw:
            hits += len(re.findall(rf"(?<!\w){re.escape(kw)}(?!\w)", text))
    return hits


def suggest_questions(texts: list[str], *, limit: int = MAX_QUESTIONS) -> list[str]:
    """Open questions for the check-in, from the prompt library, matched to the reflections' themes.

    Themes are ranked by keyword hits in ``texts`` (ties by name); the questions are taken in turn
    from the best themes ("so what?" and "now what?" stages), falling back to the general theme.
    The result depends only on the texts, so the same reflections give the same questions.
    """
    prompts = [p for p in _prompts() if p.get("stage") in QUESTION_STAGES]
    if not prompts:
        return list(_FALLBACK_QUESTIONS[:limit])
    blob = "\n".join(texts).lower()
    by_theme: dict[str, list[dict[str, Any]]] = {}
    for prompt in prompts:
        by_theme.setdefault(str(prompt["theme"]), []).append(prompt)
    for rows in by_theme.values():
        rows.sort(key=lambda p: QUESTION_STAGES.index(p["stage"]))  # stable: file order within stage
    scores = {theme: _keyword_hits(blob, sorted({str(k) for p in rows for k in p.get("keywords", [])}))
              for theme, rows in by_theme.items() if theme != FALLBACK_THEME}
    ranked = sorted((t for t, s in scores.items() if s > 0), key=lambda t: (-scores[t], t))[:limit]
    if FALLBACK_THEME in by_theme:
        ranked.append(FALLBACK_THEME)
    questions: list[str] = []
    depth = 0
    while len(questions) < limit and any(depth < len(by_theme[t]) for t in ranked):
        for theme in ranked:
            if depth < len(by_theme[theme]) and len(questions) < limit:
                text = str(by_theme[theme][depth]["text"])
                if text not in questions:
                    questions.append(text)
        depth += 1
    return questions or list(_FALLBACK_QUESTIONS[:limit])


def readable_notes(session: Session, actor: Actor, author_id: int, *, limit: int | None = None) -> list[Note]:
    """The author's notes the actor may read, newest first (own: all; current mentor: shared)."""
    mentors = mentor_ids_of(session, author_id)
    query = select(Note).where(Note.author_id == author_id)
    if actor.id != author_id:
        query = query.where(Note.shared_with_mentor.is_(True))
    rows = session.scalars(query.order_by(Note.session_date.desc(), Note.id.desc())).all()
    out = [n for n in rows if can_read_note(actor, author_id=n.author_id, shared=n.shared_with_mentor,
                                            mentor_ids=mentors)]
    return out[:limit] if limit is not None else out


def build_agenda(db: Database, actor: Actor, pair_id: int, *, today: date | None = None,
                 horizon_days: int = 30) -> Agenda:
    """The agenda for the pair's next check-in, as ``actor`` (the mentor or the mentee) may see it."""
    if not 0 <= horizon_days <= 366:
        raise InputError(f"horizon_days must be between 0 and 366; got {horizon_days}. Use e.g. 30 for "
                         "milestones due in the next month.")
    day = today or today_utc()
    horizon = day + timedelta(days=horizon_days)
    with db.session() as session:
        pair = member_pair(session, actor, pair_id, action="see this pair's check-in agenda")
        if pair.ended is not None:
            raise InputError(f"This mentoring pair ended on {pair.ended.isoformat()}; there is no next "
                             "check-in to prepare. Your journal export keeps the history.")
        mentee_id = pair.mentee_id
        goals = session.scalars(select(Goal).where(Goal.owner_id == mentee_id, Goal.status == "active")
                                .order_by(Goal.target_date.is_(None), Goal.target_date, Goal.id)).all()
        open_goals: list[AgendaGoal] = []
        due: list[AgendaMilestone] = []
        for goal in goals:
            open_goals.append(AgendaGoal(id=goal.id, title=goal.title, target_date=goal.target_date,
                                         milestones_done=sum(m.done for m in live_milestones(goal)),
                                         milestones_total=len(live_milestones(goal))))
            due.extend(AgendaMilestone(goal_title=goal.title, title=m.title, due=m.due, overdue=m.due < day)
                       for m in live_milestones(goal)
                       if not m.done and m.due is not None and m.due <= horizon)
        due.sort(key=lambda m: (m.due, m.goal_title, m.title))
        notes = readable_notes(session, actor, mentee_id, limit=RECENT_NOTES)
        next_actions = [" ".join(n.now_what.split()) for n in notes if n.now_what.strip()]
        questions = suggest_questions([f"{n.what}\n{n.so_what}\n{n.now_what}" for n in notes])
        feedback: list[str] = []
        if actor.id == pair.mentor_id:
            drafts = session.scalars(
                select(FeedbackDraft).where(FeedbackDraft.author_id == actor.id,
                                            FeedbackDraft.about_id == mentee_id,
                                            FeedbackDraft.status == "sent")
                .order_by(FeedbackDraft.created_at.desc(), FeedbackDraft.id.desc()).limit(RECENT_FEEDBACK)
            ).all()
            feedback = [_shorten(d.text) for d in drafts if d.text.strip()]
    return Agenda(pair_id=pair_id, date=day, open_goals=open_goals, milestones_due=due,
                  next_actions=next_actions, feedback=feedback, questions=questions)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def md_inline(text: str) -> str:
    """User text as one Markdown line: whitespace collapsed, Markdown and HTML characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def agenda_markdown(agenda: Agenda, *, mentor_name: str, mentee_name: str) -> str:
    """The agenda as a Markdown document with checkboxes, ready to download or paste."""
    lines = [f"# Check-in agenda: {md_inline(mentor_name)} / {md_inline(mentee_name)}", "",
             f"Prepared {fmt_day(agenda.date)}.", ""]

    def section(title: str, items: list[str], empty: str) -> None:
        lines.extend([f"## {title}", ""])
        lines.extend(items if items else [f"_{empty}_"])
        lines.append("")

    section("Goals in progress",
            [f"- [ ] **{md_inline(g.title)}** (target {fmt_day(g.target_date)}; "
             f"{g.milestones_done}/{g.milestones_total} milestones done)" for g in agenda.open_goals],
            "No active goals yet. Use this check-in to agree on one goal to work toward.")
    section("Milestones due soon",
            [f"- [ ] {md_inline(m.title)} (goal: {md_inline(m.goal_title)}; due {fmt_day(m.due)}"
             f"{', overdue' if m.overdue else ''})" for m in agenda.milestones_due],
            "No open milestones are due soon. Check whether the goals need a next milestone.")
    section("Next actions from recent reflections",
            [f"- [ ] {md_inline(a)}" for a in agenda.next_actions],
            "No recent reflections to draw on. A short What? / So what? / Now what? reflection "
            "shared before the check-in gives you both a starting point.")
    section("Feedback to discuss",
            [f"- [ ] {md_inline(f)}" for f in agenda.feedback],
            "No feedback given since the last check-in (only feedback marked as sent is listed).")
    section("Questions to explore",
            [f"- [ ] {md_inline(q)}" for q in agenda.questions],
            "No suggested questions. Bring one thing you are stuck on.")
    lines.extend(["## Agreed next steps", "", "- [ ] ", ""])
    return "\n".join(lines)
