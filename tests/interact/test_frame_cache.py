"""The frame cache: the same frames as drawn, reused only while the package is unchanged."""

import os

import pytest

from explainers.interact import explorable, explore, frame_cache
from explainers.models import costs
from explainers.views import View
from explainers.views import costs as views


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(frame_cache.ENVIRONMENT, str(tmp_path))
    return tmp_path


def _count_draws(monkeypatch) -> list:
    drawn = []
    real = explorable._render_all

    def counting(render, points):
        drawn.append(len(points))
        return real(render, points)

    monkeypatch.setattr(explorable, "_render_all", counting)
    return drawn


def _exp(name="test-cache"):
    return explore(costs.run_cost, views.RUN_COST, name=name, title="Run cost")


def test_a_second_build_reuses_the_frames_it_drew(cache, monkeypatch):
    drawn = _count_draws(monkeypatch)
    first = _exp().frames()
    second = _exp().frames()
    assert drawn == [len(first)]  # drawn once, then read back
    assert second == first
    assert len(list(cache.glob("*.json.z"))) == 1


def test_cached_frames_are_the_drawn_frames(cache):
    exp = _exp()
    exp.frames()
    render, spec = exp.renderer(), costs.SPEC
    for (i, j), frame in _exp().frames().items():
        assert frame == render(price=spec["price"].grid()[i], scope=spec["scope"].grid()[j])


def test_any_change_to_the_package_misses(cache, monkeypatch):
    drawn = _count_draws(monkeypatch)
    _exp().frames()
    monkeypatch.setattr(frame_cache, "package_hash", lambda: "an edited package")
    _exp().frames()
    assert len(drawn) == 2


def test_the_name_is_part_of_the_key(cache):
    # The name salts the SVG ids, so two explorables of one model and view have different frames.
    assert frame_cache.key(_exp("one")) != frame_cache.key(_exp("two"))


def test_functions_from_outside_the_package_are_never_cached(cache, monkeypatch):
    local = View(draw=views.RUN_COST.draw, update=views.RUN_COST.update,
                 alt=lambda r: "a chapter's own alt text", readout=views.RUN_COST.readout)
    exp = explore(costs.run_cost, local, name="test-local", title="Run cost")
    assert frame_cache.key(exp) is None
    exp.frames()
    assert not list(cache.glob("*"))


def test_a_damaged_file_is_drawn_again(cache, monkeypatch):
    _exp().frames()
    (path,) = cache.glob("*.json.z")
    path.write_bytes(b"half a file")
    drawn = _count_draws(monkeypatch)
    assert _exp().frames() and drawn


def test_an_empty_setting_turns_the_cache_off(monkeypatch):
    monkeypatch.setenv(frame_cache.ENVIRONMENT, "")
    assert frame_cache.directory() is None
    drawn = _count_draws(monkeypatch)
    _exp().frames()
    _exp().frames()
    assert len(drawn) == 2


def test_the_least_recently_used_files_go_first(cache, monkeypatch):
    frames = {"0": ["x" * 2000, "", ""]}
    for name, when in (("old", 1), ("used", 2), ("new", 3)):
        frame_cache.store(name, frames)
        os.utime(cache / f"{name}.json.z", (when, when))
    assert frame_cache.load("used")  # read: now the most recently used
    size = (cache / "used.json.z").stat().st_size
    monkeypatch.setattr(frame_cache, "MAX_BYTES", 3 * size)  # room for three files of this size
    frame_cache.store("newest", frames)
    assert sorted(p.name.removesuffix(".json.z") for p in cache.glob("*.json.z")) == ["new", "newest", "used"]


def test_frames_never_import_the_book_machinery_the_key_leaves_out():
    import subprocess
    import sys

    code = ("import sys, explainers.interact, explainers.models, explainers.views, explainers.questions\n"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('explainers'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    machinery = {f"explainers.{name.split('.')[0]}" for name in frame_cache.BOOK_MACHINERY}
    assert loaded and not machinery & set(loaded)
