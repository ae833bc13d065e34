"""Situation, Behavior, Impact: candidate spans found from the parse.

- Situation: a particular occasion: a prepositional phrase around an event or artefact noun that
  is made particular (a determiner, a possessive, a name or a day: "in Tuesday's stand-up", "on the
  Q3 report"), or a date/time ("yesterday", "on Monday"). Generic ones ("in meetings", "lately")
  are not.
- Behavior: a clause whose subject is the person (you, he, she, a name) and whose verb is an action
  (not be/seem/feel), not a request ("you should..."). Span: subject to the end of the clause,
  without an attached impact clause.
- Impact: a clause opened by a consequence cue ("so ...", "which meant ...", "I felt ...") or a
  clause with another subject that follows the behavior ("..., and the client signed").

These rules find spans; whether a part is present is decided with the learned model (classifier.py).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from spacy.tokens import Token

from coach.feedback import lexicon
from coach.feedback.analysis import Analysis
from coach.feedback.report import JUDGMENTAL_CATEGORIES, Flag, SbiParts, Span

PREPS = {"in", "at", "during", "on", "from", "after", "before", "throughout", "for", "with", "when"}
PARTICULAR = {"the", "this", "that", "your", "our", "his", "her", "their", "last", "yesterday",
              "today", "my", "these", "those", "its"}
DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
        "today", "tonight", "morning", "afternoon", "evening", "week", "night", "month",
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "q1", "q2", "q3", "q4"}
_DURATION = re.compile(r"\b(an? |\d+ |few |two |three |several )(hours?|minutes?|seconds?|days?|weeks?|"
                       r"months?|years?)\b", re.I)
HABITUAL = {"always", "never", "constantly", "usually", "often", "sometimes", "generally",
            "typically", "ever", "rarely", "seldom"}
DIRECTIVE_CUES = ("should", "need to", "needs to", "must", "have to", "has to", "could",
                  "would", "might", "ought to", "try to", "make sure", "please", "next time",
                  "going forward", "in future", "in the future", "will you", "can you")


def _clean(a: Analysis, start: int, end: int) -> Span | None:
    text = a.text
    while end > start and text[end - 1] in " ,;:.!?-–—":
        end -= 1
    while start < end and text[start] in " ,;:-–—":
        start += 1
    if end - start < 3:
        return None
    return Span(start, end, text[start:end])


def _events() -> frozenset[str]:
    return lexicon.phrase_set("event_nouns", "events")


def _generic() -> tuple[str, ...]:
    return lexicon.phrases("event_nouns", "generic_not_situations")


def _is_particular(noun: Token) -> bool:
    for child in noun.children:
        low = child.lower_
        if low in PARTICULAR or child.dep_ == "poss" or child.ent_type_ in ("DATE", "TIME", "ORG",
                                                                             "GPE", "EVENT", "PERSON"):
            return True
        if child.pos_ == "PROPN" or child.like_num or low.rstrip("'s") in DAYS:
            return True
        if child.dep_ in ("compound", "amod", "nmod") and _is_particular(child):
            return True
    return noun.pos_ == "PROPN"


SITUATION_PREPS = ("in", "at", "during", "on", "from", "after", "before", "throughout", "for")
_PHRASE_POS = {"DET", "PROPN", "NOUN", "ADJ", "NUM", "PART", "X"}
_INNER_ADP = {"of", "for", "with", "about", "on", "in", "at", "to"}


def _phrase_after(a: Analysis, i: int, events: frozenset[str]) -> tuple[int, int] | None:
    """Tokens after the preposition at ``i`` that form a noun phrase (parse-error tolerant:
    "client call" tagged as a verb still counts, because event nouns are accepted by word)."""
    doc = a.doc
    j = i + 1
    last_good = None
    while j < len(doc) and j - i <= 12:
        t = doc[j]
        if t.is_punct and t.text not in ("-", "'s", "’s", "/"):
            break
        if t.pos_ == "PRON" and t.lower_ not in ("your", "our", "my", "his", "her", "their", "its"):
            break
        word_ok = t.pos_ in _PHRASE_POS or t.lower_ in events or t.lemma_.lower() in events or \
            t.lower_ in PARTICULAR or t.lower_ in ("'s", "’s", "-", "/") or t.like_num
        if t.pos_ == "ADP" and t.lower_ in _INNER_ADP and j + 1 < len(doc) and doc[j + 1].pos_ in (
                "DET", "PROPN", "NOUN", "NUM", "ADJ"):
            j += 1
            continue
        if not word_ok:
            break
        if t.pos_ in ("NOUN", "PROPN", "NUM") or t.lower_ in events or t.lemma_.lower() in events:
            last_good = j
        j += 1
    if last_good is None:
        return None
    return i, last_good + 1


def find_situation(a: Analysis) -> Span | None:
    events = _events()
    generic = _generic()
    doc = a.doc
    for token in doc:
        if token.lower_ not in SITUATION_PREPS or token.pos_ not in ("ADP", "SCONJ"):
            continue
        bounds = _phrase_after(a, token.i, events)
        if bounds is None:
            continue
        phrase = doc[bounds[0] : bounds[1]]
        words = [t.lower_ for t in phrase[1:]]
        lemmas = {t.lemma_.lower() for t in phrase[1:]}
        joined = " ".join(words)
        if phrase.text.lower() in generic or any(g == joined for g in generic):
            continue
        has_event = bool(lemmas & events or set(words) & events) or any(
            f"{x} {y}" in events for x, y in itertools.pairwise(words))
        has_time = any(w.rstrip("'s’") in DAYS for w in words) or any(
            t.ent_type_ in ("DATE", "TIME") for t in phrase[1:])
        particular = any(w in PARTICULAR for w in words) or any(
            t.pos_ == "PROPN" or t.like_num or t.lower_ in ("'s", "’s") for t in phrase[1:])
        if _DURATION.search(joined) and not any(w.rstrip("'s’") in DAYS for w in words):
            continue
        if words and words[-1] in ("future", "past", "general", "meetings", "calls"):
            continue
        if (has_event and (particular or has_time)) or (has_time and token.lower_ in (
                "on", "at", "during", "in", "after")):
            if a.in_quote(phrase.start_char, phrase.end_char):
                continue
            return _clean(a, phrase.start_char, phrase.end_char)
    for ent in doc.ents:
        low = ent.text.lower()
        if ent.label_ in ("DATE", "TIME") and not any(g in low for g in generic) and not re.search(
                r"\b(every|each|always|sometimes|often|usually|future|recent|days|weeks|months|"
                r"years|hours|minutes)\b", low):
            start = ent.start
            if start > 0 and doc[start - 1].lower_ in ("on", "at", "during", "last", "this"):
                start -= 1
            return _clean(a, doc[start].idx, ent.end_char)
    return None


def _behavior_verb(a: Analysis, token: Token) -> bool:
    non_behavior = lexicon.phrase_set("sbi_cues", "non_behavior_verbs")
    if token.pos_ not in ("VERB",) or token.lemma_.lower() in non_behavior:
        return False
    if token.dep_ in ("xcomp", "acomp", "amod", "relcl", "pcomp", "acl"):
        return False
    if token.dep_ == "advcl" and not any(c.lower_ in ("because", "when", "after", "as", "since")
                                         for c in token.children):
        return False
    sent = token.sent
    before = a.text[sent.start_char : token.idx].lower()
    if any(re.search(rf"\b{re.escape(cue)}\b", before) for cue in DIRECTIVE_CUES):
        return False
    if token.tag_ in ("VB",) and not any(c.dep_ == "aux" for c in token.children):
        return False  # imperative: a request, not an observed action
    if any(c.lower_ in ("will", "'ll", "should", "could", "would", "might", "must") for c in token.children):
        return False
    if any(c.lower_ in HABITUAL for c in token.children):
        return False  # "you always interrupt": a generalization, not an observed action
    return True


def _clause_end(a: Analysis, verb: Token, impact_start: int | None) -> int:
    stop = verb.right_edge.i + 1
    for t in verb.doc[verb.i + 1 : verb.right_edge.i + 1]:
        low = t.lower_
        if low in ("so", "which", "because", "thereby", "resulting") and t.i > verb.i + 1:
            stop = t.i
            break
        if low in ("and", "but") and t.dep_ == "cc":
            nxt = [c for c in t.head.children if c.dep_ == "conj" and c.i > t.i]
            other = a.subject(nxt[0]) if nxt else None
            if other is not None and other.i > t.i and other is not a.subject(verb):
                stop = t.i  # "..., and she registered the same day": a new clause, the impact
                break
        if t.dep_ == "punct" and low in (";", ":", "—", "–"):
            stop = t.i
            break
    end_char = verb.doc[stop - 1].idx + len(verb.doc[stop - 1])
    if impact_start is not None and verb.idx < impact_start < end_char:
        end_char = impact_start
    return end_char


def find_behavior(a: Analysis, *, impact: Span | None = None,
                  situation: Span | None = None) -> Span | None:
    for token in a.doc:
        if not _behavior_verb(a, token):
            continue
        subj = a.subject(token)
        if subj is None or not a.is_person(subj) or a.is_self(subj):
            continue
        if subj.i > token.i:
            continue
        if a.in_quote(token.idx, token.idx + 1):
            continue
        start = subj.left_edge.idx if subj.left_edge.i >= token.sent.start else subj.idx
        end = _clause_end(a, token, impact.start if impact else None)
        if situation and start <= situation.start < end and situation.end >= end - 1:
            end = situation.start  # a trailing situation phrase belongs to the situation
        if situation and start <= situation.start and situation.end < end and \
                situation.start == start:
            start = situation.end
        span = _clean(a, start, end)
        if span:
            return span
    return None


@lru_cache(maxsize=1)
def _opener_pattern() -> re.Pattern[str]:
    """One regex for every impact opener, longest first."""
    openers = sorted({o.strip() for o in lexicon.phrases("sbi_cues", "impact_openers") if o.strip()},
                     key=len, reverse=True)
    parts = [re.escape(o) + (r"\b" if o[-1].isalnum() else "") for o in openers]
    return re.compile(r"(?<![\w'])(?:" + "|".join(parts) + ")")


def _so_starts_clause(a: Analysis, end: int) -> bool:
    """'so we shipped' opens a clause; 'so organized' and 'so much' do not."""
    nxt = a.doc.char_span(end, len(a.text), alignment_mode="expand")
    if nxt is None or len(nxt) == 0:
        return False
    first = nxt[0]
    return first.pos_ not in ("ADJ", "ADV", "DET", "PUNCT") or first.lower_ in ("that", "the")


def find_impact(a: Analysis) -> Span | None:
    low = a.text.lower()
    for m in _opener_pattern().finditer(low):
        opener = m.group(0).strip()
        if m.start() == 0 and opener in ("so", "and", "which"):
            continue
        if a.in_quote(m.start(), m.end()):
            continue
        if opener == "so" and not _so_starts_clause(a, m.end()):
            continue
        span = a.doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        return _clean(a, m.start(), span.sent.end_char)
    return None


def fallback_impact(a: Analysis, behavior: Span | None) -> Span | None:
    """A clause after the behavior whose subject is not the person: 'and the client signed';
    else the first sentence after the behavior's sentence."""
    after = behavior.end if behavior else 0
    found = _other_subject_clause(a, after)
    if found is not None:
        return found
    for sent in a.sentences:
        if sent.start_char >= after and after and sent.text.strip():
            return _clean(a, sent.start_char, sent.end_char)
    if behavior is not None and a.text[behavior.end :].strip(" ,.;:-"):
        return _clean(a, behavior.end, len(a.text))
    return None


def _other_subject_clause(a: Analysis, after: int) -> Span | None:
    for sent in a.sentences:
        if sent.end_char <= after:
            continue
        for token in sent:
            if token.idx < after or token.pos_ not in ("VERB", "AUX") or token.dep_ not in (
                    "ROOT", "conj"):
                continue
            subj = a.subject(token)
            if subj is None or subj.lower_ in ("you", "u") or subj.i < max(sent.start, 0):
                continue
            start = subj.left_edge.idx
            if start < after:
                continue
            return _clean(a, start, sent.end_char)
    return None


def fallback_situation(a: Analysis) -> Span | None:
    """Looser occasion candidates, used only when the learned head says a situation is there:
    any particular prepositional object, a 'when ...' clause, or a particular artefact subject."""
    for token in a.doc:
        if token.dep_ == "prep" and token.lower_ in PREPS | {"of", "about", "within"}:
            objs = [c for c in token.children if c.dep_ == "pobj"]
            if not objs or token.lower_ in ("within", "for") or _DURATION.search(objs[0].text):
                continue
            obj = objs[0]
            if obj.pos_ in ("NOUN", "PROPN") and _is_particular(obj) and obj.lower_ not in (
                    "future", "past", "life", "career"):
                phrase = a.doc[token.i : obj.right_edge.i + 1]
                if a.in_quote(phrase.start_char, phrase.end_char):
                    continue
                return _clean(a, phrase.start_char, phrase.end_char)
    for sent in a.sentences:
        first = sent[0]
        if first.lower_ == "when":
            comma = next((t for t in sent if t.text == ","), None)
            if comma is not None:
                return _clean(a, first.idx, comma.idx)
    for token in a.doc:
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ in ("NOUN", "PROPN") and not \
                a.is_person(token) and _is_particular(token):
            return _clean(a, token.left_edge.idx, token.right_edge.idx + len(token.right_edge))
    for ent in a.doc.ents:
        if ent.label_ in ("DATE", "TIME", "EVENT") and not _DURATION.search(ent.text):
            return _clean(a, ent.start_char, ent.end_char)
    return None


def fallback_behavior(a: Analysis) -> Span | None:
    """The first clause with 'you' (or a name) as subject, whatever its verb."""
    for token in a.doc:
        if token.dep_ in ("nsubj", "nsubjpass") and a.is_person(token) and not a.is_self(token):
            head = token.head
            return _clean(a, token.idx, _clause_end(a, head, None))
    return None


def extract(a: Analysis) -> SbiParts:
    situation = find_situation(a)
    impact = find_impact(a)
    behavior = find_behavior(a, impact=impact, situation=situation)
    if impact and behavior and impact.start < behavior.start:
        impact = None if "felt" not in impact.text.lower() else impact
    return SbiParts(situation=situation, behavior=behavior, impact=impact)



#: Flags that make their whole clause unusable as an SBI part (it mocks or insults).
CLAUSE_JUDGMENTS = frozenset({"mockery", "insult", "condescension"})


def without_judgments(parts: SbiParts, flags: list[Flag]) -> SbiParts:
    """Judgmental and sarcastic clauses never count as an SBI part.

    A behavior or impact is dropped (so the rewrite asks for it instead) when it overlaps a sarcasm, mockery,
    insult or condescension flag, or when judgment flags cover at least half of it ("you were
    so unprofessional"). A part that merely contains a judgment word next to an observable action
    ("you always interrupted Maria") is kept; its flag asks about the word. The learned
    whole-sentence flag is not used: it would also drop a plain situation in the same sentence.
    """
    judged = [f for f in flags if f.end > f.start and f.category in JUDGMENTAL_CATEGORIES
              and f.detector != "learned"]

    def keep(span: Span | None) -> Span | None:
        if span is None:
            return None
        hits = [f for f in judged if f.start < span.end and span.start < f.end]
        if any(f.category in CLAUSE_JUDGMENTS for f in hits):
            return None
        covered = sum(min(f.end, span.end) - max(f.start, span.start) for f in hits)
        return None if covered * 2 >= span.end - span.start else span

    # A situation is a time or place ("in Tuesday's demo"), never a judgment in itself.
    return SbiParts(situation=parts.situation, behavior=keep(parts.behavior), impact=keep(parts.impact))
