// The candidate page's service worker (HTTPS or localhost only: browsers allow no service
// worker over plain HTTP). It keeps the page's shell (HTML, styles, scripts), so that a reload
// while the room server cannot be reached shows the test again: the page then takes its last
// state and the answers kept on this PC from its own storage. Network first (a new version of
// the page is seen at once); the copy only when the server does not answer. The API is never
// cached: answers and state always go to the server.

const CACHE = "roomserver-candidate-shell-v2";
const NETWORK_WAIT_MS = 4000;
// Every file the page needs (a test checks this list against the page's imports).
const SHELL = [
  "/",
  "/static/shared/base.css",
  "/static/candidate/style.css",
  "/static/candidate/app.js",
  "/static/candidate/legacy.js",
  "/static/candidate/files.js",
  "/static/candidate/heartbeat.js",
  "/static/candidate/join.js",
  "/static/candidate/link.js",
  "/static/candidate/lobby.js",
  "/static/candidate/localdb.js",
  "/static/candidate/outbox.js",
  "/static/candidate/question.js",
  "/static/candidate/storage.js",
  "/static/candidate/test.js",
  "/static/candidate/timeleft.js",
  "/static/shared/api.js",
  "/static/shared/connection.js",
  "/static/shared/constants.js",
  "/static/shared/dom.js",
  "/static/shared/format.js",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
    .then(() => self.clients.claim()));
});

/** The network's answer (kept as the new copy), or the copy when the server does not answer in time. */
async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then((response) => {
    if (response.ok) cache.put(key, response.clone());
    return response;
  });
  const late = new Promise((resolve) => { setTimeout(() => resolve(null), NETWORK_WAIT_MS); });
  try {
    const response = await Promise.race([network, late]);
    if (response) return response;
  } catch {
    // no answer at all: the copy below
  }
  const kept = await cache.match(key);
  return kept || network;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === "/") {
    event.respondWith(networkFirst(request, "/"));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(networkFirst(request, url.pathname));
  }
});
