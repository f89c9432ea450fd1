"""The reinforcement-learning lab on the static site, driven like a reader would, against the package."""

import pytest
from tests.site.harness import readout, shown_table_text, table_text

from explainers.models import grpo, toy_r1zero
from explainers.views import rl as views

pytestmark = pytest.mark.browser


@pytest.fixture
def lab(page, base_url):
    page.goto(f"{base_url}/book/reinforcement-learning.html")
    page.wait_for_selector("figure#reinforcement-learning-hacking[data-ready=true]")
    return page


def test_group_sliders_from_the_keyboard(lab):
    fig = lab.locator("figure#reinforcement-learning-group")
    size, chance = fig.locator("input[type=range]").all()
    size.focus()
    size.press("ArrowLeft")      # 8 -> 6 answers
    chance.focus()
    for _ in range(4):
        chance.press("ArrowRight")  # 30% -> 70%
    g = grpo.sandbox(6, 0.7)
    assert readout(fig) == views.readout_group(g)
    assert fig.locator(".figure-frame").get_attribute("aria-label") == views.alt_group(g)
    assert chance.get_attribute("aria-valuetext") == "70%"


def test_toy_run_switches_to_dr_grpo_on_hard_tasks(lab):
    fig = lab.locator("figure#reinforcement-learning-toy")
    fig.locator("select[data-param=difficulty]").select_option(label="Hard tasks")
    fig.locator("select[data-param=normalisation]").select_option(index=1)
    size = fig.locator("input[data-param=group_size]")
    size.fill("3")  # the last grid value, 16
    run = toy_r1zero.simulate(group_size=16, difficulty="hard", normalisation="dr-grpo")
    assert readout(fig) == views.readout_run(run)
    assert fig.locator(".figure-frame").get_attribute("aria-label") == views.alt_run(run)


@pytest.mark.parametrize("reward", [r for r, _ in toy_r1zero.REWARDS])
def test_each_reward_shows_its_run(lab, reward):
    fig = lab.locator("figure#reinforcement-learning-hacking")
    fig.locator("select").select_option(label=dict(toy_r1zero.REWARDS)[reward])
    assert readout(fig) == views.readout_hacking(toy_r1zero.hacking(reward))


def test_every_completion_is_checked_like_python(lab):
    fig = lab.locator("figure#reinforcement-learning-checker")
    for key, label, _ in grpo.EXAMPLES:
        fig.locator("select").select_option(label=label)
        check = grpo.check_example(key)
        assert readout(fig) == views.readout_checker(check)
        assert shown_table_text(fig) == table_text(views.html_checker(check))
