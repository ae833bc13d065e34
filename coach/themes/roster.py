"""The program's roster as deny-list terms: names, first names, handles, e-mail addresses, and the
lower-case and hyphenated forms people actually type."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Lower-case words too common to deny on their own even if they are someone's first name or handle
#: ("will", "grace"); the capitalized form is still denied.
_TOO_COMMON = frozenset("""a an the and or i me my we you he she it they us our mentor mentee team
admin operator manager lead will may june april august grace hope joy faith rose mark bill sunny art
dawn rich frank max ray page bob sue jack pat chase amber ivy iris lily summer autumn victor guy
""".split())


@dataclass(frozen=True)
class RosterEntry:
    name: str = ""
    handle: str = ""
    email: str = ""


def _plain(text: str) -> str:
    """María -> Maria (people often type names without accents)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _longest_first(terms: Iterable[str]) -> list[str]:
    """Longest first: a regex alternation takes the first match, so "maria-gonzalez" before "maria"."""
    return sorted(set(terms), key=lambda t: (-len(t), t))


@dataclass(frozen=True)
class Roster:
    entries: tuple[RosterEntry, ...] = ()
    extra_terms: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, entries: Iterable[RosterEntry]) -> Roster:
        return cls(tuple(entries))

    def name_terms(self) -> list[str]:
        """Every form of every name: full, accent-free, lower-case, hyphenated, each part alone."""
        terms: set[str] = set()
        for entry in self.entries:
            name = entry.name.strip()
            if not name:
                continue
            for form in {name, _plain(name)}:
                parts = [p for p in re.split(r"[\s]+", form) if p]
                variants = {form, form.lower(), "-".join(parts), "-".join(parts).lower(),
                            "".join(parts).lower(), "_".join(parts).lower(), ".".join(parts).lower()}
                for part in parts:
                    for piece in {part, *part.split("-")}:
                        if len(piece) >= 2:
                            variants.add(piece)
                            if piece.lower() not in _TOO_COMMON:
                                variants.add(piece.lower())
                terms.update(variants)
        terms.update(self.extra_terms)
        return _longest_first(t for t in terms if len(t) >= 2)

    def handle_terms(self) -> list[str]:
        terms: set[str] = set()
        for entry in self.entries:
            handle = entry.handle.strip().lstrip("@")
            if len(handle) >= 2 and handle.lower() not in _TOO_COMMON:
                terms.update({handle, handle.lower(), "@" + handle, "@" + handle.lower()})
        return _longest_first(terms)

    def email_terms(self) -> list[str]:
        terms: set[str] = set()
        for entry in self.entries:
            email = entry.email.strip()
            if "@" in email:
                terms.update({email, email.lower()})
        return _longest_first(terms)

    def words(self) -> frozenset[str]:
        """Lower-case single words of the roster (for keeping names out of theme keywords)."""
        out: set[str] = set()
        for term in (*self.name_terms(), *self.handle_terms()):
            out.update(w for w in re.split(r"[^\w]+", _plain(term).lower()) if len(w) >= 2)
        return frozenset(out)
