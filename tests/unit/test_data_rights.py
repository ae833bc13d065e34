"""Data rights: export (only the person themself) and account deletion (text gone from the database,
the embeddings cache and cached theme runs; audited without text), through the service and the CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from coach.access import OPERATOR
from coach.demo import load_demo
from coach.errors import AccessDeniedError, NotFoundError, SignInError
from coach.matching.options import MatchOptions
from coach.matching.result import MatchResult
from coach.matching.service import MatchingService
from coach.nlp.cache import cached_encode, text_hash
from coach.people import AccountService, SignInService
from coach.people.data_rights import DataRightsService
from coach.reflection.comments import add_comment
from coach.reflection.reflections import note_text
from coach.store.models import (
    AuditEntry,
    AutosavedText,
    EmbeddingCache,
    FeedbackDraft,
    Goal,
    MatchRun,
    Note,
    NoteRevision,
    Person,
    ReflectionComment,
    ThemeRun,
)
from coach.store.people import get_actor
from tests.cli.conftest import Cli

SECRET = "I told nobody that [my manager](http://evil.example/x.png) <script>alert(1)</script> scares me"


@pytest.fixture
def world(ctx, fake_embedder):  # type: ignore[no-untyped-def]
    load_demo(ctx.db)
    from coach.reflection.checkins import pairs_for

    mentee = get_actor(ctx.db, "mateo")
    [pair] = pairs_for(ctx.db, mentee)
    mentor = get_actor(ctx.db, pair.mentor_id)
    with ctx.db.session() as session:
        note = Note(author_id=mentee.id, session_date=pair.started, what=SECRET, so_what="Second part.",
                    now_what="", shared_with_mentor=True, version=2)
        session.add(note)
        session.flush()
        session.add(NoteRevision(note_id=note.id, version=1, what="An earlier secret wording."))
        session.add(FeedbackDraft(author_id=mentee.id, about_id=mentor.id, text="Draft only I wrote."))
        session.add(ThemeRun(key="k" * 64, result={"themes": []}))
        note_id = note.id
        texts = [note_text(n.what, n.so_what, n.now_what) for n in session.scalars(
            select(Note).where(Note.author_id == mentee.id)).all()]
        other = [note_text(n.what, n.so_what, n.now_what) for n in session.scalars(
            select(Note).where(Note.author_id != mentee.id)).all()][:5]
    add_comment(ctx.db, mentor, note_id, "Mentor's comment on the secret note.")
    add_comment(ctx.db, mentee, note_id, "My own reply.")
    cached_encode(ctx.db, fake_embedder, [*texts, "An earlier secret wording.", *other])
    with ctx.db.session() as session:
        session.get(Person, mentee.id).bio = "See ![me](http://evil.example/track.png) <b>bold</b>"
    AccountService(ctx.db).set_password(OPERATOR, "mateo", "correct horse battery")
    return ctx, mentee, mentor, note_id, texts, other


def _count(db, model, *where):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_export_holds_everything_of_the_person(world, tmp_path):
    ctx, mentee, _mentor, note_id, texts, _other = world
    paths = DataRightsService(ctx.db).write_export(mentee, tmp_path / "out")
    data = json.loads(paths[0].read_text())
    assert data["profile"]["handle"] == "mateo"
    assert len(data["reflections"]) == len(texts)
    mine = next(r for r in data["reflections"] if r["id"] == note_id)
    assert mine["what"] == SECRET
    assert [r["what"] for r in mine["revisions"]] == ["An earlier secret wording."]
    assert {c["text"] for c in mine["comments_on_it"]} == {"Mentor's comment on the secret note.",
                                                            "My own reply."}
    assert [c["text"] for c in data["comments"]] == ["My own reply."]
    assert [d["text"] for d in data["drafts"]] == ["Draft only I wrote."]
    assert data["goals"] and all("milestones" in g for g in data["goals"])
    assert data["checkins"]
    markdown = paths[1].read_text()
    assert "Draft only I wrote." in markdown
    # user text stays text: no live link, image or HTML tag in the Markdown
    assert "](http" not in markdown and "<script>" not in markdown and "<b>" not in markdown
    assert "\\<script\\>" in markdown


@pytest.mark.parametrize("who", ["mentor", "facilitator", "admin", "operator", "other mentee"])
def test_nobody_else_may_export(world, who):
    ctx, _mentee, mentor, *_ = world
    actor = {"mentor": mentor, "facilitator": get_actor(ctx.db, "noor"), "admin": get_actor(ctx.db, "tomasz"),
             "operator": OPERATOR, "other mentee": get_actor(ctx.db, "ana")}[who]
    with pytest.raises(AccessDeniedError, match="private"):
        DataRightsService(ctx.db).export(actor, "mateo")


def test_delete_removes_text_everywhere_and_keeps_others(world):
    ctx, mentee, _mentor, note_id, texts, other = world
    before_others = _count(ctx.db, Note, Note.author_id != mentee.id)
    report = DataRightsService(ctx.db).delete_account(mentee, "mateo")
    assert report.handle == "mateo" and report.notes == len(texts) and report.revisions == 1
    assert report.comments == 2 and report.drafts == 1 and report.theme_runs == 1
    db = ctx.db
    assert _count(db, Note, Note.author_id == mentee.id) == 0
    assert _count(db, NoteRevision, NoteRevision.note_id == note_id) == 0
    assert _count(db, FeedbackDraft, FeedbackDraft.author_id == mentee.id) == 0
    assert _count(db, ReflectionComment, ReflectionComment.note_id == note_id) == 0
    assert _count(db, Goal, Goal.owner_id == mentee.id) == 0
    assert _count(db, ThemeRun) == 0
    assert _count(db, Note) == before_others  # nobody else's note went
    gone = [text_hash(t) for t in [*texts, "An earlier secret wording."]]
    kept = [text_hash(t) for t in other]
    assert _count(db, EmbeddingCache, EmbeddingCache.text_hash.in_(gone)) == 0
    assert _count(db, EmbeddingCache, EmbeddingCache.text_hash.in_(kept)) == len(set(kept))
    with db.session() as session:
        person = session.get(Person, mentee.id)
        assert person.name.startswith("Deleted person") and not person.active and person.email == ""
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "account deleted")).one()
        assert "secret" not in (entry.detail + entry.target).lower() and "notes: " in entry.detail
    with pytest.raises(SignInError):
        SignInService(db).sign_in("mateo", "correct horse battery")
    with pytest.raises(NotFoundError):
        DataRightsService(db).person_actor("mateo")


def test_only_the_person_or_an_admin_deletes(world):
    ctx, mentee, mentor, *_ = world
    service = DataRightsService(ctx.db)
    for actor in (mentor, get_actor(ctx.db, "noor"), get_actor(ctx.db, "ana")):
        with pytest.raises(AccessDeniedError):
            service.delete_account(actor, "mateo")
    assert _count(ctx.db, Note, Note.author_id == mentee.id) > 0  # nothing went on a refusal
    report = service.delete_account(get_actor(ctx.db, "tomasz"), "mateo")
    assert report.notes > 0


def test_cli_export_and_delete(world, tmp_path):
    ctx, mentee, *_ = world
    cli = Cli(ctx)
    out = tmp_path / "export"
    result = cli("me", "export", "--as", "mateo", "--out", str(out))
    assert "mateo-data.json" in result.output and (out / "mateo-data.md").is_file()
    refused = cli("me", "delete", "--as", "mateo", code=2)
    assert "--yes" in refused.output and _count(ctx.db, Note, Note.author_id == mentee.id) > 0
    done = cli("me", "delete", "--as", "mateo", "--yes")
    assert "deleted the account mateo" in done.output
    assert _count(ctx.db, Note, Note.author_id == mentee.id) == 0
    missing = cli("me", "export", "--as", "mateo", "--out", str(out), code=3)
    assert "Traceback" not in missing.output
    blocked = tmp_path / "file.txt"
    blocked.write_text("x")
    cli("me", "export", "--as", "ana", "--out", str(blocked), code=2)


def test_autosaved_text_is_exported_and_deleted(world, tmp_path):
    ctx, mentee, mentor, *_ = world
    ctx.autosave.save(mentee, "reflection", {"what": "Half-typed: [link](http://evil.example/a.png)"})
    ctx.autosave.save(mentor, "feedback", {"text": "The mentor's own unsaved draft."})
    paths = DataRightsService(ctx.db).write_export(mentee, tmp_path / "out")
    data = json.loads(paths[0].read_text())
    assert [(a["kind"], a["field"], a["text"]) for a in data["autosaved"]] == [
        ("reflection", "what", "Half-typed: [link](http://evil.example/a.png)")]
    markdown = paths[1].read_text()
    assert "Unsaved text kept by autosave (1)" in markdown and "](http" not in markdown
    report = DataRightsService(ctx.db).delete_account(mentee, "mateo")
    assert report.autosaves == 1
    assert _count(ctx.db, AutosavedText, AutosavedText.person_id == mentee.id) == 0
    assert ctx.autosave.load(mentor, "feedback")["text"].text == "The mentor's own unsaved draft."


def test_deletion_scrubs_match_runs(world):
    """Stored match runs (draft and published) lose the person's id, name and the reasons that quote
    their goals and bio; another mentee's reason that names them is rewritten; others' stay."""
    ctx, mentee, *_ = world
    service = MatchingService(ctx.db, lambda: ctx.embedder)
    problem = service.program_problem(OPERATOR, rematch=True)
    run_id, result = service.run(OPERATOR, problem, MatchOptions())
    assert any(m.mentee_id == "mateo" for m in [*result.matches, *result.unmatched])
    with ctx.db.session() as session:
        name = session.get(Person, mentee.id).name
    with ctx.db.session() as session:  # a CSV run whose ids are handles, naming mateo in ana's reason
        session.add(MatchRun(source="mentors.csv", parameters={}, status="published", result={
            "matches": [{"mentee_id": "mateo", "mentor_id": "m1", "score": 0.9, "reasons": [
                "goal “become a confident public speaker” ↔ bio “toastmasters coach”"],
                "mentee_name": name, "mentor_name": "Mentor One"},
                {"mentee_id": "ana", "mentor_id": "m1", "score": 0.5, "reasons": [
                    f"second choice: {name} took the closest mentor (mateo)"],
                 "mentee_name": "Ana", "mentor_name": "Mentor One"}],
            "unmatched": [], "stats": {}, "exclusions": [["mateo", "m2", "they worked together at Acme"]]}))
    report = DataRightsService(ctx.db).delete_account(mentee, "mateo")
    assert report.match_runs == 2
    with ctx.db.session() as session:
        runs = {r.id: r for r in session.scalars(select(MatchRun)).all()}
        stored = json.dumps([r.result for r in runs.values()] + [r.parameters for r in runs.values()])
    assert name not in stored and '"mateo"' not in stored and "(mateo)" not in stored
    assert "public speaker" not in stored and "Acme" not in stored
    program_run = runs[run_id].result
    gone = f"deleted-{mentee.id}"
    mine = [m["reasons"] for m in program_run["matches"] if m["mentee_id"] == gone]
    mine += [[u["reason"]] for u in program_run["unmatched"] if u["mentee_id"] == gone]
    assert mine and all(r == ["removed: the account was deleted"] for r in mine)
    others = [m for m in program_run["matches"] if m["mentee_id"] != f"deleted-{mentee.id}"]
    assert others and all(m["reasons"] != ["removed: the account was deleted"] for m in others)
    assert f"deleted-{mentee.id}" in program_run["person_ids"]
    csv_run = next(r.result for r in runs.values() if r.source == "mentors.csv")
    assert csv_run["matches"][1]["reasons"] == [
        f"second choice: Deleted person {mentee.id} took the closest mentor (deleted-{mentee.id})"]
    assert MatchResult.from_dict(program_run).matches  # still readable by the Matching page
