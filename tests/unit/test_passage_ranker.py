"""The guidance search's passage re-ranker: features, scoring and where it is (not) used."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest

from coach.errors import ModelMissingError
from coach.guidance import index as index_module
from coach.guidance.fusion import reciprocal_rank_fusion
from coach.guidance.index import SHIPPED
from coach.guidance.passage_ranker import (
    FEATURE_POOL,
    FEATURES,
    FirstStage,
    PassageRanker,
    _doc_reciprocal_rank,
    _reciprocal_rank,
    default_passage_ranker,
    features,
    ranker_from_dict,
)
from coach.guidance.passage_table import PassageTable, stems
from coach.guidance.preference import GuidanceSettings
from coach.reflection.analyze import REFLECTION_FUSION


@pytest.mark.parametrize(("values", "expected"), [
    ([0.1, 0.9, 0.5], [1 / 3, 1.0, 1 / 2]),
    ([0.5, 0.5], [1.0, 1.0]),                    # ties share the better rank
    ([], []),
])
def test_reciprocal_rank(values, expected):
    assert _reciprocal_rank(np.asarray(values, dtype=np.float32)).tolist() == pytest.approx(expected)


def test_document_rank_orders_documents_by_their_best_candidate():
    docs = np.asarray([7, 3, 7, 5])
    values = np.asarray([0.2, 0.9, 0.4, 0.1])
    # document 3 (0.9) first, then 7 (best 0.4), then 5
    assert _doc_reciprocal_rank(docs, values).tolist() == pytest.approx([1 / 2, 1.0, 1 / 2, 1 / 3])


def one_feature_ranker(name: str, weight: float = 1.0, depth: int = 30) -> PassageRanker:
    return PassageRanker((name,), np.zeros(1), np.ones(1), np.asarray([weight]), depth=depth)


def column(name: str, values: list[float]) -> np.ndarray:
    matrix = np.zeros((len(values), len(FEATURES)), dtype=np.float32)
    matrix[:, FEATURES.index(name)] = values
    return matrix


@pytest.mark.parametrize(("weight", "depth", "expected"), [
    (1.0, 30, [12, 13, 11, 14]),     # by the feature, all re-ranked
    (-1.0, 30, [14, 11, 13, 12]),    # negative weight: reversed
    (1.0, 2, [12, 11, 13, 14]),      # only the top 2 re-ranked, the rest keep their order
])
def test_rerank_orders_the_head_and_keeps_the_tail_below(weight, depth, expected):
    fused = [(11, 0.4), (12, 0.3), (13, 0.2), (14, 0.1)]
    matrix = column("dense", [0.1, 0.9, 0.5, 0.0])
    out = one_feature_ranker("dense", weight, depth).rerank(matrix, fused)
    assert [pid for pid, _ in out] == expected
    scores = [s for _, s in out]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)


def test_rerank_leaves_a_single_candidate_alone():
    assert one_feature_ranker("dense").rerank(column("dense", [0.3]), [(5, 0.2)]) == [(5, 0.2)]


@pytest.mark.parametrize(("data", "message"), [
    ({"features": ["no_such_feature"], "mean": [0], "scale": [1], "weights": [1]}, "unknown features"),
    ({"features": ["dense"], "mean": [0, 0], "scale": [1], "weights": [1]}, "do not match"),
    ({"features": ["dense"], "mean": [0], "scale": [1], "weights": [float("nan")]}, "do not match"),
])
def test_a_broken_model_file_says_what_to_do(data, message):
    with pytest.raises(ModelMissingError, match=message):
        ranker_from_dict(data)


def test_shipped_model_loads_and_round_trips():
    model = default_passage_ranker()
    assert set(model.features) <= set(FEATURES) and model.depth >= 5
    again = ranker_from_dict(model.to_dict())
    assert again.features == model.features and np.allclose(again.weights, model.weights)


def test_features_of_a_hand_built_table(ctx, fake_embedder):
    table = PassageTable(
        ctx.db, fake_embedder, ids=[1, 2, 3, 4],
        indexed_texts=["Cancel a meeting\nGive notice", "Expenses\nClaim travel", "Cancel\nRebook it",
                       "Holidays\nAsk your manager"],
        titles=["Cancel a meeting", "Expenses", "Cancel", "Holidays"],
        texts=["Give notice", "Claim travel", "Rebook it", "Ask your manager"],
        document_ids=[10, 10, 20, 20], ordinals=[0, 1, 0, 1], document_titles={10: "A", 20: "B"})
    assert table.next.tolist() == [1, -1, 3, -1] and table.prev.tolist() == [-1, 0, -1, 2]
    query = "cancel meeting"
    vector = fake_embedder.encode([query])[0]
    stage = FirstStage(fused=[(3, 0.3), (1, 0.2), (2, 0.1)], sparse={1: 4.0, 3: 2.0},
                       plain_sparse={1: 2.0}, sentence={})
    x = features(query, np.asarray(vector), stage, table)
    f = {name: x[:, i].tolist() for i, name in enumerate(FEATURES)}
    assert x.shape == (3, len(FEATURES))
    assert f["fused_rr"] == pytest.approx([1.0, 1 / 2, 1 / 3])
    assert f["bm25"] == pytest.approx([0.5, 1.0, 0.0]) and f["bm25_plain"] == pytest.approx([0, 1, 0])
    assert f["title_overlap"] == pytest.approx([0.5, 1.0, 0.0])  # "cancel" / "cancel meeting"
    assert f["doc_share"] == pytest.approx([1 / 3, 2 / 3, 2 / 3])
    assert f["first_in_doc"] == [1.0, 1.0, 0.0]
    assert f["doc_rr"] == pytest.approx([1.0, 1 / 2, 1 / 2])   # document 20 holds the top candidate
    assert stems("Cancelled meetings") == stems("cancel meeting")


def test_features_of_no_candidates(ctx, fake_embedder):
    table = PassageTable(ctx.db, fake_embedder, ids=[1], indexed_texts=["a"], titles=["a"],
                         texts=["a"], document_ids=[1], ordinals=[0], document_titles={1: "A"})
    empty = FirstStage(fused=[], sparse={}, plain_sparse={}, sentence={})
    assert features("q", np.ones(fake_embedder.dim), empty, table).shape == (0, len(FEATURES))


class Called(Exception):
    pass


def refuse(*args, **kwargs):
    raise Called


QUERIES = ["my mentee keeps cancelling our sessions", "how do I give feedback on a weak presentation"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_reflection_path_is_not_re_ranked(ctx, monkeypatch, query):
    """fit_guidance searches with REFLECTION_FUSION and mode="bm25": same results as the fused
    first stage computed by hand, and the re-ranker is never asked."""
    index = ctx.guidance.index
    index.ensure()
    vector = np.asarray(index.embedder.encode([query])[0])
    dense = index._dense.search(vector, REFLECTION_FUSION.depth)
    sparse = index._sparse.search(query, REFLECTION_FUSION.depth)
    expected = reciprocal_rank_fusion([[i for i, _ in dense], [i for i, _ in sparse]],
                                      k=REFLECTION_FUSION.rrf_k,
                                      weights=[REFLECTION_FUSION.dense_weight,
                                               REFLECTION_FUSION.sparse_weight])
    monkeypatch.setattr(index_module, "features", refuse)
    got = index.search(query, 20, fusion=REFLECTION_FUSION)
    assert got == expected[:20]
    assert index.search(query, 20, mode="bm25") == index._sparse.search(query, 20)
    hits = ctx.guidance.search(query, k=10, fusion=REFLECTION_FUSION)
    assert len(hits) == 10


def test_default_search_is_re_ranked_and_the_setting_turns_it_off(ctx, monkeypatch):
    monkeypatch.setattr(index_module, "features", refuse)
    with pytest.raises(Called):
        ctx.guidance.search(QUERIES[0], k=5)
    monkeypatch.setattr(ctx.guidance, "settings_for_program", lambda: GuidanceSettings(rerank=False))
    assert len(ctx.guidance.search(QUERIES[0], k=5)) == 5


@pytest.mark.parametrize(("setting", "override", "re_ranked"), [
    (True, None, True), (True, False, False), (False, None, False), (False, True, True),
])
def test_one_search_can_override_the_program_re_rank_setting(ctx, monkeypatch, setting, override, re_ranked):
    """`coach guidance search --rerank/--no-rerank`: the override decides for this search only."""
    monkeypatch.setattr(ctx.guidance, "settings_for_program", lambda: GuidanceSettings(rerank=setting))
    monkeypatch.setattr(index_module, "features", refuse)
    if re_ranked:
        with pytest.raises(Called):
            ctx.guidance.search(QUERIES[0], k=5, rerank=override)
    else:
        assert len(ctx.guidance.search(QUERIES[0], k=5, rerank=override)) == 5


def test_re_ranked_search_returns_every_passage_once(ctx):
    hits = ctx.guidance.search(QUERIES[1], k=40)
    assert len(hits) == 40 and len({h.passage_id for h in hits}) == 40
    assert [h.rank for h in hits] == list(range(1, 41))
    assert all(a.score >= b.score for a, b in pairwise(hits))


def test_settings_keep_the_rerank_switch():
    assert GuidanceSettings.from_dict({"rerank": False}).rerank is False
    assert GuidanceSettings.from_dict(None).rerank is True


@pytest.mark.parametrize("query", QUERIES)
def test_search_scores_candidates_as_training_does(ctx, query):
    """eval/train_passage_ranker.py computes features from first_stage over the top FEATURE_POOL;
    search must see the same evidence, or the weights do not mean what they were trained to."""
    index = ctx.guidance.index
    stage, vector = index.first_stage(query, SHIPPED, depth=FEATURE_POOL)
    matrix = features(query, vector, replace(stage, fused=stage.fused[:FEATURE_POOL]),
                      index.passage_table())
    assert index.search(query, 10) == index.ranker().rerank(matrix, stage.fused)[:10]
