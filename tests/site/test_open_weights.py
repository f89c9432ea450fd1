"""The open-weights chapter's figures on the static site, driven like a reader would, against the package."""

import pytest
from tests.site.harness import readout, shown_table_text, table_text

from explainers.models import abliteration, openness
from explainers.views import openness as views

pytestmark = pytest.mark.browser


@pytest.fixture
def chapter(page, base_url):
    page.goto(f"{base_url}/book/open-weights.html")
    page.wait_for_selector("figure#open-weights-abliteration[data-ready=true]")
    return page


def _shows(fig, text, alt):
    assert readout(fig) == text
    assert fig.locator(".figure-frame").get_attribute("aria-label") == alt


def _shows_table(fig, text, html):
    """A table frame: the readout, and the table the view makes for the same result."""
    assert readout(fig) == text
    assert shown_table_text(fig) == table_text(html)


@pytest.mark.parametrize("release", openness.SCORECARD_SPEC["release"].grid())
def test_every_release_and_a_what_if(chapter, release):
    fig = chapter.locator("figure#open-weights-scorecard")
    chooser, what_if = fig.locator("select").all()
    chooser.select_option(label=release)
    card = openness.scorecard(release)
    _shows_table(fig, views.readout_scorecard(card), views.html_scorecard(card))
    change = openness.assess(openness.RELEASES[release]).missing[:1] or ("weights",)
    what_if.select_option(label=openness.SCORECARD_SPEC["change"].format(change[0]))
    card = openness.scorecard(release, change[0])
    _shows_table(fig, views.readout_scorecard(card), views.html_scorecard(card))


def test_what_if_menu_from_the_keyboard(chapter):
    fig = chapter.locator("figure#open-weights-scorecard")
    what_if = fig.locator("select").nth(1)
    what_if.focus()
    chapter.keyboard.press("ArrowDown")  # the first flip: the weights
    card = openness.scorecard(change=openness.SCORECARD_SPEC["change"].grid()[1])
    _shows_table(fig, views.readout_scorecard(card), views.html_scorecard(card))


@pytest.mark.parametrize("left, right", [("llama-3.1", "qwen"), ("apache-2.0", "llama-3.3"), ("qwen", "mit")])
def test_licence_menus(chapter, left, right):
    fig = chapter.locator("figure#open-weights-licences")
    first, second = fig.locator("select").all()
    first.select_option(label=openness.LICENCES[left].name)
    second.select_option(label=openness.LICENCES[right].name)
    pair = openness.compare_licences(left, right)
    _shows_table(fig, views.readout_licences(pair), views.html_licences(pair))


def test_abliteration_slider_from_the_keyboard(chapter):
    fig = chapter.locator("figure#open-weights-abliteration")
    slider = fig.locator("input[type=range]")
    slider.focus()
    steps = round(abliteration.REFUSAL_ANGLE / abliteration.SPEC["angle"].step)
    for _ in range(steps):
        slider.press("ArrowRight")
    a = abliteration.ablate(abliteration.REFUSAL_ANGLE)
    _shows(fig, views.readout_ablation(a), views.alt_ablation(a))
    assert slider.get_attribute("aria-valuetext") == "60°"
    slider.press("End")
    a = abliteration.ablate(abliteration.SPEC["angle"].max)
    _shows(fig, views.readout_ablation(a), views.alt_ablation(a))
