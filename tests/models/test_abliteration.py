import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from explainers.models import abliteration
from explainers.models.abliteration import remove_direction

finite = st.floats(-1e3, 1e3, allow_nan=False)


@st.composite
def vectors_and_direction(draw):
    width = draw(st.integers(1, 6))
    vectors = draw(hnp.arrays(float, (draw(st.integers(1, 8)), width), elements=finite))
    direction = draw(hnp.arrays(float, (width,), elements=finite).filter(lambda d: np.linalg.norm(d) > 1e-3))
    return vectors, direction


def test_by_hand():
    # (3, 4) without its x part is (0, 4); the length of the direction does not matter
    np.testing.assert_allclose(remove_direction([[3.0, 4.0]], [2.0, 0.0]), [[0.0, 4.0]])
    # along the diagonal: (1, 0) keeps (1/2, -1/2)
    np.testing.assert_allclose(remove_direction([1.0, 0.0], [1.0, 1.0]), [0.5, -0.5])


@given(vectors_and_direction())
def test_projection_invariants(case):
    vectors, direction = case
    out = remove_direction(vectors, direction)
    unit = direction / np.linalg.norm(direction)
    scale = 1 + np.abs(vectors).max()
    assert out.shape == vectors.shape
    np.testing.assert_allclose(out @ unit, 0, atol=1e-9 * scale)  # nothing left along the direction
    np.testing.assert_allclose(remove_direction(out, direction), out, atol=1e-9 * scale)  # idempotent
    np.testing.assert_allclose(remove_direction(vectors, -3 * direction), out, atol=1e-9 * scale)  # sign, length
    # what is removed is the part along the direction, so nothing gets longer and the rest adds back up
    assert np.all(np.linalg.norm(out, axis=1) <= np.linalg.norm(vectors, axis=1) + 1e-9 * scale)
    np.testing.assert_allclose(out + np.outer(vectors @ unit, unit), vectors, atol=1e-9 * scale)


@given(vectors_and_direction())
def test_other_directions_are_kept(case):
    vectors, direction = case
    if len(direction) < 2:
        return
    other = np.roll(direction, 1)
    orthogonal = other - (other @ direction) / (direction @ direction) * direction
    if np.linalg.norm(orthogonal) < 1e-3:
        return
    out = remove_direction(vectors, direction)
    np.testing.assert_allclose(out @ orthogonal, vectors @ orthogonal, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("vectors, direction, error, words", [
    ([[1.0, 2.0]], [0.0, 0.0], ValueError, "direction must not be zero"),
    ([[1.0, 2.0]], [1.0, 0.0, 0.0], ValueError, "2 components but direction has 3"),
    ([[1.0, math.nan]], [1.0, 0.0], ValueError, "vectors must hold finite numbers"),
    ([[[1.0]]], [1.0], ValueError, "vectors must have 1 or 2 dimensions"),
    ([[1.0, 2.0]], [[1.0, 0.0]], ValueError, "direction must have 1 dimensions"),
    ("abc", [1.0], TypeError, "vectors must be an array of numbers"),
])
def test_bad_input(vectors, direction, error, words):
    with pytest.raises(error, match=words):
        remove_direction(vectors, direction)


def test_toy_groups_differ_exactly_along_the_refusal_direction():
    refused, answered = abliteration.toy_activations()
    difference = abliteration.mean_difference(refused, answered)
    np.testing.assert_allclose(difference, abliteration.GAP * abliteration.unit_vector(abliteration.REFUSAL_ANGLE))
    assert abliteration.REFUSAL_ANGLE in abliteration.SPEC["angle"].grid()
    with pytest.raises(ValueError):
        refused[0, 0] = 1.0  # the cached toy cannot be changed by a caller


def test_removing_the_mean_difference_merges_the_groups():
    a = abliteration.ablate(abliteration.REFUSAL_ANGLE)
    assert a.gap_after == pytest.approx(0, abs=1e-12)
    assert a.refusal_rate_before == 1 and a.refusal_rate_after == 0
    np.testing.assert_allclose(a.refused_after.mean(axis=0), a.answered_after.mean(axis=0), atol=1e-12)
    # the spread across the direction (everything else) is untouched
    across = abliteration.unit_vector(abliteration.REFUSAL_ANGLE + 90)
    np.testing.assert_allclose(a.refused_after @ across, a.refused @ across)


@pytest.mark.parametrize("angle", abliteration.SPEC["angle"].grid())
def test_gap_left_is_the_sine_of_the_miss(angle):
    a = abliteration.ablate(angle)
    miss = math.radians(angle - abliteration.REFUSAL_ANGLE)
    assert a.gap_left == pytest.approx(abs(math.sin(miss)), abs=1e-12)


def test_removing_the_orthogonal_direction_keeps_the_refusal():
    orthogonal = abliteration.ablate(abliteration.REFUSAL_ANGLE + 90)
    assert orthogonal.refusal_rate_after == 1 and orthogonal.gap_left == pytest.approx(1)


@pytest.mark.parametrize("bad, error", [(-10.0, ValueError), (190.0, ValueError), ("60", TypeError)])
def test_ablate_checks_the_angle(bad, error):
    with pytest.raises(error, match="angle"):
        abliteration.ablate(bad)


def test_a_huge_direction_is_still_removed():
    # Its norm overflows to inf; before, the unit vector became 0 and nothing was removed.
    np.testing.assert_array_equal(remove_direction([[1.0, 0.0], [3.0, 4.0]], [2e154, 0]), [[0, 0], [0, 4]])


@pytest.mark.parametrize("call, error, name", [
    (lambda: remove_direction([[1.7e308, 1.7e308]], [1, 1]), ValueError, "vectors"),
    (lambda: abliteration.unit_vector(float("nan")), ValueError, "angle"),
    (lambda: abliteration.unit_vector(float("inf")), ValueError, "angle"),
    (lambda: abliteration.unit_vector("60"), TypeError, "angle"),
    (lambda: abliteration.refuses([[1, 2, 3]]), ValueError, "points"),
    (lambda: abliteration.refuses("x"), TypeError, "points"),
    (lambda: abliteration.refuses([[float("nan"), 0]]), ValueError, "points"),
])
def test_more_bad_input(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_refuses_one_point_or_many():
    far = 10 * abliteration.unit_vector(abliteration.REFUSAL_ANGLE)
    assert abliteration.refuses(far) and not abliteration.refuses(-far)
    np.testing.assert_array_equal(abliteration.refuses([far, -far]), [True, False])
