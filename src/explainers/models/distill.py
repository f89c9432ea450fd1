"""Knowledge distillation: a teacher's softened distribution, and how far a student is from it.

Used in: the distillation chapter. Classic distillation trains a student on the teacher's whole
output distribution, softened by a temperature; DeepSeek's distills instead learned, by plain
supervised fine-tuning, from text R1's pipeline generated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from explainers.params import Steps, check_finite_result, check_positive, check_whole, controls

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
    distillation); a low one sharpens it towards the single most likely class. Raises
    ``ValueError`` naming ``logits`` and ``temperature`` when ``logits / temperature`` leaves float
    range (a subnormal temperature, or logits near 1e308 at a temperature below 1).
    """
    temperature = check_positive("temperature", temperature)
    logits = _finite_array("logits", logits)
    with np.errstate(over="ignore"):
        z = logits / temperature
        # inf - inf would be NaN, so an infinite z is refused; a finite one minus its max is <= 0, so exp
        # cannot overflow, and a difference that overflows to -inf gives exp 0, the right limit.
        check_finite_result("logits / temperature", z, logits=logits, temperature=temperature)
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
    with np.errstate(over="ignore"):
        terms = p[support] * np.log(p[support] / q[support])
    if not np.all(np.isfinite(terms)):  # p / q overflowed for a subnormal q; the difference of logs does not
        terms = p[support] * (np.log(p[support]) - np.log(q[support]))
    return float(np.sum(terms))


# --- The distillation lab: a toy teacher and two students ------------------------------------------
#
# **A toy, not a language model.** The teacher is a fixed linear classifier that scores ANSWERS
# possible answers from FEATURES numbers describing an input. Two students of the same form learn
# from the same n inputs: one from a single answer sampled from the teacher per input (hard labels,
# which is what fine-tuning on generated text amounts to), the other from the teacher's whole
# probability distribution (soft targets, classic distillation). Both divide their scores by the
# same temperature T while training, as Hinton et al. do, so a perfect student matches the teacher
# at any T: temperature changes only how much each example tells the student.

FEATURES = 4
ANSWERS = 6
TEACHER_SCALE = 2.0  # spread of the teacher's weights: how confident it is
WEIGHT_DECAY = 1e-3  # keeps hard-label students finite when the labels can be separated perfectly
STEPS = 200  # gradient steps with momentum; 300 change no accuracy by more than half a point
MOMENTUM = 0.9
REPEATS = 6  # independent training sets averaged per point
TEST_INPUTS = 4000
TARGETS = (("hard", "Hard labels (one sampled answer per example)"),
           ("soft", "Soft targets (the teacher's probabilities)"))

SPEC = {
    "samples": Steps((4, 8, 16, 32, 64, 128, 256, 512), "Training examples", fmt="{:.0f}"),
    "temperature": Steps((0.5, 1.0, 2.0, 4.0), "Temperature T", fmt="{:g}"),
}


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _with_bias(x: np.ndarray) -> np.ndarray:
    return np.concatenate([x, np.ones(x.shape[:-1] + (1,))], axis=-1)


def teacher(seed: int = 0) -> np.ndarray:
    """The teacher's weights, shape ``(FEATURES + 1, ANSWERS)`` (the last row is a bias)."""
    seed = check_whole("seed", seed, 0, 2**32 - 1)
    return np.random.default_rng([seed, 0]).normal(size=(FEATURES + 1, ANSWERS)) * TEACHER_SCALE


def train_students(inputs: np.ndarray, targets: np.ndarray, temperature: float) -> np.ndarray:
    """Fit linear students to ``targets`` (rows of probabilities; one-hot rows are hard labels).

    ``inputs`` has shape ``(..., n, FEATURES + 1)`` and ``targets`` ``(..., n, ANSWERS)``; leading
    axes are independent students, trained together. Minimises the cross-entropy between the
    targets and ``softmax(inputs @ W / temperature)`` plus a small weight decay, by gradient
    descent with momentum and a step size set from the loss's curvature bound.

    Raises ``ValueError`` naming the argument for mismatched shapes, targets that are not rows of
    probabilities, or a temperature (or inputs) so extreme that training leaves float range.
    """
    temperature = check_positive("temperature", temperature)
    if not 0 < temperature * temperature < math.inf:  # the curvature bound divides by it
        raise ValueError(f"temperature must be between about 1e-154 and 1e154 for training, got {temperature!r}")
    inputs, targets = _finite_array("inputs", inputs), _finite_array("targets", targets)
    if inputs.ndim < 2 or targets.ndim != inputs.ndim or targets.shape[:-1] != inputs.shape[:-1]:
        raise ValueError(f"inputs and targets must have shapes (..., n, features) and (..., n, answers) with the "
                         f"same leading axes, got {inputs.shape} and {targets.shape}")
    if (targets < 0).any() or (np.abs(targets.sum(axis=-1) - 1) > TOLERANCE).any():
        raise ValueError(f"targets must be rows of probabilities >= 0 summing to 1 (within {TOLERANCE:g})")
    n = inputs.shape[-2]
    with np.errstate(all="ignore"):  # any overflow ends in non-finite weights, reported below
        gram = np.swapaxes(inputs, -1, -2) @ inputs / n
        check_finite_result("inputs.T @ inputs", gram, inputs=inputs)
        # temperature * temperature, not **: a float's ** raises OverflowError where * gives inf.
        curvature = 0.5 * np.linalg.eigvalsh(gram)[..., -1] / (temperature * temperature) + WEIGHT_DECAY
        step = (1 / curvature)[..., None, None]
        weights = np.zeros(inputs.shape[:-2] + (inputs.shape[-1], targets.shape[-1]))
        velocity = np.zeros_like(weights)
        for _ in range(STEPS):
            probs = np.exp(_log_softmax(inputs @ weights / temperature))
            grad = np.swapaxes(inputs, -1, -2) @ (probs - targets) / (n * temperature) + WEIGHT_DECAY * weights
            velocity = MOMENTUM * velocity - step * grad
            weights = weights + velocity
    return check_finite_result("train_students", weights, inputs=inputs, temperature=temperature)


def _mean_kl(log_p: np.ndarray, log_q: np.ndarray) -> float:
    return float(np.mean(np.sum(np.exp(log_p) * (log_p - log_q), axis=-1)))


@dataclass(frozen=True)
class Curves:
    """Result of :func:`curves`: how well each student matches the teacher, by training-set size.

    ``accuracy[target][i]`` is the share of new inputs on which the student's most likely answer is
    the teacher's, and ``kl[target][i]`` the mean KL(teacher ‖ student) in nats at temperature 1,
    for a student trained on ``samples[i]`` examples (mean of ``REPEATS`` training sets).
    """

    temperature: float
    samples: tuple[int, ...]
    accuracy: dict[str, tuple[float, ...]]
    kl: dict[str, tuple[float, ...]]


def curves(temperature: float = 2.0, seed: int = 0) -> Curves:
    """Train both students at every training-set size of ``SPEC["samples"]`` and score them.

    Deterministic for a given ``seed``. Smaller training sets are the first examples of larger ones,
    and the hard labels come from the same random draws at every temperature, so the curves differ
    only where the setting does.
    """
    # Checked before the cache sees them: an unhashable argument would fail there, naming nothing.
    return _curves(SPEC["temperature"].check("temperature", temperature), check_whole("seed", seed, 0, 2**32 - 1))


@cache
def _curves(temperature: float, seed: int) -> Curves:
    sizes = tuple(int(n) for n in SPEC["samples"].grid())
    w_teacher = teacher(seed)
    rng = np.random.default_rng([seed, 1])
    test = _with_bias(rng.normal(size=(TEST_INPUTS, FEATURES)))
    log_teacher = _log_softmax(test @ w_teacher)
    inputs = _with_bias(rng.normal(size=(REPEATS, sizes[-1], FEATURES)))
    draws = rng.random(size=(REPEATS, sizes[-1], 1))
    soft = np.exp(_log_softmax(inputs @ w_teacher / temperature))
    # Inverse-CDF sampling: the answer whose cumulative probability first passes the draw.
    sampled = np.minimum((soft.cumsum(axis=-1) < draws).sum(axis=-1), ANSWERS - 1)
    hard = np.eye(ANSWERS)[sampled]
    accuracy = {target: [] for target, _ in TARGETS}
    kl = {target: [] for target, _ in TARGETS}
    for n in sizes:
        for target, targets in (("hard", hard), ("soft", soft)):
            weights = train_students(inputs[:, :n], targets[:, :n], temperature)
            log_student = _log_softmax(test @ weights)  # (REPEATS, TEST_INPUTS, ANSWERS), at T = 1
            accuracy[target].append(float(np.mean(log_student.argmax(-1) == log_teacher.argmax(-1))))
            kl[target].append(_mean_kl(log_teacher, log_student))
    return Curves(temperature, sizes, {t: tuple(v) for t, v in accuracy.items()},
                  {t: tuple(v) for t, v in kl.items()})


curves.cache_clear = _curves.cache_clear  # as when curves itself was cached


@dataclass(frozen=True)
class Lab:
    """Result of :func:`lab`: the curves at one temperature, and the training-set size picked out."""

    curves: Curves
    samples: int

    @property
    def index(self) -> int:
        """Position of ``samples`` in ``curves.samples``."""
        return self.curves.samples.index(self.samples)

    def at(self, target: str) -> tuple[float, float]:
        """``(accuracy, kl)`` of the student trained on ``target`` (``"hard"`` or ``"soft"``) at ``samples``."""
        if target not in dict(TARGETS):
            raise ValueError(f"target must be one of {[t for t, _ in TARGETS]}, got {target!r}")
        return self.curves.accuracy[target][self.index], self.curves.kl[target][self.index]


@controls(SPEC)
def lab(samples: float = 16, temperature: float = 2.0) -> Lab:
    """The distillation lab at ``samples`` training examples and temperature ``temperature``."""
    samples = int(SPEC["samples"].check("samples", samples))
    return Lab(curves(SPEC["temperature"].check("temperature", temperature)), samples)


def teacher_confidence(seed: int = 0) -> float:
    """The teacher's mean probability for its own most likely answer, on the lab's test inputs."""
    rng = np.random.default_rng([check_whole("seed", seed, 0, 2**32 - 1), 1])
    test = _with_bias(rng.normal(size=(TEST_INPUTS, FEATURES)))
    return float(np.exp(_log_softmax(test @ teacher(seed)).max(axis=-1)).mean())
