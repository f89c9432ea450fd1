"""The one house style for every figure of the book.

Figures are matplotlib ``Figure`` objects made without pyplot, so a notebook never shows
a stray copy. They are exported as SVG with text kept as text, then made fit to sit inline in
a page (:func:`web_svg`): every colour becomes a CSS variable, so the page's theme (light or
dark) colours the figure, and the text is sized for the screen it lands on.

The sizes are chosen for two screens. On a 375 px phone a frame is at most ``PHONE_FRAME_PX``
wide, and its smallest text must render at ``MIN_TEXT_PX`` or more; on a laptop a frame grows
only until its largest text reaches ``MAX_TEXT_PX`` (:func:`frame_width_limits`).
"""

from __future__ import annotations

import io
import re
import zlib

import matplotlib
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
COLOURS = {
    "blue": "#0072b2",
    "orange": "#e69f00",
    "green": "#009e73",
    "vermilion": "#d55e00",
    "sky": "#56b4e9",
    "purple": "#cc79a7",
    "grey": "#6b6b6b",
}

#: Every colour a frame may use, by name. The page's CSS gives each a ``--fig-<name>`` variable with
#: a light and a dark value (book/_static/custom.css); the hex here is the light one and the fallback.
PALETTE = {
    "ink": "#1f1f1f",            # text, axes, outlines
    "paper": "#ffffff",          # the figure's background
    "grid": "#b0b0b0",           # grid lines (drawn faint)
    "frame": "#cccccc",          # legend frames, box outlines
    "wash": "#f4f4f4",           # a quiet fill behind a region
    "muted": "#595959",          # secondary text, still 7:1 on paper
    "vermilion-text": "#a94800",  # vermilion dark enough for text on paper (5.6:1)
    **COLOURS,
}

TINT_SHARE = 0.25  # a tint is this much of the colour on paper


def tint(name: str) -> str:
    """The pale version of palette colour ``name`` (for fills behind text); usable as a matplotlib colour."""
    if name not in COLOURS:
        raise ValueError(f"name must be one of {sorted(COLOURS)} to tint, got {name!r}")
    colour, paper = to_rgb(COLOURS[name]), to_rgb(PALETTE["paper"])
    return to_hex([TINT_SHARE * c + (1 - TINT_SHARE) * p for c, p in zip(colour, paper)])


#: hex -> CSS variable name, for every colour a frame may contain (tints included). Black is ink:
#: matplotlib's defaults and "black" in a view mean the text colour, which is light in dark mode.
_VARIABLES = {"#000000": "ink", **{hex_: name for name, hex_ in PALETTE.items()},
              **{tint(name): f"{name}-tint" for name in COLOURS}}

MIN_TEXT_PX = 11     # smallest text on a 375 px phone
MAX_TEXT_PX = 17     # largest text on a laptop
PHONE_FRAME_PX = 340  # a frame's width on a 375 px phone (the card spans the column, see custom.css)

RC = {
    "figure.figsize": (4.6, 3.2),  # at PHONE_FRAME_PX wide, 11 pt text renders at 11.3 px
    "figure.dpi": 100,
    "figure.facecolor": PALETTE["paper"],
    "axes.facecolor": PALETTE["paper"],
    "savefig.facecolor": PALETTE["paper"],
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "text.color": PALETTE["ink"],
    "axes.labelcolor": PALETTE["ink"],
    "axes.edgecolor": PALETTE["ink"],
    "xtick.color": PALETTE["ink"],
    "ytick.color": PALETTE["ink"],
    "legend.edgecolor": PALETTE["frame"],
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": PALETTE["grid"],
    "grid.alpha": 0.4,
    "hatch.color": PALETTE["ink"],
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


def to_svg(fig: Figure, salt: str = "explainers") -> str:
    """The figure as inline SVG for a web page (see :func:`web_svg`).

    ``salt`` makes the ids of clip paths and patterns unique to one figure, so two figures on a
    page never share an id (an explorable's frames share its name as salt).
    """
    buf = io.StringIO()
    with matplotlib.rc_context({**RC, "svg.hashsalt": salt}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return web_svg(buf.getvalue())


_HEX = re.compile(r"(?<![\w(])#[0-9a-fA-F]{6}(?![0-9a-fA-F])")
_NUMBER = re.compile(r"-?\d+\.\d{3,}")


def _colour_variable(match: re.Match) -> str:
    hex_ = match.group(0).lower()
    if hex_ not in _VARIABLES:
        raise ValueError(f"figure colour {hex_} is not in style.PALETTE (or a tint of it): "
                         "use a palette colour so both page themes can colour it")
    return f"var(--fig-{_VARIABLES[hex_]}, {hex_})"


def _tidy_tag(match: re.Match) -> str:
    tag = match.group(0)
    # Presentation attributes cannot hold var(): move a colour attribute into the style.
    tag = re.sub(r'\s(fill|stroke)="(#[0-9a-fA-F]{6})"', r' style="\1: \2"', tag)
    tag = re.sub(r'style="([^"]*)"\s+style="([^"]*)"', r'style="\1; \2"', tag)
    tag = _NUMBER.sub(lambda m: f"{float(m.group(0)):.2f}".rstrip("0").rstrip("."), tag)
    tag = _HEX.sub(_colour_variable, tag)
    tag = re.sub(r' transform="rotate\(-?0 [^"]*\)"', "", tag)
    return (tag.replace("font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', sans-serif")
            .replace("font-family: 'DejaVu Sans Mono'", "font-family: 'DejaVu Sans Mono', monospace"))


def web_svg(svg: str) -> str:
    """Matplotlib's SVG document made fit to sit inline in a page.

    Drops the XML prologue, metadata, group ids and the global ``*{...}`` rule (inline, it would style
    the whole page), turns every colour into a ``--fig-*`` CSS variable, rounds coordinates to two
    decimals and sizes the root to its column (see :func:`frame_width_limits`).
    """
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'<defs>\s*<style type="text/css">[^<]*</style>\s*</defs>\s*', "", svg)
    svg = re.sub(r'<g id="[^"]*">', "<g>", svg)
    svg = re.sub(r"<[^>]+>", _tidy_tag, svg)
    svg = re.sub(r">\s+<", "><", svg).strip()
    svg = re.sub(r"\s*\n\s*", " ", svg)  # path data spans lines
    low, high = frame_width_limits(svg)
    root_style = (f'style="width:100%;height:auto;max-width:{high}px;fill:var(--fig-ink, {PALETTE["ink"]});'
                  'stroke-linejoin:round;stroke-linecap:butt" data-min-width="' f'{low}"')
    return re.sub(r'<svg [^>]*?(viewBox="[^"]+")[^>]*>',
                  rf'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" \1 '
                  rf'{root_style} aria-hidden="true" focusable="false">', svg, count=1)


def view_box(svg: str) -> tuple[float, float]:
    """Width and height of an SVG's viewBox (in points: matplotlib's user units)."""
    x, y, width, height = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    return width, height


def font_sizes(svg: str) -> list[float]:
    """Every text size in an SVG, in its user units."""
    return [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", svg)]


def frame_width_limits(svg: str) -> tuple[int, int]:
    """The narrowest and widest a frame may be drawn, in CSS px.

    Narrowest: where its smallest text is ``MIN_TEXT_PX``. Widest: where its largest text is
    ``MAX_TEXT_PX``. A figure is legible on a phone when the narrowest is at most ``PHONE_FRAME_PX``.
    """
    sizes = font_sizes(svg) or [RC["font.size"]]
    width, _ = view_box(svg)
    return round(MIN_TEXT_PX * width / min(sizes)), int(MAX_TEXT_PX * width / max(sizes))


def salt_for(text: str) -> str:
    """A short stable salt from a figure's name or title (see :func:`to_svg`)."""
    return f"f{zlib.crc32(text.encode()):08x}"
