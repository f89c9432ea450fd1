"""Figures as a reader sees them in the browser: text size on a phone and a laptop, the whole
explorable on one laptop screen, a quiet card in dark mode, controls that work before the frames of
their other settings have loaded, and maths that needs no script."""

from __future__ import annotations

import pytest
from tests.site.harness import LAPTOP, PHONE, pages_in_toc

from explainers import style

CHAPTERS = [p for p in pages_in_toc() if p not in ("book/glossary.html", "book/sources.html", "book/references.html")]

# Rendered size of every text of every frame on the page, in CSS px: font size times the SVG's scale.
TEXT_PX = """() => [...document.querySelectorAll('.figure-frame svg')].map(svg => {
  const title = svg.closest('figure').querySelector('.figure-title').textContent;
  const sizes = [...svg.querySelectorAll('text')].map(t => {
    const m = t.getScreenCTM();  // rotated labels: the scale is the length of the matrix's first column
    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
  });
  return [title, Math.min(...sizes), Math.max(...sizes)];
})"""


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("path", CHAPTERS)
def test_figure_text_is_at_least_11_px_on_a_phone(reader, path):
    tab = reader(path, viewport=PHONE)
    small = [(t, round(lo, 1)) for t, lo, _ in tab.evaluate(TEXT_PX) if lo < style.MIN_TEXT_PX - 0.05]
    assert not small, f"text smaller than {style.MIN_TEXT_PX} px at 375 px: {small}"


@pytest.mark.parametrize("path", CHAPTERS)
def test_figure_text_is_at_most_17_px_on_a_laptop_and_each_explorable_fits_the_screen(reader, path):
    tab = reader(path, viewport=LAPTOP)
    large = [(t, round(hi, 1)) for t, _, hi in tab.evaluate(TEXT_PX) if hi > style.MAX_TEXT_PX + 0.05]
    assert not large, f"text larger than {style.MAX_TEXT_PX} px at 1280 px: {large}"
    tall = tab.evaluate("""() => [...document.querySelectorAll('figure.explorable, figure.still')]
        .map(f => [f.querySelector('.figure-title').textContent, f.getBoundingClientRect().height])
        .filter(([, h]) => h > 800)""")
    assert not tall, f"taller than a 1280x800 screen: {tall}"


@pytest.mark.parametrize("path", ["book/v3-vs-r1.html", "book/export-controls.html"])
def test_in_dark_mode_figures_sit_on_a_dark_card_in_light_ink(reader, path):
    tab = reader(path, viewport=LAPTOP, scheme="dark")
    assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
    colours = tab.evaluate("""() => {
        const page = getComputedStyle(document.body).backgroundColor;
        return [...document.querySelectorAll('figure.explorable, figure.still')].map(f => {
            const svg = f.querySelector('.figure-frame svg');
            const paper = svg ? getComputedStyle(svg.querySelector('path')).fill : null;
            // The ink is the colour most of the figure's text is drawn in.
            const fills = svg ? [...svg.querySelectorAll('text')].map(t => getComputedStyle(t).fill) : [];
            const ink = fills.sort((a, b) => fills.filter(x => x === b).length - fills.filter(x => x === a).length)[0];
            return [page, getComputedStyle(f).backgroundColor, paper, ink];
        });
    }""")
    assert colours
    for page, card, paper, ink in colours:
        assert contrast(card, page) < 1.3, (card, page)  # a card, not a bright slab
        if paper:
            assert paper == card, "the frame's paper is the card"
            assert contrast(ink, paper) >= 7, (ink, paper)


def test_a_move_made_before_the_frames_arrive_is_shown_when_they_do(chromium, base_url):
    """On a slow phone a figure's frames (a file of their own) come after the page: its controls work
    at once, and the setting the reader chose is drawn as soon as the frames are in."""
    context = chromium.new_context(viewport=PHONE)
    tab = context.new_page()
    held = []
    tab.route("**/_static/frames/**", lambda route: held.append(route))  # answered when the test says
    tab.goto(f"{base_url}/book/intro.html", wait_until="domcontentloaded")
    fig = tab.locator("figure#intro-run-cost")
    before = fig.locator(".figure-frame").inner_html()
    slider = fig.locator("input[type=range]").first
    slider.focus()
    slider.press("ArrowLeft" if slider.input_value() == slider.get_attribute("max") else "ArrowRight")
    assert fig.get_attribute("data-ready") is None and fig.locator(".figure-frame").inner_html() == before
    tab.wait_for_function("n => n > 0", arg=len(held))  # the figure asked for its frames
    assert any("intro-run-cost.js" in route.request.url for route in held)
    for route in held:
        route.continue_()
    tab.wait_for_selector("figure#intro-run-cost[data-ready='true']")
    assert fig.locator(".figure-frame").inner_html() != before
    assert fig.get_attribute("data-frame").split("-")[0] == slider.input_value()
    context.close()


def test_figures_work_in_a_copy_of_the_site_opened_from_disk(chromium, site):
    """A class may get the site as a folder: opened as a file, every figure still loads its frames."""
    context = chromium.new_context(viewport=LAPTOP)
    tab = context.new_page()
    tab.goto((site / "book" / "intro.html").as_uri())
    tab.wait_for_function("!document.querySelector('figure.explorable:not([data-ready])')")
    fig = tab.locator("figure#intro-run-cost")
    before = fig.locator(".figure-frame").inner_html()
    slider = fig.locator("input[type=range]").first
    slider.focus()
    slider.press("ArrowLeft" if slider.input_value() == slider.get_attribute("max") else "ArrowRight")
    assert fig.locator(".figure-frame").inner_html() != before
    context.close()


@pytest.mark.parametrize("path", ["book/reinforcement-learning.html", "book/distillation.html"])
def test_the_maths_comes_typeset_in_the_page(chromium, base_url, path):
    """Formulas are typeset when the book is built: with scripting off they are there, as MathJax
    draws them, with MathML for screen readers, and no page asks for a MathJax script."""
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    asked = []
    tab.on("request", lambda request: asked.append(request.url))
    tab.goto(f"{base_url}/{path}", wait_until="load")
    formulas = tab.locator(".math").count()
    assert formulas > 5
    assert tab.locator(".math mjx-container").count() == formulas
    assert tab.locator(".math mjx-assistive-mml math").count() == formulas
    assert not [t for t in tab.locator(".math").all_inner_texts() if "\\" in t]  # no raw TeX
    assert not [url for url in asked if url.endswith(".js") and "mathjax" in url.lower()]
    context.close()
