"""Three of V3's efficiency ideas as small worked models (V3-versus-R1 chapter).

Each is deliberately simple: multi-token prediction as expected tokens per decoding step,
FP8 as bytes per parameter, DualPipe as overlapping computation with communication. The
DualPipe model is a toy that shows the principle, not DeepSeek's schedule.
"""

from __future__ import annotations

from explainers.params import check_fraction, check_nonnegative, check_positive

BYTES_PER_PARAMETER = {"FP32": 4, "BF16": 2, "FP8": 1}


def tokens_per_step(acceptance: float) -> float:
    """Tokens produced per main-model step when one extra drafted token is accepted with ``acceptance``.

    Each step always yields the next token, plus the drafted one when it is accepted: 1 + acceptance.
    """
    return 1.0 + check_fraction("acceptance", acceptance)


def weight_bytes(params: float, number_format: str) -> float:
    """Memory for ``params`` weights stored in ``number_format`` (``"FP32"``, ``"BF16"`` or ``"FP8"``)."""
    if number_format not in BYTES_PER_PARAMETER:
        raise ValueError(f"number_format must be one of {list(BYTES_PER_PARAMETER)}, got {number_format!r}")
    return check_positive("params", params) * BYTES_PER_PARAMETER[number_format]


def step_time(compute: float, communication: float, overlapped: bool) -> float:
    """Time of one step whose computation and communication either run one after the other or overlap.

    Overlapped, the longer of the two sets the pace (the toy ignores pipeline bubbles).
    """
    compute = check_nonnegative("compute", compute)
    communication = check_nonnegative("communication", communication)
    if not isinstance(overlapped, bool):
        raise TypeError(f"overlapped must be a bool, got {overlapped!r}")
    return max(compute, communication) if overlapped else compute + communication
