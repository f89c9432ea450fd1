"""Every notebook page of the book, live: JupyterLab opens the readable notebook the launch buttons name, shows
its Markdown as the site does (no raw MyST roles), runs it top to bottom with no error, and a slider moved from
the keyboard gives a new figure from the kernel."""

from __future__ import annotations

import difflib
import re

import pytest
from tests.live import lab

from explainers.notebooks import live_notebook
from explainers.toc import notebook_pages

pytestmark = pytest.mark.live

PAGES = notebook_pages(lab.ROOT)
NOTEBOOKS = [live_notebook(page) for page in PAGES]
RAW_MYST = re.compile(r"\{(fact|claim|glue|glue:text|term|cite|cite:p|cite:t|ref|numref|doc|literalinclude|exercise|"
                      r"solution|admonition|note|dropdown)\}|^\([\w.-]+\)=$|^[`:]{3,}", re.M)


def test_every_chapter_is_a_notebook():
    chapters = {"book/intro", "book/v3-vs-r1", "book/reinforcement-learning", "book/distillation",
                "book/open-weights", "book/export-controls", "book/cost-math", "book/what-happened-next"}
    assert chapters <= set(PAGES)


@pytest.fixture(scope="module")
def lab_url():
    with lab.jupyterlab() as url:
        yield url


@pytest.fixture
def tab(page):
    """The shared browser tab (it refuses and records requests that leave this machine); kernels stop after."""
    yield page
    lab.shut_down_kernels(page)


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_notebook_runs_live_and_its_slider_recomputes(lab_url, tab, path):
    lab.open_notebook(tab, lab_url, path)
    shown = lab.rendered_markdown(tab)
    assert shown and None not in shown, "a Markdown cell was not rendered"
    raw = [text for text in shown if RAW_MYST.search(text)]
    assert not raw, f"{path} shows MyST markup as raw text: {raw[:2]}"
    lab.run_all(tab)
    problems = [o for o in lab.outputs(tab) if o["type"] == "error" or o["name"] == "stderr"]
    assert not problems, problems
    widgets = [o for o in lab.outputs(tab) if "application/vnd.jupyter.widget-view+json" in o["mimes"]]
    if "explore(" in (lab.ROOT / path).read_text():
        assert widgets, "the explorables did not display as widgets"
        box = lab.first_slider_box(tab)
        box.wait_for(timeout=30_000)
        lab.move_slider(tab, box)
        assert not [o for o in lab.outputs(tab) if o["type"] == "error"]
    assert not tab.external, tab.external



def test_saving_a_chapters_source_in_jupyterlab_leaves_it_as_written(lab_url, tab):
    """A reader who opens a chapter's MyST source (it opens as a notebook, binder/overrides.json) and saves
    it must not rewrite it: jupytext.toml keeps jupytext's version stamp out of the front matter."""
    path = "book/intro.md"
    lab.open_notebook(tab, lab_url, path)
    lab.save(tab)
    saved, source = lab.served_text(lab_url, path), (lab.ROOT / path).read_text()
    assert saved == source, "".join(difflib.unified_diff(source.splitlines(True), saved.splitlines(True),
                                                         "as written", "as JupyterLab saved it"))
