"""HTML of the kernel-free explorable: native controls, precomputed frames, a few lines of JS.

The page's ``_static/explorable.js`` switches frames; without it the default frame shows.
"""

from __future__ import annotations

import base64
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
    if isinstance(control, (Slider, Steps)):
        text = escape(control.format(values[default_index]))
        return (f'<div class="explorable-control">'
                f'<label for="{cid}">{escape(control.label)}</label>'
                f'<input type="range" id="{cid}" data-param="{name}" min="0" max="{len(values) - 1}" step="1" '
                f'value="{default_index}" aria-valuetext="{text}">'
                f'<output for="{cid}" id="{cid}-value">{text}</output></div>')
    options = "".join(
        f'<option value="{i}"{" selected" if i == default_index else ""}>{escape(control.format(v))}</option>'
        for i, v in enumerate(values))
    return (f'<div class="explorable-control"><label for="{cid}">{escape(control.label)}</label>'
            f'<select id="{cid}" data-param="{name}">{options}</select></div>')


def img_tag(frame, css_class: str = "explorable-frame") -> str:
    """An ``<img>`` showing a frame's SVG, with its alt text."""
    src = "data:image/svg+xml;base64," + base64.b64encode(frame.svg.encode()).decode()
    return f'<img class="{css_class}" src="{src}" alt="{escape(frame.alt)}">'


def render_explorable(exp) -> str:
    """The explorable as one self-contained HTML fragment."""
    frames = exp.frames()
    default_key = tuple(c.grid().index(exp.defaults[n]) for n, c in exp.spec.items())
    default = frames[default_key]
    data = {
        "labels": {n: [c.format(v) for v in c.grid()] for n, c in exp.spec.items()},
        "frames": {"-".join(map(str, k)): [f.svg, f.alt, f.readout] for k, f in frames.items()},
    }
    controls = "".join(_control_html(exp, n, c, i) for (n, c), i in zip(exp.spec.items(), default_key))
    return (
        f'<figure class="explorable" id="{exp.name}" data-frame="{"-".join(map(str, default_key))}">'
        f'<div class="explorable-controls" role="group" aria-label="Controls: {escape(exp.title)}">{controls}</div>'
        f'{img_tag(default)}'
        f'<p class="explorable-readout" aria-live="polite">{escape(default.readout)}</p>'
        f'<figcaption>{escape(exp.title)}</figcaption>'
        f'{json_script(data, "explorable-data")}'
        f'</figure>'
    )
