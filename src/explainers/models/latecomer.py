"""Pioneer against latecomer: why the second lab to reach a capability spends less.

Used in: the cost-math chapter (``cost-math``), as a labelled illustration. Only the halving
time of algorithmic progress is sourced (ledger: ``algorithmic-progress.halving-months``); the exploration multiples are
assumptions chosen to show the mechanism, not estimates of any lab's spending.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from explainers.ledger import value
from explainers.params import check_finite_result, check_nonnegative, check_positive


@dataclass(frozen=True)
class Catchup:
    """Compute of each lab, in units of the pioneer's final training run."""

    pioneer_final: float
    pioneer_total: float
    latecomer_final: float
    latecomer_total: float

    @property
    def ratio(self) -> float:
        """How many times the latecomer's total compute the pioneer spent."""
        return self.pioneer_total / self.latecomer_total


def catch_up(months_later: float, pioneer_exploration: float, latecomer_exploration: float,
             halving_months: float = value("algorithmic-progress.halving-months")) -> Catchup:
    """Total compute of a pioneer and of a latecomer reaching the same capability.

    Parameters
    ----------
    months_later : float
        How long after the pioneer the latecomer trains its final run.
    pioneer_exploration, latecomer_exploration : float
        Compute spent on experiments and failed runs, as a multiple of each lab's final run.
        A latecomer knows which ideas worked, so it explores less.
    halving_months : float
        Months for the compute needed for a fixed performance to halve (algorithmic progress).
    """
    latecomer_final = 0.5 ** (check_nonnegative("months_later", months_later)
                              / check_positive("halving_months", halving_months))
    result = Catchup(
        pioneer_final=1.0,
        pioneer_total=1.0 + check_nonnegative("pioneer_exploration", pioneer_exploration),
        latecomer_final=latecomer_final,
        latecomer_total=latecomer_final * (1.0 + check_nonnegative("latecomer_exploration", latecomer_exploration)),
    )
    # Past about 1,075 halvings the latecomer's compute rounds to 0 and the ratio divides by it.
    ratio = result.pioneer_total / result.latecomer_total if result.latecomer_total else math.inf
    check_finite_result("ratio", ratio, months_later=months_later,
                        halving_months=halving_months, pioneer_exploration=pioneer_exploration,
                        latecomer_exploration=latecomer_exploration)
    return result
