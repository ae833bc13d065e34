"""The judgmental token head: numpy inference equals the torch model it was trained as; bad files
are refused with a message that names the file and the fix; the checker mixes its score in."""

from __future__ import annotations

import numpy as np
import pytest

from coach.errors import ModelMismatchError, ModelMissingError
from coach.feedback.token_head import TokenHead

torch = pytest.importorskip("torch")
token_head = pytest.importorskip("eval.token_head")


def _saved(tmp_path, *, window=5, hidden=8, dim=16, model_id="m"):
    torch.manual_seed(3)
    model = token_head.Mil(dim, window=window, hidden=hidden)
    path = tmp_path / "head.safetensors"
    token_head.save(model, path, model_id=model_id, config={**token_head.CONFIG, "window": window})
    return model, path


@pytest.mark.parametrize("window", [1, 3, 5])
@pytest.mark.parametrize("length", [1, 2, 7, 30])
def test_numpy_scores_equal_the_torch_model(tmp_path, window, length):
    model, path = _saved(tmp_path, window=window)
    states = np.random.default_rng(length).normal(size=(length, 16)).astype(np.float32)
    expected = token_head.score(model, [states], np.arange(1), {**token_head.CONFIG, "window": window})
    assert TokenHead(path).score(states) == pytest.approx(float(expected[0]), abs=1e-5)


def test_a_padded_batch_scores_like_each_text_alone(tmp_path):
    model, path = _saved(tmp_path)
    rng = np.random.default_rng(0)
    states = [rng.normal(size=(n, 16)).astype(np.float32) for n in (3, 11, 25)]
    batch = token_head.score(model, states, np.arange(3))
    assert TokenHead(path).scores(states) == pytest.approx(batch, abs=1e-5)


def test_no_tokens_scores_zero(tmp_path):
    _, path = _saved(tmp_path)
    assert TokenHead(path).score(np.zeros((0, 16), np.float32)) == 0.0


def test_missing_file_says_how_to_train(tmp_path):
    with pytest.raises(ModelMissingError, match="eval/train_feedback.py"):
        TokenHead(tmp_path / "nope.safetensors")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"model_id": "other-model"}, "trained on m token states, but the embedding model is other-model"),
    ({"dim": 384}, "takes 16-dimensional token states, but the embedding model gives 384"),
])
def test_a_file_for_another_encoder_is_refused(tmp_path, kwargs, message):
    _, path = _saved(tmp_path)
    with pytest.raises(ModelMismatchError, match=message):
        TokenHead(path, **kwargs)


def test_a_file_without_the_head_tensors_is_refused(tmp_path):
    from safetensors.numpy import save_file

    path = tmp_path / "bad.safetensors"
    save_file({"hidden.weight": np.zeros((2, 2), np.float32)}, str(path),
              metadata={"window": "3", "r": "5", "model_id": "m"})
    with pytest.raises(ModelMismatchError, match="no tensor 'hidden.bias'.*Retrain"):
        TokenHead(path)
