"""The page around the chapters, driven as a reader does: the contents and sections buttons on a phone
and a laptop, one search field, nothing in the console, nothing fetched that fails."""

from __future__ import annotations

import pytest
from tests.site.harness import LAPTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_contents_button_opens_the_table_of_contents(reader, scheme):
    tab = reader("book/distillation.html", viewport=PHONE, scheme=scheme)
    tab.locator(".bd-header-article .primary-toggle").tap()
    drawer = tab.locator("dialog#pst-primary-sidebar-modal")
    drawer.wait_for(state="visible")
    link = drawer.get_by_role("link", name="Export controls")
    assert link.is_visible()
    tab.keyboard.press("Escape")
    drawer.wait_for(state="hidden")
    tab.locator(".bd-header-article .primary-toggle").tap()
    drawer.get_by_role("link", name="Export controls").tap()
    tab.wait_for_url("**/export-controls.html")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_on_a_phone_the_sections_button_lists_the_page_sections(reader, scheme):
    tab = reader("book/distillation.html", viewport=PHONE, scheme=scheme)
    tab.locator(".bd-header-article .secondary-toggle").tap()
    drawer = tab.locator("dialog#pst-secondary-sidebar-modal")
    drawer.wait_for(state="visible")
    sections = drawer.locator("nav a:visible")
    assert sections.count() >= 5
    target = sections.nth(2).get_attribute("href")
    sections.nth(2).tap()
    drawer.wait_for(state="hidden")
    assert tab.evaluate("location.hash") == target


def test_on_a_laptop_the_contents_button_hides_and_shows_the_sidebar(reader):
    tab = reader("book/distillation.html", viewport=LAPTOP)
    sidebar = tab.locator("#pst-primary-sidebar")
    assert sidebar.is_visible()
    toggle = tab.locator(".bd-header-article .primary-toggle")
    toggle.click()
    sidebar.wait_for(state="hidden")
    toggle.click()
    sidebar.wait_for(state="visible")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_one_way_to_search_and_no_hidden_copies_of_the_buttons(reader, viewport):
    tab = reader("book/intro.html", viewport=viewport)
    visible = tab.evaluate("""() => [...document.querySelectorAll('.search-button-field, .search-button')]
        .filter(e => e.getBoundingClientRect().width > 0).length""")
    assert visible == 1
    assert tab.locator(".primary-toggle").count() == 1 and tab.locator(".secondary-toggle").count() <= 1
