"""Training-cost arithmetic: GPU-hours, rental prices, FLOPs and utilisation.

Used in: the introduction (``intro``) and the cost-math chapter (``cost-math``).
Every function raises ``TypeError`` for a non-number and ``ValueError`` naming the argument
for a negative, NaN or infinite input, for zero where it is impossible (a divisor), and for
an MFU outside (0, 1]; and ``ValueError`` naming the arguments when valid inputs are so extreme
that the answer leaves float range (``inf``) or a divisor rounds to zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from explainers.ledger import fact, value
from explainers.params import (
    Choice,
    Slider,
    check_finite_result,
    check_fraction,
    check_nonnegative,
    check_positive,
    controls,
)

#: The V3 report's phases (Table 1) and their ledger keys.
V3_PHASES = (
    ("pre-training", "v3.pretrain-gpu-hours"),
    ("context extension", "v3.context-extension-gpu-hours"),
    ("post-training", "v3.post-training-gpu-hours"),
)
R1_PHASE = "R1 RL stages"

SECONDS_PER_HOUR = 3600
# USD per H800 GPU-hour: the V3 report's assumption, not a price anyone paid; every price slider has it.
DEFAULT_PRICE = value("v3.rental-price")


def training_flops(active_params: float, tokens: float) -> float:
    """Training FLOPs by the 6ND rule: 6 × active parameters × tokens (ledger: ``rule.training-flops-per-param-token``).

    For a mixture-of-experts model, ``active_params`` is the parameters used per token
    (37B for V3), not the total (671B): the other experts do no arithmetic for that token.
    The 6 is 2 FLOPs per parameter for the forward pass and 4 for the backward pass; the
    rule leaves out attention-score FLOPs, so it slightly underestimates.
    """
    per_param_token = value("rule.training-flops-per-param-token")
    flops = per_param_token * check_nonnegative("active_params", active_params) * check_nonnegative("tokens", tokens)
    # 6 × 3e307 is already inf, and inf × 0 tokens is NaN: both are reported, not returned.
    return check_finite_result("training_flops", flops, active_params=active_params, tokens=tokens)


def _quotient(name: str, numerator: float, denominator: float, **arguments) -> float:
    # A product of tiny (subnormal) divisors can round to 0, and a tiny divisor overflows the quotient.
    result = numerator / denominator if denominator else math.inf
    return check_finite_result(name, result, **arguments)


def gpu_hours(flops: float, peak_flops_per_gpu: float, mfu: float) -> float:
    """GPU-hours to do ``flops`` on GPUs with peak ``peak_flops_per_gpu`` (FLOP/s) used at ``mfu``.

    ``mfu`` (model FLOPs utilisation) is the fraction of peak the training run achieves, in (0, 1].
    """
    return _quotient("gpu_hours", check_nonnegative("flops", flops), (
        check_positive("peak_flops_per_gpu", peak_flops_per_gpu) * check_fraction("mfu", mfu) * SECONDS_PER_HOUR),
        flops=flops, peak_flops_per_gpu=peak_flops_per_gpu, mfu=mfu)


def implied_mfu(flops: float, gpu_hours: float, peak_flops_per_gpu: float) -> float:
    """The utilisation a run implies: FLOPs ÷ (GPU-hours × 3600 × peak). The V3 case is the ledger's ``v3.implied-mfu-bf16``.

    A result above 1 means the inputs are inconsistent (more FLOPs than the GPUs could do).
    """
    return _quotient("implied_mfu", check_nonnegative("flops", flops), (
        check_positive("gpu_hours", gpu_hours) * SECONDS_PER_HOUR
        * check_positive("peak_flops_per_gpu", peak_flops_per_gpu)),
        flops=flops, gpu_hours=gpu_hours, peak_flops_per_gpu=peak_flops_per_gpu)


def rental_cost(gpu_hours: float, usd_per_gpu_hour: float) -> float:
    """Cost in USD of ``gpu_hours`` rented at ``usd_per_gpu_hour``."""
    usd = check_nonnegative("gpu_hours", gpu_hours) * check_nonnegative("usd_per_gpu_hour", usd_per_gpu_hour)
    return check_finite_result("rental_cost", usd, gpu_hours=gpu_hours, usd_per_gpu_hour=usd_per_gpu_hour)


def wall_clock_days(gpu_hours: float, gpus: float) -> float:
    """Days a run takes when ``gpu_hours`` are spread over ``gpus`` running without pause. Row 6.9."""
    days = check_nonnegative("gpu_hours", gpu_hours) / check_positive("gpus", gpus) / 24
    return check_finite_result("wall_clock_days", days, gpu_hours=gpu_hours, gpus=gpus)


def v3_breakdown() -> dict[str, float]:
    """GPU-hours of each phase of V3's final run (the report's Table 1), and their ``"total"``."""
    phases = {name: value(key) for name, key in V3_PHASES}
    return {**phases, "total": sum(phases.values())}


def r1_rl_gpu_hours() -> float:
    """GPU-hours of R1's RL stages: GPUs × (R1-Zero hours + R1 hours) + SFT-data hours.

    The inputs are secondary, reported from the Nature supplementary (ledger: ``r1.rl-gpus``, ``r1.zero-rl-hours``, ``r1.rl-hours``, ``r1.sft-data-gpu-hours``).
    """
    return (value("r1.rl-gpus") * (value("r1.zero-rl-hours") + value("r1.rl-hours"))
            + value("r1.sft-data-gpu-hours"))


# --- The run-cost calculator (intro and cost-math) -------------------------------

SCOPES = (
    ("pre-training", "Pre-training only"),
    ("v3-final-run", "V3 final run (the report's table)"),
    ("v3-plus-r1-rl", "V3 final run + R1's RL stages (reported later)"),
)

#: The single source for the calculator's controls and their ranges.
SPEC = {
    "price": Slider(0.5, 4.0, 0.25, "Rental price", "per GPU-hour", fmt="${:.2f}"),
    "scope": Choice(SCOPES, "What is counted"),
}


def phases(scope: str) -> tuple[tuple[str, float], ...]:
    """(phase name, GPU-hours) for every phase counted in ``scope``."""
    scope = SPEC["scope"].check("scope", scope)
    v3 = tuple((name, value(key)) for name, key in V3_PHASES)
    if scope == "pre-training":
        return v3[:1]
    if scope == "v3-final-run":
        return v3
    return v3 + ((R1_PHASE, r1_rl_gpu_hours()),)


@dataclass(frozen=True)
class RunCost:
    """Result of :func:`run_cost`."""

    price: float
    scope: str
    phase_gpu_hours: tuple[tuple[str, float], ...]
    phase_usd: tuple[tuple[str, float], ...]
    gpu_hours: float
    usd: float
    price_grid: np.ndarray  # prices across the slider range, for the cost line
    usd_grid: np.ndarray  # cost at each of those prices
    usd_ceiling: float  # the largest cost any setting can show: one fixed axis for every frame
    paper_price: float
    paper_usd: float


@controls(SPEC)
def run_cost(price: float = DEFAULT_PRICE, scope: str = "v3-final-run") -> RunCost:
    """Rental-equivalent cost of a training run: GPU-hours × price, phase by phase.

    Parameters
    ----------
    price : float
        Rental price in USD per H800 GPU-hour, within ``SPEC["price"]``.
    scope : str
        ``"pre-training"``, ``"v3-final-run"`` (the V3 report's Table 1) or
        ``"v3-plus-r1-rl"`` (adds R1's RL stages, reported later from secondary sources).

    Returns
    -------
    RunCost
        GPU-hours and USD in total and per phase, plus the cost line over the price range.

    References
    ----------
    DeepSeek-V3 Technical Report, p. 5, Table 1 (ledger: ``v3.pretrain-gpu-hours`` to ``v3.cost-usd``).
    """
    price = SPEC["price"].check("price", price)
    counted = phases(scope)
    hours = sum(h for _, h in counted)
    slider = SPEC["price"]
    price_grid = np.linspace(slider.min, slider.max, 2 * len(slider.grid()) - 1)
    most_hours = max(sum(h for _, h in phases(s)) for s in SPEC["scope"].grid())
    return RunCost(
        price=price,
        scope=scope,
        phase_gpu_hours=counted,
        phase_usd=tuple((name, rental_cost(h, price)) for name, h in counted),
        gpu_hours=hours,
        usd=rental_cost(hours, price),
        price_grid=price_grid,
        usd_grid=hours * price_grid,
        usd_ceiling=rental_cost(most_hours, slider.max),
        paper_price=DEFAULT_PRICE,
        paper_usd=value("v3.cost-usd"),
    )


# --- From FLOPs to dollars (cost-math) ------------------------------------------------

@dataclass(frozen=True)
class Run:
    """A training run described by the 6ND inputs, with what its report says it used."""

    label: str
    active_params: float
    tokens: float
    peak_flops_per_gpu: float
    reported_gpu_hours: float | None  # None for a hypothetical run

    @property
    def flops(self) -> float:
        """Training compute, 6 × active parameters × tokens."""
        return training_flops(self.active_params, self.tokens)

    @property
    def implied_mfu(self) -> float | None:
        """The utilisation at which :attr:`flops` takes the reported GPU-hours; None for a hypothetical run."""
        if self.reported_gpu_hours is None:
            return None
        return implied_mfu(self.flops, self.reported_gpu_hours, self.peak_flops_per_gpu)


def runs() -> dict[str, Run]:
    """The explorer's presets, every input from the ledger.

    ``v3-dense`` is hypothetical: V3's 671B parameters all working on every token, to show
    what the mixture of experts saves.
    """
    return {
        "v3": Run("DeepSeek-V3 pre-training (MoE)", value("v3.active-params"), value("v3.pretrain-tokens"),
                  value("chip.h800.dense-tops"), value("v3.pretrain-gpu-hours")),
        "llama-405b": Run("Llama 3.1 405B (dense)", value("llama31-405b.params"), value("llama3.tokens-paper"),
                          value("chip.h100.dense-tops"), value("llama31-405b.gpu-hours")),
        "v3-dense": Run(f"A dense {fact('v3.total-params').text()} model on V3's tokens (hypothetical)",
                        value("v3.total-params"), value("v3.pretrain-tokens"), value("chip.h800.dense-tops"), None),
    }


FLOPS_SPEC = {
    "run": Choice(tuple((key, r.label) for key, r in runs().items()), "Training run"),
    "mfu": Slider(0.25, 0.55, 0.1, "Utilisation (MFU)", "of BF16 peak", fmt="{:.0%}"),
    "price": Slider(1.0, 3.0, 1.0, "Rental price", "per GPU-hour", fmt="${:.2f}"),
}


@dataclass(frozen=True)
class FlopsBudget:
    """Result of :func:`flops_budget`."""

    run: str
    mfu: float
    flops: float
    gpu_hours: float
    usd: float
    price: float
    implied_mfu: float | None  # what the reported GPU-hours imply; None for a hypothetical run
    mfu_grid: np.ndarray  # MFU values across the slider range
    curves: dict[str, np.ndarray]  # GPU-hours of every preset at each MFU of the grid


@controls(FLOPS_SPEC)
def flops_budget(run: str = "v3", mfu: float = 0.35, price: float = DEFAULT_PRICE) -> FlopsBudget:
    """FLOPs, GPU-hours and rental cost of a preset run at a chosen utilisation and price.

    FLOPs come from 6 × active parameters × tokens; GPU-hours from FLOPs ÷ (peak × MFU × 3600);
    cost from GPU-hours × ``price`` (default: the V3 report's assumption). ``implied_mfu`` is the
    utilisation at which the estimate meets the GPU-hours the run's report gives.
    """
    run = FLOPS_SPEC["run"].check("run", run)
    mfu = FLOPS_SPEC["mfu"].check("mfu", mfu)
    price = FLOPS_SPEC["price"].check("price", price)
    presets = runs()
    slider = FLOPS_SPEC["mfu"]
    mfu_grid = np.linspace(slider.min, slider.max, 41)

    r = presets[run]
    estimate = gpu_hours(r.flops, r.peak_flops_per_gpu, mfu)
    return FlopsBudget(
        run=run, mfu=mfu, flops=r.flops, gpu_hours=estimate, usd=rental_cost(estimate, price), price=price,
        implied_mfu=r.implied_mfu, mfu_grid=mfu_grid,
        curves={key: np.array([gpu_hours(p.flops, p.peak_flops_per_gpu, m) for m in mfu_grid])
                for key, p in presets.items()},
    )
