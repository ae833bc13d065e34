"""The guidance service over a real SQLite database and real FAISS/BM25, with a fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.access import OPERATOR, Actor
from coach.errors import AccessDeniedError, DocumentError, InputError, NotFoundError


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_default_library_is_loaded_and_searchable(ctx):
    docs = ctx.guidance.list_documents()
    assert docs and all(d.is_default for d in docs)
    assert sum(d.passages for d in docs) >= 40
    hits = ctx.guidance.search("sessions keep getting cancelled", k=5)
    assert len(hits) == 5
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert hits[0].source == "default library"
    assert all(h.passage_id and h.title and h.text for h in hits)


def test_add_update_and_remove_a_document(ctx, tmp_path):
    doc = write(tmp_path / "onboarding.md", "# Onboarding\n\n## Buddy system\n\nPair every "
                "newcomer with a zebra buddy for the first month.\n")
    [result] = ctx.guidance.add_files(OPERATOR, [doc])
    assert (result.status, result.passages) == ("added", 1)
    hits = ctx.guidance.search("zebra buddy newcomer", k=1)
    assert hits[0].source == str(doc.resolve()) and "zebra" in hits[0].text

    [again] = ctx.guidance.add_files(OPERATOR, [doc])
    assert again.status == "unchanged"
    write(doc, "# Onboarding\n\n## Buddy system\n\nPair every newcomer with a giraffe buddy.\n")
    [updated] = ctx.guidance.add_files(OPERATOR, [doc])
    assert updated.status == "updated"
    sources = [d.source for d in ctx.guidance.list_documents()]
    assert sources.count(str(doc.resolve())) == 1
    top = ctx.guidance.search("giraffe buddy", k=1)[0]
    assert "giraffe" in top.text
    assert all("zebra" not in h.text for h in ctx.guidance.search("zebra", k=10))

    removed = ctx.guidance.remove(OPERATOR, "onboarding.md")
    assert removed.passages == 1
    assert all(h.source == "default library" for h in ctx.guidance.search("giraffe", k=10))
    with pytest.raises(NotFoundError, match="coach guidance list"):
        ctx.guidance.remove(OPERATOR, "onboarding.md")


def test_a_bad_file_in_a_batch_saves_nothing(ctx, tmp_path):
    good = write(tmp_path / "good.txt", "Useful advice about agendas and notes.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    before = len(ctx.guidance.list_documents())
    with pytest.raises(DocumentError, match="bad.txt is empty"):
        ctx.guidance.add_files(OPERATOR, [good, bad])
    assert len(ctx.guidance.list_documents()) == before


def test_missing_file_and_size_limit(ctx, tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        ctx.guidance.add_files(OPERATOR, [tmp_path / "nope.md"])
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"word " * (ctx.settings.max_file_bytes // 5 + 10))
    with pytest.raises(DocumentError, match="limit is 10 MB"):
        ctx.guidance.add_files(OPERATOR, [huge])


@pytest.mark.parametrize(("query", "k", "message"), [
    ("", 5, "empty"), ("   ", 5, "empty"), ("ok", 0, "between 1 and 100"),
    ("ok", 101, "between 1 and 100"), ("x" * 3000, 5, "under 2000"),
])
def test_bad_queries(ctx, query, k, message):
    with pytest.raises(InputError, match=message):
        ctx.guidance.search(query, k=k)


def test_filters_by_tag_and_source(ctx, tmp_path):
    tag = ctx.guidance.tags()[0]
    hits = ctx.guidance.search("feedback", k=20, tags=[tag])
    assert hits and all(tag in h.tags for h in hits)
    doc = write(tmp_path / "mine.txt", "Feedback should be specific and kind.")
    ctx.guidance.add_files(OPERATOR, [doc])
    only = ctx.guidance.search("feedback", k=20, sources=["mine.txt"])
    assert [h.source for h in only] == [str(doc.resolve())]
    assert ctx.guidance.search("feedback", k=5, tags=["no-such-tag"]) == []


@pytest.mark.parametrize("mode", ["dense", "bm25", "hybrid"])
def test_modes(ctx, mode):
    hits = ctx.guidance.search("time zones far apart", k=3, mode=mode)
    assert 1 <= len(hits) <= 3


def test_mentee_may_not_add_documents(ctx, tmp_path):
    mentee = Actor(id=7, role="mentee", name="Ana")
    with pytest.raises(AccessDeniedError, match="may not add guidance"):
        ctx.guidance.add_files(mentee, [write(tmp_path / "a.txt", "text")])


def test_corrupt_index_file_is_rebuilt(ctx, fake_embedder):
    ctx.guidance.ensure_index()
    ctx.guidance.search("cancelled sessions", k=3)  # sentence and vocabulary vectors into the cache
    faiss_file = ctx.settings.index_dir / "guidance.faiss"
    assert faiss_file.exists()
    faiss_file.write_bytes(b"this is not a faiss index")
    from coach.context import Context

    fresh = Context(ctx.settings, embedder_factory=lambda: fake_embedder)
    seen = fake_embedder.texts_seen
    hits = fresh.guidance.search("cancelled sessions", k=3)
    assert len(hits) == 3
    assert "dense" in fresh.guidance.index.status.rebuilt
    assert fake_embedder.texts_seen - seen <= 2, "vectors come from the embeddings cache"


def test_deleted_index_files_are_rebuilt(ctx, fake_embedder):
    ctx.guidance.ensure_index()
    for path in ctx.settings.index_dir.iterdir():
        if path.is_file():
            path.unlink()
    from coach.context import Context

    fresh = Context(ctx.settings, embedder_factory=lambda: fake_embedder)
    assert len(fresh.guidance.search("listening", k=2)) == 2


def test_index_written_by_another_process_is_picked_up(ctx, tmp_path, fake_embedder):
    from coach.context import Context

    other = Context(ctx.settings, embedder_factory=lambda: fake_embedder)
    ctx.guidance.search("warm up", k=1)
    other.guidance.add_files(OPERATOR, [write(tmp_path / "n.txt", "Quokka onboarding tips.")])
    assert "Quokka" in ctx.guidance.search("quokka", k=1)[0].text


def test_only_uploader_facilitators_and_admins_remove(ctx, tmp_path):
    from coach.access import Actor
    from coach.errors import AccessDeniedError
    from coach.store.models import Person

    with ctx.db.session() as session:
        people = [Person(handle=h, name=h.title(), role=r) for h, r in
                  (("up", "mentor"), ("other", "mentor"), ("fac", "facilitator"), ("ee", "mentee"))]
        session.add_all(people)
        session.flush()
        ids = {p.handle: p.id for p in people}
    actors = {h: Actor(id=i, role=r, name=h) for (h, i), r in
              zip(ids.items(), ("mentor", "mentor", "facilitator", "mentee"), strict=True)}
    for name in ("a.md", "b.md"):
        doc = write(tmp_path / name, f"# {name}\n\n## Part\n\nSome advice about {name}.\n")
        ctx.guidance.add_files(actors["up"], [doc])
    info = next(d for d in ctx.guidance.list_documents() if d.title == "a.md")
    assert info.added_by == ids["up"]
    assert [ctx.guidance.can_remove(actors[h], info) for h in ("up", "other", "fac", "ee")] == [
        True, False, True, False]
    for who in ("other", "ee"):
        with pytest.raises(AccessDeniedError):
            ctx.guidance.remove(actors[who], "a.md")
    assert any(d.title == "a.md" for d in ctx.guidance.list_documents())
    assert ctx.guidance.remove(actors["up"], "a.md").title == "a.md"
    assert ctx.guidance.remove(actors["fac"], "b.md").passages == 1
