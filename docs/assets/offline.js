// The intranet page (both editions): opt in to (or out of) keeping this site in this browser for
// offline use. Hand-written (not generated). Registers sw.js (written by build_scripts/offline.py)
// at the site's root, with the root as its scope; only in a secure context (HTTPS, localhost, or
// an origin the browser is told to trust), which browsers require for service workers. Its words
// come from texts.<lang>.json beside this script (written by the build from ui.toml), in the
// page's language.
const box = document.querySelector("[data-offline]");
const status = box && box.querySelector(".offline-status");
const enable = box && box.querySelector("[data-offline-enable]");
const disable = box && box.querySelector("[data-offline-disable]");
const here = document.currentScript ? document.currentScript.src : location.href;
const scope = new URL("../", here); // this script is assets/offline.js under the site's root
const script = new URL("../sw.js", here);
const lang = document.documentElement.lang.startsWith("en") ? "en" : "zh";
const textsUrl = new URL(`texts.${lang}.json`, here);
let texts = {};

// The entry site.offline.<id> in this page's language, its {name}s filled in from values.
function say(id, values = {}) {
  const template = texts[`site.offline.${id}`] || id;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function show(state, text) {
  box.dataset.offline = state;
  status.textContent = text;
  // The theme's buttons set display, which would override the hidden attribute (CSSOM is allowed by the policy).
  box.querySelector(".offline-actions").hidden = state === "unsupported";
  enable.style.display = state === "off" || state === "failed" ? "" : "none";
  disable.style.display = state === "ready" ? "" : "none";
}

async function registration() {
  return navigator.serviceWorker.getRegistration(scope.href);
}

async function refresh() {
  const current = await registration();
  if (current && current.active) show("ready", say("ready"));
  else show("off", say("off"));
}

async function start() {
  show("saving", say("saving"));
  try {
    const created = await navigator.serviceWorker.register(script.href, { scope: scope.pathname });
    const installing = created.installing || created.waiting;
    if (installing) {
      await new Promise((resolve, reject) => {
        installing.addEventListener("statechange", () => {
          if (installing.state === "activated") resolve();
          if (installing.state === "redundant") reject(new Error(say("incomplete")));
        });
      });
    }
    await refresh();
  } catch (error) {
    show("failed", say("failed", { error: error.message }));
  }
}

async function stop() {
  const current = await registration();
  if (current) await current.unregister();
  for (const key of await caches.keys()) if (key.startsWith("incident-guide-")) await caches.delete(key);
  await refresh();
}

async function main() {
  try {
    texts = await (await fetch(textsUrl)).json();
  } catch {
    texts = {}; // the ids show instead of the words
  }
  if (!("serviceWorker" in navigator) || !window.isSecureContext) {
    show("unsupported", say("unsupported"));
    return;
  }
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data && event.data.type === "offline-progress" && box.dataset.offline === "saving") {
      status.textContent = say("progress", { done: event.data.done, total: event.data.total });
    }
  });
  enable.addEventListener("click", start);
  disable.addEventListener("click", stop);
  refresh();
}

if (box) main();
