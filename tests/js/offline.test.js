// The site's one save queue (static/js/offline-queue.js) and the offline cache lists
// (static/js/offline-cache.js), without a browser.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  outcome, playerSaveUrl, problemOf, problemText, sender, sendQueue, takeProblems, waitingFor,
  waitingText,
} from "../../static/js/offline-queue.js";
import {
  CURRENT_USER, deviceUser, forgetPeople, LIST_PATH, META_CACHE, offlineRoutines, playable,
  refresh, refreshDue, REFRESH_EVERY_MS, refreshPlan, userCacheName,
} from "../../static/js/offline-cache.js";
import { classify } from "../../static/js/player-queue.js";
import { openQueueStore } from "../../static/js/queue-store.js";
import { resetCatalogue } from "../../static/js/i18n.js";
import { memoryIndexedDB, memoryQueueStore, memoryStorage } from "./storage.js";

const body = (id, extra = {}) => ({ client_id: id, finished_at: "2026-12-01T09:30:00Z", ...extra });

function answer(status, data = {}) {
  return { status, json: async () => data };
}

/** A fetch stand-in answering each URL from `answers` (a function or a value), logging calls. */
function fakeFetch(answers) {
  const calls = [];
  const fetchFn = async (url, options) => {
    calls.push({ url, body: options?.body ? JSON.parse(options.body) : null, token: options?.headers?.["X-CSRFToken"] });
    const found = answers[url];
    if (found instanceof Error) throw found;
    return typeof found === "function" ? found() : found;
  };
  return { fetchFn, calls };
}

/** A store holding these [saveUrl, body, user?] sessions, in order (the person "k1" by default). */
async function queued(...entries) {
  const store = memoryQueueStore();
  for (const [saveUrl, item, user = "k1"] of entries) await store.keep({ saveUrl, body: item, user, csrf: "kept" });
  return store;
}

const deps = (store, fetchFn) => ({ store, fetchFn, csrfToken: () => "token", person: "k1" });
const clientIds = async (store) => (await store.read()).map((entry) => entry.clientId);

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
  const store = await queued(["/routines/1/sessions/", body("a")], ["/routines/2/sessions/", body("b")]);
  const { fetchFn, calls } = fakeFetch({
    "/routines/1/sessions/": () => answer(201, { url: "/routines/history/1/" }),
    "/routines/2/sessions/": () => answer(200, { url: "/routines/history/2/" }),
  });
  const result = await sendQueue(deps(store, fetchFn));
  assert.deepEqual(result, {
    stored: ["/routines/history/1/", "/routines/history/2/"], waiting: 0, problems: [], later: false,
  });
  assert.deepEqual(calls.map((call) => [call.body.client_id, call.token]), [["a", "token"], ["b", "token"]]);
  assert.deepEqual(await store.read(), []);
  // Nothing left: a second round sends nothing.
  await sendQueue(deps(store, fetchFn));
  assert.equal(calls.length, 2);
});

test("offline or a server error: the session stays, the round stops and says to try later", async () => {
  const store = await queued(["/s/1/", body("a")], ["/s/2/", body("b")]);
  const { fetchFn, calls } = fakeFetch({ "/s/1/": new TypeError("offline"), "/s/2/": answer(201, { url: "/h/2/" }) });
  const result = await sendQueue(deps(store, fetchFn));
  assert.deepEqual([result.waiting, result.later], [2, true]);
  assert.equal(calls.length, 1);
  const down = fakeFetch({ "/s/1/": () => answer(503, {}), "/s/2/": answer(201, { url: "/h/2/" }) });
  const again = await sendQueue(deps(store, down.fetchFn));
  assert.deepEqual([again.waiting, again.later], [2, true]);
});

test("a 409 counts as stored: BackCare kept the session as first sent, and says what was lost", async () => {
  const store = await queued(["/s/1/", body("a", { effort: 6 })], ["/s/2/", body("b", { effort: 3 })]);
  const { fetchFn } = fakeFetch({
    "/s/1/": () => answer(409, { url: "/h/1/", session: { effort: null } }),
    "/s/2/": () => answer(409, { url: "/h/2/", session: { effort: 3 } }), // the same: nothing lost
  });
  const result = await sendQueue(deps(store, fetchFn));
  assert.deepEqual(result.stored, ["/h/1/", "/h/2/"]);
  assert.equal(result.waiting, 0);
  const told = await takeProblems(store, "k1");
  assert.equal(told.length, 1);
  assert.match(told[0], /^The session of December 1 was already saved as first sent; your later changes to effort/);
});

test("the player's page, or the check-in before it, names the routine's save URL", () => {
  assert.equal(playerSaveUrl({ saveUrl: "/routines/3/sessions/" }, "/routines/3/play/"), "/routines/3/sessions/");
  assert.equal(playerSaveUrl(null, "/routines/3/play/"), "/routines/3/sessions/");
  assert.equal(playerSaveUrl(null, "/routines/programmes/easy/try/"), "/routines/programmes/easy/try/sessions/");
  assert.equal(playerSaveUrl(null, "/routines/history/"), null);
});

test("a refused session leaves the queue and is reported once, never sent again", async () => {
  const store = await queued(["/s/gone/", body("a")], ["/s/bad/", body("b")], ["/s/ok/", body("c")]);
  const { fetchFn, calls } = fakeFetch({
    "/s/gone/": () => answer(404, {}),
    "/s/bad/": () => answer(400, { errors: { pain_after: ["Too high."] } }),
    "/s/ok/": () => answer(201, { url: "/h/3/" }),
  });
  const result = await sendQueue(deps(store, fetchFn));
  assert.equal(result.waiting, 0);
  assert.deepEqual(result.stored, ["/h/3/"]);
  const problems = await takeProblems(store, "k1");
  assert.equal(problems.length, 2);
  assert.match(problems[0], /The session of December 1 could not be saved/);
  assert.equal(problems[1], "The session of December 1: The session was not accepted: Too high.");
  assert.deepEqual(await takeProblems(store, "k1"), []); // shown once
  await sendQueue(deps(store, fetchFn));
  assert.equal(calls.length, 3);
});

test("logged out (403): the session stays queued and the person is told", async () => {
  const store = await queued(["/s/1/", body("a")]);
  const { fetchFn } = fakeFetch({ "/s/1/": () => answer(403, {}) });
  const result = await sendQueue(deps(store, fetchFn));
  assert.deepEqual([result.waiting, result.later], [1, false]); // trying again soon cannot help
  assert.match(result.problems[0], /logged out/);
  assert.deepEqual(await takeProblems(store, "k1"), []); // not kept: it is said again while it lasts
});

test("the sessions of the players open now are left to them", async () => {
  const store = await queued(["/s/1/", body("a")], ["/s/2/", body("b")], ["/s/3/", body("c")]);
  const { fetchFn, calls } = fakeFetch({ "/s/2/": () => answer(201, { url: "/h/2/" }) });
  const result = await sendQueue({ ...deps(store, fetchFn), except: ["/s/1/", "/s/3/"] });
  assert.deepEqual(calls.map((call) => call.url), ["/s/2/"]);
  assert.equal(result.waiting, 2);
});

test("only the signed-in person's sessions are sent, and a visitor's; another person's wait for them", async () => {
  const store = await queued(["/s/1/", body("mine")], ["/s/2/", body("theirs"), "k2"], ["/s/3/", body("tried"), ""]);
  const { fetchFn, calls } = fakeFetch({
    "/s/1/": () => answer(201, { url: "/h/1/" }), "/s/2/": () => answer(201, { url: "/h/2/" }),
    "/s/3/": () => answer(201, { url: "/h/3/" }),
  });
  const result = await sendQueue(deps(store, fetchFn));
  assert.deepEqual(calls.map((call) => call.body.client_id), ["mine", "tried"]);
  assert.equal(result.waiting, 0, "the waiting count is the person's own");
  assert.deepEqual(await clientIds(store), ["theirs"]);
  // Nobody known to be signed in (the device changed hands since the page was opened).
  await sendQueue({ ...deps(store, fetchFn), person: null });
  assert.equal(calls.length, 2);
  assert.equal(await waitingFor(store, "k2"), 1);
  await sendQueue({ ...deps(store, fetchFn), person: "k2" });
  assert.deepEqual(await clientIds(store), []);
});

test("whose sessions a page sends: its person's, unless the worker has since served another", () => {
  assert.equal(sender("k1", "k1"), "k1");
  assert.equal(sender("k1", ""), "k1"); // no worker yet, or its note cleared
  assert.equal(sender("k1", "k2"), null); // someone else signed in since this page opened
  assert.equal(sender("", ""), ""); // a visitor
  assert.equal(sender(null, "k2"), "k2"); // the offline page, rendered for nobody
  assert.equal(sender(null, ""), "");
});

test("the CSRF token is asked for each session: the worker's falls back to the one kept with it", async () => {
  const store = await queued(["/s/1/", body("a")]);
  const { fetchFn, calls } = fakeFetch({ "/s/1/": () => answer(201, { url: "/h/1/" }) });
  await sendQueue({ ...deps(store, fetchFn), csrfToken: async (entry) => entry.csrf });
  assert.equal(calls[0].token, "kept");
});

test("a page and the worker sending at once store each session once, through the lock", async () => {
  const factory = memoryIndexedDB();
  const page = openQueueStore(factory);
  const worker = openQueueStore(factory);
  await page.keep({ saveUrl: "/s/1/", body: body("a"), user: "k1" });
  await page.keep({ saveUrl: "/s/2/", body: body("b"), user: "k1" });
  const { fetchFn, calls } = fakeFetch({
    "/s/1/": () => answer(201, { url: "/h/1/" }), "/s/2/": () => answer(201, { url: "/h/2/" }),
  });
  let chain = Promise.resolve();
  const withLock = (fn) => { const next = chain.then(fn); chain = next.catch(() => {}); return next; };
  const [fromPage, fromWorker] = await Promise.all([
    sendQueue({ ...deps(page, fetchFn), withLock }),
    sendQueue({ ...deps(worker, fetchFn), withLock }),
  ]);
  assert.deepEqual(calls.map((call) => call.body.client_id), ["a", "b"]); // the second round found none
  assert.deepEqual([fromPage.stored.length, fromWorker.stored.length], [2, 0]);
});

test("problems are kept as data and told in the words of the page that shows them", () => {
  const entry = { user: "k1", body: body("a", { pain_after: 4 }) };
  assert.deepEqual(problemOf(entry, classify(404, {})), { user: "k1", when: "2026-12-01T09:30:00Z", kind: "refused" });
  assert.deepEqual(problemOf(entry, classify(400, { errors: { notes: ["Too long."] } })).errors, ["Too long."]);
  const unsafe = problemOf(entry, classify(403, { errors: { safety: ["Not now."] } }));
  assert.equal(problemText(unsafe), "The session of December 1: Not now.");
  const conflict = classify(409, { url: "/h/1/", session: { pain_after: 2 } });
  assert.deepEqual(problemOf(entry, conflict).lost, ["pain_after"]);
  assert.equal(problemOf({ ...entry, body: body("a", { pain_after: 2 }) }, conflict), null);
  assert.equal(problemText({ kind: "text", text: "Kept by an earlier release." }), "Kept by an earlier release.");
  assert.match(problemText({ kind: "refused", when: "" }), /^A session could not be saved/);
  // A Russian page tells the same problem in Russian, whoever found it (a page or the worker).
  globalThis.document = { documentElement: { lang: "ru" }, getElementById: () => null };
  resetCatalogue({ catalog: {
    "The session of %(date)s": "Занятие %(date)s",
    "%(session)s could not be saved: BackCare refused it. It was removed from this device.":
      "%(session)s не сохранено: BackCare его не принял. Оно удалено с этого устройства.",
  }, plural: null });
  try {
    assert.equal(problemText(problemOf(entry, classify(404, {}))),
      "Занятие 1 декабря не сохранено: BackCare его не принял. Оно удалено с этого устройства.");
  } finally {
    delete globalThis.document;
    resetCatalogue();
  }
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
  assert.equal(await deviceUser(cachesApi), "");
  assert.equal(await deviceUser(undefined), "");
  await (await cachesApi.open(userCacheName("k1"))).put(LIST_PATH, new Response(JSON.stringify(list)));
  await (await cachesApi.open(userCacheName("k1"))).put("/routines/1/play/", new Response("p"));
  assert.deepEqual(await offlineRoutines(cachesApi), []); // nobody signed in as far as it knows
  await (await cachesApi.open(META_CACHE)).put(CURRENT_USER, new Response("k2"));
  assert.deepEqual(await offlineRoutines(cachesApi), []); // another account
  await (await cachesApi.open(META_CACHE)).put(CURRENT_USER, new Response("k1"));
  assert.equal(await deviceUser(cachesApi), "k1");
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
