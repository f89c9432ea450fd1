"""Test harness for the built site: serve it on loopback, drive headless chromium, list the toc pages."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The two readers the book is checked for: a phone and a laptop.
PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1280, "height": 800}
# Root needs --no-sandbox; the rest stop chromium calling home, which this network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    """A file's gzip bytes, made once per version of the file: a static host compresses ahead of
    time, so compressing per request would add server time that Lighthouse counts against the page."""
    import gzip

    return gzip.compress(path.read_bytes(), 6)


class _GzipHandler(_QuietHandler):
    """Serves text files gzip-compressed when the browser accepts it, as a static host (GitHub Pages) does."""

    COMPRESSED = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in self.COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        import io

        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(root: Path, compressed: bool = False):
    """Serve ``root`` on 127.0.0.1 at a free port (gzip-compressed if asked); yield the base URL."""
    handler = functools.partial(_GzipHandler if compressed else _QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    """A headless chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def pages_in_toc() -> list[str]:
    """Every page of the toc, as paths relative to the site root."""
    from explainers.toc import notebook_pages

    return [f"{page}.html" for page in notebook_pages(ROOT, notebooks_only=False)]


def readout(figure) -> str:
    """The text beside an explorable figure (a Playwright locator of its ``<figure>``)."""
    return figure.locator(".explorable-readout").inner_text()


def table_text(html: str) -> str:
    """What a reader reads in an HTML table the package made: its text without tags, entities decoded."""
    import re
    from html import unescape

    return unescape(re.sub(r"<[^>]+>", "", html))


def shown_table_text(figure) -> str:
    """The text of the table a figure shows now (a Playwright locator of its ``<figure>``)."""
    return figure.locator(".figure-frame table").evaluate("t => t.textContent")


_FRAMES_FILE = re.compile(r'<figure class="explorable" id="([^"]+)" data-frames="([^"?]+)(?:\?[^"]*)?"')


def built_frames(page: Path) -> dict[str, dict]:
    """Each explorable's data (labels and frames) on a built page, read from the script file that its
    ``data-frames`` names (explainers.sphinxext.split_frames)."""
    import json
    from html import unescape

    found = {}
    for figure_id, src in _FRAMES_FILE.findall(page.read_text(encoding="utf-8")):
        script = (page.parent / unescape(src)).read_text(encoding="utf-8")
        call = f"explainersFrames({json.dumps(figure_id)}, "
        assert script.startswith(call) and script.endswith(");\n"), f"{src} is not a frames script"
        found[figure_id] = json.loads(script[len(call):-len(");\n")])
    return found
