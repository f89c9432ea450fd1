"""Views for compute demand and the market (:mod:`explainers.models.demand`)."""

from __future__ import annotations

from matplotlib.ticker import FixedLocator, NullLocator

from explainers.models.demand import PRICE_FACTORS, Jevons
from explainers.style import COLOURS
from explainers.views import View

SPENDING_TICKS = (0.01, 0.1, 1.0, 10.0, 100.0)  # the spending multipliers the grid reaches, f ** (1 - e)


def _number(x: float) -> str:
    """Three significant figures, whole numbers with separators: "1.41", "0.01", "10,000"."""
    return f"{x:,.0f}" if x >= 100 else f"{x:.3g}"


def _times(x: float) -> str:
    """A multiplier for people: "×1.41", "×0.01", "×10,000"."""
    return f"×{_number(x)}"


def _direction(spending: float) -> str:
    if abs(spending - 1) < 1e-9:
        return "spending does not change"
    return "spending rises" if spending > 1 else "spending falls"


def draw_jevons(ax, r: Jevons) -> dict:
    """Spending against the price per unit of capability, log-log, cheaper to the right, at one elasticity."""
    ax.axhline(1.0, color=COLOURS["grey"], lw=1.2, ls="--")
    today = ax.annotate("today's spending", (min(PRICE_FACTORS), 1.0), xytext=(0, 4), textcoords="offset points",
                        fontsize=11, color=COLOURS["grey"], ha="right")
    curve, = ax.plot(r.curve_prices, r.curve_spending, color=COLOURS["blue"], lw=2)
    point, = ax.plot([], [], "o", ms=9, color=COLOURS["vermilion"], zorder=4, clip_on=False)
    label = ax.annotate("", (1.0, 1.0), xytext=(0, 10), textcoords="offset points", ha="center",
                        color=COLOURS["vermilion"], fontweight="bold")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(1.2, min(PRICE_FACTORS) / 1.2)  # reversed: the price falls from left to right
    ax.xaxis.set_major_locator(FixedLocator([1.0, 0.1, 0.01]))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_ylim(SPENDING_TICKS[0] / 1.5, SPENDING_TICKS[-1] * 1.5)
    ax.yaxis.set_major_locator(FixedLocator(SPENDING_TICKS))
    ax.yaxis.set_major_formatter(lambda v, _: f"×{v:g}")
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("price per unit of capability, share of today's")
    ax.set_ylabel("total spending on compute")
    artists = {"curve": curve, "point": point, "label": label, "today": today}
    update_jevons(artists, r)
    return artists


def update_jevons(artists: dict, r: Jevons) -> None:
    """Redraw the curve for the elasticity and move the point to the price."""
    artists["curve"].set_data(r.curve_prices, r.curve_spending)
    # The dashed line's label sits on the side of it the curve leaves free at the right.
    below = r.elasticity > 1
    artists["today"].set_verticalalignment("top" if below else "bottom")
    artists["today"].set_position((0, -4 if below else 4))
    artists["point"].set_data([r.price_factor], [r.spending])
    label = artists["label"]
    label.xy = (r.price_factor, r.spending)
    label.set_text(_times(r.spending))
    # At either edge of the axes the label would leave them: turn it inwards. It goes below the point near
    # the top, and wherever the curve runs under the dashed line, whose label then sits above it; above the
    # point near the bottom, clear of the price axis.
    side = "left" if r.price_factor >= 0.5 else "right" if r.price_factor <= 0.02 else "center"
    under = (r.spending > 20 or not below) and r.spending > 0.05
    label.set_horizontalalignment(side)
    label.set_verticalalignment("top" if under else "bottom")
    label.set_position(({"left": 6, "right": -6, "center": 0}[side], -10 if under else 10))

def alt_jevons(r: Jevons) -> str:
    """The chart at this setting in words."""
    return (f"Line chart, both axes on log scales: total spending on compute, as a multiple of today's, against "
            f"the price per unit of capability, falling from today's to {min(PRICE_FACTORS):.0%} of it, for "
            f"demand with a constant price elasticity of {r.elasticity:.2f}. A dashed line marks today's "
            f"spending. At {r.price_factor:.0%} of today's price buyers take {_number(r.quantity)} times the compute "
            f"and {_spend(r.spending)}: {_direction(r.spending)}.")


def _spend(spending: float) -> str:
    return "spend the same" if abs(spending - 1) < 1e-9 else f"spend {_number(spending)} times as much"


def readout_jevons(r: Jevons) -> str:
    """The three multipliers of this setting."""
    return (f"Price {_times(r.price_factor)}: compute bought {_times(r.quantity)}, total spending "
            f"{_times(r.spending)} ({_direction(r.spending)}).")


JEVONS = View(draw_jevons, update_jevons, alt_jevons, readout_jevons)
