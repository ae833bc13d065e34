"""`coach reflect`, `coach goals`, `coach checkins`, `coach agenda`, `coach journal` (real models)."""

from __future__ import annotations

import json

import pytest

from coach.config import Settings
from coach.context import Context
from coach.demo import load_demo

pytestmark = pytest.mark.slow

REFLECTION = ("Yesterday in the steering committee I presented the migration plan and the finance "
              "director interrupted me twice. I realised I had not prepared the cost numbers she cares "
              "about. Next time I will send a one-page cost summary the day before.")


@pytest.fixture
def ctx(coach_home):  # type: ignore[no-untyped-def]
    context = Context(Settings(home=coach_home))
    load_demo(context.db)
    return context


def test_reflect_with_goals_file(cli, tmp_path):
    (tmp_path / "r.txt").write_text(REFLECTION)
    (tmp_path / "g.txt").write_text("Learn Portuguese to B1 by June\n\nGet better at stakeholder "
                                    "management with the finance team\n")
    out = json.loads(cli("reflect", "--file", str(tmp_path / "r.txt"), "--goals",
                         str(tmp_path / "g.txt"), "--format", "json").stdout)
    assert set(out) >= {"cues", "goals", "guidance"}
    assert {c["kind"] for c in out["cues"]} >= {"event", "insight", "next-action"}
    assert out["goals"][0]["goal"].startswith("Get better at stakeholder")
    assert out["goals"][0]["confidence"] >= out["goals"][1]["confidence"]
    assert len(out["guidance"]) == 3
    for g in out["guidance"]:
        assert {"passage_id", "title", "text", "answers"} <= set(g)
        assert g["answers"] in REFLECTION


def test_reflect_as_person_and_save(cli, tmp_path):
    (tmp_path / "r.txt").write_text(REFLECTION)
    out = json.loads(cli("reflect", "--file", str(tmp_path / "r.txt"), "--as", "mateo",
                         "--save", "--format", "json").stdout)
    assert out["goals"]


def test_reflect_errors(cli, tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    assert "empty" in cli("reflect", "--file", str(tmp_path / "empty.txt"), code=2).stderr
    assert "no such reflection file" in cli("reflect", "--file", str(tmp_path / "nope.txt"), code=2).stderr
    (tmp_path / "r.txt").write_text(REFLECTION)
    assert "--save needs --as" in cli("reflect", "--file", str(tmp_path / "r.txt"), "--save", code=2).stderr
    assert "No person 'ghost'" in cli("reflect", "--file", str(tmp_path / "r.txt"), "--as", "ghost",
                                      code=3).stderr


@pytest.mark.parametrize(("goal", "specific", "measurable", "time_bound"), [
    ("Get better at communication", False, False, False),
    ("Pass the AWS Solutions Architect Associate exam by 31 March 2027", True, True, True),
    ("Run two customer workshops in Lagos this quarter", True, True, True),
])
def test_goals_check_json(cli, goal, specific, measurable, time_bound):
    out = json.loads(cli("goals", "check", goal, "--format", "json").stdout)
    assert (out["specific"], out["measurable"], out["time_bound"]) == (specific, measurable, time_bound)
    assert set(out["missing"]) == {k for k, v in (("specific", specific), ("measurable", measurable),
                                                  ("time_bound", time_bound)) if not v}
    assert out["suggestion"].startswith(goal.rstrip("."))


def test_goals_add_and_list(cli):
    out = cli("goals", "add", "Publish one blog post about our migration", "--as", "mateo",
              "--target", "2027-06-30", "--milestone", "Outline@2027-03-01").stdout
    assert "1 milestones" in out
    listed = json.loads(cli("goals", "list", "--as", "mateo", "--format", "json").stdout)
    assert any(g["title"].startswith("Publish one blog post") for g in listed)
    err = cli("goals", "add", "X", "--as", "mateo", "--target", "2027-02-30", code=2).stderr
    assert "not a real date" in err


def test_checkins_agenda_journal(cli, tmp_path):
    status = json.loads(cli("checkins", "status", "--as", "mateo", "--format", "json").stdout)
    assert status and {"overdue", "next_due"} <= set(status[0])
    pair = status[0]["pair_id"]
    ics = tmp_path / "c.ics"
    cli("checkins", "invite", "--pair", str(pair), "--as", "mateo", "--at", "2030-01-15T14:00",
        "--out", str(ics))
    assert "BEGIN:VEVENT" in ics.read_text()
    assert "# " in cli("agenda", "--pair", str(pair), "--as", "mateo").stdout
    assert "<html" in cli("journal", "--as", "mateo", "--format", "html").stdout.lower()


def test_checkins_log_clears_overdue_and_list_shows_the_note(cli):
    status = json.loads(cli("checkins", "status", "--as", "mateo", "--format", "json").stdout)
    pair = str(next(s for s in status if s["overdue"])["pair_id"])
    out = cli("checkins", "log", "--pair", pair, "--as", "mateo", "--note", "Agreed on a budget").stdout
    assert "logged the check-in" in out
    after = json.loads(cli("checkins", "status", "--as", "mateo", "--format", "json").stdout)
    assert not next(s for s in after if str(s["pair_id"]) == pair)["overdue"]
    listed = json.loads(cli("checkins", "list", "--pair", pair, "--as", "mateo", "--format",
                            "json").stdout)
    assert listed[0]["note"] == "Agreed on a budget"
    assert "not a date" in cli("checkins", "log", "--pair", pair, "--as", "mateo", "--on", "soon",
                               code=2).stderr
    assert "not part of mentoring pair" in cli("checkins", "list", "--pair", pair, "--as", "noor",
                                               code=4).stderr
