"""`coach themes`: JSON shape, note ids for the operator's file, clear errors on bad files."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from coach.context import Context
from coach.themes import ThemeService
from coach.themes.anonymizer import TextAnonymizer

WORDS = {
    "zones": "timezone difference meeting slot rescheduled calendar overlap hours invite night".split(),
    "feedback": "blunt feedback review harsh culture direct criticism comments sting softened".split(),
}


class Redact(TextAnonymizer):
    def __init__(self, roster) -> None:  # type: ignore[no-untyped-def]
        self.words = {e.handle for e in roster.entries if e.handle}

    def anonymize(self, text: str) -> str:
        return " ".join("<PERSON>" if w.strip(".,") in self.words else w for w in text.split())


@pytest.fixture(autouse=True)
def fake_anonymizer(monkeypatch: pytest.MonkeyPatch, ctx: Context) -> None:
    import coach.cli.themes as cmd

    monkeypatch.setattr(cmd, "service", lambda _ctx: ThemeService(
        ctx.db, embedder_factory=lambda: ctx.embedder, nlp_factory=lambda: None, anonymizer_factory=Redact))


def notes_csv(tmp_path: Path, *, people: int = 12, bom: bool = False) -> Path:
    rng = random.Random(2)
    lines = ["note_id,participant,date,text"]
    n = 0
    for words in WORDS.values():
        for i in range(people * 2):
            n += 1
            lines.append(f"n{n},p{i % people},2026-0{7 + i % 3}-1{i % 9},"
                         f"\"p{i % people} said {' '.join(rng.sample(words, 6))}.\"")
    path = tmp_path / "notes.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + "\n".join(lines).encode("utf-8") + b"\n")
    return path


def test_json_shape_with_note_ids(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes", "--notes", str(notes_csv(tmp_path, bom=True)), "--format", "json")
    data = json.loads(result.stdout)
    assert set(data) >= {"themes", "suppressed", "outliers"}
    assert set(data["suppressed"]) == {"notes", "themes"}
    assert len(data["themes"]) == 2
    for theme in data["themes"]:
        assert set(theme) >= {"label", "keywords", "participants", "notes", "note_ids", "examples"}
        assert theme["participants"] == 12 and len(theme["note_ids"]) == theme["notes"] == 24
        assert theme["examples"] and all("p1 " not in e for e in theme["examples"])
        assert all(not k.startswith("p") or k in ("product",) for k in theme["keywords"])


def test_quote_gate_option(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "themes.json"
    result = cli("themes", "--notes", str(notes_csv(tmp_path)), "--min-quote-participants", "13",
                 "--format", "json", "--out", str(out))
    data = json.loads(result.stdout)
    assert all(t["examples"] == [] for t in data["themes"])
    assert json.loads(out.read_text()) == data


def test_too_few_participants_is_not_an_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes", "--notes", str(notes_csv(tmp_path, people=3)))
    assert "Not enough participants to show themes yet" in result.stdout


@pytest.mark.parametrize("content, message", [
    ("id,text\n1,hello\n", "missing the column(s) note_id, participant, date"),
    ("note_id,participant,date,text\n1,a,2026-01-01,x\n1,b,2026-01-01,y\n", "row 3: note_id '1'"),
])
def test_bad_files_name_what_to_fix(cli, tmp_path: Path, content: str, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.csv"
    path.write_text(content)
    result = cli("themes", "--notes", str(path), code=2)
    assert message in result.output


def test_bad_thresholds_and_missing_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("themes", "--notes", str(notes_csv(tmp_path)), "--min-participants", "1", code=2)
    assert "at least 2" in result.output
    result = cli("themes", "--notes", str(tmp_path / "nope.csv"), code=2)
    assert "No notes file" in result.output


def test_empty_notes_are_counted(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = notes_csv(tmp_path)
    path.write_text(path.read_text() + "x1,p1,2026-07-01,\n")
    result = cli("themes", "--notes", str(path), "--format", "json")
    assert "1 empty note(s) set aside (rows" in result.output
