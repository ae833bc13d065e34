"""One matching run from a checked :class:`Problem`: score, assign, explain, check, summarize."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from coach.matching.assign import Assignment, assign
from coach.matching.checker import violations
from coach.matching.explain import match_reasons, unmatched_reason
from coach.matching.options import MatchOptions
from coach.matching.profiles import Problem
from coach.matching.result import Match, MatchResult, Unmatched
from coach.matching.scoring import Encode, Scores, score_cohort
from coach.matching.stats import run_stats
from coach.matching.validation import MatchingInputError, RowError, check_pins

Progress = Callable[[float, str], None]


def explain_assignment(problem: Problem, scores: Scores, options: MatchOptions,
                       assignment: Assignment) -> tuple[list[Match], list[Unmatched], np.ndarray]:
    boards = assignment.boards
    load = np.zeros(len(problem.mentors), dtype=np.int64)
    for board in boards:
        for j in board:
            load[j] += 1
    matches: list[Match] = []
    unmatched: list[Unmatched] = []
    for i, board in enumerate(boards):
        mentee = problem.mentees[i]
        for j in board:
            mentor = problem.mentors[j]
            choice, reasons = match_reasons(problem, scores, options, assignment, load, i, j)
            matches.append(Match(mentee_id=mentee.id, mentor_id=mentor.id,
                                 score=round(float(scores.total[i, j]), 4), reasons=reasons,
                                 mentee_name=mentee.name, mentor_name=mentor.name,
                                 fit=round(float(scores.fit[i, j]), 4),
                                 overlap_hours=float(scores.hours[i, j]), choice=choice,
                                 pinned=(i, j) in assignment.pinned))
        if len(board) < options.k:
            why = unmatched_reason(problem, scores, options, load, i)
            if board:
                why = f"board has {len(board)} of {options.k} mentors: {why}"
            unmatched.append(Unmatched(mentee_id=mentee.id, reason=why, mentee_name=mentee.name))
    return matches, unmatched, load


def run_match(problem: Problem, options: MatchOptions, encode: Encode, *,
              progress: Progress | None = None) -> MatchResult:
    """Match the whole cohort. Raises an InputError for pins that break a hard constraint."""
    options = options.checked()
    pin_errors: list[RowError] = check_pins(problem, k=options.k)
    if pin_errors:
        raise MatchingInputError(pin_errors)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    scores = score_cohort(problem, options.weights, encode, progress=progress)
    timings["embedding_s"] = scores.embedding_s
    timings["scoring_s"] = round(time.perf_counter() - t - scores.embedding_s, 3)
    t = time.perf_counter()
    assignment = assign(problem, scores, options, progress=progress)
    timings["solving_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    matches, unmatched, load = explain_assignment(problem, scores, options, assignment)
    found = violations(problem, [(m.mentee_id, m.mentor_id) for m in matches], k=options.k)
    stats = run_stats(problem, matches, load, found, k=options.k)
    timings["explaining_s"] = round(time.perf_counter() - t, 3)
    stats.update({"objective": options.objective, "solver": assignment.solver, "timings": timings,
                  "source": problem.source})
    if progress:
        progress(1.0, "done")
    return MatchResult(matches=matches, unmatched=unmatched, stats=stats)
