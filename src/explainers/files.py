"""Files the build keeps between runs: where, and written so that no reader ever sees half of one."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: into a temporary file beside it, then renamed.

    Pages are read and written by several processes at once, and a killed build leaves no torn file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, path)


#: the variable that moves the build's cache (frames, and the fonts cut for them); empty turns it off
CACHE_ENVIRONMENT = "EXPLAINERS_FRAME_CACHE"


def cache_directory() -> Path | None:
    """Where the build keeps what it drew across builds, clean ones included, or None when that is off:
    ``$EXPLAINERS_FRAME_CACHE`` if set, else ``explainers-frames`` in the user's cache directory."""
    configured = os.environ.get(CACHE_ENVIRONMENT)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "explainers-frames"


def keep_newest(folder: Path, count: int) -> None:
    """Remove all but the ``count`` most recently modified entries (files or folders) of ``folder``:
    a cache kept across builds grows with every change to what it keeps."""
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"count must be an int >= 0, got {count!r}")
    entries = sorted(Path(folder).iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[count:]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def folder_digest(root: Path, skip: tuple[str, ...] = ()) -> str:
    """A hash of every file under ``root`` (its path and bytes) but caches and the paths in ``skip``."""
    root = Path(root)
    digest = hashlib.sha256()
    files = (p for p in root.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.relative_to(root).as_posix() not in skip)
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
