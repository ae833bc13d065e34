"""SBI rewrites that never invent facts.

The author's text is kept word for word, except that sarcastic or mocking clauses are dropped
(they carry no fact to keep), each other judgment is replaced by a bracketed question asking for
the observable behavior behind it, vague phrases get a bracketed question after them, and
missing parts get bracketed prompts. Everything new is inside brackets, and the brackets hold
questions only: examples of an answer (which a hurried reader could send as if true) are given
beside the rewrite by :func:`prompt_examples`, never inside it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from coach.feedback.report import JUDGMENTAL_CATEGORIES, VAGUE_CATEGORIES, Flag, SbiParts

PROMPTS_DIR = Path(__file__).resolve().parent.parent.parent / "prompts"
REPLACE = set(JUDGMENTAL_CATEGORIES) - {"judgmental-tone"}
ASK_AFTER = set(VAGUE_CATEGORIES) - {"vague"}
DROP = {"mockery"}
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_REPEATED_PUNCT = re.compile(r"([,;:])\s*(?=[,.;:!?])|([.!?])\s*[,;:]+")
_DOUBLE_STOP = re.compile(r"([.!?])(\s*[.!?])+")
_LEADING_PUNCT = re.compile(r"^[\s,.;:!?]+")


@lru_cache(maxsize=1)
def templates() -> dict:
    return json.loads((PROMPTS_DIR / "sbi_templates.json").read_text(encoding="utf-8"))


def _fill(template: str, *, name: str, phrase: str = "") -> str:
    return template.replace("{name}", name).replace("{phrase}", phrase)


def _edited_text(text: str, flags: list[Flag], t: dict, name: str) -> str:
    """The author's text with judgments swapped for questions and vague phrases followed by one."""
    chosen: list[Flag] = []
    for flag in sorted(flags, key=lambda f: (f.start, -(f.end - f.start))):
        if flag.end <= flag.start or (flag.category not in REPLACE and flag.category not in ASK_AFTER):
            continue
        if chosen and flag.start < chosen[-1].end:
            continue
        chosen.append(flag)
    out, pos = [], 0
    for flag in chosen:
        out.append(text[pos : flag.start])
        pos = flag.end
        if flag.category in DROP:  # a sarcastic clause: nothing in it to keep or ask about
            continue
        if flag.category == "absolute":
            out.append(_fill(t["absolute_question"], name=name, phrase=flag.text))
        elif flag.category == "motive-guess":
            out.append(_fill(t["inner_state_question"], name=name, phrase=flag.text))
        elif flag.category in REPLACE:
            out.append(_fill(t["judgment_question"], name=name, phrase=flag.text))
        else:
            out.append(flag.text + " " + _fill(t["vague_question"], name=name, phrase=flag.text))
    out.append(text[pos:])
    return _tidy("".join(out)) if any(f.category in DROP for f in chosen) else "".join(out).strip()


def _tidy(text: str) -> str:
    """Punctuation left behind by a dropped clause: ", ." -> ".", ". ," -> ".", a capital after a stop."""
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    for _ in range(3):
        text = _REPEATED_PUNCT.sub(lambda m: m.group(2) or "", text)
        text = _DOUBLE_STOP.sub(r"\1", text)
    text = _LEADING_PUNCT.sub("", text)
    text = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    return text[:1].upper() + text[1:]


def prompt_examples(sbi: SbiParts, *, style: str = "sbi", name: str = "the person") -> list[tuple[str, str]]:
    """Examples of answers to the rewrite's bracketed prompts, ``(prompt, example)``, to show beside it."""
    t = templates()[style]
    keys = {"sbi": ("situation", "behavior", "impact"), "sbii": ("situation", "behavior", "impact"),
            "coin": ("context", "observation", "impact")}[style]
    missing = [k for k, part in zip(keys, ("situation", "behavior", "impact"), strict=True)
               if getattr(sbi, part) is None]
    extra = {"sbi": [], "sbii": ["intent"], "coin": ["next_steps"]}[style]
    return [(_fill(t[f"{k}_prompt"], name=name), t[f"{k}_example"]) for k in [*missing, *extra]
            if f"{k}_example" in t]


def rewrite(text: str, flags: list[Flag], sbi: SbiParts, *, name: str = "the person",
            style: str = "sbi") -> str:
    """The SBI (or ``sbii`` / ``coin``) rewrite of ``text``."""
    t = templates()[style]
    body = _edited_text(text, flags, t, name)
    keys = {"sbi": ("situation_prompt", "behavior_prompt", "impact_prompt"),
            "sbii": ("situation_prompt", "behavior_prompt", "impact_prompt"),
            "coin": ("context_prompt", "observation_prompt", "impact_prompt")}[style]
    before: list[str] = []
    after: list[str] = []
    if sbi.situation is None:
        before.append(_fill(t[keys[0]], name=name))
    if sbi.behavior is None:
        before.append(_fill(t[keys[1]], name=name))
    if sbi.impact is None:
        after.append(_fill(t[keys[2]], name=name))
    if style == "sbii":
        after.append(_fill(t["intent_prompt"], name=name))
    if style == "coin":
        after.append(_fill(t["next_steps_prompt"], name=name))
    return " ".join([*before, body, *after]).strip()
