"""Goal quality: is a goal specific, measurable and time-bound? What is missing, and a suggestion.

Parse-aware rules (spaCy entities and patterns) give features and explanations; small learned heads
on [embedding, rule features] (``models/goal_heads.json``, trained by ``eval/train_goals.py``) make
the three decisions. The suggestion keeps the mentee's words and adds bracketed questions only, each
quoting the words that fall short when there are any; examples are kept beside it, never inside.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from coach.errors import InputError
from coach.nlp.embedder import Embedder
from coach.nlp.heads import Heads, load_heads_file

GOAL_HEADS_FILE = Path(__file__).resolve().parent.parent.parent / "models" / "goal_heads.json"
LABELS = ("specific", "measurable", "time_bound")
MAX_GOAL_CHARS = 1000

_MONTHS = r"(january|february|march|april|may|june|july|august|september|october|november|december|" \
          r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
_PERIOD = r"(week|month|quarter|year|sprint|semester|term|half|summer|spring|autumn|fall|winter|" \
          r"fiscal year|school year|cycle)"
_NUM = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of)"
DEADLINE = re.compile(
    r"\b(by|before|until|till|no later than|due)\s+(the\s+)?(end of\s+)?(\w+\s+){0,3}?"
    rf"({_MONTHS}|q[1-4]|\d{{1,2}}(st|nd|rd|th)|\d{{4}}|{_PERIOD}|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|christmas|review|deadline|launch|graduation)\b"
    rf"|\b(within|in|over|for)\s+(the\s+)?(next\s+)?{_NUM}\s+(days?|weeks?|months?|years?|quarters?|sprints?)\b"
    rf"|\b(this|next|current)\s+{_PERIOD}\b|\bend of (the )?{_PERIOD}\b|\b(eoy|eoq|eom)\b"
    rf"|\bq[1-4]( \d{{4}}| fy\d\d)?\b|\b(in|during|by) {_MONTHS}\b|\b20[2-9]\d-\d\d-\d\d\b"
    rf"|\b\d{{1,2}}/\d{{1,2}}(/\d{{2,4}})?\b|\b(in|by|during|before) (20[2-9]\d)\b",
    re.I)
VAGUE_TIME = re.compile(r"\b(soon|someday|some day|eventually|asap|as soon as possible|in the future|"
                        r"one day|long[- ]term|at some point|in time|sooner or later|when i can|"
                        r"whenever)\b", re.I)
PAST_DATE = re.compile(r"\b(since|ago|last year|in 20(0\d|1\d|2[0-5])\b|lost in|after \d+ years)", re.I)
NUMBERISH = re.compile(r"\b(\d+(\.\d+)?\s*(%|percent|k\b|x\b)?|one|two|three|four|five|six|seven|"
                       r"eight|nine|ten|twelve|twenty|fifty|hundred|dozen|half|double|triple)\b", re.I)
NOT_A_MEASURE = re.compile(r"\b(\d+(st|nd|rd|th)|10x|100%|top \d+|\d+-week|\d+-day|8 to 5|9 to 5)\b", re.I)
OUTCOME = re.compile(
    r"\b(pass(ed)?|get promoted|promot(ed|ion) to|publish(ed)?|launch|ship|certif(ied|ication|icate)|"
    r"complete|finish|submit|present (at|to)|give (a|my|one|two) (talk|presentation)|run (a|the) "
    r"(marathon|half|\d+k)|get (a|an|my|the) (job|role|offer|position|visa|license|licence)|land (a|an)|"
    r"earn|obtain|reach (a |the )?(b1|b2|c1|c2|level|grade)|win|sign|hire|switch (from|to|into)|"
    r"move (to|into)|become (a|an|the) (?!(much |even )?(better|stronger|more|less|greater)\b)|"
    r"apply (to|for)|enrol+|graduate|defend|score|save|raise|"
    r"mentor (one|two|\d)|lead (the|a|our) |deliver|release|write (a|an|the|my|\d))\b", re.I)
GENERIC = re.compile(
    r"\b(get better at|be better at|improve (my|our)? ?(skills|myself|communication|leadership|"
    r"confidence|performance)|grow (as|in)|develop (myself|my skills|as)|be more (proactive|confident|"
    r"visible|strategic|productive|organized|assertive|positive)|work on (myself|my (skills|weaknesses))|"
    r"learn more|level up|step up|be a better|become better|do better|up my game|be more effective)\b",
    re.I)
#: issue 12's definition of measurable: an observable event ("lead the retro twice", "give the talk at
#: the all-hands"), a rating by others, or a vague verb with no observable end
EVENT = re.compile(
    r"\b(lead|run|host|facilitate|chair|organi[sz]e|teach|give|present|speak at|attend|complete|"
    r"do|hold|mentor|interview|visit|close|sign|book|pitch|publish|post)\b[^.]{0,40}?"
    r"\b(once|twice|\d+ times|(one|two|three|four|five|\d+) (more )?\w+s?|every (week|month|sprint|day)|"
    r"weekly|monthly|at (the|our|a) \w+|to (the|my|our) \w+)\b", re.I)
RATED = re.compile(r"\b(rated|rating|ratings|score[sd]? (of |at least |above )?\d|nps|survey|"
                   r"feedback (score|from)|(signed off|approved|confirmed) by|(my|the) (manager|mentor|lead|"
                   r"team|customers?|clients?) (says?|rates?|confirms?|agrees?))\b", re.I)
VAGUE_VERB = re.compile(
    r"\b(get better at|be better at|better at|improve|understand|be more|feel more|feel|become more|"
    r"learn (about|more)|get comfortable|be comfortable|grow|work on|develop|strengthen|build (my|up)|"
    r"gain (more )?(confidence|experience|knowledge)|know more|deepen|enhance|brush up)\b", re.I)
#: a deadline set by an event rather than a date ("before the busy season starts", "until the
#: programme ends", "during this budget cycle", "in H1"): a person can tell when it has passed.
#: "before every meeting" is a habit's timing, not a deadline, so only a definite event counts.
EVENT_DEADLINE = re.compile(
    r"\b(before|until|till|ahead of|in time for|prior to|no later than|by the time)\s+"
    r"(the|my|our|his|her|their|this|next|first|i|we|it|[a-z]+ing)\b"
    rf"|\b(during|over|throughout|within|in)\s+(the|this|next|my|our|a)\s+(\w+\s+)?"
    rf"({_PERIOD}|season|round|window|period|intake|rotation|placement)\b"
    rf"|\bh[12]( 20[2-9]\d)?\b|\b\d{{1,2}}(st|nd|rd|th)? (of )?{_MONTHS}\b"
    rf"|\b{_MONTHS} \d{{1,2}}(st|nd|rd|th)?\b",
    re.I)
#: a habit with a stated frequency or duration is observable ("30 minutes a day", "after every
#: project", "8 weeks in a row"): at the deadline one can check whether it happened
HABIT = re.compile(r"\b(every|each)\s+(other\s+)?\w+|\b(a|per)\s+(day|week|month|sprint|shift|term|"
                   r"quarter)\b|\b(daily|weekly|monthly|fortnightly)\b|\bin a row\b", re.I)
#: reaching a target someone has set is a yes/no outcome
TARGET = re.compile(r"\b(hit|meet|reach|exceed|beat|achieve|make)\s+(all\s+|every\s+)?(of\s+)?"
                    r"(my|our|the|its)?\s*(\w+\s+)?(kpis?|targets?|quotas?|okrs?|budget|numbers)\b", re.I)
#: "be a better listener", "become a stronger facilitator": a comparative has no observable end
COMPARATIVE = re.compile(r"\b(be|become|becoming|get|feel|grow into|turn into)\s+(a |an )?(much |even |"
                         r"way )?(better|stronger|more|less|greater|calmer|clearer|braver|bolder|"
                         r"sharper|happier|wiser|fitter|smarter)\b", re.I)
#: a change from one number to another ("from 80 to 200 members") is a measure
FROM_TO = re.compile(r"\bfrom\s+\S*\d\S*\s+(\w+\s+)?to\s+\S*\d", re.I)
#: an indefinite object says nothing concrete ("present something", "learn stuff")
INDEFINITE = re.compile(r"\b(something|anything|stuff|things|whatever)\b", re.I)
_VAGUE_LEMMAS = frozenset(("improve", "understand", "develop", "grow", "strengthen", "deepen", "enhance",
                           "learn", "explore", "feel", "work", "build", "manage", "find", "gain"))
RULE_FEATURES = ("deadline", "vague_time", "past_date", "date_ent", "number", "not_measure", "outcome",
                 "generic", "propn", "n_tokens", "n_chunks", "event", "rated", "vague_verb",
                 "vague_only", "event_deadline", "count", "habit", "target", "comparative", "from_to",
                 "vague_root", "indefinite", "n_compounds")


@dataclass
class GoalCheck:
    goal: str
    specific: bool
    measurable: bool
    time_bound: bool
    missing: list[str]
    suggestion: str
    scores: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    #: for each missing label, an example of what would fill it (kept out of the suggestion)
    examples: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _time_spans(text: str, doc: Any) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for pat in (DEADLINE, EVENT_DEADLINE) for m in pat.finditer(text)]
    return spans + [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]


def _counts(doc: Any, spans: list[tuple[int, int]]) -> list[Any]:
    """Numbers that count or measure something: not part of a time expression ("3 months", "this
    half") and not an identifier after a name ("Ward 7", "Year 4")."""
    out = []
    for t in doc:
        if not t.like_num or any(a <= t.idx < b for a, b in spans):
            continue
        prev = doc[t.i - 1] if t.i > 0 else None
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        identifier = prev is not None and prev.pos_ in ("PROPN", "NOUN") and prev.text[:1].isupper() \
            and (nxt is None or nxt.pos_ not in ("NOUN", "PROPN"))
        if not identifier:
            out.append(t)
    return out


def goal_features(text: str, nlp: Any) -> np.ndarray:
    doc = nlp(text)
    ents = [e for e in doc.ents if e.label_ in ("DATE", "TIME")]
    nums = [m for m in NUMBERISH.finditer(text) if not any(
        e.start_char <= m.start() < e.end_char for e in ents)]
    values = [float(bool(DEADLINE.search(text))), float(bool(VAGUE_TIME.search(text))),
              float(bool(PAST_DATE.search(text))), float(bool(ents)), float(bool(nums)),
              float(bool(NOT_A_MEASURE.search(text))), float(bool(OUTCOME.search(text))),
              float(bool(GENERIC.search(text))),
              float(any(t.pos_ == "PROPN" for t in doc)), float(np.log1p(len(doc))),
              float(min(len(list(doc.noun_chunks)), 5))]
    counts = _counts(doc, _time_spans(text, doc))
    observable = bool(counts) or bool(OUTCOME.search(text)) or bool(EVENT.search(text)) or \
        bool(RATED.search(text)) or bool(HABIT.search(text)) or bool(TARGET.search(text)) or \
        bool(FROM_TO.search(text))
    comparative = bool(COMPARATIVE.search(text))
    vague = bool(VAGUE_VERB.search(text)) or comparative
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    vague_root = root is not None and (root.lemma_.lower() in _VAGUE_LEMMAS or comparative)
    values += [float(bool(EVENT.search(text))), float(bool(RATED.search(text))),
               float(vague), float(vague and not observable),
               float(bool(EVENT_DEADLINE.search(text))), float(min(len(counts), 3)),
               float(bool(HABIT.search(text))), float(bool(TARGET.search(text))), float(comparative),
               float(bool(FROM_TO.search(text))), float(vague_root), float(bool(INDEFINITE.search(text))),
               float(min(sum(1 for t in doc if t.dep_ == "compound"), 4))]
    return np.asarray(values, dtype=np.float32)


#: the bracketed slots of a suggestion only ask; they never put invented facts into the goal
_PROMPTS = {
    "specific": "[What exactly, and in which area?]",
    "measurable": "[How will you know it is done: a number, a deliverable, an event or someone else's "
                  "rating?]",
    "time_bound": "[By when? A date or a time frame]",
}
#: shown beside the suggestion, never inside it
EXAMPLES = {
    "specific": "e.g. 'present the Q1 roadmap to the leadership team'",
    "measurable": "e.g. 'publish one post', 'lead the retro twice', 'a 4 of 5 rating from the team'",
    "time_bound": "e.g. 'by 31 March' or 'within 8 weeks'",
}
_REASONS = {
    "specific": ("names a concrete outcome or action", "it does not say what exactly, or in which area"),
    "measurable": ("has a way to tell it is done",
                   "nothing shows when it is done: no number, deliverable, event or someone else's rating"),
    "time_bound": ("has a deadline or a time frame", "there is no date, time frame or event deadline"),
}


_QUOTES: dict[str, tuple[tuple[re.Pattern[str], ...], str]] = {
    "specific": ((GENERIC, INDEFINITE), "'{q}' does not say what exactly, or in which area"),
    "measurable": ((COMPARATIVE, VAGUE_VERB), "'{q}' has no observable end: add a number, a "
                   "deliverable, an event or someone else's rating that shows it is done"),
    "time_bound": ((VAGUE_TIME,), "'{q}' is not a deadline: add a date or a time frame"),
}
#: a quoted vague phrase runs on to its object, up to this many words or the next punctuation
_QUOTE_WORDS = 4
#: ... or to the end of the goal when at most this many more words are left
_QUOTE_SLACK = 2
#: a quote never ends on one of these ("... delegating to my" -> "... delegating")
_DANGLING = frozenset(("a", "an", "the", "to", "of", "for", "with", "when", "while", "and", "or", "in",
                       "on", "at", "my", "your", "our", "their", "his", "her", "its", "that", "who",
                       "which", "as", "about", "from", "into"))


def quoted_phrase(label: str, text: str) -> str:
    """The mentee's own words that fall short for ``label`` ('' when none): the vague phrase and
    the few words that follow it ("build my network", not "build my")."""
    for pattern in _QUOTES[label][0]:
        found = pattern.search(text)
        if found:
            if label == "time_bound":
                return found.group(0)
            rest = text[found.end():].lstrip()
            tail = re.match(rf"([^\W\d_][\w'-]*\s*){{0,{_QUOTE_WORDS + _QUOTE_SLACK}}}", rest)
            words = tail.group(0).split() if tail else []
            stop = next((i for i, w in enumerate(words) if DEADLINE.match(" ".join(words[i:]))
                         or VAGUE_TIME.match(" ".join(words[i:]))
                         or w.lower() in ("by", "before", "until", "this", "next", "in", "within")), None)
            words = words[:stop]
            if len(words) > _QUOTE_WORDS and (stop is None and len(rest.split()) > len(words)):
                words = words[:_QUOTE_WORDS]  # a long goal: the phrase and its next few words
            while words and words[-1].lower() in _DANGLING:
                words.pop()
            return " ".join([found.group(0), *words]).strip()
    return ""


def missing_reason(label: str, text: str) -> str:
    """Why a goal fails one check, quoting the words that fall short when there are any."""
    q = quoted_phrase(label, text)
    return _QUOTES[label][1].format(q=q) if q else _REASONS[label][1]


def missing_prompt(label: str, text: str, *, quoted: set[str] | None = None) -> str:
    """The bracketed question for a failing check, quoting the words it replaces when there are
    any (once: words already in ``quoted`` are not quoted again)."""
    q = quoted_phrase(label, text)
    if not q or (quoted is not None and q in quoted):
        return _PROMPTS[label]
    if quoted is not None:
        quoted.add(q)
    return f"[Instead of '{q}': {_PROMPTS[label][1].lower()}{_PROMPTS[label][2:]}"


def suggest(text: str, missing: list[str]) -> str:
    """The mentee's goal, unchanged, followed by one bracketed question per missing property."""
    quoted: set[str] = set()
    return " ".join([text.rstrip(". "), *[missing_prompt(k, text, quoted=quoted) for k in missing]])


class GoalChecker:
    def __init__(self, nlp_factory: Callable[[], Any], embedder_factory: Callable[[], Embedder], *,
                 heads: Heads | None = None) -> None:
        self._nlp_factory = nlp_factory
        self._embedder_factory = embedder_factory
        self._heads = heads

    @property
    def heads(self) -> Heads:
        if self._heads is None:
            self._heads = _load_goal_heads()
        return self._heads

    def check(self, goal: str) -> GoalCheck:
        text = (goal or "").strip()
        if not text:
            raise InputError("The goal is empty. Write what you want to achieve, e.g. 'Present the "
                             "Q1 roadmap to leadership by 31 March'.")
        if len(text) > MAX_GOAL_CHARS:
            raise InputError(f"The goal is {len(text)} characters; keep it under {MAX_GOAL_CHARS} "
                             "(one or two sentences). Put details in the description.")
        feats = goal_features(text, self._nlp_factory())
        emb = self._embedder_factory().encode([text])
        scores = {k: float(v[0]) for k, v in self.heads.scores(emb, feats).items()}
        decided = {k: scores[k] >= self.heads.heads[k].threshold for k in LABELS}
        missing = [k for k in LABELS if not decided[k]]
        suggestion = suggest(text, missing)
        return GoalCheck(goal=text, **decided, missing=missing,
                         suggestion=suggestion if missing else text,
                         scores={k: round(v, 4) for k, v in scores.items()},
                         reasons={k: _REASONS[k][0] if decided[k] else missing_reason(k, text)
                                  for k in LABELS},
                         examples={k: EXAMPLES[k] for k in missing})


@lru_cache(maxsize=1)
def _load_goal_heads() -> Heads:
    return load_heads_file(GOAL_HEADS_FILE, train_command="python eval/train_goals.py")


def parse_target_date(value: str | date | None, *, today: date | None = None,
                      allow_past: bool = False, field_name: str = "target date") -> date | None:
    """A date from ISO text, with clear errors for impossible or past dates."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        parsed = value
    else:
        try:
            parsed = date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise InputError(f"The {field_name} {value!r} is not a real date. Use YYYY-MM-DD, e.g. "
                             "2027-03-31.") from exc
    if not allow_past and parsed < (today or date.today()):
        raise InputError(f"The {field_name} {parsed.isoformat()} is in the past. Choose a future "
                         "date, or mark the goal as done or paused instead.")
    return parsed
