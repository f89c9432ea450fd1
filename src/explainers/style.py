"""The one house style for every figure of the book.

Figures are matplotlib ``Figure`` objects made without pyplot, so a notebook never shows
a stray copy, and exported as SVG with text kept as text (small, searchable, sharp).
"""

from __future__ import annotations

import io

import matplotlib
from matplotlib.figure import Figure

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermilion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "grey": "#6b6b6b",
}

RC = {
    "figure.figsize": (5.4, 3.6),  # narrow enough that text stays legible when a phone scales it down
    "figure.dpi": 100,
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 2,
    "axes.prop_cycle": matplotlib.cycler(color=list(COLOURS.values())),
    "text.parse_math": False,  # labels are full of dollar signs, never TeX
    "svg.fonttype": "none",  # text stays text: smaller frames, and the browser renders it
    "svg.hashsalt": "explainers",  # deterministic ids, so identical frames are identical bytes
}


def context():
    """A context in which artists are made and saved in the house style.

    Matplotlib reads most settings when an artist is created, so drawing must happen inside it.
    """
    return matplotlib.rc_context(RC)


def new_figure() -> tuple[Figure, object]:
    """A figure with one axes, in the house style."""
    with context():
        fig = Figure(layout="constrained")
        ax = fig.add_subplot()
    return fig, ax


def to_svg(fig: Figure) -> str:
    """The figure as an SVG document, without metadata that changes from run to run."""
    buf = io.StringIO()
    with context():
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()
