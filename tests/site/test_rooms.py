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
