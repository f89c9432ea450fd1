import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.ledger import fact, value
from explainers.models import cost

prices = st.sampled_from(cost.SPEC["price"].grid())
scopes = st.sampled_from(cost.SPEC["scope"].grid())


def test_reproduces_the_v3_report_table():
    r = cost.run_cost()
    assert r.gpu_hours == 2_788_000
    assert r.usd == pytest.approx(5_576_000)
    assert r.usd == pytest.approx(value("v3.cost-usd"))
    by_stage = dict(r.stage_gpu_hours)
    # Table 1 of the report: $5.328M + $0.238M + $0.01M
    assert by_stage["pre-training"] * 2 == pytest.approx(5.328e6)
    assert by_stage["context extension"] * 2 == pytest.approx(0.238e6)
    assert by_stage["post-training"] * 2 == pytest.approx(0.01e6)


def test_hand_calculation_at_three_dollars():
    assert cost.run_cost(price=3.0).usd == pytest.approx(2_788_000 * 3)


def test_r1_rl_stages_match_the_derived_ledger_rows():
    assert cost.r1_rl_gpu_hours() == value("r1.rl-total-gpu-hours") == 147_336
    assert cost.rental_cost(cost.r1_rl_gpu_hours(), 2) == value("r1.rl-cost-recomputed")
    both = cost.run_cost(scope="v3-plus-r1-rl").usd
    assert both == pytest.approx(value("v3-r1.compute-cost"), rel=0.005)


def test_derived_ledger_rows_are_what_the_package_computes():
    flops = cost.training_flops(value("v3.active-params"), value("v3.pretrain-tokens"))
    assert flops == pytest.approx(value("v3.training-flops"), rel=0.005)
    mfu = cost.implied_utilisation(flops, value("v3.pretrain-gpu-hours"), value("h800.peak-bf16-flops"))
    assert mfu == pytest.approx(value("v3.implied-mfu-bf16"), abs=0.001)
    days = cost.wall_clock_days(value("v3.pretrain-gpu-hours"), value("v3.cluster-gpus"))
    assert days == pytest.approx(value("v3.pretrain-days"), abs=0.05)
    per_trillion = cost.wall_clock_days(value("v3.gpu-hours-per-trillion-tokens"), value("v3.cluster-gpus"))
    assert per_trillion == pytest.approx(value("v3.days-per-trillion-tokens"), abs=0.05)
    llama = cost.training_flops(405e9, value("llama3.tokens-paper"))
    assert llama / flops == pytest.approx(value("compare.llama405b-over-v3-flops"), abs=0.05)
    ratio = value("llama31-405b.gpu-hours") / value("v3.total-gpu-hours")
    assert ratio == pytest.approx(value("compare.llama405b-over-v3-gpu-hours"), abs=0.05)


@given(prices, scopes)
def test_cost_is_gpu_hours_times_price(price, scope):
    r = cost.run_cost(price=price, scope=scope)
    assert r.usd == pytest.approx(r.gpu_hours * price)
    assert r.gpu_hours == pytest.approx(sum(h for _, h in r.stage_gpu_hours))
    assert r.usd <= r.usd_ceiling
    assert np.all(np.diff(r.usd_grid) > 0)
    assert np.interp(price, r.price_grid, r.usd_grid) == pytest.approx(r.usd)


@given(prices)
def test_counting_more_stages_never_costs_less(price):
    assert cost.run_cost(price, "v3-plus-r1-rl").usd > cost.run_cost(price, "v3-final-run").usd


@given(st.floats(1, 1e9), st.floats(0.01, 100), st.floats(1.01, 10))
def test_cost_scales_linearly(hours, price, k):
    assert math.isclose(cost.rental_cost(hours * k, price), k * cost.rental_cost(hours, price), rel_tol=1e-9)


def test_moe_pays_for_active_not_total_parameters():
    active = cost.training_flops(value("v3.active-params"), value("v3.pretrain-tokens"))
    total = cost.training_flops(value("v3.total-params"), value("v3.pretrain-tokens"))
    assert total / active == pytest.approx(671 / 37)


def test_defaults_are_the_papers():
    assert cost.RunCostParams().price == fact("v3.rental-price").value
    assert cost.RunCostParams().price in cost.SPEC["price"].grid()


@pytest.mark.parametrize("kwargs, error, message", [
    ({"price": 0}, ValueError, "price must be between"),
    ({"price": 9.0}, ValueError, "price must be between"),
    ({"price": "2"}, TypeError, "price must be a number"),
    ({"scope": "everything"}, ValueError, "scope must be one of"),
])
def test_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        cost.run_cost(**kwargs)


@pytest.mark.parametrize("call, message", [
    (lambda: cost.rental_cost(-1, 2), "gpu_hours"),
    (lambda: cost.rental_cost(1, float("nan")), "price"),
    (lambda: cost.training_flops(0, 1e12), "active_params"),
    (lambda: cost.implied_utilisation(1e24, 1e6, 0), "peak_flops_per_s"),
    (lambda: cost.wall_clock_days(1e6, 0), "gpus"),
])
def test_bad_input_names_the_argument(call, message):
    with pytest.raises(ValueError, match=message):
        call()
