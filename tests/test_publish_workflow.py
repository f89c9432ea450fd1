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


def test_every_action_is_pinned_by_commit_and_every_job_has_a_timeout():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    uses = [s["uses"] for job in flow["jobs"].values() for s in job["steps"] if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u) for u in uses), uses
    assert all(job.get("timeout-minutes") for job in flow["jobs"].values())
    checkout = next(s for s in flow["jobs"]["test"]["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
