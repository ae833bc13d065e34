"""Reading and checking the CSV files: every problem names the file, row, column and what to do.

Rows are numbered as a spreadsheet shows them (the header is row 1). Files in UTF-8 (with or without
a BOM), cp1252 or latin-1 are read; all problems of a file are reported together.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coach.errors import InputError
from coach.matching.languages import language_code, split_languages
from coach.matching.profiles import Exclusion, Mentee, Mentor, Pin, Problem
from coach.matching.timezones import utc_offset_hours

MENTOR_COLUMNS = ("id", "name", "expertise", "bio", "languages", "timezone", "capacity")
MENTEE_COLUMNS = ("id", "name", "goals", "background", "languages", "timezone")
EXCLUSION_COLUMNS = ("mentee_id", "mentor_id", "reason")
PIN_COLUMNS = ("mentee_id", "mentor_id")
#: columns that must have a value (text columns may be empty: the fit then comes from other fields)
REQUIRED = {"mentors": ("id", "name", "languages", "timezone", "capacity"),
            "mentees": ("id", "name", "languages", "timezone"),
            "exclusions": ("mentee_id", "mentor_id"), "pins": ("mentee_id", "mentor_id")}
MAX_REPORTED = 25


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row else self.file
        return f"{where}, column {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class MatchingInputError(InputError):
    """One or more bad rows; ``errors`` lists each with file, row and column."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        shown = [str(e) for e in self.errors[:MAX_REPORTED]]
        more = len(self.errors) - len(shown)
        tail = [f"... and {more} more problems."] if more > 0 else []
        super().__init__("\n".join([f"{len(self.errors)} problem(s) in the matching input:", *shown, *tail]))


Source = bytes | str | Path


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (BOM removed), else cp1252, else latin-1 (which always decodes)."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def read_rows(source: Source, *, name: str, columns: Sequence[str],
              kind: str) -> tuple[list[tuple[int, dict[str, str]]], list[str], list[RowError]]:
    """(row number, cells) for each data row, the header, and structural problems."""
    data = source.read_bytes() if isinstance(source, Path) else source
    text = decode(data) if isinstance(data, bytes) else data.lstrip("\ufeff")
    expected = ",".join(columns)
    if not text.strip():
        return [], [], [RowError(name, 0, "", f"the file is empty. It needs a header line ({expected}) "
                                                  f"and one row per {kind[:-1]}.")]
    if "\x00" in text:
        return [], [], [RowError(name, 0, "", "holds NUL bytes: it is binary, or UTF-16 without a "
                                              "byte-order mark. Save it as CSV UTF-8 from your spreadsheet.")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
        raw = list(reader)
    except csv.Error as exc:
        return [], [], [RowError(name, 0, "", f"is not a readable CSV file ({exc}). Save it as CSV "
                                                  "(comma-separated) from your spreadsheet.")]
    errors: list[RowError] = []
    missing = [c for c in columns if c not in header]
    if missing:
        errors.append(RowError(name, 1, ", ".join(missing),
                               f"missing column(s). The header must include: {expected} "
                               f"(found: {', '.join(h for h in header if h) or 'nothing'})."))
        return [], header, errors
    dupes = [h for h, n in Counter(header).items() if n > 1 and h]
    if dupes:
        errors.append(RowError(name, 1, ", ".join(dupes), "column named twice; keep one of each."))
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(raw, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            errors.append(RowError(name, number, "", f"has {len(cells)} cells but the header has "
                                   f"{len(header)}; put text containing commas in double quotes."))
            continue
        rows.append((number, {h: (cells[i].strip() if i < len(cells) else "")
                              for i, h in enumerate(header) if h}))
    if not rows and not errors:
        errors.append(RowError(name, 0, "", f"has a header but no rows; add one row per {kind[:-1]}."))
    return rows, header, errors


def _required(name: str, kind: str, number: int, cells: dict[str, str]) -> list[RowError]:
    return [RowError(name, number, col, "is empty; every row needs a value here.")
            for col in REQUIRED[kind] if col in cells and not cells[col]]


def _languages(name: str, number: int, value: str) -> tuple[tuple[str, ...], list[RowError]]:
    codes: list[str] = []
    errors = []
    for item in split_languages(value):
        code = language_code(item)
        if code is None:
            errors.append(RowError(name, number, "languages", f"unknown language {item!r}; use ISO 639-1 "
                                   "codes or English names separated by ';', e.g. 'en;pt' or "
                                   "'English;Portuguese'."))
        elif code not in codes:
            codes.append(code)
    return tuple(codes), errors


def _timezone(name: str, number: int, value: str) -> tuple[float, list[RowError]]:
    offset = utc_offset_hours(value)
    if offset is None:
        return 0.0, [RowError(name, number, "timezone", f"unknown time zone {value!r}; use an IANA name "
                              "such as 'Europe/Berlin' or an offset such as 'UTC+05:30'.")]
    return offset, []


def _duplicates(name: str, rows: list[tuple[int, dict[str, str]]], column: str) -> list[RowError]:
    first: dict[str, int] = {}
    errors = []
    for number, cells in rows:
        value = cells.get(column, "")
        if value and value in first:
            errors.append(RowError(name, number, column, f"duplicate id {value!r} (first on row "
                                   f"{first[value]}); give every person a unique id."))
        first.setdefault(value, number)
    return errors


def _extras(cells: dict[str, str], known: Sequence[str]) -> dict[str, str]:
    return {k: v for k, v in cells.items() if k not in known and v}


def parse_mentors(source: Source, *, name: str = "mentors.csv") -> tuple[list[Mentor], list[RowError]]:
    rows, _header, errors = read_rows(source, name=name, columns=MENTOR_COLUMNS, kind="mentors")
    if errors and not rows:
        return [], errors
    errors += _duplicates(name, rows, "id")
    mentors = []
    for number, cells in rows:
        problems = _required(name, "mentors", number, cells)
        languages, bad = _languages(name, number, cells.get("languages", ""))
        problems += bad if cells.get("languages") else []
        offset, bad = _timezone(name, number, cells.get("timezone", "")) if cells.get("timezone") else (0, [])
        problems += bad
        capacity = 0
        raw = cells.get("capacity", "")
        if raw:
            capacity = int(raw) if raw.isascii() and raw.isdigit() else 0
            if capacity < 1:
                problems.append(RowError(name, number, "capacity", f"{raw!r} is not a positive whole "
                                         "number; write how many mentees this mentor can take, e.g. 2."))
        errors += problems
        if not problems:
            mentors.append(Mentor(id=cells["id"], name=cells["name"], expertise=cells.get("expertise", ""),
                                  bio=cells.get("bio", ""), languages=languages,
                                  timezone=cells["timezone"], offset=offset, capacity=capacity,
                                  attributes=_extras(cells, MENTOR_COLUMNS)))
    return mentors, errors


def parse_mentees(source: Source, *, name: str = "mentees.csv") -> tuple[list[Mentee], list[RowError]]:
    rows, _header, errors = read_rows(source, name=name, columns=MENTEE_COLUMNS, kind="mentees")
    if errors and not rows:
        return [], errors
    errors += _duplicates(name, rows, "id")
    mentees = []
    for number, cells in rows:
        problems = _required(name, "mentees", number, cells)
        languages, bad = _languages(name, number, cells.get("languages", ""))
        problems += bad if cells.get("languages") else []
        offset, bad = _timezone(name, number, cells.get("timezone", "")) if cells.get("timezone") else (0, [])
        problems += bad
        errors += problems
        if not problems:
            mentees.append(Mentee(id=cells["id"], name=cells["name"], goals=cells.get("goals", ""),
                                  background=cells.get("background", ""), languages=languages,
                                  timezone=cells["timezone"], offset=offset,
                                  attributes=_extras(cells, MENTEE_COLUMNS)))
    return mentees, errors


def _pairs(source: Source, *, name: str, kind: str, mentor_ids: set[str],
           mentee_ids: set[str]) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    columns = EXCLUSION_COLUMNS[:2]
    rows, _header, errors = read_rows(source, name=name, columns=columns, kind=kind)
    if any(e.row == 0 and "header but no rows" in e.message for e in errors):
        return [], []  # an optional file with only a header: nothing to exclude or pin
    good = []
    for number, cells in rows:
        problems = _required(name, kind, number, cells)
        if cells.get("mentee_id") and cells["mentee_id"] not in mentee_ids:
            problems.append(RowError(name, number, "mentee_id", f"no mentee with id {cells['mentee_id']!r} "
                                     "in the mentees file; fix the id or remove the row."))
        if cells.get("mentor_id") and cells["mentor_id"] not in mentor_ids:
            problems.append(RowError(name, number, "mentor_id", f"no mentor with id {cells['mentor_id']!r} "
                                     "in the mentors file; fix the id or remove the row."))
        errors += problems
        if not problems:
            good.append((number, cells))
    return good, errors


def check_pins(problem: Problem, *, name: str = "pins.csv", k: int = 1) -> list[RowError]:
    """Pins that break a hard constraint: no shared language, excluded, self-match, over capacity or k."""
    mentors = {m.id: m for m in problem.mentors}
    mentees = {m.id: m for m in problem.mentees}
    excluded = {(e.mentee_id, e.mentor_id) for e in problem.exclusions}
    per_mentor: Counter[str] = Counter()
    per_mentee: Counter[str] = Counter()
    errors = []
    for pin in problem.pins:
        mentor, mentee = mentors.get(pin.mentor_id), mentees.get(pin.mentee_id)
        if mentor is None or mentee is None:
            continue
        where = (name, pin.row, "mentor_id")
        if (pin.mentee_id, pin.mentor_id) in excluded:
            errors.append(RowError(*where, f"pins {mentee.id} to {mentor.id}, but that pair is excluded; "
                                   "remove the pin or the exclusion."))
        same_person = mentee.person_id is not None and mentee.person_id == mentor.person_id
        if same_person or mentee.id == mentor.id:
            errors.append(RowError(*where, f"pins {mentee.id} to themselves; remove the pin."))
        if not set(mentee.languages) & set(mentor.languages):
            errors.append(RowError(*where, f"pins {mentee.id} to {mentor.id}, who share no language; "
                                   "remove the pin or fix their languages."))
        per_mentor[mentor.id] += 1
        per_mentee[mentee.id] += 1
        if per_mentor[mentor.id] == mentor.capacity + 1:
            errors.append(RowError(*where, f"pins more mentees to {mentor.id} than their capacity "
                                   f"({mentor.capacity}); remove a pin or raise the capacity."))
        if per_mentee[mentee.id] == k + 1:
            errors.append(RowError(name, pin.row, "mentee_id", f"pins {mentee.id} to more than {k} "
                                   "mentor(s); remove a pin or raise k."))
    return errors


def load_problem(*, mentors: Source, mentees: Source, exclusions: Source | None = None,
                 pins: Source | None = None, names: dict[str, str] | None = None, k: int = 1) -> Problem:
    """Read and check all files; raise :class:`MatchingInputError` listing every problem found."""
    names = {"mentors": "mentors.csv", "mentees": "mentees.csv", "exclusions": "exclusions.csv",
             "pins": "pins.csv", **(names or {})}
    found_mentors, errors = parse_mentors(mentors, name=names["mentors"])
    found_mentees, more = parse_mentees(mentees, name=names["mentees"])
    errors += more
    mentor_ids, mentee_ids = {m.id for m in found_mentors}, {m.id for m in found_mentees}
    excl: list[Exclusion] = []
    pin_list: list[Pin] = []
    if exclusions is not None:
        rows, more = _pairs(exclusions, name=names["exclusions"], kind="exclusions",
                            mentor_ids=mentor_ids, mentee_ids=mentee_ids)
        errors += more
        excl = [Exclusion(c["mentee_id"], c["mentor_id"], c.get("reason", ""), row=n) for n, c in rows]
    if pins is not None:
        rows, more = _pairs(pins, name=names["pins"], kind="pins", mentor_ids=mentor_ids,
                            mentee_ids=mentee_ids)
        errors += more
        pin_list = [Pin(c["mentee_id"], c["mentor_id"], row=n) for n, c in rows]
    problem = Problem(mentors=tuple(found_mentors), mentees=tuple(found_mentees), exclusions=tuple(excl),
                      pins=tuple(pin_list), source=f"{names['mentors']}, {names['mentees']}")
    errors += check_pins(problem, name=names["pins"], k=k)
    if errors:
        raise MatchingInputError(errors)
    return problem
