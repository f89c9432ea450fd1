"""Faults an author makes, injected into a small copy of the book: the strict build reports every one, on
the console, located, and goes on to the next page (``--keep-going``) instead of stopping at the first."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.book

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  name: python3
  display_name: Python 3 (ipykernel)
  language: python
---
"""
# Page one quotes a fact that does not exist; page two cites a missing reference and has a failing cell;
# pages three to six are sound, and make the book big enough for Sphinx to read it in parallel, as the
# book's build does (it reads serially below six pages).
PAGES = {
    "one": FRONT_MATTER + "# One\n\nV3's final run cost {fact}`v3.cost-usdd`.\n\n```{code-cell} ipython3\n1 + 1\n```\n",
    "two": FRONT_MATTER + "# Two\n\nAs {cite:t}`hinton2015distiling` showed.\n\n"
                          "```{code-cell} ipython3\nfrom explainers.models import moe\n\n"
                          "moe.routing(routed_experts=300)\n```\n",
    **{name: f"# {name.title()}\n\nA sound page.\n" for name in ("three", "four", "five", "six")},
}


def build(tmp_path: Path, ledger: str | None = None) -> subprocess.CompletedProcess:
    """Build a book of the faulty pages with the book's own configuration, strictly, as scripts/build-book does."""
    book = tmp_path / "book"
    (book / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book)
    shutil.copy(ROOT / "book" / "references.bib", book / "book")
    for folder in ("_static", "_templates"):
        shutil.copytree(ROOT / "book" / folder, book / "book" / folder)
    for name, text in PAGES.items():
        (book / "book" / f"{name}.md").write_text(text)
    (book / "node_modules").symlink_to(ROOT / "node_modules")  # MathJax, which typesets the maths
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/one\nchapters:\n"
                                   + "".join(f"  - file: book/{name}\n" for name in PAGES if name != "one"))
    env = None
    if ledger is not None:
        # The package reads its ledger from the data folder it is installed with: point a copy of it there.
        package = tmp_path / "src" / "explainers"
        shutil.copytree(ROOT / "src" / "explainers", package, ignore=shutil.ignore_patterns("__pycache__"))
        (package / "data" / "ledger.toml").write_text(ledger)
        env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "jupyter-book-parallel"), "build", str(book), "-n",
                           "-W", "--keep-going"], capture_output=True, text=True, env={**(env or os.environ), "BOOK_JOBS": "2"},
                          timeout=600)


def test_every_fault_of_every_page_is_reported_with_its_place_and_cause(tmp_path):
    result = build(tmp_path)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "one.md:" in log and "no ledger fact 'v3.cost-usdd'; did you mean 'v3.cost-usd'" in log
    assert "two.md:" in log and 'could not find bibtex key "hinton2015distiling"' in log
    # The failing cell's cause is on the console, not only in a report file.
    assert "routed_experts must be a str, got int: 300" in log
    # Both pages were written: a page's fault does not abort the build for the pages after it.
    assert (tmp_path / "book" / "_build" / "html" / "book" / "two.html").exists()
    assert "no notebook download for this page" in log  # and why, instead of a crash of the whole build
    assert "Extension error" not in log


LEDGER = (ROOT / "src" / "explainers" / "data" / "ledger.toml").read_text()


@pytest.mark.parametrize("fault, message", [
    (('source = ["deepseekai2024v3"]\nlocator = "p. 1; p. 22"', 'source = []\nlocator = "p. 1; p. 22"'),
     "field 'source' must be a non-empty list"),
    (("[facts.\"v3.layers\"]\nrow", "[facts.\"v3.layers\"]\nrow = \"2.x\"\nwrong"), "fact 'v3.layers'"),
])
def test_a_malformed_ledger_row_stops_the_build_naming_file_key_and_field(tmp_path, fault, message):
    old, new = fault
    assert old in LEDGER
    result = build(tmp_path, LEDGER.replace(old, new, 1))
    log = result.stdout + result.stderr
    assert result.returncode != 0
    # Sphinx's own words for a configuration fault, with the file, key and field; not its plea for a bug
    # report, which it prints for an unexpected exception. (jupyter-book adds its traceback to any failure.)
    assert "Configuration error:" in log and "ledger.toml: fact " in log and message in log, log[-2000:]
    assert "sphinx-doc/sphinx/issues" not in log and "Exception occurred" not in log
