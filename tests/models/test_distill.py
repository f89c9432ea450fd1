import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.models.distill import kl_divergence, softmax

logit_lists = st.lists(st.floats(min_value=-50, max_value=50), min_size=2, max_size=12)


def _dist(weights):
    w = np.asarray(weights, dtype=float) + 1e-3
    return w / w.sum()


weights = st.lists(st.floats(min_value=0, max_value=10), min_size=2, max_size=12)


def test_softmax_known_values():
    assert softmax([0, 0]) == pytest.approx([0.5, 0.5])
    assert softmax([math.log(3), 0]) == pytest.approx([0.75, 0.25])
    assert softmax([2 * math.log(3), 0], temperature=2) == pytest.approx([0.75, 0.25])


def test_softmax_is_stable_for_huge_logits():
    assert softmax([1000, 1000, 0]) == pytest.approx([0.5, 0.5, 0])
    assert np.isfinite(softmax([-1e300, 1e300])).all()


def test_softmax_works_along_the_last_axis():
    out = softmax([[1, 2, 3], [0, 0, 0]])
    assert out.shape == (2, 3) and out.sum(axis=1) == pytest.approx([1, 1])


@given(logit_lists, st.floats(min_value=0.05, max_value=20))
def test_softmax_is_a_distribution_keeping_the_order(logits, t):
    p = softmax(logits, t)
    assert p.sum() == pytest.approx(1) and (p >= 0).all()
    assert p[np.argmax(logits)] == pytest.approx(p.max())  # the largest logit keeps the largest share


@given(st.lists(st.integers(-50, 50), min_size=2, max_size=12))
def test_temperature_limits(logits):
    """Integer logits: any two that differ, differ by at least 1, so T = 0.01 separates them."""
    n = len(logits)
    assert softmax(logits, 1e6) == pytest.approx(np.full(n, 1 / n), abs=1e-3)  # very hot: uniform
    cold = softmax(logits, 1e-2)
    top = np.asarray(logits) == max(logits)
    assert cold[~top].sum() == pytest.approx(0, abs=1e-6)  # very cold: all mass on the maximum


@pytest.mark.parametrize("t", [0, -1, float("nan"), float("inf")])
def test_softmax_bad_temperature(t):
    with pytest.raises(ValueError, match="temperature"):
        softmax([1, 2], t)


def test_softmax_bad_logits():
    with pytest.raises(ValueError, match="logits"):
        softmax([1, float("nan")])
    with pytest.raises(ValueError, match="logits"):
        softmax([])
    with pytest.raises(TypeError, match="temperature"):
        softmax([1, 2], "hot")


def test_kl_known_values():
    assert kl_divergence([0.5, 0.5], [0.5, 0.5]) == 0
    assert kl_divergence([1, 0], [0.5, 0.5]) == pytest.approx(math.log(2))
    assert kl_divergence([0.5, 0.5], [0.25, 0.75]) == pytest.approx(0.5 * math.log(2) + 0.5 * math.log(2 / 3))
    assert kl_divergence([0.5, 0.5], [1, 0]) == math.inf


@given(weights, weights)
def test_kl_is_nonnegative_and_zero_only_for_equal(a, b):
    if len(a) != len(b):
        b = (b * len(a))[: len(a)]
    p, q = _dist(a), _dist(b)
    kl = kl_divergence(p, q)
    assert kl >= -1e-12
    if np.allclose(p, q, atol=1e-9):
        assert kl == pytest.approx(0, abs=1e-9)
    else:
        assert kl > 0


@pytest.mark.parametrize("p, q, name", [([0.5, 0.6], [0.5, 0.5], "p"), ([0.5, 0.5], [-0.5, 1.5], "q"),
                                         ([0.5, 0.5], [1 / 3] * 3, "same shape"), ([[0.5, 0.5]], [[0.5, 0.5]], "p")])
def test_kl_bad_input(p, q, name):
    with pytest.raises(ValueError, match=name):
        kl_divergence(p, q)
