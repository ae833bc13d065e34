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
