"""Knowledge distillation: a teacher's softened distribution, and how far a student is from it.

Used in: the distillation chapter. Classic distillation trains a student on the teacher's whole
output distribution, softened by a temperature; DeepSeek's distills instead learned, by plain
supervised fine-tuning, from text R1's pipeline generated.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

TOLERANCE = 1e-6  # how far a distribution's sum may stray from 1


def _finite_array(name: str, values) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers, got {values!r}") from None
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, got {values!r}")
    return array


def softmax(logits, temperature: float = 1.0) -> np.ndarray:
    """``exp(logits / T)`` normalised along the last axis; subtracting the maximum keeps it stable.

    A high temperature flattens the distribution towards uniform (the "soft targets" of
    distillation); a low one sharpens it towards the single most likely class.
    """
    if isinstance(temperature, bool) or not isinstance(temperature, Real):
        raise TypeError(f"temperature must be a number, got {type(temperature).__name__}: {temperature!r}")
    if not math.isfinite(temperature) or temperature <= 0:
        raise ValueError(f"temperature must be a finite number > 0, got {temperature!r}")
    z = _finite_array("logits", logits) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _distribution(name: str, values) -> np.ndarray:
    p = _finite_array(name, values)
    if p.ndim != 1:
        raise ValueError(f"{name} must be one distribution (a 1-D array), got shape {p.shape}")
    if (p < 0).any() or abs(p.sum() - 1) > TOLERANCE:
        raise ValueError(f"{name} must be probabilities >= 0 summing to 1 (within {TOLERANCE:g}), "
                         f"got sum {p.sum()!r}")
    return p


def kl_divergence(p, q) -> float:
    """KL(p ‖ q) in nats: how much information is lost when ``q`` stands in for ``p``.

    Zero exactly when the distributions are equal; infinite when ``q`` gives zero probability to
    something ``p`` thinks possible. Terms where ``p`` is zero count as zero.
    """
    p, q = _distribution("p", p), _distribution("q", q)
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same shape, got {p.shape} and {q.shape}")
    support = p > 0
    if (q[support] == 0).any():
        return math.inf
    return float(np.sum(p[support] * np.log(p[support] / q[support])))
