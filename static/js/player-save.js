// Saving a finished session from the player page: the first attempt and its quick retries,
// the queue on this device when BackCare cannot be reached or answers with a server error,
// background attempts while the page stays open, and sessions kept from earlier visits.
//
// What it needs from the browser (the queue's store, who the page is for, fetch, the CSRF
// token, timers, whether the device is offline, background sync) comes through `deps`, so
// Node's test runner can check it with stand-ins.

import {
  backgroundDelay, changedFields, post, RETRY_DELAYS_MS, sendWithRetries,
} from "./player-queue.js";
import { mayBeSent } from "./queue-store.js";
import { askForSync, pageQueue, pageUser } from "./queue-page.js";
import { setText } from "./player-view.js";
import { gettext } from "./i18n.js";

function browserDeps() {
  return {
    store: pageQueue(),
    user: pageUser() ?? "",
    fetchFn: window.fetch.bind(window),
    csrfToken: () => document.querySelector('input[name="csrfmiddlewaretoken"]')?.value ?? "",
    isOffline: () => navigator.onLine === false,
    wait: (ms) => new Promise((resolve) => { setTimeout(resolve, ms); }),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    askForSync,
  };
}

function fallbackMessage(result, kept, offline) {
  if (offline) {
    return kept
      ? gettext("Waiting to save: you are offline. Your session is kept on this device and will be saved as soon as the network returns.")
      : gettext("Waiting to save: you are offline. Keep this page open: your session will be saved as soon as the network returns.");
  }
  if (result.serverDown) {
    return kept
      ? gettext("BackCare is not answering right now. Your session is kept on this device and will be sent as soon as BackCare answers again, from this page or the next time you open this routine's player.")
      : gettext("BackCare is not answering right now. Keep this page open: we will keep trying.");
  }
  return kept
    ? gettext("We could not reach BackCare. Your session is kept on this device: press Save to try again, or it will be sent the next time you open this routine's player.")
    : gettext("We could not reach BackCare. Press Save to try again; do not close this page yet.");
}

/**
 * `body()` builds the session once; `fields()` what the form may change between attempts.
 * The controller says when a save may begin (`canSave`) and hears how it goes (`onStart`,
 * `onKept`: the session is safe on this device, `onSaved(url)`, `onConflict(url)`: BackCare
 * already had it, saved as first sent, without the later changes; `onFailed`).
 */
export function createSaver({ saveUrl, view, body, fields, canSave, onStart, onKept, onSaved,
                              onConflict, onFailed, deps = browserDeps() }) {
  const { store, user, fetchFn, csrfToken, isOffline, wait, setTimer } = deps;
  const askForSync = deps.askForSync ?? (() => {});
  const { ui } = view;
  let savedBody = null; // the body of the first attempt: retries send the same client_id
  let awaitingNetwork = false; // the last attempt did not reach BackCare: try again later
  let busy = false;
  let sendingPending = false;
  let retryTimer = null;
  let retryAttempt = 0;
  const send = () => post(fetchFn, saveUrl, savedBody, csrfToken());

  function scheduleRetry() {
    if (retryTimer !== null || isOffline()) return; // offline: the "online" event retries
    retryTimer = setTimer(() => {
      retryTimer = null;
      if (awaitingNetwork) save({ quiet: true });
      sendPending();
    }, backgroundDelay(retryAttempt));
    retryAttempt += 1;
  }

  /** Save (Save pressed, the network back, a background attempt). */
  async function save({ quiet = false } = {}) {
    if (busy || !canSave()) return;
    busy = true;
    onStart();
    awaitingNetwork = false;
    ui.finishSave.disabled = true;
    savedBody = savedBody ?? body();
    Object.assign(savedBody, fields()); // the client_id stays
    // Kept first: if the page closes now, the next page or the worker sends it.
    const kept = await store.keep({ saveUrl, body: savedBody, user, csrf: csrfToken() });
    if (kept) onKept();
    if (!quiet) setText(ui.finishStatus, gettext("Saving…"));
    const result = await sendWithRetries(send, {
      wait, isOffline, delays: quiet ? [0] : RETRY_DELAYS_MS,
    });
    busy = false;
    if (result.ok) {
      await store.forget(savedBody.client_id);
      setText(ui.finishStatus, gettext("Saved."));
      onSaved(result.url);
      return;
    }
    if (result.drop) await store.forget(savedBody.client_id);
    if (result.conflict) {
      // Saved as first sent; sending again would only be refused again. Save stays disabled.
      view.showConflict(result.url, changedFields(savedBody, result.stored));
      onConflict(result.url);
      return;
    }
    ui.finishSave.disabled = false;
    awaitingNetwork = Boolean(result.retry);
    setText(ui.finishStatus, result.message || fallbackMessage(result, kept, isOffline()));
    onFailed();
    // Waiting on this device: the worker sends it when the network returns, even with every
    // BackCare page closed (where the browser has background sync).
    if (kept && !result.drop) askForSync();
    if (awaitingNetwork) scheduleRetry();
  }

  /** The sessions of this routine kept from an earlier visit, that this page may send. */
  async function waiting() {
    const current = savedBody?.client_id ?? null;
    return (await store.read()).filter((entry) => entry.saveUrl === saveUrl
      && entry.clientId !== current && mayBeSent(entry, user));
  }

  /** Send the sessions kept from an earlier visit to this routine's player. */
  async function sendPending() {
    if (sendingPending) return;
    sendingPending = true;
    try {
      for (const entry of await waiting()) {
        const result = await post(fetchFn, entry.saveUrl, entry.body, csrfToken());
        if (result.ok || result.drop) await store.forget(entry.clientId);
        if (result.ok) view.showPending(result.url);
        else if (result.conflict) {
          view.showPending(result.url, changedFields(entry.body, result.stored));
        } else if (result.retry) scheduleRetry();
      }
    } finally {
      sendingPending = false;
    }
  }

  /** The network is back: send what could not be sent while it was away. */
  function onOnline() {
    if (awaitingNetwork) save();
    sendPending();
  }

  return { save, sendPending, onOnline, get started() { return savedBody !== null; } };
}
