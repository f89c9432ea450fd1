"""Benchmarks of the book's budgets: build time (against a stock book), page weight, control-to-frame latency.

Run with `make bench`. Prints a table; timings on these noisy 2-core machines are compared
as ratios within one run, never asserted in tests.
"""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.site.harness import CHROMIUM, browser, pages_in_toc, serve  # noqa: E402

#: The book's build command (scripts/build-book runs it): jupyter-book, reading pages in parallel.
JB = [sys.executable, str(ROOT / "scripts" / "jupyter-book-parallel")]
#: Jupyter Book 1's own command, as a stock book is built.
STOCK_JB = [str(Path(sys.executable).parent / "jupyter-book")]

# Moves every control of every explorable through its values and times input -> new frame painted.
FRAME_LATENCY_JS = """
async (figure) => {
  const times = [];
  for (const control of figure.querySelectorAll('[data-param]')) {
    const n = control.tagName === 'SELECT' ? control.options.length : Number(control.max) + 1;
    for (let i = 0; i < n; i++) {
      const target = String((Number(control.value) + 1) % n);
      const t0 = performance.now();
      control.value = target;
      control.dispatchEvent(new Event('input', {bubbles: true}));  // the frame is swapped synchronously
      await new Promise(r => requestAnimationFrame(() => r()));
      times.push(performance.now() - t0);
    }
  }
  return times;
}
"""


def timed(cmd: list[str], **env: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True, env={**os.environ, **env})
    return time.perf_counter() - t0


def build_times() -> tuple[float, float, float, Path]:
    out = Path(tempfile.mkdtemp(prefix="bench-book-"))
    cmd = [*JB, "build", str(ROOT), "-n", "-W", "--keep-going", "--path-output", str(out)]
    clean = timed(cmd)
    cached = timed(cmd)
    (out / "_build" / ".doctrees").exists() and shutil.rmtree(out / "_build" / ".doctrees")
    rerender = timed(cmd)  # every page re-read and re-rendered, outputs from jupyter-cache
    return clean, cached, rerender, out / "_build" / "html"


STOCK_BOOK = ROOT / "scripts" / "stock-book"
_NOT_THE_BOOK = shutil.ignore_patterns("_build", ".venv", ".venv-live", "node_modules", ".git", "notebooks",
                                       "my-notebooks", "scripts", "tests", "research", "__pycache__", ".*cache*")


def executed_pages(book: Path) -> int:
    """Pages of the toc that are notebooks (MyST with a kernelspec), which the build executes."""
    return sum("kernelspec:" in p.read_text() for p in book.rglob("*.md") if "_build" not in p.parts)


def author_loop(source: Path, prose_page: str, command: list[str] = JB) -> dict[str, float | int]:
    """An author's builds of a copy of ``source``, strict, with ``command``: clean with an empty build cache
    (a first build, or after any edit to the package's models, views or style), clean again (a fresh
    clone or ``rm -rf _build``: frames, fonts and maths come from the cache the first build filled),
    after a prose-only edit of ``prose_page``, and with nothing changed. Returns their seconds and the
    number of executed pages."""
    book = Path(tempfile.mkdtemp(prefix="bench-loop-")) / "book"
    shutil.copytree(source, book, ignore=_NOT_THE_BOOK)
    if (source / "node_modules").exists():
        (book / "node_modules").symlink_to(source / "node_modules")
    cmd = [*command, "build", str(book), "-n", "-W", "--keep-going"]
    cache = {"EXPLAINERS_FRAME_CACHE": str(book.parent / "cache")}
    times = {"cold": timed(cmd, **cache)}
    shutil.rmtree(book / "_build")
    times["clean"] = timed(cmd, **cache)
    page = book / prose_page
    page.write_text(page.read_text() + "\nOne more sentence of prose, and no code.\n")
    times["prose"] = timed(cmd, **cache)
    times["noop"] = timed(cmd, **cache)
    times["pages"] = executed_pages(book)
    shutil.rmtree(book.parent, ignore_errors=True)
    return times


BOOKS = (("stock, jupyter-book", STOCK_BOOK, "pages/fitting.md", STOCK_JB),
         ("stock, jupyter-book-parallel", STOCK_BOOK, "pages/fitting.md", JB),
         ("ours, jupyter-book-parallel", ROOT, "book/cost-math.md", JB))


def print_author_loop(runs: int = 3) -> None:
    """The book's build against a stock Jupyter Book 1 book's, in one run: the stock book built as a stock
    book is (``jupyter-book build``), and with the book's own command (which reads pages in parallel).
    Each loop runs ``runs`` times, the books alternating, and the median of each time is shown: on these
    noisy machines one build can take a third longer than the next."""
    if not isinstance(runs, int) or isinstance(runs, bool) or runs < 1:
        raise ValueError(f"runs must be a positive int, got {runs!r}")
    loops = {name: [] for name, *_ in BOOKS}
    for _ in range(runs):
        for name, source, page, command in BOOKS:
            loops[name].append(author_loop(source, page, command))
    rows = {name: {k: statistics.median(t[k] for t in runs_) for k in runs_[0]} for name, runs_ in loops.items()}
    print(f"median of {runs} run(s), books alternating")
    print(f"{'book, command':28} {'pages':>5} {'no cache s':>10} {'s/page':>6} {'clean s':>8} {'s/page':>6} "
          f"{'prose s':>8} {'no-op s':>8}")
    for name, t in rows.items():
        print(f"{name:28} {t['pages']:5.0f} {t['cold']:10.1f} {t['cold'] / t['pages']:6.2f} {t['clean']:8.1f} "
              f"{t['clean'] / t['pages']:6.2f} {t['prose']:8.1f} {t['noop']:8.1f}")

    def per_page(t, build):
        return t[build] / t["pages"]

    ours = rows["ours, jupyter-book-parallel"]
    for name in ("stock, jupyter-book", "stock, jupyter-book-parallel"):
        stock = rows[name]
        print(f"ours / {name}: clean per executed page "
              f"{per_page(ours, 'clean') / per_page(stock, 'clean'):.2f}x "
              f"({per_page(ours, 'cold') / per_page(stock, 'cold'):.2f}x with an empty cache), "
              f"prose edit {ours['prose'] / stock['prose']:.2f}x, no-op {ours['noop'] / stock['noop']:.2f}x")


def page_weight(site: Path, b, base: str, path: str) -> tuple[int, int, int]:
    """Raw and gzip bytes of everything the page loads, and the number of requests."""
    urls: list[str] = []
    tab = b.new_page()
    tab.on("request", lambda r: urls.append(r.url))
    tab.goto(f"{base}/{path}")
    tab.wait_for_load_state("networkidle")
    tab.close()
    raw = compressed = 0
    for url in urls:
        if url.startswith("data:"):
            continue
        data = (site / urlparse(url).path.lstrip("/")).read_bytes()
        raw += len(data)
        compressed += len(gzip.compress(data, 6))
    return raw, compressed, len(urls)


def frame_latencies(b, base: str, path: str) -> list[float]:
    tab = b.new_page()
    tab.goto(f"{base}/{path}")
    tab.wait_for_load_state("networkidle")
    times = []
    for fig in tab.locator("figure.explorable").all():
        times += fig.evaluate(FRAME_LATENCY_JS)
    tab.close()
    return times


def live_latencies() -> list[float]:
    """Milliseconds from setting a live slider to the new figure being in its widget."""
    from explainers.interact import explore
    from explainers.models import costs
    from explainers.views import costs as views

    live = explore(costs.run_cost, views.RUN_COST, name="bench", title="bench").live()
    times = []
    for price in costs.SPEC["price"].grid():
        t0 = time.perf_counter()
        live.controls["price"].value = price if price != live.controls["price"].value else costs.SPEC["price"].min
        times.append((time.perf_counter() - t0) * 1000)
    return times


def jupyterlab_times(moves: int = 12) -> tuple[float, list[float]]:
    """In JupyterLab from .venv-live, as a reader uses it: seconds from starting the server to the intro's
    first figure (open the intro, Run All), then milliseconds from a slider key press to the new figure
    painted, for ``moves`` presses."""
    from tests.live import lab

    t0 = time.perf_counter()
    with lab.jupyterlab() as url, browser() as b:
        tab = b.new_page(viewport={"width": 1400, "height": 1000})
        lab.open_notebook(tab, url, "book/intro.md")
        tab.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        box = lab.first_slider_box(tab)
        box.locator(".widget-html .figure-frame svg").first.wait_for(timeout=300_000)
        first_figure = time.perf_counter() - t0
        lab.run_all(tab)
        slider = [lab.move_slider(tab, box) * 1000 for _ in range(moves)]
    return first_figure, slider


LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")


def lighthouse(site: Path, runs: int = 3) -> list[tuple[str, dict]]:
    """Lighthouse (mobile, simulated slow 4G and CPU throttling) on every page, served gzip-compressed as a
    static host serves it: (page, {category: score 0-100, "lcp": seconds, "transfer": kB}).

    Scores vary from run to run on a noisy machine (the simulation scales the CPU time it observed), so
    each page is measured ``runs`` times and its median run by performance is reported, as Lighthouse's
    own guidance on variability suggests."""
    import json

    if not isinstance(runs, int) or runs < 1:
        raise ValueError(f"runs must be a positive int, got {runs!r}")
    results = []
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking " \
            "--disable-component-update --disable-sync"
    with serve(site, compressed=True) as base:
        for path in pages_in_toc():
            rows = []
            for _ in range(runs):
                out = subprocess.run(
                    [str(LIGHTHOUSE), f"{base}/{path}", "--quiet", "--output=json", "--form-factor=mobile",
                     "--throttling-method=simulate", f"--only-categories={','.join(CATEGORIES)}",
                     f"--chrome-flags={flags}"], capture_output=True, text=True, env=env, check=True).stdout
                report = json.loads(out)
                row = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                row["lcp"] = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
                row["transfer"] = report["audits"]["total-byte-weight"]["numericValue"] / 1000
                rows.append(row)
            median = statistics.median_low(r["performance"] for r in rows)
            row = next(r for r in rows if r["performance"] == median)
            row["range"] = (min(r["performance"] for r in rows), max(r["performance"] for r in rows))
            results.append((path, row))
    return results


def print_lighthouse(site: Path) -> None:
    runs = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
    print(f"Lighthouse, mobile, median of {runs} runs")
    print(f"{'page':34} {'perf':>5} {'(range)':>9} {'a11y':>5} {'best':>5} {'LCP s':>6} {'transfer kB':>12}")
    for path, r in lighthouse(site, runs):
        low, high = r["range"]
        print(f"{path:34} {r['performance']:5d} {f'({low}-{high})':>9} {r['accessibility']:5d} "
              f"{r['best-practices']:5d} {r['lcp']:6.1f} {r['transfer']:12.0f}")


def run_all_times(site_build: bool) -> list[tuple[str, float, int]]:
    """Each chapter run top to bottom in a fresh kernel, as "Run all" does in JupyterLab: (page, seconds,
    bytes of the executed notebook as saved). ``site_build`` runs it as the site build's kernels run,
    rendering every frame of every explorable; without it, as a reader's kernel does."""
    import nbformat
    from nbclient import NotebookClient

    from explainers import SITE_BUILD
    from explainers.notebooks import chapter_notebook
    from explainers.toc import notebook_pages

    rows = []
    saved = os.environ.pop(SITE_BUILD, None)
    if site_build:
        os.environ[SITE_BUILD] = "1"  # the kernel inherits this process's environment
    try:
        for page in notebook_pages(ROOT):
            nb = chapter_notebook(ROOT / f"{page}.md")
            t0 = time.perf_counter()
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(ROOT / "book")}}).execute()
            rows.append((page, time.perf_counter() - t0, len(nbformat.writes(nb).encode())))
    finally:
        os.environ.pop(SITE_BUILD, None)
        if saved is not None:
            os.environ[SITE_BUILD] = saved
    return rows


def print_run_all() -> None:
    reader, build = run_all_times(site_build=False), run_all_times(site_build=True)
    print('"Run all" in a fresh kernel: as a reader\'s kernel runs it, and as the site build\'s kernel does')
    print(f"{'page':30} {'reader s':>9} {'saved kB':>9} {'build s':>8} {'saved kB':>9}")
    for (page, seconds, size), (_, build_seconds, build_size) in zip(reader, build):
        print(f"{page:30} {seconds:9.1f} {size / 1e3:9.0f} {build_seconds:8.1f} {build_size / 1e3:9.0f}")


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    if sys.argv[1:2] == ["loop"]:  # only the author's loop: clean, prose-edit and no-op builds against a stock book
        print_author_loop(runs)
        return
    if sys.argv[1:2] == ["runall"]:  # only "Run all" per chapter and the saved notebook's size
        print_run_all()
        return
    if sys.argv[1:2] == ["lighthouse"]:  # only the Lighthouse table, on an existing build
        print_lighthouse(Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "_build" / "html")
        return
    print_author_loop(runs)
    clean, cached, rerender, site = build_times()
    pages = pages_in_toc()
    print(f"clean build (execute + render, {len(pages)} pages): {clean:6.1f} s")
    print(f"cached rebuild, nothing changed:            {cached:6.1f} s")
    print(f"rebuild, all pages re-rendered from cache:  {rerender:6.1f} s")
    print(f"{'page':28} {'raw kB':>8} {'gzip kB':>8} {'requests':>8}")
    with serve(site) as base, browser() as b:
        for path in pages:
            raw, gz, n = page_weight(site, b, base, path)
            print(f"{path:28} {raw / 1e3:8.0f} {gz / 1e3:8.0f} {n:8d}")
        for path in pages:
            times = frame_latencies(b, base, path)
            if times:
                print(f"{path}: control -> new frame painted, ms: median {statistics.median(times):.1f}, "
                      f"max {max(times):.1f} over {len(times)} moves")
    print_lighthouse(site)
    print_run_all()
    live = live_latencies()
    print(f"live slider -> new figure, ms: median {statistics.median(live):.1f}, max {max(live):.1f}")
    first, moves = jupyterlab_times()
    print(f"JupyterLab started -> intro's first figure (open, Run All): {first:.1f} s")
    print(f"JupyterLab slider key press -> new figure in the page, ms: median {statistics.median(moves):.0f}, "
          f"max {max(moves):.0f} over {len(moves)} moves")
    shutil.rmtree(site.parents[1], ignore_errors=True)


if __name__ == "__main__":
    main()
