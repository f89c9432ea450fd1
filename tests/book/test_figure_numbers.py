"""explainers.figure_numbers numbers figures, tables and captioned code exactly as Sphinx does, on a first
build and after edits, and without loading a doctree when no page was read again."""

import io
from pathlib import Path

import pytest
from sphinx.application import Sphinx

PAGES = {
    "index.rst": """Root
====

.. toctree::
   :numbered:

   chapter
   parts

.. table:: A table on the root page

   ===  ===
   a    b
   ===  ===
""",
    "chapter.rst": """Chapter
=======

.. figure:: dot.svg

   The chapter's first figure

A section
---------

.. code-block:: python
   :caption: Captioned code

   x = 1

.. figure:: dot.svg

   A figure in a section

.. figure:: dot.svg

A subsection
^^^^^^^^^^^^

.. figure:: dot.svg

   A figure in a subsection
""",
    "parts.rst": """Parts
=====

.. toctree::

   part

.. figure:: dot.svg

   After the nested toctree
""",
    "part.rst": """Part
====

.. table:: A nested page's table

   ===  ===
   c    d
   ===  ===

.. code-block:: python

   uncaptioned = True
""",
}


def _write(folder: Path, pages: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    for name, text in pages.items():
        (folder / name).write_text(text)


def _build(src: Path, out: Path, ours: bool) -> Sphinx:
    extensions = ["explainers.figure_numbers"] if ours else []
    app = Sphinx(str(src), None, str(out / "html"), str(out / "doctrees"), "html", status=io.StringIO(),
                 warning=io.StringIO(), confoverrides={"numfig": True, "extensions": extensions,
                                                        "numfig_secnum_depth": 2})
    app.build()
    return app


@pytest.fixture()
def book(tmp_path):
    _write(tmp_path / "src", PAGES)
    return tmp_path


def _stock_numbers(book: Path, name: str) -> dict:
    return _build(book / "src", book / name, ours=False).env.toc_fignumbers


def test_a_first_build_numbers_as_sphinx_does(book):
    ours = _build(book / "src", book / "ours", ours=True).env.toc_fignumbers
    assert ours == _stock_numbers(book, "stock")
    assert ours["chapter"]["figure"]  # the fixture numbers something on every page it should
    assert ours["part"]["table"] and ours["chapter"]["code-block"]


def test_edits_renumber_as_a_clean_build_does(book):
    _build(book / "src", book / "ours", ours=True)
    chapter = book / "src" / "chapter.rst"
    edits = [
        chapter.read_text().replace("A section\n---------\n",
                                    "A section\n---------\n\n.. figure:: dot.svg\n\n   A new first figure\n"),
        chapter.read_text().replace("A subsection\n^^^^^^^^^^^^\n", ""),  # its figure joins the section
    ]
    for n, text in enumerate(edits):
        chapter.write_text(text)
        ours = _build(book / "src", book / "ours", ours=True).env.toc_fignumbers
        assert ours == _stock_numbers(book, f"stock-{n}")


def test_a_build_that_read_nothing_walks_no_doctree(book, monkeypatch):
    from explainers import figure_numbers

    _build(book / "src", book / "ours", ours=True)

    def no_walk(env, doctree):
        raise AssertionError(f"walked the doctree of {env.path2doc(doctree['source'])}")

    monkeypatch.setattr(figure_numbers, "outline", no_walk)
    app = _build(book / "src", book / "ours", ours=True)
    assert app.env.toc_fignumbers == _stock_numbers(book, "stock")
    (book / "src" / "part.rst").write_text(PAGES["part.rst"] + "\nMore prose.\n")
    with pytest.raises(Exception, match="walked the doctree of part"):  # only the page read again
        _build(book / "src", book / "ours", ours=True)


def test_numbered_references_load_each_target_page_once_and_read_as_sphinx_writes_them(book, monkeypatch):
    from collections import Counter

    from sphinx.environment import BuildEnvironment

    refs = 5
    index = book / "src" / "index.rst"
    index.write_text(index.read_text() + "\n.. _root-table:\n\n" + "".join(
        f"See :numref:`fig-{n % 2}` and :numref:`Code {{number}} <code-0>`.\n\n" for n in range(refs)))
    chapter = book / "src" / "chapter.rst"
    chapter.write_text(chapter.read_text()
                       .replace(".. figure:: dot.svg\n\n   The chapter's first", ".. _fig-0:\n\n.. figure:: dot.svg\n\n   The chapter's first")
                       .replace(".. figure:: dot.svg\n\n   A figure in a section", ".. _fig-1:\n\n.. figure:: dot.svg\n\n   A figure in a section")
                       .replace(".. code-block:: python\n   :caption:", ".. _code-0:\n\n.. code-block:: python\n   :caption:"))
    loads, get_doctree = Counter(), BuildEnvironment.get_doctree

    def counted(self, docname):
        loads[docname] += 1
        return get_doctree(self, docname)

    monkeypatch.setattr(BuildEnvironment, "get_doctree", counted)
    pages = {}
    for ours in (False, True):
        loads.clear()
        _build(book / "src", book / f"numref-{ours}", ours=ours)
        pages[ours] = ((book / f"numref-{ours}" / "html" / "index.html").read_text(), loads["chapter"])
    assert pages[True][0] == pages[False][0]
    assert "Fig. 1.1.1" in pages[True][0] and "Code 1.1.1" in pages[True][0]
    assert pages[False][1] - pages[True][1] == 2 * refs - 1  # Sphinx loads the chapter for each reference
