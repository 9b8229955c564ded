// Sending a played session, and the rules of the save queue: sessions that could not be
// saved yet are kept on this device (in IndexedDB: queue-store.js) and sent again later, by
// this page, any other page (offline-queue.js) or the service worker.
//
// A session stays queued when the network fails AND when BackCare answers with a server
// error (5xx: a restart, the database going away); it leaves the queue only when the server
// stored it, or refused it for good (400: sending it again cannot help). The server keys
// sessions by their client_id, so sending one twice stores it once. Sent again with other
// content (an attempt reached BackCare but its answer was lost, then the person changed a
// field and pressed Save again), BackCare answers 409 with the session it keeps: that one is
// saved, so it leaves the queue too, and the person is told their later changes were not.
//
// No DOM here: fetch and timers are passed in, so Node's test runner can check it.

import { gettext, interpolate } from "./i18n.js";

/** Attempts of one save, right away and then after these waits (ms). */
export const RETRY_DELAYS_MS = [0, 2000, 5000];

/** While the server answers with errors: the waits between background attempts (ms). */
export const BACKGROUND_DELAYS_MS = [15_000, 30_000, 60_000];

export function backgroundDelay(attempt) {
  const delays = BACKGROUND_DELAYS_MS;
  return delays[Math.min(Math.max(0, attempt), delays.length - 1)];
}

/** The fields the finish form may change between two attempts, in the order they are shown. */
export const LATER_FIELDS = ["pain_after", "effort", "notes"];

/** True for a path on this site: never another origin or a javascript: URL. */
export function isSitePath(url) {
  return typeof url === "string" && /^\/(?![/\\])/.test(url);
}

/**
 * Which of LATER_FIELDS the session `sent` has otherwise than the one BackCare kept
 * (`stored`, as the 409 answer gives it); [] when the stored session is not known.
 */
export function changedFields(sent, stored) {
  if (!stored || typeof stored !== "object") return [];
  const same = (a, b) => (a ?? "") === (b ?? "");
  return LATER_FIELDS.filter((name) => !same(sent?.[name], stored[name]));
}

/** "The session was not accepted: <BackCare's reasons>" */
export function notAccepted(errors) {
  return interpolate(gettext("The session was not accepted: %(errors)s"),
    { errors: errors.join(" ") || gettext("unknown error") });
}

/**
 * What an answer means: {ok, url} when stored; otherwise {ok: false, retry, drop, serverDown,
 * message}. `retry`: sending again later may work (network or server error); `drop`: the
 * session leaves the queue (refused for good, or already saved with other content: then
 * `conflict` is true, `url` is the saved session and `stored` its content).
 */
export function classify(status, data) {
  if (status >= 200 && status < 300 && data?.url) return { ok: true, url: data.url };
  if (status === 409 && isSitePath(data?.url)) {
    return { ok: false, retry: false, drop: true, serverDown: false, conflict: true,
             url: data.url, stored: data.session ?? null, message: "" };
  }
  if (status === 400) {
    const errors = Object.values(data?.errors || {}).flat()
      .map((error) => (typeof error === "string" ? error : error?.message)).filter(Boolean);
    return { ok: false, retry: false, drop: true, serverDown: false, errors,
             message: notAccepted(errors) };
  }
  if (status === 403 && data?.errors?.safety) {
    // Played where the safety check says not to exercise: never kept, so not sent again.
    return { ok: false, retry: false, drop: true, serverDown: false, unsafe: true,
             errors: data.errors.safety, message: data.errors.safety.join(" ") };
  }
  if (status === 429) {
    // Too many saves without an account just now: kept on the device, sent again later.
    return { ok: false, retry: false, drop: false, serverDown: false,
             message: (data?.errors?.rate || []).join(" ") };
  }
  if (status === 403) {
    return { ok: false, retry: false, drop: false, serverDown: false,
             message: gettext("You seem to be logged out. Log in again in another tab, then press Save again.") };
  }
  return { ok: false, retry: status >= 500, drop: false, serverDown: status >= 500, message: "" };
}

/** POST one session as JSON with `fetchFn`; the answer classified. Never throws. */
export async function post(fetchFn, saveUrl, body, csrfToken) {
  let response;
  try {
    response = await fetchFn(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify(body),
    });
  } catch {
    return { ok: false, retry: true, drop: false, serverDown: false, message: "" };
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = {};
  }
  return classify(response.status, data);
}

/**
 * Send with `send()` until it is stored or refused, waiting `delays` between attempts (the
 * first is usually 0). Offline, waiting is pointless: it stops and lets the caller wait for
 * the network. The last result is returned.
 */
export async function sendWithRetries(send, { wait, isOffline, delays = RETRY_DELAYS_MS }) {
  let result = { ok: false, retry: true, drop: false, serverDown: false, message: "" };
  for (const delay of delays) {
    if (delay && isOffline()) break;
    if (delay) await wait(delay);
    result = await send();
    if (result.ok || !result.retry) break;
  }
  return result;
}

/** A version 4 UUID for a new session (crypto.randomUUID needs a secure context). */
export function newClientId(crypto = globalThis.crypto) {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
