"""Owning a GPU cluster against renting the same GPU time.

Used in: the cost-math chapter (``cost-math``). Defaults come from the ledger (``dgx-h100.*``,
``cluster.interconnect-share``, ``datacenter.pue-2023``, ``china.industrial-electricity-price``,
``servers.useful-life``; secondary sources) and describe a cluster the size of V3's; they are
assumptions to move, not DeepSeek's figures, which are not public.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainers.ledger import value
from explainers.models.costs import DEFAULT_PRICE
from explainers.params import Slider, check_finite_result, check_fraction, check_nonnegative, check_positive, controls

HOURS_PER_YEAR = 24 * 365


@dataclass(frozen=True)
class Cluster:
    """What owning costs: capital up front, then power (and staff) every year."""

    gpus: float = value("v3.cluster-gpus")
    server_usd_per_gpu: float = value("dgx-h100.price") / value("dgx-h100.gpus")
    interconnect_share: float = value("cluster.interconnect-share")
    kw_per_gpu: float = value("dgx-h100.max-power") / value("dgx-h100.gpus") / 1000  # the server's maximum: an upper bound
    pue: float = value("datacenter.pue-2023")
    usd_per_kwh: float = value("china.industrial-electricity-price")
    staff_usd_per_year: float = 0.0  # no public source: the page says so and leaves the dial to the reader
    lifetime_years: float = value("servers.useful-life")

    def __post_init__(self):
        # Checked here, once, so every function that takes a Cluster can trust its fields.
        for field in ("gpus", "pue", "lifetime_years"):
            check_positive(field, getattr(self, field))
        for field in ("server_usd_per_gpu", "kw_per_gpu", "usd_per_kwh", "staff_usd_per_year"):
            check_nonnegative(field, getattr(self, field))
        _check_share(self.interconnect_share)


def _check_share(interconnect_share) -> float:
    share = check_nonnegative("interconnect_share", interconnect_share)
    if share >= 1:
        raise ValueError(f"interconnect_share must be in [0, 1), got {interconnect_share!r}")
    return share


def _check_cluster(cluster) -> Cluster:
    if not isinstance(cluster, Cluster):
        raise TypeError(f"cluster must be a Cluster, got {type(cluster).__name__}: {cluster!r}")
    return cluster


def capital_cost(gpus: float, server_usd_per_gpu: float, interconnect_share: float) -> float:
    """Servers plus the network between them: servers ÷ (1 − interconnect's share of the total)."""
    share = _check_share(interconnect_share)
    usd = check_positive("gpus", gpus) * check_nonnegative("server_usd_per_gpu", server_usd_per_gpu) / (1 - share)
    return check_finite_result("capital_cost", usd, gpus=gpus, server_usd_per_gpu=server_usd_per_gpu,
                               interconnect_share=interconnect_share)


def running_cost_per_year(cluster: Cluster, utilisation: float) -> float:
    """Electricity for the hours the GPUs run (IT power × PUE), plus staff, per year."""
    cluster = _check_cluster(cluster)
    used_hours = HOURS_PER_YEAR * check_fraction("utilisation", utilisation)
    power_kw = (check_positive("gpus", cluster.gpus) * check_nonnegative("kw_per_gpu", cluster.kw_per_gpu)
                * check_positive("pue", cluster.pue))
    usd = (power_kw * used_hours * check_nonnegative("usd_per_kwh", cluster.usd_per_kwh)
           + check_nonnegative("staff_usd_per_year", cluster.staff_usd_per_year))
    return check_finite_result("running_cost_per_year", usd, cluster=cluster, utilisation=utilisation)


SPEC = {
    "price": Slider(1.0, 4.0, 0.5, "Rental price", "per GPU-hour", fmt="${:.2f}"),
    "utilisation": Slider(0.25, 1.0, 0.25, "Share of hours the GPUs are busy", "", fmt="{:.0%}"),
}


@dataclass(frozen=True)
class RentOrOwn:
    """Result of :func:`rent_or_own`."""

    price: float
    utilisation: float
    years: np.ndarray
    rent_usd: np.ndarray  # cumulative cost of renting the busy GPU-hours
    own_usd: np.ndarray  # capital up front plus cumulative running cost
    capital_usd: float
    running_usd_per_year: float
    breakeven_years: float | None  # when owning becomes cheaper; None if it never does
    owned_usd_per_gpu_hour: float  # capital spread over the useful life, plus running, per busy GPU-hour
    lifetime_years: float
    usd_ceiling: float  # the largest cost at this utilisation and any price: prices compare on one axis


@controls(SPEC)
def rent_or_own(price: float = DEFAULT_PRICE, utilisation: float = 1.0,
                cluster: Cluster = Cluster(), horizon_years: float = 6.0) -> RentOrOwn:
    """Cumulative cost of renting versus owning the same busy GPU-hours, year by year.

    Parameters
    ----------
    price : float
        Rental price in USD per GPU-hour, within ``SPEC["price"]``.
    utilisation : float
        The share of the year's hours the GPUs are busy, within ``SPEC["utilisation"]``.
        Renting pays only for busy hours; owning pays for the cluster either way.
    cluster : Cluster
        The owned cluster's assumptions; the defaults are sourced in the ledger.
    horizon_years : float
        How many years the chart covers.
    """
    price = SPEC["price"].check("price", price)
    utilisation = SPEC["utilisation"].check("utilisation", utilisation)
    cluster = _check_cluster(cluster)
    arguments = dict(price=price, utilisation=utilisation, cluster=cluster, horizon_years=horizon_years)
    with np.errstate(over="ignore"):  # a horizon near 1e308 overflows inside linspace: reported below
        years = np.linspace(0, check_positive("horizon_years", horizon_years), 61)
    # Checked before it multiplies the years: inf × 0 years would be NaN.
    busy_gpu_hours_per_year = check_finite_result("busy GPU-hours per year", cluster.gpus * HOURS_PER_YEAR
                                                  * utilisation, **arguments)
    capital = capital_cost(cluster.gpus, cluster.server_usd_per_gpu, cluster.interconnect_share)
    running = running_cost_per_year(cluster, utilisation)
    rent_per_year = busy_gpu_hours_per_year * price
    lifetime = check_positive("lifetime_years", cluster.lifetime_years)
    with np.errstate(over="ignore"):  # reported below, naming the arguments
        most_rent = busy_gpu_hours_per_year * SPEC["price"].max * years[-1]
        result = RentOrOwn(
            price=price, utilisation=utilisation, years=years,
            rent_usd=rent_per_year * years,
            own_usd=capital + running * years,
            capital_usd=capital,
            running_usd_per_year=running,
            breakeven_years=capital / (rent_per_year - running) if rent_per_year > running else None,
            owned_usd_per_gpu_hour=(capital / lifetime + running) / busy_gpu_hours_per_year,
            lifetime_years=lifetime,
            usd_ceiling=max(most_rent, capital + running * years[-1]),
        )
    # Every input is finite, but a cluster of 1e300 GPUs still costs more than a float can hold.
    check_finite_result("rent_or_own", [*years, *result.rent_usd, *result.own_usd, result.owned_usd_per_gpu_hour,
                                        result.usd_ceiling, result.breakeven_years or 0.0], **arguments)
    return result
