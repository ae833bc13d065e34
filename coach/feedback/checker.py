"""The feedback checker: rules where they are precise, learning where they are not.

For each text: one spaCy parse shared by every detector, SBI candidate spans from the parse, rule
features, and the learned heads on [embedding, rule features] that decide the labels. Flags explain
the decision on exact spans; when the learned head fires without a rule, the sentence it scores
highest is flagged so every decision comes with a place to look.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from coach import __version__
from coach.errors import CoachError, InputError, UnsupportedLanguageError
from coach.feedback import sbi as sbi_rules
from coach.feedback.adapter import JudgmentalAdapter, load_adapter
from coach.feedback.analysis import Analysis
from coach.feedback.classifier import (
    HEADS_FILE,
    MODELS_DIR,
    Heads,
    adapter_config,
    load_heads,
    token_head_config,
)
from coach.feedback.clauses import clause_around
from coach.feedback.detectors import Detector, default_detectors
from coach.feedback.examples import ExampleLibrary
from coach.feedback.features import rule_features
from coach.feedback.language import looks_english
from coach.feedback.report import (
    JUDGMENTAL_CATEGORIES,
    VAGUE_CATEGORIES,
    FeedbackReport,
    Flag,
    SbiParts,
    merge_flags,
)
from coach.feedback.rewrite import rewrite
from coach.feedback.settings import FeedbackSettings
from coach.feedback.token_head import TokenHead, load_token_head
from coach.nlp.embedder import Embedder, TokenEncoder

MAX_CHARS = 20_000
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coach-embed")
RULE_JUDGMENTAL = frozenset(JUDGMENTAL_CATEGORIES) - {"judgmental-tone"}
CHECKER_VERSION = f"coach-{__version__}"
Progress = Callable[[int, int, str], None]


@dataclass
class _Parsed:
    id: str
    text: str
    analysis: Analysis
    flags: list[Flag]
    sbi: SbiParts
    features: np.ndarray
    #: the token the token head scored highest (where a learned judgment flag goes), if any
    peak: int | None = None


class FeedbackChecker:
    def __init__(self, nlp_factory: Callable[[], Any], embedder_factory: Callable[[], Embedder], *,
                 heads: Heads | None = None, detectors: Sequence[Detector] | None = None,
                 max_chars: int = MAX_CHARS, heads_file: Path | None = None) -> None:
        """``heads``: explicit heads (no adapter, no token head); ``heads_file``: a heads file and
        the token head it names (an experiment of eval/train_feedback.py); neither: the shipped."""
        self._nlp_factory = nlp_factory
        self._embedder_factory = embedder_factory
        self._heads = heads
        self.detectors = list(detectors) if detectors is not None else default_detectors()
        self.max_chars = max_chars
        self._examples: ExampleLibrary | None = None
        # The fine-tuned adapter belongs to the shipped heads file only (explicit heads: none).
        self._adapter: tuple[JudgmentalAdapter, float] | bool | None = (
            False if heads is None and heads_file is None else None)
        self._heads_file = heads_file or HEADS_FILE
        self._token_head: tuple[TokenHead, float] | bool | None = False if heads is None else None

    @property
    def adapter(self) -> tuple[JudgmentalAdapter, float] | None:
        """(adapter, its weight in the judgmental score) when the shipped model uses one."""
        if self._adapter is False:
            cfg = adapter_config()
            self._adapter = None if cfg is None else (
                load_adapter(MODELS_DIR / cfg["file"], self._embedder_factory()), float(cfg["weight"]))
        return self._adapter if not isinstance(self._adapter, bool) else None

    @property
    def token_head(self) -> tuple[TokenHead, float] | None:
        """(token head, its weight in the judgmental score) when the model uses one."""
        if self._token_head is False:
            cfg = token_head_config(self._heads_file)
            if cfg is None:
                self._token_head = None
            else:
                embedder = self._embedder_factory()
                self._token_head = (load_token_head(cfg["file"], embedder.model_id, embedder.dim or None),
                                    cfg["weight"])
        return self._token_head if not isinstance(self._token_head, bool) else None

    @property
    def heads(self) -> Heads:
        if self._heads is None:
            self._heads = load_heads(self._heads_file)
        return self._heads

    @property
    def examples(self) -> ExampleLibrary:
        if self._examples is None:
            self._examples = ExampleLibrary(self._embedder_factory())
        return self._examples

    def _scores(self, embeddings: np.ndarray, features: np.ndarray) -> dict[str, np.ndarray]:
        """Head scores; heads trained before later rule features were appended use the leading ones."""
        return self.heads.scores(embeddings, np.atleast_2d(features)[:, : len(self.heads.feature_mean)])

    # -- validation ------------------------------------------------------------------------
    def validate(self, text: str | None, *, where: str = "The feedback") -> str:
        if text is None or not str(text).strip():
            raise InputError(f"{where} is empty. Paste or type the feedback you want to check.")
        if len(text) > self.max_chars:
            raise InputError(f"{where} is {len(text):,} characters; the checker takes up to "
                             f"{self.max_chars:,} (about 3,000 words). Check it in parts.")
        if not looks_english(text):
            raise UnsupportedLanguageError(
                f"{where} does not look like English. The checker only supports English "
                "for now, so it will not guess; check an English version instead.")
        return str(text)

    # -- analysis --------------------------------------------------------------------------
    def _parse(self, id_: str, text: str, settings: FeedbackSettings, *, doc: Any = None) -> _Parsed:
        analysis = Analysis.of(text, self._nlp_factory(), doc=doc)
        flags: list[Flag] = []
        for detector in self.detectors:
            flags.extend(detector.detect(analysis))
        flags = [f for f in _dedupe(flags) if not settings.allows(text, f.start, f.end)]
        parts = sbi_rules.extract(analysis)
        return _Parsed(id_, text, analysis, flags, parts, rule_features(analysis, flags, parts))

    def check(self, text: str, *, id: str = "1", settings: FeedbackSettings | None = None,
              examples: int = 3) -> FeedbackReport:
        return self.check_many([(id, text)], settings=settings, examples=examples)[0]

    def check_rows(self, items: Sequence[tuple[str, str]], *, settings: FeedbackSettings | None = None,
                   examples: int = 3, progress: Progress | None = None,
                   batch_size: int = 128) -> list[FeedbackReport | CoachError]:
        """Check many rows through the batched path; a row that cannot be checked (empty, too long,
        not English) gets its error in its place and the others are still checked."""
        outcomes: list[FeedbackReport | CoachError | None] = []
        valid: list[tuple[str, str]] = []
        for id_, text in items:
            try:
                valid.append((id_, self.validate(text, where=f"Row {id_!r}")))
                outcomes.append(None)
            except CoachError as error:
                outcomes.append(error)
        reports = iter(self.check_many(valid, settings=settings, examples=examples,
                                       progress=progress, batch_size=batch_size))
        return [next(reports) if outcome is None else outcome for outcome in outcomes]

    def check_many(self, items: Sequence[tuple[str, str]], *, settings: FeedbackSettings | None = None,
                   examples: int = 3, progress: Progress | None = None,
                   batch_size: int = 128) -> list[FeedbackReport]:
        settings = settings or FeedbackSettings()
        reports: list[FeedbackReport] = []
        for start in range(0, len(items), batch_size):
            chunk = items[start : start + batch_size]
            texts = [self.validate(t, where=f"Feedback {i!r}" if len(items) > 1 else "The feedback")
                     for i, t in chunk]
            # Embed in a worker thread (torch releases the GIL) while spaCy parses and rules run.
            embed = self._embed_fn()
            pending = _POOL.submit(embed, texts) if len(texts) > 1 else _Done(embed(texts))
            docs = list(self._nlp_factory().pipe(texts)) if len(texts) > 1 else [None] * len(texts)
            parsed = [self._parse(i, t, settings, doc=d)
                      for (i, _), t, d in zip(chunk, texts, docs, strict=True)]
            vectors, token_scores, peaks = pending.result()
            for p_, peak in zip(parsed, peaks, strict=True):
                p_.peak = peak
            reports.extend(self._decide(parsed, settings, examples, doc_vectors=vectors,
                                        token_scores=token_scores))
            if progress:
                progress(min(start + batch_size, len(items)), len(items), "checking")
        return reports

    def _embed_fn(self) -> Callable[[list[str]], _Embedded]:
        """Texts -> (embeddings, token-head scores or None, peak tokens), from one encoder pass.
        An embedder that cannot give token states (a test fake) leaves the decision to the heads."""
        embedder = self._embedder_factory()
        token_head = self.token_head
        if token_head is None or not isinstance(embedder, TokenEncoder):
            return lambda texts: (embedder.encode(texts), None, [None] * len(texts))

        def run(texts: list[str]) -> _Embedded:
            vectors, states = embedder.encode_with_tokens(texts)
            return vectors, token_head[0].scores(states), [token_head[0].peak(x) for x in states]

        return run

    def _decide(self, parsed: list[_Parsed], settings: FeedbackSettings, n_examples: int, *,
                doc_vectors: np.ndarray, token_scores: np.ndarray | None = None) -> list[FeedbackReport]:
        embedder = self._embedder_factory()
        sentences = [[s for s in p.analysis.sentences if s.text.strip()] for p in parsed]
        scores = self._scores(doc_vectors, np.vstack([p.features for p in parsed]))
        shift = settings.threshold_shift()
        judgmental = self.heads.heads["judgmental"]
        decisions = []
        for n, p in enumerate(parsed):
            s = {name: float(values[n]) for name, values in scores.items()}
            decided = {name: s[name] >= self.heads.heads[name].threshold + (
                shift if name in ("vague", "judgmental") else 0.0) for name in s}
            if judgmental.forced_by({f.detector for f in p.flags if f.category in RULE_JUDGMENTAL}):
                decided["judgmental"] = True
            decisions.append((s, decided))
        adapter = self.adapter
        token_head = self.token_head if token_scores is not None else None
        # the judgmental ensemble's second scorer: the fine-tuned adapter or the token head
        ensemble = adapter is not None or token_head is not None
        tuned = token_scores if token_head is not None else None if adapter is None else \
            adapter[0].text_scores([p.text for p in parsed], [[x.text for x in ss] for ss in sentences])
        weight = token_head[1] if token_head is not None else adapter[1] if adapter is not None else 0.0
        # The ensemble's verdict is settled without sentence vectors when the text's own score
        # already passes (a sentence can only raise it) or cannot pass even with a sentence at 1.
        open_ = [False] * len(parsed)
        head_scores = [s["judgmental"] for s, _ in decisions]
        if ensemble and tuned is not None:
            bar = judgmental.threshold + shift
            for n, (s, decided) in enumerate(decisions):
                low = weight * float(tuned[n]) + (1 - weight) * s["judgmental"]
                forced = judgmental.forced_by(
                    {f.detector for f in parsed[n].flags if f.category in RULE_JUDGMENTAL})
                open_[n] = not forced and low < bar <= weight * float(tuned[n]) + (1 - weight)
                s["judgmental"] = low
                decided["judgmental"] = forced or low >= bar
        # Sentence vectors only where a decision needs them (a sentence-level judgment, or a
        # learned flag to place on the worst sentence): most texts need none.
        needs = [len(sentences[n]) > 1 and (
            open_[n]
            or (not ensemble and judgmental.sentence_threshold is not None and not d["judgmental"])
            or (d["judgmental"] and not any(f.category in JUDGMENTAL_CATEGORIES for f in p.flags))
            or (d["vague"] and not any(f.category in VAGUE_CATEGORIES for f in p.flags)))
            for n, (p, (_, d)) in enumerate(zip(parsed, decisions, strict=True))]
        flat = [s.text for n, ss in enumerate(sentences) if needs[n] for s in ss]
        vectors = embedder.encode(flat) if flat else None
        reports = []
        cursor = 0
        for n, p in enumerate(parsed):
            s, decided = decisions[n]
            sent_vecs = None
            if needs[n] and vectors is not None:
                sent_vecs = vectors[cursor : cursor + len(sentences[n])]
                cursor += len(sentences[n])
                # with an ensemble it decides below; otherwise the worst sentence may
                if (not ensemble and judgmental.sentence_threshold is not None
                        and not decided["judgmental"]):
                    feats = np.repeat(p.features[None, :], len(sent_vecs), axis=0)
                    worst = float(self._scores(sent_vecs, feats)["judgmental"].max())
                    if worst >= judgmental.sentence_threshold + shift:
                        decided["judgmental"] = True
                        s["judgmental"] = max(s["judgmental"], worst)
            if open_[n] and tuned is not None:
                self._ensemble(p, s, decided, sent_vecs, head_scores[n], float(tuned[n]), weight, shift)
            reports.append(self._report(p, s, decided, sentences[n], sent_vecs, doc_vectors[n],
                                        settings, n_examples))
        return reports

    def _ensemble(self, p: _Parsed, s: dict[str, float], decided: dict[str, bool],
                  sent_vecs: np.ndarray | None, head: float, tuned: float, weight: float,
                  shift: float) -> None:
        """Judgmental = weight * the adapter's or token head's score + (1 - weight) * the head's
        score on the text or its most judgmental sentence, at the head's threshold; the precise
        rules still force it (``head``: the head's score on the whole text)."""
        if sent_vecs is not None:
            feats = np.repeat(p.features[None, :], len(sent_vecs), axis=0)
            head = max(head, float(self._scores(sent_vecs, feats)["judgmental"].max()))
        s["judgmental"] = weight * tuned + (1 - weight) * head
        forced = self.heads.heads["judgmental"].forced_by(
            {f.detector for f in p.flags if f.category in RULE_JUDGMENTAL})
        decided["judgmental"] = forced or s["judgmental"] >= (
            self.heads.heads["judgmental"].threshold + shift)

    def _report(self, p: _Parsed, s: dict[str, float], decided: dict[str, bool], sentences: list,
                sent_vecs: np.ndarray | None, doc_vec: np.ndarray, settings: FeedbackSettings,
                n_examples: int) -> FeedbackReport:
        a = p.analysis
        flags = list(p.flags)
        parts = sbi_rules.without_judgments(self._final_sbi(a, p.sbi, decided), flags)
        if decided["judgmental"] and not any(f.category in JUDGMENTAL_CATEGORIES for f in flags):
            start, end = self._judgment_span(p, sentences, sent_vecs)
            flags.append(Flag(start, end, p.text[start:end], "judgmental-tone", "high",
                              "These words read as a judgment of the person rather than a "
                              "description of what they did.",
                              "Describe the observable behavior and its effect instead.", "learned"))
        if not decided["judgmental"]:
            # Only detectors precise on other writers' text force the verdict; when the verdict is
            # "not judgmental" the imprecise ones (sarcasm, condescension, biased remarks) do not
            # show a flag either (sincere thanks was flagged as mockery).
            flags = [f for f in flags if f.category not in JUDGMENTAL_CATEGORIES]
        if decided["vague"] and not any(f.category in VAGUE_CATEGORIES for f in flags):
            sent = self._worst_sentence(p, sentences, sent_vecs, "vague")
            flags.append(Flag(sent.start_char, sent.end_char, sent.text, "vague", "medium",
                              "This gives no concrete example or action the person can use.",
                              "Add one observable example, or one specific next step.", "learned"))
        if not decided["vague"]:
            flags = [f for f in flags if f.category not in VAGUE_CATEGORIES]
        for part, cat in (("situation", "missing-situation"), ("behavior", "missing-behavior"),
                          ("impact", "missing-impact")):
            if getattr(parts, part) is None:
                flags.append(Flag(0, 0, "", cat, "low", _MISSING[part][0], _MISSING[part][1],
                                  "sbi"))
        flags = merge_flags([f for f in flags if f.category not in settings.disabled], p.text)
        name = _person_name(a)
        report = FeedbackReport(
            id=p.id, text=p.text, vague=decided["vague"], judgmental=decided["judgmental"],
            scores={k: round(v, 4) for k, v in s.items()}, sbi=parts, flags=flags,
            rewrite=rewrite(p.text, flags, parts, name=name),
            variants={style: rewrite(p.text, flags, parts, name=name, style=style)
                      for style in ("sbii", "coin")},
        )
        if n_examples:
            report.examples = self.examples.nearest(doc_vec, n_examples)
        return report

    def _judgment_span(self, p: _Parsed, sentences: list,
                       sent_vecs: np.ndarray | None) -> tuple[int, int]:
        """Where a learned judgment flag goes: the clause around the token head's peak when there
        is one, else the sentence the head scores most judgmental."""
        embedder = self._embedder_factory()
        offsets = (embedder.token_offsets(p.text)
                   if p.peak is not None and hasattr(embedder, "token_offsets") else None)
        if offsets and p.peak is not None and p.peak < len(offsets):
            at = offsets[p.peak][0]
            for sent in sentences or [p.analysis.doc[:]]:
                if sent.start_char <= at < sent.end_char:
                    return clause_around(p.text, at, sent.start_char, sent.end_char)
        sent = self._worst_sentence(p, sentences, sent_vecs, "judgmental")
        return sent.start_char, sent.end_char

    def _worst_sentence(self, p: _Parsed, sentences: list, sent_vecs: np.ndarray | None,
                        label: str):  # type: ignore[no-untyped-def]
        if sent_vecs is None or len(sentences) < 2:
            return p.analysis.doc[:]
        feats = np.vstack([p.features] * len(sentences))
        probs = self._scores(sent_vecs, feats)[label]
        return sentences[int(np.argmax(probs))]

    @staticmethod
    def _final_sbi(a: Analysis, rules: SbiParts, decided: dict[str, bool]) -> SbiParts:
        situation = rules.situation if decided["situation"] else None
        if decided["situation"] and situation is None:
            situation = sbi_rules.fallback_situation(a)
        behavior = rules.behavior if decided["behavior"] else None
        if decided["behavior"] and behavior is None:
            behavior = sbi_rules.fallback_behavior(a)
        impact = rules.impact if decided["impact"] else None
        if decided["impact"] and impact is None:
            impact = sbi_rules.fallback_impact(a, behavior)
        return SbiParts(situation=situation, behavior=behavior, impact=impact)


_MISSING = {
    "situation": ("No particular occasion: 'lately' or 'in meetings' is not one.",
                  "Say when and where, e.g. 'In Tuesday's client call'."),
    "behavior": ("No observable behavior: what did the person say or do?",
                 "Describe an action a camera could record, e.g. 'you interrupted Ana twice'."),
    "impact": ("No impact: the reader does not learn why it matters.",
               "Add the effect on people, the work or you, e.g. 'so the client approved the budget'."),
}


def _dedupe(flags: list[Flag]) -> list[Flag]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for flag in flags:
        key = (flag.start, flag.end, flag.category)
        if key not in seen:
            seen.add(key)
            out.append(flag)
    return out


def _person_name(a: Analysis) -> str:
    for ent in a.doc.ents:
        if ent.label_ == "PERSON":
            return ent.text.split()[0]
    return "the person"



_Embedded = tuple[np.ndarray, np.ndarray | None, list[int | None]]


class _Done:
    """An already computed result with the ``result()`` of a future (one text: no thread hop)."""

    def __init__(self, value: _Embedded) -> None:
        self.value = value

    def result(self) -> _Embedded:
        return self.value
