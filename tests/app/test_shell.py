"""The app shell: home page, demo loading, the who-am-I selector, navigation per role."""

from __future__ import annotations

from tests.app.conftest import person_handle


def test_empty_program_offers_the_demo(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "coach"
    assert any("No people yet" in i.value for i in at.sidebar.info)
    [load] = [b for b in at.button if b.label == "Load demo program"]
    load.click().run()
    assert not at.exception
    assert at.sidebar.selectbox[0].label == "Who am I?"
    assert len(at.sidebar.selectbox[0].options) > 10


def test_choosing_a_person_greets_them(app, demo_db):
    at = app()
    box = at.sidebar.selectbox[0]
    mentor = person_handle(demo_db, "mentor")
    from coach.store.people import get_actor

    actor = get_actor(demo_db, mentor)
    box.set_value(actor.id).run()
    assert any("Switching" in c.value for c in at.caption)
    at.run()  # the browser's one-off timer does this rerun
    assert not at.exception
    assert any(actor.name.split()[0] in h.value for h in at.subheader)


def test_home_says_where_each_role_starts(app, demo_db):
    expected = {"mentee": {"Set a goal", "Reflect on your last session", "Check-ins & progress"},
                "mentor": {"Your mentees", "Check feedback before you send it"},
                "facilitator": {"Match mentees with mentors", "Program dashboard",
                                "Themes across the program"},
                "admin": {"People & access", "Match mentees with mentors"}}
    for role, labels in expected.items():
        at = app(as_handle=person_handle(demo_db, role), db=demo_db)
        assert not at.exception
        shown = {link.proto.label for link in at.get("page_link")}
        assert labels <= shown, (role, shown)
        others = set().union(*(v for r, v in expected.items() if r != role)) - labels - (
            expected["facilitator"] if role == "admin" else set())
        assert not (others & shown), (role, others & shown)
