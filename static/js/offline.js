// On every page: the service worker (templates/offline/sw.js, served at /sw.js) and what the
// page says about it (a new version ready), the one save queue of the site (sent when the
// page opens, when the network returns, when the worker asks; the worker also sends it by
// itself on background sync), the offline caches kept up to date, the log-out that forgets
// the person, and the offer to install BackCare.

import {
  browserLock, playerSaveUrl, sendQueue, takeProblems, waitingFor,
} from "./offline-queue.js";
import { askForSync, pagePerson, pageQueue } from "./queue-page.js";
import {
  LIST_PATH, offlineRoutines, refresh, refreshDue, REFRESH_KEY,
} from "./offline-cache.js";
import { showOffline, showOfflineRoutines, showQueue } from "./offline-notes.js";
import { forgetPerson, setUpLogout } from "./offline-logout.js";
import { setUpInstallOffer } from "./install-offer.js";

const storage = window.localStorage;
const queue = pageQueue();

function ownSaveUrl() {
  let plan = null;
  try {
    plan = JSON.parse(document.getElementById("player-plan")?.textContent ?? "null");
  } catch {
    plan = null;
  }
  return playerSaveUrl(plan, window.location.pathname);
}
const problems = [];

/** The page's token, or the one kept with the session (the CSRF cookie lasts a year). */
function csrfToken(entry) {
  const field = document.querySelector('input[name="csrfmiddlewaretoken"]');
  if (field) return field.value;
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="))?.slice(10);
  return cookie || entry?.csrf || "";
}

async function render() {
  const person = await pagePerson();
  problems.push(...await takeProblems(queue, person));
  showQueue(await waitingFor(queue, person), problems);
  showOffline(navigator.onLine === false);
}

let sending = null;
/** Send the queue (one send at a time in this tab); resolves to the number still waiting.
 * On a player page that routine's sessions are left to the player, unless `all`. */
function flush({ all = false } = {}) {
  sending ??= flushOnce(all).finally(() => { sending = null; });
  return sending;
}

async function flushOnce(all) {
  const person = await pagePerson();
  if (navigator.onLine === false || !(await waitingFor(queue, person))) {
    await render();
    return waitingFor(queue, person);
  }
  const own = all ? null : ownSaveUrl();
  const result = await sendQueue({
    store: queue, fetchFn: window.fetch.bind(window), csrfToken, withLock: browserLock,
    person, except: own ? [own] : [],
  });
  problems.push(...result.problems);
  await render();
  if (result.waiting) askForSync();
  return result.waiting;
}

async function showPlayable() {
  if (!globalThis.caches || !document.querySelector("[data-offline-routines]")) return;
  showOfflineRoutines(await offlineRoutines(caches).catch(() => []));
}

// A player page means a check-in was just answered: the other players open now too (until
// the check-in is two hours old), so the caches are refreshed whenever one shows.
const onPlayer = Boolean(document.getElementById("player-plan"));

let leaving = false; // logging out: a refresh under way writes nothing more
let refreshing = null;

function refreshCaches() {
  refreshing ??= refreshOnce().finally(() => { refreshing = null; });
  return refreshing;
}

async function refreshOnce() {
  if (!globalThis.caches || !document.getElementById("logout-form")) return; // signed in only
  if (navigator.onLine === false) return;
  if (!onPlayer && !refreshDue(storage.getItem(REFRESH_KEY), Date.now())) return;
  try {
    const response = await fetch(LIST_PATH, { credentials: "same-origin" });
    if (!response.ok) return;
    storage.setItem(REFRESH_KEY, String(Date.now()));
    await refresh(await response.json(), {
      cachesApi: caches, fetchFn: window.fetch.bind(window), stopped: () => leaving,
    });
    await showPlayable();
  } catch {
    // Offline or storage full: what is kept stays, the next page tries again.
  }
}

function watchUpdates(registration) {
  const note = document.getElementById("update-note");
  let asked = false;
  const offer = (worker) => {
    if (!note || !navigator.serviceWorker.controller) return; // the first worker: no news
    note.hidden = false;
    note.querySelector("[data-update-now]").onclick = () => {
      asked = true;
      worker.postMessage({ type: "skip-waiting" });
    };
  };
  if (registration.waiting) offer(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed") offer(worker);
    });
  });
  // Reload only when the person asked for the new version (never under a playing routine).
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (asked) window.location.reload();
  });
}

/** The worker as a module, which sends the queue itself on background sync; where module
 * workers are not supported (Firefox before 147, which has no background sync either), the
 * same worker without that part (/sw.js?classic: backcare/offline.py). */
async function registerWorker() {
  try {
    return await navigator.serviceWorker.register("/sw.js", { type: "module", updateViaCache: "none" });
  } catch {
    return navigator.serviceWorker.register("/sw.js?classic", { updateViaCache: "none" });
  }
}

/** Run `task` once the page has loaded and the browser is idle: the page comes first. */
function afterLoad(task) {
  const idle = () => (window.requestIdleCallback
    ? window.requestIdleCallback(() => task(), { timeout: 5000 })
    : setTimeout(task, 1000));
  if (document.readyState === "complete") idle();
  else window.addEventListener("load", idle, { once: true });
}

async function start() {
  render();
  showPlayable();
  setUpLogout(async () => {
    leaving = true;
    await refreshing;
    return flush({ all: true });
  }, async () => forgetPerson({
    storage, store: queue, person: await pagePerson(), cachesApi: globalThis.caches,
  }));
  setUpInstallOffer();
  window.addEventListener("online", () => { flush(); refreshCaches(); });
  window.addEventListener("offline", render);
  flush();
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type === "send-queue") flush();
    else if (event.data?.type === "queue-changed") render(); // the worker sent the queue
  });
  try {
    const registration = await registerWorker();
    watchUpdates(registration);
    const ready = await navigator.serviceWorker.ready;
    // The worker shows its offline page in the language of the last page opened: this one's.
    ready.active?.postMessage({ type: "language", language: document.documentElement.lang });
    afterLoad(refreshCaches);
  } catch {
    // No worker (private mode, an old browser): the site works online as before.
  }
}

for (const retry of document.querySelectorAll("[data-offline-retry]")) {
  retry.addEventListener("click", (event) => { event.preventDefault(); window.location.reload(); });
}
start();
