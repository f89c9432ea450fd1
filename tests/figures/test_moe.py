import numpy as np

from explainers.figures import moe as views
from explainers.models.moe import routing
from explainers.style import context, new_figure


def test_grid_shows_the_chosen_experts():
    r = routing("128", 4)
    grid = views._grid(r)[:: views._CELL, :: views._CELL]  # one pixel per expert
    cells = grid.ravel()
    assert np.count_nonzero(cells == views.CHOSEN) == 4
    assert np.count_nonzero(~np.isnan(cells)) == 128
    assert all(cells[i] == views.CHOSEN for i in r.chosen)


def test_update_changes_grid_and_counts():
    fig, ax = new_figure()
    with context():
        artists = views.draw_routing(ax, routing())
    r = routing("512", 16)
    views.update_routing(artists, r)
    assert np.count_nonzero(~np.isnan(artists["image"].get_array()[:: views._CELL, :: views._CELL])) == 512
    assert "16 of 512 routed" in artists["counts"].get_text()
    assert "1,325B" in artists["counts"].get_text()


def test_alt_and_readout():
    r = routing()
    assert "256 routed experts" in views.alt_routing(r) and "36.6 billion" in views.alt_routing(r)
    assert views.readout_routing(r).startswith("Total 671.0B parameters; active per token 36.6B")


def test_kv_bars_are_the_models_bytes():
    from explainers.models.moe import kv_cache_memory

    fig, ax = new_figure()
    with context():
        artists = views.draw_kv_cache(ax, kv_cache_memory())
    c = kv_cache_memory("131072", "32")
    views.update_kv_cache(artists, c)
    assert [b.get_width() for b in artists["bars"]] == [b for _, _, b in c.bytes_by_kind]
    assert artists["labels"][2].get_text().strip() == "294.7 GB"
    assert ax.get_xscale() == "log" and ax.get_xlim() == (1e7, 1e15)
    assert views.readout_kv_cache(c).startswith("MLA needs 57× less cache")
    assert "one H800's memory" in views.alt_kv_cache(c)
