// Time the decision engine inside Pyodide under Node: `make benchmark` runs this.
//
//   node tests/pyodide/bench.mjs --code TIMING.py WHEEL
//
// Loads Pyodide from node_modules (timed), unpacks our wheel, runs the timing code (the same
// code build_scripts/benchmark.py runs in CPython) and prints its one-line JSON result, with the
// load time added. No network: fetch is refused, nothing is loaded by package name.

import { readFileSync, writeSync } from "node:fs";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { code: { type: "string" } } });
if (!values.code || positionals.length !== 1) {
  writeSync(2, "usage: bench.mjs --code TIMING.py WHEEL\n");
  process.exit(2);
}
globalThis.fetch = async (url) => {
  throw new Error(`bench.mjs: network request refused: ${url}`);
};
const { loadPyodide } = await import("pyodide");
const started = performance.now();
const pyodide = await Promise.race([
  loadPyodide(),
  new Promise((_, reject) => setTimeout(() => reject(new Error("loadPyodide() took over 120 s")), 120_000)),
]);
const loadSeconds = (performance.now() - started) / 1000;
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(readFileSync(positionals[0])), "wheel", { extractDir: sitePackages });
const result = JSON.parse(pyodide.runPython(readFileSync(values.code, "utf8")));
result.load_pyodide_s = loadSeconds;
result.python = pyodide.runPython("import sys; sys.version.split()[0]");
writeSync(1, JSON.stringify(result) + "\n");
process.exit(0);
