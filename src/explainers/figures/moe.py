"""Views for mixture-of-experts models (:mod:`explainers.models.moe`)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, NullLocator

from explainers.figures import View, draw_bars, update_bars
from explainers.ledger import value
from explainers.models.moe import KVCache, Routing
from explainers.style import COLOURS

IDLE, CHOSEN = 0, 1
_CMAP = ListedColormap(["#d9d9d9", COLOURS["vermilion"]])
_COLUMNS, _ROWS = 32, 16  # room for the largest setting (512 experts), so the axes never change
_CELL = 5  # pixels per expert in the image: 4 coloured and 1 gap, so each expert reads as a square


def _grid(r: Routing) -> np.ndarray:
    cells = np.full(_COLUMNS * _ROWS, np.nan)  # NaN is drawn transparent
    cells[: r.routed_experts] = IDLE
    cells[list(r.chosen)] = CHOSEN
    image = np.kron(cells.reshape(_ROWS, _COLUMNS), np.ones((_CELL, _CELL)))
    image[_CELL - 1::_CELL, :] = np.nan
    image[:, _CELL - 1::_CELL] = np.nan
    return image


def _counts(r: Routing) -> str:
    return (f"{r.experts_per_token} of {r.routed_experts} routed\nexperts chosen\n+ {r.shared_experts} shared\n\n"
            f"total {r.total / 1e9:,.0f}B\nactive {r.active / 1e9:.1f}B\n({r.active / r.total:.1%})")


def draw_routing(ax, r: Routing) -> dict:
    """The routed experts of one layer as a grid, the token's choice highlighted, counts beside it."""
    image = ax.imshow(_grid(r), cmap=_CMAP, vmin=IDLE, vmax=CHOSEN, interpolation="nearest",
                      extent=(0, _COLUMNS, _ROWS, 0))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.add_patch(Rectangle((_COLUMNS + 1.5, 0), 0.8, 0.8, color=COLOURS["blue"]))
    ax.text(_COLUMNS + 2.7, 0.4, "shared expert,\nused by every token", va="center", fontsize=11)
    counts = ax.text(_COLUMNS + 1.5, 2.5, _counts(r), va="top", fontsize=11, linespacing=1.4)
    ax.set_xlim(0, _COLUMNS + 12)
    ax.set_ylim(_ROWS, 0)
    ax.set_aspect("equal")
    return {"image": image, "counts": counts}


def update_routing(artists: dict, r: Routing) -> None:
    """Redraw the grid and the counts."""
    artists["image"].set_data(_grid(r))
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
    gpu = value("h800.memory")
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
    """How many times smaller MLA's cache is."""
    sizes = {k: b for k, _, b in c.bytes_by_kind}
    return (f"MLA needs {sizes['mha'] / sizes['mla']:.0f}× less cache than multi-head attention and "
            f"{sizes['gqa'] / sizes['mla']:.1f}× less than grouped-query attention with 8 KV heads.")


KV_CACHE = View(draw=draw_kv_cache, update=update_kv_cache, alt=alt_kv_cache, readout=readout_kv_cache)
