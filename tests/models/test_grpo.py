import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from explainers.models import grpo

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)
groups = st.lists(finite, min_size=1, max_size=32)


@pytest.mark.parametrize("rewards, expected", [
    ([1, 0], [1, -1]),                                  # mean 0.5, std 0.5
    ([1, 0, 0, 0], [math.sqrt(3), *[-1 / math.sqrt(3)] * 3]),  # mean 0.25, std sqrt(3)/4
    ([2, 1, 0], [math.sqrt(1.5), 0, -math.sqrt(1.5)]),  # population std sqrt(2/3)
    ([1, 1, 1], [0, 0, 0]),                             # no signal
    ([0.7], [0]),                                       # a group of one teaches nothing
])
def test_known_advantages(rewards, expected):
    assert grpo.group_advantages(rewards) == pytest.approx(expected)


def test_dr_grpo_only_centres():
    assert grpo.group_advantages([1, 0, 0, 0], "dr-grpo") == pytest.approx([0.75, -0.25, -0.25, -0.25])


@given(groups)
def test_advantages_sum_to_zero(rewards):
    assert grpo.group_advantages(rewards).sum() == pytest.approx(0, abs=1e-9)


@given(groups)
def test_unit_variance_unless_constant(rewards):
    # The model treats a spread below 1e-12 of the rewards' scale as no spread at all.
    a = grpo.group_advantages(rewards)
    if np.std(rewards) > 1e-12 * max(1, max(map(abs, rewards))):
        assert a.std() == pytest.approx(1)
    else:
        assert not a.any()


@given(groups, finite, st.floats(min_value=1e-2, max_value=1e2))
def test_invariant_to_shift_and_positive_scale(rewards, shift, scale):
    assume(np.ptp(rewards) > 1e-3 * max(1, max(map(abs, rewards))))
    moved = [r * scale + shift for r in rewards]
    assert grpo.group_advantages(moved) == pytest.approx(grpo.group_advantages(rewards), abs=1e-6)


@pytest.mark.parametrize("bad, error", [([], ValueError), ([1, float("nan")], ValueError),
                                        ([float("inf"), 0], ValueError), ([1, "2"], TypeError),
                                        ([True, False], TypeError), (5, TypeError), ("10", TypeError)])
def test_bad_rewards(bad, error):
    with pytest.raises(error, match="reward"):
        grpo.group_advantages(bad)


def test_bad_normalisation():
    with pytest.raises(ValueError, match="normalisation"):
        grpo.group_advantages([1, 0], "ppo")


@pytest.mark.parametrize("p, g, expected", [(0.5, 2, 0.5), (0.3, 8, 0.3**8 + 0.7**8), (0, 5, 1), (1, 5, 1),
                                            (0.9, 1, 1)])
def test_p_no_signal_known_values(p, g, expected):
    assert grpo.p_no_signal(p, g) == pytest.approx(expected)


@pytest.mark.parametrize("p, g", [(0.1, 4), (0.3, 8), (0.5, 16), (0.8, 6)])
def test_p_no_signal_matches_monte_carlo(p, g):
    rng = np.random.default_rng(1)
    draws = rng.random((200_000, g)) < p
    flat = (draws.all(axis=1) | ~draws.any(axis=1)).mean()
    assert flat == pytest.approx(grpo.p_no_signal(p, g), abs=4e-3)


@pytest.mark.parametrize("p, g, error", [(-0.1, 4, ValueError), (1.5, 4, ValueError), (float("nan"), 4, ValueError),
                                         ("half", 4, TypeError), (0.5, 0, ValueError), (0.5, 2.5, ValueError),
                                         (0.5, True, TypeError)])
def test_p_no_signal_bad_input(p, g, error):
    with pytest.raises(error, match="p_correct|group_size"):
        grpo.p_no_signal(p, g)


def test_sandbox_group_is_the_expected_count():
    g = grpo.sandbox(8, 0.3)
    assert g.right == 2 and list(g.rewards) == [1, 1, 0, 0, 0, 0, 0, 0]
    assert g.advantages == pytest.approx(grpo.group_advantages(g.rewards))
    assert g.p_no_signal == pytest.approx(0.3**8 + 0.7**8)
    assert not grpo.sandbox(16, 1.0).advantages.any()


@pytest.mark.parametrize("kwargs", [{"group_size": 3.5}, {"group_size": 40}, {"p_correct": 1.2}])
def test_sandbox_bad_input(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        grpo.sandbox(**kwargs)


TEMPLATE = "<think>{}</think>\n<answer>{}</answer>"


@pytest.mark.parametrize("completion, reference, accuracy, fmt", [
    (TEMPLATE.format("2 + 3", "5"), "5", 1, 1),
    (TEMPLATE.format("2 + 3", " 5 "), "5", 1, 1),          # whitespace trimmed
    (TEMPLATE.format("half", "0.5"), "1/2", 1, 1),          # numbers compared as numbers
    (TEMPLATE.format("", "5.0"), "5", 1, 1),
    (TEMPLATE.format("", "6"), "5", 0, 1),
    (TEMPLATE.format("", "five"), "5", 0, 1),               # words are not numbers
    (TEMPLATE.format("", "Paris"), "Paris", 1, 1),          # text compared as text
    (TEMPLATE.format("", "paris"), "Paris", 0, 1),
    ("  \n" + TEMPLATE.format("x", "5") + "\n\n", "5", 1, 1),  # surrounding whitespace is allowed
    ("<answer>5</answer>", "5", 1, 0),                      # no think block
    (TEMPLATE.format("x", "5") + " Hope this helps!", "5", 1, 0),
    ("Sure. " + TEMPLATE.format("x", "5"), "5", 1, 0),
    ("<answer>5</answer><think>x</think>", "5", 1, 0),      # wrong order
    (TEMPLATE.format("x", "5") + "<answer>6</answer>", "5", 0, 0),  # two answers: nothing checked
    ("<think>a</think><think>b</think><answer>5</answer>", "5", 1, 0),
    ("<think>a <answer>4</answer></think><answer>5</answer>", "5", 0, 0),
    ("The answer is 5.", "5", 0, 0),
    ("<think>x</think><answer>5", "5", 0, 0),               # unclosed
    ("", "5", 0, 0),
])
def test_r1zero_reward_cases(completion, reference, accuracy, fmt):
    assert grpo.r1zero_reward(completion, reference) == grpo.Reward(accuracy=accuracy, format=fmt)


def test_reward_bad_input():
    with pytest.raises(TypeError, match="completion"):
        grpo.r1zero_reward(None, "5")
    with pytest.raises(TypeError, match="reference"):
        grpo.r1zero_reward("<answer>5</answer>", 5)


@pytest.mark.parametrize("key, accuracy, fmt", [("right", 1, 1), ("fraction", 1, 1), ("wrong", 0, 1), ("words", 0, 1),
                                                ("no-think", 1, 0), ("chatty", 1, 0), ("hedge", 0, 0),
                                                ("plain", 0, 0)])
def test_checker_examples(key, accuracy, fmt):
    check = grpo.check_example(key)
    assert check.reward == grpo.Reward(accuracy, fmt)
    assert check.reward.total == accuracy + fmt
    assert check.format_reason and check.accuracy_reason


def test_checker_covers_every_example_and_rejects_others():
    assert [k for k, _, _ in grpo.EXAMPLES] == list(grpo.CHECKER_SPEC["example"].grid())
    with pytest.raises(ValueError, match="example"):
        grpo.check_example("nope")


def test_grpos_length_bias_is_per_token_not_per_answer():
    """Audit finding 2: averaging over tokens gives every answer the same total push; each token of a
    10-times-longer answer gets a tenth. Dr. GRPO's constant divisor makes the totals grow with length."""
    per_token, total = grpo.length_weights([200, 2000], "grpo")
    assert per_token[0] / per_token[1] == pytest.approx(10) and list(total) == [1, 1]
    per_token, total = grpo.length_weights([200, 2000], "dr-grpo", budget=4096)
    assert per_token[0] == per_token[1] == pytest.approx(1 / 4096)
    assert total[1] / total[0] == pytest.approx(10)


def test_length_weights_refuse_bad_input():
    with pytest.raises(ValueError, match="normalisation must be one of"):
        grpo.length_weights([10], "ppo")
    with pytest.raises(ValueError, match=r"lengths\[1\] must be a whole number of tokens from 1 to 4096"):
        grpo.length_weights([10, 0])
    with pytest.raises(ValueError, match="budget must be a whole number"):
        grpo.length_weights([10], budget=0)
    with pytest.raises(TypeError, match="lengths must be a sequence"):
        grpo.length_weights("10")


@given(st.lists(groups.filter(lambda g: len(g) == 4), min_size=1, max_size=5),
       st.sampled_from(grpo.NORMALISATIONS))
def test_many_groups_at_once_are_each_group_alone(rows, normalisation):
    together = grpo.advantages(np.array(rows, dtype=float), normalisation)
    for row, advantages in zip(rows, together):
        assert np.allclose(advantages, grpo.group_advantages(row, normalisation))


def test_rewards_whose_spread_overflows_raise():
    with pytest.raises(ValueError, match="rewards"):
        grpo.group_advantages([0, 2e154])  # std overflowed to inf and every advantage became 0
    with pytest.raises(ValueError, match="rewards"):
        grpo.group_advantages([1.7e308, -1.7e308], "dr-grpo")
    np.testing.assert_allclose(grpo.group_advantages([0, 1e154]), [-1, 1])


def test_answers_match_needs_strings():
    with pytest.raises(TypeError, match="answer"):
        grpo.answers_match(None, "5")
    with pytest.raises(TypeError, match="reference"):
        grpo.answers_match("5", 5)
