"""`coach reflect` shows why a goal was linked and asks "which goal?"; `coach link-goal` answers it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from coach.config import Settings
from coach.context import Context
from coach.demo import load_demo

pytestmark = pytest.mark.slow

REFLECTION = """What happened: In the client call I presented the roadmap and Ana asked about costs.
So what: I realised I need numbers before I present.
Now what: Next time I will bring a one-page budget."""


@pytest.fixture
def ctx(coach_home):  # type: ignore[no-untyped-def]
    context = Context(Settings(home=coach_home))
    load_demo(context.db)
    return context


def test_reflect_parts_evidence_and_for(cli, tmp_path):
    (tmp_path / "r.txt").write_text(REFLECTION)
    (tmp_path / "g.txt").write_text("Learn Portuguese to B1 by June\nPresent the roadmap budget to "
                                    "the client with cost numbers\n")
    out = json.loads(cli("reflect", "-f", str(tmp_path / "r.txt"), "--goals", str(tmp_path / "g.txt"),
                         "--format", "json").stdout)
    sentences = {"In the client call I presented the roadmap and Ana asked about costs.",
                 "I realised I need numbers before I present.",
                 "Next time I will bring a one-page budget."}
    assert out["goals"][0]["goal"].startswith("Present the roadmap")
    assert all(g["evidence"] in sentences for g in out["goals"])
    assert all(g["answers"] in sentences for g in out["guidance"])  # headings are not sentences
    text = cli("reflect", "-f", str(tmp_path / "r.txt"), "--goals", str(tmp_path / "g.txt")).stdout
    assert 'because you wrote: "' in text and '    for: "' in text


def test_which_goal_question_and_link_goal(cli, ctx, tmp_path, monkeypatch):
    from coach.reflection import linking
    from coach.reflection.link_ranker import default_ranker

    always_ask = replace(default_ranker(), ask_margin=1.01)
    monkeypatch.setattr(linking, "default_ranker", lambda: always_ask)
    mateo = ctx.people.actor("mateo")
    ctx.reflections.goals.create(mateo, title="Write a one-page budget for the client roadmap",
                                 target_date="2030-01-31")
    (tmp_path / "r.txt").write_text(REFLECTION)
    out = json.loads(cli("reflect", "-f", str(tmp_path / "r.txt"), "--as", "mateo", "--save",
                         "--format", "json").stdout)
    assert out["question"].startswith("Which goal is this reflection about")
    assert out["saved"]["links"] == [] and len(out["saved"]["asked"]) == 2
    note, chosen = out["saved"]["id"], out["saved"]["asked"][1]
    text = cli("reflect", "-f", str(tmp_path / "r.txt"), "--as", "mateo", "--save").stdout
    assert "coach link-goal" in text and "--neither" in text
    done = json.loads(cli("link-goal", str(note), "--as", "mateo", "--goal", str(chosen["goal_id"]),
                          "--format", "json").stdout)
    assert done["links"] == [{"goal_id": chosen["goal_id"], "goal": chosen["goal"], "source": "user"}]
    assert "not one of the goals asked about" in cli("link-goal", str(note), "--as", "mateo", "--goal",
                                                     str(chosen["goal_id"]), code=3).stderr
    assert "either --goal" in cli("link-goal", str(note), "--as", "mateo", code=2).stderr
    assert "reflection" in cli("link-goal", str(note), "--as", "chidi", "--neither", code=4).stderr
