from html import unescape

import ipywidgets as widgets
import pytest

from explainers.interact import explore
from explainers.models import costs
from explainers.views import costs as views


@pytest.fixture
def live():
    return explore(costs.run_cost, views.RUN_COST, name="t", title="Run cost").live()


def test_controls_come_from_the_spec(live):
    price = live.controls["price"]
    assert isinstance(price, widgets.FloatSlider)
    assert (price.min, price.max, price.step, price.value) == (0.5, 4.0, 0.25, 2.0)
    assert price.description == "Rental price (per GPU-hour)"
    scope = live.controls["scope"]
    assert isinstance(scope, widgets.Dropdown) and scope.value == "v3-final-run"
    assert scope.description == "What is counted"


def test_moving_the_slider_recomputes_the_figure_and_numbers(live):
    before = live.figure.value
    live.controls["price"].value = 3.0
    assert live.figure.value != before
    assert views.readout_run_cost(costs.run_cost(price=3.0)) in live.readout.value
    assert "$8.364M" in live.readout.value


def test_switching_scope_recomputes(live):
    live.controls["scope"].value = "v3-plus-r1-rl"
    expected = views.alt_run_cost(costs.run_cost(scope="v3-plus-r1-rl"))
    assert expected.replace("'", "&#x27;") in live.figure.value


def test_slider_cannot_leave_the_models_range(live):
    live.controls["price"].value = 99
    assert live.controls["price"].value == 4.0
    assert "$4.00" in live.readout.value


def test_export_controls_design_recomputes_live():
    """The design-a-chip explorable in a kernel: slider and menu widgets drive the model and view."""
    from explainers.models import export_controls as ec
    from explainers.views import export_controls as ec_views

    live = explore(ec.design_chip, ec_views.CLASSIFICATION, name="t", title="Design").live()
    assert isinstance(live.controls["tflops"], widgets.SelectionSlider)
    live.controls["tflops"].value = 150.0
    live.controls["die"].value = 400.0
    live.controls["market"].value = "consumer"
    result = ec.design_chip(tflops=150.0, die=400.0, market="consumer")
    assert ec_views.readout_classification(result) in unescape(live.readout.value)
    assert result.verdicts["2023-10"].clause == "Note 2"
