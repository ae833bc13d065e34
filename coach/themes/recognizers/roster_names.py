"""Deny-list of every roster name form (full, first name alone, lower-case, hyphenated) as PERSON."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer

from coach.themes.roster import Roster


def build(roster: Roster) -> list[EntityRecognizer]:
    terms = roster.name_terms()
    if not terms:
        return []
    # Case-sensitive: the roster already lists the lower-case forms that are safe to deny.
    return [PatternRecognizer(supported_entity="PERSON", name="RosterNameRecognizer",
                              deny_list=terms, deny_list_score=1.0, global_regex_flags=regex.M)]
