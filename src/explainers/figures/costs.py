"""Views for training-cost models (:mod:`explainers.models.costs`)."""

from __future__ import annotations

from explainers.figures import View
from explainers.models.costs import R1_PHASE, SCOPES, V3_PHASES, RunCost
from explainers.style import COLOURS


def usd(amount: float) -> str:
    """Dollars as the book writes them: $5.576M, $294K."""
    if amount >= 1e6:
        return f"${amount / 1e6:.3f}M"
    return f"${amount / 1e3:,.0f}K"


#: What each scope counts, as a phrase inside a sentence.
COUNTED = {"pre-training": "pre-training only", "v3-final-run": "V3's final run",
           "v3-plus-r1-rl": "V3's final run plus R1's RL stages"}



# --- Cost against price (intro) ----------------------------------------------------

def _point_label(r: RunCost) -> str:
    return f"{usd(r.usd)} at ${r.price:.2f}/h"


def _guide(r: RunCost) -> tuple[list, list]:
    """Dotted lines from the chosen point down to the x axis and across to the y axis."""
    left = r.price_grid[0] - 0.1
    return [r.price, r.price, left], [0, r.usd / 1e6, r.usd / 1e6]


def draw_run_cost(ax, r: RunCost) -> dict:
    """Cost against rental price: the line for the counted GPU-hours, the chosen price, the paper's point."""
    line, = ax.plot(r.price_grid, r.usd_grid / 1e6, color=COLOURS["blue"], label="cost at each price")
    ax.plot([r.paper_price], [r.paper_usd / 1e6], "D", color=COLOURS["grey"], mfc="white", mew=2, ms=9,
            label=f"V3 report: {usd(r.paper_usd)} at ${r.paper_price:.0f}/h")
    guide, = ax.plot(*_guide(r), ":", lw=1.5, color=COLOURS["vermilion"])
    point, = ax.plot([r.price], [r.usd / 1e6], "o", ms=10, color=COLOURS["vermilion"], label="your setting")
    note = ax.annotate(_point_label(r), (r.price, r.usd / 1e6), xytext=(10, -18), textcoords="offset points",
                       color=COLOURS["vermilion"], fontweight="bold")
    ax.set_xlim(r.price_grid[0] - 0.1, r.price_grid[-1] + 0.1)
    ax.set_ylim(0, r.usd_ceiling / 1e6 * 1.08)
    ax.set_xlabel("rental price (USD per H800 GPU-hour)")
    ax.set_ylabel("cost (million USD)")
    ax.legend(loc="upper left", frameon=False)
    return {"line": line, "guide": guide, "point": point, "note": note}


def update_run_cost(artists: dict, r: RunCost) -> None:
    """Move the line, the point, its guide lines and its label to the new result."""
    artists["line"].set_data(r.price_grid, r.usd_grid / 1e6)
    artists["guide"].set_data(*_guide(r))
    artists["point"].set_data([r.price], [r.usd / 1e6])
    artists["note"].xy = (r.price, r.usd / 1e6)
    artists["note"].set_text(_point_label(r))


def alt_run_cost(r: RunCost) -> str:
    """What the figure shows at this setting, numbers included."""
    return (f"Line chart of training cost against rental price, counting {COUNTED[r.scope]}: "
            f"{r.gpu_hours / 1e6:.3f} million GPU-hours. At ${r.price:.2f} per GPU-hour the cost is "
            f"{usd(r.usd)}; the V3 report's own point, {usd(r.paper_usd)} at "
            f"${r.paper_price:.2f}, is marked for comparison.")


def readout_run_cost(r: RunCost) -> str:
    """The arithmetic beside the figure: GPU-hours × price = cost."""
    return f"{r.gpu_hours:,.0f} GPU-hours × ${r.price:.2f} per GPU-hour = {usd(r.usd)}"


RUN_COST = View(draw=draw_run_cost, update=update_run_cost, alt=alt_run_cost, readout=readout_run_cost)


# --- Cost per phase (cost-math calculator) ------------------------------------------

ALL_PHASES = tuple(name for name, _ in V3_PHASES) + (R1_PHASE,)


def _bar_values(r: RunCost) -> list[float]:
    counted = dict(r.phase_usd)
    return [counted.get(name, 0.0) / 1e6 for name in ALL_PHASES]


def _bar_label(r: RunCost, name: str) -> str:
    counted = dict(r.phase_usd)
    return f"  {usd(counted[name])}" if name in counted else "  not counted"


def draw_phase_costs(ax, r: RunCost) -> dict:
    """One horizontal bar per phase, its cost written beside it; uncounted phases say so."""
    rows = range(len(ALL_PHASES))
    colours = [COLOURS["blue"]] * len(V3_PHASES) + [COLOURS["orange"]]
    bars = ax.barh(rows, _bar_values(r), color=colours, height=0.6)
    labels = [ax.text(v, i, _bar_label(r, name), va="center") for i, (v, name) in
              enumerate(zip(_bar_values(r), ALL_PHASES))]
    total = ax.text(0.98, 0.04, f"total {usd(r.usd)}", transform=ax.transAxes, ha="right",
                    fontweight="bold", fontsize=13)
    ax.set_yticks(list(rows), ALL_PHASES)
    ax.invert_yaxis()
    ax.set_xlim(0, r.usd_ceiling / 1e6 * 1.25)
    ax.set_xlabel("cost (million USD)")
    ax.grid(axis="y", visible=False)
    return {"bars": bars, "labels": labels, "total": total}


def update_phase_costs(artists: dict, r: RunCost) -> None:
    """Resize the bars and rewrite their labels and the total."""
    for bar, label, v, name in zip(artists["bars"], artists["labels"], _bar_values(r), ALL_PHASES):
        bar.set_width(v)
        label.set_x(v)
        label.set_text(_bar_label(r, name))
    artists["total"].set_text(f"total {usd(r.usd)}")


def alt_phase_costs(r: RunCost) -> str:
    """Each phase's cost in words."""
    parts = "; ".join(f"{name} {usd(cost)}" for name, cost in r.phase_usd)
    return (f"Bar chart of cost per training phase at ${r.price:.2f} per GPU-hour, counting "
            f"{COUNTED[r.scope]}: {parts}; total {usd(r.usd)}.")


def readout_phase_costs(r: RunCost) -> str:
    """The sum beside the figure, phase by phase."""
    return " + ".join(usd(cost) for _, cost in r.phase_usd) + f" = {usd(r.usd)}"


PHASE_COSTS = View(draw=draw_phase_costs, update=update_phase_costs, alt=alt_phase_costs,
                   readout=readout_phase_costs)
