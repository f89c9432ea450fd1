"""Does cheaper compute mean less spending on compute? The Jevons argument as a model (market chapter).

A toy of demand, and the page says so: with constant-elasticity demand, the quantity of compute bought
is ``Q = A · P**-elasticity``, so a price per unit of capability multiplied by ``price_factor`` multiplies
the quantity by ``price_factor**-elasticity`` and the spending ``P · Q`` by ``price_factor**(1 - elasticity)``.
Elastic demand (elasticity above 1) spends more when the price falls, as Jevons argued of coal in 1865;
inelastic demand (below 1) spends less; at exactly 1 spending does not move.

Where the assumption breaks: one elasticity is assumed to hold over a hundredfold fall in price, and
demand is assumed to have no ceiling. ``quantity_cap`` puts one in: once buyers want no more than
``quantity_cap`` times today's compute, a further fall in price only cuts spending.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explainers.params import Slider, Steps, check_finite_result, check_nonnegative, check_positive, controls


def _check_price_factor(price_factor) -> float:
    factor = check_positive("price_factor", price_factor)
    if factor > 1:
        raise ValueError(f"price_factor must be in (0, 1]: the price after the fall as a share of the price "
                         f"before, got {price_factor!r}")
    return factor


def _check_cap(quantity_cap) -> float | None:
    if quantity_cap is None:
        return None
    cap = check_positive("quantity_cap", quantity_cap)
    if cap < 1:
        raise ValueError(f"quantity_cap must be None or at least 1 (today's quantity), got {quantity_cap!r}")
    return cap


def quantity_multiplier(price_factor: float, elasticity: float, quantity_cap: float | None = None) -> float:
    """How many times today's compute is bought when its price per unit of capability is multiplied by
    ``price_factor`` (in (0, 1]), with constant ``elasticity`` (>= 0), up to ``quantity_cap`` times
    today's quantity (None: no ceiling)."""
    factor = _check_price_factor(price_factor)
    elasticity = check_nonnegative("elasticity", elasticity)
    cap = _check_cap(quantity_cap)
    # Compared in logs: a tiny price factor's power can overflow even where the cap would apply.
    if cap is not None and -elasticity * math.log(factor) >= math.log(cap):
        return cap
    try:
        quantity = factor ** -elasticity
    except OverflowError:
        quantity = math.inf
    return check_finite_result("quantity_multiplier", quantity, price_factor=price_factor, elasticity=elasticity)


def spending_multiplier(price_factor: float, elasticity: float, quantity_cap: float | None = None) -> float:
    """How many times today's spending on compute is spent when its price per unit of capability is
    multiplied by ``price_factor``: the new price times the new quantity (see :func:`quantity_multiplier`).

    >>> spending_multiplier(0.5, 1.0)  # half the price, twice the compute: the same bill
    1.0
    """
    quantity = quantity_multiplier(price_factor, elasticity, quantity_cap)
    return check_finite_result("spending_multiplier", price_factor * quantity,
                               price_factor=price_factor, elasticity=elasticity)


#: the prices the explorable offers, as a share of today's: from a hundredfold fall to none
PRICE_FACTORS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)

SPEC = {
    "price_factor": Steps(PRICE_FACTORS, "Price per unit of capability, share of today's", fmt="{:.0%}"),
    "elasticity": Slider(0.0, 2.0, 0.25, "Price elasticity of demand", fmt="{:.2f}"),
}


@dataclass(frozen=True)
class Jevons:
    """One setting of the explorable, and the curve of spending over every price factor at its elasticity."""

    price_factor: float
    elasticity: float
    quantity: float  # multiplier of today's quantity
    spending: float  # multiplier of today's spending
    curve_prices: np.ndarray  # price factors from 1 down to the lowest offered
    curve_spending: np.ndarray  # spending multiplier at each


@controls(SPEC)
def jevons(price_factor: float = 0.5, elasticity: float = 1.5) -> Jevons:
    """What a fall in the price of compute does to the quantity bought and to total spending.

    Parameters
    ----------
    price_factor : float
        The price per unit of capability after the fall, as a share of today's, within ``SPEC["price_factor"]``.
    elasticity : float
        The constant price elasticity of demand, within ``SPEC["elasticity"]``.
    """
    price_factor = SPEC["price_factor"].check("price_factor", price_factor)
    elasticity = SPEC["elasticity"].check("elasticity", elasticity)
    prices = np.geomspace(1.0, min(PRICE_FACTORS), 61)
    return Jevons(price_factor=price_factor, elasticity=elasticity,
                  quantity=quantity_multiplier(price_factor, elasticity),
                  spending=spending_multiplier(price_factor, elasticity),
                  curve_prices=prices, curve_spending=prices ** (1.0 - elasticity))
