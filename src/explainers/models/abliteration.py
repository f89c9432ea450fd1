"""Abliteration in miniature: finding a direction in activations and projecting it out.

Used in: the open-weights chapter (``open-weights``). Arditi et al. (2024) found that in many
open chat models one direction in the activations separates instructions the model refuses from
those it answers: the difference between the two groups' mean activations. Projecting that
direction out of every activation (or out of the weights that write them) largely stops the model
refusing. That edit is what "abliterated" models on Hugging Face apply to open weights.

**A toy.** The explorable works with two-dimensional points drawn for the figure, not with a
language model's activations; :func:`remove_direction` itself works in any dimension and is the
same projection the method applies to real activations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from explainers.params import Slider, check_finite_result, check_number, controls

NORM_FLOOR = 1e-12  # a direction shorter than this has no direction to remove


def _array(name: str, values, ndims: tuple[int, ...]) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {values!r}") from None
    if array.ndim not in ndims:
        raise ValueError(f"{name} must have {' or '.join(map(str, ndims))} dimensions, got shape {array.shape}")
    if array.size == 0 or not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers and not be empty, got {values!r}")
    return array


def remove_direction(vectors, direction) -> np.ndarray:
    """Project every row of ``vectors`` onto the subspace orthogonal to ``direction``.

    ``x - (x · r̂) r̂`` with ``r̂ = direction / |direction|``: the part of each vector along the
    direction is removed and every other part is kept. Only the direction of ``direction`` matters,
    not its length or sign.

    Parameters
    ----------
    vectors : array of shape (n, d) or (d,)
        Rows to project (one vector is accepted too; the result has the same shape).
    direction : array of shape (d,)
        The direction to remove; must not be zero.

    Raises
    ------
    ValueError
        If ``direction`` is zero, or the shapes do not match, or a value is not finite, or the
        vectors are so large (near 1e308) that the projection overflows.
    """
    v = _array("vectors", vectors, (1, 2))
    d = _array("direction", direction, (1,))
    if v.shape[-1] != d.shape[0]:
        raise ValueError(f"vectors have {v.shape[-1]} components but direction has {d.shape[0]}")
    with np.errstate(over="ignore"):
        length = np.linalg.norm(d)
    if not np.isfinite(length):  # its squares overflow (from about 1e154): only the direction matters, so shrink it
        d = d / np.abs(d).max()
        length = np.linalg.norm(d)
    if length < NORM_FLOOR:
        raise ValueError(f"direction must not be zero, got {direction!r}")
    unit = d / length
    with np.errstate(over="ignore", invalid="ignore"):  # reported below, naming the vectors
        result = v - np.multiply.outer(v @ unit, unit)
    return check_finite_result("remove_direction", result, vectors=vectors)


def mean_difference(refused, answered) -> np.ndarray:
    """The difference between the two groups' mean vectors: the candidate "refusal direction"."""
    a = _array("refused", refused, (2,))
    b = _array("answered", answered, (2,))
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"refused and answered must have the same width, got {a.shape[1]} and {b.shape[1]}")
    with np.errstate(over="ignore"):  # the sums behind the means can overflow near 1e308: reported below
        difference = a.mean(axis=0) - b.mean(axis=0)
    return check_finite_result("mean_difference", difference, refused=refused, answered=answered)


# --- The two-dimensional picture -------------------------------------------------------------------
#
# Each point stands for one instruction's activation. Along REFUSAL_ANGLE the two groups differ
# (refuse or answer); across it, points spread widely: that spread stands for everything else the
# activation encodes (the topic, the wording), which removing the refusal direction must keep.

REFUSAL_ANGLE = 60.0  # degrees; on the slider's grid, so the reader can land on it exactly
POINTS = 40  # per group
GAP = 2.4  # distance between the group means along the refusal direction
ANSWERED_OFFSET = 0.3  # where the answered group sits along that direction (refused sits GAP beyond)
SPREAD_ALONG, SPREAD_ACROSS = 0.3, 0.9  # standard deviations along and across the direction
SEED = 7


def unit_vector(angle: float) -> np.ndarray:
    """The unit vector at ``angle`` degrees from the x axis."""
    radians = math.radians(check_number("angle", angle))
    return np.array([math.cos(radians), math.sin(radians)])


@cache
def toy_activations() -> tuple[np.ndarray, np.ndarray]:
    """Two groups of points, (refused, answered), whose means differ exactly along REFUSAL_ANGLE."""
    along, across = unit_vector(REFUSAL_ANGLE), unit_vector(REFUSAL_ANGLE + 90)
    rng = np.random.default_rng(SEED)
    groups = []
    for position in (ANSWERED_OFFSET + GAP, ANSWERED_OFFSET):
        noise = rng.normal(size=(POINTS, 2)) * (SPREAD_ALONG, SPREAD_ACROSS)
        noise -= noise.mean(axis=0)  # centred, so the means sit exactly where they are put
        groups.append(np.outer(noise[:, 0] + position, along) + np.outer(noise[:, 1], across))
    refused, answered = groups
    refused.flags.writeable = answered.flags.writeable = False
    return refused, answered


SPEC = {"angle": Slider(0.0, 180.0, 10.0, "Direction to remove", fmt="{:.0f}°")}


@dataclass(frozen=True)
class Ablation:
    """Result of :func:`ablate`: the points before and after, and how much refusing is left."""

    angle: float
    direction: np.ndarray  # unit vector removed
    refused: np.ndarray
    answered: np.ndarray
    refused_after: np.ndarray
    answered_after: np.ndarray
    gap_before: float  # distance between the group means
    gap_after: float
    refusal_rate_before: float  # share of the refused group the toy model refuses
    refusal_rate_after: float

    @property
    def gap_left(self) -> float:
        """Share of the distance between the groups that survives the projection."""
        return self.gap_after / self.gap_before


def refuses(points: np.ndarray) -> np.ndarray:
    """The toy model's decision: refuse when a point lies past the midpoint along the refusal direction.

    ``points`` is one point of shape (2,) or rows of them, shape (n, 2).
    """
    points = _array("points", points, (1, 2))
    if points.shape[-1] != 2:
        raise ValueError(f"points must be two-dimensional (the last axis of length 2), got shape {points.shape}")
    threshold = ANSWERED_OFFSET + GAP / 2
    with np.errstate(over="ignore"):  # a point beyond float range along the direction is past the threshold: inf > t
        return points @ unit_vector(REFUSAL_ANGLE) > threshold


@controls(SPEC)
def ablate(angle: float = 0.0) -> Ablation:
    """Remove the direction at ``angle`` degrees from both groups of the toy.

    Removing the mean-difference direction (``REFUSAL_ANGLE``) puts both groups on one line with
    the same mean: the toy model can no longer tell them apart and refuses nothing, while the
    spread across the direction (everything else) stays. Other angles remove less of the gap.
    """
    angle = SPEC["angle"].check("angle", angle)
    refused, answered = toy_activations()
    direction = unit_vector(angle)
    refused_after, answered_after = remove_direction(refused, direction), remove_direction(answered, direction)
    return Ablation(
        angle=angle, direction=direction, refused=refused, answered=answered,
        refused_after=refused_after, answered_after=answered_after,
        gap_before=float(np.linalg.norm(mean_difference(refused, answered))),
        gap_after=float(np.linalg.norm(mean_difference(refused_after, answered_after))),
        refusal_rate_before=float(refuses(refused).mean()),
        refusal_rate_after=float(refuses(refused_after).mean()),
    )
