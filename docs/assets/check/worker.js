// The calculator: Pyodide and our package, in a Web Worker so the page never freezes.
// Hand-written (not generated). Only strings cross: the page posts JSON text, gets JSON text back.
//
//   page → worker  {type: "init", pyodide: URL of the Pyodide folder, wheel: URL of our wheel}
//   worker → page  {type: "ready"} | {type: "failed", error}
//   page → worker  {type: "render", id, request: JSON text for decision_tree.web.respond}
//   worker → page  {type: "rendered", id, response: JSON text}
//
// Everything comes from this site (build_scripts/widget.py writes it):
// - the wheel's folder holds the site's own pyodide-lock.json, which lists only our wheel with its
//   SHA-256. Pyodide loads the package by name from that folder (in a browser a name resolves
//   against the lock file's folder, never a CDN) and the browser checks the wheel's integrity.
//   The lock also names the standard library (`stdlib`, relative to the lock): Pyodide's own,
//   byte-compiled inside Pyodide at build time, so nothing is compiled at start-up.
// - loadPackage does not reject when a file fails (404, integrity): it logs and resolves. So the
//   worker checks that the package is loaded and reports what Pyodide said otherwise.

let respond = null;

async function start(pyodideFolder, wheelUrl) {
  const lockUrl = new URL("pyodide-lock.json", wheelUrl);
  // Fetch the lock file while pyodide.mjs loads: both are small, neither waits for the other.
  const lockFile = fetch(lockUrl).then((response) => {
    if (!response.ok) throw new Error(`pyodide-lock.json: HTTP ${response.status}`);
    return response.json();
  });
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideFolder).href);
  const { stdlib, ...lock } = await lockFile;
  const complaints = [];
  const pyodide = await loadPyodide({
    indexURL: pyodideFolder,
    stdLibURL: new URL(stdlib, lockUrl).href,
    lockFileContents: lock,
    packageBaseUrl: new URL(".", lockUrl).href,
    packages: Object.keys(lock.packages), // downloaded while Python starts
    stderr: (line) => complaints.push(line),
  });
  const missing = Object.keys(lock.packages).filter((name) => !(name in pyodide.loadedPackages));
  if (missing.length) throw new Error(`${missing.join(", ")} not loaded: ${complaints.join(" ") || "no reason given"}`);
  respond = pyodide.runPython("from decision_tree.web import respond; respond");
  respond('{"fragment": ""}'); // warm up: loads and checks the data files once
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      await start(message.pyodide, message.wheel);
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", error: String(error && error.message ? error.message : error) });
    }
  } else if (message.type === "render" && respond) {
    let response;
    try {
      response = respond(message.request);
    } catch (error) {
      response = JSON.stringify({ error: String(error && error.message ? error.message : error) });
    }
    self.postMessage({ type: "rendered", id: message.id, response });
  }
};
