"""The export-controls chapter's figures on the static site, driven like a reader would, against the package."""

import pytest
from tests.site.harness import readout

from explainers.models import export_controls as ec
from explainers.views import export_controls as views

pytestmark = pytest.mark.browser


@pytest.fixture
def chapter(page, base_url):
    page.goto(f"{base_url}/book/export-controls.html")
    page.wait_for_selector("figure#export-controls-timeline[data-ready=true]")
    return page


def _shows(fig, view, result):
    assert readout(fig) == view.readout(result)
    assert fig.locator(".figure-frame").get_attribute("aria-label") == view.alt(result)


@pytest.mark.parametrize("name", ec.CLASSIFIER_SPEC["chip"].grid())
def test_classifier_every_chip(chapter, name):
    fig = chapter.locator("figure#export-controls-classifier")
    fig.locator("select").select_option(label=name)
    _shows(fig, views.CLASSIFICATION, ec.classify_chip(name))


def test_map_rule_and_chip_menus(chapter):
    fig = chapter.locator("figure#export-controls-map")
    rule, chip = fig.locator("select").all()
    for rule_key, name in (("2023-10", "H800"), ("2023-10", "H20"), ("2022-10", "A800")):
        rule.select_option(label=ec.RULES[rule_key])
        chip.select_option(label=name)
        _shows(fig, views.THRESHOLD_MAP, ec.threshold_map(rule_key, name))


def test_design_sliders_and_market_from_the_keyboard(chapter):
    fig = chapter.locator("figure#export-controls-design")
    speed, die, io = fig.locator("input[type=range]").all()
    speed.focus()
    speed.press("ArrowLeft")  # 300 -> 200 TFLOPS: TPP 3,200
    die.focus()
    die.press("Home")  # 250 mm²: density 12.8
    _shows(fig, views.CLASSIFICATION, ec.design_chip(tflops=200.0, die=250.0))
    assert "3A090.a.2" in readout(fig)
    io.focus()
    io.press("End")  # 900 GB/s
    fig.locator("select").select_option(label="not for data centres")
    result = ec.design_chip(tflops=200.0, die=250.0, io=900.0, market="consumer")
    _shows(fig, views.CLASSIFICATION, result)
    assert result.verdicts["2023-10"].clause == "Note 2"


def test_timeline_steps_through_every_event(chapter):
    fig = chapter.locator("figure#export-controls-timeline")
    slider = fig.locator("input[type=range]")
    slider.focus()
    for step in ec.TIMELINE_SPEC["step"].grid():
        _shows(fig, views.TIMELINE, ec.timeline(step))
        slider.press("ArrowRight")
