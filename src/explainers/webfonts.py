"""Fonts served by the site itself, cut down to the characters the built pages use.

The figures' font: frames keep their text as text, laid out by matplotlib with DejaVu Sans metrics.
A reader whose device lacks DejaVu would get another font with other widths, and labels sized to fit
would overflow. So the build writes small WOFF2 subsets of the DejaVu faces matplotlib ships, holding
only the characters the built figures use, to ``_static/fonts/`` (``custom.css`` declares them,
trying the reader's own copy first). Nothing is fetched from another host.

The theme's icons: pydata-sphinx-theme ships the whole Font Awesome set (the solid face alone is
156 kB, the largest file a chapter loaded, fetched before the text could be shown with its icons).
The build cuts each face down to the icons the site can show (``icon_codepoints``), under the same
file names, and drops the other icons' rules from the theme's stylesheet, which every page waits for.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
from importlib import metadata
from pathlib import Path

import pydata_sphinx_theme

from explainers.files import cache_directory, keep_newest, write_atomically

#: file written -> matplotlib's font file it is cut from
FACES = {
    "dejavu-sans.woff2": "DejaVuSans.ttf",
    "dejavu-sans-bold.woff2": "DejaVuSans-Bold.ttf",
    "dejavu-sans-mono.woff2": "DejaVuSansMono.ttf",
}

_TEXT = re.compile(r"<text[^>]*>([^<]*)<\\?/text>")  # in JSON, "</" is written "<\/"


def _each_file(paths, extract, memo: dict | None) -> list:
    """``extract(text)`` of each file, taken from ``memo`` (path -> [mtime, size, result]) for a file whose
    modification time and size are the ones recorded: a rebuild rewrites a few pages, not all."""
    results = []
    for path in paths:
        status = Path(path).stat()
        recorded = memo.get(str(path)) if memo is not None else None
        if recorded and recorded[:2] == [status.st_mtime_ns, status.st_size]:
            results.append(recorded[2])
            continue
        result = extract(Path(path).read_text(encoding="utf-8", errors="replace"))
        if memo is not None:
            memo[str(path)] = [status.st_mtime_ns, status.st_size, result]
        results.append(result)
    return results


def _characters(text: str) -> str:
    return "".join(sorted({c for run in _TEXT.findall(text) for c in html.unescape(run.replace('\\"', '"'))}))


def figure_characters(pages, memo: dict | None = None) -> str:
    """Every character of figure text in the given files (HTML pages, frames' scripts), sorted."""
    return "".join(sorted(set().union(*_each_file(pages, _characters, memo))))


def write_subsets(characters: str, folder: Path) -> list[Path]:
    """WOFF2 subsets of every face in ``FACES`` holding ``characters`` (plus ASCII), in ``folder``."""
    if not isinstance(characters, str):
        raise TypeError(f"characters must be a str, got {type(characters).__name__}")
    import matplotlib  # imported here, as fontTools below: most builds subset nothing (see _subset_once)
    from fontTools import subset

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    folder.mkdir(parents=True, exist_ok=True)
    text = characters + "".join(map(chr, range(0x20, 0x7F)))
    written = []
    for name, source in FACES.items():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["kern", "liga"]
        options.name_IDs = []  # the names are not needed to render, and they are most of a small file
        font = subset.load_font(str(ttf / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        subset.save_font(font, str(folder / name), options)
        written.append(folder / name)
    return written


THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
#: the theme's Font Awesome faces, as shipped (the site's copies are overwritten by subsets)
ICON_FONTS = THEME_STATIC / "vendor" / "fontawesome" / "webfonts"
ICON_FONTS_IN_SITE = Path("_static") / "vendor" / "fontawesome" / "webfonts"
#: the theme's stylesheet, which carries Font Awesome's whole catalogue of icon classes
THEME_CSS = Path("styles") / "pydata-sphinx-theme.css"
#: one entry of that catalogue: ``.fa-bars:before,.fa-navicon:before{content:"\f0c9"}``
_ICON_RULE = re.compile(r'((?:\.fa-[\w-]+::?before,?)+)\{content:"\\([0-9a-f]{4,5})"\}')
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9-]+")
#: an icon written straight into CSS, as a character of the private use area or as its escape
_ICON_IN_CSS = re.compile(r'[\ue000-\uf8ff]|\\([ef][0-9a-f]{3})(?![0-9a-f])')


def icon_codepoints(site: Path, memo: dict | None = None) -> set[int]:
    """Every Font Awesome icon the built site can show: the classes (``fa-bars``) named in its HTML
    and scripts, and the icons its stylesheets use directly (the theme's admonition and link icons)."""
    site = Path(site)
    if not site.is_dir():
        raise ValueError(f"site must be a built site's folder, got {site}")
    catalogue = {}
    for selectors, code in _ICON_RULE.findall((THEME_STATIC / THEME_CSS).read_text(encoding="utf-8")):
        for name in re.findall(r"\.(fa-[\w-]+)::?before", selectors):
            catalogue[name] = int(code, 16)

    def in_css(text: str) -> list[int]:
        return sorted({int(m.group(1), 16) if m.group(1) else ord(m.group(0))
                       for m in _ICON_IN_CSS.finditer(_ICON_RULE.sub("", text))})

    def named(text: str) -> list[str]:
        return sorted(set(_ICON_CLASS.findall(text)))

    direct = set().union(*_each_file(sorted(site.joinpath("_static").rglob("*.css")), in_css, memo))
    pages = sorted([*site.rglob("*.html"), *site.joinpath("_static").rglob("*.js")])
    names = set().union(*_each_file(pages, named, memo))
    return direct | {catalogue[name] for name in names if name in catalogue}


def trimmed_theme_css(codepoints: set[int]) -> str:
    """The theme's stylesheet without the catalogue entries of icons left out of the fonts: a fifth of
    the stylesheet every page waits for before it shows anything."""
    return _ICON_RULE.sub(lambda m: m.group(0) if int(m.group(2), 16) in codepoints else "",
                          (THEME_STATIC / THEME_CSS).read_text(encoding="utf-8"))


def write_icon_subsets(codepoints: set[int], folder: Path) -> list[Path]:
    """Each Font Awesome face of the theme (WOFF2 and TrueType) cut to ``codepoints``, in ``folder``."""
    if not codepoints or not all(isinstance(c, int) for c in codepoints):
        raise ValueError(f"codepoints must be a non-empty set of ints, got {codepoints!r:.80}")
    from fontTools import subset

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(ICON_FONTS.glob("fa-*")):
        options = subset.Options()
        options.flavor = "woff2" if source.suffix == ".woff2" else None
        options.name_IDs = []
        options.ignore_missing_unicodes = True  # each face holds only some of the icons
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        subset.save_font(font, str(folder / source.name), options)
        written.append(folder / source.name)
    return written


def write_site_fonts(app, exception) -> None:
    """Sphinx ``build-finished`` hook: subset the figures' and the icons' fonts for the HTML just built."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = sorted(out.rglob("*.html")) + sorted((out / "_static" / "frames").rglob("*.js"))  # frames moved out
    stamps = Path(app.doctreedir) / "font-subsets"
    # What each file held when last read, as figure text and as icons: most files were not written again.
    scanned = stamps / "scanned.json"
    memo = json.loads(scanned.read_text()) if scanned.exists() else {}
    memo = {"characters": memo.get("characters", {}), "icons": memo.get("icons", {})}
    # Cut fonts are kept with the frames, across builds (clean ones too), unless that cache is off.
    cache = cache_directory()
    store = cache / "fonts" if cache is not None else stamps
    characters = figure_characters(pages, memo["characters"])
    _subset_once(store, characters, out, lambda: write_subsets(characters, out / "_static" / "fonts"))
    icons = icon_codepoints(out, memo["icons"])
    _subset_once(store, ",".join(map(str, sorted(icons))), out,
                 lambda: write_icon_subsets(icons, out / ICON_FONTS_IN_SITE))
    (out / "_static" / THEME_CSS).write_text(trimmed_theme_css(icons), encoding="utf-8")
    for files in memo.values():  # forget files that are gone
        for name in [name for name in files if not Path(name).is_file()]:
            del files[name]
    stamps.mkdir(parents=True, exist_ok=True)
    scanned.write_text(json.dumps(memo))


#: cut sets of fonts kept in a store; the oldest used beyond this are removed
KEPT_CUTS = 16


@functools.cache
def _cutter() -> bytes:
    """What a cut font depends on besides its characters: this code, and the fonts and subsetter it uses."""
    versions = " ".join(f"{name} {metadata.version(name)}"
                        for name in ("matplotlib", "pydata-sphinx-theme", "fonttools", "brotli"))
    return Path(__file__).read_bytes() + versions.encode()


def _subset_once(store: Path, content: str, site: Path, write) -> None:
    """Call ``write`` (which cuts fonts into ``site`` and returns the files it wrote) only for ``content``
    not cut before; else copy the files kept in ``store`` for that content over any that differ.

    Cutting takes about a second and most builds change no character of the figures and no icon; a
    clean build finds the fonts a previous build cut. Sphinx also copies the theme's full icon fonts
    over the subsets on most builds, so a kept cut is put back where a file's size differs.
    """
    kept = store / hashlib.sha256(_cutter() + content.encode()).hexdigest()[:32]
    try:
        files = json.loads((kept / "files.json").read_text())
    except (OSError, ValueError):
        files = None
    if files is not None and all((kept / Path(name).name).is_file() for name in files):
        for name in files:
            path, copy = site / name, kept / Path(name).name
            if not path.is_file() or path.stat().st_size != copy.stat().st_size:
                path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(copy, path)
        os.utime(kept)  # recently used: the last to be removed
        return
    written = write()
    try:  # a store that cannot be written (read-only, full) only costs the next build the cut
        for path in written:
            write_atomically(kept / path.name, path.read_bytes())
        write_atomically(kept / "files.json", json.dumps([p.relative_to(site).as_posix() for p in written]).encode())
        keep_newest(store, KEPT_CUTS)
    except OSError:
        pass


def setup(app):
    app.connect("build-finished", write_site_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
