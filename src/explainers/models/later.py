"""What happened next: the arithmetic of DeepSeek's sparse attention, and the whole story's timeline.

- :func:`attention_work` counts the multiply-adds one new token spends on attention in one layer of
  V3's architecture, attending to every earlier token (as V3 does) or only to the few that a small
  "lightning indexer" picks (DeepSeek Sparse Attention, added in V3.2-Exp). The sizes come from V3's
  released config and V3.2-Exp's inference code (ledger: ``v32exp.index-*``).
- :func:`kv_bytes_per_token` is the cache each token leaves behind, which sparse attention does not shrink.
- :func:`story` is one step of the whole story's timeline, whose events live in the ledger.

Counting, not timing: the counts leave out that the indexer runs in FP8 (about twice as fast per
operation on Hopper GPUs as BF16), memory traffic and how well the kernels use the chip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Integral, Real

from explainers.ledger import Event, fact, timeline, value
from explainers.models.moe import kv_cache_bytes_per_token, load_config
from explainers.params import Steps, controls

# --- DeepSeek Sparse Attention ----------------------------------------------------------------------

CONTEXTS = (1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072)
SPEC = {"context": Steps(tuple(float(c) for c in CONTEXTS), "Tokens already in the context", "tokens",
                         fmt="{:,.0f}")}


@dataclass(frozen=True)
class Attention:
    """The sizes that set attention's cost per earlier token, for one layer."""

    heads: int
    latent: int  # kv_lora_rank: the compressed key-value vector each token leaves in each layer
    rope: int  # the decoupled positional part of each key
    index_heads: int
    index_dim: int
    top_k: int

    @property
    def per_key(self) -> int:
        """Multiply-adds of the main attention per query token per earlier token it reads.

        Counted in MLA's absorbed form, where every head reads the same latent vector (the form
        DeepSeek Sparse Attention is built on): a score against latent and positional parts, then
        the latent vector weighted into the output.
        """
        return self.heads * (self.latent + self.rope) + self.heads * self.latent

    @property
    def index_per_key(self) -> int:
        """Multiply-adds of the indexer per query token per earlier token: a small dot product per
        indexer head, then one weight per head to sum them."""
        return self.index_heads * self.index_dim + self.index_heads


def v32_attention() -> Attention:
    """V3's attention (from its config) with V3.2-Exp's indexer (from its inference code)."""
    config = load_config("deepseek-v3")
    return Attention(heads=config["num_attention_heads"], latent=config["kv_lora_rank"],
                     rope=config["qk_rope_head_dim"], index_heads=int(value("v32exp.index-heads")),
                     index_dim=int(value("v32exp.index-head-dim")), top_k=int(value("v32exp.index-topk")))


@dataclass(frozen=True)
class AttentionWork:
    """Result of :func:`attention_work`: multiply-adds for one new token in one layer."""

    context: int
    dense: int  # reading every earlier token
    indexer: int  # scoring every earlier token with the lightning indexer
    selected: int  # reading the top-k the indexer picked

    @property
    def sparse(self) -> int:
        return self.indexer + self.selected

    @property
    def saving(self) -> float:
        """How many times less work sparse attention does than dense (below 1: more work)."""
        return self.dense / self.sparse

    @property
    def indexer_share(self) -> float:
        """The indexer's part of sparse attention's work."""
        return self.indexer / self.sparse


@controls(SPEC)
def attention_work(context: float = 131072, attention: Attention | None = None) -> AttentionWork:
    """Multiply-adds one new token spends attending to ``context`` earlier tokens (a whole number,
    at least 1; the explorable's steps are in ``SPEC``) in one layer.

    Dense: every earlier token is read. Sparse: the indexer scores every earlier token, then the
    main attention reads only the ``top_k`` best (all of them when there are fewer).
    """
    context = _positive(context)
    a = attention or v32_attention()
    return AttentionWork(context, dense=a.per_key * context, indexer=a.index_per_key * context,
                         selected=a.per_key * min(context, a.top_k))


def _positive(context: float) -> int:
    if isinstance(context, bool) or not isinstance(context, Real):
        raise TypeError(f"context must be a number of tokens, got {type(context).__name__}: {context!r}")
    # An int is exact however large (math.isfinite would raise OverflowError beyond float range).
    if not (isinstance(context, Integral) or math.isfinite(context)) or context != int(context) or context < 1:
        raise ValueError(f"context must be a whole number of tokens, at least 1, got {context!r}")
    return int(context)


def break_even(attention: Attention | None = None) -> float:
    """The context length above which sparse attention does less work than dense.

    Below ``top_k`` sparse attention reads every token anyway and adds the indexer's work; above
    it, dense work grows by ``per_key`` a token and sparse by ``index_per_key``, so they meet at
    ``top_k · per_key / (per_key − index_per_key)``.
    """
    a = attention or v32_attention()
    return a.top_k * a.per_key / (a.per_key - a.index_per_key)


def kv_bytes_per_token(bits: float = 16, indexer_bits: float = 8) -> dict[str, float]:
    """Bytes each token leaves in the cache across all layers: V3's latent vectors, and V3.2's
    indexer keys on top. Sparse attention reads fewer of them; it keeps them all."""
    for name, bits_value in (("bits", bits), ("indexer_bits", indexer_bits)):
        if isinstance(bits_value, bool) or not isinstance(bits_value, Real) or not 1 <= bits_value <= 32:
            raise ValueError(f"{name} must be a number of bits from 1 to 32, got {bits_value!r}")
    config = load_config("deepseek-v3")
    v3 = kv_cache_bytes_per_token(config, bytes_per_element=bits / 8, attention="mla")
    indexer = value("v32exp.index-head-dim") * config["num_hidden_layers"] * indexer_bits / 8
    return {"v3": v3, "v3.2": v3 + indexer}


# --- The whole story ---------------------------------------------------------------------------------

STORY_SPEC = {"step": Steps(tuple(float(i) for i in range(1, len(timeline()) + 1)), "Event", fmt="{:.0f}",
                            names=tuple(f"{e.when}: {e.label}" for e in timeline()))}


@dataclass(frozen=True)
class StoryStep:
    """Result of :func:`story`: one event, with what the ledger says about its source."""

    event: Event
    index: int  # from 0, in date order

    @property
    def grade(self) -> str:
        return fact(self.event.fact).grade

    @property
    def secondary(self) -> bool:
        """Whether the date rests on a secondary or disputed source."""
        return bool(fact(self.event.fact).flag)


@controls(STORY_SPEC)
def story(step: float = 1.0) -> StoryStep:
    """The ``step``-th event (from 1) of the whole story, in date order."""
    index = int(STORY_SPEC["step"].check("step", step)) - 1
    return StoryStep(timeline()[index], index)
