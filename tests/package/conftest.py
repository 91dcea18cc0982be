"""Fixtures for the package's own tests.

These tests import only ``decision_tree``, pytest and hypothesis, so the same files run against
the source tree, against the installed wheel, and inside Pyodide.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import decision_tree
from decision_tree.load import load_law
from decision_tree.model import Law

# Properties are checked, not timed (performance is measured by `make benchmark`): no deadline,
# so a slow machine — or Pyodide, ~65 ms an example — never fails them at random.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


def pytest_report_header() -> str:
    """Say which copy of the package is under test (source tree, wheel or Pyodide)."""
    return f"decision_tree from {Path(decision_tree.__file__).parent}"


def pytest_configure() -> None:
    """When asked to test an installed copy, refuse to test the source tree by mistake."""
    expected = os.environ.get("DECISION_TREE_EXPECT_INSTALLED_IN")
    if expected and not Path(decision_tree.__file__).resolve().is_relative_to(Path(expected).resolve()):
        raise pytest.UsageError(f"expected decision_tree from {expected}, got {decision_tree.__file__}")


@pytest.fixture(scope="session")
def law() -> Law:
    """The package's own data, loaded and checked."""
    return load_law()
