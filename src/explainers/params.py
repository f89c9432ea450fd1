"""Parameter specs: the one source for a model's ranges, defaults, control labels and grids.

A model module declares ``SPEC = {"name": Slider(...) or Choice(...)}``. The live ipywidgets,
the kernel-free explorable's grid, argument validation and the tests all read from it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np

MAX_GRID = 10_000  # the most values a Slider may step through: its grid is computed, and drawn, in full


@dataclass(frozen=True)
class Slider:
    """A numeric parameter: ``min``, ``max``, ``step``, a label and a unit.

    ``fmt`` formats one value for people, e.g. ``"${:.2f}"``.
    """

    min: float
    max: float
    step: float
    label: str
    unit: str = ""
    fmt: str = "{:g}"

    def __post_init__(self):
        low, high = check_number("min", self.min), check_number("max", self.max)
        step = check_positive("step", self.step)
        _check_text(self, ("label", "unit", "fmt"))
        if not low < high:
            raise ValueError(f"Slider needs min < max, got min={self.min!r}, max={self.max!r}")
        n = (high - low) / step  # inf when the range overflows or the step is subnormal
        if not n <= MAX_GRID:
            raise ValueError(f"Slider step {self.step} divides the range {self.min}..{self.max} into more than "
                             f"{MAX_GRID:,} steps")
        if abs(n - round(n)) > 1e-9:
            raise ValueError(f"Slider step {self.step} does not divide the range {self.min}..{self.max}")
        if round(n) < 1:
            raise ValueError(f"Slider step {self.step} is larger than the range {self.min}..{self.max}")
        grid = self.grid()
        if any(not b > a for a, b in zip(grid, grid[1:])):
            raise ValueError(f"Slider step {self.step} is too fine: the grid is rounded to 12 decimal places")

    def grid(self) -> tuple[float, ...]:
        """Every value from ``min`` to ``max`` in steps of ``step``."""
        n = round((self.max - self.min) / self.step)
        return tuple(round(self.min + i * self.step, 12) for i in range(n + 1))

    def format(self, value: float) -> str:
        """``value`` for people, with its unit."""
        text = self.fmt.format(_as_float("value", value))
        return f"{text} {self.unit}" if self.unit else text

    def check(self, name: str, value) -> float:
        """Return ``value`` as a float, or raise naming ``name``, the value and the range."""
        x = _as_float(name, value)
        if not math.isfinite(x) or not self.min <= x <= self.max:
            raise ValueError(f"{name} must be between {self.min:g} and {self.max:g} ({self.unit}), got {value!r}")
        return x


@dataclass(frozen=True)
class Choice:
    """A parameter that takes one of a few named values: ``options`` maps value to label."""

    options: tuple[tuple[str, str], ...]
    label: str

    def __post_init__(self):
        options = self.options
        if isinstance(options, (str, bytes)) or not isinstance(options, (tuple, list)) or not options:
            raise TypeError(f"options must be a non-empty tuple of (value, label) pairs of str, got {options!r}")
        for i, pair in enumerate(options):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2 or not all(isinstance(t, str) for t in pair):
                raise TypeError(f"options[{i}] must be a (value, label) pair of str, got {pair!r}")
        values = [v for v, _ in options]
        repeated = sorted({v for v in values if values.count(v) > 1})
        if repeated:
            raise ValueError(f"options must have distinct values, got {repeated} more than once")
        _check_text(self, ("label",))
        object.__setattr__(self, "options", tuple(tuple(pair) for pair in options))  # hashable, as frozen promises

    def grid(self) -> tuple[str, ...]:
        """Every allowed value, in order."""
        return tuple(v for v, _ in self.options)

    def format(self, value: str) -> str:
        """The option's label."""
        return dict(self.options)[self.check("value", value)]

    def check(self, name: str, value) -> str:
        """Return ``value``, or raise naming ``name``, the value and the allowed values."""
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, got {type(value).__name__}: {value!r}")
        if value not in dict(self.options):
            raise ValueError(f"{name} must be one of {list(self.grid())}, got {value!r}")
        return value


@dataclass(frozen=True)
class Steps:
    """A numeric parameter that takes one of a few listed values, e.g. sample sizes 8, 16, 32.

    Shown as a slider over the values, so unevenly spaced values (powers of two) sit evenly.
    """

    values: tuple[float, ...]
    label: str
    unit: str = ""
    fmt: str = "{:g}"
    names: tuple[str, ...] = ()  # what each value stands for, shown instead of the number (e.g. events)

    def __post_init__(self):
        if isinstance(self.values, (str, bytes)) or not isinstance(self.values, (tuple, list)):
            raise TypeError(f"values must be a tuple of numbers, got {self.values!r}")
        for i, v in enumerate(self.values):
            check_number(f"values[{i}]", v)
        _check_text(self, ("label", "unit", "fmt"))
        if not isinstance(self.names, (tuple, list)) or not all(isinstance(n, str) for n in self.names):
            raise TypeError(f"names must be a tuple of str, got {self.names!r}")
        object.__setattr__(self, "values", tuple(self.values))  # hashable, as frozen promises
        object.__setattr__(self, "names", tuple(self.names))
        if len(self.values) < 2 or any(not b > a for a, b in zip(self.values, self.values[1:])):
            raise ValueError(f"Steps needs at least two increasing values, got {self.values}")
        if self.names and len(self.names) != len(self.values):
            raise ValueError(f"Steps needs one name per value: {len(self.values)} values, {len(self.names)} names")

    def grid(self) -> tuple[float, ...]:
        """The listed values, in order."""
        return tuple(self.values)

    def format(self, value: float) -> str:
        """The value for people: its name if the steps are named, else the number with its unit."""
        if self.names:
            return self.names[self.values.index(self.check("value", value))]
        return Slider.format(self, value)

    def check(self, name: str, value) -> float:
        """Return ``value`` as a float, or raise naming ``name``, the value and the allowed values."""
        _as_float(name, value)
        if value not in self.values:
            raise ValueError(f"{name} must be one of {[float(v) for v in self.values]}, got {value!r}")
        return float(value)


Control = Slider | Steps | Choice


def _check_text(spec, fields: tuple[str, ...]) -> None:
    for field in fields:
        if not isinstance(getattr(spec, field), str):
            raise TypeError(f"{field} must be a str, got {getattr(spec, field)!r}")


def _as_float(name: str, value, kind: str = "a number") -> float:
    """``value`` as a float (possibly NaN or infinite), or raise naming ``name``: a bool is not a number."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be {kind}, got {type(value).__name__}: {value!r}")
    try:
        return float(value)
    except OverflowError:  # an int (or Fraction) beyond float range: its repr may be thousands of digits
        size = f"an integer of {value.bit_length():,} bits" if isinstance(value, Integral) else type(value).__name__
        raise ValueError(f"{name} must be {kind} within float range (about 1.8e308), got {size}") from None


def check_number(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number (any sign), else raise naming it."""
    x = _as_float(name, value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return x


def _brief(value) -> str:
    if isinstance(value, np.ndarray) and value.size > 4:
        return f"<array of shape {value.shape}>"
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def _all_finite(result) -> bool:
    try:
        if isinstance(result, Real):
            return math.isfinite(result)
        return bool(np.all(np.isfinite(np.asarray(result, dtype=float))))
    except OverflowError:  # an int beyond float range
        return False


def check_finite_result(name: str, result, **arguments):
    """Return ``result`` (a number or an array) if it is finite everywhere, else raise naming the arguments.

    For arithmetic on valid inputs that still leaves float range (``1e308 * 10``), divides by a
    product that rounded to zero, or meets ``inf - inf``: the caller names what it computed and
    passes the arguments it used, so the message says which inputs are too large or too small.
    """
    if _all_finite(result):
        return result
    given = ", ".join(f"{k}={_brief(v)}" for k, v in arguments.items())
    raise ValueError(f"{name} overflows float range for {given}: use smaller (or less extreme) values")


def check_nonnegative(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number >= 0, else raise naming it."""
    if check_number(name, value) < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def check_positive(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise naming it."""
    if check_number(name, value) <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def check_fraction(name: str, value) -> float:
    """Return ``value`` as a float if 0 < value <= 1, else raise naming it."""
    value = check_positive(name, value)
    if value > 1:
        raise ValueError(f"{name} must be in (0, 1], got {value!r}")
    return value


def check_probability(name: str, value) -> float:
    """Return ``value`` as a float if 0 <= value <= 1, else raise naming it."""
    if not 0 <= check_nonnegative(name, value) <= 1:
        raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
    return float(value)


def check_whole(name: str, value, low: int, high: int) -> int:
    """Return ``value`` as an int if it is a whole number from ``low`` to ``high``, else raise naming it.

    Floats such as ``8.0`` are accepted: slider grids are floats.
    """
    if not math.isfinite(_as_float(name, value, "a whole number")) or value != int(value) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)


def controls(spec: Mapping[str, Control]):
    """Decorate a model with the controls an explorable offers for it: ``@controls(SPEC)``.

    The spec then travels with its model (``model.spec``), so a chapter passes the model alone and
    cannot pair it with another model's controls.
    """
    if not isinstance(spec, Mapping) or not spec or \
            not all(isinstance(c, (Slider, Steps, Choice)) for c in spec.values()):
        raise TypeError(f"spec must map parameter names to Slider, Steps or Choice, got {spec!r}")

    def attach(model: Callable) -> Callable:
        model.spec = spec
        return model
    return attach
