"""Rule features fed to the learned heads next to the sentence embedding."""

from __future__ import annotations

import math
import re

import numpy as np

from coach.feedback.analysis import SECOND_PERSON, SELF, Analysis
from coach.feedback.report import Flag, SbiParts

FLAG_FEATURES = ("trait-label", "motive-guess", "absolute", "insult", "mockery", "condescension",
                 "biased-remark", "vague-praise", "vague-criticism", "vague-directive", "hedge",
                 "weasel", "idiom")
OTHER_FEATURES = ("situation", "behavior", "impact", "n_sentences", "log_tokens", "digits",
                  "entities", "quotes", "self_subject", "you_subject", "negation", "directive",
                  "question", "exclaim", "past_verbs")
FEATURE_NAMES = tuple(f"flag:{c}" for c in FLAG_FEATURES) + OTHER_FEATURES
_DIRECTIVE = re.compile(r"\b(should|need to|needs to|must|try to|make sure|next time|going forward|"
                        r"please|could you|can you|i suggest|i'd suggest|consider)\b", re.I)


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
    ]
    return np.asarray(values, dtype=np.float32)
