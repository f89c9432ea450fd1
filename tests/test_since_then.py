"""Every chapter of the story carries a dated "Since then" box that points to the chapter on what happened next."""

import re
from pathlib import Path

import pytest
import yaml

from explainers import ledger

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
STORY = [Path(c["file"]).name for c in TOC["parts"][0]["chapters"] if Path(c["file"]).name != "what-happened-next"]
BOX = re.compile(r":::\{admonition\} Since then\n(.*?)\n:::", re.DOTALL)


def test_the_chapter_on_what_happened_next_closes_the_story():
    assert Path(TOC["parts"][0]["chapters"][-1]["file"]).name == "what-happened-next"


@pytest.mark.parametrize("slug", STORY)
def test_each_chapter_has_a_dated_box_pointing_to_what_happened_next(slug):
    boxes = BOX.findall((ROOT / "book" / f"{slug}.md").read_text())
    assert len(boxes) == 1, slug
    box = boxes[0]
    assert "{ref}`what-happened-next`" in box
    dates = [key for key in re.findall(r"\{fact\}`([^`]+)`", box) if key in {e.fact for e in ledger.timeline()}]
    assert dates, f"{slug}: the box dates no event of the ledger's timeline"
    assert all(slug in e.chapters for e in ledger.timeline() if e.fact in dates), slug
