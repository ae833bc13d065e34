"""One object that holds the database, the models and the services for a process.

The CLI makes one per command; the app keeps one per process (``st.cache_resource``). Models load
lazily, on first use, so starting the app or a CLI command that needs no model stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from coach.autosave import AutosaveService
from coach.config import Settings
from coach.feedback.checker import FeedbackChecker
from coach.feedback.service import FeedbackService
from coach.guidance.index import RetrievalConfig
from coach.guidance.service import GuidanceService
from coach.nlp.embedder import Embedder
from coach.nlp.models import get_embedder, get_nlp
from coach.people import AccountService, Directory, SignInService
from coach.reflection.goal_quality import GoalChecker
from coach.reflection.reflections import ReflectionService
from coach.store.db import Database


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
        service = GuidanceService(self.db, self._embedder_factory, settings=self.settings,
                                  config=self._retrieval)
        service.ensure_default_library()
        return service

    @cached_property
    def checker(self) -> FeedbackChecker:
        return FeedbackChecker(self._nlp_factory, self._embedder_factory,
                               max_chars=self.settings.max_check_chars)

    @cached_property
    def feedback(self) -> FeedbackService:
        return FeedbackService(self.db, self.checker, llm_url=self.settings.llm_url,
                               llm_model=self.settings.llm_model)

    @cached_property
    def goal_checker(self) -> GoalChecker:
        return GoalChecker(self._nlp_factory, self._embedder_factory)

    @cached_property
    def reflections(self) -> ReflectionService:
        return ReflectionService(self.db, nlp_factory=self._nlp_factory,
                                 embedder_factory=self._embedder_factory,
                                 guidance=lambda: self.guidance)

    @cached_property
    def signin(self) -> SignInService:
        return SignInService(self.db)

    @cached_property
    def accounts(self) -> AccountService:
        return AccountService(self.db)

    @cached_property
    def people(self) -> Directory:
        return Directory(self.db)

    @cached_property
    def autosave(self) -> AutosaveService:
        return AutosaveService(self.db)
