"""The package people install: its name, metadata, console script, and a changelog that follows the rules version."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import decision_tree
from build_scripts import release
from build_scripts.tooling import fresh_wheel

ROOT = Path(__file__).resolve().parent.parent
DIST_NAME = "cn-cyber-incident-reporting"


def test_the_changelog_records_the_current_rules_and_text() -> None:
    """CHANGELOG.md has an entry for the current rules version with the fingerprint of the current data.

    If this fails after a change to rules.toml, tree.toml, interpretations.toml or the official
    text: raise the rules version, add a changelog entry, run `make fingerprint` (see CHANGELOG.md).
    """
    recorded = release.entries((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    version = release.rules_version()
    assert version in recorded, f"CHANGELOG.md has no entry for rules {version}: see its top for the one step"
    assert release.fingerprint() == recorded[version], f"rules {version} changed since its entry: see CHANGELOG.md"


def test_the_fingerprint_changes_with_the_rules(tmp_path: Path) -> None:
    """Changing one value in rules.toml changes the fingerprint; changing a comment does not."""
    for name in release.FINGERPRINTED:
        (tmp_path / name).write_text((release.DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    before = release.fingerprint(tmp_path)
    rules = tmp_path / "rules.toml"
    rules.write_text("# a comment\n" + rules.read_text(encoding="utf-8"), encoding="utf-8")
    commented = release.fingerprint(tmp_path)
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("within_minutes = 60", "within_minutes = 61", 1), encoding="utf-8"
    )
    assert (before, True) == (commented, release.fingerprint(tmp_path) != before)


def test_recording_adds_a_fingerprint_under_its_entry_only() -> None:
    """`make fingerprint` writes the line under the entry of the current version and nowhere else."""
    changelog = (
        "# Changelog\n\n## Rules 2 — package 1\n\n- new\n\n## Rules 1 — package 1\n\nFingerprint: `sha256:"
        + "a" * 64
        + "`\n"
    )
    updated = release.record(changelog, "2", "b" * 64)
    assert {"2": "b" * 64, "1": "a" * 64} == release.entries(updated)


def test_the_project_metadata() -> None:
    """A distinctive distribution name, one version source, PEP 639 licence fields, a console script."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {
        "name": project["name"],
        "dynamic": project["dynamic"],
        "license": project["license"],
        "license-files": project["license-files"],
        "scripts": project["scripts"],
    }
    expected = {
        "name": DIST_NAME,
        "dynamic": ["version"],
        "license": "MIT",
        "license-files": ["LICENSE"],
        "scripts": {DIST_NAME: "decision_tree.__main__:main"},
    }
    assert expected == found


@pytest.fixture(scope="module")
def wheel() -> Path:
    """The wheel as `make wheel` builds it."""
    return fresh_wheel()


def test_the_wheel_carries_name_version_licence_types_and_script(wheel: Path) -> None:
    """The wheel's file name, metadata, entry points and py.typed are what pyproject.toml promises."""
    version = decision_tree.__version__
    info = f"cn_cyber_incident_reporting-{version}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"{info}/METADATA").decode("utf-8")
        scripts = archive.read(f"{info}/entry_points.txt").decode("utf-8")
    headers = dict(line.split(": ", 1) for line in metadata.splitlines() if ": " in line and not line.startswith(" "))
    assert f"cn_cyber_incident_reporting-{version}-py3-none-any.whl" == wheel.name
    assert (DIST_NAME, version, "MIT", "LICENSE") == (
        headers["Name"],
        headers["Version"],
        headers["License-Expression"],
        headers["License-File"],
    )
    assert {"decision_tree/py.typed", f"{info}/licenses/LICENSE"} <= names
    assert f"{DIST_NAME} = decision_tree.__main__:main" in scripts


def test_installing_the_wheel_gives_the_console_script(wheel: Path, tmp_path: Path) -> None:
    """pip install of the built wheel into a fresh environment gives a command that answers like python -m decision_tree."""
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    pip = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(env / "bin" / "python"),
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
    ]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True)
    facts = json.dumps({"involves_cii": True, "level": "major", "discovered_at": "2025-11-03T23:40:00+08:00"})
    ran = subprocess.run(
        [str(env / "bin" / DIST_NAME), "assess"], input=facts, capture_output=True, text=True, check=True
    )
    module = subprocess.run(
        [sys.executable, "-m", "decision_tree", "assess"], input=facts, capture_output=True, text=True, check=True
    )
    assert json.loads(module.stdout) == json.loads(ran.stdout)
