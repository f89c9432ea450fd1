"""The GitHub Actions workflow (it cannot run here): it tests with the README's command and publishes
the built site from main only."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_workflow_tests_with_the_readmes_command_and_publishes_the_site():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    readme_command = re.search(r"^make test\b", (ROOT / "README.md").read_text(), re.M).group(0)
    steps = flow["jobs"]["test"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert readme_command in runs and runs.index(readme_command) < runs.index("make book")
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload and upload[0]["with"]["path"] == "_build/html"
    publish = flow["jobs"]["publish"]
    assert publish["needs"] == "test" and publish["if"] == "github.event_name == 'push'"
    assert flow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as True
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
