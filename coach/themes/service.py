"""ThemeService: themes for facilitators and admins, gated and anonymized, cached until notes change.

- ``program_themes(actor)``: the program's reflections (all mentees). Facilitators and admins only;
  the result never holds note ids, participant ids or names. Cached in ``theme_runs`` under a hash of
  (note id, version, cohort) of every note, the roster, the gates and the pipeline.
- ``file_themes(actor, notes)``: notes from a CSV, for the operator running the CLI on their own file;
  the result keeps note ids (the operator already has them).
Raw notes never leave this module.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select

from coach.access import Actor, require_role
from coach.errors import AccessDeniedError
from coach.nlp.cache import cached_encode
from coach.nlp.embedder import Embedder
from coach.people.audit import log_view
from coach.privacy import GateConfig
from coach.reflection.reflections import note_text
from coach.store.db import Database
from coach.store.models import Note, Person, ThemeRun
from coach.themes.anonymizer import Anonymizer, TextAnonymizer
from coach.themes.clustering import ClusterOptions
from coach.themes.notes import ReadNotes, ThemeNote
from coach.themes.pipeline import PIPELINE, Progress, find_themes
from coach.themes.report import ThemeReport
from coach.themes.roster import Roster, RosterEntry

VIEWER_ROLES = ("facilitator", "admin")


class ThemeService:
    def __init__(self, db: Database, *, embedder_factory: Callable[[], Embedder],
                 nlp_factory: Callable[[], Any],
                 anonymizer_factory: Callable[[Roster], TextAnonymizer] | None = None,
                 options: ClusterOptions | None = None) -> None:
        self.db = db
        self._embedder = embedder_factory
        self._nlp = nlp_factory
        self._anonymizer_factory = anonymizer_factory or (lambda roster: Anonymizer(self._nlp(), roster))
        self.options = options or ClusterOptions()

    # -- inputs --------------------------------------------------------------------------------
    def roster(self) -> Roster:
        with self.db.session() as session:
            people = session.execute(select(Person.name, Person.handle, Person.email)).all()
        return Roster.of(RosterEntry(name or "", handle or "", email or "") for name, handle, email in people)

    def _program_notes(self) -> list[ThemeNote]:
        with self.db.session() as session:
            rows = session.execute(
                select(Note.id, Note.author_id, Note.session_date, Note.what, Note.so_what, Note.now_what,
                       Note.version, Person.cohort)
                .join(Person, Person.id == Note.author_id)
                .where(Person.role == "mentee").order_by(Note.id)).all()
        return [ThemeNote(note_id=str(r.id), participant=str(r.author_id), day=r.session_date,
                          text=note_text(r.what, r.so_what, r.now_what), cohort=r.cohort or "",
                          version=int(r.version)) for r in rows]

    def _encode(self, progress: Progress | None) -> Callable[[Sequence[str]], Any]:
        def encode(texts: Sequence[str]) -> Any:
            def report(done: int, total: int, _what: str) -> None:
                if progress and total:
                    progress(0.05 + 0.65 * done / total, f"Embedding notes ({done:,} of {total:,})")

            return cached_encode(self.db, self._embedder(), list(texts), progress=report)

        return encode

    def _run(self, notes: Sequence[ThemeNote], roster: Roster, gates: GateConfig, *, empty: int,
             progress: Progress | None) -> ThemeReport:
        return find_themes(notes, encode=self._encode(progress),
                           anonymizer=lambda: self._anonymizer_factory(roster), gates=gates,
                           options=self.options, banned_words=roster.words(), empty=empty,
                           progress=progress)

    # -- the app's door --------------------------------------------------------------------------
    def cache_key(self, notes: Sequence[ThemeNote], roster: Roster, gates: GateConfig) -> str:
        digest = hashlib.sha256()
        digest.update(f"{PIPELINE}|{self.options}|{gates.min_participants}|"
                      f"{gates.min_quote_participants}|{self._embedder_id()}".encode())
        for note in notes:
            digest.update(f"\n{note.note_id}:{note.version}:{note.cohort}".encode())
        for entry in roster.entries:
            digest.update(f"\nR{entry.name}|{entry.handle}|{entry.email}".encode())
        return digest.hexdigest()

    def _embedder_id(self) -> str:
        return getattr(self._embedder(), "model_id", "embedder")

    def program_themes(self, actor: Actor, *, gates: GateConfig | None = None,
                       progress: Progress | None = None) -> ThemeReport:
        """Themes across every mentee's reflections, gated and anonymized (no ids, no names)."""
        require_role(actor, *VIEWER_ROLES, action="see program themes")
        gates = gates or GateConfig()
        notes = self._program_notes()
        roster = self.roster()
        key = self.cache_key(notes, roster, gates)
        log_view(self.db, actor, "themes viewed", target="program themes",  # once per 30 min and person
                 detail=f"{len(notes)} notes, as {actor.role}")
        with self.db.session() as session:
            cached = session.scalar(select(ThemeRun.result).where(ThemeRun.key == key))
        if cached is not None:
            return ThemeReport.from_dict(cached)
        report = self._run(notes, roster, gates, empty=0, progress=progress)
        public = report.to_dict(include_note_ids=False)
        with self.db.session() as session:
            if session.scalar(select(ThemeRun.id).where(ThemeRun.key == key)) is None:
                session.add(ThemeRun(key=key, result=public))
        return ThemeReport.from_dict(public)

    def is_cached(self, actor: Actor, *, gates: GateConfig | None = None) -> bool:
        require_role(actor, *VIEWER_ROLES, action="see program themes")
        key = self.cache_key(self._program_notes(), self.roster(), gates or GateConfig())
        with self.db.session() as session:
            return session.scalar(select(ThemeRun.id).where(ThemeRun.key == key)) is not None

    # -- the operator's door (CLI with a raw file) -----------------------------------------------
    def file_themes(self, actor: Actor, notes: ReadNotes, *, gates: GateConfig | None = None,
                    roster: Sequence[RosterEntry] = (), progress: Progress | None = None) -> ThemeReport:
        """Themes of a notes file for the operator who holds it; the report keeps note ids."""
        if not actor.is_operator:
            raise AccessDeniedError("Themes of a raw notes file are for the operator running the CLI; "
                                    "facilitators see the program's themes on the Themes page.")
        full = Roster.of([*self.roster().entries, *roster,
                          *(RosterEntry(handle=p) for p in sorted({n.participant for n in notes.notes}))])
        return self._run(notes.notes, full, gates or GateConfig(), empty=len(notes.empty_rows),
                         progress=progress)
