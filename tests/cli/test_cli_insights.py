"""`coach insights`: a thin shell over InsightsService on the demo program (no models needed)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from coach.access import OPERATOR
from coach.demo import load_demo
from coach.exports import write_csv
from coach.insights import CSV_FIELDS, InsightsQuery, InsightsService


@pytest.fixture
def ctx(ctx):  # type: ignore[no-untyped-def]
    load_demo(ctx.db)
    return ctx


def service_view(ctx, **query):  # type: ignore[no-untyped-def]
    return InsightsService(ctx.db).dashboard(OPERATOR, InsightsQuery(**query),
                                             today=datetime.now(UTC).date())


def test_json_is_the_service_view(cli, ctx):
    out = json.loads(cli("insights", "--format", "json").stdout)
    expected = service_view(ctx).to_dict()
    assert out["headline"] == expected["headline"]
    assert set(out["series"]) == {"people", "active_pairs", "checkins", "reflections", "milestones",
                                  "goals", "feedback", "unchecked"}
    for cell in out["series"]["reflections"]["cells"]:
        assert (cell["values"] == {}) == (cell["hidden"] is not None)
        assert cell["participants"] is None or cell["participants"] >= 5


def test_text_shows_headline_and_hidden_reasons(cli, ctx):
    text = cli("insights").stdout
    head = service_view(ctx).headline()
    assert text.startswith("Program dashboard: all cohorts")
    assert f"reflections {head['reflections']};" in text
    assert "hidden: fewer than 5 people" in text


def test_csv_to_file_and_cohort_filter(cli, ctx, tmp_path):
    cohort = service_view(ctx).cohorts[0]
    target = tmp_path / "insights.csv"
    assert "wrote" in cli("insights", "--cohort", cohort, "--format", "csv", "--out", str(target)).stdout
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert rows and {r["cohort"] for r in rows} == {cohort}
    assert target.read_bytes().decode() == write_csv(service_view(ctx, cohort=cohort).rows(), CSV_FIELDS)


def test_period_and_threshold(cli, ctx):
    months = service_view(ctx).months
    out = json.loads(cli("insights", "--from", months[1], "--to", months[2], "--format", "json").stdout)
    assert (out["period"]["from"], out["period"]["to"]) == (months[1], months[2])
    strict = json.loads(cli("insights", "--min-participants", "20", "--format", "json").stdout)
    loose = json.loads(cli("insights", "--min-participants", "5", "--format", "json").stdout)

    def shown(d):  # type: ignore[no-untyped-def]
        return sum(1 for s in d["series"].values() for c in s["cells"] if c["hidden"] is None)

    assert shown(strict) < shown(loose)


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--from", "2026-13"], 2, "is not a date"),
    (["--from", "2026-10-01", "--to", "2026-09-01"], 2, "ends earlier"),
    (["--cohort", "nope"], 2, "no cohort 'nope'"),
    (["--min-participants", "1"], 2, "at least 2"),
    (["--format", "xml"], 2, "use text, json or csv"),
    (["--as", "mateo"], 4, "may not see the program dashboard"),
    (["--as", "ghost"], 3, "No person 'ghost'"),
])
def test_errors(cli, args, code, message):
    assert message in cli("insights", *args, code=code).stderr


def test_as_facilitator(cli, ctx):
    out = json.loads(cli("insights", "--as", "noor", "--format", "json").stdout)
    assert out["headline"]["mentees"] is not None


def test_json_and_csv_outputs_are_audited(cli, ctx):
    from coach.people import read_log

    cli("insights")
    assert read_log(ctx.db, OPERATOR, action="insights.export") == []
    cli("insights", "--format", "csv")
    [entry] = read_log(ctx.db, OPERATOR, action="insights.export")
    assert entry.target == "all cohorts" and entry.detail.startswith("csv;")
