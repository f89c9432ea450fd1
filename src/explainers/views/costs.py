"""Views for training-cost models (:mod:`explainers.models.costs`)."""

from __future__ import annotations

from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

from explainers.models.costs import R1_PHASE, V3_PHASES, FlopsBudget, RunCost, runs
from explainers.style import COLOURS
from explainers.views import View, draw_bars, keep_label_inside, update_bars


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
    note = ax.annotate(_point_label(r), (r.price, r.usd / 1e6), xytext=(10, 8), textcoords="offset points",
                       color=COLOURS["vermilion"], fontweight="bold")
    keep_label_inside(note, r.price, r.price_grid[0], r.price_grid[-1], rising=True)
    ax.set_xlim(r.price_grid[0] - 0.1, r.price_grid[-1] + 0.1)
    ax.set_ylim(0, r.usd_ceiling / 1e6 * 1.15)  # headroom for the label at the top price
    ax.set_xlabel("rental price (USD per H800 GPU-hour)")
    ax.set_ylabel("cost (million USD)")
    ax.figure.legend(loc="outside upper left", ncols=2, frameon=False)  # above the plot: the plot stays clear for the label
    return {"line": line, "guide": guide, "point": point, "note": note}


def update_run_cost(artists: dict, r: RunCost) -> None:
    """Move the line, the point, its guide lines and its label to the new result."""
    artists["line"].set_data(r.price_grid, r.usd_grid / 1e6)
    artists["guide"].set_data(*_guide(r))
    artists["point"].set_data([r.price], [r.usd / 1e6])
    artists["note"].xy = (r.price, r.usd / 1e6)
    artists["note"].set_text(_point_label(r))
    keep_label_inside(artists["note"], r.price, r.price_grid[0], r.price_grid[-1], rising=True)


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
    return usd(counted[name]) if name in counted else "not counted"


def draw_phase_costs(ax, r: RunCost) -> dict:
    """One horizontal bar per phase, its cost written beside it; uncounted phases say so."""
    colours = [COLOURS["blue"]] * len(V3_PHASES) + [COLOURS["orange"]]
    artists = draw_bars(ax, ALL_PHASES, _bar_values(r), [_bar_label(r, name) for name in ALL_PHASES], colours)
    artists["total"] = ax.text(0.98, 0.04, f"total {usd(r.usd)}", transform=ax.transAxes, ha="right",
                               fontweight="bold", fontsize=13)
    ax.set_xlim(0, r.usd_ceiling / 1e6 * 1.25)
    ax.set_xlabel("cost (million USD)")
    return artists


def update_phase_costs(artists: dict, r: RunCost) -> None:
    """Resize the bars and rewrite their labels and the total."""
    update_bars(artists, _bar_values(r), [_bar_label(r, name) for name in ALL_PHASES])
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


# --- From FLOPs to GPU-hours (cost-math) ----------------------------------------------

RUN_COLOURS = {"v3": COLOURS["blue"], "llama-405b": COLOURS["orange"], "v3-dense": COLOURS["green"]}


def _short(number: float, unit: str) -> str:
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if number >= scale:
            return f"{number / scale:.3g}{suffix} {unit}".strip()
    return f"{number:.3g} {unit}".strip()


def draw_flops_budget(ax, b: FlopsBudget) -> dict:
    """GPU-hours needed against utilisation for every preset; the chosen one highlighted,
    its reported GPU-hours as a dashed line, and where they cross (the implied MFU)."""
    presets = runs()
    curves, reported = {}, {}
    for key, run in presets.items():
        curves[key], = ax.plot(b.mfu_grid * 100, b.curves[key] / 1e6, color=RUN_COLOURS[key], label=run.label)
        if run.reported_gpu_hours is not None:
            reported[key] = ax.axhline(run.reported_gpu_hours / 1e6, ls="--", lw=1.5, color=RUN_COLOURS[key])
    implied = ax.axvline(35, ls=":", lw=1.5, color=COLOURS["grey"])
    point, = ax.plot([], [], "o", ms=10, color=COLOURS["vermilion"], zorder=5)
    note = ax.annotate("", (0, 0), xytext=(8, 8), textcoords="offset points", color=COLOURS["vermilion"],
                       fontweight="bold")
    ax.set_yscale("log")
    ax.set_ylim(1, 300)
    # Plain tick labels: the house style never parses text as TeX, and log axes default to it.
    ax.yaxis.set_major_locator(FixedLocator([1, 2, 5, 10, 20, 50, 100]))
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}")
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlim(b.mfu_grid[0] * 100 - 1.5, b.mfu_grid[-1] * 100 + 1.5)  # whole markers at the ends
    ax.set_xlabel("utilisation of BF16 peak, MFU (%)")
    ax.set_ylabel("GPU-hours, millions (log)")
    # The runs' names above the plot, where they have the width; the cost in dollars is in the readout.
    ax.figure.legend(loc="outside upper left", frameon=False)
    artists = {"curves": curves, "reported": reported, "implied": implied, "point": point, "note": note}
    update_flops_budget(artists, b)
    return artists


def update_flops_budget(artists: dict, b: FlopsBudget) -> None:
    """Highlight the chosen run, move the point and show its implied MFU."""
    for key, line in artists["curves"].items():
        chosen = key == b.run
        line.set_alpha(1.0 if chosen else 0.3)
        line.set_linewidth(3 if chosen else 1.5)
    for key, line in artists["reported"].items():
        line.set_alpha(0.9 if key == b.run else 0.25)
    artists["implied"].set_visible(b.implied_mfu is not None)
    if b.implied_mfu is not None:
        artists["implied"].set_xdata([b.implied_mfu * 100] * 2)
    artists["point"].set_data([b.mfu * 100], [b.gpu_hours / 1e6])
    artists["note"].xy = (b.mfu * 100, b.gpu_hours / 1e6)
    artists["note"].set_text(f"{b.gpu_hours / 1e6:.1f}M GPU-h = {usd(b.usd)}")
    keep_label_inside(artists["note"], b.mfu, b.mfu_grid[0], b.mfu_grid[-1], rising=False)


def alt_flops_budget(b: FlopsBudget) -> str:
    """The chart and the chosen run's numbers in words."""
    run = runs()[b.run]
    text = (f"Line chart, log scale, of the GPU-hours needed against utilisation for three runs, "
            f"highlighting {run.label}: at {b.mfu:.0%} utilisation it needs {b.gpu_hours / 1e6:.2f} million "
            f"GPU-hours, {usd(b.usd)} at ${b.price:.2f} per GPU-hour.")
    if b.implied_mfu is not None:
        text += (f" Its report gives {run.reported_gpu_hours / 1e6:.3f} million GPU-hours, shown dashed; "
                 f"the curves cross at {b.implied_mfu:.0%}, the utilisation the report implies.")
    return text


def readout_flops_budget(b: FlopsBudget) -> str:
    """The chain of arithmetic: 6ND, then GPU-hours, then dollars."""
    run = runs()[b.run]
    text = (f"6 × {_short(run.active_params, '')} × {_short(run.tokens, 'tokens')} = {b.flops:.3g} FLOP; "
            f"÷ ({b.mfu:.0%} × {run.peak_flops_per_gpu / 1e12:,.1f} TFLOPS) = {b.gpu_hours / 1e6:.2f}M GPU-hours; "
            f"× ${b.price:.2f} = {usd(b.usd)}.")
    if b.implied_mfu is not None:
        text += f" Reported: {run.reported_gpu_hours / 1e6:.3f}M GPU-hours, implying {b.implied_mfu:.1%} MFU."
    return text


FLOPS_BUDGET = View(draw=draw_flops_budget, update=update_flops_budget, alt=alt_flops_budget,
                    readout=readout_flops_budget)
