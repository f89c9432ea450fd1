"""Views: how a model's result is drawn. One module per topic, no widgets here.

A view draws once (``draw(ax, result) -> artists``), then updates those artists
(``update(artists, result)``), and says in words what it shows (``alt``) and which
numbers go beside it (``readout``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class View:
    """The four functions an explorable needs from a figure module."""

    draw: Callable[[Any, Any], dict]
    update: Callable[[dict, Any], None]
    alt: Callable[[Any], str]
    readout: Callable[[Any], str]


def keep_label_inside(label, x: float, left: float, right: float, rising: bool) -> None:
    """Place a point's annotation where it neither runs off the axes nor crosses its line.

    In the left half it goes to the right of the point, in the right half to the left; it sits
    on the side of the line that is empty there: below a rising line going right, above it
    going left, and the other way round for a falling line.
    """
    right_half = x > (left + right) / 2
    label.set_horizontalalignment("right" if right_half else "left")
    below = rising != right_half
    label.set_position((-8 if right_half else 10, -20 if below else 8))
