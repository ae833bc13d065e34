"""`coach check`: text and JSON output, files in three formats, and bad input."""

from __future__ import annotations

import json

import pytest

from coach.config import Settings
from coach.context import Context

pytestmark = pytest.mark.slow  # the real models decide the labels


@pytest.fixture
def ctx(coach_home):  # type: ignore[no-untyped-def]
    return Context(Settings(home=coach_home))


def test_one_text_json(cli):
    out = cli("check", "You're lazy and you always miss deadlines.", "--format", "json").stdout
    [line] = out.strip().splitlines()
    obj = json.loads(line)
    assert obj["id"] == "1" and obj["judgmental"] is True
    assert set(obj["sbi"]) == {"situation", "behavior", "impact"}
    for flag in obj["flags"]:
        assert {"start", "end", "text", "category", "severity", "message", "suggestion"} <= set(flag)
    assert obj["rewrite"]


def test_text_output_snapshot(cli, snapshot):
    out = cli("check", "Great job!", "--examples", "0").stdout
    snapshot("check_great_job.txt", out)


def test_jsonl_file(cli, tmp_path):
    path = tmp_path / "fb.jsonl"
    path.write_text('{"id": "x1", "text": "Great job!"}\n\n{"id": "x2", "text": "Be more proactive."}\n')
    lines = cli("check", "--file", str(path), "--format", "json").stdout.strip().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["x1", "x2"]


def test_csv_file_with_and_without_id(cli, tmp_path):
    path = tmp_path / "fb.csv"
    path.write_text('text,author\n"Great job, really",ana\nBe more proactive.,bo\n')
    lines = cli("check", "--file", str(path), "--format", "json").stdout.strip().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["2", "3"]


def test_txt_file_is_one_feedback_per_line(cli, tmp_path):
    path = tmp_path / "fb.txt"
    path.write_text("Great job!\n\nYou're lazy.\n")
    lines = cli("check", "--file", str(path), "--format", "json").stdout.strip().splitlines()
    assert len(lines) == 2


def test_csv_without_text_column(cli, tmp_path):
    path = tmp_path / "fb.csv"
    path.write_text("comment,id\nhello,1\n")
    err = cli("check", "--file", str(path), code=2).stderr
    assert 'no "text" column (columns: comment, id)' in err


def test_malformed_jsonl_names_the_line(cli, tmp_path):
    path = tmp_path / "fb.jsonl"
    path.write_text('{"id": "1", "text": "ok"}\n{"id": 2, "text": \n')
    err = cli("check", "--file", str(path), code=2).stderr
    assert "fb.jsonl, line 2: not valid JSON" in err


def test_a_bad_row_does_not_stop_the_batch(cli, tmp_path):
    path = tmp_path / "fb.jsonl"
    path.write_text('{"id": "1", "text": "Great job!"}\n{"id": "2", "text": "  "}\n'
                    '{"id": "3", "text": "Be more proactive."}\n')
    result = cli("check", "--file", str(path), "--format", "json", code=2)
    rows = [json.loads(x) for x in result.stdout.strip().splitlines()]
    assert [r["id"] for r in rows] == ["1", "2", "3"]
    assert "empty" in rows[1]["error"]
    assert "1 of 3 items could not be checked" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["check"], "argument or with --file"),
    (["check", "  "], "empty"),
    (["check", "x", "--sensitivity", "3"], "between 0 and 1"),
    (["check", "x", "--disable", "nonsense"], "Unknown flag categories"),
])
def test_bad_arguments(cli, args, message):
    assert message in cli(*args, code=2).stderr


def test_llm_rewrite_flag(coach_home):
    from typer.testing import CliRunner

    from coach.cli import app
    from tests.unit.test_llm_rewriter import serve

    server, _ = serve("[When and where?] You missed the Friday deadline.")
    try:
        ctx = Context(Settings(home=coach_home, llm_url=f"http://127.0.0.1:{server.server_port}/v1"))
        result = CliRunner().invoke(app, ["check", "You're lazy and you missed the Friday deadline.",
                                          "--llm", "--format", "json"], obj=ctx)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["llm_rewrite"].startswith("[When and where?]")
    finally:
        server.shutdown()


def test_llm_flag_without_endpoint(cli):
    assert "COACH_LLM_URL" in cli("check", "Great job", "--llm", code=2).stderr
