"""`coach match`: JSON/text/CSV output from CSV files or the program, and clear errors."""

from __future__ import annotations

import json

import pytest

MENTORS = ("id,name,expertise,bio,languages,timezone,capacity,country\n"
           "m1,Ana Silva,public speaking; presenting to executives,,en;pt,Europe/Lisbon,1,PT\n"
           "m2,Bo Chen,python programming; data pipelines,Builds data tools,English,UTC+08:00,2,CN\n")
MENTEES = ("id,name,goals,background,languages,timezone\n"
           "e1,Eve,get better at presenting to executives,,en,America/New_York\n"
           "e2,=cmd|' /C calc'!A0,python data pipelines,analyst,en,Asia/Singapore\n"
           "e3,Gus,negotiation,,fr,Europe/Paris\n")


@pytest.fixture
def files(tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "mentors.csv").write_text(MENTORS, encoding="utf-8")
    (tmp_path / "mentees.csv").write_text(MENTEES, encoding="utf-8")
    return tmp_path


def test_json_output(cli, files):
    out = cli("match", "--mentors", str(files / "mentors.csv"), "--mentees", str(files / "mentees.csv"),
              "--format", "json").output
    data = json.loads(out)
    assert set(data) == {"matches", "unmatched", "stats"}
    assert {(m["mentee_id"], m["mentor_id"]) for m in data["matches"]} == {("e1", "m1"), ("e2", "m2")}
    assert all({"mentee_id", "mentor_id", "score", "reasons"} <= set(m) for m in data["matches"])
    assert data["unmatched"] == [{"mentee_id": "e3", "mentee_name": "Gus",
                                  "reason": "no mentor shares a language (speaks: French)"}]
    stats = data["stats"]
    for key in ("pct_mentees_matched", "pct_mentors_used", "score_mean", "score_min", "score_p10",
                "load_spread", "violations"):
        assert key in stats
    assert stats["violations"] == 0 and stats["pct_mentees_matched"] == pytest.approx(66.6667)


def test_text_and_csv_output(cli, files):
    csv_path = files / "matches.csv"
    out = cli("match", "--mentors", str(files / "mentors.csv"), "--mentees", str(files / "mentees.csv"),
              "--k", "1", "--objective", "coverage", "--out", str(csv_path)).output
    assert "Ana Silva" in out and "Unmatched:" in out and "constraint violations 0" in out
    text = csv_path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("mentee_id,mentee,mentor_id,mentor,score")
    assert "'=cmd" in text  # a spreadsheet formula is neutralized
    assert "unmatched: no mentor shares a language" in text


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--mentors", "MENTORS"], 2, "Give both --mentors and --mentees"),
    (["--mentors", "MENTORS", "--mentees", "nope.csv"], 2, "--mentees nope.csv: no such file"),
    (["--mentors", "MENTORS", "--mentees", "MENTEES", "--objective", "best"], 2, "objective 'best'"),
    (["--mentors", "MENTORS", "--mentees", "MENTEES", "--k", "0"], 2, "1 to 10 mentors"),
    (["--mentors", "MENTORS", "--mentees", "MENTEES", "--rule", "dept"], 2, "COLUMN:same"),
    (["--mentors", "BAD", "--mentees", "MENTEES"], 2, "bad.csv, row 2, column capacity"),
    (["--mentors", "MENTORS", "--mentees", "MENTEES", "--pins", "PINS"], 2, "pins e3 to m1, who share no"),
])
def test_errors(cli, files, args, code, message):
    (files / "bad.csv").write_text(MENTORS.replace(",1,PT", ",none,PT"), encoding="utf-8")
    (files / "pins.csv").write_text("mentee_id,mentor_id\ne3,m1\n", encoding="utf-8")
    paths = {"MENTORS": files / "mentors.csv", "MENTEES": files / "mentees.csv", "BAD": files / "bad.csv",
             "PINS": files / "pins.csv"}
    result = cli("match", *[str(paths.get(a, a)) for a in args], code=code)
    assert message in result.output


def test_program_data_and_roles(cli, ctx):
    cli("demo")
    data = json.loads(cli("match", "--format", "json", "--as", "noor").output)
    assert data["matches"] and data["stats"]["violations"] == 0
    assert data["stats"]["source"].startswith("program")
    assert "may not match mentors and mentees" in cli("match", "--as", "mateo", code=4).output
    saved = json.loads(cli("match", "--format", "json", "--save").output)
    assert isinstance(saved["run_id"], int)
