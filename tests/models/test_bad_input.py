"""Property tests over the public API: whatever numbers go in, a finite answer or a clear error comes out.

For any finite float (tiny, huge, subnormal, negative), a huge int, or a value of the wrong type, a
function either returns a finite result or raises ``ValueError``/``TypeError`` whose message names
one of its arguments. Never NaN, never inf, never another exception type (OverflowError,
ZeroDivisionError, AttributeError, KeyError). Where the answer has a shape to check (a softmax sums
to 1, the best reward gets the highest advantage), the property checks it.
"""

from __future__ import annotations

import warnings
from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from explainers import params
from explainers.models import (
    abliteration,
    costs,
    demand,
    distill,
    efficiency,
    export_controls,
    grpo,
    latecomer,
    later,
    memory,
    moe,
    ownership,
    toy_r1zero,
)

modest = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

finite = st.floats(allow_nan=False, allow_infinity=False)  # every magnitude, subnormals and -0.0 included
huge_ints = st.integers(-(10**400), 10**400)
numbers = st.one_of(finite, finite, st.integers(-10, 10**6), huge_ints)
# Mostly numbers, sometimes what a reader might pass by mistake.
anything = st.one_of(numbers, numbers, numbers, st.floats(), st.none(), st.booleans(), st.text(max_size=3),
                     st.lists(finite, max_size=2))


def outcome(call, names, *args, **kwargs):
    """``call(*args, **kwargs)`` if its result is finite; None if it raised ValueError or TypeError naming one of
    ``names``. Any other exception, a NaN or an inf fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # numpy's overflow warnings mean a guard is missing
        try:
            result = call(*args, **kwargs)
        except (ValueError, TypeError) as error:
            assert any(name in str(error) for name in names), f"{call.__name__}{args}: {error}"
            return None
    if isinstance(result, dict):
        result = list(result.values())
    assert np.all(np.isfinite(np.asarray(result, dtype=float))), f"{call.__name__}{args} gave {result!r}"
    return result


# --- Scalar arithmetic ---------------------------------------------------------------------------------

SCALAR = [
    (costs.training_flops, ("active_params", "tokens")),
    (costs.gpu_hours, ("flops", "peak_flops_per_gpu", "mfu")),
    (costs.implied_mfu, ("flops", "gpu_hours", "peak_flops_per_gpu")),
    (costs.rental_cost, ("gpu_hours", "usd_per_gpu_hour")),
    (costs.wall_clock_days, ("gpu_hours", "gpus")),
    (demand.quantity_multiplier, ("price_factor", "elasticity", "quantity_cap")),
    (demand.spending_multiplier, ("price_factor", "elasticity", "quantity_cap")),
    (memory.weights_gb, ("params", "bits_per_param")),
    (ownership.capital_cost, ("gpus", "server_usd_per_gpu", "interconnect_share")),
    (export_controls.experts_reachable, ("node_limit", "nvlink_gbps", "ib_gbps")),
    (grpo.p_no_signal, ("p_correct", "group_size")),
    (efficiency.tokens_per_step, ("acceptance",)),
    (abliteration.unit_vector, ("angle",)),
    (later.kv_bytes_per_token, ("bits", "indexer_bits")),
    (params.check_whole, ("seed",)),
]


@pytest.mark.parametrize("function, names", SCALAR, ids=lambda f: getattr(f, "__name__", ""))
@modest
@given(data=st.data())
def test_scalar_functions_give_finite_answers_or_name_an_argument(function, names, data):
    if function is params.check_whole:
        args = ("seed", data.draw(anything), 0, 2**32 - 1)
    else:
        args = tuple(data.draw(anything) for _ in names)
    outcome(function, names, *args)


@modest
@given(numbers, numbers, st.booleans())
def test_step_time(compute, communication, overlapped):
    outcome(efficiency.step_time, ("compute", "communication"), compute, communication, overlapped)


@modest
@given(anything, anything, anything)
def test_kv_cache_gb(context, batch, bits):
    outcome(memory.kv_cache_gb, ("context", "batch", "bits_per_value"), "deepseek-r1", context, batch, bits)


@modest
@given(anything)
def test_kv_cache_bytes_per_token(bytes_per_element):
    outcome(moe.kv_cache_bytes_per_token, ("bytes_per_element",), moe.load_config(), bytes_per_element)


@modest
@given(anything)
def test_attention_work(context):
    work = outcome(lambda c: later.attention_work(c).saving, ("context",), context)
    assert work is None or work > 0


@modest
@given(anything, anything, anything, anything)
def test_catch_up_ratio_is_finite_and_positive(months, pioneer, latecomer_, halving):
    names = ("months_later", "pioneer_exploration", "latecomer_exploration", "halving_months")
    ratio = outcome(lambda *a: latecomer.catch_up(*a).ratio, names, months, pioneer, latecomer_, halving)
    assert ratio is None or ratio > 0


# --- Dataclasses of inputs -----------------------------------------------------------------------------

CLUSTER_FIELDS = ("gpus", "server_usd_per_gpu", "interconnect_share", "kw_per_gpu", "pue", "usd_per_kwh",
                  "staff_usd_per_year", "lifetime_years")


@modest
@given(st.fixed_dictionaries({}, optional={f: anything for f in CLUSTER_FIELDS}),
       st.sampled_from(ownership.SPEC["price"].grid()), st.sampled_from(ownership.SPEC["utilisation"].grid()),
       anything)
def test_rent_or_own_is_finite_for_any_cluster(fields, price, utilisation, horizon):
    def run():
        r = ownership.rent_or_own(price, utilisation, ownership.Cluster(**fields), horizon)
        return [*r.rent_usd, *r.own_usd, r.owned_usd_per_gpu_hour, r.usd_ceiling, r.breakeven_years or 0]
    outcome(run, (*CLUSTER_FIELDS, "cluster", "horizon_years"))


@modest
@given(anything, st.integers(-2, 80), anything, anything, st.dates(date(2020, 1, 1), date(2027, 1, 1)))
def test_any_chip_is_measured_and_classified(tops, bits, area, io, on):
    def run():
        chip = export_controls.Chip("x", tops, bits, area, io)
        for rule in export_controls.RULES:
            assert isinstance(export_controls.classify(chip, rule).controlled, bool)
        assert isinstance(export_controls.licence_needed(chip, on), bool)
        return [export_controls.tpp(chip), export_controls.performance_density(chip)]
    outcome(run, ("dense_tops", "bit_length", "die_area_mm2", "io_gbps"))


# --- Softmax, advantages, projections ------------------------------------------------------------------

logit_lists = st.lists(finite, min_size=1, max_size=8)


@modest
@given(logit_lists, st.one_of(finite, st.floats(1e-3, 1e3)))
def test_softmax_sums_to_one_and_keeps_the_order(logits, temperature):
    p = outcome(distill.softmax, ("logits", "temperature"), logits, temperature)
    if p is not None:
        assert np.all(p >= 0) and p.sum() == pytest.approx(1.0)
        assert p[int(np.argmax(logits))] == p.max()


def _distribution(values):
    a = np.abs(np.asarray(values, dtype=float))
    with np.errstate(over="ignore"):
        total = a.sum()
    return a / total if 0 < total < np.inf else np.full(len(a), 1 / len(a))


@modest
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(*[st.lists(finite, min_size=n, max_size=n)] * 2)))
def test_kl_divergence_is_finite_and_nonnegative_unless_q_misses_p(pair):
    p, q = (_distribution(v) for v in pair)
    kl = outcome(lambda p, q: 0.0 if np.isinf(k := distill.kl_divergence(p, q)) else k, ("p", "q"), p, q)
    if kl is not None:
        assert kl >= -1e-12
        assert np.isinf(distill.kl_divergence(p, q)) == bool(((p > 0) & (q == 0)).any())


@modest
@given(st.lists(finite, min_size=1, max_size=12), st.sampled_from(grpo.NORMALISATIONS))
def test_the_best_reward_gets_the_highest_advantage(rewards, normalisation):
    a = outcome(grpo.group_advantages, ("rewards",), rewards, normalisation)
    if a is not None:
        assert a[int(np.argmax(rewards))] == a.max()
        assert a[int(np.argmin(rewards))] == a.min()


@modest
@given(st.lists(anything, min_size=1, max_size=4))
def test_group_advantages_of_anything(rewards):
    outcome(grpo.group_advantages, ("rewards",), rewards)


@st.composite
def vectors_and_direction(draw, elements=finite):
    width = draw(st.integers(1, 5))
    vectors = draw(hnp.arrays(float, (draw(st.integers(1, 6)), width), elements=elements))
    direction = draw(hnp.arrays(float, (width,), elements=elements))
    return vectors, direction


@modest
@given(vectors_and_direction())
def test_nothing_remains_along_a_removed_direction(case):
    vectors, direction = case
    result = outcome(abliteration.remove_direction, ("vectors", "direction"), vectors, direction)
    if result is not None:
        scaled = direction / np.abs(direction).max()
        unit = scaled / np.linalg.norm(scaled)
        along = result @ unit
        # A few roundings of each component's size, and at least one subnormal step.
        assert np.all(np.abs(along) <= 1e-12 * vectors.shape[1] * np.abs(vectors).max(axis=1) + 1e-300)


@modest
@given(hnp.arrays(float, st.tuples(st.integers(1, 5), st.integers(1, 3)), elements=finite))
def test_refuses_any_points(points):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        try:
            decision = abliteration.refuses(points)
        except ValueError as error:  # only a wrong width
            assert "points" in str(error) and points.shape[1] != 2
            return
    assert decision.dtype == bool and decision.shape == points.shape[:1]


@modest
@given(st.one_of(finite, st.lists(finite, max_size=5), anything))
def test_success_is_a_probability(difficulty):
    s = outcome(toy_r1zero.success, ("difficulty",), difficulty)
    assert s is None or np.all((0 <= s) & (s <= 1))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.one_of(finite, st.floats(0.1, 10)), st.integers(0, 3))
def test_trained_students_are_finite(n, temperature, seed):
    rng = np.random.default_rng(seed)
    inputs = np.concatenate([rng.normal(size=(n, distill.FEATURES)), np.ones((n, 1))], axis=-1)
    targets = distill.softmax(rng.normal(size=(n, distill.ANSWERS)))
    outcome(distill.train_students, ("temperature",), inputs, targets, temperature)


# --- The parameter specs themselves --------------------------------------------------------------------

@modest
@given(anything, anything, anything)
def test_a_slider_is_valid_or_names_its_bad_number(low, high, step):
    def grid():
        return params.Slider(low, high, step, "x").grid()
    values = outcome(grid, ("min", "max", "step"))
    if values is not None:
        assert values[0] == pytest.approx(low) and values[-1] == pytest.approx(high)
        assert len(values) <= params.MAX_GRID + 1


@modest
@given(anything)
def test_every_check_gives_a_finite_float_or_names_the_argument(value):
    for check in (params.check_positive, params.check_nonnegative, params.check_fraction, params.check_probability,
                  params.check_number, costs.SPEC["price"].check, distill.SPEC["temperature"].check):
        outcome(check, ("gpus",), "gpus", value)


@modest
@given(st.one_of(st.text(max_size=3), anything, st.lists(st.tuples(st.text(max_size=2), st.text(max_size=2)),
                                                       max_size=3)))
def test_a_choice_is_valid_or_names_its_options(options):
    try:
        choice = params.Choice(options, "x")
    except (ValueError, TypeError) as error:
        assert "options" in str(error)
        return
    for value in choice.grid():
        assert choice.check("value", value) == value and isinstance(choice.format(value), str)
