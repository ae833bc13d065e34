"""The people directory that pages and CLI commands use instead of coach.store (demo program)."""

from __future__ import annotations

import pytest

from coach.access import OPERATOR
from coach.demo import load_demo
from coach.errors import AccessDeniedError, NotFoundError
from coach.people import AccountService, Directory
from coach.reflection.checkins import pairs_for


@pytest.fixture
def directory(ctx) -> Directory:  # type: ignore[no-untyped-def]
    load_demo(ctx.db)
    return Directory(ctx.db)


def test_actor_by_handle_or_id_with_roles(directory: Directory) -> None:
    mateo = directory.actor("mateo")
    assert mateo.handle == "mateo" and mateo.role == "mentee" and mateo.roles == ("mentee",)
    assert directory.actor(str(mateo.id)) == mateo == directory.actor(mateo.id)  # type: ignore[arg-type]
    with pytest.raises(NotFoundError, match="coach people list"):
        directory.actor("nobody-here")


def test_a_removed_account_cannot_be_acted_as(directory: Directory) -> None:
    AccountService(directory.db).remove(OPERATOR, "ana")
    with pytest.raises(NotFoundError, match="removed or deleted"):
        directory.actor("ana")
    assert "ana" not in {p.handle for p in directory.demo_people()}


@pytest.mark.parametrize(("handle", "allowed"), [("mateo", False), ("noor", True), ("tomasz", True)])
def test_listing_is_for_facilitators_and_admins(directory: Directory, handle: str, allowed: bool) -> None:
    actor = directory.actor(handle)
    if not allowed:
        with pytest.raises(AccessDeniedError):
            directory.listing(actor)
        return
    listed = directory.listing(actor, role="mentor")
    assert listed and {p.role for p in listed} == {"mentor"}
    assert not hasattr(listed[0], "bio") and not hasattr(listed[0], "email")


def test_pair_members_only_for_the_pair(directory: Directory) -> None:
    mateo = directory.actor("mateo")
    [pair] = pairs_for(directory.db, mateo)
    mentor, mentee = directory.pair_members(mateo, pair.pair_id)
    assert (mentor.id, mentee.id) == (pair.mentor_id, pair.mentee_id)
    assert directory.pair_members(directory.actor(pair.mentor_id), pair.pair_id)[1].handle == "mateo"
    for outsider in ("ana", "noor", "tomasz"):
        with pytest.raises(AccessDeniedError):
            directory.pair_members(directory.actor(outsider), pair.pair_id)
    with pytest.raises(NotFoundError):
        directory.pair_members(mateo, 10_000)


def test_active_pairs_for_facilitators_and_admins_only(directory: Directory) -> None:
    pairs = directory.active_pairs(directory.actor("tomasz"))
    assert pairs and all("(" in p.mentor and "(" in p.mentee for p in pairs)
    assert directory.active_pairs(directory.actor("noor")) == pairs
    for handle in ("mateo", pairs[0].mentor.split("(")[-1].rstrip(")")):
        with pytest.raises(AccessDeniedError):
            directory.active_pairs(directory.actor(handle))


def test_audit_log_filters(directory: Directory) -> None:
    from datetime import date, timedelta

    from coach.people import audit_actions, read_log

    accounts = AccountService(directory.db)
    accounts.add(OPERATOR, "lena", name="Lena Lead", roles=["mentor"])
    accounts.set_roles(OPERATOR, "lena", ["mentor", "admin"])
    accounts.add(OPERATOR, "omar.k", name="Omar K", roles=["mentee"])
    assert {"account added", "roles changed"} <= set(audit_actions(directory.db, OPERATOR))
    assert [r.target for r in read_log(directory.db, OPERATOR, who="LENA")] == ["lena", "lena"]
    assert [r.action for r in read_log(directory.db, OPERATOR, action="roles changed")] == ["roles changed"]
    today = date.today()
    assert len(read_log(directory.db, OPERATOR, since=today, until=today)) == 3
    assert read_log(directory.db, OPERATOR, until=today - timedelta(days=1)) == []
    with pytest.raises(AccessDeniedError):
        read_log(directory.db, directory.actor("noor"))
