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


def test_a_page_download_is_made_once_per_content_even_across_clean_builds(tmp_path, monkeypatch):
    from pathlib import Path

    from explainers import notebooks
    from explainers.files import CACHE_ENVIRONMENT

    monkeypatch.setenv(CACHE_ENVIRONMENT, str(tmp_path / "cache"))
    src = tmp_path / "src"
    (src / "book").mkdir(parents=True)
    (src / "_toc.yml").write_text("format: jb-book\nroot: book/page\n")
    (src / "book" / "references.bib").write_text("")
    page = src / "book" / "page.md"
    page.write_text("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
                    "    format_version: 0.13\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n"
                    "# A page\n\n```{code-cell} ipython3\n1 + 1\n```\n")

    def write(build: str) -> Path:
        out = tmp_path / build
        (out / "html" / "_sources" / "book").mkdir(parents=True)
        app = SimpleNamespace(
            srcdir=str(src), doctreedir=str(out / "doctrees"), outdir=str(out / "html"),
            config=SimpleNamespace(html_theme_options={"repository_url": "https://example.org/book",
                                                       "repository_branch": "main"}),
            env=SimpleNamespace(doc2path=lambda name: str(src / f"{name}.md"),
                                mystnb_config=SimpleNamespace(output_folder=str(out / "jupyter_execute"))))
        sphinxext.write_downloadable_notebook(app, "book/page", "page.html", {"ipynb_source": "book/page.ipynb"}, None)
        return out / "html" / "_sources" / "book" / "page.ipynb"

    first = write("first").read_text()
    assert "# A page" in first and "1 + 1" in first
    made, make = [], notebooks.chapter_notebook
    monkeypatch.setattr(notebooks, "chapter_notebook", lambda path: made.append(path) or make(path))
    assert write("clean").read_text() == first and made == []  # a clean build copies the one made before
    page.write_text(page.read_text().replace("# A page", "# An edited page"))
    assert "# An edited page" in write("edited").read_text() and len(made) == 1
