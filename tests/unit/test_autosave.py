"""Autosave of unsaved text: per person and kind, private to the author, cleared on save/discard."""

from __future__ import annotations

import pytest

from coach.access import OPERATOR
from coach.autosave import MAX_CHARS, AutosaveService
from coach.demo import load_demo
from coach.errors import AccessDeniedError, InputError
from coach.people import Directory


@pytest.fixture
def world(ctx):  # type: ignore[no-untyped-def]
    load_demo(ctx.db)
    people = Directory(ctx.db)
    return AutosaveService(ctx.db), people.actor("mateo"), people.actor("ana"), people.actor("tomasz")


def test_save_load_update_and_clear(world) -> None:  # type: ignore[no-untyped-def]
    service, mateo, _ana, _admin = world
    assert service.load(mateo, "reflection") == {}
    service.save(mateo, "reflection", {"what": "The demo crashed", "so_what": "", "now_what": "  "})
    first = service.load(mateo, "reflection")
    assert {k: v.text for k, v in first.items()} == {"what": "The demo crashed"}  # blank fields: no row
    service.save(mateo, "reflection", {"what": "The demo crashed twice", "so_what": "I froze"})
    second = service.load(mateo, "reflection")
    assert second["what"].text == "The demo crashed twice" and second["so_what"].text == "I froze"
    assert second["what"].updated_at >= first["what"].updated_at
    service.save(mateo, "reflection", {"so_what": ""})  # emptied box: its row goes
    assert set(service.load(mateo, "reflection")) == {"what"}
    service.save(mateo, "feedback", {"text": "Your slides were great"})
    assert service.clear(mateo, "reflection") == 1
    assert service.load(mateo, "reflection") == {}
    assert service.load(mateo, "feedback")["text"].text == "Your slides were great"  # other kind kept


def test_private_to_the_author(world) -> None:  # type: ignore[no-untyped-def]
    service, mateo, ana, admin = world
    service.save(mateo, "reflection", {"what": "secret: I want to quit"})
    for other in (ana, admin):
        assert service.load(other, "reflection") == {}  # their own (none), never mateo's
        with pytest.raises(AccessDeniedError, match="private"):
            service.load(other, "reflection", owner_id=mateo.id)
        assert service.clear(other, "reflection") == 0
    with pytest.raises(AccessDeniedError):
        service.load(OPERATOR, "reflection")
    assert service.load(mateo, "reflection")["what"].text == "secret: I want to quit"


@pytest.mark.parametrize(("kind", "values", "message"), [
    ("notes", {"what": "x"}, "Unknown autosave kind 'notes'"),
    ("reflection", {"text": "x"}, "Unknown field 'text' for reflection"),
    ("feedback", {"what": "x"}, "Unknown field 'what' for feedback"),
])
def test_unknown_kinds_and_fields(world, kind, values, message) -> None:  # type: ignore[no-untyped-def]
    service, mateo, *_ = world
    with pytest.raises(InputError, match=message):
        service.save(mateo, kind, values)


def test_huge_text_is_kept_up_to_the_limit(world) -> None:  # type: ignore[no-untyped-def]
    service, mateo, *_ = world
    service.save(mateo, "feedback", {"text": "a" * (MAX_CHARS + 50)})
    assert len(service.load(mateo, "feedback")["text"].text) == MAX_CHARS
