// The questionnaire page's theme scripts, run once the calculator has started. Hand-written (not
// generated). overrides/main.html turns the theme's <script src> tags on this page into
// <link rel="preload" data-theme-script> (so they download at once, and nothing waits for them).
// Run at once, Material's bundle and its search worker (which builds the search index) would
// compete with Pyodide for the processor while it starts; the first question and the answer need
// none of it (the colour scheme is set below, navigation is plain links). So this runs them in
// order 1 s after the questionnaire's calculator is ready (not at once: the reader's first click
// on the result comes first), at once if it has given way to the static pages (check.js sets
// data-calculator), and at the latest 6 s after DOMContentLoaded (a slow link, or no calculator
// at all). Then it tells Material the document is ready: its bundle starts its components on
// DOMContentLoaded, which has passed by then, so the event is sent again.

const sources = [...document.querySelectorAll("link[data-theme-script]")].map((link) => link.href);

// Until the bundle runs, do its first job here: show the colour scheme the reader's system
// prefers. (Material's inline script restores only a scheme the reader chose on the toggle; the
// bundle picks the preferred one, so without this a dark-mode reader would see the light page.)
function preferredPalette() {
  const chosen = typeof __md_get === "function" ? __md_get("__palette") : null;
  if (started || (chosen && chosen.color)) return;
  for (const input of document.querySelectorAll("input[name='__palette'][data-md-color-media]")) {
    if (!matchMedia(input.dataset.mdColorMedia).matches) continue;
    for (const key of ["scheme", "primary", "accent"]) {
      const value = input.getAttribute(`data-md-color-${key}`);
      if (value) document.body.setAttribute(`data-md-color-${key}`, value);
    }
    input.checked = true;
    return;
  }
}

function load(source) {
  return new Promise((resolve) => {
    const script = document.createElement("script");
    script.src = source;
    script.onload = script.onerror = resolve;
    document.body.append(script);
  });
}

let started = false;
preferredPalette();
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", preferredPalette);

async function run() {
  if (started) return;
  started = true;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  for (const source of sources) await load(source);
  document.dispatchEvent(new Event("DOMContentLoaded"));
}

function watch() {
  setTimeout(run, 6000);
  const app = document.querySelector("[data-incident-check]");
  if (!app) {
    run();
    return;
  }
  const check = () => {
    if (app.dataset.calculator === "static") run();
    else if (app.dataset.calculator === "ready") setTimeout(run, 1000);
  };
  new MutationObserver(check).observe(app, { attributes: true, attributeFilter: ["data-calculator"] });
  check();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch, { once: true });
else watch();
