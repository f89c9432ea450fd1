"""An interactive figure computed from a pure model: live in a kernel, precomputed on the site."""

from __future__ import annotations

import inspect
import itertools
import multiprocessing
import os
import re
from dataclasses import dataclass
from typing import Callable, Mapping

from explainers import site_build
from explainers.interact import frame_cache
from explainers.interact.dual import dual_bundle
from explainers.interact.live import LiveExplorable
from explainers.interact.static import render_explorable, render_preview
from explainers.params import Control
from explainers.style import context, new_figure, to_svg
from explainers.views import Table, View


@dataclass(frozen=True)
class Frame:
    """One setting of the figure: its markup, what it shows in words, and the numbers beside it.

    ``markup`` is inline SVG (see :func:`explainers.style.to_svg`), or an HTML table whose ``alt``
    is empty because the table is its own text (see :class:`explainers.views.Table`).
    """

    markup: str
    alt: str
    readout: str


def _defaults(model: Callable, spec: Mapping[str, Control]) -> dict:
    signature = inspect.signature(model)
    missing = [n for n in spec if signature.parameters.get(n) is None
               or signature.parameters[n].default is inspect.Parameter.empty]
    if missing:
        raise ValueError(f"model {model.__name__} needs a default for every spec parameter; missing {missing}")
    defaults = {n: signature.parameters[n].default for n in spec}
    for n, control in spec.items():
        if defaults[n] not in control.grid():
            raise ValueError(f"default {n}={defaults[n]!r} of {model.__name__} is not on the grid {control.grid()}")
    return defaults


class Explorable:
    """A model and a view, shown as one interactive figure with the model's controls.

    Parameters
    ----------
    model : callable
        A pure function decorated with :func:`explainers.params.controls`: its ``spec`` maps keyword
        arguments, each with a default, to Slider, Steps or Choice, whose grids are the static frames.
    view : View or Table
        Draws, updates, describes (alt text) and reads out the model's result; or shows it as a table.
    name : str
        A page-unique id made of lowercase letters, digits and hyphens, e.g. ``"intro-run-cost"``.
    title : str
        What the figure shows, used as its caption and as the controls' group name.
    """

    def __init__(self, model: Callable, view: View, *, name: str, title: str):
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", name):
            raise ValueError(f"name must be lowercase letters, digits and hyphens, starting with a letter, got {name!r}")
        spec = getattr(model, "spec", None)
        if not callable(model) or spec is None:
            raise TypeError(f"model must be a function decorated with @controls(SPEC), got {model!r}")
        if not isinstance(title, str) or not title.strip():
            raise ValueError(f"title must be a non-empty str, got {title!r}")
        self.model, self.spec, self.view = model, dict(spec), view
        self.name, self.title = name, title
        self.defaults = _defaults(model, self.spec)

    def renderer(self) -> Callable[..., Frame]:
        """A function ``params -> Frame`` that draws once and then only updates artists."""
        if isinstance(self.view, Table):
            def table(**params) -> Frame:
                result = self.model(**{**self.defaults, **params})
                return Frame(markup=self.view.html(result), alt="", readout=self.view.readout(result))
            return table
        fig, ax = new_figure()
        with context():
            artists = self.view.draw(ax, self.model(**self.defaults))
            # Lay out once, at the default, then freeze: frames keep the same axes box (no jitter
            # when switching) and each save draws once instead of twice.
            fig.draw_without_rendering()
            fig.set_layout_engine(None)  # not "none": its placeholder engine still forces a pre-draw per save

        def render(**params) -> Frame:
            result = self.model(**{**self.defaults, **params})
            with context():
                self.view.update(artists, result)
            return Frame(markup=to_svg(fig, self.name), alt=self.view.alt(result), readout=self.view.readout(result))

        return render

    def grid(self) -> list[dict]:
        """Every combination of control values, the first control varying slowest."""
        names = list(self.spec)
        return [dict(zip(names, combo)) for combo in itertools.product(*(c.grid() for c in self.spec.values()))]

    def frames(self) -> dict[tuple[int, ...], Frame]:
        """The figure at every grid point, keyed by the index of each control's value.

        Taken from the frame cache when the package has not changed since they were drawn (see
        :mod:`explainers.interact.frame_cache`); else drawn in as many processes as the machine has
        cores: frames are independent, and a build runs one page at a time, so the other cores would
        wait. Forked after the first draw, every process starts from the same laid-out figure, and
        the frames are the same bytes as drawn in one.
        """
        grids = [c.grid() for c in self.spec.values()]
        points = self.grid()
        keys = {"-".join(str(g.index(p[n])) for g, n in zip(grids, self.spec)): p for p in points}
        cache_key = frame_cache.key(self)
        cached = frame_cache.load(cache_key) if cache_key else None
        if cached is None or cached.keys() != keys.keys():
            cached = dict(zip(keys, ([f.markup, f.alt, f.readout] for f in _render_all(self.renderer(), points))))
            if cache_key:
                frame_cache.store(cache_key, cached)
        return {tuple(map(int, k.split("-"))): Frame(*cached[k]) for k in keys}

    def html(self) -> str:
        """The kernel-free explorable for the static site."""
        return render_explorable(self)

    def live(self):
        """The ipywidgets version for a live kernel (see :mod:`explainers.interact.live`)."""
        return LiveExplorable(self)

    def _repr_mimebundle_(self, include=None, exclude=None):
        # Each rendering only where it is shown. The static site shows the HTML with every frame, and
        # loads no widget: building one would draw its figure for nothing. A reader's kernel shows the
        # widget, with the default frame as HTML: drawing every frame there would be thrown away, and a
        # saved notebook would keep megabytes of them.
        if site_build():
            return {"text/html": self.html(), "text/plain": self.title}
        return dual_bundle(self.live().box, render_preview(self))


_RENDER: Callable[..., Frame] | None = None  # the renderer forked processes inherit (closures do not pickle)
_MIN_FRAMES_TO_FORK = 24  # below this, starting the processes costs more than it saves


def _render_point(params: dict) -> Frame:
    return _RENDER(**params)


def _render_all(render: Callable[..., Frame], points: list[dict]) -> list[Frame]:
    global _RENDER
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(points) < _MIN_FRAMES_TO_FORK or "fork" not in multiprocessing.get_all_start_methods():
        return [render(**p) for p in points]
    _RENDER = render
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_render_point, points, chunksize=max(1, len(points) // (4 * workers)))
    finally:
        _RENDER = None


def explore(model: Callable, view: View, *, name: str, title: str) -> Explorable:
    """One interactive figure of ``model`` (with its ``@controls``) drawn by ``view``: ipywidgets in a
    kernel, precomputed frames on the static site."""
    return Explorable(model, view, name=name, title=title)
