"""Theme clustering: reproducible, few outliers, from tens of notes to 100k.

1. A deterministic sample (the ``sample_size`` notes with the smallest hash of their key, so the
   input order does not matter) is clustered with Ward linkage on the normalized embeddings (Ward
   keeps clusters of comparable size; average linkage splits off single notes on real text).
2. The number of themes is the cut of that tree with the best cosine silhouette among k = 2 ..
   min(``max_themes``, sample / (``notes_per_theme``)): real notes have a flat silhouette curve that
   keeps rising as themes split into near-duplicates, so the range is bounded by how many notes a
   theme needs to be worth reading.
3. Every note goes to the nearest theme centroid; a note whose similarity to every centroid is below
   ``outlier_similarity`` is an outlier. Tiny themes (< ``min_theme_notes``) are dissolved first.
Same input and options, same themes: there is no random state except the seeded sample order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

OUTLIER = -1


@dataclass(frozen=True)
class ClusterOptions:
    seed: str = "coach-themes-1"
    sample_size: int = 3000
    max_themes: int = 40
    notes_per_theme: int = 20
    min_theme_notes: int = 3
    outlier_similarity: float = 0.2


@dataclass(frozen=True)
class Clusters:
    labels: np.ndarray  # one label per note; OUTLIER for outliers; themes numbered by size
    centroids: np.ndarray  # (themes, dim), normalized
    silhouette: float

    @property
    def n_themes(self) -> int:
        return int(self.centroids.shape[0])


def _normalize(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32)


def sample_order(keys: Sequence[str], *, seed: str) -> np.ndarray:
    digests = [hashlib.blake2b(f"{seed}:{k}".encode(), digest_size=8).digest() for k in keys]
    return np.asarray(sorted(range(len(keys)), key=lambda i: (digests[i], keys[i])), dtype=np.int64)


def _best_cut(x: np.ndarray, *, max_themes: int, notes_per_theme: int) -> tuple[np.ndarray, float]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import silhouette_score

    n = x.shape[0]
    distances = np.clip(1.0 - x.astype(np.float64) @ x.T.astype(np.float64), 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(x.astype(np.float64), method="ward")
    best: tuple[float, np.ndarray] | None = None
    upper = min(max_themes, max(2, n // max(notes_per_theme, 1)))
    for k in range(2, upper + 1):
        labels = fcluster(tree, t=k, criterion="maxclust")
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(distances, labels, metric="precomputed"))
        if best is None or score > best[0] + 1e-9:
            best = (score, labels)
    if best is None:
        return np.ones(n, dtype=np.int64), 0.0
    return best[1].astype(np.int64), best[0]


def cluster(vectors: np.ndarray, keys: Sequence[str], *, options: ClusterOptions | None = None) -> Clusters:
    """Cluster normalized ``vectors`` (one per key) into themes; see the module docstring."""
    options = options or ClusterOptions()
    n = int(vectors.shape[0])
    if n != len(keys):
        raise ValueError("one key per vector")
    dim = int(vectors.shape[1]) if vectors.ndim == 2 else 0
    if n < 2 * options.min_theme_notes:
        return Clusters(np.full(n, OUTLIER, dtype=np.int64), np.zeros((0, dim), np.float32), 0.0)
    x = _normalize(np.asarray(vectors, dtype=np.float32))
    order = sample_order(keys, seed=options.seed)
    sample = np.sort(order[: options.sample_size])
    labels, silhouette = _best_cut(x[sample], max_themes=options.max_themes,
                                   notes_per_theme=options.notes_per_theme)
    groups = [sample[labels == value] for value in sorted(set(labels.tolist()))]
    groups = [g for g in groups if len(g) >= options.min_theme_notes] or [sample]
    centroids = _normalize(np.vstack([x[g].mean(axis=0) for g in groups]))
    # Assign every note to its nearest centroid, then recompute centroids once from the full set.
    for _ in range(2):
        sims = x @ centroids.T
        nearest = sims.argmax(axis=1)
        best = sims[np.arange(n), nearest]
        assigned = np.where(best >= options.outlier_similarity, nearest, OUTLIER)
        keep = [c for c in range(centroids.shape[0]) if int((assigned == c).sum()) >= options.min_theme_notes]
        if not keep:
            return Clusters(np.full(n, OUTLIER, dtype=np.int64), np.zeros((0, dim), np.float32), silhouette)
        centroids = _normalize(np.vstack([x[assigned == c].mean(axis=0) for c in keep]))
    sims = x @ centroids.T
    nearest = sims.argmax(axis=1)
    best = sims[np.arange(n), nearest]
    assigned = np.where(best >= options.outlier_similarity, nearest, OUTLIER)
    # Number themes by size (largest first), ties by the smallest sample position: stable output.
    sizes = [(-(assigned == c).sum(), c) for c in range(centroids.shape[0]) if (assigned == c).any()]
    renumber = {c: i for i, (_size, c) in enumerate(sorted(sizes))}
    final = np.asarray([renumber.get(int(a), OUTLIER) if a != OUTLIER else OUTLIER for a in assigned],
                       dtype=np.int64)
    ordered = np.vstack([centroids[c] for _s, c in sorted(sizes)]) if sizes else centroids[:0]
    return Clusters(final, ordered, silhouette)
