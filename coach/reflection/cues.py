"""Reflection-quality cues: gentle, specific suggestions, never a grade.

Does the reflection name a concrete event (what), an insight (so what), a next action (now what)?
Is it vague? Each cue says what is there or what could be added, with an example.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coach.reflection.link_features import ReflectionParts

MIN_PART_WORDS = 3  # a "So what:" / "Now what:" part this long counts as the insight / next step

INSIGHT = re.compile(r"\b(i (learned|learnt|reali[sz]ed|noticed|understood|discovered|saw that|"
                     r"think|feel|felt|wonder)|because|which means|that means|this means|so what|"
                     r"taught me|made me (think|realise|realize)|the lesson|i was surprised|it turns out|"
                     r"next time i would|what i take)\b", re.I)
ACTION = re.compile(r"\b(i will|i'll|i am going to|i'm going to|i plan to|i want to|next time|my next "
                    r"step|next step|tomorrow i|this week i|before (our|the) next|i need to|i intend to|"
                    r"i'm planning|i am planning|i commit|i'm committing|going forward|i should)\b", re.I)
GENERIC = re.compile(r"\b(it was (fine|good|ok|okay|great|bad)|things|stuff|a lot|some issues|"
                     r"went well|as usual|nothing much|normal week|busy week|same as always)\b", re.I)


@dataclass(frozen=True)
class Cue:
    kind: str  # event | insight | next-action | vague | length
    message: str
    ok: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _filled(part: str) -> bool:
    return len(re.findall(r"\w+", part or "")) >= MIN_PART_WORDS


def reflection_cues(text: str, nlp: Any, *, parts: ReflectionParts | None = None) -> list[Cue]:
    """Cues for ``text``; a filled-in "So what" / "Now what" part (``parts``) counts as the insight /
    the next step whatever its wording."""
    doc = nlp(text)
    words = [t for t in doc if t.is_alpha]
    cues: list[Cue] = []
    concrete = [e for e in doc.ents if e.label_ in ("DATE", "TIME", "EVENT", "PERSON", "ORG", "GPE",
                                                    "PRODUCT", "CARDINAL", "WORK_OF_ART")]
    past_actions = [t for t in doc if t.tag_ == "VBD" and t.pos_ == "VERB" and t.lemma_ not in (
        "be", "have", "feel", "seem", "think")]
    if concrete or len(past_actions) >= 2:
        cues.append(Cue("event", "You describe a concrete moment; that makes it easy to come back to.",
                        True))
    else:
        cues.append(Cue("event", "Which moment are you reflecting on? Naming when it happened and who "
                        "was there (e.g. 'in Tuesday's team meeting, when Ana asked about the budget') "
                        "helps you and your mentor see the pattern.", False))
    if INSIGHT.search(text) or (parts is not None and _filled(parts.so_what)):
        cues.append(Cue("insight", "You name what you noticed or learned.", True))
    else:
        cues.append(Cue("insight", "What did you notice or learn from it? One sentence starting with "
                        "'I realised...' or 'This matters because...' turns an account into a lesson.",
                        False))
    if ACTION.search(text) or (parts is not None and _filled(parts.now_what)):
        cues.append(Cue("next-action", "You have a next step; consider when you will do it.", True))
    else:
        cues.append(Cue("next-action", "What will you try next? A small, concrete step with a time "
                        "('before Friday's stand-up I will send the agenda') is easier to keep.", False))
    if GENERIC.search(text) and not concrete:
        cues.append(Cue("vague", "Some phrases are general ('it went well', 'things'). Which detail "
                        "would you want to remember in three months?", False))
    if len(words) < 25:
        cues.append(Cue("length", "A few more sentences would help: what happened, what it meant to "
                        "you, and what you will do next.", False))
    return cues
