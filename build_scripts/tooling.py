"""The repository and its tools: where things are, our wheel, Node and npm.

Build-time room. May import: the standard library.

Shared by the build scripts that run tools as subprocesses (``package_tests``,
``compile_stdlib``, ``widget``, ``benchmark``); it imports none of them, so none of them imports
another to reach these helpers. It never imports ``decision_tree``: the wheel is built from the
source tree by hatchling, not from what this interpreter has imported.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DIST = REPO / "dist"
# The distribution's name as wheel file names spell it (pyproject.toml: cn-cyber-incident-reporting).
WHEEL_NAME = "cn_cyber_incident_reporting"
NODE_MODULES = REPO / "node_modules"
NPM_STAMP = NODE_MODULES / ".npm-ci-done"
MIN_NODE = 18


class Failure(Exception):
    """A problem to report in one line, instead of a traceback."""


def run(command: list[str], cwd: Path | None = None) -> None:
    """Run a command; raise :class:`Failure` naming it if it fails."""
    result = subprocess.run(command, cwd=cwd, check=False)
    if result.returncode != 0:
        raise Failure(f"`{' '.join(command)}` exited with {result.returncode}")


# ---- the wheel ----


def wheel_sources() -> list[Path]:
    """What the wheel is made from: the package's files and folders (a folder's time changes when a
    file is added or removed), pyproject.toml and the readme (its long description)."""
    package = REPO / "decision_tree"
    inside = [path for path in package.rglob("*") if "__pycache__" not in path.parts and path.suffix != ".pyc"]
    return [package, *inside, REPO / "pyproject.toml", REPO / "README.md", REPO / "LICENSE"]


def built_wheels() -> list[Path]:
    """Our wheels in dist/ (there is one after a build)."""
    return sorted(DIST.glob(f"{WHEEL_NAME}-*-py3-none-any.whl"))


def build_wheel() -> Path:
    """Build the pure wheel into dist/ with hatchling (no isolation: the pinned .venv has it)."""
    for old in built_wheels():
        old.unlink()
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--quiet"]
    run([*build, "--outdir", str(DIST), str(REPO)])
    wheels = built_wheels()
    if len(wheels) != 1:
        raise Failure(f"expected one py3-none-any wheel in {DIST}, found {[w.name for w in wheels]}")
    print(f"built {wheels[0].relative_to(REPO)}", flush=True)
    return wheels[0]


def fresh_wheel() -> Path:
    """The wheel in dist/ if it is newer than everything it is made from; otherwise build it."""
    wheels = built_wheels()
    if len(wheels) == 1:
        built = wheels[0].stat().st_mtime
        if all(source.stat().st_mtime <= built for source in wheel_sources()):
            return wheels[0]
    return build_wheel()


# ---- Node ----


def node() -> str:
    """Path of ``node`` (Node.js >= 18); fail in one line if it is missing or too old."""
    found = shutil.which("node")
    if not found:
        raise Failure(f"node not found: the Pyodide tests need Node.js >= {MIN_NODE} with npm on PATH")
    version = subprocess.run([found, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    match = re.fullmatch(r"v(\d+)\..*", version)
    if not match or int(match[1]) < MIN_NODE:
        raise Failure(f"the Pyodide tests need Node.js >= {MIN_NODE}; {found} is {version or 'unknown'}")
    return found


def ensure_node_modules() -> None:
    """``npm ci --ignore-scripts`` when node_modules is missing or older than package(-lock).json."""
    locks = [REPO / "package.json", REPO / "package-lock.json"]
    if NPM_STAMP.exists() and all(lock.stat().st_mtime <= NPM_STAMP.stat().st_mtime for lock in locks):
        return
    npm = shutil.which("npm")
    if not npm:
        raise Failure(f"npm not found: the Pyodide tests need Node.js >= {MIN_NODE} with npm on PATH")
    run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=REPO)
    NPM_STAMP.touch()
