"""Paragraph detection in the layouts users' documents come in (inputs built by hand)."""

from __future__ import annotations

import textwrap

import pytest

from coach.guidance.layout import blocks, drop_repeated, heading_like, is_furniture, join_wrapped

PARAS = [
    "Mentors and mentees meet every two weeks for forty-five minutes, on a video call or in person. "
    "Either of you may move a meeting once a month with two days' notice; more than that, tell the "
    "programme office so we can help.",
    "What you talk about stays between the two of you. The only exceptions are a risk of harm to "
    "someone, or a breach of the law; in those cases the mentor calls the safeguarding lead the same day.",
    "At the end of the six months, write a short closing note together: what changed, what you would do "
    "differently, and whether you want to stay in touch.",
]


def _paragraphs(text: str) -> list[str]:
    return [b.text for b in blocks(text) if b.kind == "paragraph"]


def test_one_paragraph_per_line_without_blank_lines() -> None:
    text = "Meeting rhythm\n" + "\n".join(PARAS) + "\n"
    got = blocks(text)
    assert got[0].kind == "heading" and got[0].text == "Meeting rhythm"
    assert _paragraphs(text) == PARAS


@pytest.mark.parametrize("width", [64, 72])
@pytest.mark.parametrize("separator", ["\n\n", "\n"])
def test_hard_wrapped_paragraphs_with_and_without_blank_lines(width: int, separator: str) -> None:
    text = separator.join(textwrap.fill(p, width=width) for p in PARAS)
    assert _paragraphs(text) == PARAS


def test_underlined_and_caps_headings_in_wrapped_text() -> None:
    text = ("CONFIDENTIALITY\n\n" + textwrap.fill(PARAS[1], 70) + "\n\nEnding well\n-----------\n\n"
            + textwrap.fill(PARAS[2], 70) + "\n\n" + textwrap.fill(PARAS[0], 70))
    got = blocks(text)
    assert [b.text for b in got if b.kind == "heading"] == ["CONFIDENTIALITY", "Ending well"]
    assert _paragraphs(text) == [PARAS[1], PARAS[2], PARAS[0]]


def test_bullets_stay_separate_items() -> None:
    text = "- bring your goals\n- bring one question\n- agree the next date"
    assert _paragraphs(text) == ["- bring your goals", "- bring one question", "- agree the next date"]


@pytest.mark.parametrize(("line", "furniture"), [
    ("Home | Programs | About us | Contact", True),
    ("Share on LinkedIn", True),
    ("Share on X", True),
    ("Posted on 3 March 2025 · 6 min read", True),
    ("Last updated: 2024-11-02", True),
    ("Page 3 of 12", True),
    ("- 7 -", True),
    ("© 2025 Northbridge Health. All rights reserved.", True),
    ("We use cookies to improve your experience. Accept all", True),
    ("Back to top", True),
    ("Meet every two weeks; share the agenda a day before.", False),
    ("Home visits are not part of the programme.", False),
    ("March is the month we open applications for the next cohort.", False),
])
def test_furniture(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


def test_furniture_and_repeated_headers_are_dropped() -> None:
    page = ["Mentoring handbook — City of Aldgate", PARAS[0], "Page 1 of 3"]
    lines = [*page, "Mentoring handbook — City of Aldgate", PARAS[1], "Page 2 of 3",
                    "Mentoring handbook — City of Aldgate", PARAS[2], "Page 3 of 3"]
    assert drop_repeated(lines) == PARAS  # "Page N of 3" recurs too
    assert _paragraphs("\n".join(lines)) == PARAS


def test_words_hyphenated_at_line_ends_are_joined() -> None:
    assert join_wrapped(["good time manage-", "ment helps a", "Self-", "Review"]) == (
        "good time management helps a Self- Review")


@pytest.mark.parametrize(("line", "heading"), [
    ("First meetings", True), ("What if we do not get on?", True), ("ROLES AND EXPECTATIONS", True),
    ("Please arrive on time.", False), ("- a bullet", False), ("and then we talk", False),
    ("Research Integrity Office: integrity@example.org", False), ("Helpline: +44 20 7946 0958", False),
    ("Booking form: https://example.org/book", False), ("Step 2: Book the room", True),
    ("Contact us:", True),
])
def test_heading_like(line: str, heading: bool) -> None:
    assert heading_like(line) is heading


@pytest.mark.parametrize(("line", "heading"), [
    ("3. Expenses", True), ("2.1 Who does what", True), ("10. Special events and celebrations", True),
    ("1. Bring your goals.", False), ("Mentors can claim the following, within", False),
    ("Harbourline Blog › Mentoring › Mentoring Across Time Zones: How We Do It", False),
])
def test_numbered_headings_and_wrapped_lines(line: str, heading: bool) -> None:
    assert heading_like(line) is heading


def test_breadcrumbs_are_furniture() -> None:
    assert is_furniture("Harbourline Blog › Mentoring › Mentoring Across Time Zones: How We Do It at "
                        "Harbourline")


def test_short_wrapped_line_before_a_lower_case_line_is_not_a_heading() -> None:
    text = ("Mentors can claim the following costs\nprovided they are agreed in advance with the "
            "coordinator.\nTravel is paid at 45p a mile.")
    assert all(b.kind == "paragraph" for b in blocks(text))


LABELLED = ("Who to contact\n\n"
            "Risk to life: call the emergency number if the danger is immediate. Otherwise,\n"
            "contact the wellbeing lead and agree the next step that day.\n"
            "Animal welfare or clinical safety: contact the Clinical Standards\n"
            "Duty Vet through the switchboard, option 3, within 24 hours.\n"
            "Safeguarding of people: follow the Group Safeguarding Procedure\n"
            "SG-01 and contact the Designated Safeguarding Officer on extension\n"
            "2210.\n")


def test_wrapped_lines_that_run_to_the_width_are_not_headings() -> None:
    got = blocks(LABELLED)
    assert [b.text for b in got if b.kind == "heading"] == ["Who to contact"]
    assert any("Clinical Standards Duty Vet" in b.text for b in got)
    assert any("Procedure SG-01 and contact" in b.text for b in got)


@pytest.mark.parametrize(("lead_in", "items"), [
    ("In our experience, most mismatches fall into one of five groups:", "- Different expectations"),
    ("Mentors can claim the following, within the limits set out below:", "1. Travel to meetings"),
    ("The Coordinator can:", "• move you to another mentor"),
])
def test_a_line_introducing_a_list_is_a_paragraph_not_a_heading(lead_in: str, items: str) -> None:
    got = blocks(f"Getting help\n{lead_in}\n{items}\n")
    assert [b.kind for b in got] == ["heading", "paragraph", "paragraph"]
    assert got[1].text == lead_in


@pytest.mark.parametrize("heading", ["Next steps:", "4. Stage 1: talk to each other", "WHAT TO BRING:"])
def test_short_numbered_and_caps_headings_before_a_list_stay_headings(heading: str) -> None:
    got = blocks(f"Intro paragraph that explains the programme.\n{heading}\nTalk to your mentor first.\n")
    assert got[1].kind == "heading" and got[1].text == heading
