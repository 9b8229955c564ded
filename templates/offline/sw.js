{% comment %}The service worker, served at /sw.js by backcare.offline.service_worker. Not
a static file: its text carries the release, so a deploy gives the browser a new worker.
A module worker that imports the save queue's modules (their addresses written in by the
view, hashed by the release in production), so it sends the queue on background sync by
itself; /sw.js?classic is the same worker without them, for browsers without module
service workers (Firefox before 147, which has no background sync either).{% endcomment %}// BackCare's service worker: the release's files from its cache, pages from the network
// and, offline, from the signed-in person's cache; the save queue sent on background sync.
// See templates/offline/README.md.
"use strict";
{% if module %}
import { browserLock, playerSaveUrl, sendQueue } from {{ imports.queue|safe }};
import { openQueueStore } from {{ imports.store|safe }};
{% endif %}
const CONFIG = {{ config|safe }};
const RELEASE = CONFIG.release;
const STATIC_CACHE = `backcare-static-${RELEASE}`;
const USER_CACHE_PREFIX = "backcare-user-";
const META_CACHE = "backcare-meta";
const CURRENT_USER = "/__offline/current-user";
// The language of the last page opened (each page says it: static/js/offline.js), so the
// offline page shown is in that language. Not personal: kept apart from the person's caches.
const LANGUAGE_CACHE = "backcare-language";
const LANGUAGE_KEY = "/__offline/language";

// The private pages kept for offline use when visited (a player only once it shows the
// player, not the check-in before it).
const OFFLINE_PAGES = [
  /^\/$/,
  /^\/routines\/$/,
  /^\/routines\/history\/$/,
  /^\/routines\/plan\/$/,
  /^\/routines\/\d+\/play\/$/,
];
const PLAYER_PAGE = /^\/routines\/\d+\/play\/$/;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(STATIC_CACHE);
    await cache.addAll([...CONFIG.coreAssets, ...Object.values(CONFIG.offlineUrls)]);
    // The first worker takes over at once; a new release waits until the person says so
    // (the page's "new version" note) or every tab is closed.
    if (!self.registration.active) await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("backcare-static-") && name !== STATIC_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// The pages this worker served from a cache because the network failed (their client ids):
// such a page asks, and a kept player then asks today's check-in on the device.
const fromCache = new Set();

self.addEventListener("message", (event) => {
  const type = event.data?.type;
  if (type === "skip-waiting") self.skipWaiting();
  else if (type === "release") event.ports[0]?.postMessage({ release: RELEASE });
  else if (type === "from-cache") {
    event.ports[0]?.postMessage({ fromCache: fromCache.delete(event.source?.id) });
  } else if (type === "language") event.waitUntil(rememberLanguage(event.data.language));
});

let language = null; // what LANGUAGE_CACHE holds, once read or written by this worker

async function rememberLanguage(code) {
  if (!Object.hasOwn(CONFIG.offlineUrls, code) || code === language) return;
  language = code;
  await (await caches.open(LANGUAGE_CACHE)).put(LANGUAGE_KEY, new Response(code));
}

/** The offline page in the language of the last page opened. */
async function offlinePage() {
  if (language === null) {
    const kept = await (await caches.open(LANGUAGE_CACHE)).match(LANGUAGE_KEY);
    language = kept ? await kept.text() : CONFIG.defaultLanguage;
  }
  const url = CONFIG.offlineUrls[language] ?? CONFIG.offlineUrls[CONFIG.defaultLanguage];
  return caches.match(url, { cacheName: STATIC_CACHE });
}

async function currentUser() {
  const found = await (await caches.open(META_CACHE)).match(CURRENT_USER);
  return found ? found.text() : "";
}

async function rememberUser(key) {
  if (key) await (await caches.open(META_CACHE)).put(CURRENT_USER, new Response(key));
  else await caches.delete(META_CACHE);
}

/** Keep a page the server answered for `key`, if it is one kept for offline use. */
async function keepPage(request, response, key) {
  const path = new URL(request.url).pathname;
  if (!key || !response.ok || response.redirected || new URL(request.url).search) return;
  if (!OFFLINE_PAGES.some((pattern) => pattern.test(path))) return;
  if (PLAYER_PAGE.test(path) && !(await response.clone().text()).includes('id="player-plan"')) {
    return;
  }
  await (await caches.open(USER_CACHE_PREFIX + key)).put(path, response);
}

async function navigate(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    const key = response.headers.get(CONFIG.userHeader) || "";
    // Whoever the server answered for is the person this browser serves offline pages to.
    const copy = response.clone(); // now: the page reads the body from here on
    event.waitUntil(rememberUser(key).then(() => keepPage(request, copy, key)));
    return response;
  } catch (error) {
    const key = await currentUser();
    const url = new URL(request.url);
    if (key && !url.search) {
      const kept = await (await caches.open(USER_CACHE_PREFIX + key)).match(url.pathname);
      if (kept) {
        if (event.resultingClientId) fromCache.add(event.resultingClientId);
        return kept;
      }
    }
    return (await offlinePage()) || Response.error();
  }
}

// Hashed file names (production) never change content: the cache first. Without them
// (development, most tests) a file changes under the same name: the network first.
async function fromStatic(request) {
  const cache = await caches.open(STATIC_CACHE);
  if (CONFIG.hashedStatic) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
  }
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request, { ignoreVary: true });
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") event.respondWith(navigate(event));
  else if (url.pathname.startsWith(CONFIG.staticUrl)) event.respondWith(fromStatic(request));
});

// Background sync (Chromium): the worker sends the save queue (IndexedDB, shared with the
// pages) itself, even with every BackCare page closed, as the person who queued a session
// only while the server last answered for them (the note in META_CACHE, as for their
// pages); the pages it finds open are told, to show what is left. Without the queue's
// modules (/sw.js?classic) it wakes the open pages, which send it.
const SYNC_TAG = "backcare-save-queue";
{% if module %}
const queueStore = openQueueStore(self.indexedDB);

/** The CSRF cookie as it is now (a log-in renews it), else the token kept with the session. */
async function csrfToken(entry) {
  try {
    const cookie = await self.cookieStore?.get(CONFIG.csrfCookie);
    if (cookie?.value) return cookie.value;
  } catch {
    // No Cookie Store API here.
  }
  return entry.csrf || "";
}

async function sendFromWorker() {
  const pages = await self.clients.matchAll({ type: "window" });
  // An open player sends (and reports) its routine's sessions itself.
  const except = pages.map((page) => playerSaveUrl(null, new URL(page.url).pathname)).filter(Boolean);
  const result = await sendQueue({
    store: queueStore, fetchFn: (url, options) => fetch(url, options), csrfToken,
    withLock: browserLock, person: await currentUser(), except,
  });
  for (const page of pages) page.postMessage({ type: "queue-changed" });
  // BackCare not reached: a failed event is tried again by the browser later (with back-off).
  if (result.later) throw new Error("BackCare could not be reached: the save queue waits.");
}
{% else %}
const sendFromWorker = null;
{% endif %}
async function wakePages() {
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage({ type: "send-queue" });
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(sendFromWorker ? sendFromWorker() : wakePages());
});
