"""Maths typeset at build time: MathJax's own output, MathML for screen readers, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from explainers import mathtypeset
from explainers.files import CACHE_ENVIRONMENT

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def mathjax():
    return mathtypeset.mathjax_folder(ROOT)


def test_formulas_become_mathjax_markup_with_mathml_for_screen_readers(mathjax):
    (inline, display), css = mathtypeset.typeset([(r"T = 1", False), (r"\frac{a}{b}", True)], mathjax, "../f")
    assert inline.startswith('<mjx-container class="MathJax" jax="CHTML"') and 'display="true"' not in inline
    assert "<mi>T</mi><mo>=</mo><mn>1</mn>" in inline  # the assistive MathML
    assert 'display="true"' in display and "<mfrac>" in display
    assert 'url("../f/MathJax_Math-Italic.woff")' in css
    assert css.count("@font-face") == css.count("font-display: swap;") > 0


def test_tex_that_does_not_typeset_is_an_error_naming_the_formula(mathjax):
    with pytest.raises(ValueError, match=r"formula 2, .*\\\\nosuchcommand"):
        mathtypeset.typeset([("x", False), (r"\nosuchcommand{x}", False)], mathjax, "f")


def test_bad_input_is_refused(mathjax, tmp_path):
    with pytest.raises(TypeError, match="formulas must be a list of"):
        mathtypeset.typeset(["x"], mathjax, "f")
    assert mathtypeset.typeset([], mathjax, "f") == ([], "")
    with pytest.raises(ExtensionError, match="MathJax is missing .* run `make setup`"):
        mathtypeset.mathjax_folder(tmp_path)


def test_the_tex_is_read_back_from_what_sphinx_writes():
    assert mathtypeset._tex(r"\(a &lt; b\)") == ("a < b", False)
    assert mathtypeset._tex("\n\\[\nC \\approx 6ND\n\\]") == (r"C \approx 6ND", True)
    assert mathtypeset._tex('<span class="eqno">(1)</span>\\[x\\]') is None


@pytest.mark.parametrize("cache", ["store", ""])  # the build's cache, or (when it is off) the doctrees' folder
def test_maths_typeset_once_is_not_typeset_again_even_by_a_clean_build(tmp_path, monkeypatch, cache):
    from types import SimpleNamespace

    monkeypatch.setenv(CACHE_ENVIRONMENT, str(tmp_path / cache) if cache else "")
    app = SimpleNamespace(confdir=str(ROOT), doctreedir=str(tmp_path / "doctrees"))
    calls = []
    real = mathtypeset.typeset
    monkeypatch.setattr(mathtypeset, "typeset", lambda *args: calls.append(args) or real(*args))
    first = mathtypeset._typeset_once(app, [(r"T = 1", False)], "../f")
    assert mathtypeset._typeset_once(app, [(r"T = 1", False)], "../f") == first and len(calls) == 1
    mathtypeset._typeset_once(app, [(r"T = 2", False)], "../f")  # other maths: typeset
    assert len(calls) == 2
    clean = SimpleNamespace(confdir=str(ROOT), doctreedir=str(tmp_path / "clean-doctrees"))
    mathtypeset._typeset_once(clean, [(r"T = 1", False)], "../f")
    assert len(calls) == (2 if cache else 3)  # a clean build finds it in the build's cache
