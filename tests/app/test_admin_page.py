"""The admin page "People & access": people with roles, add, roles, password reset, remove (after a
confirmation), active pairs, audit log with filters and CSV; only for admins; no notes shown."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from coach.access import OPERATOR
from coach.people import AccountService, Directory, SignInService, read_log
from coach.store.models import Note

PAGE = "app_pages/admin.py"


def _admin(app, demo_db):  # type: ignore[no-untyped-def]
    at = app(as_handle="tomasz", db=demo_db)
    assert "People & access" in at.session_state["_coach_pages"]
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _button(at, label):  # type: ignore[no-untyped-def]
    [button] = [b for b in at.button if b.label == label]
    return button


def _text(at) -> str:  # type: ignore[no-untyped-def]
    parts = [m.value for m in [*at.markdown, *at.caption, *at.info, *at.success, *at.warning, *at.error]]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("handle", ["noor", "mateo"])
def test_only_admins_get_the_page(app, demo_db, handle):
    at = app(as_handle=handle, db=demo_db)
    assert "People & access" not in at.session_state["_coach_pages"]


def test_lists_people_and_pairs_but_no_notes(app, demo_db):
    at = _admin(app, demo_db)
    people = at.dataframe[0].value
    assert list(people.columns) == ["Username", "Name", "Roles", "E-mail", "Password", "State"]
    assert "mateo" in set(people["Username"])
    with demo_db.session() as session:
        notes = [n.what for n in session.scalars(select(Note)).all() if len(n.what) > 30]
    shown = _text(at)
    assert notes and not any(n in shown for n in notes)
    pairs = at.dataframe[1].value
    assert list(pairs.columns) == ["Mentor", "Mentee", "Since", "Check-in every (days)"] and len(pairs) > 0


def test_add_a_person_with_bad_input_then_good(app, demo_db):
    at = _admin(app, demo_db)
    at.text_input(key="adm_add_handle").input("Amara O!")
    at.text_input(key="adm_add_name").input("Amara Okafor")
    at.multiselect(key="adm_add_roles").select("mentee")
    _button(at, "Add person").click().run()
    assert any("is not valid" in e.value for e in at.error)
    assert at.text_input(key="adm_add_name").value == "Amara Okafor"  # what was typed is kept
    at.text_input(key="adm_add_handle").input("amara.o")
    at.text_input(key="adm_add_password").input("short")
    _button(at, "Add person").click().run()
    assert any("at least 10" in e.value for e in at.error)
    at.text_input(key="adm_add_password").input("correct horse battery")
    _button(at, "Add person").click().run()
    assert any("Added Amara Okafor (amara.o) as mentee." in s.value for s in at.success), \
        [e.value for e in at.error]
    assert at.text_input(key="adm_add_handle").value == ""  # a fresh form
    assert "amara.o" in set(at.dataframe[0].value["Username"])
    SignInService(demo_db).sign_in("amara.o", "correct horse battery")


@pytest.mark.parametrize(("handle", "roles", "message"), [
    ("", ["mentee"], "The username is empty"),
    ("mateo", ["mentee"], "The username 'mateo' is taken by an existing account"),
    ("zoe.z", [], "Pick at least one role under Roles"),
])
def test_add_a_person_names_what_is_wrong_in_the_apps_words(app, demo_db, handle, roles, message):
    at = _admin(app, demo_db)
    before = [u.handle for u in AccountService(demo_db).list_users(OPERATOR)]
    at.text_input(key="adm_add_handle").input(handle)
    at.text_input(key="adm_add_name").input("Zoe Zhang")
    for role in roles:
        at.multiselect(key="adm_add_roles").select(role)
    _button(at, "Add person").click().run()
    errors = [e.value for e in at.error]
    assert any(message in e for e in errors), errors
    assert not any("--role" in e or "coach users" in e for e in errors)  # no CLI advice in the app
    assert at.text_input(key="adm_add_name").value == "Zoe Zhang"
    assert [u.handle for u in AccountService(demo_db).list_users(OPERATOR)] == before


def test_roles_password_and_remove_with_confirmation(app, demo_db):
    AccountService(demo_db).add(OPERATOR, "lena", name="Lena Lead", roles=["mentor"], password="pass 12345")
    at = _admin(app, demo_db)
    at.selectbox(key="adm_person").select("lena").run()
    at.multiselect(key="adm_roles-lena").select("facilitator").run()
    _button(at, "Save roles").click().run()
    assert any("Lena Lead now holds: mentor, facilitator" in s.value for s in at.success)
    assert Directory(demo_db).actor("lena").roles == ("mentor", "facilitator")

    at.text_input(key="adm_pw1-lena").input("a new long passphrase")
    at.text_input(key="adm_pw2-lena").input("a different passphrase")
    _button(at, "Set password").click().run()
    assert any("differ" in e.value for e in at.error)
    at.text_input(key="adm_pw1-lena").input("a new long passphrase")
    at.text_input(key="adm_pw2-lena").input("a new long passphrase")
    _button(at, "Set password").click().run()
    assert any("New password set for Lena Lead" in s.value for s in at.success)
    SignInService(demo_db).sign_in("lena", "a new long passphrase")

    _button(at, "Remove Lena Lead…").click().run()
    assert any("Remove **Lena Lead**" in w.value for w in at.warning)
    _button(at, "Cancel").click().run()
    assert Directory(demo_db).actor("lena").handle == "lena"  # still there
    at.selectbox(key="adm_person").select("lena").run()
    _button(at, "Remove Lena Lead…").click().run()
    _button(at, "Yes, remove").click().run()
    assert any("Removed Lena Lead" in s.value for s in at.success), [e.value for e in at.error]
    assert "lena" not in {u.handle for u in AccountService(demo_db).list_users(OPERATOR) if u.active}
    actions = [r.action for r in read_log(demo_db, OPERATOR, who="lena")]
    assert {"roles changed", "password set", "account removed"} <= set(actions)


def test_an_admin_cannot_remove_themself(app, demo_db):
    at = _admin(app, demo_db)
    at.selectbox(key="adm_person").select("tomasz").run()
    _button(at, next(b.label for b in at.button if b.label.startswith("Remove "))).click().run()
    _button(at, "Yes, remove").click().run()
    assert any("cannot remove your own account" in e.value for e in at.error)


def test_audit_log_filters_and_csv(app, demo_db):
    AccountService(demo_db).add(OPERATOR, "lena", name="Lena Lead", roles=["mentor"])
    AccountService(demo_db).set_roles(OPERATOR, "lena", ["mentor", "facilitator"])
    at = _admin(app, demo_db)
    at.selectbox(key="adm_audit_action").select("roles changed").run()
    log = at.dataframe[-1].value
    assert set(log["Action"]) == {"roles changed"} and "mentor -> mentor, facilitator" in set(log["Detail"])
    at.text_input(key="adm_audit_who").input("nobody-like-this").run()
    assert any("No entries match these filters." in i.value for i in at.info)
    at.text_input(key="adm_audit_who").input("lena").run()
    assert not at.exception
    assert [b for b in at.get("download_button") if "Download CSV" in str(b.proto.label)]
