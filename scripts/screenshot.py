"""Screenshot pages of the built site: desktop and phone width, light and dark.

Usage: .venv/bin/python scripts/screenshot.py [page.html ...]  (default: every page in the toc)
PNGs go to _build/screenshots/. Look at them before calling a page done.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.site.harness import browser, serve  # noqa: E402

SIZES = {"desktop": (1280, 900), "phone": (375, 800)}


def main(pages: list[str]) -> None:
    site = ROOT / "_build" / "html"
    out = ROOT / "_build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    pages = pages or sorted(str(p.relative_to(site)) for p in (site / "book").glob("*.html"))
    with serve(site) as base, browser() as b:
        for page in pages:
            for size, (w, h) in SIZES.items():
                for scheme in ("light", "dark"):
                    ctx = b.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
                    tab = ctx.new_page()
                    tab.goto(f"{base}/{page}")
                    tab.wait_for_load_state("networkidle")
                    tab.wait_for_timeout(300)
                    name = out / f"{Path(page).stem}-{size}-{scheme}.png"
                    tab.screenshot(path=str(name), full_page=True)
                    ctx.close()
                    print(name)


if __name__ == "__main__":
    main(sys.argv[1:])
