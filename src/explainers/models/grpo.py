"""Group Relative Policy Optimization (GRPO): advantages, the no-signal probability, R1-Zero's rewards.

Used in: the reinforcement-learning chapter. GRPO comes from DeepSeekMath (Shao et al., 2024);
R1-Zero adopted it. Instead of a learned value network, it samples a group of answers to one
prompt and scores each answer against the others in its group.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from explainers.params import (
    Choice,
    Slider,
    check_finite_result,
    check_number,
    check_probability,
    check_whole,
    controls,
)

NORMALISATIONS = ("grpo", "dr-grpo")


def group_advantages(rewards, normalisation: str = "grpo") -> np.ndarray:
    """Advantages of one group of answers from their rewards.

    GRPO (R1 paper, Eq. 3): ``(r - mean(r)) / std(r)`` with the population standard deviation.
    Dr. GRPO (Liu et al., 2025) keeps only ``r - mean(r)``: dividing by the standard deviation
    gives questions that are nearly always (or nearly never) solved as much weight as the others.
    A group whose rewards are all equal carries no signal: every advantage is 0.

    Raises ``ValueError`` for an empty group, a NaN or infinite reward, or rewards so far apart
    (beyond about 1e154) that their spread overflows; ``TypeError`` for a reward that is not a number.
    """
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {list(NORMALISATIONS)}, got {normalisation!r}")
    if isinstance(rewards, (str, bytes)) or not hasattr(rewards, "__iter__"):
        raise TypeError(f"rewards must be a sequence of numbers, got {type(rewards).__name__}: {rewards!r}")
    values = list(rewards) if not isinstance(rewards, np.ndarray) else rewards.ravel().tolist()
    if not values:
        raise ValueError("rewards must hold at least one reward, got an empty group")
    rewards = np.array([check_number(f"rewards[{i}]", r) for i, r in enumerate(values)])
    with np.errstate(over="ignore", invalid="ignore"):  # reported below, naming the rewards
        result = advantages(rewards, normalisation)
        # The squares behind std overflow from about 1e154: an infinite spread would make every advantage 0.
        check_finite_result("the spread of rewards", (rewards.mean(), rewards.std()), rewards=values)
    return check_finite_result("group_advantages", result, rewards=values)


def advantages(rewards: np.ndarray, normalisation: str = "grpo") -> np.ndarray:
    """:func:`group_advantages` for many groups at once, one group per row of ``rewards`` (not validated)."""
    centred = rewards - rewards.mean(axis=-1, keepdims=True)
    spread = rewards.std(axis=-1, keepdims=True)
    # Equal rewards up to rounding: no answer is better than another.
    equal = spread <= 1e-12 * np.maximum(1.0, np.abs(rewards).max(axis=-1, keepdims=True))
    if normalisation == "dr-grpo":
        return np.where(equal, 0.0, centred)
    return np.divide(centred, spread, out=np.zeros_like(centred), where=~equal)


def length_weights(lengths, normalisation: str = "grpo", budget: int = 4096) -> tuple[np.ndarray, np.ndarray]:
    """How hard each answer's advantage pushes, per token and in total, for an advantage of 1.

    GRPO as DeepSeekMath wrote it averages an answer's term over its ``|o|`` tokens: each token gets
    ``1/|o|`` and the answer ``1`` in total, whatever its length. Dr. GRPO divides by a constant
    ``budget`` (the longest answer allowed): each token gets ``1/budget`` and the answer ``|o|/budget``.
    So the length bias is per token: against a constant divisor, the tokens of long answers are
    pushed less. Returns ``(per_token, total)``, one entry per answer.
    """
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {list(NORMALISATIONS)}, got {normalisation!r}")
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise ValueError(f"budget must be a whole number of tokens >= 1, got {budget!r}")
    if isinstance(lengths, (str, bytes)) or not hasattr(lengths, "__iter__"):
        raise TypeError(f"lengths must be a sequence of token counts, got {type(lengths).__name__}: {lengths!r}")
    values = list(lengths)
    for i, n in enumerate(values):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= budget:
            raise ValueError(f"lengths[{i}] must be a whole number of tokens from 1 to {budget}, got {n!r}")
    n = np.asarray(values, dtype=float)
    if normalisation == "grpo":
        return 1 / n, np.ones_like(n)
    return np.full_like(n, 1 / budget), n / budget


def p_no_signal(p_correct: float, group_size: int) -> float:
    """Probability that a group of ``group_size`` right-or-wrong answers has no variance.

    Each answer is right with probability ``p_correct``, independently; the group teaches
    nothing when all are right or all are wrong: ``p**G + (1 - p)**G``.
    """
    p = check_probability("p_correct", p_correct)
    g = check_whole("group_size", group_size, 1, 10**6)
    return p**g + (1 - p) ** g


# --- The sandbox: one group, drawn from a success probability -----------------------------

SANDBOX_SPEC = {
    "group_size": Slider(2, 16, 2, "Answers per prompt (group size G)", fmt="{:.0f}"),
    "p_correct": Slider(0.0, 1.0, 0.1, "Chance each answer is right (p)", fmt="{:.0%}"),
}


@dataclass(frozen=True)
class Group:
    """Result of :func:`sandbox`: a group's rewards, its advantages and the chance of no signal."""

    group_size: int
    p_correct: float
    rewards: np.ndarray  # 1 for a right answer, 0 for a wrong one; right answers first
    advantages: np.ndarray
    p_no_signal: float

    @property
    def right(self) -> int:
        """How many answers in the group are right."""
        return int(self.rewards.sum())


@controls(SANDBOX_SPEC)
def sandbox(group_size: int = 8, p_correct: float = 0.3) -> Group:
    """The most typical group of ``group_size`` answers when each is right with ``p_correct``.

    The group holds round(p × G) right answers (the expected number, rounded), so the figure
    changes smoothly with the controls; :func:`p_no_signal` says how often a random group would
    instead be all right or all wrong.
    """
    spec = SANDBOX_SPEC["group_size"]
    g = check_whole("group_size", group_size, int(spec.min), int(spec.max))
    p = SANDBOX_SPEC["p_correct"].check("p_correct", p_correct)
    right = int(math.floor(p * g + 0.5))
    rewards = np.array([1.0] * right + [0.0] * (g - right))
    return Group(g, p, rewards, group_advantages(rewards), p_no_signal(p, g))


# --- R1-Zero's rule-based rewards --------------------------------------------------------

@dataclass(frozen=True)
class Reward:
    """R1-Zero's two rule-based rewards for one completion, each 0 or 1."""

    accuracy: int
    format: int

    @property
    def total(self) -> int:
        """The two rewards added, as the toy in this chapter uses them."""
        return self.accuracy + self.format


TAGS = ("<think>", "</think>", "<answer>", "</answer>")
# One think block, then one answer block, nothing else but whitespace (tags inside are checked apart).
FORMAT = re.compile(r"\s*<think>(.*?)</think>\s*<answer>(.*?)</answer>\s*", re.DOTALL)
ANSWER = re.compile(r"<answer>(.*?)</answer>", re.DOTALL)


def _as_number(text: str) -> Fraction | None:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def answers_match(answer: str, reference: str) -> bool:
    """Whether two final answers agree: as numbers when both are numbers, else as trimmed text.

    Numbers may be integers, decimals or fractions: ``"0.5"``, ``"1/2"`` and ``" .50 "`` agree.
    """
    for name, text in (("answer", answer), ("reference", reference)):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a str, got {type(text).__name__}: {text!r}")
    a, b = answer.strip(), reference.strip()
    x, y = _as_number(a), _as_number(b)
    if x is not None and y is not None:
        return x == y
    return a == b


def r1zero_reward(completion: str, reference: str) -> Reward:
    """R1-Zero's rule-based rewards, in the form of its training template.

    - ``format`` is 1 when the completion is one ``<think>…</think>`` block followed by one
      ``<answer>…</answer>`` block and nothing else but whitespace.
    - ``accuracy`` is 1 when the completion holds exactly one ``<answer>…</answer>`` block and
      its text equals ``reference`` after trimming whitespace (numbers compared as numbers,
      so ``"0.5"`` equals ``"1/2"``). Accuracy does not require the format: the two rules are
      separate rewards.

    The R1 paper checks maths answers given in a box (``\\boxed{}``); this checker reads the
    ``<answer>`` block of the template instead, as the chapter's toy does.
    """
    for name, text in (("completion", completion), ("reference", reference)):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a str, got {type(text).__name__}: {text!r}")
    counts = [completion.count(tag) for tag in TAGS]
    match = FORMAT.fullmatch(completion)
    well_formed = match is not None and counts == [1, 1, 1, 1]
    answers = ANSWER.findall(completion)
    correct = (len(answers) == 1 and counts[2:] == [1, 1] and answers_match(answers[0], reference))
    return Reward(accuracy=int(correct), format=int(well_formed))


def reward_reasons(completion: str, reference: str) -> tuple[str, str]:
    """Why :func:`r1zero_reward` gives ``completion`` its format and accuracy rewards, in words."""
    reward = r1zero_reward(completion, reference)
    counts = dict(zip(TAGS, (completion.count(tag) for tag in TAGS)))
    if reward.format:
        fmt = "one think block, then one answer block, nothing else"
    elif counts["<think>"] == 0:
        fmt = "no <think> block"
    elif any(n != 1 for n in counts.values()):
        fmt = "a tag appears more than once, or is missing"
    else:
        fmt = "text outside the two blocks, or the blocks in the wrong order"
    answers = ANSWER.findall(completion)
    if len(answers) != 1 or counts["<answer>"] != 1:
        acc = "no single <answer> block to check" if not answers else "more than one answer: nothing is checked"
    elif reward.accuracy:
        acc = f"the answer {answers[0].strip()!r} equals the reference {reference.strip()!r}"
    else:
        acc = f"the answer {answers[0].strip()!r} is not the reference {reference.strip()!r}"
    return fmt, acc


# --- The reward checker: example completions for one question ------------------------------

QUESTION = "What is the sum of the solutions of x² − 5x + 6 = 0?"
REFERENCE = "5"
EXAMPLES = (
    ("right", "Right, in the template",
     "<think>x² − 5x + 6 = (x − 2)(x − 3), so the solutions are 2 and 3 and their sum is 5.</think>\n"
     "<answer>5</answer>"),
    ("fraction", "Right, written as a fraction",
     "<think>By Vieta, the sum is −(−5)/1.</think>\n<answer>10/2</answer>"),
    ("wrong", "Wrong, in the template",
     "<think>The solutions are 2 and 3, and 2 × 3 = 6.</think>\n<answer>6</answer>"),
    ("words", "Right, but in words",
     "<think>The roots are 2 and 3, which add up to five.</think>\n<answer>five</answer>"),
    ("no-think", "Right, no reasoning block", "<answer>5</answer>"),
    ("chatty", "Right, then a remark",
     "<think>The roots are 2 and 3.</think>\n<answer>5</answer>\nHope this helps!"),
    ("hedge", "Two answers, to hedge",
     "<think>It is either the sum or the product.</think>\n<answer>5</answer>\n<answer>6</answer>"),
    ("plain", "No tags at all", "The solutions are 2 and 3, so the answer is 5."),
)
CHECKER_SPEC = {"example": Choice(tuple((key, label) for key, label, _ in EXAMPLES), "Completion")}


@dataclass(frozen=True)
class Check:
    """Result of :func:`check_example`: a completion, its rewards and why."""

    example: str
    label: str
    completion: str
    reward: Reward
    format_reason: str
    accuracy_reason: str


@controls(CHECKER_SPEC)
def check_example(example: str = "right") -> Check:
    """R1-Zero's rewards for one of the chapter's example completions of :data:`QUESTION`."""
    key = CHECKER_SPEC["example"].check("example", example)
    label, completion = next((label, text) for k, label, text in EXAMPLES if k == key)
    return Check(key, label, completion, r1zero_reward(completion, REFERENCE), *reward_reasons(completion, REFERENCE))
