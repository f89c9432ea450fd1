import pytest

from explainers.ledger import value
from explainers.models.benchmarks import BENCHMARKS, scores


def test_r1_against_o1_as_the_paper_reports():
    s = dict((k, v) for k, _, v in scores("aime-2024").by_model)
    assert s == {"r1": 79.8, "o1-1217": 79.2, "v3": 39.2}
    assert dict((k, v) for k, _, v in scores("gpqa-diamond").by_model)["o1-1217"] == 75.7


@pytest.mark.parametrize("benchmark", [k for k, _ in BENCHMARKS])
def test_every_benchmark_reads_the_ledger(benchmark):
    s = scores(benchmark)
    for key, _, v in s.by_model:
        if v is not None:
            assert v == value(f"bench.{key}.{benchmark}")
            assert 0 <= v <= 100
    assert s.by_model[0][2] is not None and s.by_model[1][2] is not None  # R1 and o1 on every benchmark


def test_v3_is_missing_where_it_was_not_reported_comparably():
    assert dict((k, v) for k, _, v in scores("codeforces-percentile").by_model)["v3"] is None
    assert dict((k, v) for k, _, v in scores("livecodebench").by_model)["v3"] is None  # different date window


def test_bad_benchmark():
    with pytest.raises(ValueError, match="benchmark must be one of"):
        scores("hellaswag")
