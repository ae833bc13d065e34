"""The shape every small learned ranker here shares: standardise the chosen features, one dot product.

The guidance re-ranker (``coach.reflection.guidance_ranker``), the goal-link ranker
(``coach.reflection.link_ranker``) and the passage re-ranker (``coach.guidance.passage_ranker``) are
each a :class:`LinearModel` plus what is their own (label evidence, a temperature, a depth).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    """Feature names, their training mean and scale, and one weight each."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray

    def linear(self, x: np.ndarray) -> np.ndarray:
        """One score per row of ``x``, whose columns are ``features`` in order (the arrays' own dtype
        is kept for the arithmetic; the scores come back as float64)."""
        return np.asarray(((x - self.mean) / self.scale) @ self.coef, dtype=np.float64)

    def linear_dict(self, *, coef_key: str = "coef", digits: int | None = 6) -> dict[str, object]:
        """The four arrays as JSON-ready lists (rounded to ``digits`` unless None)."""
        def out(a: np.ndarray) -> list[float]:
            return (a.round(digits) if digits is not None else a).tolist()  # type: ignore[no-any-return]

        return {"features": list(self.features), "mean": out(self.mean), "scale": out(self.scale),
                coef_key: out(self.coef)}


__all__ = ["LinearModel"]
