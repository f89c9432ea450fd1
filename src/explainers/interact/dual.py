"""The display bundle that carries both renderings of one figure or question."""

from __future__ import annotations


def dual_bundle(widget, html: str) -> dict:
    """The widget's own mime bundle plus ``text/html`` for the static site.

    JupyterLab renders ``application/vnd.jupyter.widget-view+json`` and ignores the HTML;
    the static build prefers ``text/html`` and loads no widget JavaScript.
    """
    bundle = dict(widget._repr_mimebundle_())
    bundle["text/html"] = html
    return bundle
