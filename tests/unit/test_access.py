import pytest

from coach.access import OPERATOR, Actor, can_read_note, require_note_reader, require_role
from coach.errors import AccessDeniedError

MENTEE = Actor(id=1, role="mentee")
MENTOR = Actor(id=2, role="mentor")
OTHER_MENTOR = Actor(id=3, role="mentor")
FACILITATOR = Actor(id=4, role="facilitator")


@pytest.mark.parametrize(("actor", "shared", "allowed"), [
    (MENTEE, False, True), (MENTEE, True, True),
    (MENTOR, False, False), (MENTOR, True, True),
    (OTHER_MENTOR, True, False), (FACILITATOR, True, False), (OPERATOR, True, False),
])
def test_note_reading_rules(actor, shared, allowed):
    assert can_read_note(actor, author_id=1, shared=shared, mentor_ids=[2]) is allowed


def test_refusal_explains_why():
    with pytest.raises(AccessDeniedError, match="private to its author"):
        require_note_reader(MENTOR, author_id=1, shared=False, mentor_ids=[2])


def test_roles():
    require_role(MENTOR, "mentor", action="x")
    require_role(OPERATOR, "mentor", "admin", action="x")
    with pytest.raises(AccessDeniedError):  # no admin bypass: only where "admin" is listed
        require_role(OPERATOR, "mentor", action="x")
    with pytest.raises(AccessDeniedError, match="needs one of the roles: mentor"):
        require_role(MENTEE, "mentor", action="check feedback")
