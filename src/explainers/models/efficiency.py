"""Three of V3's efficiency ideas as small worked models (V3-versus-R1 chapter).

Each is deliberately simple: multi-token prediction as expected tokens per decoding step,
FP8 as bits per parameter (in :mod:`explainers.models.memory`), DualPipe as overlapping computation with communication. The
DualPipe model is a toy that shows the principle, not DeepSeek's schedule.
"""

from __future__ import annotations

from explainers.params import check_finite_result, check_fraction, check_nonnegative


def tokens_per_step(acceptance: float) -> float:
    """Tokens produced per main-model step when one extra drafted token is accepted with ``acceptance``.

    Each step always yields the next token, plus the drafted one when it is accepted: 1 + acceptance.
    """
    return 1.0 + check_fraction("acceptance", acceptance)


def step_time(compute: float, communication: float, overlapped: bool) -> float:
    """Time of one step whose computation and communication either run one after the other or overlap.

    Overlapped, the longer of the two sets the pace (the toy ignores pipeline bubbles).
    """
    compute = check_nonnegative("compute", compute)
    communication = check_nonnegative("communication", communication)
    if not isinstance(overlapped, bool):
        raise TypeError(f"overlapped must be a bool, got {overlapped!r}")
    time = max(compute, communication) if overlapped else compute + communication
    return check_finite_result("step_time", time, compute=compute, communication=communication)  # 1e308 + 1e308
