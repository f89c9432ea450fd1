"""A figure without controls, shown the same way as an explorable's frame: SVG, alt text, caption."""

from __future__ import annotations

from typing import Callable

from explainers.interact.explorable import Frame
from explainers.interact.static import figure_html
from explainers.style import context, new_figure, salt_for, to_svg


class Still:
    """A drawn figure; displays as HTML in a kernel and on the site alike."""

    def __init__(self, draw: Callable, alt: str, title: str):
        if not alt.strip() or not title.strip():
            raise ValueError("alt and title must be non-empty: every figure needs both")
        fig, ax = new_figure()
        with context():
            draw(ax)
        self.frame = Frame(markup=to_svg(fig, salt_for(title)), alt=alt, readout="")
        self.title = title

    def _repr_html_(self) -> str:
        return figure_html("still", self.title, self.frame)


def still(draw: Callable, alt: str, title: str) -> Still:
    """A figure drawn once by ``draw(ax)``, with its alt text and caption."""
    return Still(draw, alt, title)
