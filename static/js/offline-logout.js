// Logging out on a shared device: first try to send the sessions waiting to be saved, then
// remove from this device what belongs to the person (their kept pages, the save queue, a
// routine left part-way), then log out. A session that still cannot be sent is named, and
// the person chooses whether to log out and lose it.

import { PROBLEMS_KEY } from "./offline-queue.js";
import { interpolate, ngettext } from "./i18n.js";
import { PENDING_KEY } from "./player-queue.js";
import { forgetPeople, REFRESH_KEY } from "./offline-cache.js";

// The player's resume state (static/js/player-resume.js), with the person's routine in it.
const PLAYER_STATE_KEY = "backcare:player-state";
const PERSONAL_KEYS = [PENDING_KEY, PROBLEMS_KEY, REFRESH_KEY, PLAYER_STATE_KEY];
const SEND_TIMEOUT_MS = 4000;

export async function forgetPerson(storage, cachesApi) {
  for (const key of PERSONAL_KEYS) {
    try {
      storage.removeItem(key);
    } catch {
      // Storage disabled: there is nothing kept in it either.
    }
  }
  if (cachesApi) await forgetPeople(cachesApi);
}

/** `flush()` sends the queue and resolves to the number still waiting. */
export function setUpLogout(flush) {
  const form = document.getElementById("logout-form");
  if (!form) return;
  let leaving = false;
  form.addEventListener("submit", async (event) => {
    if (leaving) return;
    event.preventDefault();
    leaving = true;
    const timeout = new Promise((resolve) => { setTimeout(() => resolve(null), SEND_TIMEOUT_MS); });
    const waiting = await Promise.race([flush().catch(() => null), timeout]);
    if (waiting !== 0 && waiting !== null) {
      const sure = window.confirm(interpolate(ngettext(
        "%(count)s session waiting to be saved: it cannot be sent now, and logging out removes it from this device. Log out anyway?",
        "%(count)s sessions waiting to be saved: they cannot be sent now, and logging out removes them from this device. Log out anyway?",
        waiting), { count: waiting }));
      if (!sure) {
        leaving = false;
        return;
      }
    }
    await forgetPerson(window.localStorage, globalThis.caches).catch(() => {});
    form.submit();
  });
}
