import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.ledger import value
from explainers.models.latecomer import catch_up


def test_one_halving_time_later_the_final_run_costs_half():
    c = catch_up(months_later=value("algorithmic-progress.halving-months"), pioneer_exploration=0,
                 latecomer_exploration=0)
    assert c.latecomer_final == pytest.approx(0.5)
    assert c.ratio == pytest.approx(2.0)


def test_by_hand():
    c = catch_up(months_later=16, pioneer_exploration=3, latecomer_exploration=1, halving_months=8)
    assert (c.pioneer_total, c.latecomer_final, c.latecomer_total) == pytest.approx((4, 0.25, 0.5))
    assert c.ratio == pytest.approx(8)


@given(st.floats(0, 48), st.floats(0, 10), st.floats(0, 10))
def test_later_and_less_exploration_never_cost_more(months, explore_p, explore_l):
    c = catch_up(months, explore_p, explore_l)
    assert catch_up(months + 6, explore_p, explore_l).latecomer_total < c.latecomer_total
    if explore_l <= explore_p:
        assert c.ratio >= 1


@pytest.mark.parametrize("kwargs, name", [
    ({"months_later": -1}, "months_later"),
    ({"pioneer_exploration": float("nan")}, "pioneer_exploration"),
    ({"halving_months": 0}, "halving_months"),
])
def test_bad_input(kwargs, name):
    args = {"months_later": 6, "pioneer_exploration": 2, "latecomer_exploration": 1, **kwargs}
    with pytest.raises(ValueError, match=name):
        catch_up(**args)


def test_a_latecomer_whose_compute_underflows_raises():
    with pytest.raises(ValueError, match="months_later"):
        catch_up(9000, 3, 1).ratio  # 0.5 ** 1125 is 0: was ZeroDivisionError
    assert catch_up(8000, 3, 1).ratio > 1e300
