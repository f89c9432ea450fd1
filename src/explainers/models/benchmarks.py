"""Benchmark scores of DeepSeek-R1, OpenAI o1-1217 and DeepSeek-V3, from the ledger.

Used in: the V3-versus-R1 chapter. R1 and o1-1217 come from the R1 paper's Table 4 (the o1
numbers are OpenAI's own, quoted by DeepSeek); V3's come from its own report, under other
settings, so they are context rather than a like-for-like comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainers.ledger import fact
from explainers.params import Choice, controls

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


@controls(SPEC)
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


# --- The six R1 distills against four reference models (R1 paper Table 5) --------------------------

REFERENCE_MODELS = (("gpt-4o-0513", "GPT-4o-0513"), ("claude-3.5-sonnet-1022", "Claude-3.5-Sonnet-1022"),
                    ("o1-mini", "OpenAI o1-mini"), ("qwq-32b-preview", "QwQ-32B-Preview"))
DISTILLS = (("r1-distill-qwen-1.5b", "R1-Distill-Qwen-1.5B"), ("r1-distill-qwen-7b", "R1-Distill-Qwen-7B"),
            ("r1-distill-llama-8b", "R1-Distill-Llama-8B"), ("r1-distill-qwen-14b", "R1-Distill-Qwen-14B"),
            ("r1-distill-qwen-32b", "R1-Distill-Qwen-32B"), ("r1-distill-llama-70b", "R1-Distill-Llama-70B"))
DISTILL_BENCHMARKS = (("aime-2024", "AIME 2024 (pass@1)"), ("aime-2024-cons64", "AIME 2024 (majority of 64)"),
                      ("math-500", "MATH-500"), ("gpqa-diamond", "GPQA Diamond"),
                      ("livecodebench", "LiveCodeBench"), ("codeforces-rating", "Codeforces rating"))

DISTILL_SPEC = {"benchmark": Choice(DISTILL_BENCHMARKS, "Benchmark")}


@controls(DISTILL_SPEC)
def distill_scores(benchmark: str = "aime-2024") -> Scores:
    """The six distills and the four reference models of the R1 paper's Table 5 on ``benchmark``."""
    benchmark = DISTILL_SPEC["benchmark"].check("benchmark", benchmark)
    by_model = tuple((key, label, fact(f"dbench.{key}.{benchmark}").value)
                     for key, label in REFERENCE_MODELS + DISTILLS)
    unit = fact(f"dbench.o1-mini.{benchmark}").unit
    return Scores(benchmark, dict(DISTILL_BENCHMARKS)[benchmark], unit, by_model)
