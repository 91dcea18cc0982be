// The calculator: Pyodide and our package, in a Web Worker so the page never freezes.
// Hand-written (not generated). The page posts plain requests; answers come back as JSON text.
//
//   page → worker  {type: "init", pyodide: URL of the Pyodide folder, wheel: URL of our wheel,
//                   texts: the page's words for failures, from decision_tree/data/ui.toml,
//                   first: the request for the link the page opened with, or null}
//   worker → page  {type: "progress", downloading, bytes} (while files arrive; throttled)
//   worker → page  {type: "ready", first: JSON text answering `first`, or null}
//                  | {type: "failed", error: a reason in the page's language}
//   page → worker  {type: "render", id, request: {fragment, root, states, lang}}
//   worker → page  {type: "rendered", id, response: JSON text}
//   page → worker  {type: "render", id, request: {incident: {action, ...}}} (incident.js): the same,
//                  answered by decision_tree.web.incident_boundary.respond_incident
// A request becomes the JSON text decision_tree.web.respond reads, with "now" added here, at the
// moment it is answered.
//
// Everything comes from this site (build_scripts/widget.py writes it):
// - the wheel's folder holds the site's own pyodide-lock.json, which lists only our wheel with its
//   SHA-256. Pyodide loads the package by name from that folder (in a browser a name resolves
//   against the lock file's folder, never a CDN) and the browser checks the wheel's integrity.
//   The lock also names the standard library (`stdlib`, relative to the lock): Pyodide's own,
//   byte-compiled inside Pyodide at build time, so nothing is compiled at start-up, and only the
//   modules the site imports. The rest (`stdlib_rest`) is fetched only if another module is
//   imported: the import finder in the main archive (build_scripts/stdlib_ondemand.py, run while
//   Python starts) reads its address from STDLIB_REST_URL and fetches it with a synchronous
//   XMLHttpRequest, which a worker may make (same origin: connect-src 'self' allows it).
// - loadPackage does not reject when a file fails (404, integrity): it logs and resolves. So the
//   worker checks that the package is loaded and reports what Pyodide said otherwise.
// - Every file Pyodide fetches goes through `watched` below: an HTTP error, a .wasm of the wrong
//   type or a failed integrity check is reported at once (Pyodide itself might hang or go on),
//   and arriving bytes are reported so that the page waits as long as a slow link delivers.

let respond = null;
let respondIncident = null;
let texts = {}; // the failure messages, in the page's language (sent with "init")

// A message from ui.toml with its {placeholders} filled in.
function say(key, values = {}) {
  return (texts[key] || key).replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}
let failed = false;

function fail(reason) {
  if (failed) return;
  failed = true;
  self.postMessage({ type: "failed", error: reason });
}

const plainFetch = self.fetch.bind(self);
let downloading = 0;
let bytes = 0;
let lastReport = 0;

function report(force) {
  const now = performance.now();
  if (!force && now - lastReport < 250) return;
  lastReport = now;
  self.postMessage({ type: "progress", downloading, bytes });
}

async function watched(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input), self.location.href);
  const name = decodeURIComponent(url.pathname.split("/").pop());
  downloading += 1;
  report(true);
  let response;
  try {
    response = await plainFetch(input, init);
  } catch (error) {
    downloading -= 1;
    fail(init && init.integrity ? say("js.file_integrity", { name }) : say("js.file_failed", { name, error: error.message }));
    throw error;
  }
  const type = (response.headers.get("content-type") || "").split(";")[0].trim();
  if (!response.ok) fail(say("js.file_http", { name, status: response.status }));
  else if (name.endsWith(".wasm") && type !== "application/wasm") {
    fail(say("js.file_type", { name, type: type || say("js.type_none") }));
  }
  if (!response.ok || !response.body) {
    downloading -= 1;
    report(true);
    return response;
  }
  const counted = response.body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        report(false);
        controller.enqueue(chunk);
      },
      flush() {
        downloading -= 1;
        report(true);
      },
    }),
  );
  return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
}
self.fetch = watched;

async function start(pyodideFolder, wheelUrl) {
  const lockUrl = new URL("pyodide-lock.json", wheelUrl);
  // Fetch the lock file while pyodide.mjs loads: both are small, neither waits for the other.
  const lockFile = fetch(lockUrl).then((response) => {
    if (!response.ok) throw new Error(say("js.file_http", { name: "pyodide-lock.json", status: response.status }));
    return response.json();
  });
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideFolder).href);
  const { stdlib, stdlib_rest: rest, ...lock } = await lockFile;
  const complaints = [];
  const pyodide = await loadPyodide({
    indexURL: pyodideFolder,
    stdLibURL: new URL(stdlib, lockUrl).href,
    env: { STDLIB_REST_URL: new URL(rest, lockUrl).href },
    lockFileContents: lock,
    packageBaseUrl: new URL(".", lockUrl).href,
    packages: Object.keys(lock.packages), // downloaded while Python starts
    stderr: (line) => complaints.push(line),
  });
  const missing = Object.keys(lock.packages).filter((name) => !(name in pyodide.loadedPackages));
  if (missing.length) {
    throw new Error(say("js.package_missing", { names: missing.join(", "), why: complaints.join(" ") || say("js.unknown_reason") }));
  }
  respond = pyodide.runPython("from decision_tree.web import respond; respond");
  respondIncident = pyodide.runPython("from decision_tree.web.incident_boundary import respond_incident; respond_incident");
}

// The present moment with the browser's own UTC offset (2026-12-06T02:35:00+01:00): the same
// moment as in UTC, and it tells the calculator the reader's zone, whose clock the calendar file
// gives beside Beijing time (decision_tree.web.calendar.reader_time).
function nowHere() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const east = -now.getTimezoneOffset();
  const offset = `${east < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(east) / 60))}:${pad(Math.abs(east) % 60)}`;
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}${offset}`;
}

// The calculator's answer to a request, as JSON text.
// An incident file's request ({incident: {...}}, from incident.js) goes to respond_incident.
function answer(request) {
  if (request.incident) return respondIncident(JSON.stringify({ ...request.incident, now: new Date().toISOString() }));
  return respond(JSON.stringify({ ...request, now: nowHere() }));
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    texts = message.texts || {};
    try {
      await start(message.pyodide, message.wheel);
      // The first answer also loads and checks the data files (a failure there fails the start);
      // without a link, warm up with the first question's state, so the first click is quick.
      const first = answer(message.first || { fragment: "" });
      if (!failed) self.postMessage({ type: "ready", first: message.first ? first : null });
    } catch (error) {
      fail(String(error && error.message ? error.message : error));
    }
  } else if (message.type === "render" && respond) {
    let response;
    try {
      response = answer(message.request);
    } catch (error) {
      // The calculator never raises on a request (decision_tree/web/boundary.py); if it ever does,
      // the reader gets the page's own words, never Python's (the console keeps them for a report).
      console.error(error);
      response = JSON.stringify({ error: say("js.internal") });
    }
    self.postMessage({ type: "rendered", id: message.id, response });
  }
};
