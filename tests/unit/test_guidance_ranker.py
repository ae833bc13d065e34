"""The learned guidance re-ranker, on hand-built reflections and passages (fake embedder)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coach.errors import ModelMissingError
from coach.reflection.analyze import fit_guidance
from coach.reflection.guidance_ranker import (
    GUIDANCE_RANKER_FILE,
    RAW,
    Candidate,
    GuidanceRanker,
    default_guidance_ranker,
    guidance_evidence,
    impute_unlabelled,
    ranker_from_dict,
    rerank,
)
from coach.reflection.linking import ReflectionParts
from tests.fakes import FakeEmbedder

PARTS = ReflectionParts(what="The budget meeting ran late again.",
                        so_what="I was nervous and I rushed my slides.",
                        now_what="Rehearse the slides with a timer on Monday.")
CANDS = [Candidate("budget", "Budget meetings", "Budget meetings need an agenda.", ("planning",), 0, 0),
         Candidate("celebrating-progress", "Celebrate progress", "Name what went well.", (), 1, None),
         Candidate("upload-rehearse", "Rehearse", "Rehearse your slides with a timer.", ("talks",), 2, 1)]


def one_hot(feature: str, weight: float = 1.0) -> GuidanceRanker:
    return GuidanceRanker((feature,), np.zeros(1), np.ones(1), np.array([weight]))


def test_evidence_rows_follow_candidates_and_need_no_situations():
    x = guidance_evidence(FakeEmbedder(), PARTS, CANDS, goal="Run the budget meetings with an agenda")
    assert x.shape == (3, len(RAW))
    col = {name: x[:, i] for i, name in enumerate(RAW)}
    assert list(col["search_rr"]) == [1.0, 0.5, pytest.approx(1 / 3)]
    assert col["bm25_log"][1] < col["bm25_log"][2] < col["bm25_log"][0] == 0.0  # not found by BM25: last
    # no written situations (an upload, or an unknown id): the passage's own sentences stand in
    assert col["situation"][0] == col["sent_sent"][0] and col["situation"][2] == col["sent_sent"][2]
    assert col["situation"][1] != col["sent_sent"][1]  # a library passage with situations
    # no prototype given: the passage's own text is its prototype
    assert list(col["proto_whole"]) == pytest.approx(list(col["cos_whole"]))
    assert col["goal"][0] > col["goal"][1]  # the goal's words are in the budget passage
    no_goal = guidance_evidence(FakeEmbedder(), PARTS, CANDS)
    assert not no_goal[:, RAW.index("goal")].any()
    assert guidance_evidence(FakeEmbedder(), PARTS, []).shape == (0, len(RAW))


@pytest.mark.parametrize(("ranker", "first"), [
    (one_hot("search_log"), "budget"),                  # search order kept
    (one_hot("search_log", -1.0), "upload-rehearse"),   # reversed
    (one_hot("cos_now_what"), "upload-rehearse"),       # "rehearse ... slides ... timer"
    (one_hot("prior"), "budget"),                       # no priors known: a tie keeps search order
])
def test_rerank_orders_by_the_model(ranker, first):
    out = rerank(ranker, FakeEmbedder(), PARTS, CANDS)
    assert out[0][0].passage_id == first
    assert sorted(c.passage_id for c, _ in out) == sorted(c.passage_id for c in CANDS)


def test_priors_and_prototypes_move_a_passage_and_unknown_ones_get_the_default():
    base = dict(features=("prior",), mean=np.zeros(1), scale=np.ones(1), coef=np.ones(1))
    favoured = GuidanceRanker(**base, prior={"celebrating-progress": -1.0}, prior_default=-5.0)
    assert rerank(favoured, FakeEmbedder(), PARTS, CANDS)[0][0].passage_id == "celebrating-progress"
    near, far = FakeEmbedder().encode(["I rushed my slides, nervous", "zebra quantum volcano"])
    protos = {"budget": far, "celebrating-progress": near, "upload-rehearse": far}
    proto = GuidanceRanker(("proto_whole",), np.zeros(1), np.ones(1), np.ones(1),
                           prototypes={k: v / np.linalg.norm(v) for k, v in protos.items()})
    assert rerank(proto, FakeEmbedder(), PARTS, CANDS)[0][0].passage_id == "celebrating-progress"


def test_round_trip_and_a_model_with_unknown_features_is_refused():
    model = GuidanceRanker(("cos_whole", "prior"), np.array([0.1, -3.0]), np.array([0.2, 1.0]),
                           np.array([1.5, 0.5]), {"a": -2.0}, -4.0, 30, {"a": np.array([0.6, 0.8])})
    back = ranker_from_dict(json.loads(json.dumps(model.to_dict())))
    assert back.features == model.features and back.depth == 30 and back.prior == {"a": -2.0}
    assert np.allclose(back.coef, model.coef) and np.allclose(back.prototypes["a"], [0.6, 0.8])
    with pytest.raises(ModelMissingError, match="train_guidance_ranker"):
        ranker_from_dict({**model.to_dict(), "features": ["cos_whole", "mood_ring"]})


def test_neighbours_are_stored_as_int8_and_older_list_models_still_load():
    rng = np.random.default_rng(3)
    rows = rng.normal(size=(5, 8))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    model = GuidanceRanker(("knn",), np.zeros(1), np.ones(1), np.ones(1), neighbours=rows,
                           neighbour_labels=(("a",),) * 5)
    data = json.loads(json.dumps(model.to_dict()))
    assert set(data["neighbours"]) == {"int8", "shape"} and data["neighbours"]["shape"] == [5, 8]
    back = ranker_from_dict(data)
    assert back.neighbours.shape == (5, 8) and np.abs(back.neighbours - rows).max() <= 0.5 / 127 + 1e-9
    older = ranker_from_dict({**data, "neighbours": np.round(rows, 3).tolist()})
    assert np.allclose(older.neighbours, rows, atol=1e-3)


def test_tuned_is_the_guidance_encoders_cosine_and_the_plain_one_without_it():
    from coach.reflection.guidance_encoder import usable

    emb = FakeEmbedder()
    plain = guidance_evidence(emb, PARTS, CANDS)
    assert np.allclose(plain[:, RAW.index("tuned")], plain[:, RAW.index("cos_whole")])
    passages = emb.encode([f"{c.title}. {c.text}" for c in CANDS]).astype(np.float64)
    tuned = passages[1]  # a reflection the encoder places right on the second passage
    out = guidance_evidence(emb, PARTS, CANDS, tuned=tuned)
    assert np.allclose(out[:, RAW.index("tuned")], passages @ tuned)
    assert int(np.argmax(out[:, RAW.index("tuned")])) == 1
    assert not usable(emb)  # a fake embedder never loads the adapter: the plain cosine stands in


def test_the_shipped_model_loads_and_is_small():
    model = default_guidance_ranker()
    assert set(model.features) <= set(RAW) and len(model.coef) == len(model.features)
    assert np.all(model.scale > 0) and model.depth >= 3
    assert GUIDANCE_RANKER_FILE.stat().st_size < 5_000_000


def test_fit_guidance_ranks_uploads_keeps_the_for_sentence_and_checks_its_options(ctx, tmp_path):
    from coach.access import OPERATOR

    handbook = tmp_path / "handbook.md"
    handbook.write_text("# Our handbook\n\n## Rehearsing a talk\n\nRehearse the slides of a talk "
                        "with a timer, twice, and cut a slide when you run over.\n", encoding="utf-8")
    ctx.guidance.add_files(OPERATOR, [handbook])
    favour_uploads = GuidanceRanker(("cos_now_what",), np.zeros(1), np.ones(1), np.ones(1), depth=60)
    fits = fit_guidance(PARTS.text, ctx.guidance, ctx.embedder, k=3, parts=PARTS, ranker=favour_uploads)
    assert len(fits) == 3 and fits[0].title == "Rehearsing a talk"
    assert fits[0].answers in (PARTS.what, PARTS.so_what, PARTS.now_what)
    shipped = fit_guidance(PARTS.text, ctx.guidance, ctx.embedder, k=3, parts=PARTS)
    assert len({f.passage_id for f in shipped}) == 3 and all(f.answers for f in shipped)
    assert fit_guidance(PARTS.text, ctx.guidance, ctx.embedder, k=0) == []
    with pytest.raises(ValueError, match="rerank_by"):
        fit_guidance(PARTS.text, ctx.guidance, ctx.embedder, rerank_by="magic")


@pytest.mark.parametrize(("labelled", "prior_after"), [
    ([True, True, False], [-1.0, -3.0, -2.0]),    # the upload gets the median of the labelled ones
    ([True, False, False], [-1.0, -1.0, -1.0]),
    ([False, False, False], [-1.0, -3.0, -9.0]),  # nothing labelled: nothing to impute from
    ([True, True, True], [-1.0, -3.0, -9.0]),     # no uploads: unchanged
])
def test_impute_unlabelled_gives_uploads_the_median_label_evidence(labelled, prior_after):
    x = np.zeros((3, len(RAW)))
    x[:, RAW.index("prior")] = [-1.0, -3.0, -9.0]
    x[:, RAW.index("cos_whole")] = [0.1, 0.2, 0.3]
    out = impute_unlabelled(x.copy(), labelled)
    assert list(out[:, RAW.index("prior")]) == prior_after
    assert list(out[:, RAW.index("cos_whole")]) == [0.1, 0.2, 0.3]  # text evidence never touched


def test_an_upload_is_not_buried_by_the_label_evidence_it_cannot_have():
    model = GuidanceRanker(("proto_whole", "cos_now_what"), np.zeros(2), np.ones(2), np.array([5.0, 1.0]),
                           prototypes={c.passage_id: np.eye(64)[0] for c in CANDS[:2]})
    out = [c.passage_id for c, _ in rerank(model, FakeEmbedder(), PARTS, CANDS)]
    assert out[0] == "upload-rehearse"  # median prototype evidence, best text evidence


def test_a_missing_or_broken_guidance_encoder_says_how_to_train_it(tmp_path):
    from coach.errors import ModelMismatchError
    from coach.reflection.guidance_encoder import GuidanceEncoder, usable

    with pytest.raises(ModelMissingError, match="train_guidance_encoder.py --ship"):
        GuidanceEncoder(tmp_path / "none.safetensors", FakeEmbedder())
    assert not usable(FakeEmbedder(), tmp_path / "none.safetensors")
    broken = tmp_path / "broken.safetensors"
    broken.write_bytes(b"not an adapter")

    class WithModel(FakeEmbedder):  # looks like the real embedder to the loader
        _model = [type("Module", (), {"auto_model": None, "tokenizer": None})()]

    with pytest.raises(ModelMismatchError, match=r"not a readable safetensors file.*train_guidance_encoder"):
        GuidanceEncoder(broken, WithModel())
