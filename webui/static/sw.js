// The review UI's service worker: keeps the app shell and the review pages of the languages a
// volunteer works in, so that they open with no connection. Pages come from the network
// first (a slow network falls back to the kept copy); saves never pass through here (they
// go through the page's outbox). Logging out deletes every cache (Clear-Site-Data).
"use strict";

const PAGES = "statements-pages-v1";
const ASSETS = "statements-assets-v1";
const NETWORK_WAIT_MS = 4000;
const AGAIN_MS = 60 * 1000;  // one check per language and minute is enough
// The pages worth keeping: the dashboard, a statement, a language's unit list, a unit.
const KEPT = /^\/(s\/[^/]+\/([^/]+\/(u\/[^/]+)?)?)?$/;
const lastFull = new Map();
// A page right after a form was sent (its redirect shows what was saved and the message about
// it) waits for the network: a kept copy from before would show the old text.
const AFTER_POST_MS = 60 * 1000;
// Kept in the cache too: the browser may stop the worker between the post and the page.
const LAST_POST = new URL("offline-last-post", self.registration.scope).href;
let lastPost = 0;

async function postedRecently(cache) {
  if (!lastPost) {
    const stored = await cache.match(LAST_POST);
    lastPost = stored ? Number(await stored.text()) || 0 : 0;
  }
  return Date.now() - lastPost < AFTER_POST_MS;
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name !== PAGES && name !== ASSETS).map((name) => caches.delete(name))
      ))
      // The page request starts while the worker boots, not after (navigation preload).
      .then(() => self.registration.navigationPreload && self.registration.navigationPreload.enable())
      .then(() => self.clients.claim())
  );
});

// A navigation's response: the one preloaded while the worker booted, or a fetch.
async function navigationResponse(event) {
  const preloaded = await event.preloadResponse;
  return preloaded || fetch(event.request);
}

// A page that was never kept, opened with no connection: the kept page that says so in the
// volunteer's language, not the browser's own error page (in English).
const FALLBACK = new URL("offline", self.registration.scope).href;

async function orFallback(response) {
  try {
    return await response;
  } catch (error) {
    const fallback = await (await caches.open(PAGES)).match(FALLBACK);
    if (fallback) return fallback;
    throw error;
  }
}

// A page that shows a message ("Saved.") is not kept: offline it would show it again.
function keepable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected &&
    !response.headers.get("X-Statements-Messages");
}

async function fromNetworkFirst(event) {
  const request = event.request;
  const fetched = request.mode === "navigate" ? navigationResponse(event) : fetch(request);
  let written = Promise.resolve();
  const network = fetched.then(function (response) {
    if (keepable(response)) {
      const copy = response.clone();
      written = caches.open(PAGES).then((cache) => cache.put(request.url, copy));
    }
    return response;
  });
  // The copy is written after the page is answered, not before; the worker stays until it is.
  event.waitUntil(network.then(() => written, () => null).catch(() => null));
  const cache = await caches.open(PAGES);
  const wait = (await postedRecently(cache)) ? null : NETWORK_WAIT_MS;
  const slow = new Promise((resolve) => { if (wait !== null) setTimeout(resolve, wait, null); });
  try {
    const first = await Promise.race([network, slow]);
    if (first) return first;
    const kept = await cache.match(request.url, { ignoreSearch: false });
    return kept || (await network);
  } catch (error) {
    const kept = await cache.match(request.url);
    if (kept) return kept;
    throw error;
  }
}

async function fromCacheThenRefresh(event) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(event.request.url);
  const network = fetch(event.request).then(async function (response) {
    if (keepable(response)) await cache.put(event.request.url, response.clone());
    return response;
  });
  if (kept) {
    event.waitUntil(network.catch(() => null));
    return kept;
  }
  return network;
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") {
    if (request.mode === "navigate") {
      lastPost = Date.now();
      const mark = new Response(String(lastPost));
      event.waitUntil(caches.open(PAGES).then((cache) => cache.put(LAST_POST, mark)));
    }
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(fromCacheThenRefresh(event));
  } else if (KEPT.test(url.pathname)) {
    event.respondWith(request.mode === "navigate" ? orFallback(fromNetworkFirst(event))
      : fromNetworkFirst(event));
  } else if (request.mode === "navigate") {
    // The preloaded response, not a second one.
    event.respondWith(orFallback(navigationResponse(event)));
  }
  // Everything else (the API, downloads) goes to the network untouched.
});

// A page asks to keep every page of its statement and language (the list comes from the
// server, which only lists what this user may read). A unit page is fetched again only when
// its revision changed since it was kept.
const REVISIONS = new URL("offline-revisions.json", self.registration.scope).href;

async function keptRevisions(cache) {
  const stored = await cache.match(REVISIONS);
  try { return stored ? await stored.json() : {}; } catch (error) { return {}; }
}

async function keepAll(manifest, client) {
  const last = lastFull.get(manifest) || 0;
  if (Date.now() - last < AGAIN_MS) {
    if (client) client.postMessage({ type: "cached", manifest: manifest, count: -1 });
    return;
  }
  const answer = await fetch(manifest, { credentials: "same-origin", cache: "no-store" });
  if (!answer.ok) return;
  const { pages, assets, revisions } = await answer.json();
  const pageCache = await caches.open(PAGES);
  const known = await keptRevisions(pageCache);
  let count = 0;
  try {
    for (const [cache, urls] of [[await caches.open(ASSETS), assets], [pageCache, pages]]) {
      for (const path of urls) {
        const url = new URL(path, self.location.origin).href;
        const revision = (revisions || {})[path];
        const kept = await cache.match(url);
        if (kept && (cache !== pageCache || (revision && known[path] === revision))) {
          count += 1;
          continue;
        }
        // The header keeps the server from handing this copy the messages meant for the page
        // the volunteer is looking at ("Saved.", "Accepted.").
        const response = await fetch(url, {
          credentials: "same-origin", cache: "no-store", headers: { "X-Statements-Keep": "1" },
        });
        if (keepable(response)) {
          await cache.put(url, response);
          if (revision) known[path] = revision;
          count += 1;
        }
      }
    }
  } catch (error) {
    return;  // offline again: what is kept stays
  } finally {
    await pageCache.put(REVISIONS, new Response(JSON.stringify(known)));
  }
  lastFull.set(manifest, Date.now());
  if (client) client.postMessage({ type: "cached", manifest: manifest, count: count });
}

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "cache") {
    event.waitUntil(keepAll(event.data.manifest, event.source).catch(() => null));
  }
});
