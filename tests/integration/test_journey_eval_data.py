"""eval/journey_eval.py --data/--label on a tiny hand-built set (no guidance_revised.jsonl)."""

from __future__ import annotations

import json
import sys

import pytest

pytestmark = pytest.mark.slow

GOALS = [{"title": "Give the billing talk at the ops summit", "why": "trust in the numbers",
          "milestones": ["dry run with my team"], "skills": ["public speaking"]},
         {"title": "Learn SQL window functions", "why": "faster churn queries",
          "milestones": ["rewrite the weekly churn query"], "skills": ["sql"]}]
REFLECTIONS = [
    {"id": "x1-r1", "mentee": "x1", "goals": GOALS, "what": "Did the dry run of the billing talk today.",
     "so_what": "I rushed the second half when I got nervous.", "now_what": "Rehearse with a timer.",
     "goal": 0, "also_goals": [], "guidance": ["imposter-feelings"]},
    {"id": "x1-r2", "mentee": "x1", "goals": GOALS, "what": "Rewrote the churn query with a window.",
     "so_what": "It runs in seconds instead of minutes.", "now_what": "Show it to the data team.",
     "goal": 1, "also_goals": [], "guidance": ["celebrating-progress"]},
]
GOAL_ROWS = [{"id": "g1", "text": "give two talks at the ops summit by june 2027", "specific": True,
              "measurable": True, "time_bound": True},
             {"id": "g2", "text": "get better at sql", "specific": False, "measurable": False,
              "time_bound": False}]


def test_data_and_label_flags(tmp_path, monkeypatch):
    from eval import journey_eval

    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "reflections.jsonl").write_text("".join(json.dumps(r) + "\n" for r in REFLECTIONS))
    (folder / "goals.jsonl").write_text("".join(json.dumps(r) + "\n" for r in GOAL_ROWS))
    out = tmp_path / "out.json"
    monkeypatch.setattr(sys, "argv", ["journey_eval.py", "--data", str(folder), "--label", "tiny",
                                      "--out", str(out)])
    journey_eval.main()
    res = json.loads(out.read_text())
    assert res["set"] == "tiny" and res["data"] == str(folder) and "--label tiny" in res["command"]
    assert res["linking"]["reflections"] == 2 and res["linking"]["mentees"] == 1
    assert "guidance_hit@3_revised_labels" not in res  # the set has no guidance_revised.jsonl
    assert set(res["guidance"]["shipped_whole_text_plus_situations"]) == {"hit@3", "hit@5", "recall@10"}
    assert res["goal_quality_n"] == 2 and set(res["goal_quality"]) == {"specific", "measurable", "time_bound"}


def test_a_folder_without_the_files_is_named(tmp_path, monkeypatch):
    from eval import journey_eval

    monkeypatch.setattr(sys, "argv", ["journey_eval.py", "--data", str(tmp_path), "--only", "goals"])
    with pytest.raises(SystemExit, match="reflections.jsonl not found"):
        journey_eval.main()


def test_several_folders_are_one_set_and_goals_are_optional(tmp_path, monkeypatch):
    from eval import journey_eval

    for name, with_goals in (("wa", True), ("wb", False)):  # both writers number from x1
        (tmp_path / name).mkdir()
        (tmp_path / name / "reflections.jsonl").write_text("".join(json.dumps(r) + "\n" for r in REFLECTIONS))
        if with_goals:
            (tmp_path / name / "goals.jsonl").write_text("".join(json.dumps(r) + "\n" for r in GOAL_ROWS))
    out = tmp_path / "out.json"
    monkeypatch.setattr(sys, "argv", ["journey_eval.py", "--data", str(tmp_path / "wa"), str(tmp_path / "wb"),
                                      "--label", "two", "--out", str(out)])
    journey_eval.main()
    res = json.loads(out.read_text())
    assert res["linking"]["reflections"] == 4 and res["linking"]["mentees"] == 2
    assert res["goal_quality_n"] == 2  # only wa has goals.jsonl
    assert set(res["guidance_by_set"]) == {"wa", "wb"} and res["guidance_by_set"]["wb"]["n"] == 2
    by_set = res["guidance_by_set"]
    assert by_set["wa"]["learned_reranker"] == by_set["wb"]["learned_reranker"]  # the same items


def test_a_set_without_goals_has_no_goal_figures(tmp_path, monkeypatch):
    from eval import journey_eval

    (tmp_path / "reflections.jsonl").write_text("".join(json.dumps(r) + "\n" for r in REFLECTIONS))
    out = tmp_path / "out.json"
    monkeypatch.setattr(sys, "argv", ["journey_eval.py", "--data", str(tmp_path), "--out", str(out)])
    journey_eval.main()
    res = json.loads(out.read_text())
    assert "goal_quality" not in res and res["guidance"]
