"""The live ipywidgets version of an explorable: sliders and menus that recompute the model."""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from explainers.interact.static import frame_html
from explainers.params import Choice, Slider

_STYLE = {"description_width": "initial"}


def control_widget(control, value):
    """An ipywidget for one spec entry; its range comes from the spec, so it cannot leave it."""
    if isinstance(control, Choice):
        return widgets.Dropdown(options=[(control.format(v), v) for v in control.grid()], value=value,
                                description=control.label, style=_STYLE)
    label = f"{control.label} ({control.unit})" if control.unit else control.label
    common = dict(value=value, description=label, continuous_update=True, style=_STYLE,
                  layout=widgets.Layout(width="min(32rem, 100%)"))
    if isinstance(control, Slider):
        return widgets.FloatSlider(min=control.min, max=control.max, step=control.step, **common)
    return widgets.SelectionSlider(options=[(control.format(v), v) for v in control.grid()], **common)


class LiveExplorable:
    """Controls wired to the model; the figure is the same frame the static site shows.

    Attributes ``controls`` (name -> widget), ``figure`` and ``readout`` (HTML widgets) and
    ``box`` (the whole thing) are there for tests and for chapters that lay widgets out.
    """

    def __init__(self, exp):
        self.explorable = exp
        self.controls = {n: control_widget(c, exp.defaults[n]) for n, c in exp.spec.items()}
        self.figure = widgets.HTML()
        self.readout = widgets.HTML()
        self._render = exp.renderer()
        self.refresh()
        for w in self.controls.values():
            w.observe(self.refresh, names="value")
        self.box = widgets.VBox([*self.controls.values(), self.figure, self.readout])

    def params(self) -> dict:
        """The current value of every control."""
        return {n: w.value for n, w in self.controls.items()}

    def refresh(self, change=None) -> None:
        """Recompute the model at the controls' values and show the new frame."""
        frame = self._render(**self.params())
        self.figure.value = frame_html(frame)
        self.readout.value = f'<p aria-live="polite">{escape(frame.readout)}</p>'

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.box._repr_mimebundle_()
