"""The book's table of contents and repository, as `_toc.yml` and `_config.yml` give them (needs only PyYAML)."""

from __future__ import annotations

from pathlib import Path

import yaml


def notebook_pages(root: Path, notebooks_only: bool = True) -> list[str]:
    """The toc's pages in order (by default only notebooks: their .md has a jupytext header), without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            files += [chapter["file"], *(s["file"] for s in chapter.get("sections", []))]
    return [f for f in files if not notebooks_only or (root / f"{f}.md").read_text().startswith("---\njupytext:")]


def repository(root: Path) -> tuple[str, str]:
    """The book's repository URL and branch, as ``_config.yml`` gives them to the theme."""
    theme = yaml.safe_load((root / "_config.yml").read_text())["sphinx"]["config"]["html_theme_options"]
    return theme["repository_url"], theme["repository_branch"]
