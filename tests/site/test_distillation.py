"""The distillation chapter's figures on the static site, driven like a reader would, against the package."""

import pytest
from tests.site.harness import readout

from explainers.models import benchmarks, distill, memory
from explainers.views import distill as views

pytestmark = pytest.mark.browser


@pytest.fixture
def chapter(page, base_url):
    page.goto(f"{base_url}/book/distillation.html")
    page.wait_for_selector("figure#distillation-fit[data-ready=true]")
    return page


def test_lab_sliders_from_the_keyboard(chapter):
    fig = chapter.locator("figure#distillation-lab")
    samples, temperature = fig.locator("input[type=range]").all()
    samples.focus()
    samples.press("End")  # the largest training set
    temperature.focus()
    temperature.press("Home")  # the lowest temperature
    result = distill.lab(distill.SPEC["samples"].grid()[-1], distill.SPEC["temperature"].grid()[0])
    assert readout(fig) == views.readout_lab(result)
    assert fig.locator(".figure-frame").get_attribute("aria-label") == views.alt_lab(result)
    assert samples.get_attribute("aria-valuetext") == f"{result.samples}"


@pytest.mark.parametrize("benchmark", [b for b, _ in benchmarks.DISTILL_BENCHMARKS])
def test_every_benchmark_shows_its_scores(chapter, benchmark):
    fig = chapter.locator("figure#distillation-benchmarks")
    fig.locator("select").select_option(label=dict(benchmarks.DISTILL_BENCHMARKS)[benchmark])
    s = benchmarks.distill_scores(benchmark)
    assert readout(fig) == views.readout_distill_scores(s)
    assert fig.locator(".figure-frame").get_attribute("aria-label") == views.alt_distill_scores(s)


def test_fit_sliders_reach_every_corner(chapter):
    fig = chapter.locator("figure#distillation-fit")
    bits, context = fig.locator("input[type=range]").all()
    for bits_key, context_key, b, c in (("End", "End", 16, 131072), ("Home", "Home", 4, 4096)):
        bits.focus()
        bits.press(bits_key)
        context.focus()
        context.press(context_key)
        f = memory.fit(b, c)
        assert readout(fig) == views.readout_fit(f)
        assert fig.locator(".figure-frame").get_attribute("aria-label") == views.alt_fit(f)
    assert context.get_attribute("aria-valuetext") == "4,096 tokens"
