// Logging out on a shared device: first try to send the sessions waiting to be saved, then
// remove from this device what belongs to the person (their kept pages, their sessions in the
// save queue, a routine left part-way), then log out. A session that still cannot be sent is
// named, and the person chooses whether to log out and lose it.

import { interpolate, ngettext } from "./i18n.js";
import { LEGACY_PROBLEMS_KEY, LEGACY_SESSIONS_KEY } from "./queue-store.js";
import { forgetPeople, REFRESH_KEY } from "./offline-cache.js";

// The player's resume state (static/js/player-resume.js), with the person's routine in it.
const PLAYER_STATE_KEY = "backcare:player-state";
const PERSONAL_KEYS = [LEGACY_SESSIONS_KEY, LEGACY_PROBLEMS_KEY, REFRESH_KEY, PLAYER_STATE_KEY];
const SEND_TIMEOUT_MS = 4000;

/** Forget `person` on this device: what localStorage keeps of them, their sessions and
 * problems in the queue's `store` (another person's wait for them), every kept page. */
export async function forgetPerson({ storage, store, person, cachesApi }) {
  for (const key of PERSONAL_KEYS) {
    try {
      storage.removeItem(key);
    } catch {
      // Storage disabled: there is nothing kept in it either.
    }
  }
  await store.forgetPerson(person);
  if (cachesApi) await forgetPeople(cachesApi);
}

/** `flush()` sends the queue and resolves to the number still waiting; `forget()` forgets
 * the person. */
export function setUpLogout(flush, forget) {
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
    await forget().catch(() => {});
    form.submit();
  });
}
