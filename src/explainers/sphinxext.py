"""The book's Sphinx extension: only hooks into the build; what they call lives in the package.

- The ledger in prose: ``{fact}`key``` puts a ledger value into the text, linked to its row in the appendix
  and flagged when its source is secondary or disputed; ``{claim}`` quotes a press claim. ``{ledger-table}``
  lists a chapter's rows (anchors ``fact-<key>``), each saying where the book cites it; ``{ledger-grades}``
  explains the grades.
- Previews: every page carries what its fact and glossary links show on hover, focus or tap
  (``_static/previews.js``); the search index keeps decimal numbers such as "5.576" whole.
- Notebooks: the download menu offers a readable ``.ipynb`` (:mod:`explainers.notebooks`), and the launch
  buttons open the same notebook, kept in ``notebooks/``.
- Pages: executed widget state is dropped (the explorables carry their own HTML), each figure's frames move
  to a file of their own, scripts are deferred, sphinx-thebe's unused scripts go, and bibliography entries
  get an ARIA role axe-core accepts.
- Faults: a malformed ledger stops the build before any page, naming file, key and field; a page whose
  download cannot be written says why and the build goes on to the other pages.
- The chapters' kernels learn they render the site (``EXPLAINERS_SITE_BUILD``): only then do explorables
  render every frame.
- Speed: pages are read in parallel (``scripts/jupyter-book-parallel``); frames stay out of the doctrees and
  the pickled environment; a rebuild formats the bibliography, rewrites the sources appendix and parses
  the pages' cross-reference titles only when what they come from changed
  (``tests/book/test_incremental_build.py`` checks that a rebuild writes what a clean build writes).
"""

from __future__ import annotations

import ast
import functools
import gc
import hashlib
import json
import os
import pickle
import re
import shutil
from html import escape
from importlib import metadata
from pathlib import Path

import nbformat
import pybtex.plugin
from docutils import nodes
from docutils.parsers.rst import directives
from myst_nb.ext.glue.crossref import read_glue_cache
from sphinx import addnodes
from sphinx.errors import ConfigError
from sphinx.search.en import SearchEnglish
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from explainers import SITE_BUILD, __version__, ledger, markdown, notebooks, toc
from explainers.files import cache_directory, folder_digest, keep_newest, write_atomically

logger = logging.getLogger(__name__)
SOURCES_DOC = "book/sources"
GLOSSARY_DOC = "book/glossary"
#: What each grade code is called where a student reads it; the legend explains each once.
GRADE_NAMES = {"P": "Primary", "P*": "Primary, via a copy", "D": "Derived", "S": "Secondary",
               "S(q)": "Secondary, quoting", "C": "Disputed"}


def target_name(key: str) -> str:
    """The label of a fact's appendix row."""
    return f"fact-{key}"


class FactRole(SphinxRole):
    """``{fact}`v3.total-gpu-hours``` -> ``2.788M`` linked to its source row."""

    def run(self):
        key = self.text.strip()
        try:
            f = ledger.fact(key)
            shown = f.text()
        except (KeyError, ValueError) as err:  # an unknown key, or a malformed row of the ledger
            msg = self.inliner.reporter.error(f"{{fact}}: {err.args[0]}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        ref = addnodes.pending_xref(self.rawtext, refdomain="std", reftype="ref", reftarget=target_name(key),
                                    refexplicit=True, refwarn=True, refdoc=self.env.docname)
        ref += nodes.Text(shown)  # the std resolver renders it as the link text
        # The wrapper's id is where the appendix row links back to; record_citations collects it.
        cite = nodes.inline(classes=["fact"], ids=[f"fact-cite-{self.env.new_serialno('fact') + 1}"])
        cite["fact_key"] = key
        cite += ref
        if f.flag:
            cite += nodes.inline(f.flag, f.flag, classes=["fact-flag"])
        return [cite], []


class ClaimRole(SphinxRole):
    """``{claim}`press.r1-cost-question``` -> the press article's exact words, in quotation marks."""

    def run(self):
        try:
            c = ledger.claim(self.text.strip())
        except KeyError as err:
            msg = self.inliner.reporter.error(f"{{claim}}: {err.args[0]}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [nodes.inline(c.quote, f"\u201c{c.quote}\u201d", classes=["press-claim"])], []


def grade_id(grade: str) -> str:
    """The id of a grade's entry in the legend, which every grade cell links to."""
    return nodes.make_id(f"grade-{GRADE_NAMES[grade]}")


def grade_text(grade: str) -> str:
    """A grade as a student reads it: ``'Primary (P)'``."""
    return f"{GRADE_NAMES[grade]} ({grade})"


class cited_in(nodes.General, nodes.Element):
    """Placeholder for a row's "Cited in" links, filled once every page has been read."""


class LedgerTable(SphinxDirective):
    """A table of every ledger fact of one chapter: what it is, its value, its source, its grade."""

    option_spec = {"chapter": directives.unchanged_required}

    def _cell(self, *content: str | nodes.Node) -> nodes.entry:
        entry = nodes.entry()
        for part in content:
            if isinstance(part, nodes.Node):
                entry += part
            else:
                entry += self.parse_text_to_nodes(part)
        return entry

    def run(self):
        chapter = self.options["chapter"]
        facts = [f for f in ledger.all_facts() if f.chapter == chapter]
        if not facts:
            raise self.error(f"no ledger facts for chapter {chapter!r}")
        self.env.note_dependency(str(ledger.DATA_PATH))

        table = nodes.table(classes=["ledger-table"])
        group = nodes.tgroup(cols=4)
        table += group
        for width in (50, 16, 20, 14):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += nodes.row("", *(self._cell(nodes.paragraph(text=t))
                                for t in ("What the number is", "Value", "Source", "Grade")))
        group += head
        body = nodes.tbody()
        group += body
        for f in facts:
            row = nodes.row(ids=[nodes.make_id(target_name(f.key))], names=[target_name(f.key)])
            self.state.document.note_explicit_target(row)
            what = [f"**{markdown.escape(f.label)}**"]
            for prefix, text in (("Includes", f.includes), ("Excludes", f.excludes),
                                 ("Derived", f.formula), ("Sources disagree", f.dispute)):
                if text:
                    what.append(f"{prefix}: {markdown.escape(text)}")
            # The key is how a notebook asks the package for the number: small, and free to wrap.
            key = nodes.paragraph(classes=["ledger-key"])
            key += nodes.Text("In the package: ")
            key += nodes.literal(text=f'ledger.fact("{f.key}")')
            row += self._cell("\n\n".join(what), cited_in(key=f.key), key)
            unit = f" {f.unit}" if f.unit and not isinstance(f.value, str) else ""
            value = nodes.paragraph()
            value += nodes.strong(text=f.text())
            value += nodes.Text(unit)
            row += self._cell(value)
            cites = "; ".join(f"{{cite:t}}`{key}`" for key in f.source)
            row += self._cell(f"{cites}; {markdown.escape(f.locator)}.")
            grade = nodes.paragraph()
            grade += nodes.reference("", grade_text(f.grade), refid=grade_id(f.grade))
            row += self._cell(grade)
            body += row
        return [table]


class LedgerGrades(SphinxDirective):
    """The legend of confidence grades, from :data:`explainers.ledger.GRADES`: each grade's name, code
    and meaning, once, as the target of every grade cell."""

    def run(self):
        legend = nodes.definition_list(classes=["ledger-grades"])
        for grade, meaning in ledger.GRADES.items():
            item = nodes.definition_list_item()
            item += nodes.term(text=grade_text(grade), ids=[grade_id(grade)])
            definition = nodes.definition()
            definition += nodes.paragraph(text=meaning[0].upper() + meaning[1:] + ".")
            item += definition
            legend += item
        return [legend]


def _section_title(node: nodes.Node) -> str:
    """The title of the innermost section below the page title that holds ``node`` ('' at the top)."""
    while node is not None:
        if isinstance(node, nodes.section) and isinstance(node.parent, nodes.section):
            return node[0].astext()
        node = node.parent
    return ""


def _first_sentence(definition: nodes.Element) -> str:
    """A glossary definition's first line (one sentence per line), without its chapter reference."""
    paragraph = next(iter(definition.findall(nodes.paragraph)), None)
    if paragraph is None:
        return ""
    paragraph = paragraph.deepcopy()
    for xref in list(paragraph.findall(addnodes.pending_xref)):
        if xref.get("reftype") in ("ref", "doc") and not xref.get("refexplicit"):
            xref.parent.remove(xref)
    line = paragraph.astext().split("\n")[0]
    return re.sub(r"\s*\((?:[\s,]|and)*\)", "", line)


def record_citations(app, doctree) -> None:
    """Note where each fact is cited (page, id, section) and, on the glossary page, each term's definition."""
    env = app.env
    cites = [(node["fact_key"], node["ids"][0], _section_title(node))
             for node in doctree.findall(nodes.inline) if "fact_key" in node]
    if cites:
        env.explainers_citations = getattr(env, "explainers_citations", {})
        env.explainers_citations[env.docname] = cites
    if env.docname == GLOSSARY_DOC:
        env.explainers_terms = {term["ids"][0]: (term.astext(), _first_sentence(item[-1]))
                                for item in doctree.findall(nodes.definition_list_item)
                                for term in item.findall(nodes.term) if term["ids"]}


def _citing(env, docname) -> tuple:
    """What the appendix shows of a page: its title and its citations."""
    title = env.titles.get(docname)
    return (title.astext() if title else None, getattr(env, "explainers_citations", {}).get(docname))


def purge_citations(app, env, docname) -> None:
    """Forget a page that changed or went, remembering what the appendix showed of it."""
    if docname != SOURCES_DOC:
        app.explainers_citing_before = getattr(app, "explainers_citing_before", {})
        app.explainers_citing_before[docname] = _citing(env, docname)
    getattr(env, "explainers_citations", {}).pop(docname, None)


def merge_citations(app, env, docnames, other) -> None:
    env.explainers_citations = getattr(env, "explainers_citations", {})
    for docname in docnames:
        if docname in getattr(other, "explainers_citations", {}):
            env.explainers_citations[docname] = other.explainers_citations[docname]
    if docnames and GLOSSARY_DOC in docnames:
        env.explainers_terms = other.explainers_terms


def sources_updated(app, env) -> list[str]:
    """Write the appendix again when a page read or removed in this build has a new title, or cites other
    facts, or the same facts from other places: its "Cited in" links come from every page. Only written:
    its own doctree is unchanged, and re-reading it would cost seconds."""
    before = getattr(app, "explainers_citing_before", {})
    stale = any(_citing(env, page) != shown for page, shown in before.items())
    return [SOURCES_DOC] if stale and SOURCES_DOC in env.found_docs else []


def _short_title(app, page: str) -> str:
    """A page's name in a list of links: its title up to any colon; the root page is the introduction."""
    if page == app.config.root_doc:
        return "Introduction"
    return app.env.titles[page].astext().split(":")[0]


def fill_cited_in(app, doctree, docname) -> None:
    """Replace each row's placeholder with links to every section that cites the row's fact."""
    placeholders = list(doctree.findall(cited_in))
    if not placeholders:
        return
    places: dict[str, list[tuple[str, str, str]]] = {}
    # In the toc's order, so the links read as the book does.
    pages = [app.config.root_doc, *app.env.toctree_includes.get(app.config.root_doc, [])]
    order = {page: n for n, page in enumerate(pages)}
    citations = getattr(app.env, "explainers_citations", {})
    for page in sorted(citations, key=lambda p: (order.get(p, len(order)), p)):
        seen = set()
        for key, anchor, section in citations[page]:
            if (key, section) not in seen:  # one link per section: to the first citing sentence
                seen.add((key, section))
                places.setdefault(key, []).append((page, anchor, section))
    for node in placeholders:
        found = places.get(node["key"], [])
        if not found:
            node.parent.remove(node)
            continue
        para = nodes.paragraph(classes=["ledger-cited"])
        para += nodes.Text("Cited in: ")
        for n, (page, anchor, section) in enumerate(found):
            if n:
                para += nodes.Text("; ")
            title = _short_title(app, page)
            text = f"{title}: {section}" if section else title
            uri = app.builder.get_relative_uri(docname, page) + "#" + anchor
            para += nodes.reference("", text, refuri=uri, internal=True)
        para += nodes.Text(".")
        node.replace_self(para)


def fact_preview(f: ledger.Fact, refs: notebooks.References) -> tuple[str, str]:
    """What a fact link says on hover, focus or tap: what the number is, then its grade and source."""
    sources = "; ".join(" ".join(refs.citations.get(k, (k, ""))).strip() for k in f.source)
    return f.label, f"{grade_text(f.grade)} source: {sources}, {f.locator}."


def _references(app) -> notebooks.References:
    """:func:`explainers.notebooks.references` for this book, from what each file gave while its text (and
    the code that reads it) was unchanged, kept beside the doctrees: parsing every page's Markdown again
    took a tenth of a second of a rebuild that changed one page."""
    known = getattr(app, "explainers_references", None)  # the sources do not change during a build
    if known is not None:
        return known
    root = Path(app.srcdir)
    store = Path(app.doctreedir) / "references.pickle"
    try:
        kept = pickle.loads(store.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):
        kept = {}
    reader = Path(notebooks.__file__).read_bytes()
    used = {}

    def parsed(path: Path, parse):
        text = path.read_bytes()
        key = hashlib.sha256(reader + text).hexdigest()
        used[key] = kept[key] if key in kept else parse(text.decode())
        return used[key]

    titles = {}
    for page in toc.notebook_pages(root, notebooks_only=False):
        titles.update(parsed(root / f"{page}.md", notebooks.page_titles))
    refs = notebooks.References(titles, parsed(root / "book" / "references.bib", notebooks.citation_names))
    if used.keys() != kept.keys():
        write_atomically(store, pickle.dumps(used))
    app.explainers_references = refs
    return refs


def add_previews(app, doctree, docname) -> None:
    """Append to the page the previews of the facts and glossary terms it links to, as JSON
    ``{anchor: [title, text]}``."""
    refs = _references(app)
    terms = getattr(app.env, "explainers_terms", {})
    previews = {}
    for node in doctree.findall(nodes.inline):
        if "fact_key" in node:
            previews[nodes.make_id(target_name(node["fact_key"]))] = fact_preview(ledger.fact(node["fact_key"]), refs)
    for ref in doctree.findall(nodes.reference):
        anchor = ref.get("refid") or ref.get("refuri", "").partition("#")[2]  # refid: a link within the page
        if anchor in terms and "std-term" in (ref.children[0].get("classes", []) if ref.children else []):
            previews[anchor] = terms[anchor]
    if previews:
        data = json.dumps(previews, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
        doctree += nodes.raw("", f'<script type="application/json" id="explainers-previews">{data}</script>',
                             format="html")


def drop_widget_state(app, doctree) -> None:
    """Remove the saved ipywidgets state myst-nb would embed in the page.

    The static pages show each explorable's own HTML and load no widget JavaScript, so the
    state (tens of kB per page) would be dead weight.
    """
    metadata = getattr(app.env, "nb_metadata", {}).get(app.env.docname, {})
    metadata.get("js_files", {}).pop("ipywidgets_state", None)


def fix_citation_roles(app, pagename, templatename, context, doctree) -> None:
    """Give bibliography entries the list-item role their ``role="list"`` parent requires.

    docutils marks them ``doc-biblioentry``, a DPUB-ARIA role now deprecated, which axe-core
    reports as a critical ``aria-required-children`` violation.
    """
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
        # myst-nb's toggle for a hidden solution cell: its label must be the words it shows (axe-core's
        # label-content-name-mismatch), so let the visible text name it.
        context["body"] = context["body"].replace('<summary aria-label="Toggle hidden content">', "<summary>")


def write_downloadable_notebook(app, pagename, templatename, context, doctree) -> None:
    """Offer the chapter as a clean ``.ipynb``: jupytext's conversion of its source, with no outputs,
    its Markdown made readable in any Jupyter with the numbers this build glued (solutions kept, folded),
    after two cells that say what it needs and install the book's package where it is missing.

    The theme (when launch buttons are on) links ``_sources/<page>.ipynb`` from the download menu and
    fills it with the executed notebook, whose outputs carry every explorable's frames (megabytes).
    Runs after the theme's handler (priority 501) and replaces that file.
    """
    if not context.get("ipynb_source"):
        return
    target = Path(app.outdir) / "_sources" / context["ipynb_source"]
    source, theme, refs = Path(app.env.doc2path(pagename)), app.config.html_theme_options, _references(app)
    try:
        glued = {key: out["data"]["text/plain"]
                 for key, out in read_glue_cache(app.env.mystnb_config.output_folder, pagename).items()}
    except (KeyError, ValueError) as err:
        return _no_download(pagename, err)
    # The notebook is a pure function of these and of the package (whose functions it shows): one made
    # by an earlier build is copied, where making one takes a twentieth of a second per page.
    inputs = [source.read_text(), glued, refs.titles, refs.citations, theme["repository_url"],
              theme["repository_branch"], _package_digest(),
              *(metadata.version(name) for name in ("nbformat", "jupytext", "myst-nb"))]
    cache = cache_directory()
    store = cache / "downloads" if cache is not None else Path(app.doctreedir) / "downloads"
    kept = store / f"{hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:32]}.ipynb"
    try:
        shutil.copyfile(kept, target)
        os.utime(kept)  # recently used: the last to be removed
        return
    except OSError:
        pass  # not made before
    try:
        nb = notebooks.with_readable_markdown(notebooks.chapter_notebook(source), glued, refs)
    except (KeyError, ValueError) as err:
        return _no_download(pagename, err)
    nb = notebooks.with_setup_cells(nb, theme["repository_url"], theme["repository_branch"])
    nbformat.write(nb, target)
    try:  # a store that cannot be written only costs the next build the making
        write_atomically(kept, target.read_bytes())
        keep_newest(store, KEPT_DOWNLOADS)
    except OSError:
        pass


def _no_download(pagename: str, err: Exception) -> None:
    # The page's own errors (an unknown fact or citation, a failed cell's missing glue) are reported
    # where they are; say why the download is missing and let the build go on to the other pages.
    logger.warning(f"no notebook download for this page: {err.args[0]}", location=pagename,
                   type="explainers", subtype="download")


#: page downloads kept in the build's cache; the oldest used beyond this are removed
KEPT_DOWNLOADS = 256


@functools.cache
def _package_digest() -> str:
    return folder_digest(Path(notebooks.__file__).parent)


def drop_thebe_scripts(app, pagename, templatename, context, doctree):
    """Load no sphinx-thebe script: the book runs code in Binder or a hub, never in the page through thebe.

    Jupyter Book always loads sphinx-thebe, which adds its inline configuration twice under Sphinx 7
    (``Identifier 'THEBE_JS_URL' has already been declared`` in every page's console) and a script that
    waits for a thebe button the book never shows.
    """
    def thebe(js) -> bool:
        return "sphinx-thebe" in (js.filename or "") or "THEBE_JS_URL" in js.attributes.get("body", "")

    if "script_files" in context:
        context["script_files"] = [js for js in context["script_files"] if not thebe(js)]
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"] if "sphinx-thebe" not in (css.filename or "")]


FRAMES_FOLDER = "_static/frames"
#: an explorable as the package writes it (interact/static.py): its figure tag, then its frames' JSON
_EXPLORABLE = re.compile(r'(<figure class="explorable" id="([^"]+)")(.*?)'
                         r'<script type="application/json" class="explorable-data">(.*?)</script>', re.S)
_FRAMES_DATA = re.compile(r'(<script type="application/json" class="explorable-data">)(.*?)(</script>)', re.S)
_STORED = "stored:"  # what stands in a doctree for frames kept in a file (see keep_frames_apart)


def _frames_store(app) -> Path:
    return Path(app.doctreedir) / "explainers-frames"


def keep_frames_apart(app, doctree) -> None:
    """Keep each explorable's frames in a file of their own beside the doctrees, not in its page's doctree.

    The frames are most of a chapter's bytes. In the doctree, every build that reads any page loaded
    them all again (Sphinx numbers figures across every doctree), and every exercise's entry in
    sphinx-exercise's registry, which holds its page's whole document, carried them into the pickled
    environment. The doctree keeps the file's name, ``<page>/<n>``: reading the page again rewrites its
    files, so the folder never grows. :func:`split_frames` reads the file when the page is written.
    """
    folder = _frames_store(app) / app.env.docname
    for old in folder.glob("*.json"):  # the page's frames as last read
        old.unlink()
    count = 0

    def keep(match: re.Match) -> str:
        nonlocal count
        start, data, end = match.groups()
        count += 1
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{count}.json").write_text(data, encoding="utf-8")
        return f"{start}{_STORED}{app.env.docname}/{count}{end}"

    for node in doctree.findall(nodes.raw):
        if "explorable-data" in node.astext():
            text = _FRAMES_DATA.sub(keep, node.astext())
            node.rawsource = text
            node[:] = [nodes.Text(text)]


def slim_exercise_registry(app, env) -> None:
    """Keep in sphinx-exercise's registry only what it reads back: each node's attributes and title.

    Each entry holds a copy of an exercise's node whose ``document`` is its page's whole doctree, so
    the pickled environment carried a copy of every page with an exercise (19 MB of 20 MB).
    """
    for entry in getattr(env, "sphinx_exercise_registry", {}).values():
        node = entry.get("node")
        if node is None or getattr(node, "explainers_slim", False):
            continue
        slim = node.copy()
        if node.children:
            slim += node[0].deepcopy()
        for part in slim.findall():
            part.document = None
        slim.explainers_slim = True
        entry["node"] = slim


def split_frames(app, pagename, templatename, context, doctree) -> None:
    """Move each explorable's frames out of its page into a script file of their own.

    The frames of every setting are most of a chapter's bytes (two-thirds of the largest, compressed),
    and a phone had to download and parse them all before it could show the first paragraph. The page
    keeps the figure as it first looks (its default frame is in the markup) and names its frames'
    file in ``data-frames``; ``explorable.js`` loads that file when the figure comes near the screen,
    when a control is touched, or once the page has loaded. A script file, unlike ``fetch``, also
    loads from a copy of the site opened from disk.
    """
    body = context.get("body", "")
    if "explorable-data" not in body:
        return
    folder = Path(app.outdir) / FRAMES_FOLDER / pagename
    folder.mkdir(parents=True, exist_ok=True)

    def move(match: re.Match) -> str:
        tag, figure_id, inside, data = match.groups()
        if data.startswith(_STORED):
            data = (_frames_store(app) / f"{data.removeprefix(_STORED)}.json").read_text(encoding="utf-8")
        script = f"explainersFrames({json.dumps(figure_id)}, {data});\n"
        (folder / f"{figure_id}.js").write_text(script, encoding="utf-8")
        version = hashlib.sha256(script.encode()).hexdigest()[:10]  # a new file name for new frames
        url = context["pathto"](f"{FRAMES_FOLDER}/{pagename}/{figure_id}.js", 1) + f"?v={version}"
        return f'{tag} data-frames="{escape(url)}"{inside}'

    context["body"] = _EXPLORABLE.sub(move, body)


def defer_scripts(app, pagename, templatename, context, doctree) -> None:
    """Load every script file with ``defer``: the page is drawn before any script runs.

    Sphinx and its extensions put their scripts in the head without ``defer``, so a phone waits for
    each of them before it shows any text. Deferred scripts still run in document order, after the
    page is parsed and before ``DOMContentLoaded``, which is when these scripts start their work.
    Inline scripts (settings such as ``toggleHintShow``) keep running where they stand, before the
    files that read them. The search page is left as it is: the theme's template adds Sphinx's search
    scripts there without ``defer``, and they need ``documentation_options.js`` to have run first.
    """
    scripts = context.get("script_files")
    if scripts is None or pagename == "search":
        return
    context["script_files"] = [
        js if not js.filename or {"async", "defer"} & set(js.attributes)
        else type(js)(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})
        for js in scripts]


class SearchEnglishNumbers(SearchEnglish):
    """English search that keeps a decimal number whole, so searching "5.576" finds "$5.576M".

    Sphinx splits words at every non-word character, which turns "5.576" into "5" and "576", and the
    search page then drops the all-digit "5". Both sides split alike: the index here, the query in
    ``splitQuery`` (the search page uses this function when language_data.js defines it).
    """

    _word_re = re.compile(r"\d+(?:[.,]\d+)+|\w+")
    js_splitter_code = r"""
function splitQuery(query) {
  return query.match(/\p{Number}+(?:[.,]\p{Number}+)+|[\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu) || [];
}
"""


def label_downloads(app, pagename, templatename, context, doctree) -> None:
    """Say in the download menu what each file needs: the .md opens as a notebook only with Jupytext."""
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []):
            if button.get("label") == "download-source-button" and button.get("text") == ".md":
                button["text"] = ".md (needs Jupytext)"
                button["tooltip"] = ("Download the MyST Markdown source; Jupyter opens it as a notebook "
                                     "only with the Jupytext extension installed")
            elif button.get("label") == "download-notebook-button":
                button["tooltip"] = ("Download as a Jupyter notebook; its first cell installs the book's "
                                     "Python package if it is missing")


def launch_live_notebooks(app, pagename, templatename, context, doctree) -> None:
    """Send the launch buttons to the page's readable notebook in ``notebooks/``, not to its ``.md``.

    JupyterLab shows a chapter's MyST roles (``{fact}``, ``{glue:text}``...) as raw markup; the readable
    notebook has them as the site shows them, and saving it leaves the chapter's source alone.
    """
    source = f"/{pagename}.md"
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []):
            if group.get("label") == "launch-buttons" and source in button.get("url", ""):
                button["url"] = button["url"].replace(source, f"/{notebooks.live_notebook(pagename)}")


def check_ledger(app) -> None:
    """Read the ledger before any page: a malformed data file stops the build at once, with every faulty
    row named (file, key, field), instead of failing in each page that quotes it."""
    try:
        ledger.all_facts()
        ledger.all_claims()
        ledger.timeline()
    except ledger.LedgerError as err:
        raise ConfigError(str(err)) from None
    except ValueError as err:  # a timeline entry
        raise ConfigError(f"{ledger.DATA_PATH}: {err}") from None


def _remember_bibtex_backend() -> None:
    """sphinxcontrib-bibtex looks up pybtex's plain-text backend for every citation it resolves, and each
    look-up scans the metadata of every installed package (about 10 ms): the sources appendix's citations
    alone took 5 s of every rebuild. Registered at run time, the same class is found at once."""
    plaintext = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    pybtex.plugin.register_plugin("pybtex.backends", "plaintext", plaintext, force=True)


def _bibliography_inputs(domain) -> str:
    """A hash of everything sphinxcontrib-bibtex's ``env_updated`` formats the bibliography from: the
    bibtex settings, the page order, every bibliography directive, the keys each page cites, in order,
    and the .bib files' bytes."""
    from sphinxcontrib.bibtex.domain import get_docnames

    env = domain.env
    cited: dict[str, list[str]] = {}
    for ref in domain.citation_refs:
        cited.setdefault(ref.docname, []).extend(target.key for target in ref.targets)
    directives = [(key.docname, key.id_, [str(f) for f in value.bibfiles], value.style, value.list_,
                   value.enumtype, value.start, value.labelprefix, value.keyprefix, ast.dump(value.filter_),
                   sorted((k, list(node["ids"])) for k, node in value.citation_nodes.items()), list(value.keys))
                  for key, value in sorted(domain.bibliographies.items())]
    settings = [(name, repr(env.config[name])) for name in sorted(env.config.values) if name.startswith("bibtex_")]
    bibfiles = sorted({f for value in domain.bibliographies.values() for f in value.bibfiles})
    digest = hashlib.sha256(repr((settings, list(get_docnames(env)), directives, sorted(cited.items()))).encode())
    for path in bibfiles:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def keep_formatted_bibliography(app, config) -> None:
    """Format the bibliography only when what it is formatted from changed.

    sphinxcontrib-bibtex formats every entry of ``references.bib`` twice (entry and tooltip) on every
    build, even one that read no page: 0.75 s of a prose edit's rebuild. The formatted citations are kept
    in the pickled environment already; this reuses them when :func:`_bibliography_inputs` is unchanged.
    A formatting that warned is never reused, so a strict build reports its warnings every time.
    """
    from sphinxcontrib.bibtex.domain import BibtexDomain

    class BibtexDomainFormattingOnce(BibtexDomain):
        def env_updated(self):
            inputs = _bibliography_inputs(self)
            if self.data.get("explainers_inputs") == inputs and self.citations:
                return []
            warnings = getattr(app, "_warncount", None)
            updated = super().env_updated()
            clean = warnings is not None and app._warncount == warnings
            self.data["explainers_inputs"] = inputs if clean else None
            return updated

    app.add_domain(BibtexDomainFormattingOnce, override=True)


def declare_multitoc_numbering_parallel_safe(app) -> None:
    """sphinx-external-toc always loads sphinx-multitoc-numbering, which does not say whether it may read
    pages in parallel, so Sphinx reads serially. It only replaces how section numbers are assigned,
    which Sphinx does in the main process after every page is read: it is safe."""
    extension = app.extensions.get("sphinx_multitoc_numbering")
    if extension is not None and extension.parallel_read_safe is None:
        extension.parallel_read_safe = True


def freeze_startup_objects(app) -> None:
    """Leave what the build has loaded before reading (extensions, the ledger, the pickled environment)
    out of every later cycle collection: they live until the end, and walking them again and again
    took a tenth of a rebuild after a prose edit."""
    gc.collect()
    gc.freeze()


def create_execution_cache(app, env, docnames) -> None:
    """Create jupyter-cache's database before pages are read in parallel: each reading process would
    otherwise find none and create it at the same time as another, and one of them fails."""
    config = getattr(env, "mystnb_config", None)
    if app.parallel > 1 and docnames and config is not None and config.execution_mode == "cache":
        from jupyter_cache import get_cache

        get_cache(config.execution_cache_path).db  # noqa: B018 (opening the database creates its tables)


def setup(app):
    _remember_bibtex_backend()
    # Before any chapter runs: the kernels that execute the pages inherit it and render every frame.
    os.environ[SITE_BUILD] = "1"
    app.add_search_language(SearchEnglishNumbers)
    app.add_node(cited_in)
    app.add_js_file("previews.js", defer="defer")
    app.add_role("fact", FactRole())
    app.add_role("claim", ClaimRole())
    app.add_directive("ledger-table", LedgerTable)
    app.add_directive("ledger-grades", LedgerGrades)
    app.connect("config-inited", keep_formatted_bibliography)
    app.connect("builder-inited", check_ledger)
    app.connect("builder-inited", declare_multitoc_numbering_parallel_safe)
    app.connect("builder-inited", freeze_startup_objects, priority=900)  # after the other extensions' setup
    app.connect("doctree-read", drop_widget_state)
    app.connect("doctree-read", keep_frames_apart)
    app.connect("env-updated", slim_exercise_registry)
    app.connect("doctree-read", record_citations)
    app.connect("env-purge-doc", purge_citations, priority=400)  # before Sphinx forgets the title
    app.connect("env-merge-info", merge_citations)
    app.connect("env-before-read-docs", create_execution_cache)
    app.connect("env-get-updated", sources_updated)
    app.connect("doctree-resolved", fill_cited_in)
    app.connect("doctree-resolved", add_previews)
    app.connect("html-page-context", label_downloads, priority=502)
    app.connect("html-page-context", launch_live_notebooks, priority=502)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("html-page-context", drop_thebe_scripts)
    app.connect("html-page-context", defer_scripts, priority=900)
    app.connect("html-page-context", split_frames)
    app.connect("html-page-context", write_downloadable_notebook, priority=502)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
