"""Per-program guidance settings, and the "prefer our program's documents" ranking step.

A program's own handbook should come first when it answers a question as well as the shipped
default library. After fusion, passages of the program's documents get their fused score multiplied
by ``1 + program_boost``; the default boost was chosen on the tuning documents of
``eval/retrieval_docs_eval.py`` (never on its test documents).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from coach.errors import InputError

DEFAULT_BOOST = 0.6


@dataclass(frozen=True)
class GuidanceSettings:
    prefer_program_documents: bool = True
    program_boost: float = DEFAULT_BOOST
    #: re-order the search's top passages with the learned passage ranker (off: fused order)
    rerank: bool = True

    def __post_init__(self) -> None:
        if not 0.0 <= self.program_boost <= 3.0:
            raise InputError(f"program_boost must be between 0 and 3 (got {self.program_boost}).")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> GuidanceSettings:
        data = data or {}
        return cls(prefer_program_documents=bool(data.get("prefer_program_documents", True)),
                   program_boost=float(data.get("program_boost", DEFAULT_BOOST)),
                   rerank=bool(data.get("rerank", True)))


def prefer_program(ranked: Sequence[tuple[int, float]], program_ids: Collection[int], *,
                   boost: float) -> list[tuple[int, float]]:
    """Re-rank fused (id, score) pairs, boosting the program's own passages; ties keep their order."""
    if boost <= 0 or not program_ids:
        return list(ranked)
    scored = [(pid, score * (1.0 + boost) if pid in program_ids else score, n)
              for n, (pid, score) in enumerate(ranked)]
    scored.sort(key=lambda item: (-item[1], item[2]))
    return [(pid, score) for pid, score, _ in scored]
