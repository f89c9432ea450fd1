"""Text made literal in Markdown, for the teacher's guide's answer key, the appendix's ledger rows and the
readable notebooks. No dependencies: a live kernel imports it without the book's build machinery."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>$|#])")


def escape(text: str) -> str:
    """``text`` as literal Markdown (MyST or Jupyter's): "$5.3M ... $0.2M" must not become inline math."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return _SPECIAL.sub(r"\\\1", text)
