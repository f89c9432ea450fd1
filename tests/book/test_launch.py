"""Every chapter page offers the live routes: Binder, and downloads of its `.md` (labelled as needing
Jupytext) and of a clean `.ipynb` made by jupytext, whose first cells install the book's package where it
is missing. The published site offers no JupyterHub: only a school's own copy knows its hub."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from explainers.notebooks import SETUP_TAG, _directives, chapter_notebook, live_notebook, package_requirement
from explainers.toc import notebook_pages

ROOT = Path(__file__).resolve().parents[2]
THEME = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]["html_theme_options"]
PAGES = notebook_pages(ROOT)


def _links(page_html: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', page_html)]


@pytest.mark.parametrize("page", PAGES)
def test_launch_buttons_open_the_chapter_as_a_notebook(site, page):
    links = _links((site / f"{page}.html").read_text())
    binder = [u for u in links if u.startswith(THEME["launch_buttons"]["binderhub_url"])]
    assert binder == ["https://mybinder.org/v2/gh/deepseek-explainers/deepseek-book/main"
                      f"?urlpath=lab/tree/{live_notebook(page)}"]
    assert not [u for u in links if "git-pull" in u or "example.org" in u]  # no hub the site cannot know
    assert "jupyterhub_url" not in THEME["launch_buttons"]


@pytest.mark.parametrize("page", PAGES)
def test_downloads_are_the_source_and_a_clean_notebook(site, page):
    links = _links((site / f"{page}.html").read_text())
    assert f"../_sources/{page}.md" in links and f"../_sources/{page}.ipynb" in links
    assert (site / "_sources" / f"{page}.md").read_text() == (ROOT / f"{page}.md").read_text()
    nb = nbformat.read(site / "_sources" / f"{page}.ipynb", as_version=4)
    nbformat.validate(nb)
    source = chapter_notebook(ROOT / f"{page}.md")
    setup = [c for c in nb.cells if SETUP_TAG in c.metadata.get("tags", [])]
    assert nb.cells[1:3] == setup and [c.cell_type for c in setup] == ["markdown", "code"]  # after the title
    assert nb.cells[0].source.startswith("# ")
    nb.cells = [c for c in nb.cells if c not in setup]
    assert [(c.source, c.metadata.get("tags")) for c in nb.cells if c.cell_type == "code"] == \
        [(c.source, c.metadata.get("tags")) for c in source.cells if c.cell_type == "code"]
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not re.search(r"\{[a-z:-]+\}`|^[`:]{3,}\{|^\([\w.-]+\)=$", markdown, re.M)  # reads in any Jupyter
    solutions = sum(len(_directives(c.source, "solution")) for c in source.cells if c.cell_type == "markdown")
    assert markdown.count("<details><summary>Solution</summary>") == solutions  # kept, folded
    assert not [c for c in nb.cells if c.cell_type == "code" and c.outputs]  # no outputs, so no frames: small


@pytest.mark.parametrize("page", PAGES)
def test_the_repository_keeps_the_readable_notebook_that_launch_buttons_open(site, page):
    """Binder, a hub and `make live` open notebooks/<page>.ipynb: it must be this build's readable notebook."""
    kept = ROOT / live_notebook(page)
    assert kept.is_file(), f"{kept} is missing: run scripts/build-book and commit notebooks/"
    assert kept.read_text() == (site / "_sources" / f"{page}.ipynb").read_text(), \
        f"{kept} is out of date with the chapter: run scripts/build-book and commit notebooks/"


def test_pages_that_are_not_notebooks_have_no_launch_button(site):
    for page in ("book/sources", "book/references"):
        assert not [u for u in _links((site / f"{page}.html").read_text()) if "mybinder" in u or "git-pull" in u]


# Runs a downloaded notebook's setup cell with pip replaced by a recorder; ``hide`` names modules to
# treat as missing. Prints the pip command lines it would have run, one per line.
_RUN_SETUP = """
import importlib.util, subprocess, sys
hide, real = set(sys.argv[2:]), importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name in hide else real(name, *a)
subprocess.run = lambda args, **kw: print(" ".join(args[1:]))
exec(open(sys.argv[1]).read())
"""


def _setup_cell(site, page="book/intro") -> str:
    nb = nbformat.read(site / "_sources" / f"{page}.ipynb", as_version=4)
    return nb.cells[2].source


def _run_setup(tmp_path, code: str, *hide: str) -> str:
    (tmp_path / "cell.py").write_text(code)
    return subprocess.run([sys.executable, "-c", _RUN_SETUP, str(tmp_path / "cell.py"), *hide],
                          capture_output=True, text=True, check=True).stdout


def test_the_notebooks_first_cells_say_what_it_needs(site):
    nb = nbformat.read(site / "_sources" / "book/intro.ipynb", as_version=4)
    requirement = package_requirement(THEME["repository_url"], THEME["repository_branch"])
    assert "explainers" in nb.cells[1].source and requirement in nb.cells[1].source
    assert "pip" in nb.cells[1].source and "Colab" in nb.cells[1].source
    assert requirement in nb.cells[2].source


def test_the_setup_cell_does_nothing_where_the_package_is_installed(site, tmp_path):
    assert _run_setup(tmp_path, _setup_cell(site)) == ""


def test_the_setup_cell_installs_what_is_missing(site, tmp_path):
    requirement = package_requirement(THEME["repository_url"], THEME["repository_branch"])
    assert _run_setup(tmp_path, _setup_cell(site), "explainers").split("\n")[0] == \
        f"-m pip install --quiet {requirement}"
    assert _run_setup(tmp_path, _setup_cell(site), "explainers", "myst_nb").strip() == \
        f"-m pip install --quiet {requirement} myst-nb"


@pytest.mark.parametrize("page", PAGES)
def test_the_download_menu_says_the_md_needs_jupytext(site, page):
    page_html = (site / f"{page}.html").read_text()
    item = re.search(rf'<a href="../_sources/{page}.md"[^>]*>.*?</a>', page_html, re.S)
    assert item and "Jupytext" in html.unescape(item.group(0))
