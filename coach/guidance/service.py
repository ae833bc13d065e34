"""The guidance service: what the CLI and the app call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from sqlalchemy import func, select

from coach.access import OPERATOR, Actor, require_role
from coach.config import Settings
from coach.errors import AccessDeniedError, DocumentError, InputError, NotFoundError
from coach.guidance.documents import (
    AddResult,
    DocumentInfo,
    content_hash,
    display_source,
    parse_document,
    upsert_document,
)
from coach.guidance.index import REVISION, GuidanceIndex, IndexStatus, Progress, RetrievalConfig
from coach.guidance.library import DEFAULT_LIBRARY_DIR, default_library_files, default_source_key
from coach.guidance.preference import GuidanceSettings
from coach.guidance.preference import prefer_program as prefer_program_passages
from coach.nlp.embedder import Embedder
from coach.store.db import Database
from coach.store.models import GuidanceDocument, GuidancePassage, Program

MAX_QUERY_CHARS = 2000
MAX_K = 100


@dataclass(frozen=True)
class SearchHit:
    rank: int
    score: float
    text: str
    source: str
    title: str
    passage_id: str
    tags: list[str] = field(default_factory=list)
    document: str = ""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


class GuidanceService:
    def __init__(self, db: Database, embedder_factory: Callable[[], Embedder], *,
                 settings: Settings, config: RetrievalConfig | None = None,
                 library_dir: Path | None = None) -> None:
        self.db = db
        self.settings = settings
        self.index = GuidanceIndex(db, embedder_factory, settings.index_dir, config)
        self.library_dir = library_dir or DEFAULT_LIBRARY_DIR
        self._program_ids: tuple[int, set[int]] = (-1, set())

    # -- documents -----------------------------------------------------------------------
    def ensure_default_library(self) -> list[AddResult]:
        """Load (or refresh) the shipped library; unchanged files are skipped cheaply."""
        results = []
        for path in default_library_files(self.library_dir):
            data = path.read_bytes()
            results.append(self._add(OPERATOR, default_source_key(path), path.name, data,
                                     is_default=True))
        return results

    def add_files(self, actor: Actor, paths: Sequence[Path], *,
                  progress: Progress | None = None) -> list[AddResult]:
        """Add or update documents from files; all are checked before any is saved."""
        require_role(actor, "mentor", "facilitator", "admin", action="add guidance documents")
        loaded = []
        for path in paths:
            if not path.is_file():
                raise DocumentError(f"{path}: no such file. Check the path and try again.")
            size = path.stat().st_size
            if size > self.settings.max_file_bytes:
                raise DocumentError(
                    f"{path.name} is {size / 1_048_576:.1f} MB; the limit is "
                    f"{self.settings.max_file_bytes / 1_048_576:.0f} MB per document. Split it "
                    "into smaller files, or raise COACH_MAX_FILE_MB."
                )
            loaded.append((str(path.resolve()), path.name, path.read_bytes()))
        return self.add_documents(actor, loaded, progress=progress)

    def add_documents(self, actor: Actor, items: Sequence[tuple[str, str, bytes]], *,
                      progress: Progress | None = None) -> list[AddResult]:
        """Add (source, file name, bytes) items, e.g. from an upload; validated first."""
        require_role(actor, "mentor", "facilitator", "admin", action="add guidance documents")
        parsed = []
        for source, name, data in items:
            title, drafts = parse_document(data, name=name, max_bytes=self.settings.max_file_bytes)
            parsed.append((source, title, content_hash(data), drafts))
        results = []
        with self.db.session() as session:
            for source, title, digest, drafts in parsed:
                result = upsert_document(session, source=source, title=title, digest=digest,
                                         drafts=drafts, is_default=False, added_by=actor.id)
                results.append(result)
            if any(r.status != "unchanged" for r in results):
                self.db.bump_revision(session, REVISION)
        self.index.ensure(progress=progress)
        return results

    def _add(self, actor: Actor, source: str, name: str, data: bytes, *,
             is_default: bool) -> AddResult:
        title, drafts = parse_document(data, name=name, max_bytes=self.settings.max_file_bytes)
        with self.db.session() as session:
            result = upsert_document(session, source=source, title=title,
                                     digest=content_hash(data), drafts=drafts,
                                     is_default=is_default, added_by=actor.id)
            if result.status != "unchanged":
                self.db.bump_revision(session, REVISION)
        return result

    def list_documents(self) -> list[DocumentInfo]:
        with self.db.session() as session:
            counts = dict(session.execute(
                select(GuidancePassage.document_id, func.count()).group_by(GuidancePassage.document_id)
            ).all())
            docs = session.scalars(select(GuidanceDocument).order_by(
                GuidanceDocument.is_default.desc(), GuidanceDocument.source)).all()
            return [DocumentInfo(d.id, display_source(d) if not d.is_default else d.source,
                                 d.title, int(counts.get(d.id, 0)), d.is_default, d.added_by)
                    for d in docs]

    @staticmethod
    def can_remove(actor: Actor, doc: DocumentInfo) -> bool:
        """The uploader, facilitators and admins may remove a document."""
        return actor.role in ("facilitator", "admin") or (
            actor.id is not None and actor.id == doc.added_by)

    def remove(self, actor: Actor, source: str) -> DocumentInfo:
        """Remove a document by its source path, file name or numeric id.

        Only its uploader, facilitators and admins (the local operator included) may remove it.
        """
        require_role(actor, "mentor", "facilitator", "admin", action="remove guidance documents")
        with self.db.session() as session:
            doc = self._find(session, source)
            info = DocumentInfo(doc.id, doc.source, doc.title, len(doc.passages), doc.is_default,
                                doc.added_by)
            if not self.can_remove(actor, info):
                raise AccessDeniedError(f"Only the person who added “{doc.title}”, a facilitator or an "
                                        "admin may remove it. Ask them if it should go.")
            session.delete(doc)
            self.db.bump_revision(session, REVISION)
        return info

    def _find(self, session, source: str) -> GuidanceDocument:  # type: ignore[no-untyped-def]
        candidates = session.scalars(select(GuidanceDocument)).all()
        for doc in candidates:
            if source in (doc.source, str(doc.id)) or (
                    not doc.is_default and Path(doc.source).name == source) or (
                    doc.is_default and doc.source.endswith(":" + source)):
                return doc
        try:
            resolved = str(Path(source).resolve())
        except OSError:
            resolved = source
        for doc in candidates:
            if doc.source == resolved:
                return doc
        raise NotFoundError(f"No guidance document {source!r}. `coach guidance list` shows the "
                            "documents and their sources.")

    def passages(self, *, tag: str | None = None) -> list[GuidancePassage]:
        with self.db.session() as session:
            rows = session.scalars(select(GuidancePassage).order_by(GuidancePassage.document_id,
                                                                    GuidancePassage.ordinal)).all()
            for row in rows:
                _ = row.document.title
        return [r for r in rows if tag is None or tag in (r.tags or [])]

    def tags(self) -> list[str]:
        return sorted({t for p in self.passages() for t in (p.tags or [])})

    # -- search --------------------------------------------------------------------------
    def ensure_index(self, progress: Progress | None = None) -> IndexStatus:
        return self.index.ensure(progress=progress)

    def search(self, query: str, *, k: int = 5, tags: Sequence[str] | None = None,
               sources: Sequence[str] | None = None, mode: str | None = None,
               fusion: RetrievalConfig | None = None,
               prefer_program: bool | None = None, rerank: bool | None = None) -> list[SearchHit]:
        """Best ``k`` passages. ``prefer_program`` (default: the program's setting) puts the program's
        own documents first when they answer about as well as the default library. Without a
        ``fusion`` override the top passages are re-ranked by the learned passage ranker unless the
        program's guidance settings turn it off; ``rerank`` decides it for this search alone (an
        override re-ranks only if it says so)."""
        query = "".join(c if c.isprintable() else " " for c in (query or "")).strip()
        if not query:
            raise InputError("The search query is empty. Type a question or a few words.")
        if len(query) > MAX_QUERY_CHARS:
            raise InputError(f"The query is {len(query)} characters; keep it under "
                             f"{MAX_QUERY_CHARS} (a question or a paragraph).")
        if k < 1 or k > MAX_K:
            raise InputError(f"--k must be between 1 and {MAX_K} (got {k}).")
        if mode not in (None, "hybrid", "dense", "bm25"):
            raise InputError(f"Unknown search mode {mode!r}: use hybrid, dense or bm25.")
        allowed = self._allowed(tags, sources)
        prefs = self.settings_for_program()
        prefer = prefs.prefer_program_documents if prefer_program is None else prefer_program
        wanted = prefs.rerank if rerank is None else rerank
        if fusion is None and wanted != self.index.config.rerank:
            fusion = replace(self.index.config, rerank=wanted)
        if not prefer or mode in ("dense", "bm25"):
            return self._hits(self.index.search(query, k, allowed=allowed, mode=mode, fusion=fusion))
        depth = max((fusion or self.index.config).depth, k)
        ranked = self.index.search(query, depth, allowed=allowed, mode=mode, fusion=fusion)
        return self._hits(prefer_program_passages(ranked, self._program_passage_ids(),
                                                  boost=prefs.program_boost)[:k])

    # -- program settings ------------------------------------------------------------------
    def settings_for_program(self) -> GuidanceSettings:
        with self.db.session() as session:
            program = session.scalar(select(Program).order_by(Program.id))
            return GuidanceSettings.from_dict((program.settings or {}).get("guidance") if program else None)

    def save_settings(self, actor: Actor, settings: GuidanceSettings) -> None:
        require_role(actor, "facilitator", "admin", action="change the program's guidance settings")
        with self.db.session() as session:
            program = session.scalar(select(Program).order_by(Program.id))
            if program is None:
                raise InputError("There is no program yet, so there are no program settings to save. "
                                 "Load the demo program (`coach demo`) or create a program first.")
            program.settings = {**(program.settings or {}), "guidance": settings.to_dict()}

    def _program_passage_ids(self) -> set[int]:
        revision = self.db.revision(REVISION)
        if self._program_ids[0] != revision:
            with self.db.session() as session:
                ids = session.scalars(select(GuidancePassage.id).join(GuidanceDocument).where(
                    GuidanceDocument.is_default.is_(False))).all()
            self._program_ids = (revision, set(ids))
        return self._program_ids[1]

    def _allowed(self, tags: Sequence[str] | None, sources: Sequence[str] | None) -> set[int] | None:
        if not tags and not sources:
            return None
        wanted_tags = {t.lower() for t in tags or []}
        allowed: set[int] = set()
        with self.db.session() as session:
            for passage in session.scalars(select(GuidancePassage)).all():
                doc = passage.document
                if wanted_tags and not wanted_tags & set(passage.tags or []):
                    continue
                if sources and not any(s in (display_source(doc), doc.source, Path(doc.source).name)
                                       or doc.source.endswith(":" + s) for s in sources):
                    continue
                allowed.add(passage.id)
        return allowed

    def _hits(self, ranked: list[tuple[int, float]]) -> list[SearchHit]:
        if not ranked:
            return []
        with self.db.session() as session:
            rows = {p.id: p for p in session.scalars(
                select(GuidancePassage).where(GuidancePassage.id.in_([i for i, _ in ranked]))).all()}
            hits = []
            for rank, (pid, score) in enumerate(ranked, start=1):
                p = rows.get(pid)
                if p is None:
                    continue
                hits.append(SearchHit(rank=rank, score=round(score, 6), text=p.text,
                                      source=display_source(p.document), title=p.title,
                                      passage_id=p.key, tags=list(p.tags or []),
                                      document=p.document.title))
        return hits
