// Where the save queue lives (static/js/queue-store.js): IndexedDB, shared by the pages and
// the service worker, here fake-indexeddb's in-memory implementation of the standard.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  LEGACY_PROBLEMS_KEY, LEGACY_SESSIONS_KEY, mayBeSent, moveFromLocalStorage, openQueueStore,
} from "../../static/js/queue-store.js";
import { memoryIndexedDB, memoryQueueStore, memoryStorage } from "./storage.js";

const body = (id, extra = {}) => ({ client_id: id, notes: "", ...extra });
const ids = (entries) => entries.map((entry) => entry.clientId);

test("the store keeps one entry per session, in the order kept, and forgets it by client_id", async () => {
  const store = memoryQueueStore();
  assert.equal(await store.keep({ saveUrl: "/save/1/", body: body("a"), user: "k1", csrf: "t" }), true);
  assert.equal(await store.keep({ saveUrl: "/save/2/", body: body("b"), user: "k1" }), true);
  assert.equal(await store.keep({ saveUrl: "/save/1/", body: body("a", { notes: "later" }), user: "k1" }), true);
  const entries = await store.read();
  assert.deepEqual(ids(entries), ["b", "a"]); // kept again: last
  assert.deepEqual(entries.map((e) => [e.saveUrl, e.body.notes, e.user]),
    [["/save/2/", "", "k1"], ["/save/1/", "later", "k1"]]);
  await store.forget("a");
  assert.deepEqual(ids(await store.read()), ["b"]);
});

test("the pages and the worker see one queue: two stores on one database", async () => {
  const factory = memoryIndexedDB();
  const page = openQueueStore(factory);
  const worker = openQueueStore(factory);
  await page.keep({ saveUrl: "/s/", body: body("a"), user: "k1", csrf: "tok" });
  const [entry] = await worker.read();
  assert.deepEqual([entry.clientId, entry.user, entry.csrf], ["a", "k1", "tok"]);
  await worker.forget("a");
  assert.deepEqual(await page.read(), []);
});

test("a person may send their own sessions and a visitor's, never another person's", () => {
  assert.equal(mayBeSent({ user: "k1" }, "k1"), true);
  assert.equal(mayBeSent({ user: "" }, "k1"), true); // a tried programme joins the account
  assert.equal(mayBeSent({ user: "k1" }, "k2"), false);
  assert.equal(mayBeSent({ user: "k1" }, ""), false); // logged out
  assert.equal(mayBeSent({ user: "k1" }, null), false); // not known who is signed in
  assert.equal(mayBeSent({ user: "" }, null), true);
});

test("problems are told once, and only to the person they are about", async () => {
  const store = memoryQueueStore();
  await store.addProblems([
    { user: "k1", kind: "refused", when: "" },
    { user: "k2", kind: "refused", when: "" },
    { user: "", kind: "invalid", when: "", errors: ["Bad."] },
  ]);
  assert.deepEqual((await store.takeProblems("k1")).map((p) => [p.user, p.kind]),
    [["k1", "refused"], ["", "invalid"]]);
  assert.deepEqual(await store.takeProblems("k1"), []);
  assert.equal((await store.takeProblems("k2")).length, 1);
});

test("log-out forgets the person's sessions and problems, not another person's", async () => {
  const store = memoryQueueStore();
  await store.keep({ saveUrl: "/s/", body: body("mine"), user: "k1" });
  await store.keep({ saveUrl: "/s/", body: body("visitor"), user: "" });
  await store.keep({ saveUrl: "/s/", body: body("theirs"), user: "k2" });
  await store.addProblems([{ user: "k1", kind: "refused" }, { user: "k2", kind: "refused" }]);
  await store.forgetPerson("k1");
  assert.deepEqual(ids(await store.read()), ["theirs"]);
  assert.deepEqual(await store.takeProblems("k1"), []);
  assert.equal((await store.takeProblems("k2")).length, 1);
});

test("without IndexedDB, or when it fails, the store reads nothing and keeps nothing, never throws", async () => {
  for (const factory of [undefined, { open: () => { throw new Error("SecurityError"); } }]) {
    const store = openQueueStore(factory);
    assert.deepEqual(await store.read(), []);
    assert.equal(await store.keep({ saveUrl: "/s/", body: body("a") }), false);
    await store.forget("a");
    await store.addProblems([{ kind: "refused" }]);
    assert.deepEqual(await store.takeProblems("k1"), []);
    await store.forgetPerson("k1");
  }
});

test("what an earlier release kept in localStorage moves into the store once, for the page's person", async () => {
  const storage = memoryStorage({
    [LEGACY_SESSIONS_KEY]: JSON.stringify([
      { saveUrl: "/routines/1/sessions/", body: body("a") },
      { saveUrl: "/routines/2/sessions/", body: body("b") },
      { saveUrl: "/routines/3/sessions/", body: {} }, // no client_id: cannot be sent once
    ]),
    [LEGACY_PROBLEMS_KEY]: JSON.stringify(["The session of December 1 could not be saved."]),
  });
  const store = memoryQueueStore();
  assert.equal(await moveFromLocalStorage(storage, store, "k1"), 2);
  const entries = await store.read();
  assert.deepEqual(entries.map((e) => [e.clientId, e.saveUrl, e.user]),
    [["a", "/routines/1/sessions/", "k1"], ["b", "/routines/2/sessions/", "k1"]]);
  assert.deepEqual(await store.takeProblems("k1"),
    [{ user: "k1", kind: "text", text: "The session of December 1 could not be saved." }]);
  assert.equal(storage.data.size, 0);
  // A second page (or the player on the same page) finds nothing more to move.
  assert.equal(await moveFromLocalStorage(storage, store, "k1"), 0);
  assert.equal((await store.read()).length, 2);
});

test("when the store refuses, the old queue stays in localStorage for the next page", async () => {
  const legacy = JSON.stringify([{ saveUrl: "/s/", body: body("a") }]);
  const storage = memoryStorage({ [LEGACY_SESSIONS_KEY]: legacy });
  assert.equal(await moveFromLocalStorage(storage, openQueueStore(undefined), "k1"), 0);
  assert.equal(storage.getItem(LEGACY_SESSIONS_KEY), legacy);
  const broken = memoryStorage({ [LEGACY_SESSIONS_KEY]: "{not json" });
  assert.equal(await moveFromLocalStorage(broken, memoryQueueStore(), "k1"), 0);
});
