"""Figure numbers and numbered references without unpickling pages again and again (a Sphinx extension).

After reading, every build (even one that read nothing) numbers the figures, tables and captioned code
of the whole toctree by loading each page's doctree and walking it: a fifth of a second and more of each
rebuild of this book, whose doctrees are large. All the walk uses of a page is its *outline*: its
sections, its toctrees and its numbered nodes, in order. The outline changes only when the page is read
again, so it is kept in the environment with the time the page was read, and the numbering walks
outlines. The numbering itself is Sphinx 7's ``TocTreeCollector.assign_figure_numbers``, step for step;
``tests/book/test_figure_numbers.py`` holds the two to the same numbers.

A numbered reference (``{numref}``) also loads the whole doctree of the page it points to, once per
reference: the teacher's guide's references to every chapter's exercises loaded each chapter again
for each exercise. Pages do not change while they are written, so each is loaded once per process.
"""

from __future__ import annotations

import types

from docutils import nodes
from sphinx import addnodes
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util import url_re


def figure_type(env, node: nodes.Element) -> str | None:
    """The kind of number ``node`` takes ("figure", "table", "code-block", ...), or None: Sphinx's rule,
    which skips the standard domain's nodes that have no caption."""
    for domain in env.domains.values():
        figtype = domain.get_enumerable_node_type(node)
        if domain.name == "std" and not domain.get_numfig_title(node):
            continue
        if figtype:
            return figtype
    return None


def outline(env, doctree: nodes.Element) -> list[tuple]:
    """What figure numbering reads of a doctree, in document order: ``("section", anchor, [outline])``,
    ``("toctree", [page, ...])`` and ``("number", figtype, node id)``."""
    items: list[tuple] = []
    for node in doctree.children:
        if isinstance(node, nodes.section):
            items.append(("section", "#" + node["ids"][0], outline(env, node)))
        elif isinstance(node, addnodes.toctree):
            pages = [page for _title, page in node["entries"] if not url_re.match(page) and page != "self"]
            items.append(("toctree", pages))
        elif isinstance(node, nodes.Element):
            figtype = figure_type(env, node)
            if figtype and node["ids"]:
                items.append(("number", figtype, node["ids"][0]))
            items.extend(outline(env, node))
    return items


def _outline_of(env, docname: str) -> list[tuple]:
    kept = env.__dict__.setdefault("explainers_outlines", {})
    read_at = env.all_docs.get(docname)
    if docname not in kept or kept[docname][0] != read_at:
        kept[docname] = (read_at, outline(env, env.get_doctree(docname)))
    return kept[docname][1]


def assign_figure_numbers(self, env) -> list[str]:
    """``TocTreeCollector.assign_figure_numbers``, walking kept outlines: the pages whose numbers changed."""
    generated = frozenset(env.domains["std"]._virtual_doc_names)
    old, env.toc_fignumbers = env.toc_fignumbers, {}
    if not env.config.numfig:
        return []
    counters: dict[str, dict[tuple[int, ...], int]] = {}
    walked: set[str] = set()

    def section_number(docname: str, anchor: str) -> tuple[int, ...]:
        numbers = env.toc_secnumbers.get(docname, {})
        return (numbers[anchor] if anchor in numbers else numbers.get("")) or ()

    def walk(docname: str, items: list[tuple], secnum: tuple[int, ...]) -> None:
        for item in items:
            if item[0] == "section":
                walk(docname, item[2], section_number(docname, item[1]) or secnum)
            elif item[0] == "toctree":
                for page in item[1]:
                    if page not in generated:
                        walk_page(page, secnum)
            else:
                _, figtype, node_id = item
                prefix = secnum[:env.config.numfig_secnum_depth]
                counter = counters.setdefault(figtype, {})
                counter[prefix] = counter.get(prefix, 0) + 1
                env.toc_fignumbers.setdefault(docname, {}).setdefault(figtype, {})[node_id] = \
                    (*prefix, counter[prefix])

    def walk_page(docname: str, secnum: tuple[int, ...]) -> None:
        if docname not in walked:
            walked.add(docname)
            walk(docname, _outline_of(env, docname), secnum)

    walk_page(env.config.root_doc, ())
    kept = env.__dict__.get("explainers_outlines", {})
    for gone in set(kept) - set(env.all_docs):
        del kept[gone]
    return [docname for docname, numbers in env.toc_fignumbers.items() if numbers != old.get(docname)]


class _EnvReadingDoctreesOnce:
    """The build environment, but for ``get_doctree``, which loads each page once (for read-only use)."""

    def __init__(self, env, doctrees: dict):
        self._env, self._doctrees = env, doctrees

    def get_doctree(self, docname: str):
        if docname not in self._doctrees:
            self._doctrees[docname] = self._env.get_doctree(docname)
        return self._doctrees[docname]

    def __getattr__(self, name):
        return getattr(self._env, name)


def read_referenced_pages_once(app) -> None:
    """Resolve numbered references with an environment that loads each target page once per process."""
    std = app.env.get_domain("std")
    resolve, doctrees = std._resolve_numref_xref, {}

    def resolve_numref(env, *args, **kwargs):
        return resolve(_EnvReadingDoctreesOnce(env, doctrees), *args, **kwargs)

    std._resolve_numref_xref = resolve_numref


def setup(app):
    app.connect("builder-inited", read_referenced_pages_once)
    for listener in app.events.listeners.get("env-get-updated", []):
        collector = getattr(listener.handler, "__self__", None)
        if isinstance(collector, TocTreeCollector):
            collector.assign_figure_numbers = types.MethodType(assign_figure_numbers, collector)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
