"""Training-cost arithmetic: GPU-hours, rental prices, FLOPs and utilisation.

Used in: the introduction (``intro``) and the cost-math chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainers.ledger import fact, value
from explainers.params import Choice, Slider, check_positive

V3_STAGES = (
    ("pre-training", "v3.pretrain-gpu-hours"),
    ("context extension", "v3.context-extension-gpu-hours"),
    ("post-training", "v3.post-training-gpu-hours"),
)

SCOPES = (
    ("v3-final-run", "V3 final run (the paper's table)"),
    ("v3-plus-r1-rl", "V3 final run + R1's RL stages (reported later)"),
)

#: The single source for the run-cost explorable's controls and their ranges.
SPEC = {
    "price": Slider(0.5, 4.0, 0.25, "Rental price", "per GPU-hour", fmt="${:.2f}"),
    "scope": Choice(SCOPES, "What is counted"),
}


@dataclass(frozen=True)
class RunCostParams:
    """Defaults of :func:`run_cost`: the V3 paper's own assumptions."""

    price: float = value("v3.rental-price")
    scope: str = "v3-final-run"


def rental_cost(gpu_hours: float, price: float) -> float:
    """Cost in USD of ``gpu_hours`` rented at ``price`` USD per GPU-hour.

    Raises ``ValueError``/``TypeError`` unless both are finite numbers > 0.
    """
    return check_positive("gpu_hours", gpu_hours) * check_positive("price", price)


def r1_rl_gpu_hours() -> float:
    """GPU-hours of R1's RL stages: 512 GPUs × (R1-Zero hours + R1 hours) + SFT-data hours.

    The inputs are secondary (reported from the Nature supplementary); see ledger row 6.17.
    """
    gpus = value("r1.rl-gpus")
    return gpus * (value("r1.zero-rl-hours") + value("r1.rl-hours")) + value("r1.sft-data-gpu-hours")


def stages(scope: str) -> tuple[tuple[str, float], ...]:
    """(stage name, GPU-hours) for every stage counted in ``scope``."""
    scope = SPEC["scope"].check("scope", scope)
    v3 = tuple((name, value(key)) for name, key in V3_STAGES)
    if scope == "v3-final-run":
        return v3
    return v3 + (("R1 RL stages", r1_rl_gpu_hours()),)


@dataclass(frozen=True)
class RunCost:
    """Result of :func:`run_cost`."""

    price: float
    scope: str
    stage_gpu_hours: tuple[tuple[str, float], ...]
    gpu_hours: float
    usd: float
    price_grid: np.ndarray  # prices across the slider range, for the cost line
    usd_grid: np.ndarray  # cost at each of those prices
    usd_ceiling: float  # the largest cost any setting can show: a fixed axis for every frame
    paper_price: float
    paper_usd: float


def run_cost(price: float = RunCostParams.price, scope: str = RunCostParams.scope) -> RunCost:
    """Rental-equivalent cost of a training run: GPU-hours × price, stage by stage.

    Parameters
    ----------
    price : float
        Rental price in USD per H800 GPU-hour, within ``SPEC["price"]``.
    scope : str
        ``"v3-final-run"`` (the V3 paper's Table 1) or ``"v3-plus-r1-rl"`` (adds R1's
        reinforcement-learning stages, reported later from secondary sources).

    Returns
    -------
    RunCost
        GPU-hours and USD in total and per stage, plus the cost line over the price range.

    References
    ----------
    DeepSeek-V3 Technical Report, p. 5, Table 1 (ledger rows 6.1 to 6.6).
    """
    price = SPEC["price"].check("price", price)
    counted = stages(scope)
    gpu_hours = sum(h for _, h in counted)
    slider = SPEC["price"]
    price_grid = np.linspace(slider.min, slider.max, 2 * len(slider.grid()) - 1)
    most_hours = max(sum(h for _, h in stages(s)) for s in SPEC["scope"].grid())
    return RunCost(
        price=price,
        scope=scope,
        stage_gpu_hours=counted,
        gpu_hours=gpu_hours,
        usd=rental_cost(gpu_hours, price),
        price_grid=price_grid,
        usd_grid=gpu_hours * price_grid,
        usd_ceiling=rental_cost(most_hours, slider.max),
        paper_price=value("v3.rental-price"),
        paper_usd=value("v3.cost-usd"),
    )


def training_flops(active_params: float, tokens: float, flops_per_param_token: float | None = None) -> float:
    """Training FLOPs by the 6ND rule: ``6 × active parameters × tokens``.

    For a mixture-of-experts model, ``active_params`` is the parameters used per token
    (37B for V3), not the total (671B). Ledger row 6.10.
    """
    if flops_per_param_token is None:
        flops_per_param_token = fact("rule.training-flops-per-param-token").value
    return (check_positive("active_params", active_params) * check_positive("tokens", tokens)
            * check_positive("flops_per_param_token", flops_per_param_token))


def implied_utilisation(flops: float, gpu_hours: float, peak_flops_per_s: float) -> float:
    """Model FLOPs utilisation implied by a run: FLOPs / (GPU-hours × 3600 × peak). Row 6.12."""
    return check_positive("flops", flops) / (
        check_positive("gpu_hours", gpu_hours) * 3600 * check_positive("peak_flops_per_s", peak_flops_per_s))


def wall_clock_days(gpu_hours: float, gpus: float) -> float:
    """Days a run takes when ``gpu_hours`` are spread over ``gpus`` running without pause. Row 6.9."""
    return check_positive("gpu_hours", gpu_hours) / check_positive("gpus", gpus) / 24
