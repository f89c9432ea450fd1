"""The arithmetic of sparse attention and the whole story's timeline: known answers by hand, invariants, bad input."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers import ledger
from explainers.models import later


def test_work_per_earlier_token_by_hand():
    a = later.v32_attention()
    # V3: 128 heads; each reads a 512-wide latent plus a 64-wide positional key, then weights the 512-wide latent.
    assert a.per_key == 128 * (512 + 64) + 128 * 512 == 139_264
    # V3.2-Exp's indexer: 64 heads of 128 dimensions, and one weight per head.
    assert a.index_per_key == 64 * 128 + 64 == 8_256
    assert a.top_k == 2048


def test_the_longest_context_by_hand():
    w = later.attention_work(131072)
    assert w.dense == 139_264 * 131_072
    assert w.indexer == 8_256 * 131_072 and w.selected == 139_264 * 2048
    assert w.saving == pytest.approx(139_264 * 131_072 / (8_256 * 131_072 + 139_264 * 2048))
    assert w.saving == pytest.approx(13.35, abs=0.01)
    assert w.indexer_share == pytest.approx(0.79, abs=0.01)


def test_below_the_top_k_sparse_attention_costs_more():
    for context in (1, 1024, 2048):
        w = later.attention_work(context)
        assert w.selected == w.dense and w.sparse > w.dense and w.saving < 1


def test_the_curves_cross_at_the_break_even():
    even = later.break_even()
    assert even == pytest.approx(2048 * 139_264 / (139_264 - 8_256))
    below, above = later.attention_work(math.floor(even)), later.attention_work(math.ceil(even))
    assert below.saving < 1 < above.saving


@given(st.integers(min_value=1, max_value=2_000_000), st.integers(min_value=1, max_value=1000))
def test_sparse_work_grows_by_the_indexer_alone_past_the_top_k(context, more):
    a, b = later.attention_work(context), later.attention_work(context + more)
    assert 0 <= b.selected - a.selected <= b.dense - a.dense and a.selected <= a.dense
    if context >= later.v32_attention().top_k:
        assert b.sparse - a.sparse == b.indexer - a.indexer < b.dense - a.dense


def test_a_smaller_top_k_saves_more_at_long_contexts():
    a = later.v32_attention()
    half = later.Attention(**{**a.__dict__, "top_k": a.top_k // 2})
    assert later.break_even(half) == pytest.approx(later.break_even() / 2)
    assert later.attention_work(131072, half).saving > later.attention_work(131072).saving


def test_the_cache_keeps_every_token():
    cache = later.kv_bytes_per_token()
    assert cache["v3"] == 61 * (512 + 64) * 2 == 70_272  # V3's latent and positional key at 16 bits
    assert cache["v3.2"] == 70_272 + 61 * 128 * 1  # plus the indexer's FP8 key
    assert later.kv_bytes_per_token(bits=8)["v3"] == 70_272 / 2


@pytest.mark.parametrize("bad", [0, -5, 2.5, float("nan"), float("inf")])
def test_bad_contexts(bad):
    with pytest.raises(ValueError, match="context must be a whole number of tokens"):
        later.attention_work(bad)


@pytest.mark.parametrize("bad", ["4096", None, True])
def test_contexts_that_are_not_numbers(bad):
    with pytest.raises(TypeError, match="context must be a number of tokens"):
        later.attention_work(bad)


@pytest.mark.parametrize("bad", [0, 33, "16", True])
def test_bad_bits(bad):
    with pytest.raises(ValueError, match="bits must be a number of bits from 1 to 32"):
        later.kv_bytes_per_token(bits=bad)


def test_the_story_steps_through_every_event_in_date_order():
    events = ledger.timeline()
    steps = [later.story(s) for s in later.STORY_SPEC["step"].grid()]
    assert [s.event for s in steps] == list(events)
    assert [s.event.date for s in steps] == sorted(s.event.date for s in steps)
    assert later.STORY_SPEC["step"].format(1.0) == f"{events[0].when}: {events[0].label}"


def test_the_story_flags_secondary_dates():
    step = later.story(1 + [e.fact for e in ledger.timeline()].index("v4.date"))
    assert step.secondary and step.grade == "S"
    step = later.story(1 + [e.fact for e in ledger.timeline()].index("v3.release-date"))
    assert not step.secondary and step.grade == "P"


@pytest.mark.parametrize("bad", [0, len(ledger.timeline()) + 1, 1.5])
def test_bad_story_steps(bad):
    with pytest.raises(ValueError, match="step"):
        later.story(bad)
