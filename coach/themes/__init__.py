"""Anonymized themes across a program's notes: anonymizer, clustering, labels, privacy gates.

Public surface: :class:`ThemeService` (what the app and the CLI call), the report types, the notes
CSV reader and the anonymizer (used by the evaluation).
"""

from coach.themes.anonymizer import Anonymizer, TextAnonymizer
from coach.themes.clustering import ClusterOptions, cluster
from coach.themes.notes import ReadNotes, ThemeNote, parse_notes_csv, read_notes_csv
from coach.themes.pipeline import PIPELINE, find_themes
from coach.themes.report import CSV_FIELDS, STATUS_OK, STATUS_TOO_FEW, Cell, ThemeReport, ThemeView
from coach.themes.roster import Roster, RosterEntry
from coach.themes.service import ThemeService

__all__ = ["CSV_FIELDS", "PIPELINE", "STATUS_OK", "STATUS_TOO_FEW", "Anonymizer", "Cell",
           "ClusterOptions", "ReadNotes", "Roster", "RosterEntry", "TextAnonymizer", "ThemeNote",
           "ThemeReport", "ThemeService", "ThemeView", "cluster", "find_themes", "parse_notes_csv",
           "read_notes_csv"]
