// Self-check for administrators: does this server serve what the calculator needs, the way it
// needs it? Hand-written (not generated). Requests go to this server only.
//
// Each item is required (the calculator or the themed pages fail without it) or recommended
// (speed and freshness). data-ok and data-kind carry the outcome for tests. Every word comes
// from the page's language's assets/texts.<lang>.json (written by the build from ui.toml).
const list = document.querySelector("#selfcheck-results");
const root = new URL(list.dataset.root || "../", location.href);
const pyodide = list.dataset.pyodide;
const LONG_CACHE = 7 * 24 * 3600; // seconds: a week or more counts as long (the settings give a year)
const lang = document.documentElement.lang.startsWith("en") ? "en" : "zh";
let texts = {};

// The entry site.selfcheck.<id> in this page's language, its {name}s filled in from values.
function say(id, values = {}) {
  const template = texts[`site.selfcheck.${id}`] || id;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function report(ok, text, advice, kind = "required") {
  const item = document.createElement("li");
  item.dataset.ok = String(ok);
  item.dataset.kind = kind;
  const mark = say(ok ? "ok" : kind === "required" ? "required" : "recommended");
  item.textContent = say("line", { mark, text }) + (ok || !advice ? "" : say("advice", { advice }));
  list.append(item);
}

async function get(path) {
  return fetch(new URL(path, root), { cache: "no-store" });
}

function typeOf(response) {
  return (response.headers.get("content-type") || "").split(";")[0].trim();
}

async function check(path, expected, label) {
  try {
    const response = await get(path);
    if (!response.ok) {
      report(false, say("status", { label, status: response.status }), say("missing"));
      return null;
    }
    const type = typeOf(response);
    report(expected.includes(type), say("type", { label, type: type || say("none") }),
      say("type_advice", { expected: expected.join(say("or")) }));
    return response;
  } catch (error) {
    report(false, say("unreachable", { label, error: error.message }), say("unreachable_advice"));
    return null;
  }
}

function maxAge(response) {
  const header = response.headers.get("cache-control") || "";
  const match = header.match(/max-age=(\d+)/);
  return { header, seconds: match ? Number(match[1]) : null };
}

function longCache(response, label) {
  const { header, seconds } = maxAge(response);
  report(seconds !== null && seconds >= LONG_CACHE, say("cache", { label, header: header || say("no_cache_header") }),
    say("long_cache_advice"), "recommended");
}

function compressed(response, label) {
  const encoding = response.headers.get("content-encoding") || "";
  report(/gzip|br|zstd/.test(encoding), say("compression", { label, encoding: encoding || say("uncompressed") }),
    say("compression_advice"), "recommended");
}

async function policyCheck() {
  const response = await fetch(location.href, { cache: "no-store" });
  const csp = response.headers.get("content-security-policy");
  if (!csp) {
    report(true, say("no_csp"));
    return;
  }
  const needs = ["'wasm-unsafe-eval'", "worker-src", "connect-src"];
  const missing = needs.filter((part) => !csp.includes(part) && !(part !== "'wasm-unsafe-eval'" && csp.includes("default-src 'self'")));
  report(missing.length === 0, say("csp", { csp }), say("csp_missing", { parts: missing.join(", ") }));
  // The themed pages' inline scripts (palette, search) need the hashes this build printed.
  const built = await get("hosting/csp-policy.txt");
  if (!built.ok) return;
  const hashes = (await built.text()).match(/'sha256-[A-Za-z0-9+/=]+'/g) || [];
  const absent = hashes.filter((hash) => !csp.includes(hash));
  const inlineOk = absent.length === 0 || /script-src[^;]*'unsafe-inline'/.test(csp) || !/script-src|default-src/.test(csp);
  report(inlineOk, say("inline"), say("inline_advice", { count: absent.length }));
}

(async () => {
  try {
    texts = await (await fetch(new URL(`assets/texts.${lang}.json`, root))).json();
  } catch {
    texts = {}; // the ids show instead of the words; the checks below say what is wrong
  }
  report(typeof WebAssembly === "object", say("wasm"), say("wasm_advice"));
  report(typeof Worker === "function", say("worker"), say("worker_advice"));
  report(location.protocol.startsWith("http"), say("http"), say("http_advice"));
  const wasm = await check(`${pyodide}pyodide.asm.wasm`, ["application/wasm"], "pyodide.asm.wasm");
  const mjs = await check(`${pyodide}pyodide.mjs`, ["text/javascript", "application/javascript"], "pyodide.mjs");
  const asm = await check(`${pyodide}pyodide.asm.mjs`, ["text/javascript", "application/javascript"], "pyodide.asm.mjs");
  await check("assets/check/worker.js", ["text/javascript", "application/javascript"], "worker.js");
  const page = await check("", ["text/html"], say("page"));
  try {
    await policyCheck();
  } catch (error) {
    report(false, say("headers_unread", { error: error.message }));
  }
  if (mjs) longCache(mjs, say("pyodide_files"));
  try {
    const embed = await (await get("embed/")).text();
    const wheel = embed.match(/data-wheel="\.\.\/(assets\/check\/[0-9a-f]+\/[^"]+)"/);
    if (wheel) {
      const response = await get(wheel[1].replaceAll("&amp;", "&"));
      if (response.ok) longCache(response, say("hashed_files"));
    }
  } catch (error) {
    report(false, say("hashed_unchecked", { error: error.message }), "", "recommended");
  }
  if (page) {
    const { header, seconds } = maxAge(page);
    const fresh = /no-cache|no-store|must-revalidate/.test(header) || seconds === 0;
    report(fresh, say("page_cache", { header: header || say("no_cache_header") }), say("page_cache_advice"), "recommended");
  }
  if (wasm) compressed(wasm, "pyodide.asm.wasm");
  if (asm) compressed(asm, "pyodide.asm.mjs");
  list.dataset.done = "true";
})();
