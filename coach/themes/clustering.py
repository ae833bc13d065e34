"""Theme clustering: reproducible, few outliers, from tens of notes to 100k.

1. A deterministic sample (the ``sample_size`` notes with the smallest hash of their key, in that
   hash order, so the input order does not matter) is linked into a k-nearest-neighbour graph
   (``neighbours`` per note, cosine weights).
2. Louvain community detection (modularity, so the number of themes comes from the data; igraph's
   C implementation, about a hundred times faster than networkx's at 3,000 notes) runs on
   that graph with ``runs`` fixed seeds; notes that the runs put together at least half of the time
   (``agreement``) form a theme (average linkage on the co-association matrix). The consensus
   removes the run-to-run wobble of a single Louvain run.
   Measured on eval/data/themes_tune/ (the demo program's notes, labelled by us): Ward cut by the
   best silhouette over-split on the test notes and under-split the demo (silhouette curves of
   real notes are flat); the graph communities follow topics much better (see eval/README.md).
3. Themes with fewer than ``min_theme_notes`` notes (or sample / ``notes_per_small_theme`` in large
   programs), and any beyond the ``max_themes`` largest, are folded into the nearest kept theme:
   notes without a strong topic otherwise splinter into hundreds of small groups.
4. Notes outside the sample (large programs) take the theme of most of their ``neighbours``
   nearest sample notes. A note whose similarity to its theme's centroid is below
   ``outlier_similarity`` is an outlier.
Same input and options, same themes.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

OUTLIER = -1
_CHUNK = 4096
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ClusterOptions:
    seed: str = "coach-themes-3"
    sample_size: int = 3000
    neighbours: int = 10
    notes_per_neighbour: int = 100
    runs: int = 10
    agreement: float = 0.5
    min_theme_notes: int = 3
    #: a theme needs at least sample / this many notes (15 of a 3,000 sample; 3 below 600 notes)
    notes_per_small_theme: int = 200
    max_themes: int = 40
    outlier_similarity: float = 0.2


@dataclass(frozen=True)
class Clusters:
    labels: np.ndarray  # one label per note; OUTLIER for outliers; themes numbered by size
    centroids: np.ndarray  # (themes, dim), normalized
    modularity: float  # of the consensus themes on the sample graph

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


def _neighbours(queries: np.ndarray, base: np.ndarray, k: int, *,
                same: bool) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` most similar rows of ``base`` for each query (chunked: 100k x 3000 stays small)."""
    k = min(k, base.shape[0] - (1 if same else 0))
    index = np.empty((queries.shape[0], k), dtype=np.int64)
    sims = np.empty((queries.shape[0], k), dtype=np.float32)
    for start in range(0, queries.shape[0], _CHUNK):
        block = queries[start:start + _CHUNK] @ base.T
        if same:
            rows = np.arange(block.shape[0])
            block[rows, rows + start] = -np.inf
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        top_sims = np.take_along_axis(block, top, axis=1)
        order = np.lexsort((top, -top_sims), axis=1)  # by similarity, ties by index: deterministic
        index[start:start + _CHUNK] = np.take_along_axis(top, order, axis=1)
        sims[start:start + _CHUNK] = np.take_along_axis(top_sims, order, axis=1)
    return index, sims


def _graph(index: np.ndarray, sims: np.ndarray, n: int) -> Any:
    """The undirected kNN graph (an edge once per pair, cosine weight clipped at 0) in igraph."""
    import igraph

    rows = np.repeat(np.arange(n, dtype=np.int64), index.shape[1])
    cols = index.reshape(-1)
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    pairs, first = np.unique(np.stack([low, high], axis=1), axis=0, return_index=True)
    weights = np.maximum(sims.reshape(-1)[first], 0.0).astype(np.float64)
    graph = igraph.Graph(n=n, edges=pairs.tolist(), directed=False)
    graph.es["weight"] = weights.tolist()
    return graph


def _louvain(graph: Any, *, seed: int) -> np.ndarray:
    """One Louvain run (igraph's C implementation, "multilevel") with its own seeded generator."""
    import random

    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        return np.asarray(graph.community_multilevel(weights="weight").membership, dtype=np.int64)
    finally:
        igraph.set_random_number_generator(random)


def _consensus(x: np.ndarray, options: ClusterOptions) -> tuple[np.ndarray, float]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = x.shape[0]
    # More neighbours in bigger samples: a 10-NN graph of thousands of notes links near-duplicates
    # only, and its communities turn into many small, narrow themes.
    index, sims = _neighbours(x, x, max(options.neighbours, n // options.notes_per_neighbour), same=True)
    graph = _graph(index, sims, n)
    together = np.zeros((n, n), dtype=np.float32)
    with _LOCK:  # igraph's random generator is process-wide
        for run in range(options.runs):
            labels = _louvain(graph, seed=run)
            together += labels[:, None] == labels[None, :]
    distance = 1.0 - together / max(options.runs, 1)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance.astype(np.float64), checks=False), method="average")
    labels = fcluster(tree, t=1.0 - options.agreement, criterion="distance").astype(np.int64) - 1
    return labels, float(graph.modularity(labels.tolist(), weights="weight"))


def _fold_small(x: np.ndarray, labels: np.ndarray, *, min_notes: int, max_themes: int) -> np.ndarray:
    """Keep the ``max_themes`` largest themes with at least ``min_notes`` notes; move the notes of
    the others to the nearest kept theme."""
    sizes = np.bincount(labels)
    ranked = sorted(range(sizes.size), key=lambda c: (-int(sizes[c]), c))
    big = [c for c in ranked if sizes[c] >= min_notes][:max_themes]
    if not big:
        return np.zeros_like(labels)
    centroids = _normalize(np.vstack([x[labels == c].mean(axis=0) for c in big]))
    out = labels.copy()
    small = ~np.isin(labels, big)
    if small.any():
        out[small] = np.asarray(big)[(x[small] @ centroids.T).argmax(axis=1)]
    return out


def cluster(vectors: np.ndarray, keys: Sequence[str], *, options: ClusterOptions | None = None) -> Clusters:
    """Cluster ``vectors`` (one per key) into themes; see the module docstring."""
    options = options or ClusterOptions()
    n = int(vectors.shape[0])
    if n != len(keys):
        raise ValueError("one key per vector")
    dim = int(vectors.shape[1]) if vectors.ndim == 2 else 0
    if n < 2 * options.min_theme_notes:
        return Clusters(np.full(n, OUTLIER, dtype=np.int64), np.zeros((0, dim), np.float32), 0.0)
    x = _normalize(np.asarray(vectors, dtype=np.float32))
    sample = sample_order(keys, seed=options.seed)[: options.sample_size]  # in hash order
    sample_labels, modularity = _consensus(x[sample], options)
    floor = max(options.min_theme_notes, len(sample) // options.notes_per_small_theme)
    sample_labels = _fold_small(x[sample], sample_labels, min_notes=floor, max_themes=options.max_themes)
    assigned = np.empty(n, dtype=np.int64)
    assigned[sample] = sample_labels
    rest = np.setdiff1d(np.arange(n), sample)
    if rest.size:
        index, _sims = _neighbours(x[rest], x[sample], options.neighbours, same=False)
        votes = sample_labels[index]
        n_labels = int(sample_labels.max()) + 1
        counts = np.zeros((rest.size, n_labels), dtype=np.int64)
        for column in range(votes.shape[1]):
            counts[np.arange(rest.size), votes[:, column]] += 1
        assigned[rest] = counts.argmax(axis=1)  # ties: the smaller label
    themes = sorted(set(assigned.tolist()))
    centroids = _normalize(np.vstack([x[assigned == c].mean(axis=0) for c in themes]))
    position = {c: i for i, c in enumerate(themes)}
    similarity = np.einsum("ij,ij->i", x, centroids[[position[int(a)] for a in assigned]])
    assigned = np.where(similarity >= options.outlier_similarity, assigned, OUTLIER)
    # Number themes by size (largest first), ties by label (itself from the hash order): stable.
    sizes = sorted((-int((assigned == c).sum()), c) for c in themes if (assigned == c).any())
    renumber = {c: i for i, (_size, c) in enumerate(sizes)}
    final = np.asarray([renumber[int(a)] if a != OUTLIER else OUTLIER for a in assigned], dtype=np.int64)
    ordered = (np.vstack([centroids[position[c]] for _s, c in sizes]) if sizes
               else np.zeros((0, dim), np.float32))
    return Clusters(final, ordered, modularity)
