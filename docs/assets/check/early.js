// A deep link's answer, early (issue 18). Hand-written (not generated). The page loads this in its
// <head> (a module, async, render-blocking where the browser supports it: it is small, and so the
// first paint never shows the question a deep link's answer replaces), before the questionnaire
// has been parsed and long before check.js, which imports it. When the address names a state
// (key=value pairs) that is not the first question:
//
// - the page is marked (html.ic-opening) so that the question view, which the link's answer
//   replaces at once, is neither laid out nor painted (check.css). The mark goes as soon as
//   something is shown in the view (check.js calls reveal()), at once if the request fails, and
//   in any case after OPENING_MS: a failed or slow start never leaves the questionnaire hidden;
// - the pre-rendered static page of the link's state is requested as soon as the questionnaire's
//   element has been parsed; check.js takes that response (take) instead of asking again.
//
// On every visit, once the page has parsed and been shown (DOMContentLoaded and a frame; a deep
// link: once its static page has come too), Pyodide's two large files are asked for (warmUp): the
// calculator's worker asks for them only after its own script, pyodide.mjs and the lock file have
// come one after the other; its requests then join these through the browser's HTTP cache (the
// files are kept a year). Not sooner: they would take a share of a slow link, and of the
// browser's six connections to the server, from what the page shows first.
//
// No legal logic: the state's page is named as decision_tree.web.state_key names it, from the
// question tree the page carries (data-tree). The answers stay in the fragment: the request names
// only the static page, as the page's links do.

const OPENING_MS = 3000;
const MULTI_KEYS = ["j", "ask"]; // as decision_tree.web.MULTI_KEYS: the only keys that may repeat
const root = document.documentElement;
let early = null; // the static page requested early: {url, text: Promise of its HTML}
let begun = false;

// Show the view again (the answer, or the question if the answer could not be had).
export function reveal() {
  root.classList.remove("ic-opening");
}

// A link's pairs as decision_tree.web reads them: a key other than j/ask given more than once is
// dropped entirely. Returns the pairs kept and the keys dropped, each with its count.
export function linkParams(fragment) {
  const params = new URLSearchParams(fragment);
  const counts = new Map();
  for (const key of params.keys()) counts.set(key, (counts.get(key) || 0) + 1);
  const repeated = [...counts].filter(([key, n]) => n > 1 && !MULTI_KEYS.includes(key));
  for (const [key] of repeated) params.delete(key);
  return { params, repeated };
}

// Whether a link opens elsewhere than at the page's first question: a later state, a preset, or
// another language than the page's (the embed page serves both).
export function opensElsewhere(config, tree, params) {
  const otherLanguage = params.get("lang") === "en" && config.lang !== "en";
  return otherLanguage || [...params.keys()].some((key) => key.startsWith("preset.") || tree.some((q) => q.id === key));
}

// The static page of a link's state (pairs from linkParams), named as decision_tree.web.state_key
// names it; a link with lang=en uses the English static pages where the page has them (embed).
export function staticUrl(config, tree, params) {
  const asked = params.getAll("ask");
  const path = {};
  const codes = [];
  for (const question of tree) {
    const askIf = Object.entries(question.ask_if).every(([name, values]) => values.includes(path[name]));
    if (!askIf) continue;
    let value = params.get(question.id);
    if (value === null && !asked.includes(question.id)) value = params.get(`preset.${question.id}`);
    if (!(value in question.options)) break;
    path[question.id] = value;
    codes.push(question.options[value]);
  }
  const folder = params.get("lang") === "en" && config.statesEn ? config.statesEn : config.states;
  return new URL(`${folder}${codes.join("-") || "start"}.html`, document.baseURI).href;
}

// The early request's HTML (a promise) if it was for `url`, once; otherwise null.
export function take(url) {
  if (!early || early.url !== url) return null;
  const { text } = early;
  early = null;
  return text;
}

// After DOMContentLoaded and a frame, ask for pyodide.mjs (small; the worker imports it next)
// and, if its server lets the browser keep it (not no-store: the worker would then download them
// again), prefetch Pyodide's wasm and its script: the browser reads them into its HTTP cache
// without handing them to this page (nothing runs here per chunk), and the worker's own requests
// join them there.
function warmUp(config) {
  // DOMContentLoaded waits for the page's deferred scripts, after the parser has finished (and
  // readyState has left "loading"): the navigation's timing says whether it has passed.
  const [navigation] = performance.getEntriesByType("navigation");
  if (!navigation || !navigation.domContentLoadedEventEnd) {
    document.addEventListener("DOMContentLoaded", () => setTimeout(() => warmUp(config), 0), { once: true });
    return;
  }
  requestAnimationFrame(() => {
    if (!config.pyodide || typeof WebAssembly !== "object" || typeof Worker !== "function") return;
    const folder = new URL(config.pyodide, document.baseURI);
    fetch(new URL("pyodide.mjs", folder))
      .then(async (response) => {
        await response.arrayBuffer();
        if (!response.ok || /no-store/i.test(response.headers.get("cache-control") || "")) return;
        for (const name of ["pyodide.asm.wasm", "pyodide.asm.mjs"]) {
          const link = document.createElement("link");
          link.rel = "prefetch";
          link.href = new URL(name, folder).href;
          document.head.append(link);
        }
      })
      .catch(() => {}); // the worker asks for them itself, and says what failed
  });
}

function begin(app) {
  if (begun) return;
  begun = true;
  const fragment = location.hash.slice(1);
  const config = app.dataset;
  const tree = JSON.parse(config.tree || "[]");
  if (!fragment.includes("=") || !opensElsewhere(config, tree, new URLSearchParams(fragment))) {
    reveal();
    warmUp(config);
    return;
  }
  const url = staticUrl(config, tree, linkParams(fragment).params);
  const text = fetch(url).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  });
  text.catch(reveal);
  // The large downloads start once the answer has come: on a slow link they would share it.
  text.then(() => warmUp(config), () => warmUp(config));
  early = { url, text };
}

if (location.hash.slice(1).includes("=")) {
  root.classList.add("ic-opening");
  setTimeout(reveal, OPENING_MS);
}
{
  const find = () => document.querySelector("[data-incident-check]");
  if (find()) begin(find());
  else {
    const watcher = new MutationObserver(() => {
      const app = find();
      if (!app) return;
      watcher.disconnect();
      begin(app);
    });
    watcher.observe(root, { childList: true, subtree: true });
    document.addEventListener(
      "DOMContentLoaded",
      () => {
        watcher.disconnect();
        if (find()) begin(find());
        else reveal(); // a page without the questionnaire
      },
      { once: true },
    );
  }
}
