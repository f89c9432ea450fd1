"""An author's rebuild writes the same site as a clean build of the same sources.

The build skips work it judges unchanged (frames kept apart and cached, the bibliography formatted once,
the sources appendix written only when what it shows changed, the font scan of unchanged files): this
checks every such judgement at once, on a copy of the whole book.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.book

SOURCES = ("_config.yml", "_toc.yml", "book", "src")
# A prose edit that also cites a fact and a paper the page did not cite before.
EDIT = ("\n\nOne more sentence of prose, citing {fact}`v3.mtp-speedup` and {cite:t}`shao2024deepseekmath`.\n")


def _copy(destination: Path) -> Path:
    destination.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__", "_build"))
        else:
            shutil.copy(source, destination)
    (destination / "node_modules").symlink_to(ROOT / "node_modules")
    return destination


def _build(book: Path) -> Path:
    # The copy's own package, so that the kernels and Sphinx import the sources under test.
    env = {**os.environ, "PYTHONPATH": str(book / "src")}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "jupyter-book-parallel"), "build", str(book),
                             "-n", "-W", "--keep-going"], capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return book / "_build" / "html"


def _site(html: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(html.rglob("*")):
        if path.is_file() and path.name != "searchindex.js":  # Sphinx orders an updated index differently
            data = path.read_bytes()
            if path.suffix == ".html":
                # A static file's ?v= checksum depends on whether the file was already in place.
                data = re.sub(rb"\?v=[0-9a-f]+", b"", data)
            files[path.relative_to(html).as_posix()] = data
    return files


def test_a_rebuild_after_an_edit_writes_what_a_clean_build_writes(tmp_path):
    book = _copy(tmp_path / "edited")
    assert "Cited in:" not in _row(_site(_build(book)))
    page = book / "book" / "cost-math.md"
    page.write_text(page.read_text() + EDIT)
    rebuilt = _site(_build(book))
    clean = _site(_build(_copy_sources(book, tmp_path / "clean")))
    assert rebuilt.keys() == clean.keys()
    differ = [name for name in clean if rebuilt[name] != clean[name]]
    assert not differ, f"the rebuild and a clean build differ in {differ[:10]}"
    # The edit reached the sources appendix: the newly cited fact's row says where it is cited.
    row = _row(rebuilt)
    assert "Cited in:" in row and "cost-math.html#" in row


def _row(site: dict[str, bytes]) -> str:
    """The sources appendix's row of the fact the edit cites."""
    html = site["book/sources.html"].decode()
    return re.search(r'id="fact-v3-mtp-speedup".*?(?=<tr|</tbody>)', html, re.S).group(0)


def _copy_sources(book: Path, destination: Path) -> Path:
    shutil.copytree(book, destination, symlinks=True, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return destination
