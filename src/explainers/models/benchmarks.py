"""Benchmark scores of DeepSeek-R1, OpenAI o1-1217 and DeepSeek-V3, from the ledger.

Used in: the V3-versus-R1 chapter. R1 and o1-1217 come from the R1 paper's Table 4 (the o1
numbers are OpenAI's own, quoted by DeepSeek); V3's come from its own report, under other
settings, so they are context rather than a like-for-like comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainers.ledger import fact
from explainers.params import Choice

MODELS = (("r1", "DeepSeek-R1"), ("o1-1217", "OpenAI o1-1217"), ("v3", "DeepSeek-V3"))
BENCHMARKS = (("aime-2024", "AIME 2024 (competition maths)"), ("math-500", "MATH-500 (maths problems)"),
              ("gpqa-diamond", "GPQA Diamond (graduate science)"), ("codeforces-percentile", "Codeforces (percentile)"),
              ("livecodebench", "LiveCodeBench (coding)"), ("mmlu", "MMLU (general knowledge)"))

SPEC = {"benchmark": Choice(BENCHMARKS, "Benchmark")}


@dataclass(frozen=True)
class Scores:
    """Result of :func:`scores`: each model's score on one benchmark, or ``None`` where not reported."""

    benchmark: str
    label: str
    unit: str
    by_model: tuple[tuple[str, str, float | None], ...]  # (model key, model label, score)


def scores(benchmark: str = "aime-2024") -> Scores:
    """The three models' scores on ``benchmark``, from the ledger."""
    benchmark = SPEC["benchmark"].check("benchmark", benchmark)
    by_model = []
    for key, label in MODELS:
        try:
            by_model.append((key, label, fact(f"bench.{key}.{benchmark}").value))
        except KeyError:
            by_model.append((key, label, None))
    return Scores(benchmark, dict(BENCHMARKS)[benchmark], fact(f"bench.r1.{benchmark}").unit, tuple(by_model))
