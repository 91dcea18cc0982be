// Run a piece of Python in Pyodide under Node with the site's standard library split in two, as
// the page's worker has it: the main archive, and the rest fetched on demand (rest.mjs).
//
//   node tests/pyodide/python.mjs --stdlib MAIN.zip --stdlib-rest REST.zip --code FILE.py
//
// Prints one line of JSON: {"value": the value of the code's last expression (a string),
// "requests": the addresses the finder fetched, in order}. Called by tests/site/test_stdlib.py.
// No network: fetch is refused, nothing is loaded by package name.

import { readFileSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { restArchive } from "./rest.mjs";

const { values } = parseArgs({
  options: { stdlib: { type: "string" }, "stdlib-rest": { type: "string" }, code: { type: "string" } },
});
if (!values.stdlib || !values["stdlib-rest"] || !values.code) {
  writeSync(2, "usage: python.mjs --stdlib MAIN.zip --stdlib-rest REST.zip --code FILE.py\n");
  process.exit(2);
}
globalThis.fetch = async (url) => {
  throw new Error(`python.mjs: network request refused: ${url}`);
};
const rest = restArchive(values["stdlib-rest"]);
const { loadPyodide } = await import("pyodide");
const pyodide = await Promise.race([
  loadPyodide({ stdLibURL: resolve(values.stdlib), env: { PYTHONDONTWRITEBYTECODE: "1", ...rest.env } }),
  new Promise((_, reject) => setTimeout(() => reject(new Error("loadPyodide() took over 120 s")), 120_000)),
]);
rest.serve();
const value = String(pyodide.runPython(readFileSync(values.code, "utf8")));
writeSync(1, JSON.stringify({ value, requests: rest.requests }) + "\n");
process.exit(0);
