"""The chapters as Jupyter notebooks: the `.ipynb` each page offers for download, and the student edition.

The chapters are MyST Markdown notebooks; jupytext turns them into `.ipynb`. The student edition leaves
out what the exercises' solutions are made of, found by structure, never by matching words:

- ``{solution}`` directives in markdown cells (a fenced block whose info string is ``{solution}``);
- code cells tagged ``solution`` (the code that computes the numbers only the solutions quote).

Command line: ``python -m explainers.notebooks student OUT_DIR`` writes the edition (``make student``).
"""

from __future__ import annotations

import copy
import sys
import zipfile
from pathlib import Path

import jupytext
import nbformat
import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin

SOLUTION_TAG = "solution"
LEFT_OUT = "*The solution is left out of the student edition.*"
# Pages that are for teachers only: never in the student edition.
TEACHERS_ONLY = ("book/teachers-guide",)
ZIP_NAME = "deepseek-book-student.zip"

_MARKDOWN = MarkdownIt("commonmark").use(colon_fence_plugin)
_README = """# DeepSeek V3 and R1, checked: student edition

One notebook per chapter, with the exercises' solutions left out.
Run them in JupyterLab with the book's package installed: open the book on Binder from any chapter's
launch button, or on your own machine clone the repository and run `make live`, then open these files.
Each notebook runs top to bottom; its figures are widgets that recompute as you move the controls.
"""


def _is_solution(token) -> bool:
    return token.type in ("fence", "colon_fence") and token.info.strip().startswith("{solution}")


def chapter_notebook(path: Path | str) -> nbformat.NotebookNode:
    """A chapter's MyST Markdown read as a notebook (no outputs), without jupytext's pairing metadata."""
    path = Path(path)
    if path.suffix != ".md" or not path.is_file():
        raise ValueError(f"path must be an existing chapter .md file, got {str(path)!r}")
    nb = jupytext.read(path)
    nb.metadata.pop("jupytext", None)
    return nb


def _without_solution_blocks(source: str) -> str:
    """Markdown with every ``{solution}`` directive replaced by a one-line note."""
    lines = source.split("\n")
    blocks = [t.map for t in _MARKDOWN.parse(source) if _is_solution(t)]
    for start, end in reversed(blocks):
        lines[start:end] = [LEFT_OUT]
    return "\n".join(lines)


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without solutions: ``{solution}`` directives and code cells tagged ``solution``.

    Raises ``ValueError`` if a solution is written in a form this does not remove (for example
    sphinx-exercise's gated ``{solution-start}``), so nothing slips through unnoticed.
    """
    if not isinstance(nb, nbformat.NotebookNode):
        raise TypeError(f"nb must be a notebook (nbformat.NotebookNode), got {type(nb).__name__}")
    student = copy.deepcopy(nb)
    cells = []
    for cell in student.cells:
        if cell.cell_type == "code" and SOLUTION_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "markdown":
            cell.source = _without_solution_blocks(cell.source)
            if "{solution" in cell.source:
                raise ValueError(f"a solution in an unsupported form survives in cell {cell.get('id', '?')!r}: "
                                 "write solutions as {solution} directives")
        cells.append(cell)
    student.cells = cells
    student.metadata["edition"] = "student"
    return student


def notebook_pages(root: Path) -> list[str]:
    """The toc's pages that are notebooks (their .md has a jupytext header), as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part["chapters"]]
    return [f for f in files if (root / f"{f}.md").read_text().startswith("---\njupytext:")]


def student_edition(root: Path, out: Path) -> list[Path]:
    """Write one student notebook per chapter into ``out``, plus a README and a zip of them all.

    Returns the notebooks' paths, in the book's order.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for page in notebook_pages(root):
        if page in TEACHERS_ONLY:
            continue
        target = out / f"{Path(page).name}.ipynb"
        nbformat.write(student_notebook(chapter_notebook(root / f"{page}.md")), target)
        written.append(target)
    (out / "README.md").write_text(_README)
    with zipfile.ZipFile(out / ZIP_NAME, "w", zipfile.ZIP_DEFLATED) as z:
        for path in [out / "README.md", *written]:
            z.write(path, f"deepseek-book-student/{path.name}")
    return written


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] != "student":
        raise SystemExit("usage: python -m explainers.notebooks student OUT_DIR")
    root = Path.cwd()
    for path in student_edition(root, Path(argv[1])):
        print(path)
    print(Path(argv[1]) / ZIP_NAME)


if __name__ == "__main__":
    main(sys.argv[1:])
