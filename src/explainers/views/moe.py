"""Views for mixture-of-experts models (:mod:`explainers.models.moe`)."""

from __future__ import annotations

import math

from matplotlib.collections import PatchCollection
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, NullLocator

from explainers.ledger import value
from explainers.models.moe import KVCache, Routing
from explainers.style import COLOURS, PALETTE
from explainers.views import View, draw_bars, update_bars

# The layer in data units (y down): the shared expert on top, the routed experts in a grid below it that
# fills the same area at every expert count, the counts in a column on the right.
GRID = (0.0, 1.5, 6.4, 7.0)  # x0, y0, x1, y1 of the routed experts' area
SHARED_Y = 0.55
COUNTS_X = 6.8
GAP = 0.15  # share of a cell left empty between experts, so each reads as a square


def grid_cells(n: int) -> list[tuple[float, float, float]]:
    """(x, y, side) of ``n`` square cells laid out row by row to fill ``GRID`` as fully as squares allow."""
    x0, y0, x1, y1 = GRID
    width, height = x1 - x0, y1 - y0
    columns = math.ceil(math.sqrt(n * width / height))
    rows = math.ceil(n / columns)
    side = min(width / columns, height / rows)
    return [(x0 + (i % columns) * side, y0 + (i // columns) * side, side * (1 - GAP)) for i in range(n)]


def _counts(r: Routing) -> str:
    return (f"{r.experts_per_token} of {r.routed_experts}\nrouted experts\nchosen, + {r.shared_experts}\nshared\n\n"
            f"total {r.total / 1e9:,.0f}B\nactive {r.active / 1e9:.1f}B\n({r.active / r.total:.1%})")


def _experts(r: Routing) -> list[Rectangle]:
    chosen = set(r.chosen)
    return [Rectangle((x, y), side, side, facecolor=COLOURS["vermilion"] if i in chosen else PALETTE["frame"],
                      edgecolor="none") for i, (x, y, side) in enumerate(grid_cells(r.routed_experts))]


def draw_routing(ax, r: Routing) -> dict:
    """One MoE layer: the shared expert every token uses, the routed experts as squares with the token's
    choice highlighted, and the counts beside them. Vector squares, sharp at any size."""
    ax.set_axis_off()
    ax.set_xlim(0, 10)
    ax.set_ylim(GRID[3], 0)
    ax.set_aspect("equal")
    side = 0.8
    ax.add_patch(Rectangle((GRID[0], SHARED_Y - side / 2), side, side, color=COLOURS["blue"]))
    ax.text(GRID[0] + side + 0.2, SHARED_Y, "shared expert: every token", va="center")
    experts = ax.add_collection(PatchCollection(_experts(r), match_original=True))
    counts = ax.text(COUNTS_X, GRID[1], _counts(r), va="top", linespacing=1.3)
    return {"experts": experts, "counts": counts}


def update_routing(artists: dict, r: Routing) -> None:
    """Lay out the routed experts for this count, highlight the chosen ones and rewrite the counts."""
    squares = _experts(r)
    artists["experts"].set_paths(squares)
    artists["experts"].set_facecolor([sq.get_facecolor() for sq in squares])
    artists["counts"].set_text(_counts(r))


def alt_routing(r: Routing) -> str:
    """The grid and the counts in words."""
    return (f"A grid of {r.routed_experts} routed experts in one layer with {r.experts_per_token} highlighted as "
            f"chosen for one token, and one shared expert that every token uses. The model has "
            f"{r.total / 1e9:,.0f} billion parameters in total, of which {r.active / 1e9:.1f} billion "
            f"({r.active / r.total:.1%}) work on each token.")


def readout_routing(r: Routing) -> str:
    """Total, active and the compute per token."""
    return (f"Total {r.total / 1e9:,.1f}B parameters; active per token {r.active / 1e9:.1f}B; "
            f"about {r.forward_flops_per_token / 1e9:.0f} GFLOPs per token in a forward pass.")


ROUTING = View(draw=draw_routing, update=update_routing, alt=alt_routing, readout=readout_routing)


# --- KV cache ---------------------------------------------------------------------------

KV_COLOURS = {"mha": COLOURS["grey"], "gqa": COLOURS["orange"], "mla": COLOURS["blue"]}


def _gb(n: float) -> str:
    return f"{n / 1e12:,.1f} TB" if n >= 1e12 else f"{n / 1e9:,.1f} GB" if n >= 1e9 else f"{n / 1e6:,.0f} MB"


def draw_kv_cache(ax, c: KVCache) -> dict:
    """One bar per kind of attention on a log scale, with one H800's memory for scale."""
    artists = draw_bars(ax, [label for _, label, _ in c.bytes_by_kind], [b for _, _, b in c.bytes_by_kind],
                        [_gb(b) for _, _, b in c.bytes_by_kind], [KV_COLOURS[k] for k, _, _ in c.bytes_by_kind])
    gpu = value("chip.h800.memory")
    ax.axvline(gpu, ls="--", lw=1.5, color=COLOURS["vermilion"])
    ax.text(gpu, -0.55, f" one H800: {_gb(gpu)}", color=COLOURS["vermilion"], fontsize=11)
    ax.set_xscale("log")
    ax.set_xlim(1e7, 1e15)
    ax.xaxis.set_major_locator(FixedLocator([1e7, 1e9, 1e11, 1e13, 1e15]))
    ax.xaxis.set_major_formatter(lambda v, _: {1e7: "10 MB", 1e9: "1 GB", 1e11: "100 GB", 1e13: "10 TB",
                                                1e15: "1 PB"}.get(v, ""))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("KV-cache memory (BF16, log scale)")
    return artists


def update_kv_cache(artists: dict, c: KVCache) -> None:
    """Resize the bars and rewrite their labels."""
    update_bars(artists, [b for _, _, b in c.bytes_by_kind], [_gb(b) for _, _, b in c.bytes_by_kind])


def alt_kv_cache(c: KVCache) -> str:
    """The three sizes in words."""
    parts = "; ".join(f"{label} {_gb(b)}" for _, label, b in c.bytes_by_kind)
    return (f"Bar chart on a log scale of the KV cache for {c.batch} sequence(s) of {c.sequence_length:,} tokens "
            f"at DeepSeek-V3's dimensions: {parts}. A dashed line marks one H800's memory.")


def readout_kv_cache(c: KVCache) -> str:
    """The three sizes at this setting against one H800, then how many times smaller MLA's cache is."""
    sizes = {k: b for k, _, b in c.bytes_by_kind}
    gpu = value("chip.h800.memory")
    sequences = f"{c.batch} sequence" + ("s" if c.batch != 1 else "")

    def against_gpu(b: float) -> str:
        return "fits one H800" if b <= gpu else f"{b / gpu:,.1f}× one H800's memory"

    return (f"{sequences} of {c.sequence_length:,} tokens: multi-head {_gb(sizes['mha'])} "
            f"({against_gpu(sizes['mha'])}), grouped-query {_gb(sizes['gqa'])} ({against_gpu(sizes['gqa'])}), "
            f"MLA {_gb(sizes['mla'])} ({against_gpu(sizes['mla'])}). MLA's cache is "
            f"{sizes['mha'] / sizes['mla']:.0f}× smaller than multi-head's at every length.")


KV_CACHE = View(draw=draw_kv_cache, update=update_kv_cache, alt=alt_kv_cache, readout=readout_kv_cache)
