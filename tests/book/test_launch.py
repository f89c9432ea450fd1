"""Every chapter page offers the live routes: Binder, a JupyterHub through nbgitpuller, and downloads
of its `.md` and of a clean `.ipynb` made by jupytext."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

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
    hub = [urlparse(u) for u in links if u.startswith(THEME["launch_buttons"]["jupyterhub_url"])]
    assert len(hub) == 1 and hub[0].path == "/hub/user-redirect/git-pull"  # nbgitpuller's entry point
    query = {k: v[0] for k, v in parse_qs(hub[0].query).items()}
    assert query == {"repo": THEME["repository_url"], "branch": THEME["repository_branch"],
                     "urlpath": f"lab/tree/deepseek-book/{page}.md"}


@pytest.mark.parametrize("page", PAGES)
def test_downloads_are_the_source_and_a_clean_notebook(site, page):
    links = _links((site / f"{page}.html").read_text())
    assert f"../_sources/{page}.md" in links and f"../_sources/{page}.ipynb" in links
    assert (site / "_sources" / f"{page}.md").read_text() == (ROOT / f"{page}.md").read_text()
    nb = nbformat.read(site / "_sources" / f"{page}.ipynb", as_version=4)
    nbformat.validate(nb)
    source = chapter_notebook(ROOT / f"{page}.md")
    assert [(c.source, c.metadata.get("tags")) for c in nb.cells if c.cell_type == "code"] == \
        [(c.source, c.metadata.get("tags")) for c in source.cells if c.cell_type == "code"]
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not re.search(r"\{[a-z:-]+\}`|^[`:]{3,}\{|^\([\w.-]+\)=$", markdown, re.M)  # reads in any Jupyter
    solutions = sum(len(_directives(c.source, "solution")) for c in source.cells if c.cell_type == "markdown")
    assert markdown.count("<details><summary>Solution</summary>") == solutions  # kept, folded
    assert not [c for c in nb.cells if c.cell_type == "code" and c.outputs]  # no outputs, so no frames: small


def test_pages_that_are_not_notebooks_have_no_launch_button(site):
    for page in ("book/sources", "book/references"):
        assert not [u for u in _links((site / f"{page}.html").read_text()) if "mybinder" in u or "git-pull" in u]
