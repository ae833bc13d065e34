"""The feedback checker end to end with the real models and the shipped heads."""

from __future__ import annotations

import json
import re

import pytest

from coach.errors import InputError, UnsupportedLanguageError
from coach.feedback import FeedbackSettings, check, default_checker
from coach.feedback.report import JUDGMENTAL_CATEGORIES

pytestmark = pytest.mark.slow

GOOD = ("In Tuesday's client call you interrupted Maria twice, so she couldn't finish the pricing "
        "walkthrough.")
BAD = "You're lazy and you always miss deadlines."


def test_report_shape_is_json_serializable():
    data = check(GOOD).to_dict()
    json.dumps(data)
    assert {"id", "text", "vague", "judgmental", "scores", "sbi", "flags", "rewrite"} <= set(data)
    assert set(data["scores"]) >= {"vague", "judgmental"}
    assert all(0.0 <= v <= 1.0 for v in data["scores"].values())
    assert set(data["sbi"]) == {"situation", "behavior", "impact"}


def test_specific_sbi_feedback_passes():
    report = check(GOOD)
    assert not report.vague and not report.judgmental
    assert report.sbi.behavior and "interrupted Maria twice" in report.sbi.behavior.text
    assert report.sbi.impact and "couldn't finish" in report.sbi.impact.text
    assert report.sbi.situation and "Tuesday" in report.sbi.situation.text
    for span in (report.sbi.situation, report.sbi.behavior, report.sbi.impact):
        assert GOOD[span.start : span.end] == span.text


@pytest.mark.parametrize(("text", "vague", "judgmental"), [
    (BAD, True, True),
    ("Great job!", True, False),
    ("You're a natural leader.", True, False),
    ("Be more proactive.", True, False),
    ("You seemed disengaged in yesterday's demo.", None, True),
    ("Not bad for a beginner.", None, True),
    ("You were not rude at all in the vendor call; you stated the price twice and listened.",
     False, False),
    ("The customer called our product 'lazy' in Monday's review, and you wrote down each complaint.",
     None, False),
    # a miss of feedback-heads-2, -3, -5 and -6 (self-reference next to a you clause), right since -7
    ("I was unclear in my email about the deadline, so you started late. That's on me.", None, False),
    ("The report you sent on Friday had three calculation errors in the cost table.", False, False),
])
def test_labels(text, vague, judgmental):
    report = check(text)
    if vague is not None:
        assert report.vague is vague, report.scores
    assert report.judgmental is judgmental, report.scores


def test_judgmental_flags_explain_on_exact_spans():
    report = check(BAD)
    spans = [f for f in report.flags if f.end > f.start]
    assert any(f.category == "trait-label" and f.text == "lazy" for f in spans)
    for flag in spans:
        assert BAD[flag.start : flag.end] == flag.text
        assert flag.message and flag.suggestion and flag.severity in ("high", "medium", "low")
    missing = {f.category for f in report.flags if f.end == f.start}
    assert "missing-situation" in missing and "missing-impact" in missing


def _outside_brackets(text: str) -> str:
    return re.sub(r"\[[^\]]*\]", " ", text)


@pytest.mark.parametrize("text", [
    BAD, GOOD, "Great job on the launch!", "You seemed bored in the demo, and the client noticed.",
    "Honestly, she is too emotional in meetings. In Monday's sync she raised her voice at Tom.",
])
def test_rewrite_never_invents_facts(text):
    report = check(text)
    source_words = set(re.findall(r"[a-z0-9']+", text.lower()))
    for rewrite in (report.rewrite, *report.variants.values()):
        added = set(re.findall(r"[a-z0-9']+", _outside_brackets(rewrite).lower())) - source_words
        assert not added, (rewrite, added)
        for flag in report.flags:
            if flag.category in ("trait-label", "insult", "biased-remark"):
                assert flag.text not in _outside_brackets(rewrite)


def test_rewrite_asks_for_missing_parts_and_judgments():
    report = check(BAD)
    assert "[When and where" in report.rewrite
    assert "'lazy'" in report.rewrite or "lazy'" in report.rewrite
    assert report.rewrite.count("[") >= 3


def test_examples_are_retrieved():
    report = check("In the demo on Friday you skipped the pricing slide and the client asked twice.")
    assert 1 <= len(report.examples) <= 3
    assert report.examples[0].similarity >= report.examples[-1].similarity


def test_settings_allow_list_and_disabled_categories():
    text = "You're a rockstar, great job on the Rockstar Games pitch."
    plain = check(text)
    allowed = check(text, settings=FeedbackSettings(allow=("rockstar",)))
    assert not any(f.text.lower() == "rockstar" for f in allowed.flags)
    assert len(allowed.flags) <= len(plain.flags)
    quiet = check(BAD, settings=FeedbackSettings(disabled=frozenset({"missing-situation",
                                                                       "missing-impact"})))
    assert not any(f.category.startswith("missing-") and f.category != "missing-behavior"
                   for f in quiet.flags)


def test_sensitivity_moves_the_threshold():
    text = "Your part of the deck was kind of, maybe, a little off?"
    low = check(text, settings=FeedbackSettings(sensitivity=0.0))
    high = check(text, settings=FeedbackSettings(sensitivity=1.0))
    assert low.scores == high.scores
    assert int(high.vague) + int(high.judgmental) >= int(low.vague) + int(low.judgmental)


@pytest.mark.parametrize(("text", "error", "message"), [
    ("", InputError, "empty"), ("   \n ", InputError, "empty"),
    ("a" * 1_000_000, InputError, "up to 20,000"),
    ("Buen trabajo en la reunión de ayer, pero la presentación fue muy larga.",
     UnsupportedLanguageError, "only supports English"),
])
def test_bad_input(text, error, message):
    with pytest.raises(error, match=message):
        check(text)


@pytest.mark.parametrize("text", ["Great demo 🎉🎉 you rock", "<script>alert(1)</script> nice **work**"])
def test_emoji_and_markup_are_plain_text(text):
    report = check(text)
    assert report.text == text
    for flag in report.flags:
        assert text[flag.start : flag.end] == flag.text


def test_batch_matches_single():
    items = [("a", GOOD), ("b", BAD)]
    batch = default_checker().check_many(items)
    assert [r.id for r in batch] == ["a", "b"]
    assert [r.judgmental for r in batch] == [check(GOOD).judgmental, check(BAD).judgmental]


def test_check_rows_reports_bad_rows_and_checks_the_rest():
    rows = [("1", GOOD), ("2", ""), ("3", "Buen trabajo en la reunión de ayer, pero la presentación fue "
                                         "muy larga."), ("4", BAD),
            ("5", "Your patch to `retry_policy.py` fails with KeyError: 'timeout' at line 88; "
                  "please add a test for it before Friday.")]
    out = default_checker().check_rows(rows)
    assert [type(o).__name__ for o in out] == ["FeedbackReport", "InputError", "UnsupportedLanguageError",
                                               "FeedbackReport", "FeedbackReport"]
    assert "Row '2'" in str(out[1]) and "empty" in str(out[1])
    assert [o.id for o in out if not isinstance(o, Exception)] == ["1", "4", "5"]


@pytest.mark.parametrize("text", [
    BAD, GOOD, "Thanks for covering the night shift on Sunday; the ward was fully staffed.",
    "Nice work on the data migration, zero tickets over the weekend.",
    "Great, another late PR, thanks.", "You seemed disengaged in yesterday's demo.",
])
def test_judgment_flags_only_with_a_judgmental_verdict(text):
    # imprecise detectors (sarcasm, condescension) never show a flag the verdict does not back,
    # and a judgmental verdict always comes with a place to look
    report = check(text)
    judgment_flags = [f for f in report.flags if f.category in JUDGMENTAL_CATEGORIES]
    assert bool(judgment_flags) is report.judgmental, (report.scores, judgment_flags)
