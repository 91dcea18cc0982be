// Split Pyodide's standard library in two for the site, inside Pyodide itself: the modules the
// site imports, byte-compiled, and the rest, fetched on demand; and find out which modules those are.
//
//   node build_scripts/compile_stdlib.mjs compile IN.zip MAIN.zip REST.zip MODULES.json FINDER.py
//   node build_scripts/compile_stdlib.mjs imports IN.zip WHEEL
//   node build_scripts/compile_stdlib.mjs wheel IN.whl OUT.whl
//
// Called by build_scripts/compile_stdlib.py (the site build, and `--record`). Only Pyodide's own
// CPython (3.14, wasm32) can write the bytecode it reads: the host's Python has another magic number.
//
// `compile`: each `.py` of IN.zip named in MODULES.json (a JSON list of entry names, such as
// "json/__init__.py") becomes a `.pyc` in MAIN.zip, its source dropped; FINDER.py
// (build_scripts/stdlib_ondemand.py) is compiled into MAIN.zip as `sitecustomize`, with the names
// of the modules REST.zip holds written into it. Every other entry goes into REST.zip: a module as
// source or as bytecode, whichever is the smaller deflated, any other file as it is; except the
// few that nothing in a browser can use (DROPPED). The result is deterministic, so two builds
// give the same bytes:
// - entries in sorted order, each with the same fixed date (1980-01-01) and permissions;
// - unchecked hash-based pycs (PEP 552): the header holds a hash of the source, not its time,
//   and nothing is compared at import (there is no source to compare with);
// - compiled in one fresh interpreter, in that order, with optimisation level 2 (asserts and
//   docstrings stripped, as under python -OO, which CPython's own test suite runs under) and
//   without column tables (PYTHONNODEBUGRANGES: a traceback shows the line, not the ^^^ under
//   the expression). The interpreter itself keeps level 0: a module imported from source keeps
//   its asserts and docstrings, and our own package is untouched.
// Code objects name the file where Pyodide mounts the main archive (/lib/python314.zip/…) or
// where the finder writes the rest (/lib/python_stdlib_rest.zip/…), so tracebacks and __file__
// look as they do with the source archive.
//
// `imports`: start a fresh Pyodide with IN.zip as its standard library, load WHEEL (our wheel as
// the site ships it) as the page's worker does (loadPackage), import every module of our package
// but its command line, render every golden path with a time (the record, the calendar file) and
// some without and in English, the grading helper and bad input, and a whole incident file, and
// print as JSON the sorted entries of IN.zip whose modules
// are now imported — what the site's start-up and answers import.
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
const usage = { compile: 4, imports: 1, wheel: 1 };
if (usage[command] !== rest.length) {
  fail(
    "usage: compile_stdlib.mjs compile IN.zip MAIN.zip REST.zip MODULES.json FINDER.py | imports IN.zip WHEEL | wheel IN.whl OUT.whl",
  );
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
import os
import sys

import decision_tree
from decision_tree.tree import paths
from decision_tree.web import State, respond

NOW = "2025-11-03T15:40:00Z"
TIME = "&t=2025-11-03T23:40"


def answer(request):
    response = json.loads(respond(json.dumps(request, ensure_ascii=False)))
    assert "html" in response, (request, response)
    return response


# Every module of our package but the command line (the site never runs it), by its files: so a
# module the page does not reach yet (a new one) still has its imports in the main archive.
package = os.path.dirname(decision_tree.__file__)
for folder, _, files in sorted(os.walk(package)):
    for file in sorted(files):
        if file.endswith((".py", ".pyc")) and file.split(".")[0] not in ("__init__", "__main__"):
            relative = os.path.relpath(os.path.join(folder, file.split(".")[0]), os.path.dirname(package))
            __import__(relative.replace(os.sep, "."))

# Every golden path, with a time (the deadlines, the record and the calendar file) and without.
for number, path in enumerate(paths()):
    fragment = State(path=dict(path)).fragment()
    calendar = answer({"fragment": fragment + TIME, "now": NOW})
    assert calendar["record"] and (calendar["ics"] or not calendar["earliest_due"]), calendar
    if number % 8 == 0:
        answer({"fragment": fragment + TIME, "now": NOW, "lang": "en"})
        answer({"fragment": fragment + "&t=unknown", "now": None, "root": "../../", "states": "s/"})
# The first question, the grading helper (facts in words and numbers, one it cannot read), bad input.
CII = "involves_cii=yes&central_state_organ=no&level=major&sectors=none&suspected_crime=no&ransomware=no&state_secret=no"
GRADING = "involves_cii=no&central_state_organ=no&level=unknown&f.personal_info_leaked_people=120万&f.direct_economic_loss_yuan=lots"
for request in [
    {"fragment": ""},
    {"fragment": "", "now": NOW},
    {"fragment": GRADING, "now": NOW},
    {"fragment": GRADING.replace("lots", "2000万元"), "now": NOW, "lang": "en"},
    {"fragment": "involves_cii=unknown&central_state_organ=unknown&level=general&lang=en", "now": NOW},
    {"fragment": "level=major&level=general", "now": NOW},
    {"fragment": CII + "&t=2025-13-03T99:40", "now": NOW},
]:
    answer(request)
assert "error" in json.loads(respond("not json"))

# The incident file (decision_tree/incident.py, issue 20): the main archive holds what a whole
# incident (opened, a report sent, its status, its documents, checked, two copies merged) imports.
def incident_file():
    from decision_tree import incident

    now = "2025-11-04T02:00:00Z"
    file = incident.new_file({"involves_cii": True, "level": "major", "discovered_at": "2025-11-03T23:40"}, now)
    event = {"type": "report_sent", "at": "2025-11-04T00:20", "to": "protection_department", "channel": "phone", "items": [1, 2], "not_determinable": True}
    file = incident.add_event(file, event, now)
    assert incident.verify(file).ok
    assert incident.merge(file, file) == file
    json.dumps([incident.status(file, now), incident.documents(file, now)], ensure_ascii=False)
incident_file()

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

const [mainOutput, restOutput, modulesFile, finderFile] = rest;
const pyodide = await loadPyodide({ env });
pyodide.FS.writeFile("/tmp/in.zip", new Uint8Array(readFileSync(input)));
pyodide.globals.set("modules_json", readFileSync(modulesFile, "utf-8"));
pyodide.globals.set("finder_source", readFileSync(finderFile, "utf-8"));
const summary = pyodide.runPython(`
import importlib.util
import json
import marshal
import re
import sys
import zipfile
import zlib

MOUNT = sys.path[1]  # where Pyodide mounts the standard library: /lib/python314.zip
assert MOUNT.endswith(".zip"), MOUNT
# Where the finder writes the rest archive (stdlib_ondemand.ARCHIVE_NAME): its code objects name it.
REST_MOUNT = MOUNT.rpartition("/")[0] + "/" + re.search(r'^ARCHIVE_NAME = "([^"]+)"', finder_source, re.M)[1]
PLACEHOLDER = "REST_MODULES: frozenset[str] = frozenset()"
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


def pyc(mount, name, data):
    code = compile(data, f"{mount}/{name}", "exec", dont_inherit=True, optimize=2)
    return importlib.util.MAGIC_NUMBER + FLAGS + importlib.util.source_hash(data) + marshal.dumps(code)


def module(name):
    """The dotted name of the module an entry holds: email/__init__.py is email."""
    return name.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def write(path, entries):
    """A zip of entries, deterministic: sorted, one date, fixed permissions, with its folders."""
    folders = {name[: index + 1] for name in entries for index, char in enumerate(name) if char == "/"}
    with zipfile.ZipFile(path, "w") as target:
        for name in sorted({*entries, *folders}):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
            target.writestr(info, entries.get(name, b""), compresslevel=9)


modules = set(json.loads(modules_json))
main, rest, rest_modules = {}, {}, set()
with zipfile.ZipFile("/tmp/in.zip") as source:
    missing = modules - set(source.namelist())
    assert not missing, f"not in the archive: {sorted(missing)}"
    assert "sitecustomize.py" not in source.namelist()
    for name in sorted(source.namelist()):
        if name.startswith(DROPPED) or name.endswith("/"):
            continue
        data = source.read(name)
        if name in modules:
            main[name + "c"] = pyc(MOUNT, name, data)
        elif name.endswith(".py"):
            # Bytecode or source, whichever is the smaller compressed (mostly the source: it
            # imports as well, compiled on the fly).
            compiled = pyc(REST_MOUNT, name, data)
            smaller = len(zlib.compress(compiled, 9)) < len(zlib.compress(data, 9))
            rest[name + "c" if smaller else name] = compiled if smaller else data
            rest_modules.add(module(name))
        else:
            rest[name] = data
assert finder_source.count(PLACEHOLDER) == 1, "stdlib_ondemand.py must keep its REST_MODULES line as it is"
finder = finder_source.replace(PLACEHOLDER, f"REST_MODULES: frozenset[str] = frozenset({sorted(rest_modules)!r})")
main["sitecustomize.pyc"] = pyc(MOUNT, "sitecustomize.py", finder.encode())
write("/tmp/main.zip", main)
write("/tmp/rest.zip", rest)
compiled = sum(name.endswith(".pyc") for name in rest)
(
    f"main: {len(main) - 1} modules compiled and the finder; rest: {len(rest_modules)} modules ({compiled} compiled, "
    f"{len(rest_modules) - compiled} source), {len(rest) - len(rest_modules)} other files; Python {sys.version.split()[0]}"
)
`);
writeFileSync(mainOutput, pyodide.FS.readFile("/tmp/main.zip"));
writeFileSync(restOutput, pyodide.FS.readFile("/tmp/rest.zip"));
writeSync(1, `compile_stdlib.mjs: ${summary}\n`);
