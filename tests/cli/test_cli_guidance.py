"""The `coach guidance` and `coach demo` commands (fake embedder, real SQLite/FAISS/BM25)."""

from __future__ import annotations

import json


def test_search_json_shape(cli):
    out = cli("guidance", "search", "how do I run a check-in agenda", "--k", "5", "--format", "json")
    hits = json.loads(out.stdout)
    assert [h["rank"] for h in hits] == [1, 2, 3, 4, 5]
    for hit in hits:
        assert {"rank", "score", "text", "source", "title", "passage_id"} <= set(hit)
        assert hit["source"] == "default library"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_list_snapshot(cli, snapshot):
    snapshot("guidance_list.txt", cli("guidance", "list").stdout)


def test_add_list_remove(cli, tmp_path):
    doc = tmp_path / "policy.md"
    doc.write_text("# Policy\n\nMentors meet mentees every two weeks at minimum.\n")
    assert "added" in cli("guidance", "add", str(doc)).stdout
    assert "unchanged" in cli("guidance", "add", str(doc)).stdout
    listed = json.loads(cli("guidance", "list", "--format", "json").stdout)
    assert any(d["source"] == str(doc.resolve()) and d["passages"] == 1 for d in listed)
    assert "removed 1 passages" in cli("guidance", "remove", "policy.md").stdout


def test_errors_are_one_line_with_exit_codes(cli, tmp_path):
    assert "empty" in cli("guidance", "search", "  ", code=2).stderr
    assert "between 1 and 100" in cli("guidance", "search", "x", "--k", "0", code=2).stderr
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04")
    err = cli("guidance", "add", str(bad), code=2).stderr
    assert err.startswith("Error: bad.docx is not a .docx file") and err.count("\n") == 1
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0 binary")
    assert "unsupported file type '.doc'" in cli("guidance", "add", str(old), code=2).stderr
    assert "No guidance document" in cli("guidance", "remove", "nothing.md", code=3).stderr


def test_reindex(cli):
    assert "indexed" in cli("guidance", "reindex").stdout


def test_demo_and_people(cli):
    first = cli("demo").stdout
    assert "created" in first
    assert "already there" in cli("demo").stdout
    people = json.loads(cli("people", "list", "--format", "json").stdout)
    assert {"mentor", "mentee", "facilitator"} <= {p["role"] for p in people}


def test_guidance_settings_and_docx_upload(cli, tmp_path):
    import json

    import docx

    cli("demo")
    assert cli("guidance", "settings").output.splitlines() == [
        "prefer the program's own documents: on", "re-rank search results: on"]
    out = cli("guidance", "settings", "--no-prefer-program", "--format", "json").output
    assert json.loads(out)["prefer_program_documents"] is False
    out = json.loads(cli("guidance", "settings", "--no-rerank", "--format", "json").output)
    assert (out["rerank"], out["prefer_program_documents"]) == (False, False)  # the other one kept
    for flag in ("--rerank", "--no-rerank"):  # one search overrides the setting; the setting stays
        assert json.loads(cli("guidance", "search", "cancelled sessions", flag, "--format", "json").output)
    assert json.loads(cli("guidance", "settings", "--format", "json").output)["rerank"] is False
    document = docx.Document()
    document.add_heading("Cancelled sessions", level=1)
    document.add_paragraph("If a session is cancelled twice in a row, tell the programme office on "
                           "form PO-7.")
    path = tmp_path / "handbook.docx"
    document.save(str(path))
    cli("guidance", "add", str(path))
    hits = json.loads(cli("guidance", "search", "form PO-7 cancelled twice", "--format", "json").output)
    assert hits[0]["source"].endswith("handbook.docx") and "PO-7" in hits[0]["text"]
