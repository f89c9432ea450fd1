"""The Jevons model: known answers worked by hand, its invariants, and clear errors for bad input."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.models import demand

factors = st.floats(min_value=1e-6, max_value=1.0, exclude_min=True)
elasticities = st.floats(min_value=0.0, max_value=5.0)


@pytest.mark.parametrize("factor, elasticity, spending, quantity", [
    (0.5, 1.0, 1.0, 2.0),      # the known answer: half the price, twice the compute, the same bill
    (0.1, 2.0, 10.0, 100.0),   # elastic: a tenth of the price, a hundred times the compute, ten times the bill
    (0.1, 0.5, math.sqrt(0.1), math.sqrt(10)),  # inelastic: the bill falls to about a third
    (0.25, 0.0, 0.25, 1.0),    # no response at all: the bill falls with the price
    (1.0, 1.7, 1.0, 1.0),      # no fall, no change
])
def test_known_answers(factor, elasticity, spending, quantity):
    assert demand.spending_multiplier(factor, elasticity) == pytest.approx(spending)
    assert demand.quantity_multiplier(factor, elasticity) == pytest.approx(quantity)


def test_a_ceiling_on_demand_turns_a_deeper_fall_into_a_smaller_bill():
    # A tenth of the price at elasticity 2 would buy 100 times the compute; buyers want at most 10 times.
    assert demand.quantity_multiplier(0.1, 2.0, quantity_cap=10) == 10
    assert demand.spending_multiplier(0.1, 2.0, quantity_cap=10) == pytest.approx(1.0)
    assert demand.spending_multiplier(0.01, 2.0, quantity_cap=10) == pytest.approx(0.1)
    assert demand.spending_multiplier(0.5, 2.0, quantity_cap=10) == pytest.approx(2.0)  # below the cap: as before


@given(factors)
def test_unit_elasticity_keeps_spending_whatever_the_price(factor):
    assert demand.spending_multiplier(factor, 1.0) == pytest.approx(1.0)


@given(factors, elasticities)
def test_spending_rises_exactly_when_demand_is_elastic(factor, elasticity):
    spending = demand.spending_multiplier(factor, elasticity)
    assert spending == pytest.approx(factor * demand.quantity_multiplier(factor, elasticity))
    if factor < 0.99 and abs(elasticity - 1) > 0.01:
        assert (spending > 1) == (elasticity > 1)


@given(factors, elasticities, elasticities)
def test_more_elastic_demand_buys_and_spends_more_after_a_fall(factor, e1, e2):
    low, high = sorted((e1, e2))
    assert demand.quantity_multiplier(factor, low) <= demand.quantity_multiplier(factor, high) * (1 + 1e-12)


@given(factors, elasticities, st.floats(min_value=1.0, max_value=1e6))
def test_the_cap_bounds_the_quantity(factor, elasticity, cap):
    assert 1.0 <= demand.quantity_multiplier(factor, elasticity, cap) <= cap * (1 + 1e-12)


@pytest.mark.parametrize("args, message", [
    ((0.0, 1.0), "price_factor must be a finite number > 0"),
    ((1.5, 1.0), r"price_factor must be in \(0, 1\]"),
    ((0.5, -0.1), "elasticity must be"),
    ((0.5, float("nan")), "elasticity must be a finite number"),
    ((0.5, 1.0, 0.5), "quantity_cap must be None or at least 1"),
    ((1e-300, 2.0), "quantity_multiplier overflows float range for price_factor=1e-300"),
])
def test_bad_input_is_named(args, message):
    with pytest.raises(ValueError, match=message):
        demand.spending_multiplier(*args)


@pytest.mark.parametrize("args", [("0.5", 1.0), (0.5, None), (True, 1.0), (0.5, 1.0, "10")])
def test_wrong_types_are_named(args):
    with pytest.raises(TypeError, match="price_factor|elasticity|quantity_cap"):
        demand.spending_multiplier(*args)


def test_the_explorable_model_agrees_with_the_formula_at_every_grid_point():
    for factor in demand.SPEC["price_factor"].grid():
        for elasticity in demand.SPEC["elasticity"].grid():
            r = demand.jevons(factor, elasticity)
            assert r.spending == pytest.approx(demand.spending_multiplier(factor, elasticity))
            assert r.curve_prices[0] == 1.0 and r.curve_prices[-1] == pytest.approx(min(demand.PRICE_FACTORS))
            assert r.curve_spending == pytest.approx(r.curve_prices ** (1 - elasticity))


def test_the_explorable_refuses_settings_off_its_grid():
    with pytest.raises(ValueError, match="price_factor must be one of"):
        demand.jevons(price_factor=0.3)
    with pytest.raises(ValueError, match="elasticity"):
        demand.jevons(elasticity=2.1)
