"""Views for owning against renting (:mod:`explainers.models.ownership`)."""

from __future__ import annotations

import textwrap

from explainers.models.ownership import RentOrOwn
from explainers.style import COLOURS
from explainers.views import View
from explainers.views.costs import usd


def _breakeven_text(r: RentOrOwn) -> str:
    if r.breakeven_years is None or r.breakeven_years > r.lifetime_years:
        return f"owning does not pay back within the {r.lifetime_years:.0f}-year useful life"
    return f"owning is cheaper after {r.breakeven_years:.1f} years"


def draw_rent_or_own(ax, r: RentOrOwn) -> dict:
    """Cumulative cost of renting and of owning over the years, with the break-even point."""
    rent, = ax.plot(r.years, r.rent_usd / 1e6, color=COLOURS["blue"], label="renting the busy GPU-hours")
    own, = ax.plot(r.years, r.own_usd / 1e6, color=COLOURS["orange"], label="owning: capital + power")
    ax.axvline(r.lifetime_years, ls=":", lw=1.5, color=COLOURS["grey"])
    ax.text(r.lifetime_years, 1.0, " useful life", transform=ax.get_xaxis_transform(), color=COLOURS["grey"],
            va="bottom", fontsize=11)
    point, = ax.plot([], [], "o", ms=10, color=COLOURS["vermilion"], zorder=5)
    note = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", color=COLOURS["vermilion"], fontweight="bold")
    ax.set_xlim(0, r.years[-1])
    ax.set_xlabel("years of use")
    ax.set_ylabel("cumulative cost (million USD)")
    ax.legend(loc="center left", frameon=False)
    # The y range follows the setting, and the top tick's label may sit on the axes' edge: keep room for it.
    ax.figure.get_layout_engine().set(h_pad=8 / 72)
    artists = {"rent": rent, "own": own, "point": point, "note": note}
    update_rent_or_own(artists, r)
    return artists


def update_rent_or_own(artists: dict, r: RentOrOwn) -> None:
    """Redraw both lines and move the break-even point."""
    artists["rent"].axes.set_ylim(0, r.usd_ceiling / 1e6 * 1.1)
    artists["rent"].set_data(r.years, r.rent_usd / 1e6)
    artists["own"].set_data(r.years, r.own_usd / 1e6)
    inside = r.breakeven_years is not None and r.breakeven_years <= r.years[-1]
    x = r.breakeven_years if inside else None
    artists["point"].set_data([x] if inside else [], [(r.capital_usd + r.running_usd_per_year * x) / 1e6]
                              if inside else [])
    artists["note"].set_text(textwrap.fill(_breakeven_text(r), 34))  # two short lines fit a phone


def alt_rent_or_own(r: RentOrOwn) -> str:
    """The chart at this setting in words."""
    return (f"Line chart of cumulative cost over {r.years[-1]:.0f} years for a cluster of V3's size, busy "
            f"{r.utilisation:.0%} of the time. Renting at ${r.price:.2f} per GPU-hour grows steadily; owning starts "
            f"at {usd(r.capital_usd)} of capital and adds {usd(r.running_usd_per_year)} a year of power: "
            f"{_breakeven_text(r)}.")


def readout_rent_or_own(r: RentOrOwn) -> str:
    """The two prices per busy GPU-hour and the break-even."""
    return (f"Owned, over a {r.lifetime_years:.0f}-year life: ${r.owned_usd_per_gpu_hour:.2f} per busy GPU-hour, "
            f"against ${r.price:.2f} rented; {_breakeven_text(r)}.")


RENT_OR_OWN = View(draw=draw_rent_or_own, update=update_rent_or_own, alt=alt_rent_or_own,
                   readout=readout_rent_or_own)
