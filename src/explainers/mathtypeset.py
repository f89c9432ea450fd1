"""Maths typeset when the book is built, so the reader's browser runs no MathJax.

MathJax in the page costs a phone 260 kB of script and about a second of work before the formulas
appear, and holds up everything else it competes with. Here the same MathJax 3 (from
``node_modules``, pinned in ``package.json``) turns each page's TeX into its HTML output while the
book is built: the page carries finished formulas, their MathML for screen readers, and a small
stylesheet for the characters it uses. Sphinx's own ``mathjax`` visitors write the TeX into the
page, so formulas, numbering and links are exactly as before; ``typeset_page`` replaces them.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.ext.mathjax import html_visit_displaymath, html_visit_math
from sphinx.util import logging

from explainers.files import cache_directory, keep_newest, write_atomically

logger = logging.getLogger(__name__)

RENDERER = "mathjax_static"
FONTS = "_static/vendor/mathjax-fonts"
SCRIPT = Path(__file__).with_name("typeset_math.js")
#: what Sphinx's visitors write for a formula: its TeX between \( \) or \[ \], HTML-escaped
FORMULA = re.compile(r'(<(span|div) class="math notranslate nohighlight"[^>]*>)(.*?)(</\2>)', re.S)
_DELIMITED = re.compile(r"^\s*(\\\(|\\\[)(.*)(\\\)|\\\])\s*$", re.S)


def mathjax_folder(root: Path) -> Path:
    """MathJax's ES5 build in the book's ``node_modules``, or a clear error saying how to get it."""
    folder = Path(root) / "node_modules" / "mathjax" / "es5"
    if not (folder / "node-main.js").is_file():
        raise ExtensionError(f"MathJax is missing from {folder.parent}: run `make setup` (npm ci) first")
    return folder


def typeset(formulas: list[tuple[str, bool]], folder: Path, font_url: str) -> tuple[list[str], str]:
    """Each ``(tex, display)`` formula as MathJax CHTML markup, and the stylesheet they need.

    Raises ValueError naming every formula MathJax cannot typeset (an unknown command, say).
    """
    if not isinstance(formulas, list) or not all(
            isinstance(f, tuple) and len(f) == 2 and isinstance(f[0], str) for f in formulas):
        raise TypeError(f"formulas must be a list of (tex, display) pairs, got {formulas!r:.80}")
    if not formulas:
        return [], ""
    node = shutil.which("node")
    if node is None:
        raise ExtensionError("node is needed to typeset the maths: apt-get install nodejs")
    items = [{"tex": tex, "display": bool(display)} for tex, display in formulas]
    done = subprocess.run([node, str(SCRIPT), str(folder), font_url], input=json.dumps(items),
                          capture_output=True, text=True)
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise ExtensionError(f"MathJax failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}") from None
    if "errors" in result:
        raise ValueError("TeX that MathJax cannot typeset: " + "; ".join(result["errors"]))
    return result["html"], result["css"]


#: typeset pages kept in the build's cache; the oldest used beyond this are removed
KEPT_PAGES = 256


def _typeset_once(app, formulas: list[tuple[str, bool]], font_url: str) -> tuple[list[str], str]:
    """:func:`typeset`, kept by a hash of the formulas, the font URL, this module's script and MathJax's
    version, in the build's cache (beside the doctrees when it is off): a build typesets only pages
    whose maths changed since any earlier build (starting node and MathJax takes tenths of a second
    per page)."""
    folder = mathjax_folder(app.confdir)
    digest = hashlib.sha256(json.dumps([formulas, font_url]).encode())
    digest.update(SCRIPT.read_bytes() + (folder.parent / "package.json").read_bytes())
    cache = cache_directory()
    store = cache / "mathjax" if cache is not None else Path(app.doctreedir) / "mathjax"
    kept = store / f"{digest.hexdigest()[:32]}.json"
    try:
        done = json.loads(kept.read_text(encoding="utf-8"))
        os.utime(kept)  # recently used: the last to be removed
        return done["html"], done["css"]
    except (OSError, ValueError, KeyError):
        pass  # not typeset before, or a file a killed build left unreadable
    markup, css = typeset(formulas, folder, font_url)
    try:  # a store that cannot be written only costs the next build the typesetting
        write_atomically(kept, json.dumps({"html": markup, "css": css}).encode())
        keep_newest(store, KEPT_PAGES)
    except OSError:
        pass
    return markup, css


def _tex(inner: str) -> tuple[str, bool] | None:
    """The TeX and display flag of what Sphinx wrote inside a formula's element (None if unexpected)."""
    match = _DELIMITED.match(inner)
    if match is None or "<" in inner:  # a numbered equation's label, say: not written by this book
        return None
    return html.unescape(match.group(2)).strip(), match.group(1) == r"\["


def typeset_page(app, pagename, templatename, context, doctree) -> None:
    """Sphinx ``html-page-context`` hook: replace each formula's TeX in the page body by its typeset
    form, and put the page's MathJax stylesheet in its head."""
    if app.builder.format != "html" or app.builder.math_renderer_name != RENDERER:
        return
    body = context.get("body", "")
    found = list(FORMULA.finditer(body))
    if not found:
        return
    formulas = []
    for match in found:
        formula = _tex(match.group(3))
        if formula is None:
            logger.warning("formula left untypeset, its markup is not Sphinx's: %s", match.group(0)[:200],
                           location=pagename)
            return
        formulas.append(formula)
    try:
        markup, css = _typeset_once(app, formulas, context["pathto"](FONTS, 1))
    except ValueError as error:
        logger.warning("%s", error, location=pagename)
        return
    pieces = iter(markup)
    context["body"] = FORMULA.sub(lambda m: m.group(1) + next(pieces) + m.group(4), body)
    context["metatags"] = context.get("metatags", "") + f'\n<style id="mathjax-styles">{css}</style>'


def copy_fonts(app, exception) -> None:
    """Sphinx ``build-finished`` hook: serve MathJax's fonts from the site (the browser fetches only
    the ones a page's formulas use)."""
    if exception is not None or app.builder.format != "html":
        return
    source = mathjax_folder(app.confdir) / "output" / "chtml" / "fonts" / "woff-v2"
    shutil.copytree(source, Path(app.outdir) / FONTS, dirs_exist_ok=True)


def setup(app):
    app.add_html_math_renderer(RENDERER, (html_visit_math, None), (html_visit_displaymath, None))
    app.connect("html-page-context", typeset_page)
    app.connect("build-finished", copy_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
