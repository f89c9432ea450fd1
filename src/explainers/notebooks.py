"""The chapters as Jupyter notebooks: the `.ipynb` each page offers for download, and the student edition.

The chapters are MyST Markdown notebooks; jupytext turns them into `.ipynb`. The student edition leaves
out what the exercises' solutions are made of, found by structure, never by matching words:

- ``{solution}`` directives in markdown cells (a fenced block whose info string is ``{solution}``);
- code cells tagged ``solution`` (the code that computes the numbers only the solutions quote).

It is also made readable in any Jupyter: the book's MyST roles and directives, which plain Jupyter
Markdown shows as raw text, become what the site shows (ledger values, glued numbers from running the
notebook, press quotes, citations, chapter titles, exercise headings, dropdowns and boxes).

Command line: ``python -m explainers.notebooks student OUT_DIR`` writes the edition (``make student``).
"""

from __future__ import annotations

import ast
import copy
import functools
import hashlib
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
from markdown_it import MarkdownIt
from mdit_py_plugins.colon_fence import colon_fence_plugin
from myst_nb.core.variables import format_plain_text
from nbclient import NotebookClient

from explainers import ledger
from explainers.markdown import escape
from explainers.toc import notebook_pages, repository

SOLUTION_TAG = "solution"
LEFT_OUT = "*The solution is left out of the student edition.*"
# Pages that are for teachers only: never in the student edition.
TEACHERS_ONLY = ("book/teachers-guide",)
ZIP_NAME = "deepseek-book-student.zip"
# The chapters as readable notebooks, kept in the repository for Binder, a hub and `make live`.
LIVE_DIR = "notebooks"

_MARKDOWN = MarkdownIt("commonmark").use(colon_fence_plugin)
_README = """# DeepSeek V3 and R1, checked: student edition

One notebook per chapter, with the exercises' solutions left out.
Run them in JupyterLab with the book's package installed: open the book on Binder from any chapter's
launch button, or on your own machine clone the repository and run `make live`, then open these files.
Elsewhere (Colab, a plain Jupyter) each notebook's first code cell installs the package when it is missing.
Each notebook runs top to bottom; its figures are widgets that recompute as you move the controls.
"""


_ROLE = re.compile(r"\{(?P<name>[a-z:-]+)\}`(?P<content>[^`]*)`")
_LABEL_LINE = re.compile(r"^\((?P<label>[\w.-]+)\)=\s*$", re.M)
_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_BOXES = {"admonition", "note", "tip", "important", "warning", "caution", "seealso"}


def _directives(source: str, name: str = "") -> list:
    """The top-level fenced MyST directives of ``source`` (only ``{name}`` ones if given), as tokens."""
    return [t for t in _MARKDOWN.parse(source) if t.type in ("fence", "colon_fence") and t.level == 0
            and t.info.strip().startswith("{" + (f"{name}}}" if name else ""))]


def chapter_notebook(path: Path | str) -> nbformat.NotebookNode:
    """A chapter's MyST Markdown read as a notebook (no outputs), without jupytext's pairing metadata."""
    path = Path(path)
    if path.suffix != ".md" or not path.is_file():
        raise ValueError(f"path must be an existing chapter .md file, got {str(path)!r}")
    nb = jupytext.read(path)
    nb.metadata.pop("jupytext", None)
    # Cell ids from each cell's text, not random ones, so the same chapter gives the same notebook file.
    seen = set()
    for cell in nb.cells:
        copies = 0  # of the same text earlier in the chapter
        while (cell_id := hashlib.sha1(f"{cell.cell_type}\n{cell.source}\n{copies}".encode()).hexdigest()[:12]) in seen:
            copies += 1
        cell.id = cell_id
        seen.add(cell_id)
    return nb


SETUP_TAG = "setup"
_SETUP_TEXT = """**Before you run this notebook.**
It uses the book's Python package, `explainers`, and `myst-nb`.
On Binder, or in the environment `make live` sets up, both are already installed and the next cell does nothing.
Anywhere else (Colab, your own Jupyter) the next cell installs them with pip from the book's repository, {url}, which needs an internet connection and takes a minute or two.
To install them yourself instead: `pip install "{requirement}" myst-nb`.
"""
_SETUP_CODE = """# Install the book's package (and myst-nb, for glue) if this Jupyter does not have them yet.
import importlib
import importlib.util
import subprocess
import sys

missing = [name for name, module in (("{requirement}", "explainers"), ("myst-nb", "myst_nb"))
           if importlib.util.find_spec(module) is None]
if missing:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing], check=True)
    importlib.invalidate_caches()
"""


def package_requirement(repository_url: str, branch: str) -> str:
    """The pip requirement that installs the book's package from its repository."""
    if not repository_url.startswith("https://") or not branch:
        raise ValueError(f"repository_url must be an https:// URL and branch non-empty, "
                         f"got {repository_url!r} and {branch!r}")
    return f"explainers @ git+{repository_url.removesuffix('/')}@{branch}"


def with_setup_cells(nb: nbformat.NotebookNode, repository_url: str, branch: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` that first says what it needs and installs the package when it is missing.

    A notebook downloaded from the site otherwise fails on its first import outside the book's own
    environments. Both cells, tagged ``setup``, follow the title cell; the code cell does nothing where
    ``explainers`` and ``myst_nb`` import.
    """
    requirement = package_requirement(repository_url, branch)
    setup = copy.deepcopy(nb)
    text = nbformat.v4.new_markdown_cell(_SETUP_TEXT.format(url=repository_url, requirement=requirement))
    code = nbformat.v4.new_code_cell(_SETUP_CODE.format(requirement=requirement))
    for cell, cell_id in ((text, "setup-text"), (code, "setup-code")):
        cell.metadata["tags"] = [SETUP_TAG]
        cell.id = cell_id  # not random: the same chapter gives the same notebook file
    at = 1 if setup.cells and setup.cells[0].cell_type == "markdown" else 0  # after the title cell
    setup.cells[at:at] = [text, code]
    return setup


def _without_solution_blocks(source: str) -> str:
    """Markdown with every ``{solution}`` directive replaced by a one-line note."""
    lines = source.split("\n")
    blocks = [t.map for t in _directives(source, "solution")]
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


@dataclass(frozen=True)
class References:
    """What cross-references read as outside Sphinx: label -> text, citation key -> (authors, year)."""

    titles: dict[str, str] = field(default_factory=dict)
    citations: dict[str, tuple[str, str]] = field(default_factory=dict)


def _directive(token) -> tuple[str, str, dict[str, str], str]:
    """(name, argument, options, body) of a fenced MyST directive token."""
    name, _, argument = token.info.strip()[1:].partition("}")
    lines = token.content.split("\n")
    options = {}
    while lines and lines[0].startswith(":") and lines[0].count(":") >= 2:
        key, _, value = lines.pop(0)[1:].partition(":")
        options[key.strip()] = value.strip()
    return name, argument.strip(), options, "\n".join(lines).strip("\n")


def _citation(keys: str, refs: References, narrative: bool) -> str:
    try:
        found = [refs.citations[k.strip()] for k in keys.split(",")]
    except KeyError as err:
        raise ValueError(f"citation key {err.args[0]!r} is not in references.bib") from None
    if narrative:
        return "; ".join(f"{who} ({year})" for who, year in found)
    return "(" + "; ".join(f"{who} {year}" for who, year in found) + ")"


def _role(match, glue: dict[str, str], refs: References) -> str:
    name, content = match["name"], match["content"]
    target = _TARGET.match(content)
    if name == "fact":
        f = ledger.fact(content.strip())
        return escape(f.text() + (f" ({f.flag})" if f.flag else ""))
    if name == "claim":
        return escape(f"\u201c{ledger.claim(content.strip()).quote}\u201d")
    if name == "glue:text":
        key, _, spec = content.partition(":")
        if key not in glue:
            raise ValueError(f"glue key {key!r} was not glued when the notebook ran")
        return escape(format_plain_text(glue[key], spec))
    if name in ("term", "ref", "numref", "doc"):
        if target:
            return target["text"]
        return refs.titles.get(content, content) if name != "term" else content
    if name in ("cite:p", "cite:t", "cite"):
        return _citation(content, refs, narrative=name == "cite:t")
    raise ValueError(f"role {{{name}}} has no plain-Markdown rendering; add one to explainers.notebooks")


def _list_table(body: str, header_rows: int) -> str:
    """A MyST ``list-table`` (``* -`` starts a row, ``  -`` a cell, deeper lines continue it) as a pipe table."""
    rows: list[list[str]] = []
    for line in body.split("\n"):
        if line.startswith("* - "):
            rows.append([line[4:].strip()])
        elif line.startswith("  - "):
            rows[-1].append(line[4:].strip())
        elif line.strip():
            rows[-1][-1] += " " + line.strip()
    width = max(len(r) for r in rows)
    cells = [[c.replace("|", "\\|") for c in r] + [""] * (width - len(r)) for r in rows]
    head = cells[:header_rows] or [[""] * width]
    lines = ["| " + " | ".join(head[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in head[1:] + cells[header_rows:]]
    return "\n".join(lines)


def literalinclude_source(path: str, pyobject: str) -> str:
    """The source of ``pyobject`` (a function or class, or ``Class.method``) in the book's package file ``path``,
    as Sphinx's ``{literalinclude}`` with ``:pyobject:`` shows it.

    ``path`` is as a chapter writes it (``../src/explainers/models/costs.py``). It is read from the installed
    package, so a notebook far from the repository shows the same code.
    """
    _, marker, inside = path.partition("src/explainers/")
    if not marker or ".." in inside:
        raise ValueError(f"path must name a file of the package under src/explainers/, got {path!r}")
    source = (Path(__file__).parent / inside).read_text()
    scope = ast.parse(source).body
    for name in pyobject.split("."):
        found = [n for n in scope if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == name]
        if not found:
            raise ValueError(f"pyobject {pyobject!r} is not defined in {path!r}")
        node, scope = found[0], found[0].body
    start = min([node.lineno] + [d.lineno for d in node.decorator_list])  # Sphinx shows the decorators too
    lines = source.split("\n")[start - 1:node.end_lineno]
    indent = len(lines[0]) - len(lines[0].lstrip())
    return "\n".join(line[indent:] for line in lines)


def readable_markdown(source: str, glue: dict[str, str], refs: References = References()) -> str:
    """MyST Markdown as plain Jupyter Markdown, as the site would show it.

    ``glue`` maps glue keys to the ``text/plain`` the notebook displayed. Raises ``ValueError`` for
    a role or directive with no rendering here, or a glue key the notebook did not glue.
    """
    lines = source.split("\n")
    for token in reversed(_directives(source)):
        name, argument, options, body = _directive(token)
        body = readable_markdown(body, glue, refs)
        if name == "exercise":
            heading = refs.titles.get(options.get("label", ""), "Exercise")
            block = f"**{heading}.**\n\n{body}"
        elif name == "solution":
            block = f"<details><summary>Solution</summary>\n\n{body}\n\n</details>"
        elif name == "dropdown":
            block = f"<details><summary>{argument}</summary>\n\n{body}\n\n</details>"
        elif name == "literalinclude":
            block = f"```python\n{literalinclude_source(argument, options['pyobject'])}\n```"
            if "caption" in options:
                block = f"*{options['caption']}*\n\n{block}"
        elif name == "list-table":
            block = _list_table(body, int(options.get("header-rows", 0)))
        elif name in _BOXES:
            title = argument or name.capitalize()
            block = "\n".join(f"> {ln}".rstrip() for ln in f"**{title}**\n\n{body}".split("\n"))
        else:
            raise ValueError(f"directive {{{name}}} has no plain-Markdown rendering; add one to explainers.notebooks")
        start, end = token.map
        lines[start:end] = block.split("\n")
    text = _LABEL_LINE.sub("", "\n".join(lines)).lstrip("\n")
    return _ROLE.sub(lambda m: _role(m, glue, refs), text)


def _authors(entry, key: str) -> str:
    """How an author-year citation names a bibliography entry: one name, two, or the first et al."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people if str(p) != "others"]
    if not names:
        return entry.fields.get("title", key)
    if len(people) == 1:
        return names[0]
    if len(people) == 2 and len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def page_titles(source: str) -> dict[str, str]:
    """The titles one page's Markdown gives its labels: its chapter title, and "Exercise n" for its
    exercises, numbered in the page's order."""
    titles = {}
    for label, title in re.findall(r"^\(([\w.-]+)\)=\s*\n#+ (.+)$", source, re.M):
        titles[label] = title.strip()
    for n, token in enumerate(_directives(source, "exercise"), start=1):
        label = _directive(token)[2].get("label")
        if label:
            titles[label] = f"Exercise {n}"
    return titles


def citation_names(bibtex: str) -> dict[str, tuple[str, str]]:
    """How the author-year style names each entry of a BibTeX text: ``{key: (authors, year)}``."""
    # pybtex comes with the build environment (sphinxcontrib-bibtex), not the live one, whose kernels
    # import this module through the Sphinx extension (the teacher's guide's answer key does).
    from pybtex.database import parse_string

    bib = parse_string(bibtex, "bibtex").entries
    return {key: (_authors(entry, key), entry.fields.get("year", "n.d.")) for key, entry in bib.items()}


@functools.lru_cache(maxsize=4)
def references(root: Path) -> References:
    """Chapter titles and exercise headings by label, and the bibliography's authors and years."""
    titles = {}
    for page in notebook_pages(root, notebooks_only=False):
        titles.update(page_titles((root / f"{page}.md").read_text()))
    return References(titles, citation_names((root / "book" / "references.bib").read_text()))


def glued(nb: nbformat.NotebookNode) -> dict[str, str]:
    """The ``text/plain`` of every value an executed notebook glued, by key."""
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if meta:
                prefix = meta.get("mime_prefix", "")
                values[meta["name"]] = output["data"][f"{prefix}text/plain"]
    return values


def readable_notebook(nb: nbformat.NotebookNode, root: Path, refs: References) -> nbformat.NotebookNode:
    """Run ``nb`` (to learn its glued numbers) and return a copy whose Markdown reads as the site does."""
    executed = copy.deepcopy(nb)
    NotebookClient(executed, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(root / "book")}}).execute()
    return with_readable_markdown(nb, glued(executed), refs)


def with_readable_markdown(nb: nbformat.NotebookNode, glue: dict[str, str], refs: References) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose Markdown cells are :func:`readable_markdown`; code cells are unchanged."""
    readable = copy.deepcopy(nb)
    for cell in readable.cells:
        if cell.cell_type == "markdown":
            cell.source = readable_markdown(cell.source, glue, refs)
    return readable


def student_edition(root: Path, out: Path) -> list[Path]:
    """Write one student notebook per chapter into ``out``, plus a README and a zip of them all.

    Each notebook runs once here, to fill its text with the numbers it glues. Returns the notebooks'
    paths, in the book's order.
    """
    out.mkdir(parents=True, exist_ok=True)
    refs = references(root)
    written = []
    for page in notebook_pages(root):
        if page in TEACHERS_ONLY:
            continue
        target = out / f"{Path(page).name}.ipynb"
        student = student_notebook(chapter_notebook(root / f"{page}.md"))
        nbformat.write(with_setup_cells(readable_notebook(student, root, refs), *repository(root)), target)
        written.append(target)
    (out / "README.md").write_text(_README)
    with zipfile.ZipFile(out / ZIP_NAME, "w", zipfile.ZIP_DEFLATED) as z:
        for path in [out / "README.md", *written]:
            z.write(path, f"deepseek-book-student/{path.name}")
    return written


def live_notebook(page: str) -> str:
    """Where the repository keeps ``page`` as the notebook that Binder, a hub and `make live` open."""
    return f"{LIVE_DIR}/{Path(page).name}.ipynb"


def refresh_live_notebooks(root: Path, site: Path) -> list[Path]:
    """Copy each page's readable ``.ipynb`` from a build (``site``'s ``_sources``) into ``LIVE_DIR``.

    They are the notebooks the download menu offers: Markdown without MyST roles, no outputs. The
    repository keeps them, so every live route opens them as they are, with nothing to generate first;
    ``tests/book/test_launch.py`` fails when they differ from the build's.
    """
    (root / LIVE_DIR).mkdir(exist_ok=True)
    written = []
    for page in notebook_pages(root):
        target = root / live_notebook(page)
        shutil.copyfile(site / "_sources" / f"{page}.ipynb", target)
        written.append(target)
    return written


def main(argv: list[str]) -> None:
    usage = "usage: python -m explainers.notebooks student OUT_DIR | live SITE_DIR"
    if len(argv) != 2 or argv[0] not in ("student", "live"):
        raise SystemExit(usage)
    root = Path.cwd()
    if argv[0] == "live":
        for path in refresh_live_notebooks(root, Path(argv[1])):
            print(path.relative_to(root))
        return
    for path in student_edition(root, Path(argv[1])):
        print(path)
    print(Path(argv[1]) / ZIP_NAME)


if __name__ == "__main__":
    main(sys.argv[1:])
