"""The sources appendix and the way to and from it, driven as a reader: its tables fit at both widths
(every other page's tables: tests/site/test_pages.py), rows a student can read, links back to the citing
sentences, previews of numbers and terms, search for a number, chapter titles that fit a phone and no
dead-end launch or download link."""

import re
from collections import defaultdict
from pathlib import Path

import pytest
from tests.site.harness import LAPTOP, PHONE, pages_in_toc

from explainers import ledger
from explainers.sphinxext import GRADE_NAMES, grade_text

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
APPENDIX = "book/sources.html"
# A ledger value as the pages display it, and pages that quote it.
SEARCHED = ledger.fact("v3.cost-usd").text().strip("$M")
QUOTING = ("book/sources.html", "book/cost-math.html", "book/intro.html")
STRAIGHT = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")  # the page sets quotes as typographic ones

# Every table's scroll box (the theme wraps tables in one) or, without one, its parent: how far its
# content reaches beyond its visible width.
OVERFLOWS = """() => [...document.querySelectorAll('.bd-article table')].map(t => {
  const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
  return {id: t.id || t.className, over: Math.max(box.scrollWidth - box.clientWidth, t.scrollWidth - t.clientWidth)};
}).filter(t => t.over > 1)"""


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_appendix_rows_read_as_what_the_number_is(reader, viewport):
    tab = reader(APPENDIX, viewport=viewport)
    text = tab.locator(".bd-article").inner_text()
    assert not re.search(r"row \d+\.\d+", text)
    assert tab.evaluate(OVERFLOWS) == []
    rows = tab.locator("table.ledger-table tbody tr")
    assert rows.count() == len(ledger.all_facts())
    for f, row in zip(ledger.all_facts(), rows.all()):
        # The visible name is what the number is; the key is secondary text that wraps.
        name = row.locator("td").first.locator("strong").first.inner_text()
        assert name.translate(STRAIGHT) == f.label.translate(STRAIGHT)
        grade = row.locator("td").nth(3)
        assert grade.inner_text().removeprefix("Grade: ").strip() == grade_text(f.grade)
        legend = grade.locator("a").get_attribute("href")
        assert tab.locator(f"dl.ledger-grades dt[id='{legend[1:]}']").inner_text() == grade_text(f.grade)


def test_every_grade_is_explained_once(reader):
    tab = reader(APPENDIX)
    terms = tab.locator("dl.ledger-grades dt").all_inner_texts()
    assert [t.strip() for t in terms] == [grade_text(g) for g in ledger.GRADES]
    assert set(GRADE_NAMES) == set(ledger.GRADES)


def test_rows_link_back_to_every_citing_sentence(reader, base_url):
    """Each "Cited in" link lands on a fact that exists on its page and links to this very row."""
    tab = reader(APPENDIX)
    links = tab.evaluate("""() => [...document.querySelectorAll('p.ledger-cited a')].map(a =>
        ({row: a.closest('tr').id, href: a.href, text: a.textContent}))""")
    assert len(links) >= len(ledger.all_facts()) // 2
    assert not [link for link in links if re.search(r"book/|\.html|fact-cite", link["text"])]  # words, not ids
    by_page = defaultdict(list)
    for link in links:
        page, _, anchor = link["href"].partition("#")
        by_page[page].append((anchor, link["row"]))
    for page, anchors in by_page.items():
        tab.goto(page)
        for anchor, row in anchors:
            cite = tab.locator(f"span.fact[id='{anchor}']")
            assert cite.count() == 1, f"{page}#{anchor} is missing"
            assert cite.locator("a").first.get_attribute("href").endswith(f"sources.html#{row}")


def test_a_numbers_link_and_its_way_back_meet(reader, base_url):
    """Follow a number from the intro to its row, then the row's link back to the intro's sentence."""
    tab = reader("book/intro.html")
    number = tab.locator("span.fact", has=tab.locator("a[href$='#fact-v3-cost-usd']")).first
    cite_id = number.get_attribute("id")
    number.locator("a").click()
    tab.wait_for_url(re.compile(r"sources\.html#fact-v3-cost-usd$"))
    back = tab.locator("tr#fact-v3-cost-usd p.ledger-cited a", has_text="Introduction")
    back.click()
    tab.wait_for_url(re.compile(rf"intro\.html#{cite_id}$"))
    assert tab.evaluate("location.hash") == f"#{cite_id}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_number_previews_its_source_on_keyboard_focus(reader, scheme):
    tab = reader("book/intro.html", scheme=scheme)
    link = tab.locator("span.fact a[href$='#fact-v3-cost-usd']").first
    link.focus()
    tip = tab.locator("[role=tooltip]")
    assert tip.is_visible()
    assert link.get_attribute("aria-describedby") == tip.get_attribute("id")
    f = ledger.fact("v3.cost-usd")
    assert f.label in tip.inner_text() and grade_text(f.grade) in tip.inner_text()
    tab.add_script_tag(path=str(AXE))
    result = tab.evaluate("axe.run('#explainers-preview', {runOnly: ['color-contrast']})")
    assert result["violations"] == []
    tab.keyboard.press("Escape")
    assert not tip.is_visible()
    assert link.get_attribute("aria-describedby") is None


def test_a_glossary_term_previews_its_definition_on_hover(reader):
    tab = reader("book/intro.html")
    term = tab.locator("a.reference:has(> span.std-term)").first
    term.hover()
    tip = tab.locator("[role=tooltip]")
    assert tip.is_visible() and len(tip.inner_text()) > 20
    tip.hover()  # the reader can move onto the preview to read it
    tab.wait_for_timeout(400)
    assert tip.is_visible()
    tab.mouse.move(1, 1)
    tip.wait_for(state="hidden")


def test_a_first_tap_previews_and_a_second_follows(chromium, base_url):
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(f"{base_url}/book/intro.html")
    link = tab.locator("span.fact a[href$='#fact-v3-cost-usd']").first
    link.scroll_into_view_if_needed()
    link.tap()
    assert tab.locator("[role=tooltip]").is_visible()
    assert tab.url.endswith("intro.html")
    box = tab.locator("[role=tooltip]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    link.tap()
    tab.wait_for_url(re.compile(r"sources\.html#fact-v3-cost-usd$"))
    context.close()


def test_searching_a_number_finds_the_appendix_and_the_pages_that_quote_it(reader):
    tab = reader(f"search.html?q={SEARCHED}")
    tab.wait_for_selector("#search-results li")
    found = {href.split("#")[0] for href in tab.locator("#search-results li a").evaluate_all("as => as.map(a => a.getAttribute('href'))")}
    assert set(QUOTING) <= found


@pytest.mark.parametrize("path", pages_in_toc())
def test_the_title_fits_three_lines_on_a_phone_and_outranks_the_sections(reader, path):
    tab = reader(path, viewport=PHONE)
    lines = tab.evaluate("""() => {
      const h = document.querySelector('.bd-article h1');
      return h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight); }""")
    assert round(lines) <= 3
    sizes = tab.evaluate("""() => ['h1', 'h2', 'h3', 'p'].map(tag => {
      const el = document.querySelector(`.bd-article ${tag}`);
      return el ? parseFloat(getComputedStyle(el).fontSize) : null; })""")
    present = [size for size in sizes if size is not None]
    assert present == sorted(present, reverse=True) and len(set(present)) == len(present)


@pytest.mark.parametrize("path", pages_in_toc())
def test_no_launch_or_download_link_is_a_placeholder(reader, path):
    tab = reader(path)
    hrefs = tab.locator(".bd-header-article a").evaluate_all("as => as.map(a => a.href)")
    assert not [h for h in hrefs if "example.org" in h or "example.com" in h]
    source = tab.locator(".bd-header-article a[href*='_sources/'][href$='.md']")
    if source.count():
        assert "Jupytext" in source.inner_text() + (source.get_attribute("title") or "") + \
            (source.get_attribute("data-bs-title") or "")
