"""Files the build keeps between runs: where, and written so that no reader ever sees half of one."""

from __future__ import annotations

import os
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
