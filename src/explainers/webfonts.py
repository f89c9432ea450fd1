"""The figures' font, served by the site itself.

Frames keep their text as text, laid out by matplotlib with DejaVu Sans metrics. A reader whose
device lacks DejaVu would get another font with other widths, and labels sized to fit would
overflow. So the build writes small WOFF2 subsets of the DejaVu faces matplotlib ships, holding
only the characters the built figures use, to ``_static/fonts/`` (``custom.css`` declares them,
trying the reader's own copy first). Nothing is fetched from another host.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import matplotlib
from fontTools import subset

#: file written -> matplotlib's font file it is cut from
FACES = {
    "dejavu-sans.woff2": "DejaVuSans.ttf",
    "dejavu-sans-bold.woff2": "DejaVuSans-Bold.ttf",
    "dejavu-sans-mono.woff2": "DejaVuSansMono.ttf",
}

_TEXT = re.compile(r"<text[^>]*>([^<]*)<\\?/text>")  # in JSON, "</" is written "<\/"


def figure_characters(pages) -> str:
    """Every character of figure text in the given HTML pages, sorted (frames in JSON data included)."""
    chars = set()
    for page in pages:
        for run in _TEXT.findall(Path(page).read_text(encoding="utf-8")):
            chars.update(html.unescape(run.replace('\\"', '"')))
    return "".join(sorted(chars))


def write_subsets(characters: str, folder: Path) -> list[Path]:
    """WOFF2 subsets of every face in ``FACES`` holding ``characters`` (plus ASCII), in ``folder``."""
    if not isinstance(characters, str):
        raise TypeError(f"characters must be a str, got {type(characters).__name__}")
    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    folder.mkdir(parents=True, exist_ok=True)
    text = characters + "".join(map(chr, range(0x20, 0x7F)))
    written = []
    for name, source in FACES.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["kern", "liga"]
        options.name_IDs = []  # the names are not needed to render, and they are most of a small file
        font = subset.load_font(str(ttf / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        subset.save_font(font, str(folder / name), options)
        written.append(folder / name)
    return written


def write_figure_fonts(app, exception) -> None:
    """Sphinx ``build-finished`` hook: subset the fonts for the figures of the HTML just built."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    write_subsets(figure_characters(sorted(out.rglob("*.html"))), out / "_static" / "fonts")


def setup(app):
    app.connect("build-finished", write_figure_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
