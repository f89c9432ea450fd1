import json
import re
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from explainers import ledger
from explainers.ledger import fact

ROOT = Path(__file__).resolve().parents[1]


def test_known_values_from_the_v3_report():
    assert fact("v3.total-gpu-hours").value == 2_788_000
    assert fact("v3.pretrain-gpu-hours").value == 2_664_000
    assert fact("v3.rental-price").value == 2
    assert fact("v3.cost-usd").value == 5_576_000
    assert fact("v3.cost-usd").source == ("deepseekai2024v3",)
    assert fact("v3.cost-usd").grade == "P"


def test_text_formats_as_prose_shows_it():
    assert fact("v3.total-gpu-hours").text() == "2.788M"
    assert fact("v3.pretrain-gpu-hours").text() == "2,664K"
    assert fact("v3.cost-usd").text() == "$5.576M"
    assert fact("r1.rl-cost-usd").text() == "$294K"
    assert fact("v3.active-params").text() == "37B"
    assert fact("v3.release-date").text() == "26 December 2024"


def test_flags_secondary_and_disputed_numbers():
    assert fact("r1.rl-cost-usd").flag == "secondary"
    assert fact("semianalysis.server-capex").flag == "disputed"
    assert fact("v3.cost-usd").flag == ""


def test_stages_add_up_to_the_reported_total():
    stages = ["v3.pretrain-gpu-hours", "v3.context-extension-gpu-hours", "v3.post-training-gpu-hours"]
    assert sum(fact(k).value for k in stages) == fact("v3.total-gpu-hours").value
    assert fact("v3.total-gpu-hours").value * fact("v3.rental-price").value == fact("v3.cost-usd").value


def test_unknown_key_names_close_matches():
    with pytest.raises(KeyError, match="v3.total-gpu-hours"):
        fact("v3.total-gpu-hour")


def test_key_must_be_a_string():
    with pytest.raises(TypeError, match="key must be a str"):
        fact(42)


def test_value_of_a_text_fact_is_a_type_error():
    with pytest.raises(TypeError, match="is text"):
        ledger.value("v3.release-date")


def test_every_fact_is_well_formed():
    bib = (ledger.DATA_PATH.parents[3] / "book" / "references.bib").read_text()
    bib_keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    facts = ledger.all_facts()
    assert len(facts) == len(tomllib.loads(ledger.DATA_PATH.read_text())["facts"])
    for f in facts:
        assert re.fullmatch(r"\d+\.\d+", f.row), f.key
        assert f.grade in ledger.GRADES, f.key
        assert set(f.source) <= bib_keys, f"{f.key} cites keys missing from references.bib"
        assert f.text(), f.key


def test_every_chapter_six_row_of_the_ledger_is_in_the_data_file():
    rows = {f.row for f in ledger.all_facts()}
    missing = {f"6.{i}" for i in range(1, 31)} - rows
    # 6.1-6.30 are the cost-math chapter of shared/facts/ledger.md.
    assert not missing


def test_bad_rows_are_rejected():
    good = {"row": "6.1", "label": "x", "value": 1, "unit": "u", "source": ["k"], "locator": "p", "grade": "P"}
    with pytest.raises(ValueError, match="grade"):
        ledger._parse("k", {**good, "grade": "Q"})
    with pytest.raises(ValueError, match="needs a .formula."):
        ledger._parse("k", {**good, "grade": "D"})
    with pytest.raises(ValueError, match="needs a .dispute."):
        ledger._parse("k", {**good, "grade": "C"})
    with pytest.raises(ValueError, match="unknown fields"):
        ledger._parse("k", {**good, "colour": "red"})


@pytest.mark.parametrize("field, bad, message", [
    ("source", [], "field 'source' must be a non-empty list"),
    ("source", "deepseekai2024v3", "field 'source' must be a non-empty list"),
    ("source", [""], "field 'source' must be a non-empty list"),
    ("locator", "", "field 'locator' must not be empty"),
    ("label", " ", "field 'label' must not be empty"),
    ("row", "six", "field 'row' must be a row number"),
    ("value", True, "field 'value' must be a number or non-empty text"),
    ("value", "", "field 'value' must be a number or non-empty text"),
    ("scale", 0, "field 'scale' must be a number > 0"),
    ("unit", 3, "field 'unit' must be text"),
    ("display", "{:d}", "field 'display' '{:d}' cannot show value 1.5"),
])
def test_a_malformed_row_is_named_by_file_key_and_field(field, bad, message):
    good = {"row": "6.1", "label": "x", "value": 1.5, "unit": "u", "source": ["k"], "locator": "p", "grade": "P"}
    with pytest.raises(ledger.LedgerError) as err:
        ledger._parse("v3.k", {**good, field: bad})
    assert str(ledger.DATA_PATH) in str(err.value) and "fact 'v3.k'" in str(err.value) and message in str(err.value)


def test_every_malformed_row_and_a_broken_file_are_reported_at_once(tmp_path, monkeypatch):
    text = ledger.DATA_PATH.read_text()
    broken = text.replace('locator = "p. 1; p. 22"', 'locator = ""', 2)
    monkeypatch.setattr(ledger, "DATA_PATH", tmp_path / "ledger.toml")
    for content, expected in ((broken, "2 malformed ledger fact(s)"), ("[facts.x]\nrow = ", "not valid TOML")):
        (tmp_path / "ledger.toml").write_text(content)
        ledger._data.cache_clear(), ledger._load.cache_clear()
        with pytest.raises(ledger.LedgerError, match=re.escape(expected)) as err:
            ledger.all_facts()
        assert str(tmp_path / "ledger.toml") in str(err.value)
    ledger._data.cache_clear(), ledger._load.cache_clear()


PRESS = ledger.DATA_PATH.parents[4] / "shared" / "press"


@pytest.mark.skipif(not PRESS.is_dir(), reason="shared/press is not beside the repository")
def test_every_press_claim_is_quoted_exactly_and_briefly():
    for c in ledger.all_claims():
        text = (PRESS / c.file).read_text()
        assert c.quote in text, f"{c.key}: not found verbatim in {c.file}"
        assert len(c.quote.split()) <= 12, f"{c.key}: quote at most a few words"


def test_unknown_claim_names_close_matches():
    with pytest.raises(KeyError, match="press.nvidia-600b"):
        ledger.claim("press.nvidia-60b")
    with pytest.raises(TypeError, match="key must be a str"):
        ledger.claim(600)


# The inventory counts the checkable claims of each article (research/claims-inventory.md, "How this was counted").
CLAIMS_PER_ARTICLE = {"000": 21, "001": 24, "002": 19, "003": 33, "004": 49}


def test_every_checkable_claim_of_the_five_articles_has_a_verdict():
    claims = ledger.all_claims()
    assert Counter(c.file[:3] for c in claims) == CLAIMS_PER_ARTICLE
    assert {c.verdict for c in claims} <= set(ledger.VERDICTS)
    assert all(c.claim.strip() and c.reason.strip() for c in claims)


def test_every_claims_evidence_resolves_to_a_fact_or_a_chapter_section():
    chapters = {}
    for page in (ROOT / "book").glob("*.md"):
        label = re.search(r"^\(([\w-]+)\)=\s*\n#", page.read_text(), re.M)
        if label:
            chapters[label.group(1)] = page.read_text()
    for c in ledger.all_claims():
        for label, section in c.chapters:
            assert label in chapters, f"{c.key}: no chapter labelled {label!r}"
            heading = rf"^#+ {re.escape(section)}\s*$" if section else r"^:::\{admonition\} What the press said"
            assert re.search(heading, chapters[label], re.M), f"{c.key}: no section {section!r} in {label}"
        roles = re.findall(r"\{fact\}`([^`]+)`", c.reason + c.reading)
        assert set(roles) <= set(c.facts), f"{c.key}: a {{fact}} of its reason is missing from its facts"
    unsettled = {c.key for c in ledger.all_claims() if not c.facts and not c.chapters}
    assert unsettled == UNSETTLED, "a claim needs a ledger fact or a chapter section that settles it"


#: Claims with no evidence in the book yet, listed with the primary source that would settle each in
#: research/claims-inventory.md ("Gaps"). The market chapter and new ledger rows close them; the list
#: only shrinks.
UNSETTLED = {
    "press.altman-cot", "press.amd-supports-v3", "press.china-llama-shutdowns", "press.csp-electricity-2030",
    "press.csp-hundreds-of-billions", "press.csp-not-for-training", "press.h200-demand", "press.labs-dont-cut",
    "press.meta-war-rooms", "press.microsoft-inference", "press.nvidia-expects-compliance",
    "press.nvidia-networking-20pct", "press.nvidia-software-1.5b", "press.nvidia-sold-out", "press.o1-cost-gt-gpt4",
    "press.openai-fair-use-quote", "press.openai-lawsuits", "press.servers-in-china", "press.software-4pct",
    "press.stargate",
}


def test_no_reason_types_a_number():
    for c in ledger.all_claims():
        prose = re.sub(r"\{\w+\}`[^`]*`", "", f"{c.reason} {c.reading}")  # roles carry the numbers
        prose = re.sub(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"", "", prose)  # the press's own words, quoted
        # Names with digits are names: chips and models (H800, R1-0528, GPT-4o, Llama 3.1), formats, codes,
        # benchmarks (AIME 2024), licences (Apache 2.0) and clusters (Fire-Flyer 2).
        prose = re.sub(r"\b(Apache|Llama|AIME|Fire-Flyer|Claude|Qwen|Gemini) \d[\d.]*\b|\bpass@\d+", "", prose)
        prose = re.sub(r"\b[\w.-]*[A-Za-z][\w.-]*\d[\w.-]*\b|\b\d+[\w.-]*[A-Za-z][\w.-]*\b|\b\d+-bit\b", "", prose)
        assert not re.search(r"\d", prose), f"{c.key}: type the book's numbers through {{fact}}: {prose}"


CLAIM = {"quote": "R1 cost $5.5M", "file": "000_x.txt", "outlet": "a blog", "claim": "R1 cost little.",
         "verdict": "false", "reason": "It was V3's run.", "facts": ["v3.cost-usd"],
         "chapters": [{"label": "cost-math", "section": "The bill"}]}


@pytest.mark.parametrize("field, bad, message", [
    ("verdict", "mostly true", "field 'verdict' must be one of"),
    ("facts", ["v3.cost-usdd"], "field 'facts' names no ledger fact 'v3.cost-usdd'"),
    ("facts", "v3.cost-usd", "field 'facts' must be a list of ledger keys"),
    ("chapters", [{"section": "The bill"}], "field 'chapters' must be a list of {label, section} tables"),
    ("reason", " ", "field 'reason' must be non-empty text"),
    ("claim", None, "missing field 'claim'"),
    ("source", "x", "unknown field 'source'"),
])
def test_a_malformed_claim_is_named_by_file_key_and_field(tmp_path, monkeypatch, field, bad, message):
    raw = {**CLAIM, field: bad} if bad is not None else {k: v for k, v in CLAIM.items() if k != field}
    lines = [f"{k} = {json.dumps(v)}" for k, v in raw.items() if k != "chapters"]
    if "chapters" in raw:
        lines.append("chapters = [" + ", ".join("{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in p.items()) + " }"
                                                 for p in raw["chapters"]) + "]")
    (tmp_path / "claims.toml").write_text('[claims."press.bad"]\n' + "\n".join(lines) + "\n")
    monkeypatch.setattr(ledger, "CLAIMS_PATH", tmp_path / "claims.toml")
    ledger._claims.cache_clear()
    try:
        with pytest.raises(ledger.LedgerError, match=re.escape("claims.toml: claim 'press.bad': ") + ".*" + re.escape(message)):
            ledger.all_claims()
    finally:
        monkeypatch.undo()
        ledger._claims.cache_clear()


# --- The timeline ---------------------------------------------------------------------------------


def test_every_timeline_event_has_a_dated_fact_with_a_source_and_a_grade():
    bib = (ledger.DATA_PATH.parents[3] / "book" / "references.bib").read_text()
    bib_keys = set(re.findall(r"@\w+\{([^,]+),", bib))
    raw = tomllib.loads(ledger.DATA_PATH.read_text())["timeline"]
    events = ledger.timeline()
    assert len(events) == len(raw) and len({e.fact for e in events}) == len(events)
    for e in events:
        f = ledger.fact(e.fact)
        assert f.source and set(f.source) <= bib_keys, e.fact
        assert f.grade in ledger.GRADES and f.locator, e.fact
        assert e.lane in ledger.LANES and e.label and e.chapters, e.fact
        assert e.date == ledger.parse_date(f.value)[0]
    assert [e.date for e in events] == sorted(e.date for e in events)


def test_every_chapter_tag_of_the_timeline_is_a_page():
    pages = {p.stem for p in (ledger.DATA_PATH.parents[3] / "book").glob("*.md")}
    assert {c for e in ledger.timeline() for c in e.chapters} <= pages


@pytest.mark.parametrize("text, expected", [
    ("7 October 2022", (date(2022, 10, 7), "day")),
    ("27–28 February 2025", (date(2025, 2, 27), "day")),
    ("May 2024", (date(2024, 5, 1), "month")),
])
def test_ledger_dates_are_read(text, expected):
    assert ledger.parse_date(text) == expected


def test_bad_dates_and_chapters():
    with pytest.raises(ValueError, match="text must be a date"):
        ledger.parse_date("May to July 2025")
    with pytest.raises(TypeError, match="text must be a str"):
        ledger.parse_date(2025)
    with pytest.raises(ValueError, match="chapter must be one of"):
        ledger.chapter_timeline("no-such-chapter")


def test_the_export_controls_timeline_is_the_ledgers():
    from explainers.models import export_controls as ec

    shown = [e for e in ledger.chapter_timeline("export-controls") if e.lane in ec.LANES]
    assert set(ec.EVENTS) == set(shown)


SNAPSHOT = Path(__file__).parent / "ledger-values.tsv"


def _changes(old: str, new: str) -> list[str]:
    before = {line.split("\t")[0]: line for line in old.splitlines()}
    after = {line.split("\t")[0]: line for line in new.splitlines()}
    return [f"{key}: {before.get(key, '(new)')!r} -> {after.get(key, '(removed)')!r}"
            for key in sorted(before.keys() | after.keys()) if before.get(key) != after.get(key)]


def test_every_value_is_the_reviewed_one():
    """A changed number must be changed on purpose: check it against its source, then update the snapshot."""
    changes = _changes(SNAPSHOT.read_text(), ledger.snapshot())
    assert not changes, ("ledger values differ from tests/ledger-values.tsv; if intended, check each against its "
                         "source and run `python -m explainers.ledger > tests/ledger-values.tsv`:\n" + "\n".join(changes))


def test_a_changed_value_that_only_prose_quotes_is_caught(tmp_path, monkeypatch):
    """v3.layers is read by no package code (the model reads the config): a 10% change still fails."""
    text = ledger.DATA_PATH.read_text()
    old = '[facts."v3.layers"]\nrow = "1.5"\nlabel = "Transformer layers of DeepSeek-V3"\nvalue = 61\n'
    assert old in text, "the test's fixture row moved: update it"
    (tmp_path / "ledger.toml").write_text(text.replace(old, old.replace("value = 61", "value = 67")))
    monkeypatch.setattr(ledger, "DATA_PATH", tmp_path / "ledger.toml")
    ledger._data.cache_clear(), ledger._load.cache_clear()
    try:
        assert _changes(SNAPSHOT.read_text(), ledger.snapshot()) == ["v3.layers: 'v3.layers\\t61\\t61' -> 'v3.layers\\t67\\t67'"]
    finally:
        ledger._data.cache_clear(), ledger._load.cache_clear()


# The V3 architecture is stated twice: in the report (the ledger) and in the released config.json the
# models count from. They must agree.
CONFIG_FACTS = {"v3.layers": "num_hidden_layers", "v3.dense-layers": "first_k_dense_replace",
                "v3.hidden-size": "hidden_size", "v3.routed-experts": "n_routed_experts",
                "v3.shared-experts": "n_shared_experts", "v3.experts-per-token": "num_experts_per_tok",
                "v3.node-limit": "topk_group", "v3.kv-compression-dim": "kv_lora_rank"}


@pytest.mark.parametrize("key", CONFIG_FACTS)
def test_the_reports_architecture_is_the_released_configs(key):
    config = json.loads((ledger.DATA_PATH.parent / "configs" / "deepseek-v3.json").read_text())
    assert ledger.value(key) == config[CONFIG_FACTS[key]]


def test_prose_does_not_hedge_a_number_its_display_already_hedges():
    """``about {fact}`k``` where the fact shows as "~50,000" would read "about ~50,000"."""
    hedged = {f.key for f in ledger.all_facts() if re.match(r"(about|nearly|roughly|around)\b|~|≈", f.text())}
    for page in sorted((ROOT / "book").glob("*.md")):
        for m in re.finditer(r"\b(?:about|nearly|roughly|around|approximately)\s+\{fact\}`([^`]+)`", page.read_text()):
            assert m.group(1) not in hedged, f"{page.name}: {m.group(0)!r} shows the hedge twice"
