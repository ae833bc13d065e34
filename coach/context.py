"""One object that holds the database, the models and the services for a process.

The CLI makes one per command; the app keeps one per process (``st.cache_resource``). Models load
lazily, on first use, so starting the app or a CLI command that needs no model stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from coach.config import Settings
from coach.nlp.embedder import Embedder
from coach.nlp.models import get_embedder, get_nlp
from coach.store.db import Database

# The services import spaCy (and through it torch), FAISS and bm25s: each is imported when first
# used, so a command that needs one service (``coach match``, ``coach themes``) starts fast.
if TYPE_CHECKING:
    from coach.autosave import AutosaveService
    from coach.feedback.checker import FeedbackChecker
    from coach.feedback.service import FeedbackService
    from coach.guidance.index import RetrievalConfig
    from coach.guidance.service import GuidanceService
    from coach.people import AccountService, Directory, SignInService
    from coach.reflection.goal_quality import GoalChecker
    from coach.reflection.reflections import ReflectionService

__all__ = ["Context", "Database"]


class Context:
    def __init__(self, settings: Settings | None = None, *,
                 embedder_factory: Callable[[], Embedder] | None = None,
                 nlp_factory: Callable[[], Any] | None = None,
                 retrieval: RetrievalConfig | None = None) -> None:
        self.settings = settings or Settings.from_env()
        self._embedder_factory = embedder_factory or (lambda: get_embedder(self.settings))
        self._nlp_factory = nlp_factory or (lambda: get_nlp(self.settings))
        self._retrieval = retrieval

    @cached_property
    def db(self) -> Database:
        return Database(self.settings)

    @property
    def embedder(self) -> Embedder:
        return self._embedder_factory()

    @property
    def nlp(self) -> Any:
        return self._nlp_factory()

    @cached_property
    def guidance(self) -> GuidanceService:
        from coach.guidance.service import GuidanceService

        service = GuidanceService(self.db, self._embedder_factory, settings=self.settings,
                                  config=self._retrieval)
        service.ensure_default_library()
        return service

    @cached_property
    def checker(self) -> FeedbackChecker:
        from coach.feedback.checker import FeedbackChecker

        return FeedbackChecker(self._nlp_factory, self._embedder_factory,
                               max_chars=self.settings.max_check_chars)

    @cached_property
    def feedback(self) -> FeedbackService:
        from coach.feedback.service import FeedbackService

        return FeedbackService(self.db, self.checker, llm_url=self.settings.llm_url,
                               llm_model=self.settings.llm_model)

    @cached_property
    def goal_checker(self) -> GoalChecker:
        from coach.reflection.goal_quality import GoalChecker

        return GoalChecker(self._nlp_factory, self._embedder_factory)

    @cached_property
    def reflections(self) -> ReflectionService:
        from coach.reflection.reflections import ReflectionService

        return ReflectionService(self.db, nlp_factory=self._nlp_factory,
                                 embedder_factory=self._embedder_factory,
                                 guidance=lambda: self.guidance)

    @cached_property
    def signin(self) -> SignInService:
        from coach.people import SignInService

        return SignInService(self.db)

    @cached_property
    def accounts(self) -> AccountService:
        from coach.people import AccountService

        return AccountService(self.db)

    @cached_property
    def people(self) -> Directory:
        from coach.people import Directory

        return Directory(self.db)

    @cached_property
    def autosave(self) -> AutosaveService:
        from coach.autosave import AutosaveService

        return AutosaveService(self.db)
