"""Themes pipeline with the fake embedder and a fake anonymizer: gates, reproducibility, bad input."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
import pytest

from coach.errors import InputError
from coach.privacy import GateConfig
from coach.themes import (
    STATUS_OK,
    STATUS_TOO_FEW,
    ClusterOptions,
    ThemeNote,
    cluster,
    find_themes,
    parse_notes_csv,
)
from coach.themes.anonymizer import TextAnonymizer
from coach.themes.notes import decode
from tests.fakes import FakeEmbedder

TOPICS = {
    "zones": "timezone difference meeting slot rescheduled calendar overlap hours invite night".split(),
    "feedback": "blunt feedback review harsh culture direct criticism comments sting softened".split(),
    "career": "promotion senior role apply career switch product salary negotiation offer".split(),
}


class MarkingAnonymizer(TextAnonymizer):
    """Replaces the planted word; counts calls."""

    calls = 0

    def anonymize(self, text: str) -> str:
        MarkingAnonymizer.calls += 1
        return text.replace("Zorblax", "<PERSON>")


def make_notes(per_topic: dict[str, int], *, seed: int = 3, small: int = 0) -> list[ThemeNote]:
    rng = random.Random(seed)
    notes: list[ThemeNote] = []
    for topic, people in per_topic.items():
        for i in range(people * 3):
            text = "We talked about " + " ".join(rng.sample(TOPICS[topic], 6)) + "."
            if i == 0:
                text += " Zorblax said so."
            notes.append(ThemeNote(note_id=f"{topic}-{i}", participant=f"{topic}-p{i % people}",
                                   day=date(2026, 7 + i % 3, 1 + i % 27), text=text,
                                   cohort="A" if i % 2 else "B"))
    return notes


def run(notes, **kw):  # type: ignore[no-untyped-def]
    embedder = FakeEmbedder()
    report = find_themes(notes, encode=lambda texts: embedder.encode(list(texts)),
                         anonymizer=MarkingAnonymizer, **kw)
    return report


def test_themes_found_gated_and_anonymized() -> None:
    report = run(make_notes({"zones": 12, "feedback": 11, "career": 4}))
    assert report.status == STATUS_OK
    shown = {t.participants for t in report.themes}
    assert shown == {12, 11}  # career has 4 people: below min_participants=5
    assert report.suppressed_themes >= 1 and report.suppressed_notes >= 12
    for theme in report.themes:
        assert theme.keywords and theme.label
        assert all("zorblax" not in k.lower() for k in theme.keywords)  # one person's word
        assert theme.examples, "themes with >= 10 participants show excerpts"
        assert all("Zorblax" not in e for e in theme.examples)
        assert len(theme.examples) <= 3
    public = report.to_dict(include_note_ids=False)
    assert all("note_ids" not in t for t in public["themes"])
    assert "-p" not in str(public)  # no participant ids anywhere


def test_quote_gate_hides_excerpts() -> None:
    report = run(make_notes({"zones": 7, "feedback": 7}))
    assert report.themes
    for theme in report.themes:
        assert theme.examples == [] and "10 participants" in theme.examples_hidden


def test_too_few_participants_is_a_state_not_an_error() -> None:
    report = run(make_notes({"zones": 4}))
    assert report.status == STATUS_TOO_FEW and report.themes == []


@pytest.mark.parametrize("k", [5, 6])
def test_breakdown_cells_below_gate_are_hidden(k: int) -> None:
    report = run(make_notes({"zones": 12, "feedback": 11}), gates=GateConfig(min_participants=k))
    for theme in report.themes:
        for cell in [*theme.by_month, *theme.by_cohort]:
            assert (cell.participants is None) == bool(cell.hidden)
            if cell.participants is not None:
                assert cell.participants >= k
        hidden = [c for c in theme.by_month if c.participants is None]
        shown = [c for c in theme.by_month if c.participants is not None]
        if hidden and shown:  # what is hidden cannot be worked out as fewer than k people
            assert theme.participants - max(c.participants or 0 for c in shown) != 0


def test_same_input_same_themes_in_any_order() -> None:
    notes = make_notes({"zones": 12, "feedback": 11, "career": 9})
    vectors = FakeEmbedder().encode([n.text for n in notes])
    first = cluster(vectors, [n.note_id for n in notes])
    order = list(range(len(notes)))
    random.Random(1).shuffle(order)
    second = cluster(vectors[order], [notes[i].note_id for i in order])
    by_key_first = {notes[i].note_id: int(first.labels[i]) for i in range(len(notes))}
    by_key_second = {notes[j].note_id: int(second.labels[pos]) for pos, j in enumerate(order)}
    assert by_key_first == by_key_second
    assert first.n_themes == 3
    assert (first.labels >= 0).mean() > 0.9


def test_non_english_and_long_notes_are_handled() -> None:
    notes = make_notes({"zones": 12})
    notes.append(ThemeNote("es-1", "zones-p1", None,
                           "El horario de la reunión no funciona para nosotros y es muy tarde para mí."))
    notes.append(ThemeNote("long-1", "zones-p2", None, "time zone overlap meeting " * 20_000))
    report = run(notes)
    assert report.set_aside["non_english"] == 1 and report.set_aside["truncated"] == 1
    assert report.status == STATUS_OK


def test_tiny_corpus_returns_no_themes_without_crashing() -> None:
    notes = [ThemeNote(f"n{i}", f"p{i}", None, "time zone") for i in range(5)]
    report = run(notes)
    assert report.themes == [] and report.outliers == 5


@pytest.mark.parametrize("csv_text, message", [
    ("id,participant,text\n1,a,x\n", "missing the column(s) note_id, date"),
    ("note_id,participant,date,text\n1,a,2026-01-01,x\n1,b,2026-01-02,y\n", "row 3: note_id '1' already"),
    ("note_id,participant,date,text\n1,,2026-01-01,x\n", "row 2, field 'participant'"),
    ("note_id,participant,date,text\n1,a,01/02/2026,x\n", "row 2, field 'date'"),
    ("", "no header"),
])
def test_bad_csv_names_row_and_field(csv_text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_notes_csv(csv_text)


def test_csv_with_bom_other_encoding_and_empty_notes() -> None:
    raw = "note_id,participant,date,text,cohort\n1,a,2026-01-01,Caf\u00e9 talk,A\n2,b,2026-01-02,  ,B\n"
    for data in (b"\xef\xbb\xbf" + raw.encode(), raw.encode("cp1252"), raw.encode("utf-16")):
        read = parse_notes_csv(decode(data, source="x.csv"))
        assert [n.text for n in read.notes] == ["Caf\u00e9 talk"] and read.empty_rows == [3]
        assert read.notes[0].cohort == "A" and read.notes[0].month == "2026-01"


def test_vectors_are_not_needed_when_program_is_too_small() -> None:
    called = []
    find_themes(make_notes({"zones": 3}), encode=lambda t: called.append(1) or np.zeros((len(t), 4)),
                anonymizer=MarkingAnonymizer)
    assert called == []


def test_notes_beyond_the_sample_join_their_topic() -> None:
    notes = make_notes({"zones": 12, "feedback": 11, "career": 9})
    vectors = FakeEmbedder().encode([n.text for n in notes])
    full = cluster(vectors, [n.note_id for n in notes])
    sampled = cluster(vectors, [n.note_id for n in notes], options=ClusterOptions(sample_size=40))
    assert sampled.n_themes == full.n_themes == 3
    topic = [n.note_id.split("-")[0] for n in notes]
    for labels in (full.labels, sampled.labels):
        by_theme: dict[int, set[str]] = {}
        for label, name in zip(labels.tolist(), topic, strict=True):
            by_theme.setdefault(label, set()).add(name)
        assert all(len(names) == 1 for label, names in by_theme.items() if label >= 0)


def test_a_tiny_group_is_folded_into_the_nearest_theme() -> None:
    notes = make_notes({"zones": 12, "feedback": 11})
    odd = [ThemeNote(f"odd-{i}", f"odd-p{i}", None, "We talked about bicycles and weather.")
           for i in range(2)]
    vectors = FakeEmbedder().encode([n.text for n in notes + odd])
    result = cluster(vectors, [n.note_id for n in notes + odd],
                     options=ClusterOptions(outlier_similarity=-1.0))
    assert result.n_themes == 2 and (result.labels >= 0).all()


@pytest.mark.parametrize(("forms", "shown"), [
    ({"presented": 5, "presentation": 3, "presenting": 1}, "presentation"),
    ({"presented": 9, "presentation": 1}, "presented"),  # the noun is too rare to stand for the stem
    ({"slides": 4, "slide": 2}, "slides"),
    ({"need": 3, "needs": 2}, "need"),  # "need" is not a past tense
])
def test_keywords_are_shown_in_a_noun_like_form(forms, shown):
    from coach.themes.labels import _Vocabulary

    vocab = _Vocabulary(frozenset())
    for form, count in forms.items():
        for _ in range(count):
            vocab.term("stem", form)
    assert vocab.shown(0) == shown
