"""From notes and their vectors to a gated, anonymized :class:`ThemeReport`.

Order of work: set aside what cannot be clustered (non-English, counted), stop with a clear status
when the program has fewer participants than the gate, cluster, then for each theme apply the
participant gate, build keywords and a label, gate the per-month and per-cohort breakdowns, and
only for themes above the quote gate pick anonymized excerpts. Raw note text never leaves here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from coach.feedback.language import looks_english
from coach.privacy import GateConfig, gate_breakdown, is_shown
from coach.themes.anonymizer import TextAnonymizer
from coach.themes.clustering import ClusterOptions, cluster, sample_order
from coach.themes.excerpts import representative
from coach.themes.labels import theme_terms
from coach.themes.notes import ThemeNote
from coach.themes.report import STATUS_OK, STATUS_TOO_FEW, Cell, ThemeReport, ThemeView

#: Names the pipeline in results and in the cache key: change it when the output would change.
PIPELINE = ("coach-themes-5 (MiniLM, kNN graph, Louvain consensus, c-TF-IDF, noun-like keyword forms, "
            "phrase labels)")
#: Longer notes are cut here for clustering and keywords (the start carries the topic).
MAX_NOTE_CHARS = 20_000
#: Keywords are read from at most this many notes (a deterministic sample).
MAX_LABEL_NOTES = 20_000

Progress = Callable[[float, str], None]
Encoder = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Prepared:
    notes: list[ThemeNote]
    set_aside: dict[str, int]


def prepare(notes: Sequence[ThemeNote], *, empty: int = 0) -> Prepared:
    kept: list[ThemeNote] = []
    set_aside = {"empty": empty, "non_english": 0, "truncated": 0}
    for note in notes:
        text = note.text.strip()
        if not text:
            set_aside["empty"] += 1
            continue
        if not looks_english(text[:2000]):
            set_aside["non_english"] += 1
            continue
        if len(text) > MAX_NOTE_CHARS:
            set_aside["truncated"] += 1
            note = ThemeNote(note.note_id, note.participant, note.day, text[:MAX_NOTE_CHARS],
                             note.cohort, note.version)
        kept.append(note)
    return Prepared(kept, set_aside)


def _breakdown(notes: Sequence[ThemeNote], key: Callable[[ThemeNote], str], *, k: int,
               total: set[str]) -> list[Cell]:
    people: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for note in notes:
        cell = key(note)
        if not cell:
            continue
        people.setdefault(cell, set()).add(note.participant)
        counts[cell] = counts.get(cell, 0) + 1
    if not people:
        return []
    gate = gate_breakdown(people, k=k, total=total)
    return [Cell(cell, len(people[cell]), counts[cell]) if cell in gate.shown
            else Cell(cell, None, None, gate.hidden[cell]) for cell in sorted(people)]


def find_themes(notes: Sequence[ThemeNote], *, encode: Encoder, anonymizer: Callable[[], TextAnonymizer],
                gates: GateConfig | None = None, options: ClusterOptions | None = None,
                banned_words: frozenset[str] = frozenset(), empty: int = 0,
                progress: Progress | None = None) -> ThemeReport:
    gates = gates or GateConfig()
    k, quote_k = gates.min_participants, gates.min_quote_participants

    def step(fraction: float, message: str) -> None:
        if progress:
            progress(fraction, message)

    prepared = prepare(notes, empty=empty)
    kept = prepared.notes
    everyone = {n.participant for n in kept}

    def report(status: str, themes: list[ThemeView], suppressed: tuple[int, int],
               outliers: int) -> ThemeReport:
        return ThemeReport(status=status, themes=themes, suppressed_notes=suppressed[0],
                           suppressed_themes=suppressed[1], outliers=outliers, total_notes=len(kept),
                           participants=len(everyone), set_aside=prepared.set_aside,
                           min_participants=k, min_quote_participants=quote_k, pipeline=PIPELINE)

    if not is_shown(everyone, k=k):
        return report(STATUS_TOO_FEW, [], (len(kept), 0), 0)
    step(0.05, f"Embedding {len(kept):,} notes")
    texts = [n.text for n in kept]
    vectors = np.asarray(encode(texts), dtype=np.float32)
    step(0.7, "Grouping notes into themes")
    clusters = cluster(vectors, [n.note_id for n in kept], options=options)
    labels = clusters.labels
    participants = [n.participant for n in kept]
    step(0.8, "Naming themes")
    # Keywords from at most MAX_LABEL_NOTES notes (the same hash-ordered sample as the clustering):
    # reading every word of 100k notes took longer than clustering them. A keyword still needs
    # min_participants distinct people among the notes read.
    read = np.sort(sample_order([n.note_id for n in kept], seed="coach-labels")[:MAX_LABEL_NOTES])
    terms = theme_terms([texts[i] for i in read], labels[read], [participants[i] for i in read],
                        n_themes=clusters.n_themes, min_participants=k, banned_words=banned_words)
    themes: list[ThemeView] = []
    suppressed_notes = suppressed_themes = 0
    anonymize: TextAnonymizer | None = None
    for theme in range(clusters.n_themes):
        rows = np.flatnonzero(labels == theme)
        members = [kept[int(r)] for r in rows]
        people = {m.participant for m in members}
        if not is_shown(people, k=k) or not terms[theme].keywords:
            suppressed_notes += len(rows)
            suppressed_themes += 1
            continue
        examples: list[str] = []
        hidden = ""
        if is_shown(people, k=quote_k):
            step(0.85, "Anonymizing excerpts")
            anonymize = anonymize or anonymizer()
            examples = representative(rows, vectors, clusters.centroids[theme], participants, texts,
                                      anonymizer=anonymize)
        else:
            hidden = f"Excerpts are shown only for themes with at least {quote_k} participants."
        themes.append(ThemeView(
            label=terms[theme].label, keywords=terms[theme].keywords, participants=len(people),
            notes=len(rows), examples=examples, examples_hidden=hidden,
            by_month=_breakdown(members, lambda n: n.month, k=k, total=people),
            by_cohort=_breakdown(members, lambda n: n.cohort, k=k, total=people),
            note_ids=[m.note_id for m in members]))
    step(1.0, "Done")
    return report(STATUS_OK, themes, (suppressed_notes, suppressed_themes), int((labels < 0).sum()))
