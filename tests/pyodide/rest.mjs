// The rest of the standard library under Node, as the page's worker has it: the finder in the
// main archive (build_scripts/stdlib_ondemand.py, shipped as sitecustomize) fetches the second
// archive with a synchronous XMLHttpRequest when a module outside the main one is imported. Node
// has no XMLHttpRequest: this one reads that one file from disk and refuses every other address,
// and counts what it was asked for, so a test can tell whether (and for what) the rest was fetched.
//
//   import { restArchive } from "./rest.mjs";
//   const rest = restArchive(path);            // before loadPyodide: its env names the archive
//   loadPyodide({ env: { ...rest.env } });     // the finder is installed while Pyodide starts
//   rest.serve();                              // after: requests are answered from now on
//   rest.requests                              // the addresses asked for, in order

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export function restArchive(path) {
  const url = pathToFileURL(resolve(path)).href;
  const requests = [];
  class FileRequest {
    open(method, address, asynchronous) {
      if (method !== "GET" || asynchronous !== false) throw new Error(`rest.mjs: only synchronous GET, not ${method}`);
      this.address = address;
    }
    send() {
      requests.push(this.address);
      if (this.address !== url) throw new Error(`rest.mjs: network request refused: ${this.address}`);
      const data = readFileSync(resolve(path));
      this.response = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
      this.status = 200;
    }
  }
  return {
    env: { STDLIB_REST_URL: url },
    requests,
    // Only once Pyodide has started: Emscripten looks for an XMLHttpRequest while it loads.
    serve() {
      globalThis.XMLHttpRequest = FileRequest;
    },
  };
}
