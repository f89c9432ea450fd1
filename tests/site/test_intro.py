"""The intro page's explorable and self-checks, driven like a reader would, against the package."""

import pytest

from explainers.models import costs
from explainers.questions import question
from explainers.views import costs as views

pytestmark = pytest.mark.browser
PRICES = costs.SPEC["price"].grid()


@pytest.fixture
def intro(page, base_url):
    page.goto(f"{base_url}/book/intro.html")
    page.wait_for_selector("figure.explorable[data-ready=true]")
    return page


def test_keyboard_moves_the_slider_to_the_models_next_frame(intro):
    fig = intro.locator("figure#intro-run-cost")
    slider = fig.locator("input[type=range]")
    slider.focus()
    slider.press("ArrowRight")
    slider.press("ArrowRight")
    price = PRICES[PRICES.index(2.0) + 2]
    r = costs.run_cost(price=price)
    assert fig.locator(".explorable-readout").inner_text() == views.readout_run_cost(r)
    assert fig.locator(".figure-frame").get_attribute("aria-label") == views.alt_run_cost(r)
    assert slider.get_attribute("aria-valuetext") == costs.SPEC["price"].format(price)
    assert fig.locator("output").inner_text() == costs.SPEC["price"].format(price)


def test_menu_switches_what_is_counted(intro):
    fig = intro.locator("figure#intro-run-cost")
    fig.locator("select").select_option(label=costs.SCOPES[1][1])
    r = costs.run_cost(scope=costs.SCOPES[1][0])
    assert fig.locator(".explorable-readout").inner_text() == views.readout_run_cost(r)


def test_every_frame_shown_is_the_models(intro):
    fig = intro.locator("figure#intro-run-cost")
    slider = fig.locator("input[type=range]")
    for i, price in enumerate(PRICES):
        slider.fill(str(i))
        assert fig.locator(".explorable-readout").inner_text() == views.readout_run_cost(costs.run_cost(price=price))


def test_choice_question_works_from_the_keyboard(intro):
    form = intro.locator("form#intro-q1")
    form.locator("#intro-q1-0").focus()
    intro.keyboard.press("Space")
    intro.keyboard.press("Tab")
    intro.keyboard.press("Enter")
    assert form.locator(".quiz-feedback").get_attribute("role") == "status"
    assert form.get_attribute("data-state") in ("right", "wrong")


@pytest.mark.parametrize("typed", ["8.364", "5.576", "8364", "$8.36", "eight", ""])
def test_numeric_question_agrees_with_python(intro, typed):
    q = question("intro-q2")
    form = intro.locator("form#intro-q2")
    form.locator("input").fill(typed)
    form.locator("input").press("Enter")
    feedback = form.locator(".quiz-feedback").inner_text()
    try:
        right, text = q.mark(float(typed.replace("$", "")))
    except ValueError:
        assert form.get_attribute("data-state") == "none"
        return
    assert form.get_attribute("data-state") == ("right" if right else "wrong")
    assert text in feedback
