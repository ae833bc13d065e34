import pytest

from coach.guidance.fusion import reciprocal_rank_fusion


def test_rrf_rewards_agreement():
    fused = reciprocal_rank_fusion([[1, 2, 3], [2, 3, 1]], k=60)
    assert [i for i, _ in fused] == [2, 1, 3]


def test_rrf_weights():
    fused = reciprocal_rank_fusion([[1], [2]], k=10, weights=[2.0, 1.0])
    assert fused[0][0] == 1 and fused[0][1] == pytest.approx(2 / 11)


def test_rrf_needs_one_weight_per_ranking():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[1]], weights=[1.0, 2.0])
