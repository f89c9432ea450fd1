"""Every figure of the built site, frame by frame: legible on a phone, not oversized on a laptop,
drawn as text in the theme's colours (no raster), and in a font the site serves.

Sizes are checked from the frames themselves: a frame's smallest text at its phone width
(``style.PHONE_FRAME_PX``) and its largest at its ``max-width``. tests/site/test_figures.py
measures the same in the browser for the frames a page shows at load.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from tests.site.harness import built_frames

from explainers import style, webfonts

pytestmark = pytest.mark.book


def figures(site: Path):
    """(page, title, [frame markup, ...]) for every figure of the book."""
    found = []
    for page in sorted((site / "book").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        data = built_frames(page)
        for match in re.finditer(r'<figure class="(?:explorable|still)".*?</figure>', text, re.S):
            body = match.group(0)
            title = re.search(r'<figcaption class="figure-title">(.*?)</figcaption>', body).group(1)
            figure_id = re.match(r'<figure class="explorable" id="([^"]+)"', body)
            if figure_id:
                frames = [f[0] for f in data[figure_id.group(1)]["frames"].values()]
            else:
                frames = [re.search(r'<div class="figure-frame[^"]*"[^>]*>(.*)</div>', body, re.S).group(1)]
            found.append((page.stem, title, frames))
    return found


@pytest.fixture(scope="module")
def book_figures(site):
    found = figures(site)
    assert len(found) >= 25, "every chapter's figures should be found"
    return found


def test_every_frame_is_inline_svg_or_an_html_table(book_figures):
    for page, title, frames in book_figures:
        for markup in frames:
            assert markup.startswith(("<svg ", "<table")), (page, title, markup[:80])
            assert "<image" not in markup and "data:image" not in markup, f"{page}: {title} holds a raster"


def test_frame_text_is_legible_on_a_phone_and_not_oversized_on_a_laptop(book_figures):
    problems = []
    for page, title, frames in book_figures:
        for markup in (f for f in frames if f.startswith("<svg")):
            width, _ = style.view_box(markup)
            sizes = style.font_sizes(markup)
            max_width = int(re.search(r"max-width:(\d+)px", markup).group(1))
            phone = min(max_width, style.PHONE_FRAME_PX)
            smallest, largest = min(sizes) * phone / width, max(sizes) * max_width / width
            if smallest < style.MIN_TEXT_PX or largest > style.MAX_TEXT_PX:
                problems.append(f"{page}: {title}: text {smallest:.1f}-{largest:.1f} px")
                break
    assert not problems, "\n".join(problems)


def test_frames_use_only_theme_colours(book_figures):
    for page, title, frames in book_figures:
        for markup in (f for f in frames if f.startswith("<svg")):
            bare = re.findall(r"(?<!, )#[0-9a-fA-F]{6}\b", markup)
            assert not bare, f"{page}: {title} has colours the theme cannot change: {set(bare)}"


def test_the_site_serves_a_font_with_every_character_of_every_figure(site, book_figures):
    text = {c for _, _, frames in book_figures for f in frames
            for run in re.findall(r"<text[^>]*>([^<]*)</text>", f) for c in run}
    for name in webfonts.FACES:
        path = site / "_static" / "fonts" / name
        assert path.stat().st_size < 40_000, f"{name} is not a subset"
        cmap = TTFont(path).getBestCmap()
        missing = {c for c in text if c.strip() and ord(c) not in cmap and not c.startswith("&")}
        assert not missing, f"{name} lacks {missing}"
