"""Sphinx glue for the facts ledger.

- ``{fact}`key``` puts a ledger value into prose, linked to its row in the appendix and
  flagged when its source is secondary or disputed.
- ``{ledger-table}`` with ``:chapter: N`` lists the ledger rows of chapter N, each row an
  anchor ``fact-<key>`` that the role links to.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from docutils import nodes
from docutils.parsers.rst import directives
from myst_nb.ext.glue.crossref import read_glue_cache
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective, SphinxRole

from explainers import __version__, ledger, notebooks


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>$|#])")


def escape_markdown(text: str) -> str:
    """Ledger text as literal MyST: "$5.3M ... $0.2M" must not become inline math."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def target_name(key: str) -> str:
    """The label of a fact's appendix row."""
    return f"fact-{key}"


class FactRole(SphinxRole):
    """``{fact}`v3.total-gpu-hours``` -> ``2.788M`` linked to its source row."""

    def run(self):
        key = self.text.strip()
        try:
            f = ledger.fact(key)
        except KeyError as err:
            msg = self.inliner.reporter.error(f"{{fact}}: {err.args[0]}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        ref = addnodes.pending_xref(self.rawtext, refdomain="std", reftype="ref", reftarget=target_name(key),
                                    refexplicit=True, refwarn=True, refdoc=self.env.docname)
        ref += nodes.Text(f.text())  # the std resolver renders it as the link text
        result = [ref]
        if f.flag:
            result.append(nodes.inline(f.flag, f.flag, classes=["fact-flag"]))
        return result, []


class ClaimRole(SphinxRole):
    """``{claim}`press.r1-cost-question``` -> the press article's exact words, in quotation marks."""

    def run(self):
        try:
            c = ledger.claim(self.text.strip())
        except KeyError as err:
            msg = self.inliner.reporter.error(f"{{claim}}: {err.args[0]}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [nodes.inline(c.quote, f"\u201c{c.quote}\u201d", classes=["press-claim"])], []


class LedgerTable(SphinxDirective):
    """A table of every ledger fact of one chapter, with source, locator and grade."""

    option_spec = {"chapter": directives.unchanged_required}

    def _cell(self, text: str | nodes.Node) -> nodes.entry:
        entry = nodes.entry()
        if isinstance(text, nodes.Node):
            entry += text
        else:
            entry += self.parse_text_to_nodes(text)
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
        for width in (18, 44, 24, 14):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += nodes.row("", *(self._cell(nodes.paragraph(text=t))
                                for t in ("Value", "What it is", "Source", "Grade")))
        group += head
        body = nodes.tbody()
        group += body
        for f in facts:
            row = nodes.row(ids=[nodes.make_id(target_name(f.key))], names=[target_name(f.key)])
            self.state.document.note_explicit_target(row)
            unit = f" {f.unit}" if f.unit and not isinstance(f.value, str) else ""
            value = nodes.paragraph()
            value += nodes.strong(text=f.text())
            value += nodes.Text(unit)
            row += self._cell(value)
            # What the number is, in words; the data file's key last, for authors (a row number of the
            # team's research ledger would mean nothing to a student).
            what = [f"**{escape_markdown(f.label)}**."]
            for prefix, text in (("Includes", f.includes), ("Excludes", f.excludes),
                                 ("Derived", f.formula), ("Sources disagree", f.dispute)):
                if text:
                    what.append(f"{prefix}: {escape_markdown(text)}")
            what.append(f"Key in the data file: `{f.key}`")
            row += self._cell("\n\n".join(what))
            cites = "; ".join(f"{{cite:t}}`{key}`" for key in f.source)
            row += self._cell(f"{cites}; {escape_markdown(f.locator)}.")
            row += self._cell(f"**{f.grade}**: {ledger.GRADES[f.grade]}")
            body += row
        return [table]


class LedgerGrades(SphinxDirective):
    """The legend of confidence grades, from :data:`explainers.ledger.GRADES`."""

    def run(self):
        legend = nodes.definition_list(classes=["ledger-grades"])
        for grade, meaning in ledger.GRADES.items():
            item = nodes.definition_list_item()
            item += nodes.term(text=grade)
            definition = nodes.definition()
            definition += nodes.paragraph(text=meaning[0].upper() + meaning[1:] + ".")
            item += definition
            legend += item
        return [legend]


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


def write_downloadable_notebook(app, pagename, templatename, context, doctree) -> None:
    """Offer the chapter as a clean ``.ipynb``: jupytext's conversion of its source, with no outputs,
    its Markdown made readable in any Jupyter with the numbers this build glued (solutions kept, folded).

    The theme (when launch buttons are on) links ``_sources/<page>.ipynb`` from the download menu and
    fills it with the executed notebook, whose outputs carry every explorable's frames (megabytes).
    Runs after the theme's handler (priority 501) and replaces that file.
    """
    if context.get("ipynb_source"):
        glued = read_glue_cache(app.env.mystnb_config.output_folder, pagename)
        nb = notebooks.with_readable_markdown(notebooks.chapter_notebook(app.env.doc2path(pagename)),
                                              {key: out["data"]["text/plain"] for key, out in glued.items()},
                                              notebooks.references(Path(app.srcdir)))
        nb = notebooks.with_setup_cells(nb, app.config.html_theme_options["repository_url"])
        nbformat.write(nb, Path(app.outdir) / "_sources" / context["ipynb_source"])


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


def setup(app):
    app.add_role("fact", FactRole())
    app.add_role("claim", ClaimRole())
    app.add_directive("ledger-table", LedgerTable)
    app.add_directive("ledger-grades", LedgerGrades)
    app.connect("doctree-read", drop_widget_state)
    app.connect("html-page-context", fix_citation_roles)
    app.connect("html-page-context", drop_thebe_scripts)
    app.connect("html-page-context", write_downloadable_notebook, priority=502)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
