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
    """The four functions an explorable needs from a view module."""

    draw: Callable[[Any, Any], dict]
    update: Callable[[dict, Any], None]
    alt: Callable[[Any], str]
    readout: Callable[[Any], str]


@dataclass(frozen=True)
class Table:
    """A view that shows a result as an HTML table, not a picture.

    A table drawn as an image cannot be selected, searched, translated or reflowed on a phone;
    an HTML table can, and it needs no alt text because it is text. ``html(result)`` returns one
    ``<table>`` (escape every string), ``readout(result)`` the sentence beside it.
    """

    html: Callable[[Any], str]
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
    label.set_verticalalignment("top" if below else "bottom")
    label.set_position((-8 if right_half else 10, -6 if below else 6))


def two_panels(ax, top_label: str, bottom_label: str, xlabel: str):
    """Replace ``ax`` by two stacked panels sharing the x axis, which is labelled once, below."""
    fig = ax.figure
    fig.set_size_inches(4.6, 4.2)
    spec = ax.get_subplotspec()
    ax.remove()
    top, bottom = spec.subgridspec(2, 1, hspace=0.08).subplots(sharex=True)
    top.set_ylabel(top_label)
    bottom.set_ylabel(bottom_label)
    bottom.set_xlabel(xlabel)
    top.tick_params(bottom=False)
    return top, bottom


def draw_bars(ax, names, widths, texts, colours, height: float = 0.6) -> dict:
    """Horizontal bars, one per name from the top down, each with its text just past its end."""
    rows = range(len(names))
    bars = ax.barh(rows, widths, color=colours, height=height)
    # Offset in points, not leading spaces: an inline SVG collapses spaces.
    labels = [ax.annotate(t, (w, i), xytext=(4, 0), textcoords="offset points", va="center")
              for i, (w, t) in enumerate(zip(widths, texts))]
    ax.set_yticks(list(rows), names)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    return {"bars": bars, "labels": labels}


def update_bars(artists: dict, widths, texts) -> None:
    """Resize the bars of :func:`draw_bars` and move and rewrite their labels."""
    for bar, label, w, t in zip(artists["bars"], artists["labels"], widths, texts):
        bar.set_width(w)
        label.xy = (w, label.xy[1])
        label.set_text(t)
