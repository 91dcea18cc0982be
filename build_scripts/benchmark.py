"""Print how fast the engine is, in CPython and in Pyodide: ``make benchmark``. Not a test.

Build-time room. May import: the standard library and ``build_scripts.tooling``.

The same timing code runs in both: this interpreter with the source tree, and Pyodide under
Node with the built wheel (tests/pyodide/bench.mjs). It measures the time to enumerate every
path through the question tree and assess each one, and the latency of one ``assess`` call from
JSON text (parse, grade, route) on a few representative inputs. Medians; machines are noisy.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from build_scripts.tooling import REPO, Failure, ensure_node_modules, fresh_wheel, node

TIMING_CODE = r"""
import json, statistics, time
from decision_tree.answers import parse_json
from decision_tree.engine import assess
from decision_tree.tree import outcome, paths

def median_seconds(function, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

start = time.perf_counter()
assess(parse_json('{"level": "major"}'))  # first call loads and checks the data files
first_call = time.perf_counter() - start
count = sum(1 for path in paths() for _ in [outcome(path)])
inputs = [
    '{"involves_cii": true, "level": "major", "discovered_at": "2025-11-03T23:40:00+08:00"}',
    '{"facts": {"personal_info_leaked_people": 1000000, "direct_economic_loss_yuan": 20000000}}',
    '{"involves_cii": "unknown", "central_state_organ": "unknown", "discovered_at": "2025-11-03T23:40"}',
]
json.dumps({
    "paths": count,
    "first_call_ms": first_call * 1000,
    "enumerate_all_paths_ms": median_seconds(lambda: [outcome(p) for p in paths()], 5) * 1000,
    "assess_ms": [median_seconds(lambda text=text: assess(parse_json(text)), 50) * 1000 for text in inputs],
})
"""


def in_cpython() -> dict[str, object]:
    """Run the timing code here, on the source tree, returning its last expression as Pyodide does."""
    module = ast.parse(TIMING_CODE)
    last = module.body.pop()
    assert isinstance(last, ast.Expr), "the timing code must end with an expression"
    scope: dict[str, object] = {}
    exec(compile(module, "timing", "exec"), scope)  # our own constant, shared with the Pyodide run
    result: dict[str, object] = json.loads(eval(compile(ast.Expression(last.value), "timing", "eval"), scope))
    result["python"] = sys.version.split()[0]
    return result


def in_pyodide() -> dict[str, object]:
    """Run the same timing code inside Pyodide under Node, on the built wheel."""
    ensure_node_modules()
    wheel = fresh_wheel()
    with tempfile.NamedTemporaryFile("w", suffix=".py", encoding="utf-8", delete=False) as code:
        code.write(TIMING_CODE)
    try:
        out = subprocess.run(
            [node(), str(REPO / "tests" / "pyodide" / "bench.mjs"), "--code", code.name, str(wheel)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
    finally:
        Path(code.name).unlink()
    if out.returncode != 0:
        raise Failure(f"bench.mjs failed: {out.stderr.strip()[-500:]}")
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def report(name: str, result: dict[str, object]) -> None:
    """Print one runtime's numbers."""
    assess_ms = result["assess_ms"]
    assert isinstance(assess_ms, list)
    print(f"{name} (Python {result['python']})")
    if "load_pyodide_s" in result:
        print(f"  loadPyodide():                      {result['load_pyodide_s']:8.2f} s")
    print(f"  first assess (loads the data):      {result['first_call_ms']:8.1f} ms")
    print(f"  enumerate and assess {result['paths']} paths:   {result['enumerate_all_paths_ms']:8.1f} ms")
    print(f"  one assess from JSON (median of 50): {', '.join(f'{ms:.2f}' for ms in assess_ms)} ms")


def main() -> int:
    """Print CPython's and Pyodide's numbers side by side."""
    report("CPython", in_cpython())
    try:
        report("Pyodide under Node", in_pyodide())
    except Failure as failure:
        print(f"benchmark: {failure}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
