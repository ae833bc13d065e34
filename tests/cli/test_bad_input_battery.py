"""Bad-input battery: every CLI command that reads a file or takes free text, fed empty, huge, binary,
wrongly encoded, wrongly shaped, SQL, HTML/script and control-character input, a .docx zip bomb and
malformed PDFs. Each gets a clear error (exit code != 0, one line on stderr, no traceback) and nothing
saved before is lost. Free text that is merely odd (SQL or HTML in a search) is treated as text."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from coach.access import OPERATOR
from coach.cli import app
from coach.demo import load_demo
from coach.store.models import (
    AuditEntry,
    EmbeddingCache,
    FeedbackDraft,
    Goal,
    GuidanceDocument,
    GuidancePassage,
    Note,
    Person,
)

SQL = "x'; DROP TABLE notes; --"
SCRIPT = "<script>alert('x')</script>"
CONTROL = "bad\x00\x1b[2J\x07name"
#: commands that validate a whole file and report every bad row (matching) or item (check --file)
MULTI_LINE = ("match ", "check --file")
SAVED_NOTE = "Saved before the battery: this must survive every bad input."


def _zip_bomb() -> bytes:
    """A .docx whose document.xml unpacks to 210 MB of zeros (about 200 KB on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as entry:
            block = b"\0" * (1024 * 1024)
            for _ in range(210):
                entry.write(block)
    return buffer.getvalue()


FILES: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "whitespace": lambda: b"  \n\t\n ",
    "binary": lambda: b"\x89PNG\r\n\x1a\n" + os.urandom(4096),
    "encoding": lambda: b"note_id,participant,date,text\n1,p1,2026-01-01,caf\x81\x8d\x90\x9d\n",
    "utf16-no-bom": lambda: "plain words in UTF-16 without a byte-order mark".encode("utf-16-le"),
    "control": lambda: b"hello\x00\x01\x02\x1b[2J world\n",
    "huge": lambda: b"word " * (2_300_000),  # 11.5 MB, over the 10 MB limit
    "wrong-columns": lambda: b"foo,bar,baz\n1,2,3\n",
    "header-only": lambda: b"note_id,participant,date,text\n",
    "zip-bomb": _zip_bomb,
    "not-a-zip": lambda: b"PK\x03\x04 this is not really a zip archive",
    "pdf-garbage": lambda: b"%PDF-1.7\n" + os.urandom(2048),
    "pdf-truncated": lambda: b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Ty",
    "script-only-html": lambda: f"<html><head>{SCRIPT}</head><body>{SCRIPT}</body></html>".encode(),
    "bad-jsonl": lambda: b'{"id": 1, "text": "fine"}\n{not json\n',
}

# (case id, file kind or None, file name, argv with {f} for the file path)
CASES: list[tuple[str, str | None, str, list[str]]] = [
    # guidance add: every document shape
    *[(f"guidance add {kind} {name}", kind, name, ["guidance", "add", "{f}"]) for kind, name in [
        ("empty", "empty.md"), ("whitespace", "blank.txt"), ("binary", "picture.md"),
        ("encoding", "latin.txt"), ("control", "nul.txt"), ("huge", "huge.txt"), ("zip-bomb", "bomb.docx"),
        ("not-a-zip", "fake.docx"), ("binary", "random.docx"), ("pdf-garbage", "garbage.pdf"),
        ("pdf-truncated", "truncated.pdf"), ("binary", "random.pdf"), ("script-only-html", "script.html"),
        ("empty", "empty.html"), ("binary", "program.exe")]],
    ("guidance add missing file", None, "", ["guidance", "add", "/no/such/file.md"]),
    ("guidance search empty", None, "", ["guidance", "search", "  "]),
    ("guidance search control", None, "", ["guidance", "search", "\x00\x1b\x07"]),
    ("guidance remove sql", None, "", ["guidance", "remove", SQL]),
    # check: the feedback checker's batch files
    *[(f"check --file {kind} {name}", kind, name, ["check", "--file", "{f}"]) for kind, name in [
        ("empty", "empty.txt"), ("binary", "bin.txt"), ("encoding", "latin.txt"), ("huge", "huge.txt"),
        ("wrong-columns", "cols.csv"), ("bad-jsonl", "bad.jsonl"), ("binary", "bin.csv"),
        ("utf16-no-bom", "u16.txt"), ("empty", "empty.csv")]],
    ("check empty text", None, "", ["check", "   "]),
    # reflect: a reflection file
    *[(f"reflect --file {kind}", kind, "r.txt", ["reflect", "--file", "{f}"]) for kind in
      ("empty", "binary", "encoding", "huge", "utf16-no-bom")],
    ("reflect --goals binary", "binary", "goals.txt", ["reflect", "--file", "{f}", "--goals", "{f}"]),
    # matching CSVs
    *[(f"match --mentors {kind}", kind, "mentors.csv", ["match", "--mentors", "{f}", "--mentees", "{f}"])
      for kind in ("empty", "binary", "encoding", "wrong-columns", "huge", "utf16-no-bom")],
    # themes notes and roster CSVs
    *[(f"themes --notes {kind}", kind, "notes.csv", ["themes", "--notes", "{f}"]) for kind in
      ("empty", "binary", "encoding", "wrong-columns", "header-only", "huge", "utf16-no-bom")],
    # people referenced by handle: SQL, HTML, control characters
    *[(f"{cmd} --as {label}", None, "", [*cmd.split(), "--as", value, *extra])
      for label, value in (("sql", SQL), ("script", SCRIPT), ("control", CONTROL))
      for cmd, extra in (("journal", []), ("goals list", []), ("checkins status", []),
                         ("agenda", ["--pair", "1"]), ("me export", ["--out", "/tmp/never-written"]),
                         ("me delete", ["--yes"]), ("insights", []))],
    # accounts: handles, roles, e-mails, passwords
    ("users add sql handle", None, "", ["users", "add", SQL, "--name", "X", "--role", "mentee"]),
    ("users add script handle", None, "", ["users", "add", SCRIPT, "--name", "X", "--role", "mentee"]),
    ("users add control handle", None, "", ["users", "add", CONTROL, "--name", "X", "--role", "mentee"]),
    ("users add sql role", None, "", ["users", "add", "newbie", "--name", "X", "--role", SQL]),
    ("users add bad email", None, "", ["users", "add", "newbie", "--name", "X", "--role", "mentee",
                                       "--email", SCRIPT]),
    ("users add empty name", None, "", ["users", "add", "newbie", "--name", "  ", "--role", "mentee"]),
    ("users set-password no stdin", None, "", ["users", "set-password", "ana", "--password-stdin"]),
    ("users remove sql", None, "", ["users", "remove", SQL]),
    ("users roles script", None, "", ["users", "roles", "ana", "--role", SCRIPT]),
    # goals and check-ins: dates and text
    ("goals add bad date", None, "", ["goals", "add", "Ship it", "--as", "ana", "--target", "2027-02-30"]),
    ("goals add sql date", None, "", ["goals", "add", "Ship it", "--as", "ana", "--target", SQL]),
    ("goals add empty title", None, "", ["goals", "add", "  ", "--as", "ana"]),
    ("goals check empty", None, "", ["goals", "check", " "]),
    ("checkins log bad day", None, "", ["checkins", "log", "--pair", "1", "--as", "ana", "--on", SQL]),
    ("insights bad month", None, "", ["insights", "--from", "2026-13"]),
    ("insights script cohort", None, "", ["insights", "--from", SCRIPT]),
]


def _counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {m.__tablename__: int(session.scalar(select(func.count()).select_from(m)) or 0)
                for m in (Person, Note, Goal, FeedbackDraft, GuidanceDocument, GuidancePassage,
                          EmbeddingCache)}


@pytest.fixture(scope="module")
def made_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return {kind: make() for kind, make in FILES.items()}


@pytest.fixture
def world(ctx):  # type: ignore[no-untyped-def]
    load_demo(ctx.db)
    with ctx.db.session() as session:
        ana = session.scalar(select(Person).where(Person.handle == "ana"))
        session.add(Note(author_id=ana.id, session_date=ana.created_at.date(), what=SAVED_NOTE))
    ctx.guidance.search("feedback", k=1)  # the default library and its index exist before the battery
    return ctx


@pytest.mark.parametrize(("case", "kind", "name", "argv"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_one_clear_line_and_loses_nothing(world, made_files, tmp_path, case, kind, name,
                                                          argv):
    before = _counts(world.db)
    path = tmp_path / (name or "unused")
    if kind is not None:
        path.write_bytes(made_files[kind])
    args = [a.replace("{f}", str(path)) for a in argv]
    result = CliRunner().invoke(app, args, obj=world, input="")
    assert result.exit_code not in (0, None), f"{case}: accepted ({result.stdout[-300:]!r})"
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{case}: crashed with {result.exception!r}"
    message = result.stderr.strip()
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    if case.startswith(MULTI_LINE):  # these list every bad row or item, one per line, after "Error: "
        errors = [line for line in message.splitlines() if line.startswith("Error: ")]
        assert errors and all(len(line) > 30 for line in errors), f"{case}: unclear: {message!r}"
    else:
        assert len(message.splitlines()) == 1, f"{case}: not one line: {message!r}"
        assert message.startswith("Error: ") and len(message) > 30, f"{case}: unclear: {message!r}"
    assert "\x00" not in message and "\x1b" not in message, f"{case}: echoes control characters"
    assert _counts(world.db) == before, f"{case}: changed saved data"
    with world.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Note).where(Note.what == SAVED_NOTE)) == 1
        assert session.scalar(select(func.count()).select_from(AuditEntry)) is not None


@pytest.mark.parametrize("query", [SQL, SCRIPT, "' OR 1=1 --", "%_%", "a" * 5000])
def test_odd_free_text_in_a_search_is_just_text(world, query):
    before = _counts(world.db)
    result = CliRunner().invoke(app, ["guidance", "search", query, "--format", "json"], obj=world)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    assert _counts(world.db) == before
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1


def test_documents_added_before_a_failed_batch_stay(world, made_files, tmp_path):
    """A batch with one bad file saves none of it, and keeps what was there."""
    good = tmp_path / "good.md"
    good.write_text("# Pairing\n\nAgree on a weekly slot and keep it.\n")
    CliRunner().invoke(app, ["guidance", "add", str(good)], obj=world)
    before = _counts(world.db)
    bad = tmp_path / "bomb.docx"
    bad.write_bytes(made_files["zip-bomb"])
    other = tmp_path / "other.md"
    other.write_text("# Other\n\nA second good document.\n")
    result = CliRunner().invoke(app, ["guidance", "add", str(other), str(bad)], obj=world)
    assert result.exit_code != 0 and "bomb.docx" in result.stderr
    assert _counts(world.db) == before
    assert world.guidance.search("weekly slot", k=1)
    assert OPERATOR.role == "admin"
