"""Views for the open-weights chapter: abliteration in two dimensions.

Model: :mod:`explainers.models.abliteration`.
"""

from __future__ import annotations

import numpy as np

from explainers.figures import View
from explainers.models import abliteration
from explainers.models.abliteration import Ablation
from explainers.style import COLOURS

GROUPS = {"refused": (COLOURS["vermilion"], "o", "refused"), "answered": (COLOURS["blue"], "s", "answered")}
VIEW = (-2.5, 3.5)  # both axes, in activation units: the origin and every projected point stay in view


def _line(direction: np.ndarray) -> tuple[list[float], list[float]]:
    """End points of the line through the origin along ``direction``, beyond the view on both sides."""
    x, y = direction * 3 * (VIEW[1] - VIEW[0])
    return [-x, x], [-y, y]


def draw_ablation(ax, a: Ablation) -> dict:
    """The points before (faint) and after (solid) removing a direction, the direction, and where points land."""
    ax.figure.set_size_inches(5.4, 5.4)
    ax.set_aspect("equal")
    ax.set_xlim(*VIEW)
    ax.set_ylim(*VIEW)
    ax.set_xlabel("activation, first component")
    ax.set_ylabel("second component")
    refusal = abliteration.unit_vector(abliteration.REFUSAL_ANGLE)
    ax.plot(*_line(refusal), color=COLOURS["grey"], ls=":", lw=1.2, label="difference of the means")
    artists = {"removed": ax.plot([], [], color=COLOURS["green"], lw=2, label="direction removed")[0],
               "landing": ax.plot([], [], color=COLOURS["green"], ls="--", lw=1, label="where points land")[0]}
    for group, (colour, marker, label) in GROUPS.items():
        before = getattr(a, group)
        ax.plot(before[:, 0], before[:, 1], marker, ms=5, mfc="none", mec=colour, alpha=0.4, ls="none",
                label=f"{label}, before")
    # Refused on top and smaller, so the two groups stay visible where they land on each other.
    for group, size in (("answered", 6), ("refused", 4)):
        colour, marker, label = GROUPS[group]
        artists[group] = ax.plot([], [], marker, ms=size, color=colour, ls="none", label=f"{label}, after")[0]
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, frameon=False, fontsize=9)
    update_ablation(artists, a)
    return artists


def update_ablation(artists: dict, a: Ablation) -> None:
    """Move the removed direction, its orthogonal landing line, and the projected points."""
    artists["removed"].set_data(*_line(a.direction))
    artists["landing"].set_data(*_line(np.array([-a.direction[1], a.direction[0]])))
    for group in GROUPS:
        after = getattr(a, f"{group}_after")
        artists[group].set_data(after[:, 0], after[:, 1])


def _summary(a: Ablation) -> str:
    return (f"{a.gap_left:.0%} of the distance between the two groups' means is left, and the toy model still "
            f"refuses {a.refusal_rate_after:.0%} of the instructions it refused before")


def alt_ablation(a: Ablation) -> str:
    """The figure at this angle in words."""
    return (f"Scatter plot of two groups of {abliteration.POINTS} points, instructions a toy model refuses and "
            f"instructions it answers, before (faint) and after removing the direction at {a.angle:.0f} degrees. "
            f"The groups differ along {abliteration.REFUSAL_ANGLE:.0f} degrees, drawn as a dotted line. "
            f"After the projection every point lies on the line at {(a.angle + 90) % 180:.0f} degrees: "
            f"{_summary(a)}.")


def readout_ablation(a: Ablation) -> str:
    """What removing this direction did."""
    return f"Removing the direction at {a.angle:.0f}°: {_summary(a)}."


ABLATION = View(draw=draw_ablation, update=update_ablation, alt=alt_ablation, readout=readout_ablation)
