// Service worker: this site, usable offline after the first visit. Opt-in: registered only when
// someone turns offline use on, on the intranet page of either edition (docs/assets/offline.js).
// Hand-written; build_scripts/offline.py prepends VERSION and FILES (every file to keep, relative
// to this script) and writes the result as sw.js at the site's root, last in the build.
//
// - install: every listed file into the cache "incident-guide-<VERSION>" (bypassing the HTTP
//   cache), reporting progress to open pages; a missing file fails the install (nothing half-kept).
// - activate: delete the caches of other versions, take control of open pages.
// - fetch, inside this site only: pages and JSON network-first (an amended text shows as soon as
//   the network is back; the copy is refreshed on the way), everything else cache-first (its path
//   changes with its content, or a new VERSION replaces it).
//   A page that was not kept (a static questionnaire page, say) is redirected, offline, to the
//   offline page of its edition (offline/ or en/offline/), itself kept.

const CACHE = `incident-guide-${VERSION}`;
const PREFIX = "incident-guide-";

async function tell(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      let done = 0;
      const queue = [...FILES];
      const worker = async () => {
        while (queue.length) {
          const file = queue.shift();
          const url = new URL(file, self.location).href;
          const response = await fetch(new Request(url, { cache: "reload" }));
          if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
          await cache.put(url, response);
          done += 1;
          if (done % 10 === 0 || done === FILES.length) tell({ type: "offline-progress", done, total: FILES.length });
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
      tell({ type: "offline-ready", version: VERSION });
    })(),
  );
});

function withoutQuery(url) {
  const copy = new URL(url);
  copy.search = "";
  copy.hash = "";
  return copy.href;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    // Revalidate with the server even when the HTTP cache thinks its copy is fresh.
    const response = await fetch(request, { cache: "no-cache" });
    if (response.ok && response.type === "basic") await cache.put(withoutQuery(request.url), response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(withoutQuery(request.url));
    if (kept) return kept;
    if (request.mode === "navigate") return Response.redirect(offlinePage(request.url), 302);
    throw error;
  }
}

// The offline page of the edition a URL belongs to.
function offlinePage(url) {
  const scope = self.registration.scope;
  return new URL(url.startsWith(new URL("en/", scope).href) ? "en/offline/" : "offline/", scope).href;
}

async function cacheFirst(request) {
  const kept = await caches.match(request, { cacheName: CACHE });
  return kept || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  const path = new URL(request.url).pathname;
  const page = request.mode === "navigate" || path.endsWith("/") || path.endsWith(".html") || path.endsWith(".json");
  event.respondWith(page ? networkFirst(request) : cacheFirst(request));
});
