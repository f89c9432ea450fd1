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


# --- The lab ---------------------------------------------------------------------------------------

from explainers.models import distill  # noqa: E402

SIZES = distill.SPEC["samples"].grid()
TEMPERATURES = distill.SPEC["temperature"].grid()


def test_lab_is_deterministic():
    distill.curves.cache_clear()
    first = distill.curves(2.0)
    distill.curves.cache_clear()
    assert distill.curves(2.0) == first


def test_soft_targets_beat_hard_labels_at_small_sizes_by_default():
    result = distill.lab()
    c = result.curves
    for i, n in enumerate(c.samples):
        if n <= 32:
            assert c.accuracy["soft"][i] > c.accuracy["hard"][i] + 0.2, n
            assert c.kl["soft"][i] < c.kl["hard"][i] / 5, n
    soft, hard = result.at("soft"), result.at("hard")
    assert soft[0] > hard[0] and soft[1] < hard[1]


@pytest.mark.parametrize("temperature", TEMPERATURES)
def test_more_data_helps_and_the_gap_closes(temperature):
    c = distill.curves(temperature)
    for target in ("soft", "hard"):
        assert c.accuracy[target][-1] > c.accuracy[target][0] + 0.2
        assert c.kl[target][-1] < c.kl[target][0]
    gaps = [s - h for s, h in zip(c.accuracy["soft"], c.accuracy["hard"])]
    assert gaps[-1] < max(gaps) / 2
    assert all(0 <= a <= 1 for t in ("soft", "hard") for a in c.accuracy[t])
    assert all(k >= 0 for t in ("soft", "hard") for k in c.kl[t])


def test_temperature_helps_soft_targets_and_hurts_hard_labels():
    cold, warm, hot = distill.curves(0.5), distill.curves(2.0), distill.curves(4.0)
    i8, i64 = SIZES.index(8), SIZES.index(64)
    assert warm.accuracy["soft"][i8] > cold.accuracy["soft"][i8] + 0.05
    assert cold.accuracy["hard"][i64] > hot.accuracy["hard"][i64] + 0.1


def test_training_converges():
    """More gradient steps change the lab's numbers by less than a point: its curves are not artefacts."""
    rng = np.random.default_rng(5)
    inputs = np.concatenate([rng.normal(size=(2, 32, distill.FEATURES)), np.ones((2, 32, 1))], axis=-1)
    targets = softmax(inputs @ distill.teacher(), temperature=2.0)
    w = distill.train_students(inputs, targets, 2.0)
    old = distill.STEPS
    try:
        distill.STEPS = 3 * old
        w_longer = distill.train_students(inputs, targets, 2.0)
    finally:
        distill.STEPS = old
    test = np.concatenate([rng.normal(size=(2000, distill.FEATURES)), np.ones((2000, 1))], axis=-1)
    agree = np.mean((test @ w).argmax(-1) == (test @ w_longer).argmax(-1))
    assert agree > 0.99


def test_a_perfect_soft_target_fit_recovers_the_teacher():
    """With enough examples, soft targets pin the teacher's scores down up to a constant per input."""
    c = distill.curves(1.0)
    assert c.accuracy["soft"][-1] > 0.97 and c.kl["soft"][-1] < 0.01


def test_teacher_confidence_is_a_probability_above_chance():
    assert 1 / distill.ANSWERS < distill.teacher_confidence() < 1


@pytest.mark.parametrize("call, error, message", [
    (lambda: distill.lab(samples=10), ValueError, "samples must be one of"),
    (lambda: distill.lab(temperature=3.0), ValueError, "temperature must be one of"),
    (lambda: distill.lab(samples="8"), TypeError, "samples must be a number"),
    (lambda: distill.curves(2.0, seed=-1), ValueError, "seed"),
    (lambda: distill.teacher(1.5), ValueError, "seed"),
    (lambda: distill.lab().at("medium"), ValueError, "target must be one of"),
    (lambda: distill.train_students(np.ones((1, 2, 5)), np.ones((1, 2, 6)) / 6, 0), ValueError, "temperature"),
])
def test_lab_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


# --- Extreme and malformed input -------------------------------------------------------------------

@pytest.mark.parametrize("logits, temperature", [
    ([1.0, 2.0], 1e-310),  # logits / T overflows: inf - inf was NaN
    ([1e10, 0.0], 1e-300),
    ([1e308, -1e308], 0.5),
])
def test_softmax_that_would_overflow_raises_naming_temperature(logits, temperature):
    with pytest.raises(ValueError, match="temperature"):
        softmax(logits, temperature)


def test_softmax_of_extreme_but_representable_logits_is_exact():
    np.testing.assert_array_equal(softmax([1e308, -1e308], 1.0), [1.0, 0.0])
    with pytest.raises(TypeError, match="temperature"):
        softmax([1.0, 2.0], "1")
    with pytest.raises(ValueError, match="temperature"):
        softmax([1.0, 2.0], 10**400)


def _toy_set(n=8):
    rng = np.random.default_rng(0)
    inputs = np.concatenate([rng.normal(size=(n, distill.FEATURES)), np.ones((n, 1))], axis=-1)
    return inputs, softmax(rng.normal(size=(n, distill.ANSWERS)))


def test_train_students_accepts_lists_like_arrays():
    inputs, targets = _toy_set()
    np.testing.assert_array_equal(distill.train_students(inputs.tolist(), targets.tolist(), 2.0),
                                  distill.train_students(inputs, targets, 2.0))


@pytest.mark.parametrize("change, error, name", [
    ({"temperature": 1e-310}, ValueError, "temperature"),  # was NaN weights
    ({"temperature": 1e308}, ValueError, "temperature"),  # was OverflowError
    ({"targets": np.full((7, distill.ANSWERS), 1 / distill.ANSWERS)}, ValueError, "targets"),  # 7 rows, 8 inputs
    ({"targets": np.ones((8, distill.ANSWERS))}, ValueError, "targets"),  # rows do not sum to 1
    ({"inputs": np.ones(5)}, ValueError, "inputs"),
    ({"inputs": [["a"] * 5] * 8}, TypeError, "inputs"),
    ({"inputs": np.full((8, 5), 1e200)}, ValueError, "inputs"),  # their second moments overflow
])
def test_train_students_bad_input(change, error, name):
    inputs, targets = _toy_set()
    args = {"inputs": inputs, "targets": targets, "temperature": 2.0, **change}
    with pytest.raises(error, match=name):
        distill.train_students(**args)


def test_curves_checks_before_its_cache():
    with pytest.raises(TypeError, match="temperature"):
        distill.curves([2.0])  # was "unhashable type: 'list'"
    with pytest.raises(TypeError, match="seed"):
        distill.curves(2.0, seed=[0])
    assert distill.curves(2) is distill.curves(2.0)  # one cache entry per setting
