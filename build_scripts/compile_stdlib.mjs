// Byte-compile Pyodide's standard library inside Pyodide itself, for the site to load with stdLibURL.
//
//   node build_scripts/compile_stdlib.mjs IN.zip OUT.zip
//
// Called by build_scripts/compile_stdlib.py (the site build). Only Pyodide's own CPython (3.14,
// wasm32) can write the bytecode it reads: the host's Python has another magic number.
//
// Every `.py` in IN.zip becomes a `.pyc` beside where it was (the source is dropped); every other
// entry is copied. The result is deterministic, so two builds give the same bytes:
// - entries in sorted order, each with the same fixed date (1980-01-01) and permissions;
// - unchecked hash-based pycs (PEP 552): the header holds a hash of the source, not its time,
//   and nothing is compared at import (there is no source to compare with);
// - compiled in one fresh interpreter, in that order, with optimisation level 0 (asserts and
//   docstrings kept, as Pyodide runs them from source) and without column tables
//   (PYTHONNODEBUGRANGES: a traceback shows the line, not the ^^^ under the expression), which
//   makes the archive a fifth smaller (4.48 → 3.54 MB).
// Code objects name the file where Pyodide mounts the library (/lib/python314.zip/…), so
// tracebacks and __file__ look as they do with the source archive.
//
// Nothing is fetched: Pyodide comes from node_modules and `fetch` refuses.

import { readFileSync, writeFileSync, writeSync } from "node:fs";

function fail(message) {
  writeSync(2, `compile_stdlib.mjs: ${message}\n`);
  process.exit(3);
}

const [input, output] = process.argv.slice(2);
if (!input || !output) fail("usage: compile_stdlib.mjs IN.zip OUT.zip");

globalThis.fetch = async (url) => {
  throw new Error(`compile_stdlib.mjs: network request refused: ${url}`);
};

const { loadPyodide } = await import("pyodide");
const pyodide = await loadPyodide({ env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONNODEBUGRANGES: "1" } });
pyodide.FS.writeFile("/tmp/in.zip", new Uint8Array(readFileSync(input)));
const summary = pyodide.runPython(`
import importlib.util
import marshal
import sys
import zipfile

MOUNT = sys.path[1]  # where Pyodide mounts the standard library: /lib/python314.zip
assert MOUNT.endswith(".zip"), MOUNT
FLAGS = (0b01).to_bytes(4, "little")  # hash-based, unchecked (PEP 552)
compiled = copied = 0
with zipfile.ZipFile("/tmp/in.zip") as source, zipfile.ZipFile("/tmp/out.zip", "w") as target:
    for name in sorted(source.namelist()):
        data = source.read(name)
        if name.endswith(".py"):
            code = compile(data, f"{MOUNT}/{name}", "exec", dont_inherit=True, optimize=0)
            name, data = name + "c", importlib.util.MAGIC_NUMBER + FLAGS + importlib.util.source_hash(data) + marshal.dumps(code)
            compiled += 1
        else:
            copied += 1
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else 0o100644 << 16
        info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
        target.writestr(info, data, compresslevel=9)
f"{compiled} modules compiled, {copied} entries copied, Python {sys.version.split()[0]}"
`);
writeFileSync(output, pyodide.FS.readFile("/tmp/out.zip"));
writeSync(1, `compile_stdlib.mjs: ${summary}\n`);
