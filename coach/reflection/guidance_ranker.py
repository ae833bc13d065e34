"""The learned guidance re-ranker: which of the library's search results fit a reflection best.

The library's hybrid search proposes candidates; for each (reflection, candidate passage) cheap
evidence is computed (``guidance_evidence``): the search and BM25 ranks, dense cosines of the whole
reflection, each part (what / so what / now what) and its best sentence to the passage, its title
and tags, the best reflection sentence against the best passage sentence, the passage's written
situations (``situations``: the best sentence-situation cosine, the mean of its three best
situations, the whole reflection's best situation; a passage without them, e.g. a program's upload,
gets the same figures from its own sentences, ``SITUATION_STAND_INS``, so no feature needs
situations), the linked goal's text, and
how often other writers' labels chose the passage (``prior``), and how close the reflection (whole,
best sentence) is to the centroid of the training reflections labelled with the passage
(``proto_*``) or to its nearest labelled training reflections
(``knn``: the similarity-weighted share of the ``knn_k`` nearest that chose the passage), and the
cosine between the reflection as the guidance encoder reads it (``guidance_encoder``, a LoRA
adapter trained on the labelled reflections) and the passage (``tuned``). A passage
nobody labelled (a program's upload) gets the median of that label evidence over the reflection's
other candidates (``impute_unlabelled``), so its text decides. A linear score over the standardised
features orders the candidates.

Trained (a listwise softmax over each reflection's candidates) and chosen leave-one-writer-out by
``eval/train_guidance_ranker.py``; stored as ``models/guidance_ranker.json`` and applied with numpy.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from coach.errors import ModelMissingError
from coach.nlp.embedder import Embedder
from coach.nlp.linear import LinearModel
from coach.reflection.guidance_encoder import GUIDANCE_ENCODER_FILE, load_guidance_encoder, usable
from coach.reflection.link_features import ReflectionParts, split_sentences
from coach.reflection.situations import situations
from coach.reflection.vector_cache import encode_cached

GUIDANCE_RANKER_FILE = Path(__file__).resolve().parent.parent.parent / "models" / "guidance_ranker.json"
#: how many results of the hybrid and the BM25 search the evidence is computed on (training and use
#: alike; the shipped library has 57 passages); the model re-orders the first ``depth`` of them
SEARCH_K = 60
#: every feature the evidence computes; a model uses a subset (its ``features``)
RAW = ("search_rr", "search_log", "bm25_log", "cos_whole", "cos_what", "cos_so_what", "cos_now_what",
       "sent_best", "sent_sent", "cos_title", "cos_tags", "situation", "goal", "prior", "proto_whole",
       "proto_sent", "knn", "tuned", "sent_top3", "whole_sent", "sit_top3", "sit_whole")
#: a passage without written situations (a program's upload): the situation evidence is taken from
#: its own sentences instead
SITUATION_STAND_INS = {"situation": "sent_sent", "sit_top3": "sent_top3", "sit_whole": "whole_sent"}


@dataclass(frozen=True)
class Candidate:
    """One passage proposed by search: its id, texts, tags and its ranks (0 = first)."""

    passage_id: str
    title: str
    text: str
    tags: tuple[str, ...] = ()
    search_rank: int = 0
    bm25_rank: int | None = None


@dataclass(frozen=True)
class GuidanceRanker(LinearModel):
    #: log share of training labels per passage id, and the value for a passage never labelled
    prior: Mapping[str, float] = field(default_factory=dict)
    prior_default: float = 0.0
    #: how many search results the ranker re-orders
    depth: int = 20
    #: per passage id: the unit centroid of the training reflections labelled with it
    prototypes: Mapping[str, np.ndarray] = field(default_factory=dict)
    #: unit vectors of the labelled training reflections and their labels (``knn``)
    neighbours: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    neighbour_labels: tuple[tuple[str, ...], ...] = ()
    knn_k: int = 10
    #: ``model_id`` of the embedder the prototypes and neighbours come from ('' = any)
    embedder_id: str = ""

    def scores(self, evidence: np.ndarray) -> np.ndarray:
        return self.linear(evidence[:, [RAW.index(f) for f in self.features]])

    def to_dict(self) -> dict[str, object]:
        return {**self.linear_dict(), "prior": {k: round(v, 5) for k, v in sorted(self.prior.items())},
                "prior_default": round(self.prior_default, 5), "depth": self.depth,
                "prototypes": {k: np.round(v, 4).tolist() for k, v in sorted(self.prototypes.items())},
                "knn_k": self.knn_k, "neighbour_labels": [list(x) for x in self.neighbour_labels],
                "neighbours": pack_unit_rows(self.neighbours), "embedder": self.embedder_id}


def pack_unit_rows(rows: np.ndarray) -> dict[str, object]:
    """Unit vectors as int8 (value x 127, base64): a quarter of the size of 3-decimal JSON, and
    cosines move by less than 0.01."""
    q = np.clip(np.round(np.asarray(rows, dtype=np.float64) * 127.0), -127, 127).astype(np.int8)
    return {"int8": base64.b64encode(q.tobytes()).decode("ascii"), "shape": list(q.shape)}


def unpack_unit_rows(data: object) -> np.ndarray:
    """``pack_unit_rows`` back to float rows (older models stored plain lists)."""
    if isinstance(data, Mapping):
        shape = tuple(int(x) for x in data["shape"])
        flat = np.frombuffer(base64.b64decode(str(data["int8"])), dtype=np.int8)
        return flat.reshape(shape).astype(np.float64) / 127.0
    return np.asarray(data or np.zeros((0, 0)), dtype=np.float64)


def ranker_from_dict(data: Mapping[str, object]) -> GuidanceRanker:
    feats = tuple(str(f) for f in data["features"])  # type: ignore[attr-defined]
    unknown = [f for f in feats if f not in RAW]
    if unknown:
        raise ModelMissingError(f"{GUIDANCE_RANKER_FILE} uses features this version does not compute "
                                f"({', '.join(unknown)}); retrain it with "
                                "`python eval/train_guidance_ranker.py`.")
    prior = {str(k): float(v) for k, v in dict(data.get("prior") or {}).items()}  # type: ignore[call-overload]
    return GuidanceRanker(feats, np.asarray(data["mean"], dtype=np.float64),
                          np.asarray(data["scale"], dtype=np.float64),
                          np.asarray(data["coef"], dtype=np.float64), prior,
                          float(data.get("prior_default", 0.0)),  # type: ignore[arg-type]
                          int(data.get("depth", 20)),  # type: ignore[call-overload]
                          {str(k): np.asarray(v, dtype=np.float64)
                           for k, v in dict(data.get("prototypes") or {}).items()},  # type: ignore[call-overload]
                          unpack_unit_rows(data.get("neighbours")),
                          tuple(tuple(x) for x in data.get("neighbour_labels") or ()),  # type: ignore[attr-defined]
                          int(data.get("knn_k", 10)),  # type: ignore[call-overload]
                          str(data.get("embedder", "")))


@lru_cache(maxsize=1)
def default_guidance_ranker() -> GuidanceRanker:
    if not GUIDANCE_RANKER_FILE.exists():
        raise ModelMissingError(f"The guidance re-ranker {GUIDANCE_RANKER_FILE} is missing. Train it "
                                "with `python eval/train_guidance_ranker.py`.")
    return ranker_from_dict(json.loads(GUIDANCE_RANKER_FILE.read_text(encoding="utf-8")))


def _passage_text(c: Candidate) -> str:
    return f"{c.title}. {c.text}" if c.title else c.text


def guidance_evidence(embedder: Embedder, parts: ReflectionParts, candidates: Sequence[Candidate], *,
                      goal: str = "", prior: Mapping[str, float] | None = None,
                      prior_default: float = 0.0,
                      prototypes: Mapping[str, np.ndarray] | None = None,
                      neighbours: np.ndarray | None = None,
                      neighbour_labels: Sequence[Sequence[str]] = (), knn_k: int = 10,
                      tuned: np.ndarray | None = None) -> np.ndarray:
    """One row of ``RAW`` features per candidate (rows follow ``candidates``). ``tuned``: the
    reflection's vector from the guidance encoder; without it ``tuned`` is the plain cosine."""
    if not candidates:
        return np.zeros((0, len(RAW)), dtype=np.float64)
    text = parts.text
    sentences = split_sentences(text) or [text]
    part_texts = [p.strip() or text for p in (parts.what, parts.so_what, parts.now_what)]
    table = situations()
    psents = [split_sentences(c.text) or [c.text] for c in candidates]
    sits = [list(table.get(c.passage_id, ())) for c in candidates]
    batch = [text, *part_texts, goal.strip() or text, *sentences]
    batch += [_passage_text(c) for c in candidates] + [c.title or c.text for c in candidates]
    batch += [", ".join(c.tags) or c.title or c.text for c in candidates]
    batch += [s for ps in psents for s in ps] + [s for ss in sits for s in ss]
    vecs = encode_cached(embedder, batch).astype(np.float64)
    n, ns = len(candidates), len(sentences)
    whole, part_vecs, goal_vec = vecs[0], vecs[1:4], vecs[4]
    sent_vecs = vecs[5:5 + ns]
    at = 5 + ns
    pvec, tvec, tagvec = vecs[at:at + n], vecs[at + n:at + 2 * n], vecs[at + 2 * n:at + 3 * n]
    at += 3 * n
    prior = prior or {}
    out = np.zeros((n, len(RAW)), dtype=np.float64)
    for i, c in enumerate(candidates):
        ps = vecs[at:at + len(psents[i])]
        at += len(psents[i])
        sims = sent_vecs @ ps.T  # reflection sentences x passage sentences
        out[i, RAW.index("sent_sent")] = float(sims.max())
        out[i, RAW.index("sent_top3")] = _top_mean(sims.max(axis=0), 3)
        out[i, RAW.index("whole_sent")] = float((ps @ whole).max())
        out[i, RAW.index("search_rr")] = 1.0 / (1.0 + c.search_rank)
        out[i, RAW.index("search_log")] = -math.log1p(c.search_rank)
        bm = c.bm25_rank if c.bm25_rank is not None else 100
        out[i, RAW.index("bm25_log")] = -math.log1p(bm)
        out[i, RAW.index("prior")] = prior.get(c.passage_id, prior_default)
    for i in range(n):
        if sits[i]:
            sv = vecs[at:at + len(sits[i])]
            at += len(sits[i])
            sims = sent_vecs @ sv.T  # reflection sentences x situations
            out[i, RAW.index("situation")] = float(sims.max())
            out[i, RAW.index("sit_top3")] = _top_mean(sims.max(axis=0), 3)
            out[i, RAW.index("sit_whole")] = float((sv @ whole).max())
        else:  # no situations written (a program's own passage): the passage's own sentences stand in
            for name, stand_in in SITUATION_STAND_INS.items():
                out[i, RAW.index(name)] = out[i, RAW.index(stand_in)]
    out[:, RAW.index("cos_whole")] = pvec @ whole
    for j, name in enumerate(("cos_what", "cos_so_what", "cos_now_what")):
        out[:, RAW.index(name)] = pvec @ part_vecs[j]
    out[:, RAW.index("sent_best")] = (pvec @ sent_vecs.T).max(axis=1)
    out[:, RAW.index("cos_title")] = tvec @ whole
    out[:, RAW.index("cos_tags")] = tagvec @ whole
    out[:, RAW.index("goal")] = pvec @ goal_vec if goal.strip() else 0.0
    protos = np.vstack([(prototypes or {}).get(c.passage_id, pvec[i]) for i, c in enumerate(candidates)])
    out[:, RAW.index("proto_whole")], out[:, RAW.index("proto_sent")] = prototype_features(
        whole, sent_vecs, protos)
    if neighbours is not None and len(neighbours):
        out[:, RAW.index("knn")] = knn_scores(whole, neighbours, neighbour_labels,
                                              [c.passage_id for c in candidates], k=knn_k)
    out[:, RAW.index("tuned")] = pvec @ (whole if tuned is None else np.asarray(tuned, dtype=np.float64))
    if prototypes:
        impute_unlabelled(out, [c.passage_id in prototypes for c in candidates])
    return out


def _top_mean(values: np.ndarray, k: int) -> float:
    """Mean of the ``k`` largest values (all of them when there are fewer)."""
    return float(np.sort(values)[-k:].mean())


#: evidence that only exists for passages someone labelled in training
LABEL_FEATURES = ("prior", "proto_whole", "proto_sent", "knn")


def impute_unlabelled(evidence: np.ndarray, labelled: Sequence[bool]) -> np.ndarray:
    """Give passages nobody labelled (a program's uploads) the median label evidence of this
    reflection's labelled candidates, so they are neither pushed down nor up by what is unknown
    about them and their text decides (in place; also returned)."""
    known = np.asarray(labelled, dtype=bool)
    if known.any() and not known.all():
        for name in LABEL_FEATURES:
            col = RAW.index(name)
            evidence[~known, col] = float(np.median(evidence[known, col]))
    return evidence


def knn_scores(whole: np.ndarray, neighbours: np.ndarray, labels: Sequence[Sequence[str]],
               passage_ids: Sequence[str], *, k: int = 10) -> np.ndarray:
    """Per passage: the similarity-weighted share of the ``k`` nearest labelled reflections that
    chose it (0 for a passage none of them chose)."""
    sims = neighbours @ whole
    top = np.argsort(-sims, kind="stable")[:k]
    weights = np.clip(sims[top], 0.0, None)
    total = float(weights.sum()) or 1.0
    votes: dict[str, float] = {}
    for i, w in zip(top, weights, strict=True):
        for p in set(labels[int(i)]):
            votes[p] = votes.get(p, 0.0) + float(w)
    return np.array([votes.get(p, 0.0) / total for p in passage_ids], dtype=np.float64)


def prototype_features(whole: np.ndarray, sent_vecs: np.ndarray,
                       protos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cosine of the whole reflection and of its best sentence to each prototype (unit rows)."""
    return protos @ whole, (protos @ sent_vecs.T).max(axis=1)


def rerank(ranker: GuidanceRanker, embedder: Embedder, parts: ReflectionParts,
           candidates: Sequence[Candidate], *, goal: str = "") -> list[tuple[Candidate, float]]:
    """The candidates best first, each with its score (ties keep the search order)."""
    same = not ranker.embedder_id or ranker.embedder_id == embedder.model_id
    tuned = None
    if same and "tuned" in ranker.features and candidates and usable(embedder):
        tuned = load_guidance_encoder(GUIDANCE_ENCODER_FILE, embedder).encode([parts.text])[0]
    # vectors from another embedder cannot be compared: the passages' own texts stand in
    evidence = guidance_evidence(embedder, parts, candidates, goal=goal, prior=ranker.prior,
                                 prior_default=ranker.prior_default,
                                 prototypes=ranker.prototypes if same else None,
                                 neighbours=ranker.neighbours if same else None,
                                 neighbour_labels=ranker.neighbour_labels, knn_k=ranker.knn_k,
                                 tuned=tuned)
    scores = ranker.scores(evidence) if len(candidates) else np.zeros(0)
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i].search_rank))
    return [(candidates[i], float(scores[i])) for i in order]


__all__ = ["GUIDANCE_RANKER_FILE", "RAW", "SEARCH_K", "SITUATION_STAND_INS", "Candidate", "GuidanceRanker",
           "default_guidance_ranker", "guidance_evidence", "impute_unlabelled", "knn_scores",
           "pack_unit_rows", "prototype_features", "ranker_from_dict", "rerank", "unpack_unit_rows"]
