// Byte-compile the part of Pyodide's standard library the site imports, inside Pyodide itself,
// for the site to load with stdLibURL; and find out which part that is.
//
//   node build_scripts/compile_stdlib.mjs compile IN.zip OUT.zip MODULES.json
//   node build_scripts/compile_stdlib.mjs imports IN.zip WHEEL
//   node build_scripts/compile_stdlib.mjs wheel IN.whl OUT.whl
//
// Called by build_scripts/compile_stdlib.py (the site build, and `--record`). Only Pyodide's own
// CPython (3.14, wasm32) can write the bytecode it reads: the host's Python has another magic number.
//
// `compile`: each `.py` of IN.zip named in MODULES.json (a JSON list of entry names, such as
// "json/__init__.py") becomes a `.pyc` beside where it was, its source dropped; every other entry
// is copied as it is (so any other module still imports, compiled on the fly from source), except
// the few that nothing in a browser can use (DROPPED). The result is deterministic, so two builds
// give the same bytes:
// - entries in sorted order, each with the same fixed date (1980-01-01) and permissions;
// - unchecked hash-based pycs (PEP 552): the header holds a hash of the source, not its time,
//   and nothing is compared at import (there is no source to compare with);
// - compiled in one fresh interpreter, in that order, with optimisation level 2 (asserts and
//   docstrings stripped, as under python -OO, which CPython's own test suite runs under) and
//   without column tables (PYTHONNODEBUGRANGES: a traceback shows the line, not the ^^^ under
//   the expression). The interpreter itself keeps level 0: a module imported from source keeps
//   its asserts and docstrings, and our own package is untouched.
// Code objects name the file where Pyodide mounts the library (/lib/python314.zip/…), so
// tracebacks and __file__ look as they do with the source archive.
//
// `imports`: start a fresh Pyodide with IN.zip as its standard library, load WHEEL as the page's
// worker does (loadPackage), import decision_tree.web and render a set of states that reach every
// part of the package (the empty fragment, a deep link with a time, the grading helper with facts,
// English, the .ics download, an error), and print as JSON the sorted entries of IN.zip whose
// modules are now imported — what the site's start-up and first answers import.
//
// `wheel`: our wheel for the browser: every `.py` of IN.whl becomes a `.pyc` (level 2, no column
// tables, unchecked hash-based, the file named where Pyodide installs it: site-packages), its
// source dropped; every data file `decision_tree/data/*.toml` becomes `<name>.toml.pickle`, what
// tomllib parses it into (decision_tree.load.read_toml takes it instead of parsing); every other
// file is copied, and the RECORD written anew for the files it now holds. Deterministic like the
// archive. Importing compiled modules and unpickling the data save Pyodide about 0.2 s of start.
//
// Nothing is fetched: Pyodide comes from node_modules and `fetch` refuses.

import { readFileSync, writeFileSync, writeSync } from "node:fs";
import { resolve } from "node:path";

function fail(message) {
  writeSync(2, `compile_stdlib.mjs: ${message}\n`);
  process.exit(3);
}

const [command, input, ...rest] = process.argv.slice(2);
const usage = { compile: 2, imports: 1, wheel: 1 };
if (usage[command] !== rest.length) {
  fail("usage: compile_stdlib.mjs compile IN.zip OUT.zip MODULES.json | imports IN.zip WHEEL | wheel IN.whl OUT.whl");
}

globalThis.fetch = async (url) => {
  throw new Error(`compile_stdlib.mjs: network request refused: ${url}`);
};

const { loadPyodide } = await import("pyodide");
const env = { PYTHONDONTWRITEBYTECODE: "1", PYTHONNODEBUGRANGES: "1" };

if (command === "imports") {
  const [wheel] = rest;
  const pyodide = await loadPyodide({ env, stdLibURL: resolve(input) });
  const messages = [];
  await pyodide.loadPackage(resolve(wheel), { messageCallback: () => {}, errorCallback: (m) => messages.push(m) });
  const loaded = Object.keys(pyodide.loadedPackages);
  if (loaded.length !== 1) fail(`${wheel} did not load (${loaded.join(", ") || "nothing"}): ${messages.join(" ")}`);
  const entries = pyodide.runPython(`
import json
import sys

from decision_tree.web import respond

NOW = "2025-11-03T15:40:00Z"
CII = "involves_cii=yes&central_state_organ=no&level=major&sectors=none&suspected_crime=no&ransomware=no&state_secret=no"
GRADING = "involves_cii=no&central_state_organ=no&level=unknown&f.personal_info_leaked_people=120万&f.direct_economic_loss_yuan=lots"
for request in [
    {"fragment": ""},
    {"fragment": "", "now": NOW},
    {"fragment": CII + "&t=2025-11-03T23:40", "now": NOW},
    {"fragment": CII + "&t=unknown", "now": None, "root": "../../", "states": "s/"},
    {"fragment": GRADING, "now": NOW},
    {"fragment": CII + "&t=2025-11-03T23:40", "now": NOW, "lang": "en"},
    {"fragment": "involves_cii=unknown&central_state_organ=unknown&level=general&lang=en", "now": NOW},
    {"fragment": "level=major&level=general", "now": NOW},
]:
    response = json.loads(respond(json.dumps(request, ensure_ascii=False)))
    assert "html" in response, response
    assert request["fragment"] != CII + "&t=2025-11-03T23:40" or response["ics"], response
assert "error" in json.loads(respond("not json"))

mount = sys.path[1] + "/"  # where Pyodide mounts the standard library: /lib/python314.zip/
origins = (getattr(getattr(module, "__spec__", None), "origin", None) or "" for module in list(sys.modules.values()))
json.dumps(sorted({origin.removeprefix(mount) for origin in origins if origin.startswith(mount)}))
`);
  writeSync(1, entries + "\n");
  process.exit(0);
}

if (command === "wheel") {
  const [output] = rest;
  const pyodide = await loadPyodide({ env });
  pyodide.FS.writeFile("/tmp/in.whl", new Uint8Array(readFileSync(input)));
  const summary = pyodide.runPython(`
import base64
import hashlib
import importlib.util
import marshal
import pickle
import sysconfig
import tomllib
import zipfile

SITE = sysconfig.get_path("purelib")  # where Pyodide installs a wheel: /lib/python3.14/site-packages
FLAGS = (0b01).to_bytes(4, "little")  # hash-based, unchecked (PEP 552)


def write(target, name, data):
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    target.writestr(info, data, compresslevel=9)


compiled = parsed = 0
rows = []
with zipfile.ZipFile("/tmp/in.whl") as source, zipfile.ZipFile("/tmp/out.whl", "w") as target:
    [record] = [name for name in source.namelist() if name.endswith(".dist-info/RECORD")]
    for name in sorted(source.namelist()):
        if name == record or name.endswith("/"):
            continue
        data = source.read(name)
        if name.endswith(".py"):
            code = compile(data, f"{SITE}/{name}", "exec", dont_inherit=True, optimize=2)
            name, data = name + "c", importlib.util.MAGIC_NUMBER + FLAGS + importlib.util.source_hash(data) + marshal.dumps(code)
            compiled += 1
        elif name.startswith("decision_tree/data/") and name.endswith(".toml"):
            name, data = name + ".pickle", pickle.dumps(tomllib.loads(data.decode("utf-8")), protocol=5)
            parsed += 1
        write(target, name, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        rows.append(f"{name},sha256={digest},{len(data)}")
    write(target, record, "".join(f"{row}\\n" for row in [*rows, f"{record},,"]))
f"{compiled} modules of the wheel compiled, {parsed} data files parsed, {len(rows) - compiled - parsed} files copied"
`);
  writeFileSync(output, pyodide.FS.readFile("/tmp/out.whl"));
  writeSync(1, `compile_stdlib.mjs: ${summary}\n`);
  process.exit(0);
}

const [output, modulesFile] = rest;
const pyodide = await loadPyodide({ env });
pyodide.FS.writeFile("/tmp/in.zip", new Uint8Array(readFileSync(input)));
pyodide.globals.set("modules_json", readFileSync(modulesFile, "utf-8"));
const summary = pyodide.runPython(`
import importlib.util
import json
import marshal
import sys
import zipfile

MOUNT = sys.path[1]  # where Pyodide mounts the standard library: /lib/python314.zip
assert MOUNT.endswith(".zip"), MOUNT
FLAGS = (0b01).to_bytes(4, "little")  # hash-based, unchecked (PEP 552)
# Entries nothing in Pyodide can use: macOS's dynamic-library tools and their fetch scripts, type
# checkers' settings, the empty site-packages' README, and modules whose import fails in Pyodide
# whatever the caller does (Windows only, or needing a C module Pyodide lacks: _interpreters,
# _multiprocessing, _posixshmem, msvcrt). Without them, importing one still raises ImportError.
DROPPED = (
    "_pyrepl/mypy.ini", "asyncio/windows_", "concurrent/futures/interpreter.py", "concurrent/interpreters/",
    "ctypes/macholib/", "encodings/mbcs.py", "encodings/oem.py", "multiprocessing/forkserver.py",
    "multiprocessing/popen_forkserver.py", "multiprocessing/popen_spawn_win32.py",
    "multiprocessing/resource_tracker.py", "multiprocessing/shared_memory.py",
    "multiprocessing/synchronize.py", "site-packages/README.txt", "tomllib/mypy.ini",
)
modules = set(json.loads(modules_json))
compiled = copied = dropped = 0
with zipfile.ZipFile("/tmp/in.zip") as source, zipfile.ZipFile("/tmp/out.zip", "w") as target:
    missing = modules - set(source.namelist())
    assert not missing, f"not in the archive: {sorted(missing)}"
    for name in sorted(source.namelist()):
        if name.startswith(DROPPED):
            dropped += 1
            continue
        data = source.read(name)
        if name in modules:
            code = compile(data, f"{MOUNT}/{name}", "exec", dont_inherit=True, optimize=2)
            name, data = name + "c", importlib.util.MAGIC_NUMBER + FLAGS + importlib.util.source_hash(data) + marshal.dumps(code)
            compiled += 1
        else:
            copied += 1
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.create_system = 3
        info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else 0o100644 << 16
        info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
        target.writestr(info, data, compresslevel=9)
f"{compiled} modules compiled, {copied} entries copied, {dropped} dropped, Python {sys.version.split()[0]}"
`);
writeFileSync(output, pyodide.FS.readFile("/tmp/out.zip"));
writeSync(1, `compile_stdlib.mjs: ${summary}\n`);
