import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.ledger import value
from explainers.models import efficiency as e


def test_mtp_matches_the_reported_speedup():
    low, high = value("v3.mtp-acceptance-low"), value("v3.mtp-acceptance-high")
    assert e.tokens_per_step(low) == pytest.approx(1.85)
    # The paper's 1.8x tokens per second sits just under 1 + acceptance: drafting costs a little.
    assert value("v3.mtp-speedup") <= e.tokens_per_step(low) <= e.tokens_per_step(high)


@given(st.floats(0, 10), st.floats(0, 10))
def test_overlap_never_slower_and_at_most_twice_as_fast(c, m):
    serial, overlapped = e.step_time(c, m, False), e.step_time(c, m, True)
    assert overlapped <= serial <= 2 * overlapped + 1e-12


def test_equal_compute_and_communication_halve_the_time():
    ratio = value("v3.compute-comm-ratio")
    assert e.step_time(ratio, 1.0, False) / e.step_time(ratio, 1.0, True) == pytest.approx(2.0)


@pytest.mark.parametrize("call, error, message", [
    (lambda: e.tokens_per_step(1.2), ValueError, "acceptance"),
    (lambda: e.step_time(-1, 1, True), ValueError, "compute"),
    (lambda: e.step_time(1, 1, "yes"), TypeError, "overlapped"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
