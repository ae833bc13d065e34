"""Theme keywords and labels: class-based TF-IDF over stemmed words and two-word phrases.

Keywords never include stop words, generic reflection words, roster names, words that are mostly
written capitalized inside a sentence (proper nouns: names, places, companies), or words used by
fewer than ``min_participants`` distinct people in the theme (a detail only one person wrote).
Each stem is shown in its most frequent written form; the label joins the two best distinct keywords.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

#: Words every reflection uses: they say nothing about a theme.
GENERIC = frozenset("""mentor mentee mentoring session sessions think thought feel felt feeling really
today yesterday week weeks month months time times thing things lot bit way ways want wanted need
needed good great better best bad just also maybe actually like got get getting make made going
went come came said say says told tell know knew realised realized wrote write note notes next
last still even much many sure try tried trying able doing done did does will would could should
day days year years people person someone something anything everything nothing one two three
help helped helps talk talked talking discuss discussed session's i'm i've i'd it's don't didn't
can't won't we're they're that's there's let's pm am ask asked asking work worked working new start
started use used keep kept give gave take took put find found look looked see saw seem seemed
turned turn end ended instead""".split())
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_SENTENCE_END = re.compile(r"[.!?]\s*$")
_VERB_FORM = re.compile(r"[a-z]{3,}(?:ed|ing)\b")  # "presented", "presenting": past tense / gerund endings


@dataclass(frozen=True)
class ThemeTerms:
    keywords: list[str]
    label: str


class _Vocabulary:
    def __init__(self, banned: frozenset[str]) -> None:
        import Stemmer

        self.stemmer: Any = Stemmer.Stemmer("english")
        self.stop = stop_words()
        self.banned = banned
        self.index: dict[str, int] = {}
        self.surface: list[Counter[str]] = []
        self.capitalized: Counter[str] = Counter()
        self.inside: Counter[str] = Counter()
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self.stemmer.stemWord(word)
        return stem

    def term(self, key: str, surface: str) -> int:
        idx = self.index.get(key)
        if idx is None:
            idx = self.index[key] = len(self.surface)
            self.surface.append(Counter())
        self.surface[idx][surface] += 1
        return idx

    def terms_of(self, text: str) -> list[int]:
        out: list[int] = []
        previous: tuple[str, str] | None = None
        after_boundary = True
        for match in _TOKEN.finditer(text):
            raw = match.group(0).replace("’", "'").strip("'-")
            gap = text[match.start() - 2 : match.start()] if match.start() >= 2 else ""
            boundary = after_boundary or bool(_SENTENCE_END.search(gap))
            after_boundary = False
            lower = raw.lower()
            if not boundary:
                self.inside[lower] += 1
                if raw[:1].isupper():
                    self.capitalized[lower] += 1
            if lower in self.stop or len(lower) < 3 or lower in self.banned or "'" in lower:
                previous = None
                continue
            stem = self.stem(lower)
            out.append(self.term(stem, lower))
            if previous is not None:
                out.append(self.term(previous[0] + " " + stem, previous[1] + " " + lower))
            previous = (stem, lower)
            following = text[match.end() : match.end() + 1]
            if following in ".,;:!?()\n":
                previous = None
                after_boundary = following in ".!?\n"
        return out

    def shown(self, idx: int) -> str:
        """The stem's most frequent written form, but a noun-like one ("presentation", not
        "presented") when it is written at least a third as often: labels read as topics."""
        forms = self.surface[idx].most_common()
        top_form, top_count = forms[0]
        if not _VERB_FORM.search(top_form):
            return top_form
        for form, count in forms[1:]:
            if count * 3 >= top_count and not _VERB_FORM.search(form):
                return form
        return top_form

    def proper_noun(self, idx: int) -> bool:
        for word in self.shown(idx).split():
            inside = self.inside.get(word, 0)
            if inside and self.capitalized.get(word, 0) / inside > 0.5:
                return True
        return False


def theme_terms(texts: Sequence[str], labels: np.ndarray, participants: Sequence[str], *,
                n_themes: int, min_participants: int, banned_words: frozenset[str] = frozenset(),
                top: int = 8) -> list[ThemeTerms]:
    """Keywords and a label for each theme 0..n_themes-1 (``labels`` per text; -1 = outlier)."""
    from scipy import sparse

    vocab = _Vocabulary(banned_words)
    rows: list[int] = []
    cols: list[int] = []
    for row, text in enumerate(texts):
        terms = vocab.terms_of(text)
        rows.extend([row] * len(terms))
        cols.extend(terms)
    n_terms = len(vocab.surface)
    if n_terms == 0 or n_themes == 0:
        return [ThemeTerms([], f"Theme {i + 1}") for i in range(n_themes)]
    counts = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                               shape=(len(texts), n_terms))
    counts.sum_duplicates()
    member = sparse.csr_matrix((np.ones(int((labels >= 0).sum()), dtype=np.float32),
                                (labels[labels >= 0], np.flatnonzero(labels >= 0))),
                               shape=(n_themes, len(texts)))
    per_theme = np.asarray((member @ counts).todense())
    tf = per_theme / np.maximum(per_theme.sum(axis=1, keepdims=True), 1.0)
    average = float(per_theme.sum()) / max(n_themes, 1)
    idf = np.log1p(average / np.maximum(per_theme.sum(axis=0), 1.0))
    scores = tf * idf
    people = np.asarray(participants)
    out: list[ThemeTerms] = []
    for theme in range(n_themes):
        rows_in = np.flatnonzero(labels == theme)
        sub = counts[rows_in]
        chosen: list[str] = []
        for idx in np.argsort(-scores[theme], kind="stable")[: top * 8]:
            if scores[theme, idx] <= 0 or len(chosen) >= top:
                break
            if vocab.proper_noun(int(idx)):
                continue
            users = set(people[rows_in[sub[:, int(idx)].nonzero()[0]]].tolist())
            if len(users) < min_participants:
                continue
            word = vocab.shown(int(idx))
            if word in chosen:
                continue
            chosen.append(word)
        out.append(ThemeTerms(chosen, make_label(chosen, theme)))
    return out


def make_label(keywords: Sequence[str], theme: int) -> str:
    """The two best keywords that do not repeat a word: "time zone & scheduling"."""
    picked: list[str] = []
    used: set[str] = set()
    # A phrase reads better than a word: first a phrase among the top four, then a lower-ranked
    # phrase made only of top-four words ("second language" for "language" and "second").
    top_words = {w for k in keywords[:4] for w in k.split()}
    phrases = sorted(keywords[:4], key=lambda k: -len(k.split()))
    phrases += [k for k in keywords[4:] if len(k.split()) > 1 and set(k.split()) <= top_words]
    phrases.sort(key=lambda k: -len(k.split()))  # stable: phrases first, in keyword order
    for keyword in [*phrases, *keywords]:
        words = set(keyword.split())
        if words & used:
            continue
        picked.append(keyword)
        used |= words
        if len(picked) == 2:
            break
    if not picked:
        return f"Theme {theme + 1}"
    label = " & ".join(picked)
    return label[0].upper() + label[1:]


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words plus :data:`GENERIC` (spaCy is loaded anyway for the anonymizer;
    scikit-learn's list, used before, cost a scikit-learn import of several seconds)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS) | GENERIC | _UNAPOSTROPHED


#: contractions written without the apostrophe, and abbreviations (neither list has them)
_UNAPOSTROPHED = frozenset("cant couldnt didnt dont doesnt hasnt havent isnt wasnt wont wouldnt im ive "
                           "etc inc ltd".split())
