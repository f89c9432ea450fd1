import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers.ledger import value
from explainers.models.moe import count_params, kv_cache_bytes_per_token, load_config, moe_layer_indices

V3 = load_config("deepseek-v3")

# DeepSeek-V2 and V2-Lite, the same architecture family (configs as published with the models;
# totals from the DeepSeek-V2 paper, arXiv:2405.04434: 236B/21B and 15.7B/2.4B).
V2 = dict(hidden_size=5120, num_hidden_layers=60, vocab_size=102400, intermediate_size=12288,
          moe_intermediate_size=1536, n_routed_experts=160, n_shared_experts=2, num_experts_per_tok=6,
          first_k_dense_replace=1, moe_layer_freq=1, q_lora_rank=1536, kv_lora_rank=512, qk_nope_head_dim=128,
          qk_rope_head_dim=64, v_head_dim=128, num_attention_heads=128, tie_word_embeddings=False)
V2_LITE = dict(V2, hidden_size=2048, num_hidden_layers=27, intermediate_size=10944, moe_intermediate_size=1408,
               n_routed_experts=64, q_lora_rank=None, num_attention_heads=16)

# A configuration small enough to count by hand.
TINY = dict(hidden_size=4, num_hidden_layers=3, vocab_size=10, intermediate_size=8, moe_intermediate_size=2,
            n_routed_experts=4, n_shared_experts=1, num_experts_per_tok=2, first_k_dense_replace=1, moe_layer_freq=1,
            q_lora_rank=None, kv_lora_rank=3, qk_nope_head_dim=2, qk_rope_head_dim=1, v_head_dim=2,
            num_attention_heads=2, tie_word_embeddings=False)


def test_v3_against_the_published_totals():
    c = count_params(V3)
    assert c.total == pytest.approx(value("v3.total-params"), rel=0.001)
    assert c.active == pytest.approx(36.7e9, rel=0.01)  # README_WEIGHTS: 36.7B activated
    assert c.active == pytest.approx(value("v3.active-params"), rel=0.015)  # the paper rounds to 37B
    assert (c.dense_layers, c.moe_layers) == (3, 58)  # ledger row 1.5
    assert c.moe_layers * 256 * c.expert == pytest.approx(654e9, rel=0.001)  # ledger row 1.11


def test_the_family_not_only_v3():
    assert count_params(V2).total == pytest.approx(236e9, rel=0.01)
    assert count_params(V2).active == pytest.approx(21e9, rel=0.01)
    assert count_params(V2_LITE).total == pytest.approx(15.7e9, rel=0.01)
    assert count_params(V2_LITE).active == pytest.approx(2.4e9, rel=0.025)


def test_tiny_config_by_hand():
    h = 4
    query = h * 2 * 3                      # no query compression: hidden × heads × (nope + rope)
    key_value = h * (3 + 1) + 3 + 3 * 2 * (2 + 2)
    attention = query + key_value + 2 * 2 * h + 2 * h
    expert = 3 * h * 2
    router = 4 * h
    embedding = head = 10 * h
    c = count_params(TINY)
    assert c.attention_per_layer == attention
    assert (c.dense_layers, c.moe_layers) == (1, 2)
    assert c.total == embedding + head + h + 3 * attention + 3 * h * 8 + 2 * (router + 5 * expert)
    assert c.active == h + head + h + 3 * attention + 3 * h * 8 + 2 * (router + 3 * expert)


def test_moe_layer_pattern():
    assert moe_layer_indices(dict(TINY, num_hidden_layers=6, moe_layer_freq=2)) == [2, 4]
    assert moe_layer_indices(V3) == list(range(3, 61))


def test_tied_embeddings_drop_the_output_head():
    tied = count_params(dict(TINY, tie_word_embeddings=True))
    assert count_params(TINY).total - tied.total == 10 * 4


@given(st.integers(1, 3))
def test_top_k_changes_active_not_total(k):
    fewer, more = count_params(dict(TINY, num_experts_per_tok=k)), count_params(dict(TINY, num_experts_per_tok=k + 1))
    assert more.total == fewer.total
    assert more.active - fewer.active == more.moe_layers * more.expert
    assert fewer.active <= fewer.total


@given(st.integers(4, 64))
def test_more_routed_experts_grow_total_and_only_the_router_of_active(n):
    base, bigger = count_params(TINY), count_params(dict(TINY, n_routed_experts=n))
    assert bigger.total - base.total == bigger.moe_layers * (n - 4) * (bigger.expert + 4)
    assert bigger.active - base.active == bigger.moe_layers * (n - 4) * 4  # one router row per expert


def test_kv_cache_at_v3s_dimensions():
    assert kv_cache_bytes_per_token(V3) == 61 * (512 + 64) * 2 == 70_272
    assert kv_cache_bytes_per_token(V3, attention="mha") == 61 * 2 * 128 * 128 * 2
    assert kv_cache_bytes_per_token(V3, attention="gqa", kv_heads=8) == 61 * 2 * 8 * 128 * 2
    assert kv_cache_bytes_per_token(V3, bytes_per_element=1) == 70_272 // 2
    assert kv_cache_bytes_per_token(V3, attention="gqa", kv_heads=128) == kv_cache_bytes_per_token(V3, attention="mha")


@pytest.mark.parametrize("change, name", [
    ({"hidden_size": None}, "hidden_size"),
    ({"num_hidden_layers": -1}, "num_hidden_layers"),
    ({"vocab_size": 1.5}, "vocab_size"),
    ({"moe_intermediate_size": 2048.0}, "moe_intermediate_size"),
    ({"n_routed_experts": True}, "n_routed_experts"),
    ({"num_attention_heads": 0}, "num_attention_heads"),
    ({"num_experts_per_tok": 300}, "num_experts_per_tok"),
    ({"q_lora_rank": -3}, "q_lora_rank"),
])
def test_bad_configs_name_the_key(change, name):
    with pytest.raises(ValueError, match=name):
        count_params(dict(V3, **change))


@pytest.mark.parametrize("key", ["hidden_size", "kv_lora_rank", "q_lora_rank", "tie_word_embeddings"])
def test_missing_keys_are_named(key):
    config = {k: v for k, v in V3.items() if k != key}
    with pytest.raises(ValueError, match=f"missing required key '{key}'"):
        count_params(config)


@pytest.mark.parametrize("kwargs, message", [
    ({"attention": "flash"}, "attention must be one of"),
    ({"attention": "gqa"}, "kv_heads must be an integer"),
    ({"attention": "gqa", "kv_heads": 0}, "kv_heads"),
    ({"attention": "mla", "kv_heads": 8}, "kv_heads applies only"),
    ({"bytes_per_element": 0}, "bytes_per_element"),
])
def test_bad_kv_cache_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        kv_cache_bytes_per_token(V3, **kwargs)


def test_bad_config_types():
    with pytest.raises(TypeError, match="config must be a mapping"):
        count_params([1, 2])
    with pytest.raises(ValueError, match="name must be one of"):
        load_config("gpt-5")


# --- Routing explorable -----------------------------------------------------------------

from explainers.models.moe import ROUTING_SPEC, routing  # noqa: E402


def test_routing_at_v3s_preset_is_v3():
    r = routing()
    assert (r.routed_experts, r.experts_per_token, r.shared_experts) == (256, 8, 1)
    assert (r.total, r.active) == (count_params(V3).total, count_params(V3).active)
    assert r.forward_flops_per_token == 2 * r.active


@given(st.sampled_from(ROUTING_SPEC["routed_experts"].grid()), st.sampled_from(ROUTING_SPEC["experts_per_token"].grid()))
def test_routing_invariants(n, k):
    r = routing(n, k)
    assert len(r.chosen) == len(set(r.chosen)) == k and all(0 <= i < int(n) for i in r.chosen)
    assert r.chosen == routing(n, k).chosen  # the same picture on every build
    assert r.active < r.total


def test_more_experts_grow_total_far_more_than_active():
    small, big = routing("64", 8), routing("512", 8)
    assert big.total > 7 * small.total * 0.9
    assert big.active / small.active < 1.01  # only the router grows


def test_routing_bad_input():
    with pytest.raises(ValueError, match="routed_experts must be one of"):
        routing("300", 8)
    with pytest.raises(ValueError, match="experts_per_token must be between"):
        routing("256", 40)


# --- KV-cache explorable ------------------------------------------------------------------

from explainers.models.moe import KV_SPEC, kv_cache_memory  # noqa: E402


def test_kv_cache_memory_by_hand():
    c = kv_cache_memory("32768", "8")
    sizes = {kind: b for kind, _, b in c.bytes_by_kind}
    assert sizes["mla"] == 32768 * 8 * 70_272
    assert sizes["mha"] == 32768 * 8 * 61 * 2 * 128 * 128 * 2
    assert sizes["gqa"] == 32768 * 8 * 61 * 2 * 8 * 128 * 2


@given(st.sampled_from(KV_SPEC["sequence_length"].grid()), st.sampled_from(KV_SPEC["batch"].grid()))
def test_kv_cache_is_linear_and_ordered(tokens, batch):
    c = kv_cache_memory(tokens, batch)
    sizes = [b for _, _, b in c.bytes_by_kind]
    assert sizes == sorted(sizes, reverse=True)  # MHA > GQA-8 > MLA at V3's dimensions
    one = kv_cache_memory(tokens, "1")
    assert all(b == int(batch) * b1 for (_, _, b), (_, _, b1) in zip(c.bytes_by_kind, one.bytes_by_kind))


def test_kv_cache_memory_bad_input():
    with pytest.raises(ValueError, match="sequence_length must be one of"):
        kv_cache_memory("1000")
    with pytest.raises(ValueError, match="batch must be one of"):
        kv_cache_memory("4096", "3")


def test_extreme_bytes_per_element_and_flags():
    from explainers.models.moe import kv_cache_memory

    for call in (lambda: kv_cache_bytes_per_token(V3, 1e308), lambda: kv_cache_memory(bytes_per_element=1e308)):
        with pytest.raises(ValueError, match="bytes_per_element"):  # was OverflowError from round(inf)
            call()
    with pytest.raises(TypeError, match="bytes_per_element"):
        kv_cache_bytes_per_token(V3, "2")
    with pytest.raises(ValueError, match="tie_word_embeddings"):
        count_params(dict(V3, tie_word_embeddings="false"))
