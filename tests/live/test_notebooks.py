"""Every notebook page of the book, live: JupyterLab opens its `.md` as a notebook, runs it top to bottom
with no error, and a slider moved from the keyboard gives a new figure from the kernel."""

from __future__ import annotations

import pytest

from explainers.notebooks import notebook_pages
from tests.live import lab

pytestmark = pytest.mark.live

NOTEBOOKS = [f"{page}.md" for page in notebook_pages(lab.ROOT)]


def test_every_chapter_is_a_notebook():
    chapters = {"book/intro.md", "book/v3-vs-r1.md", "book/reinforcement-learning.md", "book/distillation.md",
                "book/open-weights.md", "book/export-controls.md", "book/cost-math.md",
                "book/what-happened-next.md"}
    assert chapters <= set(NOTEBOOKS)


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
