import numpy as np
import pytest

from coach.errors import ModelMissingError, ModelVerificationError
from coach.nlp.verify import verify_files
from tests.fakes import FakeEmbedder


def test_vectors_are_normalized_and_long_texts_chunked():
    emb = FakeEmbedder()
    long_text = " ".join(f"word{i} alpha beta" for i in range(100))
    vectors = emb.encode(["short text here", long_text, ""])
    assert vectors.shape == (3, 64)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    assert emb.texts_seen > 3  # the long text became several windows


def test_verify_refuses_a_changed_file(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    with pytest.raises(ModelVerificationError, match="Refusing to load"):
        verify_files(tmp_path, {"model.safetensors": "0" * 64}, package="pkg")
    with pytest.raises(ModelVerificationError, match="missing"):
        verify_files(tmp_path, {"tokenizer.json": "0" * 64}, package="pkg")


def test_missing_model_folder_names_the_package(tmp_path):
    from coach.config import Settings
    from coach.nlp import get_embedder

    with pytest.raises(ModelMissingError, match="COACH_EMBEDDING_MODEL"):
        get_embedder(Settings(embedding_model=tmp_path / "nowhere"))


def _fresh_real_embedder():  # type: ignore[no-untyped-def]
    from coach.nlp.embedder import SentenceTransformerEmbedder
    from coach.nlp.models import default_embedding_path

    return SentenceTransformerEmbedder(default_embedding_path(), model_id="lazy-test")


def test_real_embedder_knows_its_size_without_loading_the_model():
    emb = _fresh_real_embedder()
    assert (emb.dim, emb.max_tokens, emb.loaded) == (384, 256, False)


def test_cached_vectors_are_served_without_loading_the_model(tmp_path):
    from coach.config import Settings
    from coach.nlp.cache import cached_encode, text_hash
    from coach.store.db import Database
    from coach.store.models import EmbeddingCache

    db = Database(Settings(home=tmp_path))
    vector = (np.ones(384) / np.sqrt(384)).astype(np.float32)
    with db.session() as session:
        session.add(EmbeddingCache(text_hash=text_hash("cached text"), model_id="lazy-test",
                                   vector=vector.tobytes()))
    emb = _fresh_real_embedder()
    out = cached_encode(db, emb, ["cached text", "cached text"])
    assert out.shape == (2, 384) and np.allclose(out[1], vector)
    assert emb.loaded is False


def test_folder_with_an_extra_module_leaves_the_size_to_the_model(tmp_path):
    import json

    from coach.nlp.embedder import _folder_config

    (tmp_path / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 128}))
    (tmp_path / "modules.json").write_text(json.dumps([
        {"path": "", "type": "sentence_transformers.models.Transformer"},
        {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"path": "2_Dense", "type": "sentence_transformers.models.Dense"}]))
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 384}))
    assert _folder_config(tmp_path) == {"max_seq_length": 128}
    (tmp_path / "modules.json").write_text(json.dumps([
        {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]))
    assert _folder_config(tmp_path) == {"max_seq_length": 128, "dim": 384}


@pytest.mark.slow
def test_parallel_batches_give_the_vectors_of_one_batch_at_a_time():
    import torch

    from coach.nlp.models import get_embedder

    emb = get_embedder()
    threads = torch.get_num_threads()
    texts = [f"goal {i}: present the quarterly numbers to {i % 7} directors" for i in range(200)]
    parallel = emb.encode(texts, batch_size=16)  # 13 batches: the data-parallel path
    one_by_one = np.vstack([emb._encode_batch([t]) for t in texts[:20]])
    assert np.allclose(parallel[:20], one_by_one, atol=1e-5)
    assert np.allclose(np.linalg.norm(parallel, axis=1), 1.0, atol=1e-5)
    assert torch.get_num_threads() == threads  # the workers' one-thread setting stays theirs


def test_cache_encodes_each_new_text_once_longest_first(tmp_path, monkeypatch):
    from coach.config import Settings
    from coach.nlp import cache
    from coach.store.db import Database

    class Recording(FakeEmbedder):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[list[str]] = []

        def encode(self, texts, *, batch_size=64):  # type: ignore[no-untyped-def, override]
            self.asked.append(list(texts))
            return super().encode(texts, batch_size=batch_size)

    monkeypatch.setattr(cache, "WRITE_EVERY", 2)
    emb = Recording()
    texts = ["bb", "a", "dddd", "a", "ccc", "bb"]
    out = cache.cached_encode(Database(Settings(home=tmp_path)), emb, texts, batch_size=1)
    assert emb.asked == [["dddd", "ccc"], ["bb", "a"]]
    assert np.allclose(out, FakeEmbedder().encode(texts))
