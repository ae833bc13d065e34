"""`coach users ...`: accounts from the command line, passwords on stdin only."""

from __future__ import annotations

import json


def test_users_lifecycle(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("users", "add", "amara.o", "--name", "Amara Okafor", "--role", "mentor", "--role",
              "facilitator", "--email", "amara@example.org", "--password-stdin",
              input="correct horse battery\n").stdout
    assert out.startswith("added amara.o") and "mentor,facilitator" in out
    users = json.loads(cli("users", "list", "--format", "json").stdout)
    assert users == [{"handle": "amara.o", "name": "Amara Okafor", "roles": ["mentor", "facilitator"],
                      "email": "amara@example.org", "has_password": True, "active": True}]
    assert "correct horse" not in cli("users", "list").stdout
    cli("users", "roles", "amara.o", "--role", "admin")
    cli("users", "set-password", "amara.o", "--password-stdin", input="another long password\n")
    assert "removed amara.o" in cli("users", "remove", "amara.o").stdout
    actions = [e["action"] for e in json.loads(cli("users", "audit", "--format", "json").stdout)]
    assert actions[:4] == ["account removed", "password set", "roles changed", "account added"]
    roles = json.loads(cli("users", "audit", "--action", "roles changed", "--who", "AMARA", "--format",
                           "json").stdout)
    assert [(e["target"], e["detail"]) for e in roles] == [("amara.o", "mentor, facilitator -> admin")]
    assert "No audit entries match." in cli("users", "audit", "--who", "nobody-at-all").stdout
    assert "No audit entries match." in cli("users", "audit", "--until", "2000-01-01").stdout
    assert "is not a date" in cli("users", "audit", "--since", "yesterday", code=2).stderr


def test_users_bad_input(cli) -> None:  # type: ignore[no-untyped-def]
    assert "No password on standard input" in cli("users", "add", "x1", "--name", "X", "--role", "mentee",
                                                   "--password-stdin", input="", code=2).stderr
    assert "at least 10" in cli("users", "add", "x1", "--name", "X", "--role", "mentee",
                                "--password-stdin", input="short\n", code=2).stderr
    err = cli("users", "add", "x1", "--name", "X", "--role", "chief", code=2).stderr
    assert "Unknown role 'chief'" in err
    assert "No account 'ghost'" in cli("users", "remove", "ghost", code=3).stderr
    assert "--password-stdin" in cli("users", "set-password", "ghost", code=2).stderr
