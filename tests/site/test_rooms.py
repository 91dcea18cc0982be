"""Build scripts stay in their room: each says what it may import; none is imported by the package."""

from __future__ import annotations

import ast
from pathlib import Path

BUILD_SCRIPTS = Path(__file__).resolve().parent.parent.parent / "build_scripts"


def test_every_build_script_says_what_it_may_import() -> None:
    """Each build script's docstring names its room and what it may import."""
    scripts = [p for p in sorted(BUILD_SCRIPTS.glob("*.py")) if p.name != "__init__.py"]
    assert len(scripts) >= 4
    for path in scripts:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert "May import:" in doc, f"{path.name} does not say what it may import"


def build_script_imports(folder: Path = BUILD_SCRIPTS) -> dict[str, set[str]]:
    """Each build script in ``folder`` (by module name) → the build scripts it imports, wherever
    the import statement is: at the top, inside a function, under ``TYPE_CHECKING``."""
    graph: dict[str, set[str]] = {}
    names = {path.stem for path in folder.glob("*.py")}
    for path in sorted(folder.glob("*.py")):
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                dotted = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                dotted = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.ImportFrom):  # relative: from . import x, from .x import y
                dotted = [f"build_scripts.{node.module or alias.name}" for alias in node.names]
            else:
                continue
            imported |= {name.split(".")[1] for name in dotted if name.startswith("build_scripts.")}
        graph[path.stem] = imported & names - {path.stem, "__init__"}
    return graph


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == module:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_cycle_closed_by_an_import_inside_a_function(tmp_path: Path) -> None:
    """Imports in every spelling, one of them inside a function, make one cycle of three modules;
    a module that only imports into the cycle is not part of it."""
    (tmp_path / "a.py").write_text("import build_scripts.b\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("from build_scripts.c import thing\n", encoding="utf-8")
    (tmp_path / "c.py").write_text("def f():\n    from build_scripts import a\n", encoding="utf-8")
    (tmp_path / "d.py").write_text("from . import a\n", encoding="utf-8")
    graph = build_script_imports(tmp_path)
    assert ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, {frozenset({"a", "b", "c"})}) == (graph, cycles(graph))


def test_build_scripts_import_one_another_without_a_cycle() -> None:
    """No build script reaches itself through the build scripts it imports (inside functions too):
    what two need goes into a module that imports neither (as tooling.py does for package_tests and
    compile_stdlib; views.py for the two editions' views)."""
    graph = build_script_imports()
    assert {"tooling", "package_tests", "compile_stdlib"} <= graph.keys()
    assert "tooling" in graph["compile_stdlib"] and "compile_stdlib" in graph["package_tests"]
    assert "views" in graph["views_en"] and "generate" not in graph["views_en"]
    assert set() == cycles(graph)


def test_each_build_script_names_the_build_scripts_it_imports() -> None:
    """Every build script a module imports is named (``build_scripts.<name>``) in its docstring's
    "May import:" paragraph, which therefore stays true."""
    untrue = set()
    for module, imported in build_script_imports().items():
        if module == "__init__":
            continue
        doc = ast.get_docstring(ast.parse((BUILD_SCRIPTS / f"{module}.py").read_text(encoding="utf-8"))) or ""
        allowed = doc[doc.find("May import:") :].split("\n\n")[0]
        untrue |= {f"{module} imports {other}" for other in imported if f"build_scripts.{other}``" not in allowed}
    assert set() == untrue
