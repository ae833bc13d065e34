"""CSV validation of the matching inputs: every bad input of issue 9 gets file, row, column, what to do."""
# ruff: noqa: E501

from __future__ import annotations

import pytest

from coach.matching import MatchingInputError, load_problem
from coach.matching.languages import language_code
from coach.matching.timezones import utc_offset_hours

MENTORS = ("id,name,expertise,bio,languages,timezone,capacity\n"
           "m1,Ana,public speaking,Talks a lot,en;pt,Europe/Lisbon,2\n"
           "m2,Bo,python,,English,UTC+08:00,1\n")
MENTEES = ("id,name,goals,background,languages,timezone\n"
           "e1,Eve,presenting,,EN,America/New_York\n"
           "e2,Fay,python pipelines,analyst,en,Asia/Singapore\n")


def errors_of(**files: str | bytes) -> list[str]:
    args = {"mentors": MENTORS, "mentees": MENTEES, **files}
    with pytest.raises(MatchingInputError) as info:
        load_problem(**args)  # type: ignore[arg-type]
    return [str(e) for e in info.value.errors]


@pytest.mark.parametrize(("files", "expected"), [
    ({"mentors": MENTORS + "m1,Cy,x,,en,UTC,1\n"}, "mentors.csv, row 4, column id: duplicate id 'm1'"),
    ({"mentees": MENTEES + "e3,,x,,en,UTC\n"}, "mentees.csv, row 4, column name: is empty"),
    ({"mentors": MENTORS + "m3,Cy,x,,en,UTC,two\n"}, "row 4, column capacity: 'two' is not a positive"),
    ({"mentors": MENTORS + "m3,Cy,x,,en,UTC,0\n"}, "row 4, column capacity: '0' is not a positive"),
    ({"mentors": MENTORS + "m3,Cy,x,,en,UTC,1.5\n"}, "column capacity: '1.5'"),
    ({"mentees": MENTEES + "e3,Gus,x,,en,Mars/Olympus\n"}, "row 4, column timezone: unknown time zone"),
    ({"mentees": MENTEES + "e3,Gus,x,,en,UTC+25:00\n"}, "column timezone: unknown time zone 'UTC+25:00'"),
    ({"mentees": MENTEES + "e3,Gus,x,,klingon,UTC\n"}, "row 4, column languages: unknown language 'klingon'"),
    ({"exclusions": "mentee_id,mentor_id,reason\ne9,m1,x\n"}, "exclusions.csv, row 2, column mentee_id: no "
                                                              "mentee with id 'e9'"),
    ({"pins": "mentee_id,mentor_id\ne1,m7\n"}, "pins.csv, row 2, column mentor_id: no mentor with id 'm7'"),
    ({"pins": "mentee_id,mentor_id\ne1,m1\n", "exclusions": "mentee_id,mentor_id,reason\ne1,m1,boss\n"},
     "pins.csv, row 2, column mentor_id: pins e1 to m1, but that pair is excluded"),
    ({"pins": "mentee_id,mentor_id\ne1,m2\ne2,m2\n"}, "pins.csv, row 3, column mentor_id: pins more mentees "
                                                      "to m2 than their capacity (1)"),
    ({"mentees": MENTEES + "e3,Gus,x,,de,UTC\n", "pins": "mentee_id,mentor_id\ne3,m1\n"},
     "pins e3 to m1, who share no language"),
    ({"mentors": ""}, "mentors.csv: the file is empty"),
    ({"mentees": "id,name,goals,background,languages,timezone\n"}, "mentees.csv: has a header but no rows"),
    ({"mentors": "id,name,languages\nm1,A,en\n"}, "mentors.csv, row 1, column expertise, bio, timezone, "
                                                  "capacity: missing column(s)"),
])
def test_bad_input_is_reported_with_file_row_column(files, expected):
    found = errors_of(**files)
    assert any(expected in e for e in found), found


def test_all_problems_of_a_file_come_together():
    bad = MENTORS + "m3,,x,,xx,Nowhere,-1\n"
    found = errors_of(mentors=bad)
    assert {"name", "languages", "timezone", "capacity"} <= {e.split("column ")[1].split(":")[0]
                                                             for e in found if "row 4" in e}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "latin-1"])
def test_bom_and_other_encodings_read_fine(encoding):
    mentees = MENTEES.replace("Eve", "Zoë Müller").replace("presenting", "présenter à la direction")
    problem = load_problem(mentors=MENTORS.encode(encoding), mentees=mentees.encode(encoding))
    assert problem.mentees[0].name == "Zoë Müller"
    assert problem.mentees[0].goals == "présenter à la direction"


def test_header_only_optional_files_are_fine_and_extras_kept():
    problem = load_problem(mentors=MENTORS.replace("capacity\n", "capacity,country\n").replace(",2\n", ",2,PT\n"),
                           mentees=MENTEES, exclusions="mentee_id,mentor_id,reason\n",
                           pins="mentee_id,mentor_id\n")
    assert problem.exclusions == () and problem.pins == ()
    assert problem.mentors[0].attributes == {"country": "PT"}


@pytest.mark.parametrize(("value", "code"), [("en", "en"), ("EN", "en"), ("English", "en"),
                                             ("portuguese", "pt"), ("pt-BR", "pt"), ("Tamil", "ta"),
                                             ("Mandarin", "zh"), ("Farsi", "fa"), ("klingon", None),
                                             ("xx", None)])
def test_language_codes_and_names(value, code):
    assert language_code(value) == code


@pytest.mark.parametrize(("value", "hours"), [("UTC+05:30", 5.5), ("UTC-03:00", -3.0), ("UTC", 0.0),
                                              ("GMT+1", 1.0), ("utc+0930", 9.5), ("Asia/Kolkata", 5.5),
                                              ("UTC+15:00", None), ("Mars/Base", None), ("", None)])
def test_time_zones(value, hours):
    from datetime import date

    assert utc_offset_hours(value, on=date(2026, 12, 1)) == hours
