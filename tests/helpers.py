"""Small helpers shared by tests."""

from __future__ import annotations

from sqlalchemy import select

from coach.store.db import Database
from coach.store.models import Pair
from coach.store.people import get_actor


def pair_id(db: Database, mentor: str, mentee: str) -> int:
    """The id of the pair of two people given by handle."""
    with db.session() as session:
        found = session.scalar(select(Pair.id).where(Pair.mentor_id == get_actor(db, mentor).id,
                                                     Pair.mentee_id == get_actor(db, mentee).id))
    assert found is not None, f"no pair {mentor}/{mentee}"
    return int(found)
