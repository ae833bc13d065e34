"""Storage: engine and sessions, tables, numbered migrations."""

from coach.store import models
from coach.store.db import Database, open_database
from coach.store.migrations import LATEST, migrate

__all__ = ["LATEST", "Database", "migrate", "models", "open_database"]
