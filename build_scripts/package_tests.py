"""Build the package's wheel and run its own tests (tests/package) against it: in CPython, and in Pyodide.

Build-time room. May import: the standard library, ``build_scripts.tooling`` and
``build_scripts.compile_stdlib``.

Runs tools as subprocesses — build and pip from this interpreter, node and npm from PATH (the
wheel and Node helpers are :mod:`build_scripts.tooling`'s) — and never imports ``decision_tree``,
so what is tested is the wheel, not the source tree::

    python -m build_scripts.package_tests wheel    # dist/cn_cyber_incident_reporting-<version>-py3-none-any.whl
    python -m build_scripts.package_tests cpython  # pip install --target build/wheel-site; pytest
    python -m build_scripts.package_tests pyodide  # the same tests in Pyodide under Node (Node >= 18)

``cpython`` and ``pyodide`` build the wheel first unless dist/ has one newer than every file it
is made from. Arguments after ``--`` go to pytest. Both exit with pytest's exit code; the
conftest's DECISION_TREE_EXPECT_INSTALLED_IN check makes them fail if the source tree were
imported instead of the wheel.

``pyodide`` installs node_modules from package-lock.json (``npm ci --ignore-scripts``) when it is
missing or older than the lock, and downloads the pure-Python wheels pinned in
tests/pyodide/requirements.txt into .cache/pyodide-wheels/ once. tests/pyodide/run.mjs then
unpacks them and our wheel into Pyodide, mounts tests/package and runs pytest.main — with no
network access: nothing is loaded by package name (that would fetch from a public CDN). Pyodide
starts with the byte-compiled standard library the site ships (its main archive and the rest on
demand, checked against their committed digests; every module of the package is imported first,
from the main archive alone) and loads our wheel byte-compiled as the site ships it
(:func:`build_scripts.compile_stdlib.browser_wheel`), so the tests run against exactly the files a
browser gets.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from build_scripts.compile_stdlib import browser_wheel, shipped_stdlib
from build_scripts.tooling import REPO, Failure, build_wheel, ensure_node_modules, fresh_wheel, node, run

WHEEL_SITE = REPO / "build" / "wheel-site"
TESTS = REPO / "tests" / "package"
PYODIDE_DIR = REPO / "tests" / "pyodide"
PYODIDE_REQUIREMENTS = PYODIDE_DIR / "requirements.txt"
WHEEL_CACHE = REPO / ".cache" / "pyodide-wheels"
LOAD_TIMEOUT_SECONDS = 120  # loadPyodide() takes ~3 s here; a failed load hangs instead of failing
RUN_TIMEOUT_SECONDS = 600  # the whole node run; pytest itself cannot be interrupted from JavaScript


# ---- CPython ----


def run_in_cpython(pytest_args: list[str]) -> int:
    """Install the wheel alone into build/wheel-site and run tests/package against that copy."""
    wheel = fresh_wheel()
    shutil.rmtree(WHEEL_SITE, ignore_errors=True)
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "--no-deps", "--no-index", "--no-compile", "--target", str(WHEEL_SITE), str(wheel)])
    # PYTHONPATH comes before site-packages, where .venv's editable install points at the source
    # tree; -P keeps the current directory (the source tree) off sys.path.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(WHEEL_SITE), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "DECISION_TREE_EXPECT_INSTALLED_IN": str(WHEEL_SITE),
    }
    command = [sys.executable, "-P", "-m", "pytest", "-p", "no:cacheprovider", str(TESTS), *pytest_args]
    print(f"testing {wheel.name} in CPython {sys.version.split()[0]}: {' '.join(command)}", flush=True)
    return subprocess.run(command, cwd=REPO, env=env, check=False).returncode


# ---- Pyodide ----


def read_pins(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements file, by normalised name."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)", line)
        if not match:
            raise Failure(f"{path.relative_to(REPO)}: not an exact pin: {line!r}")
        pins[normalise(match[1])] = match[2]
    return pins


def normalise(name: str) -> str:
    """A distribution name as wheel file names spell it (PEP 503 + PEP 427): ``Pygments`` → ``pygments``."""
    return re.sub(r"[-_.]+", "_", name).lower()


def check_pins_agree() -> dict[str, str]:
    """Pyodide's pins equal the host's (requirements-dev.txt): one version of each tool everywhere."""
    pins = read_pins(PYODIDE_REQUIREMENTS)
    host = read_pins(REPO / "requirements-dev.txt")
    differ = [
        f"{name} {version} (host {host[name]})"
        for name, version in pins.items()
        if name in host and host[name] != version
    ]
    if differ:
        raise Failure(f"tests/pyodide/requirements.txt and requirements-dev.txt differ: {', '.join(differ)}")
    return pins


def cached_wheel(name: str, version: str) -> Path | None:
    """The downloaded wheel of exactly this name and version, if the cache has it."""
    for path in WHEEL_CACHE.glob("*.whl"):
        parts = path.name.split("-")
        if normalise(parts[0]) == name and parts[1] == version:
            return path
    return None


def pinned_wheels() -> list[Path]:
    """pytest, hypothesis and their dependencies as pure wheels for Pyodide's Python 3.14, cached."""
    pins = check_pins_agree()
    if any(cached_wheel(name, version) is None for name, version in pins.items()):
        print(f"downloading the pinned wheels into {WHEEL_CACHE.relative_to(REPO)}/", flush=True)
        WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps"]
        target = ["--python-version", "3.14", "--platform", "any", "--implementation", "py", "--abi", "none"]
        run([*pip, "--only-binary=:all:", *target, "-d", str(WHEEL_CACHE), "-r", str(PYODIDE_REQUIREMENTS)])
    wheels: list[Path] = []
    for name, version in pins.items():
        wheel = cached_wheel(name, version)
        if wheel is None:
            raise Failure(f"no pure-Python wheel of {name}=={version} in {WHEEL_CACHE.relative_to(REPO)}")
        wheels.append(wheel)
    return wheels


def run_in_pyodide(pytest_args: list[str]) -> int:
    """Run tests/package inside Pyodide under Node against the wheel (tests/pyodide/run.mjs)."""
    node_path = node()
    ensure_node_modules()
    wheels = [*pinned_wheels(), browser_wheel()]
    runner = [node_path, str(PYODIDE_DIR / "run.mjs"), "--timeout", str(LOAD_TIMEOUT_SECONDS)]
    stdlib = shipped_stdlib()
    runner += ["--stdlib", str(stdlib.main), "--stdlib-rest", str(stdlib.rest)]
    command = [*runner, "--tests", str(TESTS), "--config", str(REPO / "pyproject.toml"), *map(str, wheels)]
    command += ["--", *pytest_args]
    print(f"testing {wheels[-1].name} (byte-compiled, as the site ships it) in Pyodide under Node", flush=True)
    try:
        return subprocess.run(command, cwd=REPO, check=False, timeout=RUN_TIMEOUT_SECONDS).returncode
    except subprocess.TimeoutExpired as error:
        raise Failure(f"the Pyodide test run did not finish within {RUN_TIMEOUT_SECONDS} s") from error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("task", choices=["wheel", "cpython", "pyodide"])
    parser.add_argument("pytest_args", nargs="*", help="after --: passed to pytest")
    args = parser.parse_args(argv)
    try:
        if args.task == "wheel":
            build_wheel()
            return 0
        if args.task == "cpython":
            return run_in_cpython(args.pytest_args)
        return run_in_pyodide(args.pytest_args)
    except Failure as failure:
        print(f"package_tests: {failure}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
