// Run tests/package inside Pyodide under Node, against our wheel — with no network at all.
//
//   node tests/pyodide/run.mjs --tests DIR --config pyproject.toml [--stdlib ZIP [--stdlib-rest ZIP]] [--timeout S]
//                              WHEEL... [-- PYTEST_ARGS...]
//
// Called by build_scripts/package_tests.py (`make test-pyodide`), which builds our wheel and
// downloads the pinned pure-Python wheels of pytest, hypothesis and their dependencies.
//
// - Pyodide comes from node_modules (`npm ci --ignore-scripts`). Nothing is ever loaded by package
//   name: that would fetch from a public CDN. Every wheel is read from disk and unpacked into
//   site-packages; `fetch` is replaced by one that refuses, so any attempt to reach the network
//   fails loudly instead of happening.
// - --stdlib names the standard library archive to start with (stdLibURL): the byte-compiled main
//   archive the site ships (build_scripts/compile_stdlib.py), so the tests run against exactly
//   those files; --stdlib-rest the second archive, which the finder in the main one fetches when
//   a module outside it is imported (rest.mjs stands for the browser's XMLHttpRequest).
// - Before pytest, every module of the package (but its command line, which the site never runs)
//   is imported: with --stdlib-rest, the run fails if that fetched the second archive (the main
//   one must hold every import of the package; build_scripts/compile_stdlib.py --record).
// - The tests directory is mounted from the host (mountNodeFS) and the project's pyproject.toml
//   is copied beside it, so pytest reads the same [tool.pytest.ini_options] as on the host.
// - A failed load can hang rather than reject, so loading races a timeout.
// - Exits with pytest's exit code; pytest's own output (with its closing line) goes to stdout.

import { readFileSync, writeSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import { restArchive } from "./rest.mjs";

const MIN_NODE = 18;
const ROOT = "/project"; // the host's layout, rebuilt inside Pyodide: ROOT/pyproject.toml, ROOT/tests/package

function fail(message, code = 3) {
  writeSync(2, `run.mjs: ${message}\n`);
  process.exit(code);
}

const major = Number(process.versions.node.split(".")[0]);
if (major < MIN_NODE) fail(`Node >= ${MIN_NODE} is required, this is ${process.version}`);

const argv = process.argv.slice(2);
const dashdash = argv.indexOf("--");
const pytestArgs = dashdash === -1 ? [] : argv.slice(dashdash + 1);
const { values, positionals: wheels } = parseArgs({
  args: dashdash === -1 ? argv : argv.slice(0, dashdash),
  allowPositionals: true,
  options: {
    tests: { type: "string" },
    config: { type: "string" },
    stdlib: { type: "string" },
    "stdlib-rest": { type: "string" },
    timeout: { type: "string", default: "120" },
  },
});
if (!values.tests || !values.config || wheels.length === 0) {
  fail("usage: run.mjs --tests DIR --config pyproject.toml [--stdlib ZIP [--stdlib-rest ZIP]] [--timeout S] WHEEL... [-- PYTEST_ARGS...]");
}
if (values["stdlib-rest"] && !values.stdlib) fail("--stdlib-rest needs --stdlib (the main archive, which holds the finder)");
const rest = values["stdlib-rest"] ? restArchive(values["stdlib-rest"]) : null;
const timeoutSeconds = Number(values.timeout);
if (!(timeoutSeconds > 0)) fail(`--timeout must be a positive number of seconds, not ${values.timeout}`);

// Zero third-party requests: nothing in this run may use the network.
globalThis.fetch = async (url) => {
  throw new Error(`run.mjs: network request refused: ${url}`);
};

let loadPyodide;
try {
  ({ loadPyodide } = await import("pyodide"));
} catch (error) {
  fail(`cannot import pyodide from node_modules (run \`npm ci --ignore-scripts\`): ${error.message}`);
}

function write(fd) {
  return {
    write(bytes) {
      writeSync(fd, bytes);
      return bytes.length;
    },
  };
}

let timer;
const timeout = new Promise((_, reject) => {
  timer = setTimeout(
    () => reject(new Error(`loadPyodide() did not finish within ${timeoutSeconds} s`)),
    timeoutSeconds * 1000,
  );
});
const started = performance.now();
let pyodide;
try {
  const options = { env: { PYTHONDONTWRITEBYTECODE: "1", ...rest?.env } };
  if (values.stdlib) options.stdLibURL = resolve(values.stdlib);
  pyodide = await Promise.race([loadPyodide(options), timeout]);
} catch (error) {
  fail(error.message);
} finally {
  clearTimeout(timer);
}
pyodide.setStdout(write(1));
pyodide.setStderr(write(2));
rest?.serve();

let code;
try {
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  for (const wheel of wheels) {
    // unpackArchive rejects a Node Buffer: hand it a plain Uint8Array.
    pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
  }
  pyodide.FS.mkdirTree(`${ROOT}/tests`);
  pyodide.FS.writeFile(`${ROOT}/pyproject.toml`, new Uint8Array(readFileSync(values.config)));
  const testsDir = `${ROOT}/tests/${basename(resolve(values.tests))}`;
  pyodide.mountNodeFS(testsDir, resolve(values.tests));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  const stdlib = values.stdlib ? `standard library ${basename(values.stdlib)}` : "standard library as shipped by npm";
  const split = rest ? ` + ${basename(values["stdlib-rest"])} on demand` : "";
  writeSync(1, `Pyodide ${pyodide.version} (Python ${python}, ${stdlib}${split}) ready in ${seconds} s; ${wheels.length} wheels unpacked\n`);

  // Every module of the package, by its files (the wheel holds .pyc only), but the command line.
  const imported = pyodide.runPython(`
import importlib
import os

import decision_tree

package = os.path.dirname(decision_tree.__file__)
names = []
for folder, _, files in sorted(os.walk(package)):
    prefix = os.path.relpath(folder, os.path.dirname(package)).replace(os.sep, ".")
    stems = {file.split(".")[0] for file in files if file.endswith((".py", ".pyc"))}
    names += [f"{prefix}.{stem}" for stem in sorted(stems - {"__init__", "__main__"})]
for name in names:
    importlib.import_module(name)
len(names)
`);
  if (rest && rest.requests.length) {
    fail(`importing the package's modules fetched the rest of the standard library: the main archive lacks a module they import (python -m build_scripts.compile_stdlib --record)`);
  }
  writeSync(1, `${imported} modules of decision_tree imported${rest ? " from the main archive alone" : ""}\n`);

  pyodide.globals.set("pytest_args", pyodide.toPy([testsDir, ...pytestArgs]));
  pyodide.globals.set("site_packages", sitePackages);
  code = pyodide.runPython(`
import os
import sys

sys.dont_write_bytecode = True  # never write __pycache__ into the mounted host directory
os.environ["DECISION_TREE_EXPECT_INSTALLED_IN"] = site_packages  # tests/package/conftest.py checks it
os.chdir("${ROOT}")

import pytest

int(pytest.main(list(pytest_args)))
`);
  if (rest) writeSync(1, `the rest of the standard library was fetched ${rest.requests.length} time(s) (pytest imports modules the site does not)\n`);
} catch (error) {
  fail(error.message);
}
process.exit(code);
