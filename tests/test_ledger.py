import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from explainers import ledger
from explainers.ledger import fact


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
