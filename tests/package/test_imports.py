"""The package imports only the standard library and itself, so it runs unchanged in Pyodide."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import decision_tree

# The copy under test — the source tree, the installed wheel or Pyodide's.
PACKAGE = Path(decision_tree.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_package_imports_only_the_standard_library() -> None:
    """Every import in decision_tree/*.py is a stdlib module or the package itself."""
    assert {"citations.py", "load.py", "model.py", "integrity.py"} <= {p.name for p in MODULES}
    allowed = set(sys.stdlib_module_names) | {"decision_tree"}
    offenders = {f"{path.name}: {name}" for path in MODULES for name in _imports(path) if name not in allowed}
    assert set() == offenders


def test_package_never_imports_build_scripts() -> None:
    """Data flows one way: build scripts use the package, never the reverse."""
    assert MODULES and all("build_scripts" not in _imports(path) for path in MODULES)


def test_every_module_says_what_it_may_import() -> None:
    """Each module's docstring names its room and what it may import."""
    for path in MODULES:
        if path.name == "__init__.py":
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert "May import:" in doc, f"{path.name} does not say what it may import"
