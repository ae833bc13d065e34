"""Phone numbers in international formats (+44 20 7946 0958, 0049-30-1234567, (555) 123-4567).

Presidio's own PhoneRecognizer (libphonenumber) validates numbers for a few regions; this pattern
adds the written forms people use across countries. At least 8 digits, so years and counts stay.
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from coach.themes.roster import Roster

INTERNATIONAL = (r"(?<![\w+])(?:\+|00)\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,5}(?:[\s.-]?\d{2,5}){1,4}"
                 r"(?![\w])")
LOCAL = r"(?<![\w+])(?:\(\d{2,5}\)\s?|\d{2,5}[\s.-])\d{3,4}[\s.-]?\d{3,5}(?![\w])"


class _PhonePatterns(PatternRecognizer):
    def validate_result(self, pattern_text: str) -> bool | None:
        digits = sum(ch.isdigit() for ch in pattern_text)
        return 8 <= digits <= 15


def build(roster: Roster) -> list[EntityRecognizer]:
    return [_PhonePatterns(supported_entity="PHONE_NUMBER", name="InternationalPhoneRecognizer",
                           patterns=[Pattern("international", INTERNATIONAL, 0.7),
                                     Pattern("local", LOCAL, 0.5)],
                           global_regex_flags=regex.M)]
