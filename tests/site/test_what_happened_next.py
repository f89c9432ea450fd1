"""The "what happened next" chapter on the static site, driven like a reader would, against the package;
and the dated box of every earlier chapter, followed to it."""

import pytest
from tests.site.harness import readout
from tests.test_since_then import STORY

from explainers.models import later
from explainers.views import later as views

pytestmark = pytest.mark.browser


@pytest.fixture
def chapter(page, base_url):
    page.goto(f"{base_url}/book/what-happened-next.html")
    page.wait_for_selector("figure#what-happened-next-story[data-ready=true]")
    page.wait_for_selector("figure#what-happened-next-sparse[data-ready=true]")
    return page


def _shows(fig, view, result):
    assert readout(fig) == view.readout(result)
    assert fig.locator(".figure-frame").get_attribute("aria-label") == view.alt(result)


def test_the_story_steps_through_every_event(chapter):
    fig = chapter.locator("figure#what-happened-next-story")
    slider = fig.locator("input[type=range]")
    slider.focus()
    for step in later.STORY_SPEC["step"].grid():
        _shows(fig, views.STORY, later.story(step))
        slider.press("ArrowRight")


def test_the_sparse_attention_figure_at_every_context(chapter):
    fig = chapter.locator("figure#what-happened-next-sparse")
    slider = fig.locator("input[type=range]")
    slider.focus()
    slider.press("Home")
    for context in later.SPEC["context"].grid():
        _shows(fig, views.SPARSE, later.attention_work(context))
        slider.press("ArrowRight")
    assert "times less work" in readout(fig)


@pytest.mark.parametrize("slug", STORY)
def test_each_chapters_dated_box_leads_to_what_happened_next(page, base_url, slug):
    page.goto(f"{base_url}/book/{slug}.html")
    box = page.locator(".admonition", has=page.locator(".admonition-title", has_text="Since then"))
    assert box.count() == 1
    box.locator('a[href^="what-happened-next.html"]').first.click()
    page.wait_for_url("**/what-happened-next.html*")
    assert page.locator("h1").first.inner_text().startswith("What happened next")
