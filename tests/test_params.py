import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.params import (
    Choice,
    Slider,
    Steps,
    check_finite_result,
    check_fraction,
    check_nonnegative,
    check_positive,
    check_whole,
)

PRICE = Slider(0.5, 4.0, 0.25, "Rental price", "per GPU-hour", fmt="${:.2f}")


def test_grid_includes_both_ends_in_steps():
    assert PRICE.grid()[0] == 0.5 and PRICE.grid()[-1] == 4.0
    assert len(PRICE.grid()) == 15
    assert 2.0 in PRICE.grid()


@given(st.floats(0.01, 10), st.integers(1, 60), st.floats(0.01, 5))
def test_grid_is_evenly_spaced_and_in_range(low, n, step):
    s = Slider(low, low + n * step, step, "x")
    grid = s.grid()
    assert len(grid) == n + 1
    assert all(s.min - 1e-9 <= v <= s.max + 1e-9 for v in grid)
    assert all(math.isclose(b - a, step, rel_tol=1e-6, abs_tol=1e-9) for a, b in zip(grid, grid[1:]))


def test_format_adds_unit():
    assert PRICE.format(2.0) == "$2.00 per GPU-hour"


def test_slider_check_names_argument_value_and_range():
    assert PRICE.check("price", 3) == 3.0
    with pytest.raises(ValueError, match=r"price must be between 0.5 and 4"):
        PRICE.check("price", 4.5)
    with pytest.raises(ValueError, match="price"):
        PRICE.check("price", float("nan"))
    with pytest.raises(TypeError, match="price must be a number"):
        PRICE.check("price", "2")
    with pytest.raises(TypeError):
        PRICE.check("price", True)


def test_bad_sliders_are_rejected():
    with pytest.raises(ValueError):
        Slider(2, 1, 0.1, "x")
    with pytest.raises(ValueError, match="does not divide"):
        Slider(0, 1, 0.3, "x")


def test_steps_are_listed_values_checked_by_membership():
    samples = Steps((8, 16, 32), "Samples", "examples", fmt="{:.0f}")
    assert samples.grid() == (8, 16, 32)
    assert samples.format(16) == "16 examples"
    assert samples.check("samples", 16) == 16.0 and samples.check("samples", 32.0) == 32.0
    with pytest.raises(ValueError, match=r"samples must be one of \[8.0, 16.0, 32.0\], got 12"):
        samples.check("samples", 12)
    with pytest.raises(TypeError, match="samples must be a number"):
        samples.check("samples", "16")
    with pytest.raises(ValueError, match="increasing"):
        Steps((8, 8), "x")
    with pytest.raises(ValueError, match="at least two"):
        Steps((8,), "x")


def test_choice():
    c = Choice((("a", "Alpha"), ("b", "Beta")), "Pick")
    assert c.grid() == ("a", "b")
    assert c.format("b") == "Beta"
    assert c.check("scope", "a") == "a"
    with pytest.raises(ValueError, match=r"scope must be one of \['a', 'b'\], got 'c'"):
        c.check("scope", "c")
    with pytest.raises(TypeError):
        c.check("scope", 1)


@pytest.mark.parametrize("bad", [0, -1, float("inf"), float("nan")])
def test_check_positive_rejects(bad):
    with pytest.raises(ValueError, match="gpus must be a finite number"):
        check_positive("gpus", bad)


def test_check_fraction():
    assert check_fraction("mfu", 0.4) == 0.4
    with pytest.raises(ValueError, match=r"mfu must be in \(0, 1\]"):
        check_fraction("mfu", 1.5)


def test_check_nonnegative_allows_zero_only():
    assert check_nonnegative("hours", 0) == 0.0
    with pytest.raises(ValueError, match="hours must be a finite number >= 0, got -1"):
        check_nonnegative("hours", -1)
    with pytest.raises(ValueError, match="hours must be a finite number"):
        check_nonnegative("hours", float("inf"))
    with pytest.raises(TypeError, match="hours must be a number"):
        check_nonnegative("hours", None)


def test_check_probability_allows_both_ends_only():
    from explainers.params import check_probability

    assert check_probability("p", 0) == 0.0 and check_probability("p", 1) == 1.0
    with pytest.raises(ValueError, match="p must be between 0 and 1, got 1.5"):
        check_probability("p", 1.5)
    with pytest.raises(TypeError, match="p must be a number"):
        check_probability("p", "half")


@pytest.mark.parametrize("args, error, name", [
    ((0, 1, float("inf")), ValueError, "step"),  # its grid was (nan,)
    ((0, 1, float("nan")), ValueError, "step"),
    ((0, 1, 1e-310), ValueError, "step"),  # was OverflowError: 1e310 steps
    ((-1e308, 1e308, 1e307), ValueError, "step"),  # the range overflows
    (("0", 1, 0.1), TypeError, "min"),
    ((0, None, 0.1), TypeError, "max"),
    ((0, 1, True), TypeError, "step"),
])
def test_sliders_with_bad_numbers_name_them(args, error, name):
    with pytest.raises(error, match=name):
        Slider(*args, "x")
    with pytest.raises(TypeError, match="label"):
        Slider(0, 1, 0.5, None)


@pytest.mark.parametrize("options, error, name", [
    ((), TypeError, "options"),
    ((("a", "A"), ("a", "B")), ValueError, "options must have distinct values"),
    ("abc", TypeError, "options"),
    ((("a", "A"), ("b",)), TypeError, r"options\[1\]"),
    ((("a", 1),), TypeError, r"options\[0\]"),
])
def test_bad_choices_are_rejected(options, error, name):
    with pytest.raises(error, match=name):
        Choice(options, "x")


def test_choice_from_lists_is_stored_as_tuples():
    c = Choice([["a", "Alpha"], ["b", "Beta"]], "Pick")
    assert c.options == (("a", "Alpha"), ("b", "Beta")) and hash(c)


def test_formatting_an_unknown_value_names_it():
    with pytest.raises(ValueError, match="value must be one of"):
        Choice((("a", "Alpha"),), "Pick").format("b")  # was a bare KeyError
    events = Steps((1.0, 2.0), "Event", names=("first", "second"))
    assert events.format(2) == "second"
    with pytest.raises(ValueError, match="value must be one of"):
        events.format(3.0)
    with pytest.raises(TypeError, match="value"):
        PRICE.format("2")


def test_steps_need_numbers():
    with pytest.raises(TypeError, match=r"values\[0\]"):
        Steps(("a", "b"), "x")
    with pytest.raises(ValueError, match=r"values\[1\]"):
        Steps((1.0, float("nan")), "x")


@pytest.mark.parametrize("check", [
    lambda v: check_positive("gpus", v), lambda v: check_nonnegative("gpus", v), lambda v: check_fraction("gpus", v),
    lambda v: check_whole("gpus", v, 0, 10), lambda v: PRICE.check("gpus", v),
    lambda v: Steps((1, 2), "x").check("gpus", v),
])
def test_integers_beyond_float_range_are_value_errors(check):
    with pytest.raises(ValueError, match="gpus must be .* within float range"):  # was OverflowError
        check(10**400)


def test_check_finite_result_names_the_arguments():
    assert check_finite_result("cost", 2.5, price=1) == 2.5
    np.testing.assert_array_equal(check_finite_result("cost", np.ones(3), price=1), np.ones(3))
    with pytest.raises(ValueError, match=r"cost overflows float range for hours=1e\+300, price=1e\+300"):
        check_finite_result("cost", 1e300 * 1e300, hours=1e300, price=1e300)
    with pytest.raises(ValueError, match=r"grid=<array of shape \(9,\)>"):
        check_finite_result("cost", np.array([np.nan]), grid=np.zeros(9))
