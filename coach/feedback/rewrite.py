"""SBI rewrites that never invent facts.

The author's text is kept word for word, except that each judgment is replaced by a bracketed
question asking for the observable behavior behind it; vague phrases get a bracketed question
after them; missing parts get bracketed prompts. Everything new is inside brackets.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from coach.feedback.report import JUDGMENTAL_CATEGORIES, VAGUE_CATEGORIES, Flag, SbiParts

PROMPTS_DIR = Path(__file__).resolve().parent.parent.parent / "prompts"
REPLACE = set(JUDGMENTAL_CATEGORIES) - {"judgmental-tone"}
ASK_AFTER = set(VAGUE_CATEGORIES) - {"vague"}


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
        if flag.category == "absolute":
            out.append(_fill(t["absolute_question"], name=name, phrase=flag.text))
        elif flag.category == "motive-guess":
            out.append(_fill(t["inner_state_question"], name=name, phrase=flag.text))
        elif flag.category in REPLACE:
            out.append(_fill(t["judgment_question"], name=name, phrase=flag.text))
        else:
            out.append(flag.text + " " + _fill(t["vague_question"], name=name, phrase=flag.text))
        pos = flag.end
    out.append(text[pos:])
    return "".join(out).strip()


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
