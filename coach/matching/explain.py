"""Reasons a person understands: matched phrases, shared languages, hours, trade-offs; why unmatched.

Reasons quote goal, background, expertise and bio phrases only. A mentee's shared reflections count
toward the fit but are never quoted: the facilitator reading the reasons must not see them.
"""

from __future__ import annotations

from contextlib import suppress

import numpy as np

from coach.matching.assign import Assignment
from coach.matching.languages import language_name
from coach.matching.options import MatchOptions
from coach.matching.profiles import Problem
from coach.matching.scoring import Scores

QUOTE_CHARS = 90
MIN_SECOND_SIM = 0.3  # a second phrase pair is shown only when it is this similar (and near the best)
SOURCE_LABEL = {"goal": "goal", "background": "background", "expertise": "expertise", "bio": "bio"}


def _quote(text: str) -> str:
    return f"“{text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1] + '…'}”"


def phrase_reasons(scores: Scores, i: int, j: int, *, limit: int = 2) -> list[str]:
    e, m = scores.mentee_phrases, scores.mentor_phrases
    if not e.count(i) or not m.count(j):
        return []
    sims = e.vectors[e.of(i)] @ m.vectors[m.of(j)].T
    e_src = e.sources[e.of(i)]
    out: list[str] = []
    used_mentor: set[int] = set()
    reflection_hit = False
    best = 0.0
    for flat in np.argsort(-sims, axis=None):
        a, b = divmod(int(flat), sims.shape[1])
        if e_src[a] == "reflection":
            reflection_hit = reflection_hit or not out
            continue
        if b in used_mentor:
            continue
        if out and float(sims[a, b]) < max(MIN_SECOND_SIM, 0.6 * best):
            break
        used_mentor.add(b)
        best = best if out else float(sims[a, b])
        mentee_text = e.texts[e.of(i)][a]
        mentor_text, mentor_src = m.texts[m.of(j)][b], m.sources[m.of(j)][b]
        out.append(f"{SOURCE_LABEL[e_src[a]]} {_quote(mentee_text)} ↔ {SOURCE_LABEL[mentor_src]} "
                   f"{_quote(mentor_text)} ({float(sims[a, b]):.2f})")
        if len(out) >= limit:
            break
    if reflection_hit:
        out.append("the mentee's shared reflections (not shown) also relate to this mentor's expertise")
    return out


def _languages(problem: Problem, i: int, j: int) -> str:
    shared = [c for c in problem.mentees[i].languages if c in problem.mentors[j].languages]
    return "shared languages: " + ", ".join(language_name(c) for c in shared)


def _hours(problem: Problem, scores: Scores, i: int, j: int) -> str:
    h = float(scores.hours[i, j])
    zones = f"({problem.mentees[i].timezone} / {problem.mentors[j].timezone})"
    return f"{h:g} h of working-hours overlap {zones}" if h > 0 else f"no working-hours overlap {zones}"


def _missing_text(problem: Problem, scores: Scores, i: int, j: int) -> list[str]:
    out = []
    if not scores.mentee_phrases.count(i):
        out.append(f"{problem.mentees[i].name} has no goals or background text: the fit is a neutral "
                   "placeholder and the score comes from languages, hours and preferences")
    if not scores.mentor_phrases.count(j):
        out.append(f"{problem.mentors[j].name} has no expertise or bio text: the fit is a neutral "
                   "placeholder and the score comes from languages, hours and preferences")
    return out


def _preferences(problem: Problem, options: MatchOptions, i: int, j: int) -> list[str]:
    w = options.weights
    a, b = problem.mentees[i].attributes, problem.mentors[j].attributes
    out = []
    if w.cross_cultural > 0:
        col = next((c for c in ("country", "culture", "region") if c in a and c in b), None)
        if col and a[col].strip().lower() != b[col].strip().lower():
            out.append(f"cross-cultural pairing: {a[col]} / {b[col]}")
    if w.seniority > 0:
        with suppress(ValueError):  # seniority missing or not a number: no reason to give
            gap = float(b.get("seniority", "")) - float(a.get("seniority", ""))
            out.append(f"seniority gap: {gap:g} years")
    for rule in w.rules:
        x, y = a.get(rule.column, "").strip().lower(), b.get(rule.column, "").strip().lower()
        if x and y and (x == y) == (rule.mode == "same"):
            out.append(f"{rule.column}: {'same' if rule.mode == 'same' else 'different'} "
                       f"({a[rule.column]} / {b[rule.column]})")
    return out


def trade_off(problem: Problem, scores: Scores, load: np.ndarray, i: int, j: int,
              board: list[int]) -> tuple[int, str | None]:
    """(choice rank among suitable mentors, a sentence when the best-scoring mentor was not chosen)."""
    row = scores.total[i]
    suitable = scores.feasible[i]
    choice = 1 + int(((row > row[j]) & suitable).sum())
    best = int(np.argmax(row))
    if best == j or best in board:
        return choice, None
    name = problem.mentors[best].name
    nth = {2: "second", 3: "third"}.get(choice, f"{choice}th")
    if not scores.shared_language[i, best]:
        return choice, f"the highest-scoring mentor, {name}, shares no language with this mentee"
    if not suitable[best]:
        reasons = [e.reason for e in problem.exclusions
                   if e.mentee_id == problem.mentees[i].id and e.mentor_id == problem.mentors[best].id]
        why = f" ({reasons[0]})" if reasons and reasons[0] else ""
        return choice, f"the highest-scoring mentor, {name}, is excluded for this mentee{why}"
    if load[best] >= problem.mentors[best].capacity:
        return choice, f"{nth} choice: the closest mentor, {name}, was full"
    return choice, (f"{nth} choice: {name} scored higher, but this assignment gives the whole cohort a "
                    "better total (fit and mentor load balance)")


def match_reasons(problem: Problem, scores: Scores, options: MatchOptions, assignment: Assignment,
                  load: np.ndarray, i: int, j: int) -> tuple[int, list[str]]:
    reasons = phrase_reasons(scores, i, j)
    reasons += _missing_text(problem, scores, i, j)
    reasons += [_languages(problem, i, j), _hours(problem, scores, i, j)]
    reasons += _preferences(problem, options, i, j)
    board = assignment.boards[i]
    choice, trade = trade_off(problem, scores, load, i, j, board)
    if (i, j) in assignment.pinned:
        reasons.append("pinned by the facilitator")
    elif trade:
        reasons.append(trade)
    penalty = assignment.complement_penalty.get((i, j), 0.0)
    if len(board) > 1 and board.index(j) > 0:
        others = ", ".join(problem.mentors[b].name for b in board[:board.index(j)])
        reasons.append(f"advisory board seat {board.index(j) + 1}: expertise chosen to complement {others}"
                       + (f" (similarity penalty {penalty:.2f})" if penalty > 0 else ""))
    return choice, reasons


def unmatched_reason(problem: Problem, scores: Scores, options: MatchOptions, load: np.ndarray,
                     i: int) -> str:
    mentee = problem.mentees[i]
    if not problem.mentors:
        return "there are no mentors in this cohort"
    if not scores.shared_language[i].any():
        spoken = ", ".join(language_name(c) for c in mentee.languages)
        return f"no mentor shares a language (speaks: {spoken})"
    suitable = scores.feasible[i]
    if not suitable.any():
        return "excluded from every mentor who shares a language"
    capacity = np.asarray([m.capacity for m in problem.mentors])
    open_ = suitable & (load < capacity)
    if not open_.any():
        return f"all {int(suitable.sum())} suitable mentors are full"
    if not (open_ & (scores.total[i] >= options.min_score)).any():
        return f"no suitable mentor with room reaches the minimum score {options.min_score:g}"
    if options.objective == "fit":
        return ("left unmatched for a better total fit of the cohort; choose 'match as many mentees as "
                "possible' (objective coverage) to match everyone who can be")
    return (f"its best candidates were taken by others and only each mentee's top {options.top_n} "
            "candidates are considered; raise top_n to widen the search")
