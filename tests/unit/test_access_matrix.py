"""Access matrix: every role against every kind of record, through the services in coach/ (and a few
through the CLI). Each cell says allow or deny; every deny must raise AccessDeniedError.

People (demo program): the mentee "owner" (mateo), their mentor, another mentee, another mentor, a
facilitator and an admin. Records: a private and a shared reflection of the owner (and their history
and comment threads), the owner's goals, a mentor's feedback draft, the pair's check-ins, matching runs,
program themes, the program dashboard, the owner's data export and the owner's autosaved (unsaved) text."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from coach.access import Actor
from coach.demo import load_demo
from coach.errors import AccessDeniedError
from coach.insights.service import InsightsService
from coach.matching.service import MatchingService
from coach.people.data_rights import DataRightsService
from coach.reflection.checkins import log_checkin, logged_checkins, pairs_for
from coach.reflection.comments import add_comment, comments
from coach.store.models import FeedbackDraft, Note
from coach.store.people import get_actor, list_people
from coach.themes.service import ThemeService
from tests.cli.conftest import Cli
from tests.conftest import fresh_postgres

ROLES = ("owner", "own mentor", "other mentee", "other mentor", "facilitator", "admin")
SECRET = "zanzibar-secret: I am thinking of leaving the company"


@pytest.fixture(scope="module")
def module_ctx(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from coach.config import Settings
    from coach.context import Context
    from tests.fakes import FakeEmbedder

    home = tmp_path_factory.mktemp("matrix")
    embedder = FakeEmbedder()
    if os.environ.get("COACH_TEST_DB") == "postgres" and os.environ.get("COACH_TEST_POSTGRES_URL"):
        with fresh_postgres(os.environ["COACH_TEST_POSTGRES_URL"]) as url:  # under make test-postgres
            ctx = Context(Settings(home=home, database_url=url), embedder_factory=lambda: embedder)
            load_demo(ctx.db)
            yield ctx
        return
    ctx = Context(Settings(home=home), embedder_factory=lambda: embedder)
    load_demo(ctx.db)
    yield ctx


@pytest.fixture(scope="module")
def world(module_ctx) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    ctx = module_ctx
    owner = get_actor(ctx.db, "mateo")
    [pair] = pairs_for(ctx.db, owner)
    mentor = get_actor(ctx.db, pair.mentor_id)
    other_mentee = next(get_actor(ctx.db, p.handle) for p in list_people(ctx.db, role="mentee")
                        if p.id != owner.id)
    other_mentor = next(get_actor(ctx.db, p.handle) for p in list_people(ctx.db, role="mentor")
                        if p.id != mentor.id)
    actors = {"owner": owner, "own mentor": mentor, "other mentee": other_mentee,
              "other mentor": other_mentor, "facilitator": get_actor(ctx.db, "noor"),
              "admin": get_actor(ctx.db, "tomasz")}
    with ctx.db.session() as session:
        private = Note(author_id=owner.id, session_date=pair.started, what=SECRET, shared_with_mentor=False)
        shared = Note(author_id=owner.id, session_date=pair.started, what="Shared: the demo went well.",
                      shared_with_mentor=True)
        session.add_all([private, shared])
        session.flush()
        draft = session.scalar(select(FeedbackDraft.id).where(FeedbackDraft.author_id == mentor.id))
        ids = {"private": private.id, "shared": shared.id, "draft": draft, "pair": pair.pair_id}
    ctx.autosave.save(owner, "reflection", {"what": SECRET})
    return {"ctx": ctx, "actors": actors, "ids": ids}


def _themes(ctx: Any) -> ThemeService:
    def no_model() -> Any:
        raise AssertionError("a refused request must not reach the models")

    return ThemeService(ctx.db, embedder_factory=no_model, nlp_factory=no_model)


Op = Callable[[Any, Actor, dict[str, int]], Any]
OPS: dict[str, Op] = {
    "read private note": lambda c, a, i: c.reflections.get(a, i["private"]),
    "read shared note": lambda c, a, i: c.reflections.get(a, i["shared"]),
    "list owner's notes": lambda c, a, i: c.reflections.notes(a, author_id=c.reflections.get(
        get_actor(c.db, "mateo"), i["private"]).author_id),
    "note history": lambda c, a, i: c.reflections.history(a, i["shared"]),
    "edit note": lambda c, a, i: c.reflections.set_shared(a, i["shared"], True),
    "comments on private note": lambda c, a, i: comments(c.db, a, i["private"]),
    "comment on shared note": lambda c, a, i: add_comment(c.db, a, i["shared"], "A question about this."),
    "owner's goals": lambda c, a, i: c.reflections.goals.goals(a, owner_id=get_actor(c.db, "mateo").id),
    "mentor's draft": lambda c, a, i: c.feedback.draft(a, i["draft"]),
    "pair check-ins": lambda c, a, i: logged_checkins(c.db, a, i["pair"]),
    "log a check-in": lambda c, a, i: log_checkin(c.db, a, i["pair"], on=pairs_for(
        c.db, get_actor(c.db, "mateo"))[0].started, note="held"),
    "matching runs": lambda c, a, i: MatchingService(c.db, c._embedder_factory).runs(a),
    "program themes": lambda c, a, i: _themes(c).program_themes(a) if a.role not in ("facilitator", "admin")
    else None,  # allowed roles get gated, anonymized themes (tests/unit/test_themes_service.py)
    "program dashboard": lambda c, a, i: InsightsService(c.db).dashboard(a),
    "export owner's data": lambda c, a, i: DataRightsService(c.db).export(a, "mateo"),
    "owner's autosaved text": lambda c, a, i: c.autosave.load(a, "reflection",
                                                             owner_id=get_actor(c.db, "mateo").id),
}

Y, N = True, False
#: allowed? per role, in the order of ROLES
MATRIX: dict[str, tuple[bool, ...]] = {
    #                           owner own-mentor other-mentee other-mentor facilitator admin
    "read private note":        (Y, N, N, N, N, N),
    "read shared note":         (Y, Y, N, N, N, N),
    "list owner's notes":       (Y, Y, N, N, N, N),  # a mentor gets the shared ones only (asserted below)
    "note history":             (Y, N, N, N, N, N),
    "edit note":                (Y, N, N, N, N, N),
    "comments on private note": (Y, N, N, N, N, N),
    "comment on shared note":   (Y, Y, N, N, N, N),
    "owner's goals":            (Y, Y, N, N, N, N),
    "mentor's draft":           (N, Y, N, N, N, N),
    "pair check-ins":           (Y, Y, N, N, N, N),
    "log a check-in":           (Y, Y, N, N, N, N),
    "matching runs":            (N, N, N, N, Y, Y),
    "program themes":           (N, N, N, N, Y, Y),
    "program dashboard":        (N, N, N, N, Y, Y),
    "export owner's data":      (Y, N, N, N, N, N),
    "owner's autosaved text":   (Y, N, N, N, N, N),
}
CELLS = [(op, role, MATRIX[op][n]) for op in MATRIX for n, role in enumerate(ROLES)]


def test_matrix_covers_every_operation() -> None:
    assert set(MATRIX) == set(OPS)


@pytest.mark.parametrize(("op", "role", "allowed"), CELLS, ids=[f"{o}|{r}" for o, r, _ in CELLS])
def test_access_matrix(world: dict[str, Any], op: str, role: str, allowed: bool) -> None:
    ctx, actor, ids = world["ctx"], world["actors"][role], world["ids"]
    if allowed:
        OPS[op](ctx, actor, ids)
    else:
        with pytest.raises(AccessDeniedError) as refused:
            OPS[op](ctx, actor, ids)
        assert SECRET not in str(refused.value)  # the refusal does not leak the text


def test_a_mentor_listing_sees_only_shared_notes(world: dict[str, Any]) -> None:
    ctx, actors, ids = world["ctx"], world["actors"], world["ids"]
    seen = ctx.reflections.notes(actors["own mentor"], author_id=actors["owner"].id)
    assert ids["shared"] in [n.id for n in seen] and ids["private"] not in [n.id for n in seen]
    assert all(SECRET not in n.what for n in seen)


def test_guidance_search_never_returns_notes(world: dict[str, Any]) -> None:
    """Guidance retrieval searches the guidance library only: a note's words find no note."""
    ctx = world["ctx"]
    hits = ctx.guidance.search("zanzibar-secret thinking of leaving the company", k=10)
    assert hits and all("zanzibar" not in h.text for h in hits)


@pytest.mark.parametrize("role", ["own mentor", "other mentee", "facilitator"])
def test_cli_refuses_too(world: dict[str, Any], role: str) -> None:
    ctx, actors, ids = world["ctx"], world["actors"], world["ids"]
    cli = Cli(ctx)
    handle = actors[role].handle
    result = cli("me", "export", "--as", handle, "--out", "/tmp/never", code=0)
    data_of_self = "wrote" in result.output  # a person may always export their own data ...
    assert data_of_self
    if role != "facilitator":
        refused = cli("insights", "--as", handle, code=4)  # ... but not the program dashboard
        assert "may not" in refused.output
    if role in ("other mentee", "facilitator"):
        refused = cli("checkins", "list", "--pair", str(ids["pair"]), "--as", handle, code=4)
        assert "not part of mentoring pair" in refused.output
