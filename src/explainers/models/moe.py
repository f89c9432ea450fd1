"""Mixture of experts and multi-head latent attention, counted from a model's configuration.

Used in: the V3-versus-R1 chapter. Works on any Hugging Face ``config.json`` of the DeepSeek
V2/V3 architecture (DeepSeek-V2, V2-Lite, V3, and other models built on it), not only V3's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from numbers import Integral
from pathlib import Path
from typing import Mapping

import numpy as np

from explainers.params import Choice, Slider, check_finite_result, check_positive, controls

CONFIGS = Path(__file__).resolve().parents[1] / "data" / "configs"

_SIZES = ("hidden_size", "num_hidden_layers", "vocab_size", "intermediate_size", "moe_intermediate_size",
          "n_routed_experts", "n_shared_experts", "num_experts_per_tok", "first_k_dense_replace",
          "moe_layer_freq", "kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim",
          "num_attention_heads")
# Sizes that may be zero: a model can have no dense layers or no shared expert.
_MAY_BE_ZERO = {"first_k_dense_replace", "n_shared_experts"}


def load_config(name: str = "deepseek-v3") -> dict:
    """A configuration shipped with the package (``data/configs/<name>.json``; sources in SOURCES.md)."""
    path = CONFIGS / f"{name}.json"
    if not path.is_file():
        choices = sorted(p.stem for p in CONFIGS.glob("*.json"))
        raise ValueError(f"name must be one of {choices}, got {name!r}")
    return json.loads(path.read_text())


def _size(config: Mapping, key: str) -> int:
    if key not in config:
        raise ValueError(f"config is missing required key {key!r}")
    value = config[key]
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"config[{key!r}] must be a non-negative integer, got {value!r}")
    if value < 0 or (value == 0 and key not in _MAY_BE_ZERO):
        raise ValueError(f"config[{key!r}] must be a {'non-negative' if key in _MAY_BE_ZERO else 'positive'} "
                         f"integer, got {value!r}")
    return int(value)


def _sizes(config: Mapping) -> dict[str, int]:
    if not isinstance(config, Mapping):
        raise TypeError(f"config must be a mapping such as a parsed config.json, got {type(config).__name__}")
    sizes = {key: _size(config, key) for key in _SIZES}
    if "q_lora_rank" not in config:
        raise ValueError("config is missing required key 'q_lora_rank' (null when queries are not compressed)")
    sizes["q_lora_rank"] = None if config["q_lora_rank"] is None else _size(config, "q_lora_rank")
    if "tie_word_embeddings" not in config:
        raise ValueError("config is missing required key 'tie_word_embeddings'")
    if not isinstance(config["tie_word_embeddings"], bool):  # bool("false") is True: a string would flip the count
        raise ValueError(f"config['tie_word_embeddings'] must be true or false (a bool), "
                         f"got {config['tie_word_embeddings']!r}")
    if sizes["num_experts_per_tok"] > sizes["n_routed_experts"]:
        raise ValueError(f"config['num_experts_per_tok'] must be at most n_routed_experts "
                         f"({sizes['n_routed_experts']}), got {sizes['num_experts_per_tok']}")
    return sizes


@dataclass(frozen=True)
class ParamCount:
    """Parameters of a model, in total and used for one token, with the parts that explain them."""

    total: int
    active: int
    attention_per_layer: int
    dense_mlp_per_layer: int
    expert: int  # one expert (routed or shared): three matrices of hidden × moe_intermediate
    router_per_layer: int
    moe_layers: int
    dense_layers: int
    embedding: int
    output_head: int


def moe_layer_indices(config: Mapping) -> list[int]:
    """Which layers are mixture-of-experts layers: from ``first_k_dense_replace`` on, every ``moe_layer_freq``-th."""
    s = _sizes(config)
    return [i for i in range(s["num_hidden_layers"])
            if i >= s["first_k_dense_replace"] and i % s["moe_layer_freq"] == 0]


def count_params(config: Mapping) -> ParamCount:
    """Count total and per-token ("active") parameters from a DeepSeek V2/V3 ``config.json``.

    The count covers the main model only: it **excludes the multi-token-prediction (MTP) module**
    (``num_nextn_predict_layers``), which V3's checkpoint ships beside the main model.

    *Active* means the parameters one token's computation uses: attention, the dense MLPs, the
    router, the shared experts and the ``num_experts_per_tok`` routed experts chosen for it, the
    norms and the output head. The input embedding is a lookup, so a token uses one row of it,
    not the whole table. (Counting the whole embedding table adds ``vocab_size × hidden_size``;
    DeepSeek's own README gives 36.7B activated for V3 and the paper rounds to 37B.)

    Raises ``ValueError`` naming the key for a missing key or a negative or non-integer size,
    and ``TypeError`` if ``config`` is not a mapping.
    """
    s = _sizes(config)
    h, heads = s["hidden_size"], s["num_attention_heads"]
    q_head = s["qk_nope_head_dim"] + s["qk_rope_head_dim"]
    if s["q_lora_rank"] is None:
        query = h * heads * q_head
    else:  # down-projection, its norm, up-projection
        query = h * s["q_lora_rank"] + s["q_lora_rank"] + s["q_lora_rank"] * heads * q_head
    key_value = (h * (s["kv_lora_rank"] + s["qk_rope_head_dim"]) + s["kv_lora_rank"]
                 + s["kv_lora_rank"] * heads * (s["qk_nope_head_dim"] + s["v_head_dim"]))
    output = heads * s["v_head_dim"] * h
    attention = query + key_value + output + 2 * h  # plus the two norms around attention and MLP
    dense_mlp = 3 * h * s["intermediate_size"]  # gate, up and down projections
    expert = 3 * h * s["moe_intermediate_size"]
    # V3's router also learns one bias per expert for load balancing (its "noaux_tc" method).
    router = s["n_routed_experts"] * h + (s["n_routed_experts"] if config.get("topk_method") == "noaux_tc" else 0)
    moe_layers = len(moe_layer_indices(config))
    dense_layers = s["num_hidden_layers"] - moe_layers
    embedding = s["vocab_size"] * h
    head = 0 if config["tie_word_embeddings"] else embedding
    shared = s["n_shared_experts"] * expert
    common = s["num_hidden_layers"] * attention + dense_layers * dense_mlp + moe_layers * (router + shared) + h + head
    return ParamCount(
        total=common + embedding + moe_layers * s["n_routed_experts"] * expert,
        active=common + h + moe_layers * s["num_experts_per_tok"] * expert,
        attention_per_layer=attention, dense_mlp_per_layer=dense_mlp, expert=expert, router_per_layer=router,
        moe_layers=moe_layers, dense_layers=dense_layers, embedding=embedding, output_head=head,
    )


ATTENTION = ("mla", "mha", "gqa")


def kv_cache_bytes_per_token(config: Mapping, bytes_per_element: float = 2, attention: str = "mla",
                             kv_heads: int | None = None) -> int:
    """Bytes of KV cache one token needs across all layers, for three kinds of attention.

    - ``"mla"``: multi-head latent attention caches one compressed vector of ``kv_lora_rank``
      plus the shared RoPE key of ``qk_rope_head_dim`` per layer.
    - ``"mha"``: standard multi-head attention caches a key and a value per head, each of the
      head dimension (``v_head_dim``, 128 for V3, as in the V2 paper's comparison).
    - ``"gqa"``: grouped-query attention caches a key and a value for each of ``kv_heads`` groups.

    ``bytes_per_element`` is 2 for BF16, 1 for FP8.
    """
    s = _sizes(config)
    if attention not in ATTENTION:
        raise ValueError(f"attention must be one of {list(ATTENTION)}, got {attention!r}")
    check_positive("bytes_per_element", bytes_per_element)  # kept as given: an int keeps the count exact
    if attention == "gqa":
        if isinstance(kv_heads, bool) or not isinstance(kv_heads, Integral) or not 1 <= kv_heads <= s["num_attention_heads"]:
            raise ValueError(f"kv_heads must be an integer from 1 to num_attention_heads "
                             f"({s['num_attention_heads']}) for gqa, got {kv_heads!r}")
    elif kv_heads is not None:
        raise ValueError(f"kv_heads applies only to attention='gqa', got kv_heads={kv_heads!r} with {attention!r}")
    per_layer = {
        "mla": s["kv_lora_rank"] + s["qk_rope_head_dim"],
        "mha": 2 * s["num_attention_heads"] * s["v_head_dim"],
        "gqa": 2 * (kv_heads or 0) * s["v_head_dim"],
    }[attention]
    size = s["num_hidden_layers"] * per_layer * bytes_per_element
    # round(inf) raises OverflowError naming nothing: a huge bytes_per_element is reported here instead.
    return round(check_finite_result("kv_cache_bytes_per_token", size, bytes_per_element=bytes_per_element,
                                     attention=attention))


# --- Routing explorable (V3-versus-R1 chapter) -----------------------------------------

ROUTING_SPEC = {
    "routed_experts": Choice(tuple((str(n), f"{n} (V3)" if n == 256 else str(n)) for n in (64, 128, 256, 512)),
                             "Routed experts per layer"),
    "experts_per_token": Slider(2, 16, 2, "Experts chosen per token", "", fmt="{:.0f}"),
}


@dataclass(frozen=True)
class Routing:
    """Result of :func:`routing`: one token's expert choice in one layer, and what it costs."""

    routed_experts: int
    experts_per_token: int
    shared_experts: int
    chosen: tuple[int, ...]  # the experts this illustration picks for one token
    total: int
    active: int
    forward_flops_per_token: int  # about 2 FLOPs per active parameter


@controls(ROUTING_SPEC)
def routing(routed_experts: str = "256", experts_per_token: float = 8) -> Routing:
    """V3 with a different number of routed experts or experts per token: total and active parameters.

    Every other dimension stays V3's (experts keep their size), so the total grows with the
    number of experts while the compute per token follows only the experts chosen. Which
    experts are shown as chosen is an illustration (a fixed pseudo-random pick); the real router
    picks the experts with the highest affinity scores for each token.
    """
    n = int(ROUTING_SPEC["routed_experts"].check("routed_experts", routed_experts))
    k = int(ROUTING_SPEC["experts_per_token"].check("experts_per_token", experts_per_token))
    config = {**load_config(), "n_routed_experts": n, "num_experts_per_tok": k}
    count = count_params(config)
    rng = np.random.default_rng(1000 * n + k)  # fixed, so every build draws the same picture
    return Routing(routed_experts=n, experts_per_token=k, shared_experts=config["n_shared_experts"],
                   chosen=tuple(sorted(int(i) for i in rng.choice(n, size=k, replace=False))),
                   total=count.total, active=count.active, forward_flops_per_token=2 * count.active)


# --- KV-cache explorable (V3-versus-R1 chapter) ----------------------------------------

KV_SPEC = {
    "sequence_length": Choice((("4096", "4K tokens"), ("32768", "32K tokens"), ("131072", "128K tokens")),
                              "Sequence length"),
    "batch": Choice((("1", "1 sequence"), ("8", "8 sequences"), ("32", "32 sequences")), "Sequences served at once"),
}
#: Attention kinds compared at V3's dimensions, with the GQA group count of a typical dense model.
KV_KINDS = (("mha", "multi-head (MHA)", {}), ("gqa", "grouped-query (GQA-8)", {"kv_heads": 8}),
            ("mla", "latent (MLA, V3)", {}))


@dataclass(frozen=True)
class KVCache:
    """Result of :func:`kv_cache_memory`: bytes of cache for each kind of attention."""

    sequence_length: int
    batch: int
    bytes_by_kind: tuple[tuple[str, str, int], ...]  # (kind, label, bytes)


@controls(KV_SPEC)
def kv_cache_memory(sequence_length: str = "32768", batch: str = "1", bytes_per_element: float = 2) -> KVCache:
    """KV-cache memory for ``batch`` sequences of ``sequence_length`` tokens at V3's dimensions."""
    tokens = int(KV_SPEC["sequence_length"].check("sequence_length", sequence_length))
    sequences = int(KV_SPEC["batch"].check("batch", batch))
    config = load_config()
    return KVCache(tokens, sequences, tuple(
        (kind, label, tokens * sequences * kv_cache_bytes_per_token(config, bytes_per_element, kind, **extra))
        for kind, label, extra in KV_KINDS))
