import numpy as np
import pytest

from explainers.models import toy_r1zero


@pytest.fixture(scope="module")
def default_run():
    return toy_r1zero.simulate()


def test_same_seed_same_run_other_seed_other_run(default_run):
    again, other = toy_r1zero.simulate(), toy_r1zero.simulate(seed=1)
    for field in ("accuracy", "shares", "mean_length", "no_signal"):
        np.testing.assert_array_equal(getattr(default_run, field), getattr(again, field))
    assert not np.array_equal(default_run.shares, other.shares)


def test_per_step_arrays(default_run):
    n = len(default_run.steps)
    assert n == 151 and default_run.steps[0] == 0
    for field in ("accuracy", "format", "reward", "mean_length", "wrong_length", "no_signal", "check_share"):
        assert getattr(default_run, field).shape == (n,)
    np.testing.assert_allclose(default_run.shares.sum(axis=1), 1)
    assert np.isnan(default_run.no_signal[0]) and np.all((default_run.no_signal[1:] >= 0) & (default_run.no_signal[1:] <= 1))


def test_step_zero_is_the_base_model(default_run):
    np.testing.assert_allclose(default_run.shares[0], toy_r1zero.BASE_POLICY)
    assert default_run.format[0] == pytest.approx(toy_r1zero.BASE_FORMAT)
    assert default_run.accuracy[0] == pytest.approx(toy_r1zero.BASE_POLICY @ toy_r1zero.expected_success("medium"))
    assert default_run.mean_length[0] == pytest.approx(toy_r1zero.BASE_POLICY @ toy_r1zero.LENGTHS)


def test_the_aha_curve_rises(default_run):
    """R1-Zero's reported shape, in the toy: more right answers, longer answers, more checking."""
    r = default_run
    assert r.accuracy[-1] > r.accuracy[0] + 0.3
    assert r.mean_length[-1] > 2.5 * r.mean_length[0]
    assert r.check_share[-1] > 0.5 > 10 * r.check_share[0]
    assert r.format[-1] > 0.9


def test_checking_cannot_emerge_if_the_base_model_never_checks():
    never = toy_r1zero.simulate(initial_policy=[0.62, 0.07, 0.31, 0.0])
    assert never.check_share.max() == 0
    assert never.accuracy[-1] < toy_r1zero.simulate().accuracy[-1] - 0.1


@pytest.mark.parametrize("seed", range(4))
def test_grpo_length_normalisation_keeps_long_wrong_answers(seed):
    """Dr. GRPO's point: dividing by length makes long wrong answers cheap."""
    grpo, dr = toy_r1zero.simulate(seed=seed), toy_r1zero.simulate(normalisation="dr-grpo", seed=seed)
    assert grpo.shares[:, 1].max() > dr.shares[:, 1].max() + 0.04
    assert grpo.wrong_length[:60].mean() > dr.wrong_length[:60].mean() + 50
    assert dr.shares[:, 1].max() <= toy_r1zero.BASE_POLICY[1] + 0.02  # without the bias it never grows


def test_harder_tasks_give_lower_accuracy_and_more_silent_groups():
    easy, hard = toy_r1zero.simulate(difficulty="easy"), toy_r1zero.simulate(difficulty="hard")
    assert easy.accuracy[0] > hard.accuracy[0] + 0.3
    assert np.all(np.diff(toy_r1zero.expected_success("hard")[[0, 2, 3]]) > 0)  # reasoning, then checking, help


def test_bigger_groups_waste_fewer_steps():
    small, big = toy_r1zero.simulate(group_size=4), toy_r1zero.simulate(group_size=16)
    assert np.nanmean(small.no_signal) > np.nanmean(big.no_signal)


@pytest.mark.parametrize("reward", ["format-only", "length-bonus"])
def test_flawed_rewards_rise_without_accuracy(reward):
    honest, hacked = toy_r1zero.hacking(), toy_r1zero.hacking(reward)
    assert hacked.reward[-1] > hacked.reward[0] + 0.5
    assert hacked.accuracy[-1] < hacked.accuracy[0] + 0.02
    assert honest.accuracy[-1] > hacked.accuracy[-1] + 0.3


def test_expected_reward_matches_its_definition(default_run):
    np.testing.assert_allclose(default_run.reward, default_run.accuracy + default_run.format)
    fmt = toy_r1zero.hacking("format-only")
    np.testing.assert_allclose(fmt.reward, fmt.format)


def test_success_is_a_probability_and_checking_helps():
    s = toy_r1zero.success(np.linspace(-5, 5, 21))
    assert s.shape == (21, len(toy_r1zero.STRATEGIES)) and np.all((s > 0) & (s < 1))
    assert np.all(s[:, toy_r1zero.CHECK] > s[:, 2]) and np.all(s[:, 1] == s[:, 0])


@pytest.mark.parametrize("kwargs, name", [
    ({"group_size": 1}, "group_size"), ({"group_size": 8.5}, "group_size"), ({"learning_rate": 0}, "learning_rate"),
    ({"learning_rate": "fast"}, "learning_rate"), ({"difficulty": "extreme"}, "difficulty"),
    ({"normalisation": "ppo"}, "normalisation"), ({"reward": "vibes"}, "reward"), ({"steps": 0}, "steps"),
    ({"initial_policy": [0.5, 0.5]}, "initial_policy"), ({"initial_policy": [0.5, 0.5, 0.5, -0.5]}, "initial_policy"),
])
def test_bad_input(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        toy_r1zero.simulate(**kwargs)


def test_the_three_rewards_score_answers_as_the_chapter_says():
    right, formatted, length = [1, 0, 1], [1, 1, 0], [60, 1600, 300]
    assert toy_r1zero.score_answers("accuracy-format", right, formatted, length).tolist() == [2, 1, 1]
    assert toy_r1zero.score_answers("format-only", right, formatted, length).tolist() == [1, 1, 0]
    assert toy_r1zero.score_answers("length-bonus", right, formatted, length).tolist() == \
        pytest.approx([1.06, 2.6, 0.3])
    with pytest.raises(ValueError, match="kind"):
        toy_r1zero.score_answers("accuracy", right, formatted, length)


@pytest.mark.parametrize("call, error, name", [
    (lambda: toy_r1zero.success(None), TypeError, "difficulty"),  # was NaN
    (lambda: toy_r1zero.success("3"), TypeError, "difficulty"),  # was computed as 3
    (lambda: toy_r1zero.success([0.0, float("inf")]), ValueError, "difficulty"),
    (lambda: toy_r1zero.success([[0.0], [1.0, 2.0]]), TypeError, "difficulty"),
    (lambda: toy_r1zero.expected_success("Medium"), ValueError, "difficulty"),  # was a bare KeyError
    (lambda: toy_r1zero.simulate(seed=None), TypeError, "seed"),  # was a fresh run each time
    (lambda: toy_r1zero.simulate(seed=1.5), ValueError, "seed"),
    (lambda: toy_r1zero.simulate(seed=-1), ValueError, "seed"),
    (lambda: toy_r1zero.simulate(initial_policy="abcd"), TypeError, "initial_policy"),
])
def test_more_bad_input(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_success_of_extreme_difficulties_is_a_probability():
    s = toy_r1zero.success([-1e308, 1e308])
    assert np.all((0 <= s) & (s <= 1))
    np.testing.assert_array_equal(toy_r1zero.success(2), toy_r1zero.success(2.0))


def test_numpy_numbers_are_accepted_as_arguments():
    run = toy_r1zero.simulate(learning_rate=np.float32(0.03), group_size=np.int64(8), steps=3, seed=np.int64(0))
    np.testing.assert_array_equal(run.shares, toy_r1zero.simulate(steps=3, learning_rate=float(np.float32(0.03))).shares)
