// The page's side of the save queue (queue-store.js): the store, opened once per page with
// what an earlier release kept in localStorage moved in first; who the page is for; and the
// background sync that lets the service worker send the queue with no page open.

import { moveFromLocalStorage, openQueueStore } from "./queue-store.js";
import { sender } from "./offline-queue.js";
import { deviceUser } from "./offline-cache.js";

export const SYNC_TAG = "backcare-save-queue";

/** Who this page was rendered for: the signed-in person's offline key (base.html's log-out
 * form carries it), "" for a visitor, null on the offline page (rendered for nobody). */
export function pageUser(doc = globalThis.document) {
  if (doc.querySelector("[data-offline-page]")) return null;
  return doc.getElementById("logout-form")?.dataset.offlineUser ?? "";
}

/** Whose queued sessions this page may send and show (offline-queue.js: sender). */
export async function pagePerson() {
  return sender(pageUser(), await deviceUser(globalThis.caches));
}

let opened = null;

/** The queue's store for this page; every call waits until the old queue is moved in. */
export function pageQueue() {
  if (opened) return opened;
  const store = openQueueStore(globalThis.indexedDB);
  const ready = (async () => {
    const person = await pagePerson();
    if (person !== null) await moveFromLocalStorage(window.localStorage, store, person);
  })().catch(() => {});
  opened = Object.fromEntries(Object.entries(store).map(([name, method]) => [
    name, async (...args) => { await ready; return method(...args); },
  ]));
  return opened;
}

/** Ask the browser to wake the worker when the network is back (Chromium's background
 * sync; elsewhere the pages send the queue when they open or the network returns). */
export async function askForSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register(SYNC_TAG);
  } catch {
    // Not allowed (a private window) or not there: the pages send it.
  }
}
