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
