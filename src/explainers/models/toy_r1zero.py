"""A toy R1-Zero run: a policy over four answer strategies, trained with group-relative advantages.

Used in: the reinforcement-learning chapter. **A toy that shows the mechanism, not a
reproduction.** A real policy is a language model choosing tokens; here it is a choice among
four ways to answer, each with a length and a chance of being right:

- *answer at once*: short, right only on easy tasks;
- *reflect superficially*: long, with the words of reflection ("wait, let me check…") but no
  real check, so no more accurate than answering at once. Sea AI Lab found such
  "superficial self-reflection" in base models before any RL;
- *reason briefly*: a few hundred tokens, right more often;
- *reason and check*: reasons, then checks; a wrong first attempt is caught and fixed
  ``CATCH`` of the time. The base model does this only rarely.

Each step samples ``PROMPTS`` tasks of random difficulty and ``group_size`` answers to each,
scores them with a reward, turns rewards into advantages within each group, and moves the
policy along the policy gradient with Adam. With one update per batch the policy ratio is 1, so
GRPO's clipping never acts, and the toy leaves out the KL penalty.

GRPO's two normalisations are kept or dropped as in Liu et al. (2025): GRPO divides each
advantage by its group's standard deviation and averages each answer's term over its tokens;
Dr. GRPO does neither. **The toy exaggerates the length effect.** In a language model the average
over tokens gives each token A/|o|, so an answer's total push is A whatever its length (it is the
tokens of a long answer that are pushed less, against a constant divisor). Here a strategy is a
single choice, so dividing by the length shrinks the whole answer's push: a 1,600-token answer
gets about 1/27 of a 60-token one's. The direction of the effect is right, its size is not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainers.models.grpo import NORMALISATIONS, advantages
from explainers.params import Choice, Slider, check_fraction, check_whole, controls

# name, label, mean length in tokens
STRATEGIES = (("at-once", "Answer at once", 60), ("superficial", "Reflect superficially", 1600),
              ("brief", "Reason briefly", 400), ("check", "Reason and check", 1100))
LENGTHS = np.array([length for _, _, length in STRATEGIES], dtype=float)
CHECK = 3  # index of "reason and check"
SKILL_GUESS, SKILL_REASON = 0.0, 1.5  # on the logit scale of task difficulty
CATCH = 0.6  # share of wrong first attempts that checking catches and fixes
BASE_POLICY = np.array([0.60, 0.07, 0.30, 0.03])  # the base model's habits before RL
BASE_FORMAT = 0.2  # share of the base model's answers that follow the template
LENGTH_NOISE = 0.25  # spread of lengths within a strategy (log scale)
PROMPTS = 32  # tasks per step
DIFFICULTIES = (("easy", "Easy tasks"), ("medium", "Medium tasks"), ("hard", "Hard tasks"))
DIFFICULTY_CENTRE = {"easy": -0.5, "medium": 1.0, "hard": 2.5}  # mean task difficulty (logit scale)
REWARDS = (("accuracy-format", "Accuracy + format (R1-Zero)"), ("format-only", "Format only"),
           ("length-bonus", "Format + a bonus per 1,000 tokens"))

SPEC = {
    "group_size": Slider(4, 16, 4, "Answers per prompt (group size G)", fmt="{:.0f}"),
    "learning_rate": Slider(0.03, 0.06, 0.03, "Learning rate", fmt="{:.2f}"),
    "difficulty": Choice(DIFFICULTIES, "Task difficulty"),
    "normalisation": Choice((("grpo", "GRPO (divide by std and by length)"),
                             ("dr-grpo", "Dr. GRPO (neither)")), "Normalisation"),
}
HACKING_SPEC = {"reward": Choice(REWARDS, "Reward")}

_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(24)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def _sigmoid(x):
    with np.errstate(over="ignore"):  # exp(-x) = inf for x below about -709 gives exactly 0, the right limit
        return 1 / (1 + np.exp(-x))


def _difficulty_array(difficulty) -> np.ndarray:
    # np.asarray would turn None into NaN and "3" into 3.0: only numbers (or arrays of them) are difficulties.
    try:
        d = np.asarray(difficulty)
    except ValueError:  # a ragged list
        d = np.asarray(None)
    if d.dtype.kind not in "iuf":
        raise TypeError(f"difficulty must be a number or an array of numbers, got "
                        f"{type(difficulty).__name__}: {difficulty!r}")
    if not np.all(np.isfinite(d)):
        raise ValueError(f"difficulty must be finite, got {difficulty!r}")
    return d.astype(float)


def success(difficulty) -> np.ndarray:
    """Chance that each strategy is right on tasks of the given difficulty (last axis: strategy)."""
    d = _difficulty_array(difficulty)[..., None]
    guess, reason = _sigmoid(SKILL_GUESS - d), _sigmoid(SKILL_REASON - d)
    return np.concatenate([guess, guess, reason, reason + (1 - reason) * CATCH], axis=-1)


def expected_success(difficulty: str) -> np.ndarray:
    """Each strategy's accuracy averaged over the tasks of a difficulty setting."""
    return _WEIGHTS @ success(DIFFICULTY_CENTRE[SPEC["difficulty"].check("difficulty", difficulty)] + _NODES)


@dataclass(frozen=True)
class Run:
    """Result of :func:`simulate`: one value per step, step 0 being the base model."""

    steps: np.ndarray
    accuracy: np.ndarray  # expected share of right answers under the policy
    format: np.ndarray  # share of answers in the template's format
    reward: np.ndarray  # expected reward per answer, under the reward trained on
    mean_length: np.ndarray  # expected tokens per answer
    wrong_length: np.ndarray  # expected tokens per wrong answer
    shares: np.ndarray  # (steps + 1, strategies): the policy's probabilities
    no_signal: np.ndarray  # share of the step's groups whose rewards were all equal (NaN at step 0)
    group_size: int
    learning_rate: float
    difficulty: str
    normalisation: str
    reward_kind: str

    @property
    def check_share(self) -> np.ndarray:
        """Share of answers that reason and check."""
        return self.shares[:, CHECK]


def score_answers(kind: str, right, formatted, length):
    """The ``kind`` of reward (a key of ``REWARDS``) for answers given as
    arrays of right (0/1), formatted (0/1) and length (tokens); or its
    mean, given their means."""
    HACKING_SPEC["reward"].check("kind", kind)
    right = np.asarray(right, dtype=float)
    formatted = np.asarray(formatted, dtype=float)
    if kind == "accuracy-format":
        return right + formatted
    if kind == "format-only":
        return formatted
    return formatted + np.asarray(length, dtype=float) / 1000


@controls(SPEC)
def simulate(group_size: int = 8, learning_rate: float = 0.03, difficulty: str = "medium",
             normalisation: str = "grpo", reward: str = "accuracy-format", *, steps: int = 150,
             initial_policy=BASE_POLICY, seed: int = 0) -> Run:
    """Train the toy policy for ``steps`` steps; the same ``seed`` gives the same run.

    Parameters
    ----------
    group_size : int
        Answers sampled per task (G), 2 to 64.
    learning_rate : float
        Adam's step size on the policy's logits, above 0 and at most 1.
    difficulty : {"easy", "medium", "hard"}
        Where the tasks' difficulties centre.
    normalisation : {"grpo", "dr-grpo"}
        GRPO divides advantages by the group's standard deviation and, here, each answer's
        whole update by its length (an exaggeration, see the module's docstring); Dr. GRPO does neither.
    reward : {"accuracy-format", "format-only", "length-bonus"}
        R1-Zero's rewards (1 for a right answer plus 1 for the format), or a flawed reward.
    steps : int
        Training steps, 1 to 2000.
    initial_policy : sequence of 4 probabilities
        The base model's share of each strategy, in the order of ``STRATEGIES``.
    seed : int
        Seed of the run's random numbers, a whole number from 0 to 2**32 - 1 (``None`` would draw a
        fresh seed each time, so it is refused).
    """
    group_size = check_whole("group_size", group_size, 2, 64)
    learning_rate = check_fraction("learning_rate", learning_rate)
    SPEC["difficulty"].check("difficulty", difficulty)
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {list(NORMALISATIONS)}, got {normalisation!r}")
    HACKING_SPEC["reward"].check("reward", reward)
    steps = check_whole("steps", steps, 1, 2000)
    seed = check_whole("seed", seed, 0, 2**32 - 1)
    try:
        start = np.asarray(initial_policy, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"initial_policy must be {len(STRATEGIES)} probabilities, got {initial_policy!r}") from None
    if start.shape != (len(STRATEGIES),) or (start < 0).any() or not np.isclose(start.sum(), 1):
        raise ValueError(f"initial_policy must be {len(STRATEGIES)} probabilities >= 0 summing to 1, "
                         f"got {initial_policy!r}")

    rng = np.random.default_rng(seed)
    with np.errstate(divide="ignore"):  # a strategy the base model never uses has logit -inf
        logits = np.append(np.log(start), np.log(BASE_FORMAT / (1 - BASE_FORMAT)))
    trainable = np.isfinite(logits)
    adam_m, adam_v = np.zeros_like(logits), np.zeros_like(logits)
    per_task = expected_success(difficulty)
    history = {k: [] for k in ("accuracy", "format", "reward", "mean_length", "wrong_length", "shares", "no_signal")}

    def record(policy, fmt, no_signal):
        acc = float(policy @ per_task)
        wrong = policy * (1 - per_task)
        history["accuracy"].append(acc)
        history["format"].append(fmt)
        history["reward"].append(float(score_answers(reward, acc, fmt, policy @ LENGTHS)))
        history["mean_length"].append(float(policy @ LENGTHS))
        history["wrong_length"].append(float(wrong @ LENGTHS / wrong.sum()))
        history["shares"].append(policy)
        history["no_signal"].append(no_signal)

    def policy_of(z):
        e = np.exp(z[:-1] - z[:-1][trainable[:-1]].max())
        return e / e.sum(), float(_sigmoid(z[-1]))

    record(*policy_of(logits), np.nan)
    shape = (PROMPTS, group_size)
    for t in range(1, steps + 1):
        policy, fmt = policy_of(logits)
        task = rng.normal(DIFFICULTY_CENTRE[difficulty], 1.0, PROMPTS)
        strategy = (rng.random(shape)[..., None] > np.cumsum(policy)[:-1]).sum(-1)
        formatted = rng.random(shape) < fmt
        right = rng.random(shape) < np.take_along_axis(success(task), strategy, axis=1)
        length = LENGTHS[strategy] * np.exp(LENGTH_NOISE * rng.standard_normal(shape))
        r = score_answers(reward, right, formatted, length)

        advantage = advantages(r, normalisation)
        flat = ~advantage.any(axis=1)  # groups whose answers all scored the same: no signal
        if normalisation == "grpo":
            weight = (1 / length) / np.mean(1 / length)  # 1/|o| on the whole answer (exaggerated), mean 1
        else:
            weight = np.ones_like(length)
        signal = advantage * weight
        onehot = np.eye(len(STRATEGIES))[strategy]
        grad = np.append(np.mean(signal[..., None] * (onehot - policy), axis=(0, 1)),
                         np.mean(signal * (formatted - fmt)))
        # Adam: real runs use it, and it makes the step size independent of the rewards' scale.
        adam_m = 0.9 * adam_m + 0.1 * grad
        adam_v = 0.999 * adam_v + 0.001 * grad**2
        step = learning_rate * (adam_m / (1 - 0.9**t)) / (np.sqrt(adam_v / (1 - 0.999**t)) + 1e-8)
        logits = np.where(trainable, logits + step, logits)
        record(*policy_of(logits), float(flat.mean()))

    arrays = {k: np.array(v, dtype=float) for k, v in history.items()}
    return Run(steps=np.arange(steps + 1), group_size=int(group_size), learning_rate=float(learning_rate),
               difficulty=difficulty, normalisation=normalisation, reward_kind=reward, **arrays)


@controls(HACKING_SPEC)
def hacking(reward: str = "accuracy-format") -> Run:
    """The default toy run trained on ``reward``: R1-Zero's rewards or a flawed one."""
    return simulate(reward=HACKING_SPEC["reward"].check("reward", reward))
