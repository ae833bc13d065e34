"""Recognizers added to Presidio's predefined ones, with an explicit registry.

Each module builds recognizers for one kind of detail from the program's :class:`Roster`; the
registry below lists them by name so a deployment (or a test) can pick which ones run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from coach.themes.presidio_import import load_presidio

load_presidio()  # before the first Presidio import below (see coach.themes.presidio_import)

from presidio_analyzer import EntityRecognizer  # noqa: E402

from coach.themes.recognizers import handles, phones, proper_nouns, roster_emails, roster_names  # noqa: E402
from coach.themes.roster import Roster  # noqa: E402

Factory = Callable[[Roster], list[EntityRecognizer]]

REGISTRY: dict[str, Factory] = {
    "roster_names": roster_names.build,
    "roster_emails": roster_emails.build,
    "handles": handles.build,
    "phones": phones.build,
    "proper_nouns": proper_nouns.build,
}


def build_recognizers(roster: Roster, *, names: Iterable[str] | None = None) -> list[EntityRecognizer]:
    chosen = list(REGISTRY) if names is None else list(names)
    unknown = [n for n in chosen if n not in REGISTRY]
    if unknown:
        raise KeyError(f"Unknown recognizer(s) {unknown}; known: {sorted(REGISTRY)}")
    out: list[EntityRecognizer] = []
    for name in chosen:
        out.extend(REGISTRY[name](roster))
    return out


__all__ = ["REGISTRY", "build_recognizers"]
