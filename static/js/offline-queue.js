// One save queue for the whole site: the sessions the player kept on this device (in
// IndexedDB, queue-store.js) are sent from any page, when it opens, when the network returns,
// and by the service worker on background sync, with no page open (templates/offline/sw.js),
// not only from the same routine's player.
//
// Exactly once: the server keys a session by its client_id, so a session sent twice (two
// tabs, the worker and a tab, a lost answer) is stored once; sends are also serialised across
// tabs and the worker with the Web Locks API where there is one. A session BackCare refuses
// for good (400, 404, another 4xx) leaves the queue and is reported, never retried forever; a
// 409 means it is saved already (as first sent). A 403 (logged out) stays queued until the
// person logs in again. A person's sessions are sent only while they are the one signed in
// (queue-store.js: mayBeSent); another person's wait for them.
//
// No DOM: the store, fetch, the CSRF token and the lock are passed in (Node tests them), so
// the pages and the worker share it.

import { changedFields, notAccepted, post } from "./player-queue.js";
import { mayBeSent } from "./queue-store.js";
import { gettext, interpolate, ngettext, pageLanguage } from "./i18n.js";
import { laterChanges } from "./player-words.js";

/**
 * Whose sessions may be sent from a page: the person it was rendered for (`pageUser`: an
 * offline key, "" for a visitor, null for the offline page, rendered for nobody), as long as
 * the service worker has not since served someone else on this device (`deviceUser`, its
 * note of who the server last answered for, "" for none). When they disagree nobody's is
 * (null): the signed-in person is not known, only a visitor's sessions go.
 */
export function sender(pageUser, deviceUser) {
  if (pageUser === null || pageUser === undefined) return deviceUser;
  if (deviceUser && deviceUser !== pageUser) return null;
  return pageUser;
}

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
function label(when) {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(when || ""));
  if (!day) return gettext("A session");
  const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  const words = new Intl.DateTimeFormat(pageLanguage(), { day: "numeric", month: "long", timeZone: "UTC" })
    .format(date);
  return interpolate(gettext("The session of %(date)s"), { date: words });
}

/**
 * What to keep about a session that left the queue without being stored as sent, to tell its
 * person on a later page (the worker has no words in the person's language, so it is data):
 * {user, when, kind: "conflict" (saved as first sent, `lost` fields not applied), "invalid"
 * or "unsafe" (refused, with BackCare's `errors`), "refused" (404 or another 4xx)}; null for a
 * 409 that lost nothing.
 */
export function problemOf(entry, result) {
  const base = { user: entry.user ?? "", when: entry.body?.finished_at || entry.body?.started_at || "" };
  if (result.conflict) {
    const lost = changedFields(entry.body, result.stored);
    return lost.length ? { ...base, kind: "conflict", lost } : null;
  }
  if (result.unsafe) return { ...base, kind: "unsafe", errors: result.errors ?? [] };
  if (result.errors) return { ...base, kind: "invalid", errors: result.errors };
  return { ...base, kind: "refused" };
}

/** A kept problem in the page's words. */
export function problemText(problem) {
  const session = label(problem.when);
  if (problem.kind === "text") return String(problem.text ?? "");
  if (problem.kind === "conflict") {
    return interpolate(gettext("%(session)s was already saved as first sent; %(which)s were not applied."),
      { session, which: laterChanges(problem.lost ?? []) });
  }
  if (problem.kind === "invalid" || problem.kind === "unsafe") {
    const message = problem.kind === "invalid" ? notAccepted(problem.errors ?? []) : (problem.errors ?? []).join(" ");
    return interpolate(gettext("%(session)s: %(message)s"), { session, message });
  }
  return interpolate(gettext("%(session)s could not be saved: BackCare refused it. It was removed from this device."),
    { session });
}

/** The problems to tell `person` about, in the page's words (each is told once). */
export async function takeProblems(store, person) {
  return (await store.takeProblems(person)).map(problemText);
}

/** The number of sessions waiting that `person` may send. */
export async function waitingFor(store, person) {
  return (await store.read()).filter((entry) => mayBeSent(entry, person)).length;
}

/**
 * Send every queued session `person` may send, once, in order. Resolves to {stored, waiting,
 * problems, later}: the sessions stored now, the number still waiting for `person`, the "log
 * in again" messages to show now (refusals are kept in the store for `takeProblems`), and
 * whether the round stopped because BackCare could not be reached (worth trying again).
 * deps: {store, fetchFn, csrfToken(entry), withLock(fn), person (an offline key, "" for a
 * visitor, null when not known: then only visitors' sessions), except: the save URLs of
 * players open now, which send (and report) their routine's sessions themselves}.
 */
export async function sendQueue({
  store, fetchFn, csrfToken, withLock = (fn) => fn(), person, except = [],
}) {
  return withLock(async () => {
    const stored = [];
    const problems = []; // shown now: a refusal is also kept to show on the next page
    const refusals = [];
    let later = false;
    for (const entry of await store.read()) {
      if (!mayBeSent(entry, person) || except.includes(entry.saveUrl)) continue;
      const result = await post(fetchFn, entry.saveUrl, entry.body, await csrfToken(entry));
      const next = outcome(result);
      if (next === "stored" || next === "refused") {
        await store.forget(entry.clientId);
        if (next === "stored") stored.push(result.url);
        const problem = result.ok ? null : problemOf(entry, result);
        if (problem) refusals.push(problem);
      } else if (next === "login") {
        problems.push(interpolate(gettext("%(session)s: %(message)s"),
          { session: label(entry.body?.finished_at || entry.body?.started_at), message: result.message }));
        break;
      } else {
        later = true;
        break; // "later": the network or BackCare is down; the next chance sends them all
      }
    }
    await store.addProblems(refusals);
    return { stored, waiting: await waitingFor(store, person), problems, later };
  });
}

/** Serialise `fn` with other tabs and the service worker where the browser has Web Locks. */
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
