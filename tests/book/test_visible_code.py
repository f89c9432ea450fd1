"""Each chapter shows its arithmetic: visible cells of computation where the prose argues it, the functions
it is about shown from the package's own source, exercises from visible inputs, solutions as executed cells.

These read the chapters' MyST sources (fast, no build); `test_site_shows_the_code` checks the built pages.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import pytest

from explainers.notebooks import SOLUTION_TAG, literalinclude_source
from explainers.toc import notebook_pages

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = [p for p in notebook_pages(ROOT) if p not in ("book/intro", "book/teachers-guide")]
PLUMBING = ("explore", "quiz", "still")  # calls that wire a figure or a question: no arithmetic to read
MIN_LINES, MIN_FUNCTIONS = 15, 3
PYOBJECT = re.compile(r"^```\{literalinclude\} (?P<path>\S+)\n(?P<options>(?::.*\n)*)", re.M)


def _cells(page: str):
    return jupytext.read(ROOT / f"{page}.md").cells


def _tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


def _is_plumbing(statement: ast.stmt) -> bool:
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        return True
    value = getattr(statement, "value", None)
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in PLUMBING)


def computation_lines(source: str) -> int:
    """Lines of a cell that compute something: not imports, plumbing calls, comments or blank lines."""
    lines = source.split("\n")
    counted = set()
    for statement in ast.parse(source).body:
        if not _is_plumbing(statement):
            counted.update(range(statement.lineno - 1, statement.end_lineno))
    return sum(1 for i in counted if lines[i].strip() and not lines[i].strip().startswith("#"))


def visible_computation(page: str) -> int:
    return sum(computation_lines(c.source) for c in _cells(page) if c.cell_type == "code"
               and not {"remove-input", "remove-cell", SOLUTION_TAG} & set(_tags(c)))


def shown_functions(page: str) -> list[str]:
    text = (ROOT / f"{page}.md").read_text()
    return [re.search(r":pyobject: (\S+)", m["options"])[1] for m in PYOBJECT.finditer(text)
            if ":pyobject:" in m["options"]]


def test_the_counter_skips_plumbing_and_counts_statements():
    source = "import numpy\nfrom x import y\n\n# a comment\nflops = 6 * (\n    n * d)\nexplore(f, S)\nquiz('q')\n"
    assert computation_lines(source) == 2


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_shows_its_arithmetic(page):
    assert visible_computation(page) >= MIN_LINES


@pytest.mark.parametrize("page", CHAPTERS)
def test_chapter_shows_the_functions_it_is_about_from_the_package(page):
    functions = shown_functions(page)
    assert len(set(functions)) >= MIN_FUNCTIONS, functions
    text = (ROOT / f"{page}.md").read_text()
    for match in PYOBJECT.finditer(text):
        name = re.search(r":pyobject: (\S+)", match["options"])[1]
        assert ":caption:" in match["options"], f"{page}: say what {name} is in a caption"
        assert f"def {name.split('.')[-1]}(" in literalinclude_source(match["path"], name)


@pytest.mark.parametrize("page", notebook_pages(ROOT))
def test_plumbing_cells_hide_their_input_on_the_site(page):
    for cell in _cells(page):
        if cell.cell_type != "code" or "remove-input" in _tags(cell):
            continue
        calls = [s for s in ast.parse(cell.source).body if _is_plumbing(s) and not isinstance(s, (ast.Import,
                                                                                                   ast.ImportFrom))]
        assert not calls, f"{page}: a visible cell wires a figure or question:\n{cell.source}"


@pytest.mark.parametrize("page", notebook_pages(ROOT))
def test_solutions_are_executed_cells_not_copies_in_a_fence(page):
    text = (ROOT / f"{page}.md").read_text()
    for block in re.findall(r"^(`{4,})\{solution\}.*?\n(.*?)^\1", text, re.M | re.S):
        assert "```python" not in block[1], f"{page}: a solution quotes code in a fence instead of running it"
    for cell in _cells(page):
        if SOLUTION_TAG in _tags(cell) and cell.cell_type == "code":
            assert "hide-cell" in _tags(cell), f"{page}: a solution's code is hidden behind a toggle:\n{cell.source}"


def test_literalinclude_source_reads_the_package_and_refuses_other_files():
    assert literalinclude_source("../src/explainers/models/costs.py", "training_flops").startswith(
        "def training_flops(")
    with pytest.raises(ValueError, match="src/explainers"):
        literalinclude_source("../README.md", "x")
    with pytest.raises(ValueError, match="no_such_function"):
        literalinclude_source("../src/explainers/models/costs.py", "no_such_function")


@pytest.mark.book
@pytest.mark.parametrize("page", CHAPTERS)
def test_site_shows_the_arithmetic_and_the_package_functions(site, page):
    """What a reader of the built page sees: visible executed cells, and the package's own function source."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
    cells = [c for c in soup.select("div.cell") if not {"tag_remove-input", "tag_solution"} & set(c["class"])]
    shown = sum(computation_lines(pre.get_text()) for c in cells for pre in c.select("div.cell_input pre"))
    assert shown >= MIN_LINES
    included = [b for b in soup.select("div.literal-block-wrapper") if not b.find_parent("div", class_="cell")]
    for name in shown_functions(page):
        assert any(f"def {name.split('.')[-1]}(" in b.get_text() for b in included), name
    assert len(included) >= MIN_FUNCTIONS
