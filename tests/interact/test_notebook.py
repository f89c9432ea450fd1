"""Drive a live explorable through a real kernel with nbclient, as JupyterLab would."""

import json

import nbformat
from nbclient import NotebookClient

from explainers.models import costs

SETUP = """
from explainers.views import costs as views
from explainers.interact import explore
from explainers.models import costs
exp = explore(costs.run_cost, views.RUN_COST, name="nb-run-cost", title="Run cost")
display(exp)
live = exp.live()
before = live.figure.value
print(json.dumps({"price": live.controls["price"].model_id, "scope": live.controls["scope"].model_id}))
"""

CHECK = """
print(json.dumps({"params": live.params(), "changed": live.figure.value != before,
                  "readout": live.readout.value,
                  "expected": views.readout_run_cost(costs.run_cost(**live.params()))}))
"""


def _stdout(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def _front_end_sets(client, model_id, state):
    """Send the comm message a browser sends when the reader moves a control."""
    msg = client.kc.session.msg("comm_msg", {"comm_id": model_id, "data": {
        "method": "update", "state": state, "buffer_paths": []}})
    client.kc.shell_channel.send(msg)


def test_slider_moved_by_the_front_end_recomputes_the_figure():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import json\n" + SETUP),
                                         nbformat.v4.new_code_cell(CHECK)])
    client = NotebookClient(nb, kernel_name="python3", timeout=120)
    with client.setup_kernel():
        client.execute_cell(nb.cells[0], 0)
        display = [o for o in nb.cells[0].outputs if o.output_type == "display_data"][0]
        assert "application/vnd.jupyter.widget-view+json" in display.data
        assert display.data["text/html"].startswith('<figure class="explorable"')
        ids = json.loads(_stdout(nb.cells[0]))
        _front_end_sets(client, ids["price"], {"value": 3.5})
        both = costs.SPEC["scope"].grid().index("v3-plus-r1-rl")
        _front_end_sets(client, ids["scope"], {"index": both})  # a Dropdown syncs its index
        client.execute_cell(nb.cells[1], 1)
    result = json.loads(_stdout(nb.cells[1]))
    assert result["params"] == {"price": 3.5, "scope": "v3-plus-r1-rl"}
    assert result["changed"]
    assert result["expected"] in result["readout"]
    assert not [o for c in nb.cells for o in c.outputs if o.output_type == "error"]
