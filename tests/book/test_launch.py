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

from explainers.notebooks import chapter_notebook, notebook_pages

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
    def cells(notebook):
        return [(c.cell_type, c.source, c.metadata.get("tags")) for c in notebook.cells]

    assert cells(nb) == cells(chapter_notebook(ROOT / f"{page}.md"))
    assert not [c for c in nb.cells if c.cell_type == "code" and c.outputs]  # no outputs, so no frames: small


def test_pages_that_are_not_notebooks_have_no_launch_button(site):
    for page in ("book/sources", "book/references"):
        assert not [u for u in _links((site / f"{page}.html").read_text()) if "mybinder" in u or "git-pull" in u]
