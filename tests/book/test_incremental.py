"""What an incremental build writes again: the sources appendix only when what it shows of a page changed."""

from types import SimpleNamespace

from docutils import nodes

from explainers import sphinxext


def _env(citations: dict, titles: dict):
    return SimpleNamespace(explainers_citations=dict(citations),
                           titles={page: nodes.title(text=t) for page, t in titles.items()},
                           found_docs={"book/sources", *titles})


def _rebuild(env, page: str, cites, title: str) -> list[str]:
    """Sphinx's order: purge the changed page, read it again, then ask which other pages to write."""
    app = SimpleNamespace()
    sphinxext.purge_citations(app, env, page)
    env.titles[page] = nodes.title(text=title)
    if cites is not None:
        env.explainers_citations[page] = cites
    return sphinxext.sources_updated(app, env)


CITES = [("v3.cost-usd", "fact-1", "The bill")]


def test_a_prose_edit_leaves_the_appendix_alone():
    env = _env({"book/cost-math": CITES}, {"book/cost-math": "The cost math"})
    assert _rebuild(env, "book/cost-math", list(CITES), "The cost math") == []


def test_a_new_or_moved_citation_rewrites_the_appendix():
    env = _env({"book/cost-math": CITES}, {"book/cost-math": "The cost math"})
    assert _rebuild(env, "book/cost-math", CITES + [("v3.gpus", "fact-2", "The bill")], "The cost math") \
        == ["book/sources"]
    env = _env({"book/cost-math": CITES}, {"book/cost-math": "The cost math"})
    assert _rebuild(env, "book/cost-math", [("v3.cost-usd", "fact-1", "Another section")], "The cost math") \
        == ["book/sources"]


def test_a_removed_citation_or_a_new_title_rewrites_the_appendix():
    env = _env({"book/cost-math": CITES}, {"book/cost-math": "The cost math"})
    assert _rebuild(env, "book/cost-math", None, "The cost math") == ["book/sources"]
    env = _env({"book/cost-math": CITES}, {"book/cost-math": "The cost math"})
    assert _rebuild(env, "book/cost-math", list(CITES), "What the run cost") == ["book/sources"]


def test_a_new_page_that_cites_rewrites_the_appendix():
    env = _env({}, {})
    assert _rebuild(env, "book/new", CITES, "A new page") == ["book/sources"]


def test_cross_reference_titles_are_kept_per_file_and_follow_an_edit(tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    from explainers import notebooks

    root = Path(__file__).resolve().parents[2]
    src = tmp_path / "src"
    shutil.copytree(root / "book", src / "book", ignore=shutil.ignore_patterns("_*", "*.py", "*.svg"))
    shutil.copy(root / "_toc.yml", src)

    def app():
        return SimpleNamespace(srcdir=str(src), doctreedir=str(tmp_path / "doctrees"))

    assert sphinxext._references(app()) == notebooks.references.__wrapped__(src)
    page = src / "book" / "cost-math.md"
    page.write_text(page.read_text().replace("# The cost math:", "# The bill:", 1))
    parse, parsed = notebooks.page_titles, []
    monkeypatch.setattr(notebooks, "page_titles", lambda text: parsed.append(text) or parse(text))
    edited = sphinxext._references(app())
    assert parsed == [page.read_text()]  # only the edited page is parsed again
    assert edited.titles["cost-math"].startswith("The bill:")
    monkeypatch.undo()
    assert edited == notebooks.references.__wrapped__(src)
