"""Parameter specs: the one source for a model's ranges, defaults, control labels and grids.

A model module declares ``SPEC = {"name": Slider(...) or Choice(...)}``. The live ipywidgets,
the kernel-free explorable's grid, argument validation and the tests all read from it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Real


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
        if not self.min < self.max or self.step <= 0:
            raise ValueError(f"Slider needs min < max and step > 0, got {self.min}, {self.max}, {self.step}")
        n = (self.max - self.min) / self.step
        if abs(n - round(n)) > 1e-9:
            raise ValueError(f"Slider step {self.step} does not divide the range {self.min}..{self.max}")

    def grid(self) -> tuple[float, ...]:
        """Every value from ``min`` to ``max`` in steps of ``step``."""
        n = round((self.max - self.min) / self.step)
        return tuple(round(self.min + i * self.step, 12) for i in range(n + 1))

    def format(self, value: float) -> str:
        """``value`` for people, with its unit."""
        text = self.fmt.format(value)
        return f"{text} {self.unit}" if self.unit else text

    def check(self, name: str, value) -> float:
        """Return ``value`` as a float, or raise naming ``name``, the value and the range."""
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r}")
        if not math.isfinite(value) or not self.min <= value <= self.max:
            raise ValueError(f"{name} must be between {self.min:g} and {self.max:g} ({self.unit}), got {value!r}")
        return float(value)


@dataclass(frozen=True)
class Choice:
    """A parameter that takes one of a few named values: ``options`` maps value to label."""

    options: tuple[tuple[str, str], ...]
    label: str

    def grid(self) -> tuple[str, ...]:
        """Every allowed value, in order."""
        return tuple(v for v, _ in self.options)

    def format(self, value: str) -> str:
        """The option's label."""
        return dict(self.options)[value]

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
            return self.names[self.values.index(value)]
        return Slider.format(self, value)

    def check(self, name: str, value) -> float:
        """Return ``value`` as a float, or raise naming ``name``, the value and the allowed values."""
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r}")
        if value not in self.values:
            raise ValueError(f"{name} must be one of {[float(v) for v in self.values]}, got {value!r}")
        return float(value)


Control = Slider | Steps | Choice


def _check_number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}: {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def check_nonnegative(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number >= 0, else raise naming it."""
    if _check_number(name, value) < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def check_positive(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise naming it."""
    if _check_number(name, value) <= 0:
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
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__}: {value!r}")
    if not math.isfinite(value) or value != int(value) or not low <= value <= high:
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
