"""Feedback text with flagged spans highlighted. All user text is HTML-escaped first."""

from __future__ import annotations

import html

from coach.feedback.report import JUDGMENTAL_CATEGORIES, VAGUE_CATEGORIES, Flag

COLORS = {"judgmental": "#ffc9c9", "vague": "#ffe8a3", "style": "#d0ebff"}


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
        title = html.escape(f"{flag.category}: {flag.message}", quote=True)
        parts.append(f'<mark style="background:{color(flag.category)};padding:0 2px;'
                     f'border-radius:3px" title="{title}">{html.escape(text[flag.start:flag.end])}'
                     f'<sup style="font-size:0.65em"> {html.escape(flag.category)}</sup></mark>')
        pos = flag.end
    parts.append(html.escape(text[pos:]))
    body = "".join(parts).replace("\n", "<br>")
    return (f'<div data-testid="feedback-highlight" style="font-size:1.05rem;line-height:1.8;'
            f'padding:0.75rem;border:1px solid #ddd;border-radius:6px">{body}</div>')
