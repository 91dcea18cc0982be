"""The package's source follows the project's rules: it imports only the standard library and
itself (so it runs unchanged in Pyodide), each module says what it may import, and no Python
module (but the readers of Chinese) or shipped script writes Chinese in code: words come from data.

Host only: the site ships the package byte-compiled, without its source, so these read the
source tree (tests/package runs against the built wheel, installed alone, and inside Pyodide).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "decision_tree"
MODULES = sorted(PACKAGE.rglob("*.py"))
CJK = re.compile(r"[\u3400-\u9fff]")
ROOT = PACKAGE.parent
# The modules that read Chinese: numerals and the words numbers are written with (web/entry.py), the
# law's numbering (citations.py, load.py, integrity.py) and the verified sources' lines
# (build_scripts/source_text.py) and the built pages' paragraph numbers (build_scripts/search_parts.py).
# Every other module's words come from data.
READERS = {"citations.py", "entry.py", "load.py", "integrity.py", "source_text.py", "search_parts.py"}
PYTHON = sorted([*MODULES, *(ROOT / "build_scripts").glob("*.py")])
# Every script the site ships (the service worker is build_scripts/offline_sw.js with a head).
SHIPPED_JS = sorted([*(ROOT / "docs").rglob("*.js"), ROOT / "build_scripts" / "offline_sw.js"])


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


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants in a module (they may explain in Chinese)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _python_literals(path: Path) -> list[str]:
    """The string literals of a module that hold Chinese, docstrings left out (they may explain in Chinese)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        if CJK.search(node.value)
    ]


def js_code_lines(source: str) -> list[str]:
    """The lines of a script with its comments blanked out (strings, templates and regular expressions kept)."""
    out, i, n = [], 0, len(source)
    last = ""  # the last significant character of code, to tell a regular expression from a division
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            block = source[i : n if end < 0 else end + 2]
            out.append("\n" * block.count("\n"))
            i = n if end < 0 else end + 2
            continue
        if c in "'\"`" or (c == "/" and (not last or last in "(,=:[!&|?{};+-*%<>~^")):
            j = i + 1
            while j < n and source[j] != c:
                j += 2 if source[j] == "\\" else 1
            out.append(source[i : j + 1])
            last, i = c, j + 1
            continue
        out.append(c)
        if not c.isspace():
            last = c
        i += 1
    return "".join(out).splitlines()


def chinese_in_code() -> set[str]:
    """Every Chinese literal outside comments and docstrings in the Python modules (but the
    readers') and the shipped scripts: Python by its literal, a script by its stripped line."""
    found = set()
    for path in PYTHON:
        if path.name not in READERS:
            found |= set(_python_literals(path))
    for path in SHIPPED_JS:
        found |= {line.strip() for line in js_code_lines(path.read_text(encoding="utf-8")) if CJK.search(line)}
    return found


def test_the_comment_stripper_keeps_strings_and_drops_comments() -> None:
    """A // or /* */ comment goes; a string, template or regular expression that looks like one stays."""
    source = 'a = "//中"; // 注\nb = `/*文*/`; /* 注\n释 */ c = /[/]中/.test(x) / 2;\n'
    assert ['a = "//中"; ', "b = `/*文*/`; ", " c = /[/]中/.test(x) / 2;"] == js_code_lines(source)


def test_no_chinese_literal_in_code_but_the_readers() -> None:
    """No Python module but the readers of Chinese, and no shipped script, holds a Chinese literal
    outside comments and docstrings."""
    assert len(PYTHON) > 30 and len(SHIPPED_JS) >= 8
    assert set() == chinese_in_code()
