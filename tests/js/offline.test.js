// The site's one save queue (static/js/offline-queue.js) and the offline cache lists
// (static/js/offline-cache.js), without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  outcome, playerSaveUrl, PROBLEMS_KEY, sendQueue, takeProblems, waitingText,
} from "../../static/js/offline-queue.js";
import {
  CURRENT_USER, forgetPeople, LIST_PATH, META_CACHE, offlineRoutines, playable, refresh,
  refreshDue, REFRESH_EVERY_MS, refreshPlan, userCacheName,
} from "../../static/js/offline-cache.js";
import { createQueue, PENDING_KEY } from "../../static/js/player-queue.js";
import { memoryStorage } from "./storage.js";

const body = (id, extra = {}) => ({ client_id: id, finished_at: "2026-12-01T09:30:00Z", ...extra });

function answer(status, data = {}) {
  return { status, json: async () => data };
}

/** A fetch stand-in answering each URL from `answers` (a function or a value), logging calls. */
function fakeFetch(answers) {
  const calls = [];
  const fetchFn = async (url, options) => {
    calls.push({ url, body: options?.body ? JSON.parse(options.body) : null });
    const found = answers[url];
    if (found instanceof Error) throw found;
    return typeof found === "function" ? found() : found;
  };
  return { fetchFn, calls };
}

function queued(...entries) {
  const storage = memoryStorage();
  const queue = createQueue(storage);
  for (const [url, item] of entries) queue.keep(url, item);
  return storage;
}

const deps = (storage, fetchFn) => ({ storage, fetchFn, csrfToken: () => "token" });

test("waiting text counts sessions in words", () => {
  assert.equal(waitingText(0), "");
  assert.match(waitingText(1), /^1 session waiting to be saved\. It is kept on this device/);
  assert.match(waitingText(3), /^3 sessions waiting to be saved\. They are kept on this device/);
});

test("each answer has one outcome: stored, refused, later or log in", () => {
  assert.equal(outcome({ ok: true }), "stored");
  assert.equal(outcome({ ok: false, conflict: true, drop: true }), "stored"); // 409: saved already
  assert.equal(outcome({ ok: false, retry: true }), "later");
  assert.equal(outcome({ ok: false, drop: true, message: "not accepted" }), "refused"); // 400
  assert.equal(outcome({ ok: false, message: "You seem to be logged out." }), "login"); // 403
  assert.equal(outcome({ ok: false, retry: false, drop: false, message: "" }), "refused"); // 404
});

test("every queued session is sent once and leaves the queue when stored", async () => {
  const storage = queued(["/routines/1/sessions/", body("a")], ["/routines/2/sessions/", body("b")]);
  const { fetchFn, calls } = fakeFetch({
    "/routines/1/sessions/": () => answer(201, { url: "/routines/history/1/" }),
    "/routines/2/sessions/": () => answer(200, { url: "/routines/history/2/" }),
  });
  const result = await sendQueue(deps(storage, fetchFn));
  assert.deepEqual(result, { stored: ["/routines/history/1/", "/routines/history/2/"], waiting: 0, problems: [] });
  assert.deepEqual(calls.map((call) => call.body.client_id), ["a", "b"]);
  assert.equal(storage.data.has(PENDING_KEY), false);
  // Nothing left: a second round sends nothing.
  await sendQueue(deps(storage, fetchFn));
  assert.equal(calls.length, 2);
});

test("offline or a server error: the session stays and the round stops", async () => {
  const storage = queued(["/s/1/", body("a")], ["/s/2/", body("b")]);
  const { fetchFn, calls } = fakeFetch({ "/s/1/": new TypeError("offline"), "/s/2/": answer(201, { url: "/h/2/" }) });
  const result = await sendQueue(deps(storage, fetchFn));
  assert.equal(result.waiting, 2);
  assert.equal(calls.length, 1);
  const down = fakeFetch({ "/s/1/": () => answer(503, {}), "/s/2/": answer(201, { url: "/h/2/" }) });
  assert.equal((await sendQueue(deps(storage, down.fetchFn))).waiting, 2);
});

test("a 409 counts as stored: BackCare kept the session as first sent, and says what was lost", async () => {
  const storage = queued(["/s/1/", body("a", { effort: 6 })]);
  const { fetchFn } = fakeFetch({ "/s/1/": () => answer(409, { url: "/h/1/", session: { effort: null } }) });
  const result = await sendQueue(deps(storage, fetchFn));
  assert.deepEqual(result.stored, ["/h/1/"]);
  assert.equal(result.waiting, 0);
  assert.match(takeProblems(storage)[0], /already saved as first sent; your later changes to effort/);
});

test("the player's page, or the check-in before it, names the routine's save URL", () => {
  assert.equal(playerSaveUrl({ saveUrl: "/routines/3/sessions/" }, "/routines/3/play/"), "/routines/3/sessions/");
  assert.equal(playerSaveUrl(null, "/routines/3/play/"), "/routines/3/sessions/");
  assert.equal(playerSaveUrl(null, "/routines/programmes/easy/try/"), "/routines/programmes/easy/try/sessions/");
  assert.equal(playerSaveUrl(null, "/routines/history/"), null);
});

test("a refused session leaves the queue and is reported once, never sent again", async () => {
  const storage = queued(["/s/gone/", body("a")], ["/s/bad/", body("b")], ["/s/ok/", body("c")]);
  const { fetchFn, calls } = fakeFetch({
    "/s/gone/": () => answer(404, {}),
    "/s/bad/": () => answer(400, { errors: { pain_after: ["Too high."] } }),
    "/s/ok/": () => answer(201, { url: "/h/3/" }),
  });
  const result = await sendQueue(deps(storage, fetchFn));
  assert.equal(result.waiting, 0);
  assert.deepEqual(result.stored, ["/h/3/"]);
  const problems = takeProblems(storage);
  assert.equal(problems.length, 2);
  assert.match(problems[0], /The session of December 1 could not be saved/);
  assert.match(problems[1], /Too high\./);
  assert.deepEqual(takeProblems(storage), []); // shown once
  assert.equal(storage.data.has(PROBLEMS_KEY), false);
  await sendQueue(deps(storage, fetchFn));
  assert.equal(calls.length, 3);
});

test("logged out (403): the session stays queued and the person is told", async () => {
  const storage = queued(["/s/1/", body("a")]);
  const { fetchFn } = fakeFetch({ "/s/1/": () => answer(403, {}) });
  const result = await sendQueue(deps(storage, fetchFn));
  assert.equal(result.waiting, 1);
  assert.match(result.problems[0], /logged out/);
  assert.deepEqual(takeProblems(storage), []); // not kept: it is said again while it lasts
});

test("the sessions of the player open on the page are left to it", async () => {
  const storage = queued(["/s/1/", body("a")], ["/s/2/", body("b")]);
  const { fetchFn, calls } = fakeFetch({ "/s/2/": () => answer(201, { url: "/h/2/" }) });
  const result = await sendQueue({ ...deps(storage, fetchFn), except: "/s/1/" });
  assert.deepEqual(calls.map((call) => call.url), ["/s/2/"]);
  assert.equal(result.waiting, 1);
});

test("sends run one at a time through the lock", async () => {
  const storage = queued(["/s/1/", body("a")]);
  const { fetchFn, calls } = fakeFetch({ "/s/1/": () => answer(201, { url: "/h/1/" }) });
  let chain = Promise.resolve();
  const withLock = (fn) => { chain = chain.then(fn); return chain; };
  await Promise.all([
    sendQueue({ ...deps(storage, fetchFn), withLock }),
    sendQueue({ ...deps(storage, fetchFn), withLock }),
  ]);
  assert.equal(calls.length, 1); // the second round found the queue empty
});

// ---- The offline cache lists -------------------------------------------------------------

const list = {
  release: "r1",
  user: "k1",
  routines: [
    { id: 1, name: "Morning", url: "/routines/1/play/" },
    { id: 2, name: "Evening", url: "/routines/2/play/" },
  ],
  pages: ["/", "/routines/history/"],
  assets: ["/static/js/player.js"],
};

test("only the routines whose player is kept are offered offline, in list order", () => {
  assert.deepEqual(playable(list, ["/routines/2/play/", "/", "/routines/1/play/"]),
    [{ name: "Morning", url: "/routines/1/play/" }, { name: "Evening", url: "/routines/2/play/" }]);
  assert.deepEqual(playable(list, ["/routines/2/play/"]), [{ name: "Evening", url: "/routines/2/play/" }]);
  assert.deepEqual(playable(null, ["/routines/2/play/"]), []);
});

test("a refresh fetches every player, the pages not kept yet, and drops unlisted players", () => {
  const plan = refreshPlan(list, ["/", "/routines/1/play/", "/routines/9/play/", LIST_PATH]);
  assert.deepEqual(plan.players, ["/routines/1/play/", "/routines/2/play/"]);
  assert.deepEqual(plan.pages, ["/routines/history/"]);
  assert.deepEqual(plan.drop, ["/routines/9/play/"]);
});

test("a refresh is due after ten minutes, or when the clock went back", () => {
  assert.equal(refreshDue(null, 1000), true);
  assert.equal(refreshDue("5000", 5000 + REFRESH_EVERY_MS - 1), false);
  assert.equal(refreshDue("5000", 5000 + REFRESH_EVERY_MS), true);
  assert.equal(refreshDue("5000", 4000), true);
});

/** A stand-in for the Cache API: named caches of path -> Response. */
function memoryCaches() {
  const stores = new Map();
  const pathOf = (key) => (typeof key === "string" ? key : new URL(key.url).pathname);
  const open = async (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const store = stores.get(name);
    return {
      put: async (key, response) => { store.set(pathOf(key), response); },
      match: async (key) => store.get(pathOf(key))?.clone(),
      delete: async (key) => store.delete(pathOf(key)),
      keys: async () => [...store.keys()].map((path) => ({ url: `http://x${path}` })),
    };
  };
  return {
    stores,
    open,
    has: async (name) => stores.has(name),
    keys: async () => [...stores.keys()],
    delete: async (name) => stores.delete(name),
  };
}

function page(text, { status = 200, user = "k1", redirected = false } = {}) {
  const response = new Response(text, { status, headers: { "X-BackCare-Offline-User": user } });
  Object.defineProperty(response, "redirected", { value: redirected });
  return response;
}

test("a refresh keeps players, not the check-in before them nor another person's page", async () => {
  const cachesApi = memoryCaches();
  const { fetchFn } = fakeFetch({
    "/static/js/player.js": () => new Response("// js"),
    "/": () => page("home"),
    "/routines/history/": () => page("history", { user: "someone-else" }),
    "/routines/1/play/": () => page('<script id="player-plan">{}</script>'),
    "/routines/2/play/": () => page("<form>check-in</form>"),
  });
  await refresh(list, { cachesApi, fetchFn });
  const user = cachesApi.stores.get(userCacheName("k1"));
  assert.deepEqual([...user.keys()].sort(), [LIST_PATH, "/", "/routines/1/play/"].sort());
  assert.ok(cachesApi.stores.get("backcare-static-r1").has("/static/js/player.js"));
  assert.deepEqual(await offlineRoutines(cachesApi), [{ name: "Morning", url: "/routines/1/play/" }]);
});

test("offline, only the person the worker last served is listed; forgetting removes all", async () => {
  const cachesApi = memoryCaches();
  await (await cachesApi.open(userCacheName("k1"))).put(LIST_PATH, new Response(JSON.stringify(list)));
  await (await cachesApi.open(userCacheName("k1"))).put("/routines/1/play/", new Response("p"));
  assert.deepEqual(await offlineRoutines(cachesApi), []); // nobody signed in as far as it knows
  await (await cachesApi.open(META_CACHE)).put(CURRENT_USER, new Response("k2"));
  assert.deepEqual(await offlineRoutines(cachesApi), []); // another account
  await (await cachesApi.open(META_CACHE)).put(CURRENT_USER, new Response("k1"));
  assert.equal((await offlineRoutines(cachesApi)).length, 1);
  await (await cachesApi.open("backcare-static-r1")).put("/static/app.css", new Response(""));
  await forgetPeople(cachesApi);
  assert.deepEqual(await cachesApi.keys(), ["backcare-static-r1"]);
});

// ---- The install offer ------------------------------------------------------------------

test("the install offer comes once, and only after a finished session", async () => {
  const { FINISHED_KEY, OFFERED_KEY, shouldOffer } = await import("../../static/js/install-offer.js");
  const storage = memoryStorage();
  assert.equal(shouldOffer(storage), false); // a first visit
  storage.setItem(FINISHED_KEY, "1");
  assert.equal(shouldOffer(storage), true);
  storage.setItem(OFFERED_KEY, "1");
  assert.equal(shouldOffer(storage), false);
  assert.equal(shouldOffer({ getItem: () => { throw new Error("disabled"); } }), false);
});
