import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.ledger import fact, value
from explainers.models import costs

prices = st.sampled_from(costs.SPEC["price"].grid())
scopes = st.sampled_from(costs.SPEC["scope"].grid())
positive = st.floats(1e-3, 1e12, allow_nan=False, allow_infinity=False)


# --- Known answers ------------------------------------------------------------------

def test_v3_phases_sum_to_the_reported_total():
    b = costs.v3_breakdown()
    assert b == {"pre-training": 2_664_000, "context extension": 119_000, "post-training": 5_000,
                 "total": 2_788_000}
    assert b["total"] == value("v3.total-gpu-hours")


def test_the_reports_five_point_576_million():
    assert costs.rental_cost(costs.v3_breakdown()["total"], 2) == 5_576_000
    assert costs.run_cost().usd == value("v3.cost-usd")
    by_phase = dict(costs.run_cost().phase_usd)
    # Table 1 of the report: $5.328M + $0.238M + $0.01M
    assert by_phase == {"pre-training": 5.328e6, "context extension": 0.238e6, "post-training": 0.01e6}


def test_6nd_for_v3():
    assert costs.training_flops(37e9, 14.8e12) == pytest.approx(3.2856e24)
    assert costs.training_flops(value("v3.active-params"), value("v3.pretrain-tokens")) == pytest.approx(
        value("v3.training-flops"), rel=0.002)


def test_gpu_hours_by_hand():
    # 1e21 FLOP at 1e15 FLOP/s and 50% MFU: 2e6 GPU-seconds = 555.6 GPU-hours
    assert costs.gpu_hours(1e21, 1e15, 0.5) == pytest.approx(2e6 / 3600)


def test_implied_mfu_of_v3_and_llama():
    peak = value("chip.h800.dense-tops")
    v3 = costs.implied_mfu(costs.training_flops(37e9, 14.8e12), value("v3.pretrain-gpu-hours"), peak)
    assert v3 == pytest.approx(value("v3.implied-mfu-bf16"), abs=0.001)
    llama = costs.implied_mfu(costs.training_flops(405e9, value("llama3.tokens-paper")),
                              value("llama31-405b.gpu-hours"), peak)
    assert llama == pytest.approx(0.345, abs=0.002)  # ledger row 6.16's check


def test_derived_ledger_rows_are_what_the_package_computes():
    assert costs.r1_rl_gpu_hours() == value("r1.rl-total-gpu-hours") == 147_336
    assert costs.rental_cost(costs.r1_rl_gpu_hours(), 2) == value("r1.rl-cost-recomputed")
    assert costs.run_cost(scope="v3-plus-r1-rl").usd == pytest.approx(value("v3-r1.compute-cost"), rel=0.005)
    days = costs.wall_clock_days(value("v3.pretrain-gpu-hours"), value("v3.cluster-gpus"))
    assert days == pytest.approx(value("v3.pretrain-days"), abs=0.05)
    per_trillion = costs.wall_clock_days(value("v3.gpu-hours-per-trillion-tokens"), value("v3.cluster-gpus"))
    assert per_trillion == pytest.approx(value("v3.days-per-trillion-tokens"), abs=0.05)
    v3_flops = costs.training_flops(37e9, 14.8e12)
    llama_flops = costs.training_flops(405e9, value("llama3.tokens-paper"))
    assert llama_flops / v3_flops == pytest.approx(value("compare.llama405b-over-v3-flops"), abs=0.05)
    assert llama_flops == pytest.approx(value("llama31-405b.training-flops"), rel=0.01)
    ratio = value("llama31-405b.gpu-hours") / value("v3.total-gpu-hours")
    assert ratio == pytest.approx(value("compare.llama405b-over-v3-gpu-hours"), abs=0.05)


def test_moe_pays_for_active_not_total_parameters():
    active = costs.training_flops(value("v3.active-params"), value("v3.pretrain-tokens"))
    total = costs.training_flops(value("v3.total-params"), value("v3.pretrain-tokens"))
    assert total / active == pytest.approx(671 / 37)


# --- Invariants ---------------------------------------------------------------------

@given(positive, positive, st.floats(1.01, 100))
def test_cost_is_linear_in_hours_and_price(hours, price, k):
    base = costs.rental_cost(hours, price)
    assert math.isclose(costs.rental_cost(hours * k, price), k * base, rel_tol=1e-9)
    assert math.isclose(costs.rental_cost(hours, price * k), k * base, rel_tol=1e-9)


@given(positive, st.floats(1e12, 1e16), st.floats(0.01, 1.0))
def test_mfu_round_trip(flops, peak, mfu):
    hours = costs.gpu_hours(flops, peak, mfu)
    assert costs.implied_mfu(flops, hours, peak) == pytest.approx(mfu, rel=1e-9)


@given(prices, scopes)
def test_run_cost_is_gpu_hours_times_price(price, scope):
    r = costs.run_cost(price=price, scope=scope)
    assert r.usd == pytest.approx(r.gpu_hours * price)
    assert r.gpu_hours == pytest.approx(sum(h for _, h in r.phase_gpu_hours))
    assert r.usd == pytest.approx(sum(c for _, c in r.phase_usd))
    assert r.usd <= r.usd_ceiling
    assert np.all(np.diff(r.usd_grid) > 0)
    assert np.interp(price, r.price_grid, r.usd_grid) == pytest.approx(r.usd)


@given(prices)
def test_counting_more_phases_never_costs_less(price):
    totals = [costs.run_cost(price, s).usd for s in costs.SPEC["scope"].grid()]
    assert totals == sorted(totals)


def test_defaults_are_the_reports():
    assert costs.DEFAULT_PRICE == fact("v3.rental-price").value
    assert costs.DEFAULT_PRICE in costs.SPEC["price"].grid()
    assert costs.DEFAULT_PRICE in costs.FLOPS_SPEC["price"].grid()


def test_zero_is_allowed_where_the_result_is_defined():
    assert costs.rental_cost(0, 2) == 0
    assert costs.training_flops(37e9, 0) == 0
    assert costs.gpu_hours(0, 1e15, 0.4) == 0


# --- Bad input ----------------------------------------------------------------------

BAD_NUMBERS = [-1.0, float("nan"), float("inf"), -float("inf")]


@pytest.mark.parametrize("bad", BAD_NUMBERS)
@pytest.mark.parametrize("call, name", [
    (lambda x: costs.training_flops(x, 1e12), "active_params"),
    (lambda x: costs.training_flops(37e9, x), "tokens"),
    (lambda x: costs.gpu_hours(x, 1e15, 0.4), "flops"),
    (lambda x: costs.gpu_hours(1e21, x, 0.4), "peak_flops_per_gpu"),
    (lambda x: costs.gpu_hours(1e21, 1e15, x), "mfu"),
    (lambda x: costs.implied_mfu(x, 1e3, 1e15), "flops"),
    (lambda x: costs.implied_mfu(1e21, x, 1e15), "gpu_hours"),
    (lambda x: costs.implied_mfu(1e21, 1e3, x), "peak_flops_per_gpu"),
    (lambda x: costs.rental_cost(x, 2.0), "gpu_hours"),
    (lambda x: costs.rental_cost(1e3, x), "usd_per_gpu_hour"),
    (lambda x: costs.wall_clock_days(1e3, x), "gpus"),
])
def test_bad_numbers_raise_naming_the_argument(call, name, bad):
    with pytest.raises(ValueError, match=name):
        call(bad)


@pytest.mark.parametrize("call, name", [
    (lambda: costs.gpu_hours(1e21, 0, 0.4), "peak_flops_per_gpu"),
    (lambda: costs.gpu_hours(1e21, 1e15, 0), "mfu"),
    (lambda: costs.gpu_hours(1e21, 1e15, 1.2), r"mfu must be in \(0, 1\]"),
    (lambda: costs.implied_mfu(1e21, 0, 1e15), "gpu_hours"),
    (lambda: costs.implied_mfu(1e21, 1e3, 0), "peak_flops_per_gpu"),
    (lambda: costs.wall_clock_days(1e3, 0), "gpus"),
])
def test_zero_where_impossible_raises(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@pytest.mark.parametrize("call", [
    lambda: costs.training_flops("37e9", 1e12),
    lambda: costs.rental_cost(None, 2),
    lambda: costs.gpu_hours(1e21, 1e15, True),
])
def test_non_numbers_are_type_errors(call):
    with pytest.raises(TypeError, match="must be a number"):
        call()


@pytest.mark.parametrize("kwargs, error, message", [
    ({"price": 0}, ValueError, "price must be between"),
    ({"price": 9.0}, ValueError, "price must be between"),
    ({"price": "2"}, TypeError, "price must be a number"),
    ({"scope": "everything"}, ValueError, "scope must be one of"),
])
def test_run_cost_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        costs.run_cost(**kwargs)


# --- From FLOPs to dollars ------------------------------------------------------------

def test_presets_come_from_the_ledger():
    runs = costs.runs()
    assert runs["v3"].active_params == value("v3.active-params")
    assert runs["v3-dense"].active_params == value("v3.total-params")
    assert runs["llama-405b"].reported_gpu_hours == value("llama31-405b.gpu-hours")
    assert runs["v3-dense"].reported_gpu_hours is None


def test_flops_budget_known_answers():
    b = costs.flops_budget("v3", 0.35)
    assert b.flops == pytest.approx(3.2856e24)
    assert b.gpu_hours == pytest.approx(3.2856e24 / (989.4e12 * 0.35 * 3600))
    assert b.usd == pytest.approx(b.gpu_hours * 2)
    assert b.implied_mfu == pytest.approx(value("v3.implied-mfu-bf16"), abs=0.001)
    assert costs.flops_budget("v3-dense").implied_mfu is None


@given(st.sampled_from(costs.FLOPS_SPEC["run"].grid()), st.sampled_from(costs.FLOPS_SPEC["mfu"].grid()))
def test_flops_budget_invariants(run, mfu):
    b = costs.flops_budget(run, mfu)
    assert np.interp(mfu, b.mfu_grid, b.curves[run]) == pytest.approx(b.gpu_hours, rel=0.01)
    assert np.all(np.diff(b.curves[run]) < 0)  # more utilisation, fewer GPU-hours
    assert b.curves["v3-dense"][0] / b.curves["v3"][0] == pytest.approx(671 / 37)
    if b.implied_mfu is not None:
        reported = costs.runs()[run].reported_gpu_hours
        assert costs.gpu_hours(b.flops, costs.runs()[run].peak_flops_per_gpu, b.implied_mfu) == pytest.approx(reported)


def test_flops_budget_bad_input():
    with pytest.raises(ValueError, match="mfu must be between"):
        costs.flops_budget("v3", 0.9)
    with pytest.raises(ValueError, match="run must be one of"):
        costs.flops_budget("gpt-5")


@given(st.sampled_from(costs.FLOPS_SPEC["price"].grid()))
def test_flops_budget_cost_is_linear_in_price(price):
    b = costs.flops_budget("v3", 0.35, price)
    assert b.usd == pytest.approx(b.gpu_hours * price)
    assert b.gpu_hours == costs.flops_budget("v3", 0.35).gpu_hours


# --- Extreme input: a clear error naming the arguments, never inf, NaN or ZeroDivisionError ---------

@pytest.mark.parametrize("call, name", [
    (lambda: costs.training_flops(3e307, 0), "active_params"),  # 6 × 3e307 is inf; inf × 0 was NaN
    (lambda: costs.training_flops(1e308, 14.8e12), "tokens"),
    (lambda: costs.rental_cost(1e40, 1e270), "usd_per_gpu_hour"),
    (lambda: costs.wall_clock_days(1e6, 1e-310), "gpus"),
    (lambda: costs.gpu_hours(1e300, 1e-300, 0.5), "peak_flops_per_gpu"),
    (lambda: costs.gpu_hours(1.0, 0.5, 5e-324), "mfu"),  # the divisor rounds to 0
    (lambda: costs.implied_mfu(1.0, 1e-310, 1e-10), "gpu_hours"),
    (lambda: costs.training_flops(10**400, 1), "active_params"),  # an int beyond float range
])
def test_results_beyond_float_range_raise_naming_the_arguments(call, name):
    with pytest.raises(ValueError, match=name):
        call()
