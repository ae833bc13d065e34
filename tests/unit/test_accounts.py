"""Accounts, roles, sign-in, sessions, rate limits and the audit log (real SQLite, real argon2)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coach.access import OPERATOR, Actor
from coach.errors import (
    AccessDeniedError,
    ConflictError,
    InputError,
    NotFoundError,
    RateLimitedError,
    SignInError,
)
from coach.people import AccountService, Limits, SignInService, read_log

PASSWORD = "correct horse battery"


@pytest.fixture
def accounts(ctx) -> AccountService:  # type: ignore[no-untyped-def]
    return AccountService(ctx.db)


@pytest.fixture
def signin(ctx) -> SignInService:  # type: ignore[no-untyped-def]
    return SignInService(ctx.db, limits=Limits(per_account=3, per_client=5))


def test_add_sign_in_switch_role_and_sign_out(accounts, signin) -> None:  # type: ignore[no-untyped-def]
    accounts.add(OPERATOR, "Amara.O", name="Amara Okafor", roles=["mentor", "facilitator"],
                 email="amara@example.org", password=PASSWORD)
    token, actor = signin.sign_in("amara.o", PASSWORD, client="127.0.0.1")
    assert (actor.handle, actor.role, actor.roles) == ("amara.o", "mentor", ("mentor", "facilitator"))
    assert actor.as_role("facilitator").role == "facilitator"
    with pytest.raises(AccessDeniedError, match="does not hold the role 'admin'"):
        actor.as_role("admin")
    assert signin.actor_for_session(token).id == actor.id
    signin.sign_out(token)
    with pytest.raises(SignInError, match="expired"):
        signin.actor_for_session(token)


@pytest.mark.parametrize(("handle", "password"), [("amara", "wrong password!"), ("nobody", PASSWORD),
                                                   ("", ""), ("amara\x00", PASSWORD),
                                                   ("am\x1b[2Jara", PASSWORD)])
def test_wrong_credentials_get_one_message(accounts, signin, handle, password) -> None:  # type: ignore[no-untyped-def]
    accounts.add(OPERATOR, "amara", name="Amara", roles=["mentee"], password=PASSWORD)
    with pytest.raises(SignInError, match="Wrong username or password"):
        signin.sign_in(handle, password)


def test_rate_limit_per_account_then_per_client(accounts, signin) -> None:  # type: ignore[no-untyped-def]
    accounts.add(OPERATOR, "amara", name="Amara", roles=["mentee"], password=PASSWORD)
    for _ in range(3):
        with pytest.raises(SignInError):
            signin.sign_in("amara", "nope nope nope", client="10.9.9.9")
    with pytest.raises(RateLimitedError, match="Too many failed sign-ins"):
        signin.sign_in("amara", PASSWORD, client="127.0.0.2")  # right password, account locked
    for name in ("x1", "x2"):
        with pytest.raises(SignInError):
            signin.sign_in(name, "nope nope nope", client="10.9.9.9")
    with pytest.raises(RateLimitedError):
        signin.sign_in("someone-else", "whatever", client="10.9.9.9")
    refused = read_log(accounts.db, OPERATOR, action="sign-in refused (rate limit)")
    assert [(r.target, r.detail) for r in refused] == [("someone-else", "10.9.9.9"), ("amara", "127.0.0.2")]


def test_sessions_expire(ctx, accounts) -> None:  # type: ignore[no-untyped-def]
    accounts.add(OPERATOR, "amara", name="Amara", roles=["mentee"], password=PASSWORD)
    short = SignInService(ctx.db, limits=Limits(session=timedelta(seconds=-1)))
    token, _ = short.sign_in("amara", PASSWORD)
    with pytest.raises(SignInError, match="expired"):
        short.actor_for_session(token)


def test_admin_only_and_bad_input(accounts) -> None:  # type: ignore[no-untyped-def]
    mentor = Actor(id=5, role="mentor", name="M")
    with pytest.raises(AccessDeniedError):
        accounts.add(mentor, "x", name="X", roles=["mentee"])
    with pytest.raises(AccessDeniedError):
        accounts.list_users(mentor)
    for kwargs, message in [(dict(handle="Bad Handle!", name="X", roles=["mentee"]), "not valid"),
                            (dict(handle="ok", name=" ", roles=["mentee"]), "--name is empty"),
                            (dict(handle="ok", name="X", roles=["boss"]), "Unknown role 'boss'"),
                            (dict(handle="ok", name="X", roles=[]), "at least one role"),
                            (dict(handle="ok", name="X", roles=["mentee"], password="short"), "at least 10"),
                            (dict(handle="ok", name="X", roles=["mentee"], email="nope"), "not an e-mail")]:
        with pytest.raises(InputError, match=message):
            accounts.add(OPERATOR, **kwargs)
    accounts.add(OPERATOR, "ok", name="X", roles=["mentee"])
    with pytest.raises(ConflictError, match="exists already"):
        accounts.add(OPERATOR, "ok", name="X", roles=["mentee"])
    with pytest.raises(NotFoundError, match="No account 'ghost'"):
        accounts.set_password(OPERATOR, "ghost", PASSWORD)


def test_roles_password_remove_end_sessions_and_are_audited(accounts, signin) -> None:  # type: ignore[no-untyped-def]
    accounts.add(OPERATOR, "amara", name="Amara", roles=["mentee"], password=PASSWORD)
    token, _ = signin.sign_in("amara", PASSWORD)
    assert accounts.set_roles(OPERATOR, "amara", ["mentor", "mentee"]).roles == ("mentor", "mentee")
    with pytest.raises(SignInError):
        signin.actor_for_session(token)  # role change ends sessions
    accounts.set_password(OPERATOR, "amara", "another long password")
    token, _ = signin.sign_in("amara", "another long password")
    accounts.remove(OPERATOR, "amara")
    with pytest.raises(SignInError):
        signin.actor_for_session(token)
    with pytest.raises(SignInError):
        signin.sign_in("amara", "another long password")
    actions = [e.action for e in read_log(accounts.db, OPERATOR)]
    for action in ("account added", "signed in", "roles changed", "password set", "account removed",
                   "sign-in failed"):
        assert action in actions
    with pytest.raises(AccessDeniedError):
        read_log(accounts.db, Actor(id=1, role="facilitator"))
    assert all(PASSWORD not in e.detail for e in read_log(accounts.db, OPERATOR))


def test_oidc_identity_must_be_in_the_people_table(accounts, signin) -> None:  # type: ignore[no-untyped-def]
    accounts.add(OPERATOR, "amara", name="Amara", roles=["mentee"], email="Amara@Example.org")
    assert signin.actor_for_identity(email="amara@example.org").handle == "amara"
    with pytest.raises(SignInError, match="not a member of this program"):
        signin.actor_for_identity(email="stranger@example.org")
