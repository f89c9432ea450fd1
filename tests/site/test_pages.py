"""Every page of the built site in headless chromium, with every non-loopback request aborted."""

import pytest
from fontTools.ttLib import TTFont
from tests.site.harness import LAPTOP, PHONE, pages_in_toc

pytestmark = pytest.mark.browser


def _open(page, base_url, path):
    page.goto(f"{base_url}/{path}")
    page.wait_for_load_state("networkidle")
    # Each figure's frames arrive from their own file once the page has loaded (explorable.js).
    page.wait_for_function("!document.querySelector('figure.explorable:not([data-ready])')", timeout=10_000)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("path", pages_in_toc())
def test_page_loads_offline_without_a_single_error(reader, path, viewport, scheme):
    """A first visit (fresh browser profile): no request leaves the site, none fails (the favicon
    included), and the console stays empty."""
    tab = reader(path, viewport=viewport, scheme=scheme)
    assert tab.external == []
    assert tab.failed == []
    assert tab.errors == [] and tab.console_errors == []


@pytest.mark.parametrize("path", pages_in_toc())
def test_math_renders(page, base_url, path):
    _open(page, base_url, path)
    count = page.locator(".math").count()
    if count:
        page.wait_for_function(f"document.querySelectorAll('mjx-container').length >= {count}", timeout=10_000)
        assert page.locator("mjx-container").count() >= count
        assert not [t for t in page.locator(".math").all_inner_texts() if "\\" in t]  # rendered, no raw TeX left


@pytest.mark.parametrize("path", pages_in_toc())
def test_every_interactive_figure_responds(page, base_url, path):
    _open(page, base_url, path)
    for fig in page.locator("figure.explorable").all():
        assert fig.get_attribute("data-ready") == "true"
        for control in fig.locator("[data-param]").all():
            before = (fig.get_attribute("data-frame"), fig.locator(".figure-frame").inner_html())
            if control.evaluate("el => el.tagName") == "SELECT":
                options = control.locator("option").count()
                current = int(control.input_value())
                control.select_option(str((current + 1) % options))
            else:
                control.focus()
                control.press("ArrowRight" if control.input_value() != control.get_attribute("max") else "ArrowLeft")
            after = (fig.get_attribute("data-frame"), fig.locator(".figure-frame").inner_html())
            assert after[0] != before[0] and after[1] != before[1]
    for form in page.locator("form.quiz").all():
        assert form.get_attribute("data-ready") == "true"


def test_theme_icons_render_from_the_webfont(page, base_url):
    """fontawesome.js is left out (book/_templates/static/webpack-macros.html): icons come from the CSS font."""
    _open(page, base_url, "book/intro.html")
    assert page.locator("script[src*='fontawesome.js']").count() == 0
    glyph = page.evaluate("""() => {
        const icon = document.querySelector('.theme-switch-button i.fa-solid:not([style*="none"])')
                     || document.querySelector('i.fa-solid');
        return getComputedStyle(icon, '::before').content;
    }""")
    assert glyph not in ("none", "normal", "")
    page.wait_for_function("[...document.fonts].some(f => f.family.includes('Font Awesome') && f.status === 'loaded')")


# Every icon the page draws from a Font Awesome face: (family, weight, codepoint) of each ::before/::after.
ICONS_DRAWN = """() => [...document.querySelectorAll('*')].flatMap(el => ['::before', '::after'].map(pseudo => {
  const style = getComputedStyle(el, pseudo);
  const text = style.content.replace(/^"|"$/g, '');
  if (!style.fontFamily.includes('Font Awesome') || [...text].length !== 1) { return null; }
  return [style.fontFamily.includes('Brands') ? 'brands' : style.fontWeight === '900' ? 'solid' : 'regular',
          text.codePointAt(0)];
})).filter(Boolean)"""


@pytest.mark.parametrize("path", pages_in_toc())
def test_every_icon_drawn_is_in_the_cut_down_icon_font(page, base_url, site, path):
    """The build keeps only the icons the site shows (explainers.webfonts): an icon it missed would
    be drawn as an empty box, so every icon a page draws, menus included, must be in its font."""
    _open(page, base_url, path)
    drawn = page.evaluate(ICONS_DRAWN)
    assert drawn, "no icon found: the check is looking in the wrong place"
    fonts = {face: set(TTFont(site / "_static/vendor/fontawesome/webfonts" / f"fa-{face}-{w}.woff2").getBestCmap())
             for face, w in (("solid", 900), ("regular", 400), ("brands", 400))}
    missing = {(face, hex(code)) for face, code in drawn if code not in fonts[face]}
    assert not missing


def test_without_javascript_the_default_frame_shows_and_no_dead_control(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{base_url}/book/intro.html")
    fig = tab.locator("figure#intro-run-cost")
    assert fig.locator(".figure-frame").get_attribute("aria-label").startswith("Line chart")
    assert fig.locator(".figure-frame svg text").count() > 5
    assert not fig.locator(".explorable-controls").is_visible()
    context.close()


@pytest.mark.parametrize("path", pages_in_toc())
def test_nothing_scrolls_sideways_on_a_phone(chromium, base_url, path):
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    tab = context.new_page()
    tab.goto(f"{base_url}/{path}")
    tab.wait_for_load_state("networkidle")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_every_still_figure_has_alt_text(page, base_url):
    seen = 0
    for path in pages_in_toc():
        _open(page, base_url, path)
        for frame in page.locator("figure.still .figure-frame").all():
            assert frame.get_attribute("role") == "img" and len(frame.get_attribute("aria-label")) > 40
            seen += 1
    assert seen >= 4  # the R1 pipeline, MTP, FP8 and overlap figures


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_search_works_offline(page, base_url, site, scheme):
    """Sphinx's search runs in the page from searchindex.js: no server, no other host, even from disk."""
    start = f"{base_url}/book/intro.html" if scheme == "http" else (site / "book" / "intro.html").as_uri()
    page.goto(start)
    page.wait_for_load_state("networkidle")  # leaving sooner would abort the page's own requests (frames)
    page.keyboard.press("Control+k")  # the theme's shortcut opens its search box
    box = page.get_by_role("searchbox").first
    box.fill("GRPO")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=GRPO*")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=20_000)
    titles = results.locator("a").all_inner_texts()
    assert any("reinforcement learning" in t.lower() for t in titles), titles
    assert page.external == []
    # From disk, chromium refuses the fetches that add a text snippet under each result (file:// has no
    # CORS); the results themselves still come from the index. Over http nothing fails.
    assert [f for f in page.failed if scheme == "http" or not f.startswith("file://")] == []


@pytest.mark.parametrize("path", pages_in_toc())
def test_every_table_fits_its_column_on_a_laptop(reader, path):
    """No table hides columns behind a sideways scroll at 1280 px (the sources appendix's Grade column did)."""
    tab = reader(path, viewport=LAPTOP)
    wide = tab.evaluate("""() => [...document.querySelectorAll('.bd-content table')]
        .filter(t => t.getBoundingClientRect().width > t.closest('.bd-article-container, article').clientWidth + 1
                     || t.scrollWidth > t.parentElement.clientWidth + 1)
        .map(t => (t.querySelector('caption, th') || t).textContent.trim().slice(0, 60))""")
    assert wide == []


@pytest.mark.parametrize("path", pages_in_toc())
def test_chapter_titles_take_at_most_three_lines_on_a_phone(reader, path):
    tab = reader(path, viewport=PHONE)
    lines = tab.evaluate("""() => { const h = document.querySelector('.bd-content h1');
        return Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight)); }""")
    assert lines <= 3


def test_a_wide_equation_scrolls_in_its_own_box_and_can_be_reached_by_keyboard(reader):
    tab = reader("book/reinforcement-learning.html", viewport=PHONE)
    tab.wait_for_selector("mjx-container[display='true'][data-scrolls='true']", timeout=20_000)
    box = tab.locator("mjx-container[data-scrolls='true']").first
    assert box.get_attribute("tabindex") == "0" and "scroll sideways" in box.get_attribute("aria-label")
    assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
