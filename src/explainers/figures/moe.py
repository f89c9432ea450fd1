"""Views for mixture-of-experts models (:mod:`explainers.models.moe`)."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Rectangle

from explainers.figures import View
from explainers.models.moe import Routing
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
    ax.text(_COLUMNS + 2.7, 0.4, "shared expert,\nused by every token", va="center", fontsize=9)
    counts = ax.text(_COLUMNS + 1.5, 2.5, _counts(r), va="top", fontsize=10, linespacing=1.4)
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
