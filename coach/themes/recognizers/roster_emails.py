"""Deny-list of the roster's e-mail addresses (Presidio's pattern catches the others)."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer

from coach.themes.roster import Roster


def build(roster: Roster) -> list[EntityRecognizer]:
    terms = roster.email_terms()
    if not terms:
        return []
    return [PatternRecognizer(supported_entity="EMAIL_ADDRESS", name="RosterEmailRecognizer",
                              deny_list=terms, global_regex_flags=regex.M | regex.I)]
