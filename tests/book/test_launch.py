"""Every chapter page offers the live routes: Binder, and downloads of its `.md` and of a clean `.ipynb`
made by jupytext that says what it needs and installs it. No launch item points at a placeholder hub."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from explainers.notebooks import _directives, chapter_notebook, notebook_pages

ROOT = Path(__file__).resolve().parents[2]
THEME = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]["html_theme_options"]
PAGES = notebook_pages(ROOT)


def _links(page_html: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', page_html)]


@pytest.mark.parametrize("page", PAGES)
def test_launch_buttons_open_the_chapter_as_a_notebook(site, page):
    links = _links((site / f"{page}.html").read_text())
    binder = [u for u in links if u.startswith(THEME["launch_buttons"]["binderhub_url"])]
    assert binder == [f"https://mybinder.org/v2/gh/deepseek-explainers/deepseek-book/main?urlpath=lab/tree/{page}.md"]
    assert "jupyterhub_url" not in THEME["launch_buttons"]
    assert not [u for u in links if "example.org" in u or "git-pull" in u], "a launch item leads nowhere"


@pytest.mark.parametrize("page", PAGES)
def test_downloads_are_the_source_and_a_clean_notebook(site, page):
    links = _links((site / f"{page}.html").read_text())
    assert f"../_sources/{page}.md" in links and f"../_sources/{page}.ipynb" in links
    assert (site / "_sources" / f"{page}.md").read_text() == (ROOT / f"{page}.md").read_text()
    nb = nbformat.read(site / "_sources" / f"{page}.ipynb", as_version=4)
    nbformat.validate(nb)
    source = chapter_notebook(ROOT / f"{page}.md")
    setup, *code = [c for c in nb.cells if c.cell_type == "code"]
    assert [(c.source, c.metadata.get("tags")) for c in code] == \
        [(c.source, c.metadata.get("tags")) for c in source.cells if c.cell_type == "code"]
    # The first code cell installs the book's package where it is missing, and names where it comes from.
    assert "import explainers" in setup.source and f"%pip install --quiet \"git+{THEME['repository_url']}\"" in setup.source
    assert nb.cells[1].cell_type == "markdown" and "needs the book's Python package" in nb.cells[1].source
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not re.search(r"\{[a-z:-]+\}`|^[`:]{3,}\{|^\([\w.-]+\)=$", markdown, re.M)  # reads in any Jupyter
    solutions = sum(len(_directives(c.source, "solution")) for c in source.cells if c.cell_type == "markdown")
    assert markdown.count("<details><summary>Solution</summary>") == solutions  # kept, folded
    assert not [c for c in nb.cells if c.cell_type == "code" and c.outputs]  # no outputs, so no frames: small


def test_pages_that_are_not_notebooks_have_no_launch_button(site):
    for page in ("book/sources", "book/references"):
        assert not [u for u in _links((site / f"{page}.html").read_text()) if "mybinder" in u or "git-pull" in u]
