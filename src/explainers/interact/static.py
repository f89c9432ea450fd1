"""HTML of the kernel-free explorable: native controls, precomputed frames, a few lines of JS.

The page's ``_static/explorable.js`` switches frames; without it the default frame shows.
Order on the page: the title, the controls, the frame, the readout (what the reader reads first
names the figure; the controls sit right above what they change).
"""

from __future__ import annotations

import json
from html import escape

from explainers.params import Slider, Steps


def json_script(data, css_class: str) -> str:
    """``data`` as an inert JSON ``<script>`` element that the page's JS reads."""
    # "</" would end the <script> element early; JSON allows "<\/".
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" class="{css_class}">{text}</script>'


def _control_html(exp, name: str, control, default_index: int) -> str:
    cid = f"{exp.name}-{name}"
    values = control.grid()
    label = f'<label for="{cid}">{escape(control.label)}</label>'
    if isinstance(control, (Slider, Steps)):
        text = escape(control.format(values[default_index]))
        return (f'<div class="explorable-control">{label}<div class="explorable-input">'
                f'<input type="range" id="{cid}" data-param="{name}" min="0" max="{len(values) - 1}" step="1" '
                f'value="{default_index}" aria-valuetext="{text}">'
                f'<output for="{cid}" id="{cid}-value">{text}</output></div></div>')
    options = "".join(
        f'<option value="{i}"{" selected" if i == default_index else ""}>{escape(control.format(v))}</option>'
        for i, v in enumerate(values))
    return (f'<div class="explorable-control">{label}<div class="explorable-input">'
            f'<select id="{cid}" data-param="{name}">{options}</select></div></div>')


def frame_html(frame) -> str:
    """A frame as it sits in the page: an inline SVG named by its alt text, or an HTML table as is."""
    if not frame.alt:  # a table speaks for itself (see views.Table)
        return f'<div class="figure-frame figure-table">{frame.markup}</div>'
    return f'<div class="figure-frame" role="img" aria-label="{escape(frame.alt)}">{frame.markup}</div>'


def figure_html(css_class: str, title: str, frame, *, controls: str = "", extra: str = "",
                figure_id: str = "", frame_key: str = "") -> str:
    """The one layout of every figure on the site: title, controls, frame, readout."""
    attributes = f' id="{figure_id}" data-frame="{frame_key}"' if figure_id else ""
    readout = (f'<p class="explorable-readout" aria-live="polite">{escape(frame.readout)}</p>'
               if css_class == "explorable" else "")
    return (f'<figure class="{css_class}"{attributes}>'
            f'<figcaption class="figure-title">{escape(title)}</figcaption>{controls}'
            f'{frame_html(frame)}{readout}{extra}</figure>')


def render_explorable(exp) -> str:
    """The explorable as one self-contained HTML fragment."""
    frames = exp.frames()
    default_key = tuple(c.grid().index(exp.defaults[n]) for n, c in exp.spec.items())
    data = {
        "labels": {n: [c.format(v) for v in c.grid()] for n, c in exp.spec.items()},
        "frames": {"-".join(map(str, k)): [f.markup, f.alt, f.readout] for k, f in frames.items()},
    }
    controls = "".join(_control_html(exp, n, c, i) for (n, c), i in zip(exp.spec.items(), default_key))
    controls = (f'<div class="explorable-controls" role="group" aria-label="Controls: {escape(exp.title)}">'
                f'{controls}</div>')
    return figure_html("explorable", exp.title, frames[default_key], controls=controls,
                       extra=json_script(data, "explorable-data"), figure_id=exp.name,
                       frame_key="-".join(map(str, default_key)))


def render_preview(exp) -> str:
    """The explorable at its default setting, without controls or frames: the ``text/html`` a live kernel
    sends beside the widget, shown only where no widget can be drawn (a saved notebook read without a kernel)."""
    return figure_html("explorable", exp.title, exp.renderer()(**exp.defaults))
