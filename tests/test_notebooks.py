"""The chapters as notebooks: the student edition (solutions out, still runs) and the downloadable .ipynb."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from explainers import notebooks, toc
from explainers.ledger import claim, fact
from explainers.markdown import escape
from explainers.notebooks import References, chapter_notebook, readable_markdown, student_notebook

ROOT = Path(__file__).resolve().parents[1]
GLUE_KEY = re.compile(r"\{glue:text\}`([^`:]+)")


def _solution_bodies(md_source: str) -> list[list[str]]:
    """The text lines inside each {solution} directive of a markdown cell (options and fences dropped)."""
    lines = md_source.split("\n")
    return [[ln for ln in lines[t.map[0] + 1:t.map[1] - 1] if ln.strip() and not ln.startswith((":", "```"))]
            for t in notebooks._directives(md_source, "solution")]


def _solution_only_glue_keys(nb) -> set[str]:
    """Glue keys that the chapter quotes inside solutions and nowhere else."""
    inside, outside = set(), set()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        in_solutions = {ln for body in _solution_bodies(cell.source) for ln in body}
        for line in cell.source.split("\n"):
            (inside if line in in_solutions else outside).update(GLUE_KEY.findall(line))
    return inside - outside


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The student edition, written by the same command `make student` runs."""
    out = tmp_path_factory.mktemp("student")
    subprocess.run([sys.executable, "-m", "explainers.notebooks", "student", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    return out


CHAPTERS = [p for p in toc.notebook_pages(ROOT) if p not in notebooks.TEACHERS_ONLY]


def test_edition_has_every_chapter_and_a_zip(edition):
    names = {f"{Path(p).name}.ipynb" for p in CHAPTERS}
    assert {"intro.ipynb", "cost-math.ipynb", "export-controls.ipynb"} <= names
    assert {p.name for p in edition.glob("*.ipynb")} == names
    with zipfile.ZipFile(edition / notebooks.ZIP_NAME) as z:
        assert {Path(n).name for n in z.namelist()} == names | {"README.md"}
        assert z.testzip() is None


@pytest.mark.parametrize("page", CHAPTERS)
def test_no_solution_survives(edition, page):
    source = chapter_notebook(ROOT / f"{page}.md")
    student = nbformat.read(edition / f"{Path(page).name}.ipynb", as_version=4)
    text = "\n".join(c.source for c in student.cells)
    bodies = [b for c in source.cells if c.cell_type == "markdown" for b in _solution_bodies(c.source)]
    # Text a solution shares with the body (a setup line the body's figures also use) is not the solution's.
    outside = "\n".join(notebooks._without_solution_blocks(c.source) for c in source.cells
                        if notebooks.SOLUTION_TAG not in c.metadata.get("tags", []))
    for body in bodies:
        for line in body:
            assert line in outside or line not in text, f"solution text survives: {line[:80]!r}"
    assert "{solution}" not in text
    assert text.count(notebooks.LEFT_OUT) == len(bodies)
    for key in _solution_only_glue_keys(source):
        assert f'"{key}"' not in text and f'"{key.removeprefix(Path(page).name + "-")}"' not in text, \
            f"the code computing solution-only number {key} survives"
    assert not [c for c in student.cells if notebooks.SOLUTION_TAG in c.metadata.get("tags", [])]
    assert student.metadata["edition"] == "student"


@pytest.mark.parametrize("page", CHAPTERS)
def test_student_notebook_reads_as_the_site_does(edition, page, site):
    """No MyST syntax is left for Jupyter to show raw, and the numbers are the site's."""
    student = nbformat.read(edition / f"{Path(page).name}.ipynb", as_version=4)
    text = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    assert not re.search(r"\{[a-z:-]+\}`|^[`:]{3,}\{|^\([\w.-]+\)=$", text, re.M)
    page_text = re.sub(r"<[^>]+>", "", (site / f"{page}.html").read_text())
    glued_here = [m for m in re.findall(r"\d[\d,.]*", text)]
    assert glued_here and all(n in page_text for n in glued_here[:40]), "a number the site does not show"


@pytest.mark.parametrize("page", CHAPTERS)
def test_student_notebook_still_runs(edition, page):
    nb = nbformat.read(edition / f"{Path(page).name}.ipynb", as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(edition)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or o.get("name") == "stderr"]
    assert not errors, errors


@pytest.mark.parametrize("page", CHAPTERS)
def test_student_notebook_starts_by_installing_the_package(edition, page):
    nb = nbformat.read(edition / f"{Path(page).name}.ipynb", as_version=4)
    assert [c.cell_type for c in nb.cells[1:3]] == ["markdown", "code"]  # after the title cell
    assert all(notebooks.SETUP_TAG in c.metadata["tags"] for c in nb.cells[1:3])
    assert notebooks.package_requirement(*toc.repository(ROOT)) in nb.cells[2].source


def test_setup_cells_come_first_and_leave_the_input_alone():
    nb = _nb(nbformat.v4.new_code_cell("import explainers"))
    setup = notebooks.with_setup_cells(nb, "https://github.com/o/r/", "main")
    assert len(nb.cells) == 1 and len(setup.cells) == 3 and setup.cells[2].source == "import explainers"
    assert "explainers @ git+https://github.com/o/r@main" in setup.cells[1].source
    compile(setup.cells[1].source, "setup", "exec")  # plain Python: runs in any kernel, and in `python -c`
    titled = notebooks.with_setup_cells(_nb(nbformat.v4.new_markdown_cell("# Title"), *nb.cells), "https://github.com/o/r", "main")
    assert [c.metadata.get("tags") for c in titled.cells] == [None, ["setup"], ["setup"], None]
    with pytest.raises(ValueError, match="repository_url must be an https:// URL"):
        notebooks.with_setup_cells(nb, "git@github.com:o/r", "main")
    with pytest.raises(ValueError, match="branch non-empty"):
        notebooks.package_requirement("https://github.com/o/r", "")


def _nb(*cells):
    return nbformat.v4.new_notebook(cells=list(cells))


def test_every_solution_form_is_removed_and_the_exercise_kept():
    md = nbformat.v4.new_markdown_cell
    code = nbformat.v4.new_code_cell
    nb = _nb(md("```{exercise}\n:label: x-ex1\n\nHow many?\n```\n\n```{solution} x-ex1\n:class: dropdown\n\nSecret one.\n```"),
             md("````{solution} x-ex2\n```python\nsecret_two()\n```\n````\nAfter."),
             md(":::{solution} x-ex3\nSecret three.\n:::"),
             code("answer = 42", metadata={"tags": ["remove-cell", "solution"]}),
             code("kept = 1", metadata={"tags": ["remove-cell"]}))
    student = student_notebook(nb)
    text = "\n".join(c.source for c in student.cells)
    assert "How many?" in text and "After." in text and "kept = 1" in text
    assert not re.search("Secret|secret_two|answer = 42", text)
    assert text.count(notebooks.LEFT_OUT) == 3
    assert len(nb.cells) == 5  # the input is not changed


def test_unsupported_solution_forms_and_bad_input_raise():
    gated = _nb(nbformat.v4.new_markdown_cell("```{solution-start} x-ex1\n```\nSecret."))
    with pytest.raises(ValueError, match="unsupported form"):
        student_notebook(gated)
    with pytest.raises(TypeError, match="nb must be a notebook"):
        student_notebook({"cells": []})
    with pytest.raises(ValueError, match="path must be an existing chapter .md file"):
        chapter_notebook(ROOT / "book" / "nowhere.md")


def test_roles_and_directives_become_plain_markdown():
    refs = References(titles={"cost-math": "The cost math", "x-ex1": "Exercise 1"},
                      citations={"a2024": ("Author", "2024"), "b2025": ("B and C", "2025")})
    glue = {"x-price": "2.0", "x-name": "'H800'"}
    source = ("(x)=\n# Title\n\nCost {fact}`v3.cost-usd` at \\${glue:text}`x-price:.2f`, on {glue:text}`x-name`; "
              "{claim}`press.r1-cost-question`. See {ref}`cost-math`, {ref}`the lab <x-ex1>` and "
              "{term}`MoE <mixture of experts>` {cite:p}`a2024,b2025`; {cite:t}`a2024` says so.\n\n"
              "```{exercise}\n:label: x-ex1\n\nDo it.\n```\n\n"
              ":::{admonition} Box\n:class: tip\n\nInside {fact}`v3.total-gpu-hours`.\n:::\n\n"
              "```{dropdown} More\nHidden.\n```")
    out = readable_markdown(source, glue, refs)
    assert out.startswith("# Title")
    assert f"Cost {escape(fact('v3.cost-usd').text())} at \\$2.00, on H800;" in out
    assert escape(f"\u201c{claim('press.r1-cost-question').quote}\u201d") in out
    assert "See The cost math, the lab and MoE (Author 2024; B and C 2025); Author (2024) says so." in out
    assert "**Exercise 1.**\n\nDo it." in out
    assert f"> **Box**\n>\n> Inside {fact('v3.total-gpu-hours').text()}." in out
    assert "<details><summary>More</summary>\n\nHidden.\n\n</details>" in out
    table = readable_markdown("```{list-table}\n:header-rows: 1\n\n* - A\n  - B\n* - 1\n  - two\n    lines\n```", glue, refs)
    assert table == "| A | B |\n| --- | --- |\n| 1 | two lines |"
    solution = readable_markdown("````{solution} x-ex1\n:class: dropdown\n\n```python\nf()\n```\n````", glue, refs)
    assert solution == "<details><summary>Solution</summary>\n\n```python\nf()\n```\n\n</details>"
    shown = readable_markdown("```{literalinclude} ../src/explainers/models/costs.py\n:pyobject: Run.flops\n"
                              ":caption: The rule\n```", glue, refs)
    assert shown.startswith("*The rule*\n\n```python\n@property\ndef flops(self) -> float:\n")
    assert shown.endswith("return training_flops(self.active_params, self.tokens)\n```")
    with pytest.raises(ValueError, match="glue key 'x-missing' was not glued"):
        readable_markdown("{glue:text}`x-missing`", glue, refs)
    with pytest.raises(ValueError, match=r"role \{math\} has no plain-Markdown rendering"):
        readable_markdown("{math}`x`", glue, refs)
    with pytest.raises(ValueError, match=r"directive \{figure\} has no plain-Markdown rendering"):
        readable_markdown("```{figure} a.png\n```", glue, refs)
    with pytest.raises(ValueError, match="citation key 'nope'"):
        readable_markdown("{cite:p}`nope`", glue, refs)


def test_teachers_guide_is_never_in_the_student_edition():
    assert all(p.startswith("book/") for p in notebooks.TEACHERS_ONLY)
    assert not set(CHAPTERS) & set(notebooks.TEACHERS_ONLY)
