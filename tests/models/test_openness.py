import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainers import ledger
from explainers.models import openness
from explainers.models.openness import COMPONENTS, LICENCES, RELEASES, REQUIRED, assess, flip

BIB = ledger.DATA_PATH.parents[3] / "book" / "references.bib"

# Hand-checked against the ledger rows each release cites: (open source?, open weights?, missing).
EXPECTED = {
    "DeepSeek-V3": (False, True, ("weights", "training-code", "data-information")),  # DeepSeek licence: use limits
    "DeepSeek-V3-0324": (False, True, ("training-code", "data-information")),  # MIT weights; infra only
    "DeepSeek-R1": (False, True, ("training-code", "data-information")),
    "DeepSeek-R1-Distill-Llama-70B": (False, True, ("weights", "training-code", "data-information")),  # + Llama 3.3
    "DeepSeek-R1-Distill-Qwen-32B": (False, True, ("training-code", "data-information")),  # MIT + Apache 2.0
    "Llama 3.1 405B": (False, True, ("weights", "training-code", "data-information")),
    "Qwen2.5-72B": (False, True, ("weights", "training-code", "data-information")),
    "Mixtral 8x7B": (False, True, ("training-code", "data-information")),
    "OLMo 2": (True, True, ()),
}


def test_the_issue_s_releases_are_all_there():
    assert set(EXPECTED) == set(RELEASES)


@pytest.mark.parametrize("name", EXPECTED)
def test_verdicts_by_hand(name):
    a = assess(RELEASES[name])
    assert (a.open_source, a.open_weights, a.missing) == EXPECTED[name]
    assert len(a.reasons) == len(a.missing)


def test_reasons_name_the_licence_or_the_gap():
    v3 = assess(RELEASES["DeepSeek-V3"])
    assert v3.reasons[0] == "weights: under the DeepSeek License Agreement v1.0, not OSI-approved"
    assert v3.reasons[1] == "training and data-processing code: not released"
    assert v3.reasons[2].startswith("data information: only in part (")
    llama = assess(RELEASES["DeepSeek-R1-Distill-Llama-70B"])
    assert "Llama 3.3 Community License" in llama.reasons[0] and "MIT" not in llama.reasons[0]
    assert assess(RELEASES["OLMo 2"]).verdict == "open source (OSAID 1.0)"
    assert assess(RELEASES["DeepSeek-R1"]).verdict == "open weights, not open source"


def test_opening_what_r1_misses_makes_it_open_source():
    r1 = RELEASES["DeepSeek-R1"]
    one = flip(r1, "training-code")
    assert not assess(one).open_source and assess(one).missing == ("data-information",)
    both = flip(one, "data-information")
    assert assess(both).open_source
    assert both.parts["training-code"].licences == (openness.WHAT_IF_LICENCE,)
    assert both.parts["training-code"].text == "what if: released under MIT"
    assert r1.parts["training-code"].status == "withheld"  # the original is untouched


def test_withholding_the_weights_closes_a_release():
    closed = assess(flip(RELEASES["OLMo 2"], "weights"))
    assert closed.verdict == "closed: no open weights" and closed.missing == ("weights",)
    # relicensing V3's weights alone fixes the weights and nothing else
    assert assess(flip(RELEASES["DeepSeek-V3"], "weights")).missing == ("training-code", "data-information")


releases = st.sampled_from(list(RELEASES.values()))
components = st.sampled_from(list(COMPONENTS))


@given(releases, components)
def test_flip_changes_one_component_and_twice_opens_it(release, component):
    once = flip(release, component)
    assert {k for k in COMPONENTS if once.parts[k] != release.parts[k]} == {component}
    twice = flip(once, component)
    assert twice.parts[component].status in ("released", "withheld")
    assert flip(twice, component).parts[component] == once.parts[component]  # from then on it alternates


@given(releases, components)
def test_opening_never_hurts_and_withholding_never_helps(release, component):
    before, after = assess(release), assess(flip(release, component))
    opened = flip(release, component).parts[component].status == "released"
    if opened:
        assert set(after.missing) <= set(before.missing)
    else:
        assert set(after.missing) >= set(before.missing)
    if component not in REQUIRED:
        assert after.open_source == before.open_source  # the data itself and papers never decide


@given(releases)
def test_open_source_means_nothing_missing_and_implies_open_weights(release):
    a = assess(release)
    assert a.open_source == (not a.missing)
    assert not a.open_source or a.open_weights


def test_scorecard_follows_the_spec():
    card = openness.scorecard("DeepSeek-V3", "weights")
    assert card.change == "weights" and card.as_released.missing[0] == "weights"
    assert openness.scorecard().release is RELEASES["DeepSeek-R1"]
    assert openness.scorecard(change=openness.NO_CHANGE).change is None


@pytest.mark.parametrize("call, error, words", [
    (lambda: openness.scorecard("GPT-4"), ValueError, "release must be one of"),
    (lambda: openness.scorecard(change="weight"), ValueError, "change must be one of"),
    (lambda: openness.scorecard(release=3), TypeError, "release must be a str"),
    (lambda: flip(RELEASES["DeepSeek-R1"], "data"), ValueError, "component must be one of"),
    (lambda: flip("DeepSeek-R1", "weights"), TypeError, "release must be a Release"),
    (lambda: assess("DeepSeek-R1"), TypeError, "release must be a Release"),
    (lambda: openness.Part("open", (), None), ValueError, "status must be one of"),
    (lambda: openness.Part("released", ("gpl",), None), ValueError, "licences must be keys of LICENCES"),
    (lambda: openness.compare_licences("mit", "wtfpl"), ValueError, "right must be one of"),
    (lambda: openness.Term("free-ish", "licence.mit.use"), ValueError, "level must be one of"),
])
def test_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_release_must_describe_every_component():
    with pytest.raises(ValueError, match="must describe exactly the components"):
        openness.Release("X", "Y", "r1.release-date", {"weights": openness.Part("released", ("mit",), None)})


def test_every_statement_is_a_sourced_ledger_fact():
    bib = BIB.read_text()
    keys = {p.fact for r in RELEASES.values() for p in r.parts.values()} | {r.date_fact for r in RELEASES.values()}
    keys |= {t.fact for lic in LICENCES.values() for t in lic.terms.values()} | {lic.osi_fact for lic in LICENCES.values()}
    for key in keys:
        f = ledger.fact(key)
        assert f.chapter in ("1", "4"), key
        for source in f.source:
            assert re.search(rf"@\w+\{{{re.escape(source)},", bib), f"{key}: {source} is not in references.bib"


def test_licence_words_agree_with_the_structure():
    for lic in LICENCES.values():
        assert set(lic.terms) == set(openness.TERMS)
        assert all(t.level in openness.LEVELS for t in lic.terms.values())
        osi_words = ledger.fact(lic.osi_fact).text()
        assert osi_words.startswith("not") != lic.osi_terms, lic.key
    for release in RELEASES.values():
        weights = release.parts["weights"]
        text = weights.text
        for key in weights.licences:  # every licence on the weights is named in the words shown
            short = {"mit": "MIT", "apache-2.0": "Apache 2.0", "deepseek-model": "DeepSeek License",
                     "llama-3.1": "Llama 3.1", "llama-3.3": "Llama 3.3", "qwen": "Qwen License"}[key]
            assert short in text, (release.name, text)
        for part in release.parts.values():
            assert part.status != "withheld" or re.search(r"\bnot released\b|\bno\b", part.text), part.text


def test_licence_comparison_differences():
    pair = openness.compare_licences("mit", "deepseek-model")
    assert "restrictions" in pair.differences and "commercial" not in pair.differences
    assert openness.compare_licences("llama-3.1", "llama-3.3").differences == ()
    assert openness.compare_licences("mit", "apache-2.0").differences == ("redistribution",)


def test_is_open_checks_its_arguments():
    part = openness.Part("released", ("mit",), None)
    with pytest.raises(ValueError, match="component"):
        openness.is_open("no-such-component", part)  # was True
    with pytest.raises(TypeError, match="part"):
        openness.is_open("weights", None)
    with pytest.raises(TypeError, match="licences"):
        openness.Part("released", None, None)
    with pytest.raises(TypeError, match="fact"):
        openness.Part("released", (), 3)
