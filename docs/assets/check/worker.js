// The calculator: Pyodide and our package, in a Web Worker so the page never freezes.
// Hand-written (not generated). Only strings cross: the page posts JSON text, gets JSON text back.
//
//   page → worker  {type: "init", pyodide: URL of the Pyodide folder, wheel: URL of our wheel}
//   worker → page  {type: "ready"} | {type: "failed", error}
//   page → worker  {type: "render", id, request: JSON text for decision_tree.web.respond}
//   worker → page  {type: "rendered", id, response: JSON text}
//
// Nothing is ever loaded by package name (that would go to a public CDN): Pyodide's own files
// come from the site, and our wheel is fetched by URL and unpacked.

let respond = null;

async function start(pyodideFolder, wheelUrl) {
  // Fetch our wheel while Pyodide starts: start-up is CPU-bound, the download can overlap it.
  const wheelBytes = fetch(wheelUrl).then((response) => {
    if (!response.ok) throw new Error(`wheel: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideFolder).href);
  const pyodide = await loadPyodide({ indexURL: pyodideFolder, fullStdLib: false });
  const wheel = new Uint8Array(await wheelBytes);
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
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
