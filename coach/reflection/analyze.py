"""Everything the coach says about one reflection: cues, linked goals, fitting guidance, prompts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from coach.errors import InputError
from coach.guidance.index import RetrievalConfig
from coach.guidance.service import GuidanceService
from coach.nlp.embedder import Embedder
from coach.reflection.cues import Cue, reflection_cues
from coach.reflection.guidance_ranker import (
    SEARCH_K,
    Candidate,
    GuidanceRanker,
    default_guidance_ranker,
    rerank,
)
from coach.reflection.link_features import as_goal_doc
from coach.reflection.linking import (
    GoalDoc,
    GoalLink,
    ReflectionParts,
    answering_sentence,
    link_goals,
    links_automatically,
)
from coach.reflection.prompts import Prompt, choose_prompts
from coach.reflection.situations import situation_order

MAX_REFLECTION_CHARS = 20_000
#: Long reflections are better served by keywords than short questions are: fusion weights for
#: reflection-to-guidance search, tuned on the tuning reflections (eval/journey_eval.py).
REFLECTION_FUSION = RetrievalConfig(rrf_k=30.0, dense_weight=1.0, sparse_weight=2.0)
#: how many search results the situation match re-ranks (the shipped library has 57 passages)
SEARCH_DEPTH = 50
RERANKERS = ("learned", "situations", "none")


@dataclass(frozen=True)
class GuidanceFit:
    passage_id: str
    title: str
    text: str
    answers: str
    source: str
    score: float


@dataclass
class ReflectionAnalysis:
    cues: list[Cue]
    goals: list[GoalLink]
    guidance: list[GuidanceFit]
    prompts: list[Prompt] = field(default_factory=list)

    @property
    def question(self) -> str:
        """"Which goal is this about?" when the top two goals are too close to call, else ''."""
        if len(self.goals) < 2 or not self.goals[0].ask:
            return ""
        return (f"Which goal is this reflection about: '{self.goals[0].goal}' or "
                f"'{self.goals[1].goal}'?")

    def to_dict(self) -> dict[str, Any]:
        return {
            "cues": [{"kind": c.kind, "message": c.message, "ok": c.ok} for c in self.cues],
            "goals": [{"goal": g.goal, "confidence": g.confidence, "similarity": g.similarity,
                       "evidence": g.evidence, "matched": g.matched, "ask": g.ask}
                      for g in self.goals],
            "question": self.question,
            "guidance": [asdict(g) for g in self.guidance],
            "prompts": [asdict(p) for p in self.prompts],
        }


def validate_reflection(text: str | None) -> str:
    if text is None or not text.strip():
        raise InputError("The reflection is empty. Write what happened, what you noticed, or what "
                         "you will do next; one sentence is a fine start.")
    if len(text) > MAX_REFLECTION_CHARS:
        raise InputError(f"The reflection is {len(text):,} characters; the limit is "
                         f"{MAX_REFLECTION_CHARS:,}. Split it into separate reflections.")
    return text.strip()


def analyze_reflection(text: str, goals: Sequence[str | GoalDoc], *, nlp: Any, embedder: Embedder,
                       guidance: GuidanceService | None, k_guidance: int = 3,
                       parts: ReflectionParts | None = None) -> ReflectionAnalysis:
    text = validate_reflection(text)
    docs = [g for g in goals if (g.title if isinstance(g, GoalDoc) else g or "").strip()]
    docs = [g if isinstance(g, GoalDoc) else g.strip() for g in docs]
    links = link_goals(embedder, parts or ReflectionParts(what=text), docs) if docs else []
    # the guidance hears about the goal only when the coach is sure of it (as it links it)
    goal = as_goal_doc(docs[links[0].index]).text \
        if links and not links[0].ask and links_automatically(links[0]) else ""
    fits = fit_guidance(text, guidance, embedder, k=k_guidance, parts=parts, goal=goal) \
        if guidance is not None else []
    return ReflectionAnalysis(cues=reflection_cues(text, nlp, parts=parts), goals=links, guidance=fits,
                              prompts=choose_prompts(text))


def guidance_query(text: str, parts: ReflectionParts | None, goal: str = "") -> str:
    """The "so what" / "now what" parts and the linked goal (the whole text when the parts are not
    known). Measured against the whole text in eval/journey_eval.py; not the shipped query."""
    if parts is None or not (parts.so_what.strip() or parts.now_what.strip()):
        return text
    return " ".join(p.strip() for p in (parts.so_what, parts.now_what, goal) if p.strip())


def fit_guidance(text: str, guidance: GuidanceService, embedder: Embedder, *,
                 k: int = 3, parts: ReflectionParts | None = None, goal: str = "",
                 query: str = "whole", rerank_by: str = "learned",
                 ranker: GuidanceRanker | None = None) -> list[GuidanceFit]:
    """The ``k`` passages that fit a reflection, each with the sentence it answers.

    Shipped (``rerank_by="learned"``): the library's hybrid search on the whole reflection, its top
    results re-ordered by the learned ranker (``guidance_ranker``) on evidence from the reflection's
    parts and sentences, the passage's situations and the linked ``goal`` (its full text).
    ``"situations"`` (search fused with the situation match) and ``"none"`` (search order), and
    ``query="parts"``, are the earlier variants, kept for the evaluation's comparison.
    """
    if k <= 0:
        return []
    if rerank_by not in RERANKERS:
        raise ValueError(f"rerank_by must be one of {', '.join(RERANKERS)} (got {rerank_by!r})")
    q = guidance_query(text, parts, goal) if query == "parts" else text
    model = (ranker or default_guidance_ranker()) if rerank_by == "learned" else None
    depth = SEARCH_K if model else SEARCH_DEPTH if rerank_by == "situations" else k
    hits = guidance.search(q[:2000], k=max(depth, k), fusion=REFLECTION_FUSION)
    if model is not None and hits:
        keyword = {h.passage_id: i for i, h in enumerate(
            guidance.search(q[:2000], k=SEARCH_K, mode="bm25"))}
        cands = [Candidate(h.passage_id, h.title, h.text, tuple(h.tags), i, keyword.get(h.passage_id))
                 for i, h in enumerate(hits[:model.depth])]
        ranked = rerank(model, embedder, parts or ReflectionParts(what=text), cands, goal=goal)
        hits = [hits[c.search_rank] for c, _ in ranked] + hits[model.depth:]
    elif rerank_by == "situations":
        by_id = {h.passage_id: h for h in hits}
        hits = [by_id[p] for p in situation_order(embedder, text, [h.passage_id for h in hits])]
    hits = hits[:k]
    answers = answering_sentence(embedder, text, [h.text for h in hits]) if hits else []
    return [GuidanceFit(h.passage_id, h.title, h.text, a, h.source, h.score)
            for h, a in zip(hits, answers, strict=True)]
