"""Rule features fed to the learned heads next to the sentence embedding."""

from __future__ import annotations

import math
import re

import numpy as np
from spacy.tokens import Doc, Token

from coach.feedback.analysis import SECOND_PERSON, SELF, Analysis
from coach.feedback.report import Flag, SbiParts

FLAG_FEATURES = ("trait-label", "motive-guess", "absolute", "insult", "mockery", "condescension",
                 "biased-remark", "vague-praise", "vague-criticism", "vague-directive", "hedge",
                 "weasel", "idiom")
OTHER_FEATURES = ("situation", "behavior", "impact", "n_sentences", "log_tokens", "digits",
                  "entities", "quotes", "self_subject", "you_subject", "negation", "directive",
                  "question", "exclaim", "past_verbs")
#: parse patterns of verdicts on a person (appended last: heads trained before them use the
#: leading features only, see FeedbackChecker)
VERDICT_FEATURES = ("you_be_adj", "that_be_adj", "you_cannot", "stance_adverb")
FEATURE_NAMES = tuple(f"flag:{c}" for c in FLAG_FEATURES) + OTHER_FEATURES + VERDICT_FEATURES
_DIRECTIVE = re.compile(r"\b(should|need to|needs to|must|try to|make sure|next time|going forward|"
                        r"please|could you|can you|i suggest|i'd suggest|consider)\b", re.I)


_COPULAS = {"be", "seem", "look", "sound", "act", "get", "become", "feel"}
_STANCE = {"honestly", "clearly", "obviously", "frankly", "apparently", "simply", "just", "always",
           "never", "really", "seriously"}


def _second_person(token: Token) -> bool:
    """``you`` or a noun owned by ``your`` ("your reports")."""
    return token.lower_ in SECOND_PERSON or any(
        c.dep_ == "poss" and c.lower_ in ("your", "yours") for c in token.children)


def verdict_features(doc: Doc) -> list[float]:
    """Counts (capped at 2) of: a person or their work + copula + adjective ("your reports are
    sloppy", "you are impossible to work with"); a bare demonstrative + copula + adjective
    ("that's just obsessive"); "you" + negated can/do + verb ("you can't handle pressure"); stance
    adverbs next to a second-person clause ("you clearly don't care")."""
    you_adj = that_adj = cannot = stance = 0
    for t in doc:
        if t.dep_ in ("acomp", "attr") and t.pos_ == "ADJ" and t.head.lemma_ in _COPULAS:
            subjects = [c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            you_adj += any(_second_person(c) for c in subjects)
            that_adj += any(c.lower_ in ("that", "this", "it") for c in subjects)
        if t.dep_ == "neg" and t.head.pos_ in ("VERB", "AUX"):
            verb = t.head
            aux = [c.lower_ for c in verb.children if c.dep_ == "aux"]
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            cannot += any(_second_person(c) for c in subj) and bool(
                set(aux) & {"ca", "can", "could", "do", "does", "did", "wo", "will"})
        if t.lower_ in _STANCE and t.pos_ == "ADV":
            stance += any(_second_person(c) for c in t.head.children if c.dep_ == "nsubj")
    return [float(min(v, 2)) for v in (you_adj, that_adj, cannot, stance)]


def rule_features(a: Analysis, flags: list[Flag], sbi: SbiParts) -> np.ndarray:
    counts = {c: 0 for c in FLAG_FEATURES}
    for flag in flags:
        if flag.category in counts:
            counts[flag.category] += 1
    doc = a.doc
    subjects = [t for t in doc if t.dep_ in ("nsubj", "nsubjpass")]
    values = [min(counts[c], 3) for c in FLAG_FEATURES] + [
        float(sbi.situation is not None), float(sbi.behavior is not None),
        float(sbi.impact is not None), float(min(len(list(doc.sents)), 5)),
        math.log1p(len(doc)), float(any(t.like_num for t in doc)),
        float(min(len([e for e in doc.ents if e.label_ in ("PERSON", "ORG", "DATE", "TIME", "GPE",
                                                               "EVENT", "PRODUCT")]), 3)),
        float(bool(a.quotes)), float(any(t.lower_ in SELF for t in subjects)),
        float(any(t.lower_ in SECOND_PERSON for t in subjects)),
        float(any(t.dep_ == "neg" for t in doc)), float(bool(_DIRECTIVE.search(a.text))),
        float("?" in a.text), float("!" in a.text),
        float(min(sum(1 for t in doc if t.tag_ in ("VBD", "VBN")), 4)),
        *verdict_features(doc),
    ]
    return np.asarray(values, dtype=np.float32)
