"""ThemeService: who may see themes, what leaves the service, caching until the notes change."""

from __future__ import annotations

import random
from datetime import date

import pytest

from coach.access import OPERATOR, Actor
from coach.context import Context
from coach.errors import AccessDeniedError
from coach.store.models import Note, Person, ThemeRun
from coach.themes import ReadNotes, ThemeNote, ThemeService
from coach.themes.anonymizer import TextAnonymizer
from tests.fakes import FakeEmbedder

WORDS = {
    "zones": "timezone difference meeting slot rescheduled calendar overlap hours invite night".split(),
    "feedback": "blunt feedback review harsh culture direct criticism comments sting softened".split(),
}


class NameAnonymizer(TextAnonymizer):
    def __init__(self, roster) -> None:  # type: ignore[no-untyped-def]
        self.names = [part for e in roster.entries for part in e.name.split()]

    def anonymize(self, text: str) -> str:
        for name in self.names:
            text = text.replace(name, "<PERSON>")
        return text


def seed_program(ctx: Context, *, mentees: int = 12) -> list[int]:
    rng = random.Random(5)
    ids = []
    with ctx.db.session() as session:
        for i in range(mentees):
            person = Person(handle=f"m{i}", name=f"Mentee Number{i}", role="mentee",
                            cohort="2026-spring" if i % 2 else "2026-autumn")
            session.add(person)
            session.flush()
            ids.append(person.id)
            for words in WORDS.values():
                for j in range(2):
                    session.add(Note(author_id=person.id, session_date=date(2026, 8 + j, 3),
                                     what=f"Number{i} said " + " ".join(rng.sample(words, 6)) + "."))
        session.add(Person(handle="fac", name="Fay Facilitator", role="facilitator"))
    return ids


def service(ctx: Context, embedder: FakeEmbedder) -> ThemeService:
    return ThemeService(ctx.db, embedder_factory=lambda: embedder, nlp_factory=lambda: None,
                        anonymizer_factory=NameAnonymizer)


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_mentees_and_mentors_are_refused(ctx: Context, fake_embedder: FakeEmbedder, role: str) -> None:
    seed_program(ctx)
    with pytest.raises(AccessDeniedError):
        service(ctx, fake_embedder).program_themes(Actor(id=1, role=role, name="x"))


def test_facilitator_gets_gated_anonymous_themes_cached(ctx: Context, fake_embedder: FakeEmbedder) -> None:
    ids = seed_program(ctx)
    themes = service(ctx, fake_embedder)
    facilitator = Actor(id=99, role="facilitator", name="Fay")
    steps: list[str] = []
    report = themes.program_themes(facilitator, progress=lambda f, m: steps.append(m))
    assert steps and report.status == "ok" and len(report.themes) == 2
    text = str(report.to_dict())
    assert "Mentee" not in text and "Number" not in text.replace("<PERSON>", "")
    assert all(t.note_ids == [] for t in report.themes)
    assert all(str(i) not in t.keywords for t in report.themes for i in ids)
    # cached: a second call computes nothing
    seen = fake_embedder.texts_seen
    assert themes.is_cached(facilitator)
    again = themes.program_themes(facilitator)
    assert again == report and fake_embedder.texts_seen == seen
    # a changed note invalidates the cache
    with ctx.db.session() as session:
        note = session.get(Note, 1)
        assert note is not None
        note.what = note.what + " calendar"
    assert not themes.is_cached(facilitator)
    themes.program_themes(facilitator)
    with ctx.db.session() as session:
        assert session.query(ThemeRun).count() == 2


def test_file_themes_only_for_the_operator(ctx: Context, fake_embedder: FakeEmbedder) -> None:
    notes = ReadNotes([ThemeNote(f"n{i}", f"p{i % 6}", None, "timezone meeting slot overlap calendar")
                       for i in range(18)], [])
    for signed_in in (Actor(id=1, role="facilitator"), Actor(id=2, role="admin")):
        with pytest.raises(AccessDeniedError):  # a signed-in admin is a person, not the operator
            service(ctx, fake_embedder).file_themes(signed_in, notes)
    report = service(ctx, fake_embedder).file_themes(OPERATOR, notes)
    assert report.themes and sorted(report.themes[0].note_ids)[0] == "n0"
