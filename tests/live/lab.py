"""Drive the live environment as a reader would: JupyterLab from `.venv-live` on loopback, a chapter's
readable notebook (`notebooks/`) opened in headless chromium, all cells run, a slider moved.

Used by tests/live and by `make bench` (which times the same steps).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIVE = ROOT / ".venv-live"

# The notebook panel JupyterLab shows, through the app object that `expose_app_in_browser` puts on window.
_PANEL = "window.jupyterapp?.shell?.currentWidget"
_KERNEL_IDLE = f"{_PANEL}?.sessionContext?.session?.kernel?.status === 'idle'"
_ALL_RAN = f"""() => {{
    const panel = {_PANEL}, cells = panel.content.model.toJSON().cells.filter(c => c.cell_type === 'code');
    if (cells.some(c => c.outputs.some(o => o.output_type === 'error'))) return true;  // Run All stops there
    if (cells.some(c => !c.execution_count)) return false;
    return panel.sessionContext.session.kernel.status === 'idle';
}}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyterlab():
    """Start JupyterLab from the live venv on 127.0.0.1 with a private config; yield its base URL.

    It serves a temporary copy of `book/`: JupyterLab saves the notebooks it runs, and the sources
    must stay as they are. The Jupyter config, data, runtime and settings folders are temporary too,
    so a reader's own ~/.jupyter changes nothing and only the book's settings (binder/) apply.
    """
    jupyter = LIVE / "bin" / "jupyter"
    if not jupyter.exists():
        raise RuntimeError(f"{jupyter} is missing: run `make live-setup` (make test does it)")
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns("_static", "_templates"))
        shutil.copytree(ROOT / "notebooks", root / "notebooks")
        shutil.copy(ROOT / "jupytext.toml", root)
        # Render every cell, not only those scrolled into view, so a test can read all of a notebook's Markdown.
        tracker = Path(tmp) / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
        tracker.parent.mkdir(parents=True)
        tracker.write_text('{"windowingMode": "none"}')
        env = dict(os.environ, PATH=f"{LIVE / 'bin'}{os.pathsep}{os.environ['PATH']}")
        for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                         ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                         ("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")]:
            env[var] = str(Path(tmp) / sub)
        env.pop("PYTHONPATH", None)  # the kernel imports the package as the live venv installed it
        log = Path(tmp) / "jupyterlab.log"
        args = [str(jupyter), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
                "--ServerApp.terminals_enabled=False", "--LabApp.expose_app_in_browser=True",
                "--LabApp.extension_manager=readonly", "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if os.geteuid() == 0:
            args.append("--allow-root")
        with log.open("w") as out:
            proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/status", timeout=5)
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"JupyterLab did not start:\n{log.read_text()[-3000:]}") from None
                    time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def open_notebook(tab, url: str, path: str, timeout_ms: int = 120_000) -> None:
    """Open ``path`` (relative to the root) in JupyterLab and wait until its kernel is idle.

    Each path gets a workspace of its own, so JupyterLab does not reopen the notebooks of earlier tests.
    """
    workspace = path.replace("/", "-").replace(".", "-")
    tab.goto(f"{url}/lab/workspaces/{workspace}/tree/{path}")
    tab.wait_for_function(f"() => {_PANEL}?.content?.model !== undefined && {_KERNEL_IDLE}", timeout=timeout_ms)
    if not tab.evaluate(f"{_PANEL}.node.classList.contains('jp-NotebookPanel')"):
        raise AssertionError(f"{path} did not open as a notebook")


def rendered_markdown(tab) -> list[str | None]:
    """The text JupyterLab shows for each Markdown cell of the open notebook (None where it shows no rendering)."""
    return tab.evaluate(f"""() => {_PANEL}.content.widgets.filter(w => w.model.type === 'markdown')
        .map(w => w.node.querySelector('.jp-RenderedMarkdown')?.innerText ?? null)""")


def run_all(tab, timeout_ms: int = 300_000) -> None:
    """Run every cell, as Run > Run All Cells does; wait until each has run (or one failed) and the kernel is idle."""
    tab.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    tab.wait_for_function(_ALL_RAN, timeout=timeout_ms)


def outputs(tab) -> list[dict]:
    """Every output of every code cell, from the notebook model JupyterLab holds."""
    return tab.evaluate(f"""() => {_PANEL}.content.model.toJSON().cells
        .filter(c => c.cell_type === 'code')
        .flatMap((c, i) => c.outputs.map(o => ({{cell: i, type: o.output_type, name: o.name || '',
            text: [].concat(o.text || []).join('') + (o.ename ? o.ename + ': ' + o.evalue : ''),
            mimes: Object.keys(o.data || {{}})}})))""")



def save(tab) -> None:
    """Save the open document, as File > Save does, and wait until the server has written it."""
    tab.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")


def served_text(url: str, path: str) -> str:
    """The text of ``path`` as the server has it on disk now."""
    with urllib.request.urlopen(f"{url}/api/contents/{path}?type=file&format=text&content=1", timeout=30) as reply:
        return json.load(reply)["content"]


def shut_down_kernels(tab) -> None:
    """Stop every kernel the server runs, so each notebook starts from a clean slate and memory stays low."""
    tab.evaluate("async () => { await window.jupyterapp?.serviceManager.kernels.shutdownAll(); }")


def first_slider_box(tab):
    """The first live explorable with a slider: its widget box (controls, figure, readout)."""
    return tab.locator(".jp-OutputArea-output .widget-vbox").filter(
        has=tab.locator(".widget-slider")).first


def figure_src(box) -> str:
    """The figure the box shows now (its frame is inline SVG)."""
    return box.locator(".widget-html .figure-frame").first.inner_html()


def move_slider(tab, box, timeout_ms: int = 30_000) -> float:
    """Move the box's first slider one step from the keyboard and wait for a new figure.

    Steps right unless the slider is at its maximum. Returns the seconds from key press to new figure.
    """
    handle = box.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    before = figure_src(box)
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.focus()
    start = time.perf_counter()
    tab.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    tab.wait_for_function("([box, before]) => box.querySelector('.widget-html .figure-frame').innerHTML !== before",
                          arg=[box.element_handle(), before], timeout=timeout_ms)
    return time.perf_counter() - start
