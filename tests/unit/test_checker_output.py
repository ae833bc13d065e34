"""The checker's output as a person reads it: one flag per span, no judgment counted as SBI, no
example facts inside the rewrite's brackets."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from coach.feedback.report import Flag, SbiParts, Span, merge_flags
from coach.feedback.rewrite import prompt_examples, rewrite, templates
from coach.feedback.sbi import without_judgments


def flag(start, end, text, category, severity="medium", detector=None):  # type: ignore[no-untyped-def]
    return Flag(start, end, text[start:end], category, severity, f"{category} message", "try",
                detector or category)


TEXT = "Oh wonderful, another late report. You must be so proud."


@pytest.mark.parametrize(("flags", "expected"), [
    # a sarcastic "wonderful" seen by three detectors: one flag, mockery first, the rest folded in
    ([flag(0, 12, TEXT, "mockery", "high"), flag(3, 12, TEXT, "mockery", "high", "sarcasm"),
      flag(3, 12, TEXT, "vague-praise")],
     [(0, 12, "mockery", ["vague-praise"])]),
    # a learned whole-sentence flag is folded into the word flag it overlaps
    ([flag(3, 12, TEXT, "vague-praise"), flag(0, 34, TEXT, "judgmental-tone", "high", "learned")],
     [(3, 12, "judgmental-tone", ["vague-praise"])]),
    # separate spans stay separate; missing parts are kept
    ([flag(0, 12, TEXT, "mockery", "high"), flag(35, 55, TEXT, "mockery", "high", "sarcasm"),
      Flag(0, 0, "", "missing-impact", "low", "m", "s", "sbi")],
     [(0, 0, "missing-impact", []), (0, 12, "mockery", []), (35, 55, "mockery", [])]),
])
def test_one_flag_per_span_strongest_first(flags, expected):
    merged = merge_flags(flags, TEXT)
    assert [(f.start, f.end, f.category, [a["category"] for a in f.also]) for f in merged] == expected
    spans = [f for f in merged if f.end > f.start]
    assert all(a.end <= b.start for a, b in pairwise(spans))
    assert all(f.text == TEXT[f.start:f.end] for f in merged)


def test_judgmental_clause_is_never_an_sbi_part():
    text = "In Monday's demo you skipped the intro, you must be so proud of yourself."
    clause = text.index("you must")
    parts = SbiParts(situation=Span(0, 16, text[:16]), behavior=Span(clause, len(text) - 1, text[clause:-1]))
    kept = without_judgments(parts, [flag(clause, len(text) - 1, text, "mockery", "high", "sarcasm")])
    assert kept.situation == parts.situation and kept.behavior is None
    covered = SbiParts(behavior=Span(17, 39, text[17:39]))  # "you skipped the intro,"
    assert without_judgments(covered, [flag(17, 39, text, "trait-label", "high")]).behavior is None
    assert without_judgments(covered, [flag(21, 28, text, "absolute")]).behavior == covered.behavior
    learned = flag(0, len(text), text, "judgmental-tone", "high", "learned")
    assert without_judgments(parts, [learned]) == parts  # a sentence-level guess drops nothing


def test_rewrite_drops_sarcasm_and_brackets_hold_no_examples():
    flags = merge_flags([flag(0, 12, TEXT, "mockery", "high"),
                         flag(35, 55, TEXT, "mockery", "high", "sarcasm")], TEXT)
    for style in ("sbi", "sbii", "coin"):
        out = rewrite(TEXT, flags, SbiParts(), style=style)
        assert "wonderful" not in out.lower() and "proud" not in out
        assert "Another late report." in out
        brackets = re.findall(r"\[[^\]]*\]", out)
        assert brackets and not any("e.g." in b for b in brackets)
        outside = re.sub(r"\[[^\]]*\]", "", out)
        assert "budget" not in outside and "client" not in outside
        examples = prompt_examples(SbiParts(), style=style)
        assert examples and all(p in out for p, _ in examples)


def test_templates_keep_examples_out_of_prompts():
    for style, t in templates().items():
        if style == "placeholders":
            continue
        for key, value in t.items():
            if key.endswith("_prompt"):
                assert "e.g." not in value and not re.search(r"'[^']+'", value), (style, key)


@pytest.mark.slow
def test_real_checker_on_a_sarcastic_draft():
    from coach.config import Settings
    from coach.context import Context

    ctx = Context(Settings())
    text = "In Monday's demo you skipped the intro, you must be so proud of yourself."
    report = ctx.checker.check(text, examples=0)
    spans = [f for f in report.flags if f.end > f.start]
    assert all(a.end <= b.start for a, b in pairwise(spans))
    assert any("proud" in f.text and f.category == "mockery" for f in spans)
    for part in report.sbi.texts().values():
        assert part is None or "proud" not in part
    assert "proud" not in report.rewrite and "In Monday's demo you skipped the intro" in report.rewrite
