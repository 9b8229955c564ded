// One save queue for the whole site: the sessions the player kept on this device (see
// player-queue.js) are sent from any page, when it opens, when the network returns and when
// the service worker's background sync asks, not only from the same routine's player.
//
// Exactly once: the server keys a session by its client_id, so a session sent twice (two
// tabs, a lost answer) is stored once; sends are also serialised across tabs with the Web
// Locks API where there is one. A session BackCare refuses for good (400, 404, another 4xx)
// leaves the queue and is reported, never retried forever; a 409 means it is saved already
// (as first sent). A 403 (logged out) stays queued until the person logs in again.
//
// No DOM: storage, fetch, the CSRF token and the lock are passed in (Node tests them).

import { changedFields, createQueue, post } from "./player-queue.js";
import { gettext, interpolate, ngettext, pageLanguage } from "./i18n.js";
import { laterChanges } from "./player-words.js";

export const PROBLEMS_KEY = "backcare.queueProblems";

/** "1 session waiting to be saved. It is kept on this device…", or "" for none. */
export function waitingText(count) {
  if (!count) return "";
  return interpolate(ngettext(
    "%(count)s session waiting to be saved. It is kept on this device and sent as soon as BackCare can be reached.",
    "%(count)s sessions waiting to be saved. They are kept on this device and sent as soon as BackCare can be reached.",
    count), { count });
}

/**
 * What to do with a queued session after one attempt: "stored" (saved now, or already: a
 * 409), "refused" (never to be stored: leaves the queue, reported), "later" (network or
 * server down: stays, this round stops), "login" (logged out: stays, reported).
 */
export function outcome(result) {
  if (result.ok || result.conflict) return "stored";
  if (result.retry) return "later";
  if (result.drop) return "refused";
  if (result.message) return "login"; // 403: the only refusal that keeps the session
  return "refused"; // 404 (the routine was deleted) and any other 4xx
}

/** "The session of December 1" (the day the session was played, in the page's language), or
 * "A session" when its time is not known. */
function label(body) {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(body?.finished_at || body?.started_at || ""));
  if (!day) return gettext("A session");
  const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  const when = new Intl.DateTimeFormat(pageLanguage(), { day: "numeric", month: "long", timeZone: "UTC" })
    .format(date);
  return interpolate(gettext("The session of %(date)s"), { date: when });
}

function problemText(body, result) {
  if (result.message) {
    return interpolate(gettext("%(session)s: %(message)s"), { session: label(body), message: result.message });
  }
  return interpolate(gettext("%(session)s could not be saved: BackCare refused it. It was removed from this device."),
    { session: label(body) });
}

/** Problems kept to show on the next page (a refusal is reported once, then forgotten). */
export function takeProblems(storage) {
  try {
    const list = JSON.parse(storage.getItem(PROBLEMS_KEY) || "[]");
    storage.removeItem(PROBLEMS_KEY);
    return Array.isArray(list) ? list.filter((text) => typeof text === "string") : [];
  } catch {
    return [];
  }
}

function keepProblems(storage, problems) {
  if (!problems.length) return;
  try {
    const old = JSON.parse(storage.getItem(PROBLEMS_KEY) || "[]");
    storage.setItem(PROBLEMS_KEY, JSON.stringify([...(Array.isArray(old) ? old : []), ...problems]));
  } catch {
    // Storage full or disabled: the problem is still shown on this page.
  }
}

/**
 * Send every queued session once, in order. Resolves to {stored, waiting, problems}: the
 * sessions stored now, those still waiting, the "log in again" message to show now (the
 * refusals are kept for `takeProblems`).
 * deps: {storage, fetchFn, csrfToken(), withLock(fn), except: the save URL of the player open
 * on this page, which sends (and reports) its routine's sessions itself}.
 */
export async function sendQueue({
  storage, fetchFn, csrfToken, withLock = (fn) => fn(), except = null,
}) {
  return withLock(async () => {
    const queue = createQueue(storage);
    const stored = [];
    const problems = []; // shown now: a refusal is also kept to show on the next page
    const refusals = [];
    for (const entry of queue.read()) {
      if (entry.saveUrl === except) continue; // that routine's open player sends its own
      const result = await post(fetchFn, entry.saveUrl, entry.body, csrfToken());
      const next = outcome(result);
      if (next === "stored") {
        queue.forget(entry.body);
        stored.push(result.url);
        const lost = result.conflict ? changedFields(entry.body, result.stored) : [];
        if (lost.length) {
          refusals.push(interpolate(gettext("%(session)s was already saved as first sent; %(which)s were not applied."),
            { session: label(entry.body), which: laterChanges(lost) }));
        }
      } else if (next === "refused") {
        queue.forget(entry.body);
        refusals.push(problemText(entry.body, result));
      } else if (next === "login") {
        problems.push(problemText(entry.body, result));
        break;
      } else {
        break; // "later": the network or BackCare is down; the next chance sends them all
      }
    }
    keepProblems(storage, refusals);
    return { stored, waiting: queue.read().length, problems };
  });
}

/** Serialise `fn` with other tabs where the browser has Web Locks. */
export function browserLock(fn) {
  if (globalThis.navigator?.locks?.request) {
    return navigator.locks.request("backcare-save-queue", fn);
  }
  return fn();
}

/**
 * The save URL of the routine whose player (or the check-in before it) is this page: the
 * player sends that routine's sessions itself and tells the person what became of them
 * (player-save.js). Its plan says it; the check-in page's address gives it
 * (routines/urls.py: .../play/ saves to .../sessions/, a tried programme's .../try/ to
 * .../try/sessions/).
 */
export function playerSaveUrl(plan, path) {
  if (plan?.saveUrl) return plan.saveUrl;
  if (/^\/routines\/\d+\/play\/$/.test(path)) return path.replace(/play\/$/, "sessions/");
  if (/\/try\/$/.test(path)) return `${path}sessions/`;
  return null;
}
