"""Matching engine with the fake embedder: hard constraints, solvers, objectives, boards, reasons."""
# ruff: noqa: E501

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from coach.matching import (
    Exclusion,
    MatchOptions,
    Mentee,
    Mentor,
    Pin,
    Problem,
    Weights,
    get_solver,
    run_match,
    violations,
)
from coach.matching.phrases import split_phrases
from coach.matching.solvers import Candidates
from tests.fakes import FakeEmbedder


def mentor(id_: str, expertise: str, *, langs=("en",), cap=1, tz=0.0, bio="", **attrs) -> Mentor:
    return Mentor(id=id_, name=id_.upper(), expertise=expertise, bio=bio, languages=tuple(langs),
                  timezone=f"UTC{tz:+.0f}", offset=tz, capacity=cap, attributes=dict(attrs))


def mentee(id_: str, goals: str, *, langs=("en",), tz=0.0, background="", reflections=(), **attrs) -> Mentee:
    return Mentee(id=id_, name=id_.upper(), goals=goals, background=background, languages=tuple(langs),
                  timezone=f"UTC{tz:+.0f}", offset=tz, attributes=dict(attrs), reflections=tuple(reflections))


def run(problem: Problem, **options) -> object:  # type: ignore[no-untyped-def]
    return run_match(problem, MatchOptions(**options), FakeEmbedder().encode)


COHORT = Problem(
    mentors=(mentor("m1", "public speaking; presenting to executives"),
             mentor("m2", "python programming; data pipelines", cap=2),
             mentor("m3", "negotiation; salary negotiation", langs=("de",))),
    mentees=(mentee("e1", "get better at presenting to executives"),
             mentee("e2", "learn python programming for data pipelines"),
             mentee("e3", "salary negotiation skills"),
             mentee("e4", "presenting quarterly results to executives")))


def test_checker_finds_each_kind_of_violation():
    problem = replace(COHORT, exclusions=(Exclusion("e1", "m2", "same team"),), pins=(Pin("e4", "m1"),))
    found = violations(problem, [("e3", "m3"), ("e1", "m2"), ("e1", "m1"), ("e2", "m1"), ("e1", "m1"),
                                 ("x", "m1")])
    text = "\n".join(found)
    for expected in ("e3 -> m3: no shared language", "e1 -> m2: excluded pair", "m1: 3 mentees over capacity",
                     "e1 -> m1: matched 2 times", "e1: 3 mentors, more than k = 1", "pin e4 -> m1 not honored",
                     "x -> m1: unknown person"):
        assert expected in text, text
    assert violations(problem, [("e4", "m1")]) == []
    assert "self-match" in violations(replace(problem, mentees=(mentee("m1", "x"),), pins=()), [("m1", "m1")])[0]


def test_semantic_fit_and_reasons():
    result = run(COHORT)
    pairs = {(m.mentee_id, m.mentor_id) for m in result.matches}
    assert ("e2", "m2") in pairs
    assert result.stats["violations"] == 0
    by = {m.mentee_id: m for m in result.matches}
    assert any("python" in r and "↔" in r for r in by["e2"].reasons)
    assert any(r.startswith("shared languages: English") for r in by["e2"].reasons)
    # e1 and e4 both want m1 (capacity 1): one gets m1, the other a trade-off reason
    loser = by["e4"] if by.get("e1") and by["e1"].mentor_id == "m1" else by.get("e1")
    assert loser is not None and loser.mentor_id == "m2"
    assert any("the closest mentor, M1, was full" in r for r in loser.reasons), loser.reasons
    # e3 fits m3 best, who speaks German only; the English-speaking mentors are full
    [u] = result.unmatched
    assert u.mentee_id == "e3" and u.reason == "all 2 suitable mentors are full"


def test_closest_mentor_excluded_or_without_language_is_explained():
    problem = Problem(mentors=(mentor("m1", "public speaking; presenting to executives", cap=2),
                               mentor("m2", "general career advice", cap=2)),
                      mentees=(mentee("e1", "presenting to executives"),),
                      exclusions=(Exclusion("e1", "m1", "former manager"),))
    [match] = run(problem).matches
    assert match.mentor_id == "m2"
    assert any("is excluded for this mentee (former manager)" in r for r in match.reasons)
    problem = replace(problem, exclusions=(), mentors=(replace(problem.mentors[0], languages=("fr",)),
                                                       problem.mentors[1]))
    [match] = run(problem).matches
    assert any("M1, shares no language" in r for r in match.reasons), match.reasons


@pytest.mark.parametrize("solver", ["scipy", "mincostflow"])
@pytest.mark.parametrize("objective", ["fit", "coverage"])
@pytest.mark.parametrize("k", [1, 2])
def test_random_cohorts_never_break_a_hard_constraint(solver, objective, k):
    rng = random.Random(hash((solver, objective, k)) % 1000)
    words = "python data leadership design sales finance writing research teaching nursing law".split()
    for _ in range(5):
        mentors = tuple(mentor(f"m{j}", " ".join(rng.sample(words, 3)), langs=rng.sample(["en", "es", "fr"], 1),
                               cap=rng.randint(1, 3), tz=rng.choice([-5, 0, 1, 8])) for j in range(8))
        mentees = tuple(mentee(f"e{i}", " ".join(rng.sample(words, 2)), langs=rng.sample(["en", "es", "fr"], 2),
                               tz=rng.choice([-5, 0, 9])) for i in range(14))
        excl = tuple({Exclusion(f"e{rng.randrange(14)}", f"m{rng.randrange(8)}") for _ in range(6)})
        problem = Problem(mentors=mentors, mentees=mentees, exclusions=excl)
        result = run(problem, solver=solver, objective=objective, k=k, top_n=3)
        pairs = [(m.mentee_id, m.mentor_id) for m in result.matches]
        assert violations(problem, pairs, k=k) == []
        assert result.stats["violations"] == 0
        assert len({m.mentee_id for m in result.matches} | {u.mentee_id for u in result.unmatched}) == 14


def random_candidates(rng: np.random.Generator, n: int, m: int, *, coverage: bool) -> Candidates:
    allowed = rng.random((n, m)) < 0.5
    rows, cols = np.nonzero(allowed)
    return Candidates(rows=rows, cols=cols, values=rng.random(len(rows)).astype(np.float32),
                      capacity=rng.integers(1, 3, m), n_mentees=n, coverage=coverage, load_penalty=0.0)


@pytest.mark.parametrize("coverage", [False, True])
def test_both_solvers_find_the_same_optimum(coverage):
    rng = np.random.default_rng(7)
    for _ in range(20):
        problem = random_candidates(rng, 12, 5, coverage=coverage)
        value = dict(zip(zip(problem.rows.tolist(), problem.cols.tolist(), strict=True),
                         problem.values.tolist(), strict=True))
        totals = []
        for name in ("scipy", "mincostflow"):
            pairs = get_solver(name).solve(problem)
            assert len({i for i, _ in pairs}) == len(pairs)
            assert all(np.bincount([j for _, j in pairs], minlength=5) <= problem.capacity)
            totals.append((len(pairs) if coverage else 0, round(sum(value[p] for p in pairs), 3)))
        assert totals[0] == totals[1]


def test_fit_may_leave_a_mentee_out_coverage_does_not():
    # A fits m0 best (1.0) and m1 not at all; B can only take m0 (0.5).
    problem = Candidates(rows=np.array([0, 0, 1]), cols=np.array([0, 1, 1 - 1]),
                         values=np.array([1.0, 0.0, 0.5], dtype=np.float32), capacity=np.array([1, 1]),
                         n_mentees=2)
    for name in ("scipy", "mincostflow"):
        assert sorted(get_solver(name).solve(problem)) == [(0, 0)]
        assert sorted(get_solver(name).solve(replace(problem, coverage=True))) == [(0, 1), (1, 0)]


def test_capacity_below_cohort_matches_as_many_as_possible_and_says_so():
    problem = Problem(mentors=(mentor("m1", "python", cap=2),),
                      mentees=tuple(mentee(f"e{i}", "python") for i in range(5)))
    result = run(problem, objective="coverage")
    assert result.stats["mentees_matched"] == 2
    assert "Total mentor capacity (2) is below" in result.stats["notes"][0]
    assert {u.reason for u in result.unmatched} == {"all 1 suitable mentors are full"}


def test_nobody_can_be_matched_is_a_report_not_a_crash():
    problem = Problem(mentors=(mentor("m1", "python", langs=("de",)),),
                      mentees=(mentee("e1", "python"), mentee("e2", "", langs=("ja",))))
    result = run(problem)
    assert result.matches == [] and len(result.unmatched) == 2
    assert result.stats["pct_mentees_matched"] == 0.0 and result.stats["score_mean"] is None
    assert "speaks: Japanese" in result.unmatched[1].reason


def test_empty_text_still_scores_and_reasons_say_so():
    problem = Problem(mentors=(mentor("m1", ""),), mentees=(mentee("e1", ""),))
    [match] = run(problem).matches
    assert match.score > 0
    assert any("has no goals or background text" in r for r in match.reasons)
    assert any("has no expertise or bio text" in r for r in match.reasons)


def test_pins_are_honored_and_a_bad_pin_is_refused():
    problem = replace(COHORT, pins=(Pin("e4", "m1"),))
    result = run(problem)
    assert ("e4", "m1") in {(m.mentee_id, m.mentor_id) for m in result.matches}
    assert any("pinned by the facilitator" in r for m in result.matches for r in m.reasons)
    from coach.matching import MatchingInputError

    with pytest.raises(MatchingInputError, match="who share no language"):
        run(replace(COHORT, pins=(Pin("e1", "m3"),)))


def test_advisory_board_gives_k_distinct_complementary_mentors():
    mentors = (mentor("m1", "python programming", cap=2), mentor("m2", "python programming code", cap=2),
               mentor("m3", "career leadership", cap=2))
    problem = Problem(mentors=mentors, mentees=(mentee("e1", "python programming and leadership career"),))
    result = run(problem, k=2, weights=Weights(complement=1.0))
    board = [m.mentor_id for m in result.matches]
    assert len(board) == 2 and len(set(board)) == 2
    assert "m3" in board  # complementary to the first python mentor, not a second python mentor
    assert result.stats["violations"] == 0


def test_reflections_count_but_are_never_quoted():
    secret = "I cried after the meeting with my manager about python deadlines"
    problem = Problem(mentors=(mentor("m1", "python deadlines"), mentor("m2", "gardening")),
                      mentees=(mentee("e1", "", background="", reflections=(secret,)),))
    [match] = run(problem).matches
    assert match.mentor_id == "m1"
    joined = " ".join(match.reasons)
    assert "cried" not in joined and "manager" not in joined
    assert "shared reflections (not shown)" in joined


def test_preferences_and_rules_change_the_score():
    from coach.matching import AttributeRule

    mentors = (mentor("m1", "python", country="PT", dept="sales", cap=1),
               mentor("m2", "python", country="BR", dept="ops", cap=1))
    problem = Problem(mentors=mentors, mentees=(mentee("e1", "python", country="PT", dept="sales"),))
    cross = run(problem, weights=Weights(cross_cultural=1.0)).matches[0]
    assert cross.mentor_id == "m2" and any("cross-cultural pairing: PT / BR" in r for r in cross.reasons)
    same = run(problem, weights=Weights(rules=(AttributeRule("dept", "same", 1.0),))).matches[0]
    assert same.mentor_id == "m1" and any("dept: same (sales / sales)" in r for r in same.reasons)


def test_working_hours_break_ties_between_twins():
    problem = Problem(mentors=(mentor("m1", "python data", tz=9.0), mentor("m2", "python data", tz=-5.0)),
                      mentees=(mentee("e1", "python data", tz=-4.0),))
    [match] = run(problem).matches
    assert match.mentor_id == "m2" and match.overlap_hours == 7.0


@pytest.mark.parametrize(("text", "phrases"), [
    ("python, data engineering, SQL", ["python", "data engineering", "SQL"]),
    ("I lead a team. I want to present better!", ["I lead a team", "I want to present better!"]),
    ("a; b\nc", ["a", "b", "c"]),
    ("", []),
])
def test_phrase_splitter(text, phrases):
    assert split_phrases(text) == phrases


def test_long_text_is_scored_phrase_by_phrase():
    filler = " ".join(["I enjoy long walks and cooking dinner for friends."] * 40)
    problem = Problem(mentors=(mentor("m1", "gardening", bio=filler + " I mentor people on salary negotiation."),
                               mentor("m2", "accounting")),
                      mentees=(mentee("e1", "salary negotiation"),))
    [match] = run(problem).matches
    assert match.mentor_id == "m1"
    assert any("salary negotiation" in r and "↔ bio" in r for r in match.reasons)


def test_load_balance_spreads_mentees_but_never_leaves_one_out():
    problem = Problem(mentors=(mentor("m1", "python", cap=3), mentor("m2", "gardening", cap=3)),
                      mentees=tuple(mentee(f"e{i}", "python") for i in range(6)))
    result = run(problem, weights=Weights(load_balance=0.5))
    assert result.stats["mentees_matched"] == 6 and result.stats["load_spread"] == 0
    spread = run(replace(problem, mentees=problem.mentees[:4]), weights=Weights(load_balance=1.0))
    assert spread.stats["load_max"] == 2  # without the penalty, the python mentor would take 3
    assert run(replace(problem, mentees=problem.mentees[:4]), weights=Weights(load_balance=0.0)).stats["load_max"] == 3


def test_blocked_semantic_fit_equals_the_pairwise_definition(monkeypatch):
    """The vectorized fit (mentor phrase slots, blocks of mentee phrases) is the definition computed
    pair by pair: 0.7 x weighted mean over mentee phrases of the best mentor phrase + 0.3 x best pair."""
    from coach.matching import scoring

    rng = np.random.default_rng(3)

    def phrases(counts, sources):  # type: ignore[no-untyped-def]
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        vectors = rng.standard_normal((int(starts[-1]), 16)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return scoring.Phrases([f"p{k}" for k in range(len(vectors))],
                               [sources[k % len(sources)] for k in range(len(vectors))], starts, vectors)

    e_counts, m_counts = rng.integers(0, 5, 37), rng.integers(0, 7, 23)
    e = phrases(e_counts, ["goal", "background", "reflection"])
    m = phrases(m_counts, ["expertise", "bio"])
    monkeypatch.setattr(scoring, "CHUNK_CELLS", 50)  # many blocks
    fit = scoring.semantic_fit(e, m, len(e_counts), len(m_counts))
    for i in range(len(e_counts)):
        for j in range(len(m_counts)):
            if not e.count(i) or not m.count(j):
                assert fit[i, j] == pytest.approx(scoring.NEUTRAL_FIT)
                continue
            best = (e.vectors[e.of(i)] @ m.vectors[m.of(j)].T).max(axis=1)
            w = np.asarray([scoring.SOURCE_WEIGHT[s] for s in e.sources[e.of(i)]])
            want = scoring.MEAN_SHARE * (best * w).sum() / w.sum() + (1 - scoring.MEAN_SHARE) * best.max()
            assert fit[i, j] == pytest.approx(float(np.clip(want, 0, 1)), abs=1e-5), (i, j)
