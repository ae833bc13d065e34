"""The hard-constraint checker: used by the tests and reported in every run's stats (must be 0)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from coach.matching.profiles import Problem


def violations(problem: Problem, pairs: Iterable[tuple[str, str]], *, k: int = 1) -> list[str]:
    """Every broken hard constraint in (mentee id, mentor id) pairs, as sentences; [] when none."""
    mentors = {m.id: m for m in problem.mentors}
    mentees = {m.id: m for m in problem.mentees}
    excluded = {(e.mentee_id, e.mentor_id) for e in problem.exclusions}
    found: list[str] = []
    seen: Counter[tuple[str, str]] = Counter()
    per_mentor: Counter[str] = Counter()
    per_mentee: Counter[str] = Counter()
    for mentee_id, mentor_id in pairs:
        mentee, mentor = mentees.get(mentee_id), mentors.get(mentor_id)
        if mentee is None or mentor is None:
            found.append(f"{mentee_id} -> {mentor_id}: unknown person")
            continue
        seen[(mentee_id, mentor_id)] += 1
        per_mentor[mentor_id] += 1
        per_mentee[mentee_id] += 1
        if not set(mentee.languages) & set(mentor.languages):
            found.append(f"{mentee_id} -> {mentor_id}: no shared language")
        if (mentee_id, mentor_id) in excluded:
            found.append(f"{mentee_id} -> {mentor_id}: excluded pair")
        if mentee_id == mentor_id or (mentee.person_id is not None and mentee.person_id == mentor.person_id):
            found.append(f"{mentee_id} -> {mentor_id}: self-match")
    found += [f"{a} -> {b}: matched {c} times" for (a, b), c in seen.items() if c > 1]
    found += [f"{j}: {c} mentees over capacity {mentors[j].capacity}"
              for j, c in per_mentor.items() if c > mentors[j].capacity]
    found += [f"{i}: {c} mentors, more than k = {k}" for i, c in per_mentee.items() if c > k]
    found += [f"pin {p.mentee_id} -> {p.mentor_id} not honored" for p in problem.pins
              if (p.mentee_id, p.mentor_id) not in seen]
    return found
