"""The static site's frames, drawn once per content and kept across builds.

A frame is a pure function of the model, the view, the control's value and the house style, all of
which live in this package, and of the matplotlib and numpy that draw it. So an explorable's frames
are keyed by a hash of every file of the package, those versions, its name, and the qualified names
of its model and view functions. A build, clean or not, that finds its key reuses the frames; any
edit to the package misses every key and draws everything again.

Only explorables built from package functions are cached: a lambda or a function defined in a
chapter is not covered by the package's hash, so its frames are always drawn.

The cache is a directory of compressed JSON files: ``$EXPLAINERS_FRAME_CACHE`` if set (an empty
value turns caching off), else ``explainers-frames`` in the user's cache directory. It keeps the
most recently used files up to ``MAX_BYTES``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import zlib
from dataclasses import fields, is_dataclass
from pathlib import Path

import matplotlib
import numpy as np

import explainers
from explainers.files import CACHE_ENVIRONMENT, cache_directory, folder_digest, write_atomically

ENVIRONMENT = CACHE_ENVIRONMENT
MAX_BYTES = 256 * 2**20  # hundreds of full sets of the book's frames (one set is under a megabyte)

#: The package's book machinery: Sphinx extensions and notebook tools, which no model, view or control
#: imports (tests/interact/test_frame_cache.py checks), so an edit to them keeps every frame.
BOOK_MACHINERY = ("sphinxext.py", "webfonts.py", "mathtypeset.py", "typeset_math.js", "notebooks.py", "toc.py",
                  "figure_numbers.py")


#: Where frames are kept, or None when caching is off.
directory = cache_directory


@functools.cache
def package_hash() -> str:
    """A hash of every file of the package (code, ledger, configs) but its book machinery, and of the
    libraries that draw."""
    versions = f"matplotlib {matplotlib.__version__} numpy {np.__version__}"
    package = folder_digest(Path(explainers.__file__).parent, BOOK_MACHINERY)
    return hashlib.sha256(f"{versions} {package}".encode()).hexdigest()


def _package_function(function) -> str | None:
    """``module.qualname`` of a function defined at the top level of a package module, else None."""
    module, name = getattr(function, "__module__", ""), getattr(function, "__qualname__", "<lambda>")
    if not (module == "explainers" or module.startswith("explainers.")) or "<" in name:
        return None
    return f"{module}.{name}"


def key(explorable) -> str | None:
    """The cache key of ``explorable``'s frames, or None when they cannot be cached (see the module)."""
    view = explorable.view
    if not is_dataclass(view):
        return None
    functions = [explorable.model] + [getattr(view, f.name) for f in fields(view)]
    names = [_package_function(f) for f in functions]
    if None in names:
        return None
    parts = [package_hash(), explorable.name, type(view).__name__, *names]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def load(key: str) -> dict[str, list[str]] | None:
    """The frames stored under ``key`` (``"i-j" -> [markup, alt, readout]``), or None."""
    folder = directory()
    if folder is None:
        return None
    path = folder / f"{key}.json.z"
    try:
        frames = json.loads(zlib.decompress(path.read_bytes()))
        os.utime(path)  # recently used: the last to be pruned
    except (OSError, ValueError, zlib.error):
        return None  # missing, or unreadable (a half-written file from a killed build): draw again
    return frames


def store(key: str, frames: dict[str, list[str]]) -> None:
    """Keep ``frames`` under ``key``, then prune the least recently used files beyond ``MAX_BYTES``.

    A cache that cannot be written (read-only home, full disk) only costs the next build the time
    to draw again, so failures to write are ignored.
    """
    folder = directory()
    if folder is None:
        return
    data = zlib.compress(json.dumps(frames, separators=(",", ":")).encode(), 6)
    try:
        write_atomically(folder / f"{key}.json.z", data)  # two builds at once never read a half-written file
        _prune(folder)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    entries = sorted(((p.stat().st_mtime, p.stat().st_size, p) for p in folder.glob("*.json.z")), reverse=True)
    total = 0
    for _, size, path in entries:
        total += size
        if total > MAX_BYTES:
            path.unlink(missing_ok=True)
