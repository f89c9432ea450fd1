"""Screenshot pages of the built site: desktop and phone width, light and dark.

Usage: .venv/bin/python scripts/screenshot.py [--open] [--element CSS] [page.html ...]
(default: every page in the toc). PNGs go to _build/screenshots/. Look at them before calling a page done.

--open        first click every closed toggle (hidden cells, solutions, dropdowns), as a reader would
--element CSS shoot each element matching CSS (up to 6 per page) instead of the whole page
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.site.harness import browser, serve  # noqa: E402

SIZES = {"desktop": (1280, 900), "phone": (375, 800)}


def open_toggles(tab) -> None:
    """Click each closed toggle's summary, top to bottom, the way a reader opens them."""
    summaries = tab.locator("details:not([open]) > summary")
    for i in range(summaries.count() - 1, -1, -1):  # from the end: opening one does not move those above
        summaries.nth(i).click()


def main(pages: list[str], open_all: bool = False, element: str | None = None) -> None:
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
                    if open_all:
                        open_toggles(tab)
                    tab.wait_for_timeout(300)
                    stem = f"{Path(page).stem}-{size}-{scheme}" + ("-open" if open_all else "")
                    if element:
                        shots = tab.locator(element)
                        for i in range(min(shots.count(), 6)):
                            name = out / f"{stem}-{i}.png"
                            shots.nth(i).screenshot(path=str(name))
                            print(name)
                    else:
                        name = out / f"{stem}.png"
                        tab.screenshot(path=str(name), full_page=True)
                        print(name)
                    ctx.close()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--open", action="store_true", dest="open_all")
    parser.add_argument("--element")
    args = parser.parse_args()
    main(args.pages, args.open_all, args.element)
