"""Memory to run a model: its weights at a given precision, plus the key-value cache of its context.

Used in: the distillation chapter ("Will it fit?") and V3's number formats. Counts weights and
KV cache only; a real runtime also needs room for activations and its own buffers, a few per cent
more. Gigabytes are decimal (1e9 bytes), as GPU makers quote them.

Architectures come from the models' ``config.json`` files shipped in ``data/configs`` (sources in
its SOURCES.md): the six R1 distills are dense Qwen2.5 and Llama models with grouped-query
attention, which caches a key and a value vector per KV head, layer and token; R1 (V3's
architecture) uses multi-head latent attention, which caches one compressed latent and one
positional key per layer and token.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from numbers import Integral

from explainers.ledger import value
from explainers.models.moe import CONFIGS, count_params, load_config
from explainers.params import Steps, check_finite_result, check_positive, check_whole, controls

FORMAT_BITS = {"FP32": 32, "BF16": 16, "FP8": 8}
MODELS = (("r1-distill-qwen-1.5b", "R1-Distill-Qwen-1.5B"), ("r1-distill-qwen-7b", "R1-Distill-Qwen-7B"),
          ("r1-distill-llama-8b", "R1-Distill-Llama-8B"), ("r1-distill-qwen-14b", "R1-Distill-Qwen-14B"),
          ("r1-distill-qwen-32b", "R1-Distill-Qwen-32B"), ("r1-distill-llama-70b", "R1-Distill-Llama-70B"),
          ("deepseek-r1", "DeepSeek-R1 (full)"))
MAX_CONTEXT = 131_072  # every model here accepts 128K tokens
#: (label, ledger key of one device's memory, ledger key of the devices per server or None for one)
DEVICES = (("laptop GPU", "device.laptop-gpu.memory", None), ("16 GB laptop", "device.laptop.memory", None),
           ("RTX 4090", "device.rtx-4090.memory", None), ("one H800 or H100", "chip.h800.memory", None),
           ("M3 Max laptop", "device.m3-max.memory", None),
           ("H800 node", "chip.h800.memory", "v3.gpus-per-node"),
           ("H200 node", "chip.h200.memory", "h200-server.gpus"))

SPEC = {
    "bits": Steps((4, 8, 16), "Bits per weight", fmt="{:.0f}"),
    "context": Steps((4096, 32768, 131072), "Context", "tokens", fmt="{:,.0f}"),
}


def weights_gb(params: float, bits_per_param: float) -> float:
    """Decimal gigabytes for ``params`` weights stored at ``bits_per_param`` bits each."""
    params = check_positive("params", params)
    bits = check_positive("bits_per_param", bits_per_param)
    if bits > 64:
        raise ValueError(f"bits_per_param must be at most 64, got {bits_per_param!r}")
    return check_finite_result("weights_gb", params * bits / 8 / 1e9, params=params, bits_per_param=bits_per_param)


@dataclass(frozen=True)
class Architecture:
    """What memory depends on: the parameter count and the numbers cached per token of context."""

    name: str
    label: str
    params: int
    cached_per_token: int  # KV-cache values per token, all layers together
    layers: int

    def __post_init__(self):
        for field in ("params", "cached_per_token", "layers"):
            check_whole(field, getattr(self, field), 1, 2**53)  # counts, exact as floats


def _size(config: dict, key: str) -> int:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, Integral) or value <= 0:
        raise ValueError(f"config[{key!r}] must be a positive integer, got {value!r}")
    return int(value)


def _flag(config: dict, key: str) -> bool:
    # JSON's true/false only: bool("false") is True, so a string would silently flip the count.
    value = config.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"config[{key!r}] must be true or false (a bool) when present, got {value!r}")
    return value


def _check_config(config) -> dict:
    if not isinstance(config, dict):
        raise TypeError(f"config must be a dict of config.json fields, got {type(config).__name__}")
    return config


def head_dim(config: dict) -> int:
    """Width of one attention head of a Llama or Qwen2 ``config.json``: its ``head_dim`` if given,
    else hidden size ÷ attention heads."""
    _check_config(config)
    if config.get("head_dim") is not None:
        return _size(config, "head_dim")
    return _size(config, "hidden_size") // _size(config, "num_attention_heads")


def dense_params(config: dict) -> int:
    """Parameters of a dense Llama or Qwen2 decoder, counted from its ``config.json``.

    Per layer: query, key, value and output projections (Qwen2 adds biases to query, key and
    value), a gated MLP of three matrices, two norms; then a final norm, the embedding and, unless
    tied to it, the output head.
    """
    _check_config(config)
    hidden, ffn, layers = (_size(config, k) for k in ("hidden_size", "intermediate_size", "num_hidden_layers"))
    heads, kv_heads, vocab = (_size(config, k) for k in ("num_attention_heads", "num_key_value_heads", "vocab_size"))
    width = head_dim(config)
    qwen = config.get("architectures") == ["Qwen2ForCausalLM"]
    bias = _flag(config, "attention_bias") or qwen
    q, kv = heads * width, kv_heads * width
    attention = hidden * q + 2 * hidden * kv + q * hidden + (q + 2 * kv if bias else 0)
    per_layer = attention + 3 * hidden * ffn + 2 * hidden
    embedding = vocab * hidden
    return layers * per_layer + hidden + embedding * (1 if _flag(config, "tie_word_embeddings") else 2)


@cache
def _distill_configs() -> dict:
    return json.loads((CONFIGS / "r1-distills.json").read_text())


def distill_config(name: str) -> dict:
    """The shipped ``config.json`` fields of one of the six distills (a copy: editing it changes nothing)."""
    configs = _distill_configs()
    if name not in configs:
        raise ValueError(f"name must be one of {list(configs)}, got {name!r}")
    return dict(configs[name])


def architecture(name: str) -> Architecture:
    """One of ``MODELS`` by name, counted from its shipped configuration."""
    # Checked before the cache sees it: an unhashable name would fail there, naming nothing.
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, one of {[n for n, _ in MODELS]}, got {type(name).__name__}: {name!r}")
    if name not in dict(MODELS):
        raise ValueError(f"name must be one of {[n for n, _ in MODELS]}, got {name!r}")
    return _architecture(name)


@cache
def _architecture(name: str) -> Architecture:
    labels = dict(MODELS)
    if name == "deepseek-r1":
        fields = load_config("deepseek-v3")  # R1 has V3's architecture
        layers = _size(fields, "num_hidden_layers")
        latent = _size(fields, "kv_lora_rank") + _size(fields, "qk_rope_head_dim")
        return Architecture(name, labels[name], count_params(fields).total, layers * latent, layers)
    fields = _distill_configs()[name]
    layers = _size(fields, "num_hidden_layers")
    cached = 2 * layers * _size(fields, "num_key_value_heads") * head_dim(fields)  # a key and a value
    return Architecture(name, labels[name], dense_params(fields), cached, layers)


def kv_cache_gb(model: str | Architecture, context: float, batch: float = 1, bits_per_value: float = 16) -> float:
    """Decimal gigabytes of KV cache for ``batch`` sequences of ``context`` tokens each.

    ``model`` is a name from ``MODELS`` or an :class:`Architecture`. The cache is usually kept at
    16 bits even when the weights are quantised further.
    """
    if not isinstance(model, (str, Architecture)):
        raise TypeError(f"model must be a name from MODELS or an Architecture, got {type(model).__name__}: {model!r}")
    arch = model if isinstance(model, Architecture) else architecture(model)
    context = check_whole("context", context, 1, MAX_CONTEXT)
    batch = check_whole("batch", batch, 1, 4096)
    bits = check_positive("bits_per_value", bits_per_value)
    return check_finite_result("kv_cache_gb", arch.cached_per_token * context * batch * bits / 8 / 1e9,
                               model=model, context=context, batch=batch, bits_per_value=bits_per_value)


@dataclass(frozen=True)
class Need:
    """One model's memory at one setting: weights plus KV cache, in decimal GB."""

    name: str
    label: str
    params: int
    weights: float
    kv_cache: float

    @property
    def total(self) -> float:
        return self.weights + self.kv_cache


def server_gb(memory_key: str, gpus_key: str | None = None) -> float:
    """Decimal GB of memory in one device (ledger key ``memory_key``), or in a server of as many of
    them as the ledger fact ``gpus_key`` says, e.g. ``server_gb("chip.h800.memory", "v3.gpus-per-node")``."""
    return value(memory_key) * (value(gpus_key) if gpus_key else 1) / 1e9


def devices() -> tuple[tuple[str, float], ...]:
    """``(label, memory in decimal GB)`` of each of ``DEVICES``, smallest first, from the ledger."""
    sizes = ((f"{value(gpus):.0f} × {label}" if gpus else label, server_gb(key, gpus)) for label, key, gpus in DEVICES)
    return tuple(sorted(sizes, key=lambda d: d[1]))


@dataclass(frozen=True)
class Fit:
    """Result of :func:`fit`: every model's memory need at one precision and context length."""

    bits: int
    context: int
    needs: tuple[Need, ...]
    devices: tuple[tuple[str, float], ...]

    def smallest_device(self, need: Need) -> tuple[str, float] | None:
        """The device with the least memory that holds ``need``, or ``None`` if none does."""
        return next((d for d in self.devices if d[1] >= need.total), None)


@controls(SPEC)
def fit(bits: float = 4, context: float = 32768) -> Fit:
    """Memory for each of ``MODELS`` with weights at ``bits`` bits and one sequence of ``context`` tokens."""
    bits = int(SPEC["bits"].check("bits", bits))
    context = int(SPEC["context"].check("context", context))
    needs = []
    for name, label in MODELS:
        arch = architecture(name)
        needs.append(Need(name, label, arch.params, weights_gb(arch.params, bits), kv_cache_gb(arch, context)))
    return Fit(bits, context, tuple(needs), devices())
