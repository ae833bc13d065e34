"""One parse of the feedback, shared by every detector: spaCy doc, quotes, negation, subjects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from coach.feedback import lexicon

_QUOTES = re.compile(r"\"[^\"]+\"|“[^”]+”|‘[^’]+’|(?<![\w])'[^']+?'(?![\w])")
SECOND_PERSON = {"you", "u", "ya", "yourself", "y'all"}
THIRD_PERSON = {"he", "she", "they", "him", "her", "them"}
SELF = {"i", "me", "we", "us", "myself", "ourselves"}
PERSON_NOUNS = {"person", "guy", "girl", "woman", "man", "lady", "kid", "intern", "junior",
                "employee", "colleague", "manager", "leader", "student", "nurse", "teacher",
                "engineer", "developer", "worker", "member", "player", "people", "individual",
                "boss", "hire", "resident", "volunteer", "one", "mentee", "coordinator", "analyst",
                "designer", "consultant", "scientist", "researcher", "lawyer", "doctor", "assistant",
                "lead", "director", "officer", "rep", "salesperson", "representative", "specialist",
                "associate", "technician", "apprentice", "trainee", "recruit", "newbie", "rookie",
                "freshman", "candidate", "coder", "programmer", "writer", "speaker", "presenter",
                "communicator", "listener", "partner", "physician", "surgeon", "tutor", "clerk"}
TRAIT_NOUNS = {"attitude", "behavior", "behaviour", "personality", "character", "tone", "manner",
               "demeanor", "demeanour", "energy", "ethic", "approach", "mindset", "temperament",
               "style", "presence", "vibe", "nature", "mood", "temper", "voice", "ego"}


@dataclass
class Analysis:
    text: str
    doc: Doc
    quotes: list[tuple[int, int]] = field(default_factory=list)
    _lemmas: list[str] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, text: str, nlp: Any, *, doc: Doc | None = None) -> Analysis:
        doc = doc if doc is not None else nlp(text)
        quotes = [(m.start(), m.end()) for m in _QUOTES.finditer(text)]
        return cls(text=text, doc=doc, quotes=quotes)

    # -- where a span sits -----------------------------------------------------------------
    def in_quote(self, start: int, end: int) -> bool:
        return any(qs <= start and end <= qe for qs, qe in self.quotes)

    def char_span(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    @property
    def sentences(self) -> list[Span]:
        return list(self.doc.sents)

    # -- grammar ---------------------------------------------------------------------------
    @staticmethod
    def is_negated(token: Token) -> bool:
        """``token`` or a clause governing it is negated ("you were not rude", "nobody thinks
        you're lazy", "I wouldn't say you are lazy")."""
        for t in [token, *token.ancestors]:
            if any(c.dep_ == "neg" or c.lower_ in ("not", "n't") for c in t.children):
                return True
            if any((c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("nobody", "noone", "none"))
                   or (c.lower_ == "one" and any(g.lower_ == "no" for g in c.children))
                   for c in t.children):
                return True
        sent_start = token.sent.start
        window = token.doc[max(sent_start, token.i - 3) : token.i]
        return any(t.lower_ in ("not", "n't", "no", "hardly", "barely") for t in window)

    @staticmethod
    def subject(token: Token) -> Token | None:
        """The subject of the clause that ``token`` belongs to, if any."""
        node = token
        for _ in range(6):
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass", "expl"):
                    return child
            if node.dep_ in ("ROOT",) or node.head is node:
                break
            if node.dep_ in ("conj",) and node.head.pos_ in ("VERB", "AUX", "ADJ"):
                node = node.head
                continue
            node = node.head
        return None

    @staticmethod
    def is_person(token: Token | None) -> bool:
        if token is None:
            return False
        low = token.lower_
        if low in SECOND_PERSON or low in THIRD_PERSON:
            return True
        if token.ent_type_ == "PERSON":
            return True
        if token.pos_ == "PROPN" and token.dep_ in ("nsubj", "nsubjpass") and token.ent_type_ in (
                "", "ORG", "NORP", "GPE") and token.text[:1].isupper() and token.head.pos_ == "VERB":
            # a first name the small model does not tag ("Keisha greets every customer")
            return not any(c.dep_ == "compound" for c in token.children)

        return token.lemma_.lower() in PERSON_NOUNS

    @staticmethod
    def is_self(token: Token | None) -> bool:
        return token is not None and token.lower_ in SELF

    def about_person(self, token: Token) -> bool:
        """Is ``token`` predicated of a person (not of a thing, not of the writer)?"""
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "pobj", "compound", "poss",
                                                           "nsubj", "nsubjpass"):
            return False  # "you translated the CEO's joke": the word names a thing, not the person
        if token.dep_ == "amod" and token.head.pos_ in ("NOUN", "PROPN"):
            head = token.head
            if self.is_person(head) or head.lemma_.lower() in PERSON_NOUNS:
                return True
            # "you're the weakest coordinator": a noun predicated of the person
            return head.dep_ == "attr" and self.is_person(self.subject(head))
        subj = self.subject(token)
        if subj is None:
            # "Lazy." / "So unprofessional." - a bare label aimed at the reader;
            # "Stop being so defensive." / "Don't be so negative." - an imperative: you
            first = next((t for t in token.sent if not t.is_punct), token)
            return (token.sent.root is token or token.sent.root.pos_ in ("ADJ", "NOUN")
                    or first.lower_ in ("stop", "quit", "don't", "do", "be", "please", "try"))
        if self.is_self(subj):
            return False
        if self.is_person(subj):
            return True
        # "Your attitude is negative", "your work ethic is lazy": a trait possessed by the person
        return subj.lemma_.lower() in TRAIT_NOUNS and any(
            c.lower_ in ("your", "his", "her", "their") for c in subj.children)

    # -- lexicon matching ------------------------------------------------------------------
    def find(self, name: str, key: str | None = None) -> list[Span]:
        """Spans matching a lexicon list (case-insensitive; single words also by lemma)."""
        matcher, singles = _matcher(self.doc.vocab, name, key)
        spans = [self.doc[s:e] for _, s, e in matcher(self.doc)]
        seen = {(s.start, s.end) for s in spans}
        if self._lemmas is None:
            self._lemmas = [t.lemma_.lower() for t in self.doc]
        for i, lemma in enumerate(self._lemmas):
            if lemma in singles and (i, i + 1) not in seen:
                spans.append(self.doc[i : i + 1])
        spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
        kept: list[Span] = []
        for span in spans:  # longest match wins where matches overlap
            if kept and span.start < kept[-1].end:
                continue
            kept.append(span)
        return kept


_MATCHERS: dict[tuple[int, str, str | None], tuple[PhraseMatcher, frozenset[str]]] = {}


def _matcher(vocab: Any, name: str, key: str | None) -> tuple[PhraseMatcher, frozenset[str]]:
    cache_key = (id(vocab), name, key)
    if cache_key not in _MATCHERS:
        from spacy.lang.en import English

        tokenizer = English().tokenizer
        items = lexicon.phrases(name, key)
        matcher = PhraseMatcher(vocab, attr="LOWER")
        matcher.add(f"{name}:{key}", [tokenizer(p) for p in items])
        singles = frozenset(p for p in items if " " not in p and "-" not in p)
        _MATCHERS[cache_key] = (matcher, singles)
    return _MATCHERS[cache_key]
