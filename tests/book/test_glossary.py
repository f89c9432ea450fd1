"""The glossary: every term defined once, linked from the chapters, and every link landing on its entry."""

import re
from html import unescape
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "book" / "glossary.md"
TERM_ROLE = re.compile(r"\{term\}`([^`<]+?)(?:\s*<([^>]+)>)?`")
TERM_LINK = re.compile(r'<a class="reference internal" href="glossary\.html#(term-[^"]+)">'
                       r'<span class="xref std std-term">([^<]*)</span></a>')
MIN_LINKS_PER_CHAPTER = 10


def glossary_terms(text: str) -> list[str]:
    """The terms of the page's one {glossary} directive: its unindented lines (definitions are indented)."""
    blocks = re.findall(r"^```\{glossary\}\n(.*?)^```$", text, re.S | re.M)
    assert len(blocks) == 1, "glossary.md should hold exactly one {glossary} directive"
    return [line for line in blocks[0].splitlines() if line.strip() and not line[0].isspace()]


def toc_chapters() -> list[str]:
    """The root page and the chapters of the toc's first part: the pages that should link terms."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [chapter["file"] for chapter in toc["parts"][0]["chapters"]]


def term_roles(text: str) -> list[tuple[str, str]]:
    """Each {term} role of a page as (shown text, target term)."""
    return [(shown.strip(), (target or shown).strip()) for shown, target in TERM_ROLE.findall(text)]


TERMS = glossary_terms(GLOSSARY.read_text())
ROLES = {page: term_roles((ROOT / f"{page}.md").read_text()) for page in toc_chapters()}


def test_the_parser_reads_terms_and_roles():
    """The helpers must see what they are meant to, or the tests below would pass on nothing."""
    sample = "```{glossary}\nKV cache\n  The keys and values.\n\nMoE\n  A design.\n```\n"
    assert glossary_terms(sample) == ["KV cache", "MoE"]
    assert term_roles("a {term}`KV cache` and {term}`experts <expert>`") == [("KV cache", "KV cache"),
                                                                            ("experts", "expert")]
    assert len(TERMS) >= 60


def test_terms_are_unique_and_in_alphabetical_order():
    lowered = [t.lower() for t in TERMS]
    assert len(set(lowered)) == len(lowered), "a term is defined twice"
    assert lowered == sorted(lowered), "glossary terms are not in alphabetical order"


def test_every_definition_is_one_to_three_sentences_without_typed_numbers():
    body = re.search(r"^```\{glossary\}\n(.*?)^```$", GLOSSARY.read_text(), re.S | re.M).group(1)
    entries = re.split(r"\n(?=\S)", body.strip())
    assert len(entries) == len(TERMS)
    for entry in entries:
        term, *definition = entry.splitlines()
        sentences = [line.strip() for line in definition if line.strip()]
        assert 1 <= len(sentences) <= 3, term
        for sentence in sentences:  # one sentence per line
            assert sentence.endswith((".", ")")) and not re.search(r"(?<!Dr)[.?!] +[A-Z]", sentence), sentence
        prose = re.sub(r"\{\w+\}`[^`]*`", "", " ".join(sentences))  # roles may carry ledger keys
        # Format names (FP8, BF16, 16-bit) and codes (3A090) are names, not numbers; quantities are not allowed.
        prose = re.sub(r"\b(\d+-bit|3A090|2\.0|[A-Z]+\d+(?:-\d+)?\w*|o1|pass@1)\b", "", prose)
        assert not re.search(r"\d", prose), f"{term}: type sourced or computed numbers through {{fact}}"


def test_glossary_sits_in_the_appendices_before_the_sources():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    appendix = [chapter["file"] for chapter in toc["parts"][-1]["chapters"]]
    assert appendix.index("book/glossary") == appendix.index("book/sources") - 1


def test_every_term_is_linked_from_a_chapter():
    linked = {target.lower() for roles in ROLES.values() for _, target in roles}
    missing = [t for t in TERMS if t.lower() not in linked]
    assert not missing, f"glossary terms no chapter links: {missing}"


def test_every_link_names_a_glossary_term():
    known = {t.lower() for t in TERMS}
    for page, roles in ROLES.items():
        unknown = [target for _, target in roles if target.lower() not in known]
        assert not unknown, f"{page}: {{term}} roles with no glossary entry: {unknown}"


@pytest.mark.parametrize("page", toc_chapters())
def test_each_chapter_links_its_terms_once(page):
    targets = [target.lower() for _, target in ROLES[page]]
    assert len(targets) >= MIN_LINKS_PER_CHAPTER, f"{page} links only {len(targets)} glossary terms"
    repeated = sorted({t for t in targets if targets.count(t) > 1})
    assert not repeated, f"{page} links these terms more than once (link the first use only): {repeated}"


@pytest.mark.book
def test_built_glossary_lists_every_term(site):
    html = (site / "book" / "glossary.html").read_text()
    lists = re.findall(r'<dl class="[^"]*\bglossary\b[^"]*">(.*?)</dl>', html, re.S)
    assert len(lists) == 1, "glossary.html should have one <dl class=glossary>"
    built = [unescape(text) for text in re.findall(r'<dt id="term-[^"]+">([^<]+)<a class="headerlink"', lists[0])]
    assert built == TERMS


@pytest.mark.book
@pytest.mark.parametrize("page", toc_chapters())
def test_built_term_links_land_on_their_entries(site, page):
    glossary = (site / "book" / "glossary.html").read_text()
    entry = {anchor: unescape(text).lower()
             for anchor, text in re.findall(r'<dt id="(term-[^"]+)">([^<]+)<a class="headerlink"', glossary)}
    html = (site / f"{page}.html").read_text()
    links = TERM_LINK.findall(html)
    assert len(links) == len(ROLES[page]), f"{page}: {len(ROLES[page])} {{term}} roles but {len(links)} links"
    for (anchor, shown), (role_text, target) in zip(links, ROLES[page]):
        assert anchor in entry, f"{page}: {shown!r} links to #{anchor}, which glossary.html does not have"
        assert entry[anchor] == target.lower(), f"{page}: {shown!r} lands on {entry[anchor]!r}, not {target!r}"
        assert unescape(shown) == role_text, f"{page}: link text {shown!r} differs from the source {role_text!r}"
