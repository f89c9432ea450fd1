from matplotlib.colors import to_rgb

from explainers.models.moe import routing
from explainers.style import COLOURS, context, new_figure
from explainers.views import moe as views


def test_grid_fills_the_same_area_at_every_expert_count_with_square_cells():
    x0, y0, x1, y1 = views.GRID
    for n in (64, 128, 256, 512):
        cells = views.grid_cells(n)
        assert len(cells) == n and len({side for _, _, side in cells}) == 1
        right = max(x + side for x, _, side in cells)
        bottom = max(y + side for _, y, side in cells)
        assert right <= x1 + 1e-9 and bottom <= y1 + 1e-9
        # filled: one side of the area is used to within a cell
        side = cells[0][2] / (1 - views.GAP)
        assert x1 - right < side or y1 - bottom < side


def test_update_draws_every_routed_expert_and_highlights_the_choice():
    fig, ax = new_figure()
    with context():
        artists = views.draw_routing(ax, routing())
    r = routing("512", 16)
    views.update_routing(artists, r)
    colours = artists["experts"].get_facecolor()
    assert len(artists["experts"].get_paths()) == 512
    chosen = [i for i, c in enumerate(colours) if tuple(c[:3]) == to_rgb(COLOURS["vermilion"])]
    assert chosen == sorted(r.chosen)
    assert "16 of 512" in artists["counts"].get_text()
    assert "1,325B" in artists["counts"].get_text()


def test_the_shared_expert_the_legend_names_is_drawn():
    fig, ax = new_figure()
    with context():
        views.draw_routing(ax, routing())
    blue = [p for p in ax.patches if tuple(p.get_facecolor()[:3]) == to_rgb(COLOURS["blue"])]
    assert len(blue) == routing().shared_experts == 1
    assert any("shared expert" in t.get_text() for t in ax.texts)


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
    assert views.readout_kv_cache(c).startswith("32 sequences of 131,072 tokens: multi-head ")
    assert views.readout_kv_cache(c).endswith("MLA's cache is 57× smaller than multi-head's at every length.")
    readouts = {views.readout_kv_cache(kv_cache_memory(n, b)) for n in ("4096", "131072") for b in ("1", "32")}
    assert len(readouts) == 4  # the words follow the setting
    assert "one H800's memory" in views.alt_kv_cache(c)
