"""The notes themes are found in, and reading them from a CSV (``note_id,participant,date,text``).

A structural problem (missing columns, duplicate note ids, a date that is not a date) stops before
anything is computed and names the row and the field. Empty notes are set aside and counted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from coach.errors import InputError

REQUIRED = ("note_id", "participant", "date", "text")
MAX_FILE_MB = 200


@dataclass(frozen=True)
class ThemeNote:
    note_id: str
    participant: str
    day: date | None
    text: str
    cohort: str = ""
    version: int = 1

    @property
    def month(self) -> str:
        return self.day.strftime("%Y-%m") if self.day else ""


@dataclass(frozen=True)
class ReadNotes:
    notes: list[ThemeNote]
    empty_rows: list[int]


def decode(data: bytes, *, source: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (never fails silently)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise InputError(f"{source} holds NUL bytes: it is binary, or UTF-16 without a byte-order mark. "
                         "Save it as UTF-8 CSV and try again.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source} is neither UTF-8 nor Windows-1252 text (byte {exc.start}). "
                             "Save it as UTF-8 CSV and try again.") from exc


def _parse_day(value: str, *, row: int, source: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError(f"{source} row {row}, field 'date': {value!r} is not a date. "
                         "Use YYYY-MM-DD (or leave it empty).") from exc


def read_notes_csv(path: Path) -> ReadNotes:
    if not path.is_file():
        raise InputError(f"No notes file at {path}. Give a CSV with columns {', '.join(REQUIRED)}.")
    if path.stat().st_size > MAX_FILE_MB * 1_000_000:
        raise InputError(f"{path} is larger than {MAX_FILE_MB} MB; split it into smaller files.")
    return parse_notes_csv(decode(path.read_bytes(), source=str(path)), source=str(path))


def parse_notes_csv(text: str, *, source: str = "notes.csv") -> ReadNotes:
    csv.field_size_limit(10_000_000)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise InputError(f"{source} row 1: not readable as CSV ({exc}). Save it as CSV (comma-separated, "
                         "UTF-8) from your spreadsheet.") from exc
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"{source} is missing the column(s) {', '.join(missing)} (found: "
                         f"{', '.join(header) or 'no header'}). The first row must name the columns "
                         f"{', '.join(REQUIRED)} (optional: cohort).")
    reader.fieldnames = header
    notes: list[ThemeNote] = []
    empty: list[int] = []
    seen: dict[str, int] = {}
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(f"{source} row {reader.line_num}: not readable as CSV ({exc}). Save it as CSV "
                         "(comma-separated, UTF-8) from your spreadsheet.") from exc
    if not rows:
        raise InputError(f"{source} has a header but no notes. Add one row per note "
                         f"({', '.join(REQUIRED)}).")
    for row_number, row in enumerate(rows, start=2):
        note_id = (row.get("note_id") or "").strip()
        if not note_id:
            raise InputError(f"{source} row {row_number}, field 'note_id' is empty. Every note needs an id.")
        if note_id in seen:
            raise InputError(f"{source} row {row_number}: note_id {note_id!r} already appears on row "
                             f"{seen[note_id]}. Note ids must be unique; remove or renumber the duplicate.")
        seen[note_id] = row_number
        participant = (row.get("participant") or "").strip()
        if not participant:
            raise InputError(f"{source} row {row_number}, field 'participant' is empty. Themes count "
                             "distinct participants, so every note needs one (a pseudonym is fine).")
        text_value = (row.get("text") or "").strip()
        if not text_value:
            empty.append(row_number)
            continue
        notes.append(ThemeNote(note_id=note_id, participant=participant,
                               day=_parse_day(row.get("date") or "", row=row_number, source=source),
                               text=text_value, cohort=(row.get("cohort") or "").strip()))
    return ReadNotes(notes, empty)
