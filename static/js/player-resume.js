// A routine in progress survives Back, a reload or the phone closing the tab: the player
// keeps its state in localStorage and offers to resume it on return.
//
// The contract with the other pages (the home page reads it to offer "resume"): one key,
// "backcare:player-state", holding JSON with at least
//   {version: 1, routineId, routineName, playUrl, savedAt (epoch ms)}
// plus what the player needs (position, history, times, the check-in, client_id). A state
// older than six hours is ignored and removed; the player removes it when the session is
// saved (or queued to be saved) or discarded.
//
// No DOM here: the storage and the clock are passed in, so Node's test runner can check it.

export const STATE_KEY = "backcare:player-state";
export const STATE_VERSION = 1;
export const MAX_AGE_MS = 6 * 60 * 60 * 1000;

export function createResumeStore(storage, now = () => Date.now()) {
  function clear() {
    try {
      storage.removeItem(STATE_KEY);
    } catch {
      // Storage disabled: there is nothing to remove.
    }
  }

  /** The saved state, or null (none, unreadable, another version or too old: removed). */
  function load() {
    let state;
    try {
      state = JSON.parse(storage.getItem(STATE_KEY) || "null");
    } catch {
      state = undefined;
    }
    if (state === null) return null;
    const age = now() - Number(state?.savedAt);
    const valid = state && typeof state === "object" && state.version === STATE_VERSION
      && Number.isFinite(age) && age >= 0 && age <= MAX_AGE_MS;
    if (!valid) {
      clear();
      return null;
    }
    return state;
  }

  /** Store `state` (stamped with the version and the time); false if the device refused. */
  function save(state) {
    try {
      storage.setItem(STATE_KEY, JSON.stringify({ ...state, version: STATE_VERSION,
                                                  savedAt: now() }));
      return true;
    } catch {
      return false;
    }
  }

  return { load, save, clear };
}

/** True when `state` is a routine in progress of this routine, with this very plan. */
export function canResume(state, routineId, signature) {
  return Boolean(state) && state.routineId === routineId && state.signature === signature
    && Boolean(state.clientId) && Boolean(state.snapshot);
}
