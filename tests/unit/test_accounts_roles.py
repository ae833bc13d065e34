"""require_role has no admin bypass: admins pass only where "admin" is listed, and a person with several
roles passes in the role they act in now. The places where admins pass are listed and reviewed here."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from coach.access import OPERATOR, Actor, require_role
from coach.errors import AccessDeniedError
from coach.people import AccountService

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Actor(id=7, role="admin", name="Ada", handle="ada", roles=("admin", "mentor"))

#: every action admins may take (account management, program-level views and settings); admins never
#: read notes, goals, other people's drafts or autosaved text (those checks do not use require_role)
ADMIN_ACTIONS = {
    "add accounts", "list accounts", "set passwords", "change roles", "remove accounts",
    "delete someone else's account", "read the audit log", "list the people in the program",
    "see the program dashboard", "export the program dashboard", "see program themes",
    "match mentors and mentees", "run mentor matching", "view matching runs", "publish matches",
    "change the program's checker settings", "see the dismissal report", "save feedback drafts",
    "add guidance documents", "remove guidance documents", "change the program's guidance settings",
}


@pytest.mark.parametrize("actor", [ADMIN, OPERATOR], ids=["admin", "operator"])
def test_admin_passes_only_where_listed(actor: Actor) -> None:
    require_role(actor, "facilitator", "admin", action="see the program dashboard")
    for roles in (("mentor",), ("mentee",), ("facilitator",), ("mentor", "facilitator")):
        with pytest.raises(AccessDeniedError, match="needs one of the roles"):
            require_role(actor, *roles, action="read a mentee's notes")


def test_the_role_acted_in_counts_not_the_roles_held(ctx) -> None:  # type: ignore[no-untyped-def]
    as_mentor = ADMIN.as_role("mentor")
    with pytest.raises(AccessDeniedError, match=r"\(mentor\) may not list accounts"):
        AccountService(ctx.db).list_users(as_mentor)
    assert AccountService(ctx.db).list_users(ADMIN) == []


def _calls() -> list[tuple[str, str, tuple[str, ...]]]:
    """(module, action, roles) of every require_role call in coach/."""
    found = []
    for path in sorted((ROOT / "coach").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "require_role"):
                continue
            action = next(ast.literal_eval(k.value) for k in node.keywords if k.arg == "action")
            roles: list[str] = []
            for arg in node.args[1:]:
                if isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name):
                    roles += getattr(importlib.import_module(module), arg.value.id)
                else:
                    roles.append(ast.literal_eval(arg))
            found.append((module, action, tuple(roles)))
    return found


def test_every_place_admins_pass_is_reviewed() -> None:
    calls = _calls()
    assert len(calls) > 20  # the scan sees the services
    admin_actions = {action for _module, action, roles in calls if "admin" in roles}
    unexpected = admin_actions - ADMIN_ACTIONS
    assert not unexpected, f"admins now pass in {sorted(unexpected)}: review, then list them in ADMIN_ACTIONS"
    assert ADMIN_ACTIONS - admin_actions == set(), "an admin action listed here is no longer checked"
