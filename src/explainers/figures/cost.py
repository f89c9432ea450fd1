"""Views for training-cost models (:mod:`explainers.models.cost`)."""

from __future__ import annotations

from explainers.figures import View
from explainers.models.cost import RunCost
from explainers.style import COLOURS


def _millions(usd: float) -> str:
    return f"${usd / 1e6:.3f}M"


def _point_label(r: RunCost) -> str:
    return f"{_millions(r.usd)} at ${r.price:.2f}/h"


def _guide(r: RunCost) -> tuple[list, list]:
    """Dotted lines from the chosen point down to the x axis and across to the y axis."""
    left = r.price_grid[0] - 0.1
    return [r.price, r.price, left], [0, r.usd / 1e6, r.usd / 1e6]


def draw_run_cost(ax, r: RunCost) -> dict:
    """Cost against rental price: the line for the counted GPU-hours, the chosen price, the paper's point."""
    line, = ax.plot(r.price_grid, r.usd_grid / 1e6, color=COLOURS["blue"], label="cost at each price")
    paper, = ax.plot([r.paper_price], [r.paper_usd / 1e6], "D", color=COLOURS["grey"], mfc="white",
                     mew=2, ms=9, label=f"V3 paper: {_millions(r.paper_usd)} at ${r.paper_price:.0f}/h")
    guide, = ax.plot(*_guide(r), ":", lw=1.5, color=COLOURS["vermilion"])
    point, = ax.plot([r.price], [r.usd / 1e6], "o", ms=10, color=COLOURS["vermilion"], label="your setting")
    note = ax.annotate(_point_label(r), (r.price, r.usd / 1e6), xytext=(10, -18), textcoords="offset points",
                       color=COLOURS["vermilion"], fontweight="bold")
    ax.set_xlim(r.price_grid[0] - 0.1, r.price_grid[-1] + 0.1)
    ax.set_ylim(0, r.usd_ceiling / 1e6 * 1.08)
    ax.set_xlabel("rental price (USD per H800 GPU-hour)")
    ax.set_ylabel("cost (million USD)")
    ax.legend(loc="upper left", frameon=False)
    return {"line": line, "paper": paper, "guide": guide, "point": point, "note": note}


def update_run_cost(artists: dict, r: RunCost) -> None:
    """Move the line, the point, its guide lines and its label to the new result."""
    artists["line"].set_data(r.price_grid, r.usd_grid / 1e6)
    artists["guide"].set_data(*_guide(r))
    artists["point"].set_data([r.price], [r.usd / 1e6])
    artists["note"].xy = (r.price, r.usd / 1e6)
    artists["note"].set_text(_point_label(r))


def alt_run_cost(r: RunCost) -> str:
    """What the figure shows at this setting, numbers included."""
    counted = "V3's final run" if r.scope == "v3-final-run" else "V3's final run plus R1's RL stages"
    return (f"Line chart of training cost against rental price for {counted}, "
            f"{r.gpu_hours / 1e6:.3f} million GPU-hours. At ${r.price:.2f} per GPU-hour the cost is "
            f"{_millions(r.usd)}; the V3 paper's own point, {_millions(r.paper_usd)} at "
            f"${r.paper_price:.2f}, is marked for comparison.")


def readout_run_cost(r: RunCost) -> str:
    """The arithmetic beside the figure: GPU-hours × price = cost."""
    return f"{r.gpu_hours:,.0f} GPU-hours × ${r.price:.2f} per GPU-hour = {_millions(r.usd)}"


RUN_COST = View(draw=draw_run_cost, update=update_run_cost, alt=alt_run_cost, readout=readout_run_cost)
