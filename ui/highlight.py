"""Feedback text with flagged spans highlighted. All user text is HTML-escaped first."""

from __future__ import annotations

import html
import re

from coach.feedback.report import JUDGMENTAL_CATEGORIES, VAGUE_CATEGORIES, Flag

COLORS = {"judgmental": "#ffc9c9", "vague": "#ffe8a3", "style": "#d0ebff"}
LABELS = {"trait-label": "Label of the person", "motive-guess": "Guess at motives",
          "absolute": "Always / never", "insult": "Insult", "mockery": "Sarcasm or mockery",
          "condescension": "Condescending", "biased-remark": "Biased remark",
          "judgmental-tone": "Judgmental tone", "vague-praise": "Vague praise",
          "vague-criticism": "Vague criticism", "vague-directive": "Vague request", "vague": "Vague",
          "hedge": "Hedge", "weasel": "Weasel words", "idiom": "Idiom",
          "missing-situation": "No situation", "missing-behavior": "No behavior",
          "missing-impact": "No impact"}


def category_label(category: str) -> str:
    """A flag category as a person reads it ("Sarcasm or mockery", not "mockery")."""
    return LABELS.get(category, category.replace("-", " ").capitalize())


def color(category: str) -> str:
    if category in JUDGMENTAL_CATEGORIES:
        return COLORS["judgmental"]
    if category in VAGUE_CATEGORIES:
        return COLORS["vague"]
    return COLORS["style"]


def highlighted_html(text: str, flags: list[Flag]) -> str:
    """Non-overlapping flags as <mark> elements (longest first where they overlap)."""
    chosen: list[Flag] = []
    # Rule flags on words first; a learned whole-sentence flag only where nothing else is.
    for flag in sorted((f for f in flags if f.end > f.start),
                       key=lambda f: (f.detector == "learned", f.start, -(f.end - f.start))):
        if any(flag.start < c.end and c.start < flag.end for c in chosen):
            continue
        chosen.append(flag)
    chosen.sort(key=lambda f: f.start)
    parts, pos = [], 0
    for flag in chosen:
        parts.append(html.escape(text[pos : flag.start]))
        reasons = [f"{category_label(flag.category)}: {flag.message}",
                   *(f"Also {category_label(a['category']).lower()}: {a['message']}" for a in flag.also)]
        title = html.escape("\n".join(reasons), quote=True)
        parts.append(f'<mark style="background:{color(flag.category)};padding:0 2px;'
                     f'border-radius:3px" title="{title}">{html.escape(text[flag.start:flag.end])}'
                     f'<sup style="font-size:0.65em"> {html.escape(category_label(flag.category))}'
                     '</sup></mark>')
        pos = flag.end
    parts.append(html.escape(text[pos:]))
    body = "".join(parts).replace("\n", "<br>")
    return (f'<div data-testid="feedback-highlight" style="font-size:1.05rem;line-height:1.8;'
            f'padding:0.75rem;border:1px solid #ddd;border-radius:6px">{body}</div>')


_STOP = frozenset("""a about after again all also am an and any are as at be because been before being
but by can could did do does doing for from had has have having he her here hers him his how i if in
into is it its just me more most my no not now of on once only or other our out over own same she
should so some than that the their them then there these they this those through to too under until
up very was we were what when where which while who why will with would you your yours""".split())


def matched_words(query: str, passage: str, *, limit: int = 5) -> list[str]:
    """Words of the query (not stop words) that the passage uses too, in query order: why it matched."""
    have = set(re.findall(r"[a-z][a-z'-]+", passage.lower()))
    stems = {w[:5] for w in have if len(w) >= 5}
    out: list[str] = []
    for word in re.findall(r"[a-z][a-z'-]+", query.lower()):
        if word in _STOP or word in out or len(word) < 3:
            continue
        if word in have or (len(word) >= 5 and word[:5] in stems):
            out.append(word)
    return out[:limit]
