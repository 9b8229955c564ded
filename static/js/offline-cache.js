// What this device keeps for offline use, in the Cache API (shared with the service worker,
// templates/offline/sw.js): the release's static files in "backcare-static-<release>", and
// the signed-in person's pages in "backcare-user-<key>" (the key comes from the server, a
// keyed hash of the account). The worker stores pages as they are visited; this module fills
// in the rest from /offline/list.json (the person's routines to keep, the release's files),
// lists what can be played offline, and forgets everything personal at log-out.
//
// No DOM: the caches, fetch and the clock are passed in.

export const USER_CACHE_PREFIX = "backcare-user-";
export const META_CACHE = "backcare-meta";
export const CURRENT_USER = "/__offline/current-user";
export const LIST_PATH = "/offline/list.json";
/** The header naming the person a signed-in answer is for (backcare/offline.py). */
export const USER_HEADER = "X-BackCare-Offline-User";
export const REFRESH_KEY = "backcare.offlineRefreshedAt";
/** A refresh fetches every player: at most once in this time (ms) unless asked to. */
export const REFRESH_EVERY_MS = 10 * 60 * 1000;

export const staticCacheName = (release) => `backcare-static-${release}`;
export const userCacheName = (key) => `${USER_CACHE_PREFIX}${key}`;

/** Whether an answer is the player itself (not the check-in before it, not a redirect). */
export function isPlayer(response, text) {
  return response.ok && !response.redirected && text.includes('id="player-plan"');
}

/** The routines of `list` whose player is among `cachedPaths`: {name, url}, in list order. */
export function playable(list, cachedPaths) {
  const have = new Set(cachedPaths);
  return (list?.routines ?? [])
    .filter((routine) => typeof routine?.url === "string" && have.has(routine.url))
    .map((routine) => ({ name: String(routine.name ?? ""), url: routine.url }));
}

/**
 * What a refresh does, from the list and the paths already in the person's cache: `players`
 * to fetch (all: a fresh copy replaces the kept one when the answer is a player), `pages` not
 * yet kept, and `drop`, players of routines no longer listed (deleted, or out of the list).
 */
export function refreshPlan(list, cachedPaths) {
  const wanted = new Set((list.routines ?? []).map((routine) => routine.url));
  const have = new Set(cachedPaths);
  return {
    players: [...wanted],
    pages: (list.pages ?? []).filter((path) => !have.has(path)),
    drop: cachedPaths.filter((path) => /^\/routines\/\d+\/play\/$/.test(path) && !wanted.has(path)),
  };
}

/** Whether a refresh is due (the last one longer ago than REFRESH_EVERY_MS). */
export function refreshDue(lastAt, now) {
  const last = Number(lastAt);
  return !Number.isFinite(last) || last <= 0 || now - last >= REFRESH_EVERY_MS || now < last;
}

const pathOf = (request) => new URL(request.url).pathname;

/**
 * Fill the caches from `list` (the answer of /offline/list.json, as JSON): the release's
 * files not yet kept, the person's pages and players. deps: {cachesApi, fetchFn, stopped()}:
 * once `stopped()` is true (logging out) nothing more is written.
 */
export async function refresh(list, { cachesApi, fetchFn, stopped = () => false }) {
  // The server just said who is signed in: the worker serves their pages offline.
  await (await cachesApi.open(META_CACHE)).put(CURRENT_USER, new Response(list.user));
  const user = await cachesApi.open(userCacheName(list.user));
  const plan = refreshPlan(list, (await user.keys()).map(pathOf));
  for (const path of plan.drop) await user.delete(path);
  await user.put(LIST_PATH, new Response(JSON.stringify(list), {
    headers: { "Content-Type": "application/json" },
  }));
  const files = await cachesApi.open(staticCacheName(list.release));
  for (const url of list.assets ?? []) {
    if (stopped()) return 0;
    if (await files.match(url)) continue;
    try {
      const response = await fetchFn(url);
      if (response.ok) await files.put(url, response);
    } catch {
      return 0; // offline again: what is kept stays
    }
  }
  let kept = 0;
  for (const path of [...plan.pages, ...plan.players]) {
    try {
      const response = await fetchFn(path, { credentials: "same-origin" });
      const text = await response.clone().text();
      const isPage = plan.pages.includes(path);
      // Only an answer for the same person (not one logged out or in as someone else since).
      const theirs = response.headers.get(USER_HEADER) === list.user && !stopped();
      if (theirs && ((isPage && response.ok && !response.redirected) || isPlayer(response, text))) {
        await user.put(path, response);
        kept += 1;
      }
    } catch {
      return kept; // offline again: what is kept stays
    }
  }
  return kept;
}

/** The offline key of the person the worker last served on this device ("" for none). */
export async function deviceUser(cachesApi) {
  try {
    if (!cachesApi || !(await cachesApi.has(META_CACHE))) return "";
    const current = await (await cachesApi.open(META_CACHE)).match(CURRENT_USER);
    return current ? await current.text() : "";
  } catch {
    return "";
  }
}

/** The routines this device can play offline for the person the worker last served. */
export async function offlineRoutines(cachesApi) {
  const key = await deviceUser(cachesApi);
  if (!key) return [];
  if (!(await cachesApi.has(userCacheName(key)))) return [];
  const user = await cachesApi.open(userCacheName(key));
  const listed = await user.match(LIST_PATH);
  if (!listed) return [];
  let list;
  try {
    list = await listed.json();
  } catch {
    return [];
  }
  return playable(list, (await user.keys()).map(pathOf));
}

/** Remove every person's pages and the worker's note of who is signed in. */
export async function forgetPeople(cachesApi) {
  for (const name of await cachesApi.keys()) {
    if (name.startsWith(USER_CACHE_PREFIX) || name === META_CACHE) await cachesApi.delete(name);
  }
}
