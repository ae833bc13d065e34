"""@handles of any kind (Slack, GitHub, social media) and the roster's bare handles."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from coach.themes.roster import Roster

#: @name not preceded by a word character or a dot (so e-mail addresses are left to the e-mail rule)
AT_HANDLE = r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?"


def build(roster: Roster) -> list[EntityRecognizer]:
    out: list[EntityRecognizer] = [PatternRecognizer(
        supported_entity="HANDLE", name="AtHandleRecognizer",
        patterns=[Pattern("at-handle", AT_HANDLE, 0.6)], global_regex_flags=regex.M)]
    terms = roster.handle_terms()
    if terms:
        out.append(PatternRecognizer(supported_entity="HANDLE", name="RosterHandleRecognizer",
                                     deny_list=terms, global_regex_flags=regex.M))
    return out
