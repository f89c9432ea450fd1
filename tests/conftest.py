"""Shared fixtures: the strictly built site (built once per run, from scratch) and a browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # so tests can import tests.site.harness


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """A fresh strict build: no jupyter-cache, so no output is stale with respect to src/.

    With BOOK_BUILD_DIR, the build scripts/build-book made in that folder instead (its _build/html, log and
    exit status): `make test` builds once that way, and the site it tests is the site `make book` publishes.
    """
    reuse = os.environ.get("BOOK_BUILD_DIR")
    if reuse:
        # scripts/build-book keeps its log and exit status beside the site (`make test` builds that way).
        built = Path(reuse) / "_build"
        log, status = built / "build.log", built / "build.status"
        return {"site": built / "html", "log": log.read_text() if log.exists() else "",
                "returncode": int(status.read_text()) if status.exists() else 0}
    out = tmp_path_factory.mktemp("book")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "jupyter-book-parallel"), "build", str(ROOT), "-n", "-W",
         "--keep-going", "--path-output", str(out)],
        capture_output=True, text=True, cwd=ROOT)
    return {"site": out / "_build" / "html", "log": proc.stdout + proc.stderr, "returncode": proc.returncode}


@pytest.fixture(scope="session")
def site(build) -> Path:
    if build["returncode"] != 0:
        pytest.fail("the book did not build; see tests/book/test_build.py for the log")
    return build["site"]


@pytest.fixture(scope="session")
def base_url(site):
    from tests.site.harness import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    from tests.site.harness import browser

    with browser() as b:
        yield b


def _track(tab):
    """Record on ``tab``: requests to other hosts (aborted), failed requests (HTTP errors included), page errors
    and console errors."""
    tab.external, tab.failed, tab.errors, tab.console_errors = [], [], [], []

    def route(r):
        host = r.request.url.split("/")[2] if "://" in r.request.url else ""
        if r.request.url.startswith(("data:", "blob:", "file:")) or host.split(":")[0] in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            tab.external.append(r.request.url)
            r.abort()

    tab.route("**/*", route)
    tab.on("requestfailed", lambda req: tab.failed.append(f"{req.url} {req.failure}"))
    tab.on("response", lambda res: tab.failed.append(f"{res.url} {res.status}") if res.status >= 400 else None)
    tab.on("pageerror", lambda err: tab.errors.append(str(err)))
    tab.on("console", lambda msg: tab.console_errors.append(msg.text) if msg.type == "error" else None)
    return tab


@pytest.fixture
def page(chromium):
    """A fresh browser tab (1280 px wide) that records external requests, failed requests and errors."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield _track(context.new_page())
    context.close()


@pytest.fixture
def reader(chromium, base_url):
    """Open a page as a reader would: ``reader(path, viewport=PHONE, scheme="dark")`` (viewports in ``tests.site.harness``) returns a loaded tab.

    The colour scheme is the browser's preference, which the theme follows on a first visit (mode "auto").
    Each tab records external requests, failed requests, page errors and console errors (see ``_track``).
    """
    contexts = []

    from tests.site.harness import LAPTOP

    def open_page(path: str, viewport: dict = LAPTOP, scheme: str = "light"):
        phone = viewport["width"] < 600  # a phone has a touch screen and honours the page's viewport tag
        context = chromium.new_context(viewport=viewport, color_scheme=scheme, has_touch=phone, is_mobile=phone)
        contexts.append(context)
        tab = _track(context.new_page())
        tab.goto(f"{base_url}/{path}")
        tab.wait_for_load_state("networkidle")
        return tab

    yield open_page
    for context in contexts:
        context.close()


def pytest_collection_modifyitems(items):
    """A test that needs the built book is a book test, and one that needs the student edition an edition
    test, marked or not: `make check` leaves them out."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if {"build", "site", "base_url"} & fixtures:
            item.add_marker(pytest.mark.book)
        if "edition" in fixtures:
            item.add_marker(pytest.mark.edition)
